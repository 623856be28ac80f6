//! The messages `serde_json`, the form reader (the words of `serde_urlencoded`) and serde's value
//! deserializers write for the errors they make themselves, read into [`Problem`]s: a message is
//! matched against the fixed texts they write, or read up to its first word of the input, never
//! further.

use super::error::{Found, Problem};

/// `serde_json`'s syntax errors (`ErrorCode`'s `Display`), and ours: whether it is the end of
/// the input, and why in our words.
const JSON: [(&str, bool, &str); 23] = [
    ("EOF while parsing a list", true, "the input ends inside a list"),
    ("EOF while parsing an object", true, "the input ends inside an object"),
    ("EOF while parsing a string", true, "the input ends inside a string"),
    ("EOF while parsing a value", true, "the input ends before a value"),
    ("expected `:`", false, "expected `:` after a member name"),
    ("expected `,` or `]`", false, "expected `,` or `]` in a list"),
    ("expected `,` or `}`", false, "expected `,` or `}` in an object"),
    ("expected ident", false, "expected `true`, `false` or `null`"),
    ("expected value", false, "expected a value"),
    ("expected `\"`", false, "expected `\"`"),
    ("invalid escape", false, "an invalid escape in a string"),
    ("invalid number", false, "an invalid number"),
    ("number out of range", false, "a number out of range"),
    ("invalid unicode code point", false, "invalid UTF-8, or an invalid code point in a `\\u` escape"),
    (
        "control character (\\u0000-\\u001F) found while parsing a string",
        false,
        "a control character (U+0000 to U+001F) in a string",
    ),
    ("key must be a string", false, "a member name that is not a string"),
    ("invalid value: expected key to be a number in quotes", false, "a member name that is not a number"),
    ("float key must be finite (got NaN or +/-inf)", false, "a member name that is not a finite number"),
    ("lone leading surrogate in hex escape", false, "a lone surrogate in a `\\u` escape"),
    ("trailing comma", false, "a comma before `]` or `}`"),
    ("trailing characters", false, "more after the value"),
    ("unexpected end of hex escape", false, "a surrogate `\\u` escape without its pair"),
    ("recursion limit exceeded", false, "nested too deeply"),
];

/// What the form reader writes, as `serde_urlencoded` does, when a form value does not parse as
/// the type asked (std's `ParseIntError`, `ParseFloatError` and `ParseBoolError`, and a variant
/// with data), and ours.
const FORM: [(&str, &str); 8] = [
    ("invalid digit found in string", "not an integer"),
    ("cannot parse integer from empty string", "empty, not an integer"),
    ("number too large to fit in target type", "an integer out of range"),
    ("number too small to fit in target type", "an integer out of range"),
    ("invalid float literal", "not a number"),
    ("cannot parse float from empty string", "empty, not a number"),
    ("provided string was not `true` or `false`", "neither `true` nor `false`"),
    ("expected unit variant", "a variant with data, which a form cannot hold"),
];

/// The kinds serde's `Unexpected` (and `serde_json`'s) write first, before any value.
const FOUND: [(&str, Found); 18] = [
    ("boolean", Found::Bool),
    ("integer", Found::Integer),
    ("floating point", Found::Float),
    ("character", Found::Char),
    ("string", Found::Str),
    ("byte array", Found::Bytes),
    ("unit value", Found::Null),
    ("null", Found::Null),
    ("Option value", Found::Option),
    ("newtype struct", Found::NewtypeStruct),
    ("sequence", Found::Seq),
    ("map", Found::Map),
    ("enum", Found::Enum),
    ("unit variant", Found::UnitVariant),
    ("newtype variant", Found::NewtypeVariant),
    ("tuple variant", Found::TupleVariant),
    ("struct variant", Found::StructVariant),
    ("number", Found::Other),
];

/// `message` without the ` at line L column C` that `serde_json` ends it with, and that line
/// and column.
pub(super) fn split_position(message: &str) -> (&str, Option<(usize, usize)>) {
    let position = message.rfind(" at line ").and_then(|at| {
        let (line, column) = message[at + " at line ".len()..].split_once(" column ")?;
        Some((at, number(line)?, number(column)?))
    });
    match position {
        Some((at, line, column)) => (&message[..at], Some((line, column))),
        None => (message, None),
    }
}

/// A decimal number of digits alone.
fn number(digits: &str) -> Option<usize> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What a message of the format's own says went wrong. `expecting` is what the visitor the
/// format last asked expects: it is named when the message ends with it.
pub(super) fn classify(message: &str, expecting: Option<&str>) -> Problem {
    if let Some(&(_, end, ours)) = JSON.iter().find(|(theirs, ..)| *theirs == message) {
        return if end { Problem::Truncated(ours) } else { Problem::Syntax(ours) };
    }
    if let Some(&(_, ours)) = FORM.iter().find(|(theirs, _)| *theirs == message) {
        return Problem::FormValue(ours);
    }
    // The expected text is the visitor's, if the message ends with it.
    let expected = || {
        let expecting = expecting?;
        let head = message.strip_suffix(expecting)?;
        head.ends_with(", expected ").then(|| expecting.into())
    };
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return Problem::WrongType { found: found(rest), expected: expected() };
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return Problem::InvalidValue { found: found(rest), expected: expected() };
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let digits = rest.split_once(", expected ").map_or(rest, |(digits, _)| digits);
        if let Some(length) = number(digits) {
            return Problem::WrongLength { length, expected: expected() };
        }
    }
    Problem::Unrecognized
}

