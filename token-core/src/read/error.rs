//! [`ReadError`]: what went wrong, in words of our own, with nothing of the input in it.

use std::fmt;

/// Why [`from_json`](crate::from_json), [`from_json_slice`](crate::from_json_slice) or
/// [`from_form`](crate::from_form) refused an input: what went wrong, where (the path of
/// members by the names the type gives them, and the line and column for JSON) and what the type
/// expected, in words that never quote the input.
///
/// Neither `Display` nor `Debug` holds a value, an unknown member's name or an unknown variant
/// from the input: a member the input invented shows as `?`, a value only as its kind ("a
/// string", "an integer"). What it names comes from the type being read: its members' and
/// variants' names, and what it expected (`u64`, `a borrowed string`, `struct Token`). A message
/// that the type's own code wrote (serde's `Error::custom`, as in a `deserialize_with` function
/// or `#[serde(try_from)]`) is not shown at all, since it may quote the value it refused: the
/// error then says that the type refused the value, and where.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Debug, Deserialize)]
/// struct Token {
///     access_token: String,
///     expires_in: u64,
/// }
///
/// let body = r#"{"access_token": "ya29.a0Af", "expires_in": "ya29.secret"}"#;
/// let error = token_response::from_json::<Token>(body).unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "wrong type at `expires_in`: a string, expected u64 (line 1, column 57)"
/// );
/// assert!(!format!("{error:?}").contains("secret"));
/// assert_eq!((error.line(), error.column()), (Some(1), Some(57)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(Box<Details>);

/// What kind of error a [`ReadError`] is, as [`ReadError::kind`] tells.
///
/// ```
/// use std::collections::HashMap;
///
/// use token_response::{ReadErrorKind, from_json};
///
/// type Any = HashMap<String, String>;
/// assert_eq!(from_json::<Any>("{\"a\": ").unwrap_err().kind(), ReadErrorKind::Truncated);
/// assert_eq!(from_json::<Any>("{\"a\" 1}").unwrap_err().kind(), ReadErrorKind::Syntax);
/// assert_eq!(from_json::<Any>("{\"a\": 1}").unwrap_err().kind(), ReadErrorKind::Data);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The input is not JSON: malformed, nested too deeply, invalid UTF-8, or more after the value.
    Syntax,
    /// The JSON text ends before its value does: cut short.
    Truncated,
    /// The input is well formed, but the type refused it: a wrong type, a missing, unknown or
    /// duplicate member, a number out of range, a value its own code refused.
    Data,
}

