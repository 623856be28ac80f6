//! Times as token responses send them: numbers and numeric strings ([`number`]), RFC 3339
//! date-times ([`rfc3339`]), the [`Unit`] of a numeric field, what a timestamp or lifetime field
//! holds ([`Timestamp`], [`Lifetime`]), the moment of receipt ([`ReceivedAt`]), and the expiry
//! rules built on them ([`expiry`]).

pub(crate) mod expiry;
mod lifetime;
pub(crate) mod number;
mod received_at;
pub(crate) mod rfc3339;
pub(crate) mod timestamp;
mod unit;

pub use lifetime::Lifetime;
pub use received_at::ReceivedAt;
pub use timestamp::Timestamp;
pub use unit::Unit;
