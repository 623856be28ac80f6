//! `#[token(...)]` attributes, parsed into what each key said, with spans, and the names serde
//! gives a field. Whether the keys fit together (a role's options, duplicates across fields) is
//! checked in `valid.rs`.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Lit, LitStr, Path};

use crate::ctxt::Ctxt;
use crate::roles::{CONTAINER_KEYS, CRATE, DEBUG, DELIMITER, REDACT, REFRESH_LEEWAY, Role, SKIP, UNIT};

/// The attribute's name.
const TOKEN: &str = "token";

/// A `unit = "..."` value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Seconds,
    Millis,
    Auto,
}

impl Unit {
    const ALL: [Unit; 3] = [Unit::Seconds, Unit::Millis, Unit::Auto];

    /// As written in the attribute.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Seconds => "s",
            Unit::Millis => "ms",
            Unit::Auto => "auto",
        }
    }

    /// The `token_response::Unit` variant.
    pub fn variant(self) -> &'static str {
        match self {
            Unit::Seconds => "Seconds",
            Unit::Millis => "Millis",
            Unit::Auto => "Auto",
        }
    }
}

/// `#[token(...)]` on the struct.
#[derive(Default)]
pub struct Container {
    pub krate: Option<Path>,
    pub refresh_leeway: Option<u64>,
    /// `debug`, with its span.
    pub debug: Option<Span>,
    /// `#[serde(default)]` (or `default = "..."`) on the struct.
    pub serde_default: bool,
}

/// `#[token(...)]` on a field, and the field's serde names.
#[derive(Default)]
pub struct Field {
    /// Roles assigned, in order, with the key's span.
    pub roles: Vec<(&'static Role, Span)>,
    pub skip: Option<Span>,
    /// `redact`, with its span.
    pub redact: Option<Span>,
    /// The unit, with the span of its value.
    pub unit: Option<(Unit, Span)>,
    pub delimiter: Option<char>,
    /// Every option key given, with its span, to check it fits the role.
    pub options: Vec<(&'static str, Span)>,
    /// A key was unknown or unreadable: it may have been meant as a role, so a role found
    /// missing is not reported again.
    pub unread: bool,
    /// The names serde reads the field under: `rename`, `rename(deserialize = "..")`, `alias`.
    pub serde_names: Vec<LitStr>,
    /// Whether serde fills the field with a default when the input lacks it: `default`,
    /// `default = "..."`, `skip` or `skip_deserializing`.
    pub serde_default: bool,
}

/// Parses the struct's `#[token(...)]` attributes.
pub fn container(cx: &Ctxt, attrs: &[Attribute]) -> Container {
    let mut out = Container { serde_default: serde(attrs).default, ..Container::default() };
    each_key(cx, attrs, |meta, key, span| match key {
        CRATE => out.krate = value(cx, meta, key, krate),
        REFRESH_LEEWAY => out.refresh_leeway = value(cx, meta, key, leeway),
        DEBUG => {
            no_value(cx, meta, key);
            out.debug = Some(span);
        }
        _ if Role::field_keys().any(|k| k == key) => {
            skip_value(meta);
            cx.error(span, format!("`{key}` is a field attribute; put it on a field"));
        }
        _ => unknown(cx, meta, key, CONTAINER_KEYS.iter().copied()),
    });
    if let Some(span) = out.debug {
        if derives_debug(attrs) {
            cx.error(span, "`#[token(debug)]` writes a `Debug` impl, and `#[derive(Debug)]` writes another; drop one");
            out.debug = None; // the error says it all: no second impl for rustc to report as E0119
        }
    }
    out
}

/// Whether a `#[derive(...)]` the derive can see lists `Debug`. It sees only the `#[derive]`
/// attributes after the one that invokes it: rustc removes that one, with `Debug` if listed
/// beside `TokenResponse`, and those before it, before the derive runs; those clash as E0119.
fn derives_debug(attrs: &[Attribute]) -> bool {
    let is_debug = |path: &Path| path.segments.last().is_some_and(|segment| segment.ident == "Debug");
    attrs.iter().filter(|attr| attr.path().is_ident("derive")).any(|attr| {
        attr.parse_args_with(Punctuated::<Path, syn::Token![,]>::parse_terminated)
            .is_ok_and(|paths| paths.iter().any(is_debug))
    })
}

/// Parses a field's `#[token(...)]` attributes and its serde names.
pub fn field(cx: &Ctxt, attrs: &[Attribute]) -> Field {
    let serde = serde(attrs);
    let mut out = Field { serde_names: serde.names, serde_default: serde.default, ..Field::default() };
    let unreadable = each_key(cx, attrs, |meta, key, span| match key {
        SKIP => {
            no_value(cx, meta, key);
            out.skip = Some(span);
        }
        REDACT => {
            no_value(cx, meta, key);
            out.redact = Some(span);
        }
        UNIT => {
            out.options.push((UNIT, span));
            out.unit = value(cx, meta, key, unit);
        }
        DELIMITER => {
            out.options.push((DELIMITER, span));
            out.delimiter = value(cx, meta, key, delimiter);
        }
        _ => match Role::by_key(key) {
            Some(role) => {
                no_value(cx, meta, key);
                out.roles.push((role, span));
            }
            None if CONTAINER_KEYS.contains(&key) => {
                skip_value(meta);
                cx.error(span, format!("`{key}` is a struct attribute; put it on the struct"));
            }
            None => {
                unknown(cx, meta, key, Role::field_keys());
                out.unread = true;
            }
        },
    });
    out.unread |= unreadable;
    out
}

/// Calls `each` with every key of the `#[token(...)]` attributes in `attrs` and its span,
/// reporting a key given twice (at both places) instead. Returns whether an attribute could not
/// be read to its end.
fn each_key(cx: &Ctxt, attrs: &[Attribute], mut each: impl FnMut(&ParseNestedMeta<'_>, &str, Span)) -> bool {
    let mut seen: Vec<(String, Span)> = Vec::new();
    let mut unreadable = false;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident(TOKEN)) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            let span = meta.path.span();
            match seen.iter().find(|(k, _)| *k == key) {
                Some(&(_, first)) => {
                    skip_value(&meta);
                    cx.error(span, format!("duplicate token attribute `{key}`"));
                    cx.error(first, format!("`{key}` first given here"));
                }
                None => {
                    each(&meta, &key, span);
                    seen.push((key, span));
                }
            }
            Ok(())
        });
        if let Err(error) = result {
            cx.push(error);
            unreadable = true;
        }
    }
    unreadable
}

