//! chrono's RFC 3339 parser as an oracle for ours, in our terms: shared by the unit tests of
//! `rfc3339` and the fuzz target `fuzz/fuzz_targets/rfc3339.rs`, so both check one rule.

/// Unix time as chrono's `parse_from_rfc3339` reads `text` (without the surrounding ASCII
/// whitespace that the contract allows and chrono does not), as whole seconds and nanoseconds:
/// chrono writes a leap second as second 59 with nanoseconds past one second, where we read the
/// next second.
pub fn chrono_unix_time(text: &str) -> Option<(i64, u32)> {
    let theirs = chrono::DateTime::parse_from_rfc3339(text.trim_ascii()).ok()?;
    let nanos = theirs.timestamp_subsec_nanos();
    Some((theirs.timestamp() + i64::from(nanos / 1_000_000_000), nanos % 1_000_000_000))
}

/// Whether `text` has what chrono reads and the contract's grammar does not: a U+2212 minus sign
/// (chrono takes it as the offset's sign), or ten digits in a row (chrono skips fraction digits
/// past the ninth, and nowhere else can ten digits follow each other).
pub fn beyond_our_grammar(text: &str) -> bool {
    let ten_digits = text.as_bytes().windows(10).any(|w| w.iter().all(u8::is_ascii_digit));
    text.contains('\u{2212}') || ten_digits
}

/// The first and last instants the grammar can write, in Unix seconds:
/// `0000-01-01T00:00:00+23:59` and `9999-12-31T23:59:60.999999999-23:59` (Python's datetime
/// gives -62135596800 for 0001-01-01T00:00:00Z, less the 366 days of 0000; 253402300799 for
/// 9999-12-31T23:59:59Z; the offset moves each by 86,340 s).
pub const RANGE: std::ops::RangeInclusive<i64> = (-62_167_219_200 - 86_340)..=(253_402_300_800 + 86_340);
