//! An error response's members as a map is read: which key names which member, what each value
//! was, the first string of each kept. [`ErrorResponse`]'s `Deserialize` reads a whole map so;
//! `TokenOrError` records the members as `T` reads them, and reads the rest of the map so when
//! `T` stopped early.

use std::fmt;

use serde_core::de::{self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::{ErrorCode, ErrorResponse};

/// A member of an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    /// `error`, the code.
    Error,
    /// `error_description`.
    Description,
    /// `error_uri`.
    Uri,
}

impl Member {
    /// Every member, in the order of [`Member::NAMES`].
    const ALL: [Member; 3] = [Member::Error, Member::Description, Member::Uri];

    /// The members' names, as a struct's field list.
    pub(crate) const NAMES: [&'static str; 3] = ["error", "error_description", "error_uri"];

    /// Its name on the wire.
    #[inline]
    pub(crate) fn name(self) -> &'static str {
        match self {
            Member::Error => Member::NAMES[0],
            Member::Description => Member::NAMES[1],
            Member::Uri => Member::NAMES[2],
        }
    }

    /// The member a key names, if any.
    #[inline]
    pub(crate) fn of(key: &[u8]) -> Option<Member> {
        Member::ALL.into_iter().find(|member| member.name().as_bytes() == key)
    }
}

/// A member's value, as far as an error response cares, from least to most telling: null counts
/// as absent, and the first string counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seen {
    /// `null` (or a unit or `None`).
    Null,
    /// Anything but a string or null.
    Other,
    /// A string (bytes as UTF-8, lossily).
    Text(String),
}

impl Seen {
    /// How much it tells.
    fn rank(&self) -> u8 {
        match self {
            Seen::Null => 0,
            Seen::Other => 1,
            Seen::Text(_) => 2,
        }
    }
}

/// The error response's members found at the top level of a map so far.
#[derive(Default)]
pub(crate) struct Capture {
    error: Option<Seen>,
    description: Option<Seen>,
    uri: Option<Seen>,
    /// Whether every member of the map was read, up to its end.
    pub(crate) read_all: bool,
}

impl Capture {
    #[inline]
    fn slot(&mut self, member: Member) -> &mut Option<Seen> {
        match member {
            Member::Error => &mut self.error,
            Member::Description => &mut self.description,
            Member::Uri => &mut self.uri,
        }
    }

    /// Whether `member` has its string already: a later value of it counts for nothing.
    #[inline]
    pub(crate) fn has_text(&mut self, member: Member) -> bool {
        matches!(self.slot(member), Some(Seen::Text(_)))
    }

    /// Notes a value of `member`: kept unless an earlier one tells as much (the first string
    /// wins).
    #[inline]
    pub(crate) fn record(&mut self, member: Member, seen: Seen) {
        let slot = self.slot(member);
        if slot.as_ref().is_none_or(|earlier| seen.rank() > earlier.rank()) {
            *slot = Some(seen);
        }
    }

    /// The error response, when `error` is a string; a description or uri that is not a string
    /// is `None`.
    pub(crate) fn into_response(self) -> Option<ErrorResponse> {
        let text = |seen: Option<Seen>| match seen {
            Some(Seen::Text(text)) => Some(text),
            _ => None,
        };
        let code = text(self.error)?;
        Some(ErrorResponse {
            error: ErrorCode::from(code),
            error_description: text(self.description),
            error_uri: text(self.uri),
        })
    }
}

/// Where the reading of a map stands.
#[derive(Debug, Clone, Copy)]
pub(crate) enum State {
    /// Before a key (or the end).
    Key,
    /// A key was read (naming a member, or `None`); its value comes next.
    Value(Option<Member>),
    /// The end was read.
    End,
    /// Something failed where the input cannot be resumed.
    Failed,
}