/// What the derive reads of a field's or a struct's `#[serde(...)]` attributes.
#[derive(Default)]
struct Serde {
    /// The names serde reads the field under.
    names: Vec<LitStr>,
    /// Whether serde fills it with a default when the input lacks it.
    default: bool,
}

/// The names serde reads a field under, and whether it has a default. Every other serde key is
/// skipped, and nothing here is ever an error: serde reports its own attributes.
fn serde(attrs: &[Attribute]) -> Serde {
    let mut out = Serde::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            let (alias, rename) = (meta.path.is_ident("alias"), meta.path.is_ident("rename"));
            if (alias || rename) && meta.input.peek(syn::Token![=]) {
                out.names.extend(meta.value()?.parse::<LitStr>());
            } else if rename && meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|inner| {
                    if inner.path.is_ident("deserialize") {
                        out.names.extend(inner.value()?.parse::<LitStr>());
                    } else {
                        skip_value(&inner);
                    }
                    Ok(())
                })?;
            } else {
                out.default |= ["default", "skip", "skip_deserializing"].iter().any(|key| meta.path.is_ident(key));
                skip_value(&meta);
            }
            Ok(())
        });
    }
    out
}

/// The key as written (`crate` included), or the whole path for `a::b`.
fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    meta.path.get_ident().map_or_else(
        || meta.path.to_token_stream().to_string().replace(' ', ""),
        |ident| syn::ext::IdentExt::unraw(ident).to_string(),
    )
}

/// The tokens after `=`, up to the next `,`, interpreted by `read`; `None` (with the error
/// recorded) when missing or wrong.
fn value<T>(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: &str,
    read: impl FnOnce(&TokenStream) -> syn::Result<T>,
) -> Option<T> {
    if !meta.input.peek(syn::Token![=]) {
        cx.error(meta.path.span(), format!("`{key}` needs a value: `{key} = ...`"));
        skip_value(meta);
        return None;
    }
    let tokens = skip_value(meta);
    read(&tokens).map_err(|error| cx.push(error)).ok()
}

