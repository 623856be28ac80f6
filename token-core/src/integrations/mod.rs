//! Optional integrations, one file per cargo feature: each makes another crate's type a field
//! type through the field-type traits.

#[cfg(feature = "chrono")]
mod chrono;
#[cfg(feature = "secrecy")]
mod secrecy;
#[cfg(feature = "time")]
mod time;