/// Reads the rest of a map from `state`, recording the error response's members, up to its
/// end, then sets `read_all`. Stops at once on `Failed`.
pub(crate) fn read_rest<'de, A: MapAccess<'de>>(
    map: &mut A,
    capture: &mut Capture,
    mut state: State,
) -> Result<(), A::Error> {
    loop {
        state = match state {
            State::Key => match map.next_key_seed(MemberSeed)? {
                Some(member) => State::Value(member),
                None => State::End,
            },
            State::Value(Some(member)) => {
                capture.record(member, map.next_value_seed(SeenSeed)?);
                State::Key
            }
            State::Value(None) => {
                map.next_value::<IgnoredAny>()?;
                State::Key
            }
            State::End => {
                capture.read_all = true;
                return Ok(());
            }
            State::Failed => return Ok(()),
        };
    }
}

/// Reads a whole map as an error response: `ErrorResponse`'s `Deserialize`.
pub(crate) fn read_error_response<'de, A: MapAccess<'de>>(mut map: A) -> Result<ErrorResponse, A::Error> {
    let mut capture = Capture::default();
    read_rest(&mut map, &mut capture, State::Key)?;
    let not_text = matches!(capture.error, Some(Seen::Other));
    capture.into_response().ok_or_else(|| {
        if not_text {
            de::Error::custom("the `error` member is not a string")
        } else {
            de::Error::missing_field("error")
        }
    })
}

/// Reads a key as the member it names (`None` for any other key).
struct MemberSeed;

impl<'de> DeserializeSeed<'de> for MemberSeed {
    type Value = Option<Member>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Member>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for MemberSeed {
    type Value = Option<Member>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<Member>, E> {
        Ok(Member::of(key.as_bytes()))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<Member>, E> {
        Ok(Member::of(key))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<Member>, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<Member>, E> {
        Ok(None)
    }
}

/// Reads a member's value, whatever it is, as what an error response sees of it.
struct SeenSeed;

impl<'de> DeserializeSeed<'de> for SeenSeed {
    type Value = Seen;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Seen, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SeenSeed {
    type Value = Seen;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Seen, E> {
        Ok(Seen::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Seen, E> {
        Ok(Seen::Other)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Seen, E> {
        Ok(Seen::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Seen, E> {
        Ok(Seen::Other)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Seen, E> {
        Ok(Seen::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Seen, E> {
        Ok(Seen::Other)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Seen, E> {
        Ok(Seen::Text(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Seen, E> {
        Ok(Seen::Text(text))
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Seen, E> {
        Ok(Seen::Text(String::from_utf8_lossy(bytes).into_owned()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Seen, E> {
        Ok(Seen::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Seen, E> {
        Ok(Seen::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Seen, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Seen, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Seen, A::Error> {
        IgnoredAny.visit_seq(seq).map(|_| Seen::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Seen, A::Error> {
        IgnoredAny.visit_map(map).map(|_| Seen::Other)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Seen, A::Error> {
        IgnoredAny.visit_enum(data).map(|_| Seen::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_string_counts_and_null_is_absent() {
        let mut capture = Capture::default();
        capture.record(Member::Error, Seen::Null);
        assert!(capture.into_response().is_none(), "null is no code");
        let mut capture = Capture::default();
        for seen in [Seen::Null, Seen::Other, Seen::Text("first".into()), Seen::Null, Seen::Text("second".into())] {
            capture.record(Member::Error, seen);
        }
        assert!(capture.has_text(Member::Error));
        assert_eq!(capture.into_response().map(|e| e.error), Some(ErrorCode::Other("first".into())));
    }

    #[test]
    fn a_value_is_seen_whatever_the_format_hands_on() {
        let seen = |json: &str| SeenSeed.deserialize(&mut serde_json::Deserializer::from_str(json)).ok();
        assert_eq!(seen(r#""x""#), Some(Seen::Text("x".into())));
        assert_eq!(seen(r#""\u00e9""#), Some(Seen::Text("\u{e9}".into())));
        assert_eq!(seen("null"), Some(Seen::Null));
        for other in ["1", "-1", "1.5", "true", "[\"x\"]", "{\"error\": \"x\"}"] {
            assert_eq!(seen(other), Some(Seen::Other), "{other}");
        }
        let bytes = serde_core::de::value::BytesDeserializer::<serde_core::de::value::Error>::new(b"ab\xff");
        assert_eq!(SeenSeed.deserialize(bytes), Ok(Seen::Text("ab\u{fffd}".into())));
    }
}
