//! Optional integrations, one file per cargo feature: each makes another crate's type a field
//! type through the field-type traits.

#[cfg(feature = "chrono")]
mod chrono;
#[cfg(feature = "secrecy")]
mod secrecy;
#[cfg(feature = "time")]
mod time;

/// Unix time given as whole seconds (rounded down, so negative before 1970) and the nanoseconds
/// past them: the numeric-timestamp rule for the seconds, then the nanoseconds added; `None` past
/// what `SystemTime` holds.
#[cfg(any(feature = "chrono", feature = "time"))]
fn unix_time(seconds: i64, nanos: u32) -> Option<std::time::SystemTime> {
    use crate::number::AsNumber;

    let whole = seconds.as_number()?.instant(crate::Unit::Seconds)?;
    whole.checked_add(std::time::Duration::from_nanos(u64::from(nanos)))
}