/// Consumes `= value`, `(...)` or anything else up to the next `,`, returning the value's tokens.
fn skip_value(meta: &ParseNestedMeta<'_>) -> TokenStream {
    let input = meta.input;
    let _ = input.parse::<syn::Token![=]>();
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(syn::Token![,]) {
        match input.parse::<TokenTree>() {
            Ok(tree) => tokens.extend([tree]),
            Err(_) => break,
        }
    }
    tokens
}

/// A key that takes no value (`debug`, `skip`, a role).
fn no_value(cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) {
    if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
        let tokens = skip_value(meta);
        cx.error_spanned(tokens, format!("`{key}` takes no value"));
    }
}

fn unknown(cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str, known: impl Iterator<Item = &'static str> + Clone) {
    skip_value(meta);
    let message = match crate::suggest::did_you_mean(key, known.clone()) {
        Some(close) => format!("unknown token attribute `{key}`; did you mean `{close}`?"),
        None => {
            let list: Vec<String> = known.map(|k| format!("`{k}`")).collect();
            format!("unknown token attribute `{key}`; expected one of {}", list.join(", "))
        }
    };
    cx.error(meta.path.span(), message);
}

/// `crate = "my_tokens"`: a path in a string.
fn krate(tokens: &TokenStream) -> syn::Result<Path> {
    let example = format!("like `{CRATE} = \"my_tokens\"`");
    match syn::parse2::<LitStr>(tokens.clone()) {
        Ok(lit) => lit.parse().map_err(|_| syn::Error::new(lit.span(), format!("expected a path, {example}"))),
        Err(_) => Err(syn::Error::new_spanned(tokens, format!("expected a string holding a path, {example}"))),
    }
}

/// `refresh_leeway = 60`: a non-negative integer literal of seconds.
fn leeway(tokens: &TokenStream) -> syn::Result<u64> {
    let expected = || {
        syn::Error::new_spanned(
            tokens,
            format!("expected a non-negative integer number of seconds, like `{REFRESH_LEEWAY} = 60`"),
        )
    };
    match syn::parse2::<Lit>(tokens.clone()) {
        // `500ms` would read as 500 seconds: no suffix, not even a type's.
        Ok(Lit::Int(int)) if !int.suffix().is_empty() => Err(syn::Error::new(
            int.span(),
            format!("`{REFRESH_LEEWAY}` is in seconds and takes no suffix, like `{REFRESH_LEEWAY} = 60`"),
        )),
        Ok(Lit::Int(int)) => int.base10_parse::<u64>().map_err(|_| expected()),
        _ => Err(expected()),
    }
}

/// `unit = "ms"`: one of the units; whether it fits the role is checked in `valid.rs`.
fn unit(tokens: &TokenStream) -> syn::Result<(Unit, Span)> {
    let names: Vec<String> = Unit::ALL.iter().map(|unit| format!("`\"{}\"`", unit.name())).collect();
    let expected = format!("expected unit {}", crate::valid::or_list(&names));
    let lit = syn::parse2::<LitStr>(tokens.clone())
        .map_err(|_| syn::Error::new_spanned(tokens, format!("{expected}, like `{UNIT} = \"ms\"`")))?;
    match Unit::ALL.into_iter().find(|unit| unit.name() == lit.value()) {
        Some(unit) => Ok((unit, lit.span())),
        None => Err(syn::Error::new(lit.span(), format!("{expected}, found `{:?}`", lit.value()))),
    }
}

/// `delimiter = ","` (or `','`): exactly one character.
fn delimiter(tokens: &TokenStream) -> syn::Result<char> {
    let example = format!("like `{DELIMITER} = \",\"`");
    match syn::parse2::<Lit>(tokens.clone()) {
        Ok(Lit::Str(lit)) => {
            let text = lit.value();
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c),
                (None, _) => Err(syn::Error::new(
                    lit.span(),
                    format!("expected one character, {example}, found an empty string"),
                )),
                _ => {
                    let count = text.chars().count();
                    Err(syn::Error::new(
                        lit.span(),
                        format!("expected one character, {example}, found {count} characters"),
                    ))
                }
            }
        }
        Ok(Lit::Char(lit)) => Ok(lit.value()),
        _ => Err(syn::Error::new_spanned(tokens, format!("expected a one-character string, {example}"))),
    }
}
