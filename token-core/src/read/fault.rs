//! [`Fault`], the error type the type being read sees, and [`State`], which carries a fault
//! through the format's own error type and back.
//!
//! The type being read gets our wrappers, whose error type is [`Fault`]: every constructor of
//! `serde::de::Error` it calls (`invalid_type`, `missing_field`, `custom`, ...) builds a fault
//! from what the type names, and drops what the input holds. A fault crosses the format (from a
//! visitor or a seed back into `serde_json` or our [`form`](super::form) reader) as the format's
//! own error made by `custom(MARKER)`, the fault itself kept aside in [`State`], and is taken
//! back where the format's error comes out again. An error the format made itself is read by
//! [`message::classify`](super::message::classify), which keeps only words of its own.

use std::cell::Cell;
use std::fmt;

use serde_core::de::{self, Expected, Unexpected};

use super::error::{Details, Found, Problem, Segment};
use super::message;

/// An error on its way out of the type being read.
#[derive(Debug)]
pub(super) struct Fault(pub(super) Box<Details>);

impl Fault {
    pub(super) fn new(problem: Problem) -> Self {
        Fault(Box::new(Details { problem, path: Vec::new(), position: None }))
    }

    /// The fault, found under `segment` of the level it passes.
    pub(super) fn under(mut self, segment: Segment) -> Self {
        self.0.path.push(segment);
        self
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Fault {}

/// The text of what `expected` describes: the type's own words.
fn text(expected: &dyn Expected) -> Option<Box<str>> {
    Some(expected.to_string().into_boxed_str())
}

impl de::Error for Fault {
    /// The message is not kept: the type's code may quote the value it refuses.
    #[cold]
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Fault::new(Problem::Refused)
    }

    #[cold]
    fn invalid_type(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Fault::new(Problem::WrongType { found: Found::of(found), expected: text(expected) })
    }

    #[cold]
    fn invalid_value(found: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Fault::new(Problem::InvalidValue { found: Found::of(found), expected: text(expected) })
    }

    #[cold]
    fn invalid_length(length: usize, expected: &dyn Expected) -> Self {
        Fault::new(Problem::WrongLength { length, expected: text(expected) })
    }

    /// The variant's name is not kept: the input chose it.
    #[cold]
    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        Fault::new(Problem::UnknownVariant(expected))
    }

    /// The member's name is not kept: the input chose it.
    #[cold]
    fn unknown_field(_field: &str, expected: &'static [&'static str]) -> Self {
        Fault::new(Problem::UnknownMember(expected))
    }

    #[cold]
    fn missing_field(field: &'static str) -> Self {
        Fault::new(Problem::MissingMember(field))
    }

    #[cold]
    fn duplicate_field(field: &'static str) -> Self {
        Fault::new(Problem::DuplicateMember(field))
    }
}

impl Found {
    /// The kind of `found`, without its value.
    fn of(found: Unexpected<'_>) -> Self {
        match found {
            Unexpected::Bool(_) => Found::Bool,
            Unexpected::Unsigned(_) | Unexpected::Signed(_) => Found::Integer,
            Unexpected::Float(_) => Found::Float,
            Unexpected::Char(_) => Found::Char,
            Unexpected::Str(_) => Found::Str,
            Unexpected::Bytes(_) => Found::Bytes,
            Unexpected::Unit => Found::Null,
            Unexpected::Option => Found::Option,
            Unexpected::NewtypeStruct => Found::NewtypeStruct,
            Unexpected::Seq => Found::Seq,
            Unexpected::Map => Found::Map,
            Unexpected::Enum => Found::Enum,
            Unexpected::UnitVariant => Found::UnitVariant,
            Unexpected::NewtypeVariant => Found::NewtypeVariant,
            Unexpected::TupleVariant => Found::TupleVariant,
            Unexpected::StructVariant => Found::StructVariant,
            Unexpected::Other(_) => Found::Other,
        }
    }
}

/// The format's error that stands for a fault kept aside. No message of `serde_json`, our form
/// reader or serde is this, and none has a NUL.
const MARKER: &str = "\0token-response: the error is kept aside";

/// What one read shares between its wrappers.
#[derive(Default)]
pub(super) struct State {
    /// The fault that the format's error made by `custom(MARKER)` stands for.
    kept: Cell<Option<Fault>>,
    /// What the visitor the format last asked (`Visitor::expecting`) expects: the format asks
    /// when it builds an error of its own, and [`message::classify`] takes it when the message
    /// ends with it.
    pub(super) expecting: Cell<Option<Box<str>>>,
    /// The segment a key or variant name was read as, since the last [`State::take_name`].
    name: Cell<Option<Segment>>,
}

impl State {
    /// `fault` as the format's error `E`, to hand back into the format.
    #[cold]
    pub(super) fn keep<E: de::Error>(&self, fault: Fault) -> E {
        self.kept.set(Some(fault));
        E::custom(MARKER)
    }

    /// The fault an error of the format stands for: the one kept aside, or else one made of the
    /// format's own message. Either takes the position in the message, unless it has one.
    #[cold]
    pub(super) fn recover<E: de::Error>(&self, error: E) -> Fault {
        let message = error.to_string();
        let (head, position) = message::split_position(&message);
        let expecting = self.expecting.take();
        let kept = self.kept.take();
        let mut fault = match kept {
            Some(fault) if head == MARKER => fault,
            _ => Fault::new(message::classify(head, expecting.as_deref())),
        };
        if fault.0.position.is_none() {
            fault.0.position = position;
        }
        fault
    }

    /// Notes the key or variant name a wrapper read: by its name when it is one of `names`.
    pub(super) fn note_name(&self, names: Option<&'static [&'static str]>, read: &[u8]) {
        let known = names.and_then(|names| names.iter().find(|name| name.as_bytes() == read));
        self.name.set(Some(known.map_or(Segment::Unnamed, |name| Segment::Name(name))));
    }

    /// The segment noted since the last call: a key or variant read, or [`Segment::Unnamed`].
    pub(super) fn take_name(&self) -> Segment {
        self.name.take().unwrap_or(Segment::Unnamed)
    }
}