/// The kind of value an `Unexpected`'s text names, from its first words.
fn found(text: &str) -> Found {
    let named = FOUND
        .iter()
        .find(|(kind, _)| text.strip_prefix(kind).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ','])));
    named.map_or(Found::Other, |&(_, found)| found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_digits_after_the_last_at_line() {
        assert_eq!(split_position("expected value at line 3 column 14"), ("expected value", Some((3, 14))));
        assert_eq!(split_position("a at line 1 column 2 at line 5 column 6"), ("a at line 1 column 2", Some((5, 6))));
        assert_eq!(split_position("at line 1 column 2"), ("at line 1 column 2", None));
        assert_eq!(split_position("x at line one column 2"), ("x at line one column 2", None));
        assert_eq!(split_position("x at line 1 column 2, more"), ("x at line 1 column 2, more", None));
    }

    #[test]
    fn every_json_syntax_message_is_known() {
        let cases = [
            ("[1, 2", Problem::Truncated("the input ends inside a list")),
            ("{\"a\": 1", Problem::Truncated("the input ends inside an object")),
            ("\"abc", Problem::Truncated("the input ends inside a string")),
            ("", Problem::Truncated("the input ends before a value")),
            ("{\"a\" 1}", Problem::Syntax("expected `:` after a member name")),
            ("[1 2]", Problem::Syntax("expected `,` or `]` in a list")),
            ("{\"a\": 1 \"b\"}", Problem::Syntax("expected `,` or `}` in an object")),
            ("trux", Problem::Syntax("expected `true`, `false` or `null`")),
            ("x", Problem::Syntax("expected a value")),
            ("\"\\x\"", Problem::Syntax("an invalid escape in a string")),
            ("-x", Problem::Syntax("an invalid number")),
            ("1e400", Problem::Syntax("a number out of range")),
            ("\"\u{1}\"", Problem::Syntax("a control character (U+0000 to U+001F) in a string")),
            ("{1: 2}", Problem::Syntax("a member name that is not a string")),
            ("\"\\udc00\"", Problem::Syntax("a lone surrogate in a `\\u` escape")),
            ("\"\\ud800\"", Problem::Syntax("a surrogate `\\u` escape without its pair")),
            ("[1,]", Problem::Syntax("a comma before `]` or `}`")),
            ("1 2", Problem::Syntax("more after the value")),
        ];
        for (input, problem) in cases {
            let error = serde_json::from_str::<serde_json::Value>(input).unwrap_err().to_string();
            assert_eq!(classify(split_position(&error).0, None), problem, "{input:?}: {error}");
        }
        let deep = "[".repeat(200);
        let error = serde_json::from_str::<serde_json::Value>(&deep).unwrap_err().to_string();
        assert_eq!(classify(split_position(&error).0, None), Problem::Syntax("nested too deeply"));
        let error = serde_json::from_slice::<serde_json::Value>(b"\"\xff\"").unwrap_err().to_string();
        assert_eq!(
            classify(split_position(&error).0, None),
            Problem::Syntax("invalid UTF-8, or an invalid code point in a `\\u` escape")
        );
    }

    #[test]
    fn form_parse_messages_are_known() {
        use std::collections::BTreeMap;
        fn message<T: for<'a> serde_core::Deserialize<'a>>(body: &str) -> String {
            serde_urlencoded::from_str::<BTreeMap<String, T>>(body).err().expect("refused").to_string()
        }
        let messages = [
            message::<u8>("a=x"),
            message::<i8>("a="),
            message::<u8>("a=300"),
            message::<i8>("a=-300"),
            message::<f64>("a=x"),
            message::<f32>("a="),
            message::<bool>("a=x"),
        ];
        for message in messages {
            assert!(matches!(classify(&message, None), Problem::FormValue(_)), "{message}");
        }
    }

    #[test]
    fn type_errors_keep_the_kind_and_the_visitors_words_only() {
        let message = "invalid type: string \"a, expected u64\", expected u64";
        assert_eq!(
            classify(message, Some("u64")),
            Problem::WrongType { found: Found::Str, expected: Some("u64".into()) }
        );
        // Words the message does not end with are not named.
        assert_eq!(
            classify("invalid type: integer `1`, expected a string", Some("u64")),
            Problem::WrongType { found: Found::Integer, expected: None }
        );
        assert_eq!(
            classify("invalid value: floating point `1.5`, expected u8", Some("u8")),
            Problem::InvalidValue { found: Found::Float, expected: Some("u8".into()) }
        );
        assert_eq!(
            classify("invalid length 3, expected 2 elements in map", None),
            Problem::WrongLength { length: 3, expected: None }
        );
        assert_eq!(
            classify("invalid type: stringly", None),
            Problem::WrongType { found: Found::Other, expected: None }
        );
        assert_eq!(classify("anything else", Some("x")), Problem::Unrecognized);
        assert_eq!(classify("invalid length x, expected 2", None), Problem::Unrecognized);
    }
}
