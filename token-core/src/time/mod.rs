//! Times as token responses send them: numbers and numeric strings ([`number`]), RFC 3339
//! date-times ([`rfc3339`]), the [`Unit`] of a numeric field, what a timestamp field holds
//! ([`Timestamp`]), the moment of receipt ([`ReceivedAt`]), and the expiry rules built on them
//! ([`expiry`]).

pub(crate) mod expiry;
pub(crate) mod number;
mod received_at;
pub(crate) mod rfc3339;
mod timestamp;
mod unit;

pub use received_at::ReceivedAt;
pub use timestamp::Timestamp;
pub use unit::Unit;