/// The whole of an error: every part is the type's or ours, none the input's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Details {
    pub(super) problem: Problem,
    /// Where, innermost first: each level of the input pushes its segment as the error passes.
    pub(super) path: Vec<Segment>,
    /// Line and column, both from 1, where the format gives them.
    pub(super) position: Option<(usize, usize)>,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Problem {
    /// Malformed JSON: why, in our words.
    Syntax(&'static str),
    /// JSON cut short: where, in our words.
    Truncated(&'static str),
    /// A value of another kind than the type reads.
    WrongType { found: Found, expected: Option<Box<str>> },
    /// A value of the right kind that the type does not accept (a number out of range).
    InvalidValue { found: Found, expected: Option<Box<str>> },
    /// A list or map with another number of elements than the type reads.
    WrongLength { length: usize, expected: Option<Box<str>> },
    /// A variant name the type does not have; its own variants.
    UnknownVariant(&'static [&'static str]),
    /// A member name the type does not have (under `deny_unknown_fields`); its own members.
    UnknownMember(&'static [&'static str]),
    /// A member the type needs and the input lacks.
    MissingMember(&'static str),
    /// A member given twice.
    DuplicateMember(&'static str),
    /// The type's own code refused the value, with a message that is not shown.
    Refused,
    /// A form value that the format could not read as what the type asked: why, in our words.
    FormValue(&'static str),
    /// The format refused the input with a message we do not know, so do not show.
    Unrecognized,
}

/// The kind of a value the type refused, never the value itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    Bool,
    Integer,
    Float,
    Char,
    Str,
    Bytes,
    Null,
    Option,
    NewtypeStruct,
    Seq,
    Map,
    Enum,
    UnitVariant,
    NewtypeVariant,
    TupleVariant,
    StructVariant,
    /// Another kind, described by words we do not show.
    Other,
}

/// One step of the path to the value refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Segment {
    /// A member or variant of the type's own, by the name the type gives it.
    Name(&'static str),
    /// A member whose name the input chose (a map's key, or a name the type does not know).
    Unnamed,
    /// An element of a list, from 0.
    Index(usize),
}

impl ReadError {
    pub(super) fn new(details: Box<Details>) -> Self {
        ReadError(details)
    }

    /// The line of the input where the error was found, from 1, when the format gives one
    /// (JSON does; a form body, read as a whole, does not).
    ///
    /// ```
    /// let error = token_response::from_json::<Vec<u8>>("[1,\n 2,\n 300]").unwrap_err();
    /// assert_eq!((error.line(), error.column()), (Some(3), Some(4)));
    ///
    /// let error = token_response::from_form::<Vec<(u8, u8)>>("1=300").unwrap_err();
    /// assert_eq!((error.line(), error.column()), (None, None));
    /// ```
    pub fn line(&self) -> Option<usize> {
        self.0.position.map(|(line, _)| line)
    }

    /// The column of the input where the error was found, from 1, when the format gives one
    /// (see [`line`](ReadError::line)).
    ///
    /// ```
    /// let error = token_response::from_json::<bool>("  nope").unwrap_err();
    /// assert_eq!(error.column(), Some(4));
    /// ```
    pub fn column(&self) -> Option<usize> {
        self.0.position.map(|(_, column)| column)
    }

    /// Whether the input is not JSON, cut short, or refused by the type.
    ///
    /// ```
    /// use token_response::ReadErrorKind;
    ///
    /// let error = token_response::from_json::<Vec<u8>>("[").unwrap_err();
    /// assert_eq!(error.kind(), ReadErrorKind::Truncated);
    /// ```
    pub fn kind(&self) -> ReadErrorKind {
        match self.0.problem {
            Problem::Syntax(_) => ReadErrorKind::Syntax,
            Problem::Truncated(_) => ReadErrorKind::Truncated,
            _ => ReadErrorKind::Data,
        }
    }
}

impl fmt::Display for ReadError {
    /// What went wrong, then where: `` at `member.list[2]` `` (its 8 outermost steps, then `…`)
    /// and `(line 1, column 20)`, each when known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for ReadError {}

impl fmt::Display for Details {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (title, detail) = self.problem.words();
        f.write_str(title)?;
        if let Problem::MissingMember(name) | Problem::DuplicateMember(name) = self.problem {
            write!(f, " `{name}`")?;
        }
        if !self.path.is_empty() {
            f.write_str(" at `")?;
            for (i, segment) in self.path.iter().rev().enumerate() {
                if i == MAX_SEGMENTS {
                    f.write_str("…")?;
                    break;
                }
                match segment {
                    Segment::Index(index) => write!(f, "[{index}]")?,
                    Segment::Name(name) if i == 0 => f.write_str(name)?,
                    Segment::Name(name) => write!(f, ".{name}")?,
                    Segment::Unnamed if i == 0 => f.write_str("?")?,
                    Segment::Unnamed => f.write_str(".?")?,
                }
            }
            f.write_str("`")?;
        }
        detail.fmt(f)?;
        match self.position {
            Some((line, column)) => write!(f, " (line {line}, column {column})"),
            None => Ok(()),
        }
    }
}

/// The most segments of a path shown, outermost first: JSON nests up to 128 levels.
const MAX_SEGMENTS: usize = 8;

/// What follows a problem's title (and its path): `: a string, expected u64`.
enum Detail<'a> {
    None,
    Text(&'static str),
    Found(Found, Option<&'a str>),
    Expected(Option<&'a str>),
    Length(usize, Option<&'a str>),
    OneOf(&'static [&'static str]),
}

impl Problem {
    /// The title, and the detail to print after the path.
    fn words(&self) -> (&'static str, Detail<'_>) {
        match self {
            Problem::Syntax(why) => ("not JSON", Detail::Text(why)),
            Problem::Truncated(where_) => ("truncated JSON", Detail::Text(where_)),
            Problem::WrongType { found: Found::Str | Found::Bytes, expected: Some(expected) }
                if expected.starts_with("a borrowed ") =>
            {
                ("an escaped string cannot be borrowed", Detail::Text(BORROW_HINT))
            }
            Problem::WrongType { found, expected } => ("wrong type", Detail::Found(*found, expected.as_deref())),
            Problem::InvalidValue { found: Found::Integer | Found::Float, expected } => {
                ("number out of range", Detail::Expected(expected.as_deref()))
            }
            Problem::InvalidValue { found, expected } => ("invalid value", Detail::Found(*found, expected.as_deref())),
            Problem::WrongLength { length, expected } => ("wrong length", Detail::Length(*length, expected.as_deref())),
            Problem::UnknownVariant(variants) => ("unknown variant", Detail::OneOf(variants)),
            Problem::UnknownMember(members) => ("unknown member", Detail::OneOf(members)),
            Problem::MissingMember(_) => ("missing member", Detail::None),
            Problem::DuplicateMember(_) => ("duplicate member", Detail::None),
            Problem::Refused => ("value refused by the type reading it", Detail::Text(WITHHELD)),
            Problem::FormValue(why) => ("wrong value", Detail::Text(why)),
            Problem::Unrecognized => ("refused by the format", Detail::Text(WITHHELD)),
        }
    }
}

/// Why `&str` fails where `Cow<str>` does not.
const BORROW_HINT: &str = "a string with an escape (`\\/` or `\\u00e9` in JSON, `%2F` or `+` in a \
                           form) is decoded into new memory, so a `&str` cannot point into the input: read it as `Cow<str>` with `#[serde(borrow)]`";
/// Why a message is left out.
const WITHHELD: &str = "its message is not shown, as it may quote the input";

impl fmt::Display for Detail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Detail::None => Ok(()),
            Detail::Text(text) => write!(f, ": {text}"),
            Detail::Found(found, expected) => {
                write!(f, ": {}", found.words())?;
                Detail::Expected(expected).fmt(f)
            }
            Detail::Expected(None) => Ok(()),
            Detail::Expected(Some(expected)) => write!(f, ", expected {expected}"),
            Detail::Length(length, expected) => {
                let elements = if length == 1 { "element" } else { "elements" };
                write!(f, ": {length} {elements}")?;
                Detail::Expected(expected).fmt(f)
            }
            Detail::OneOf([]) => f.write_str(", there are none"),
            Detail::OneOf(names) => {
                f.write_str(", expected ")?;
                if names.len() > 1 {
                    f.write_str("one of ")?;
                }
                for (i, name) in names.iter().enumerate() {
                    let comma = if i == 0 { "" } else { ", " };
                    write!(f, "{comma}`{name}`")?;
                }
                Ok(())
            }
        }
    }
}

impl Found {
    fn words(self) -> &'static str {
        match self {
            Found::Bool => "a boolean",
            Found::Integer => "an integer",
            Found::Float => "a floating-point number",
            Found::Char => "a character",
            Found::Str => "a string",
            Found::Bytes => "bytes",
            Found::Null => "null",
            Found::Option => "an option",
            Found::NewtypeStruct => "a newtype struct",
            Found::Seq => "a list",
            Found::Map => "an object",
            Found::Enum => "an enum",
            Found::UnitVariant => "a unit variant",
            Found::NewtypeVariant => "a newtype variant",
            Found::TupleVariant => "a tuple variant",
            Found::StructVariant => "a struct variant",
            Found::Other => "a value of another kind",
        }
    }
}
