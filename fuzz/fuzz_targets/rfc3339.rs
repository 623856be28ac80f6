//! The RFC 3339 parser on any text, and on date-times built from arbitrary fields (in range and
//! just out of it): it never panics, and it reads what chrono's `parse_from_rfc3339` reads, to
//! the nanosecond, but where the contract's grammar is stricter or chrono writes a leap second
//! its own way.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use token_response_core::__fuzz::unix_time;
use token_response_fuzz::rfc3339_oracle::{RANGE, beyond_our_grammar, chrono_unix_time};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text: &'a str,
    fields: Fields,
}

/// A date-time's fields, each reduced to its range and one past it.
#[derive(Arbitrary, Debug)]
struct Fields {
    year: u16,
    month: u8,
    day: u8,
    separator: u8,
    hour: u8,
    minute: u8,
    second: u8,
    fraction: Option<(u64, u8)>,
    offset: Option<(bool, u8, u8)>,
    lowercase_zulu: bool,
}

impl Fields {
    fn text(&self) -> String {
        let year = self.year % 10_000;
        let (month, day) = (self.month % 14, self.day % 33);
        let (hour, minute, second) = (self.hour % 25, self.minute % 61, self.second % 62);
        let separator = b"Tt _"[usize::from(self.separator % 4)] as char;
        let fraction = match self.fraction {
            // 0 to 10 digits: none, the allowed nine, and one too many.
            Some((digits, count)) => format!(".{digits:020}").chars().take(usize::from(count % 11) + 1).collect(),
            None => String::new(),
        };
        let offset = match self.offset {
            Some((west, hours, minutes)) => {
                format!("{}{:02}:{:02}", if west { '-' } else { '+' }, hours % 25, minutes % 61)
            }
            None if self.lowercase_zulu => "z".to_owned(),
            None => "Z".to_owned(),
        };
        format!("{year:04}-{month:02}-{day:02}{separator}{hour:02}:{minute:02}:{second:02}{fraction}{offset}")
    }
}

/// Ours never panics, reads an instant the grammar can write, and agrees with chrono but where the
/// grammar is stricter.
fn check(text: &str) {
    let ours = unix_time(text);
    if let Some((seconds, nanos)) = ours {
        assert!(nanos < 1_000_000_000, "{text:?}: {nanos} ns");
        assert!(RANGE.contains(&seconds), "{text:?}: {seconds} s");
    }
    if beyond_our_grammar(text) {
        assert_eq!(ours, None, "{text:?} is outside the contract's grammar");
    } else {
        assert_eq!(ours, chrono_unix_time(text), "{text:?}");
    }
}

fuzz_target!(|input: Input<'_>| {
    check(input.text);
    check(&input.fields.text());
});
