//! `#[token(...)]` attributes, parsed into what each key said, with spans. Whether the keys fit
//! together (a role's options, duplicates across fields) is checked in `valid.rs`.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Attribute, Lit, LitStr, Path};

use crate::ctxt::Ctxt;
use crate::roles::{CONTAINER_KEYS, CRATE, DEBUG, DELIMITER, REFRESH_LEEWAY, Role, SKIP, UNIT};

/// The attribute's name.
const TOKEN: &str = "token";

/// `#[token(...)]` on the struct.
#[derive(Default)]
pub struct Container {
    pub krate: Option<Path>,
    pub refresh_leeway: Option<u64>,
    pub debug: bool,
}

/// `#[token(...)]` on a field.
#[derive(Default)]
pub struct Field {
    /// Roles assigned, in order, with the key's span.
    pub roles: Vec<(&'static Role, Span)>,
    pub skip: Option<Span>,
    pub unit: Option<LitStr>,
    pub delimiter: Option<char>,
    /// Every option key given, with its span, to check it fits the role.
    pub options: Vec<(&'static str, Span)>,
    /// A key was unknown or unreadable: it may have been meant as a role, so a role found
    /// missing is not reported again.
    pub unread: bool,
}

/// Parses the struct's `#[token(...)]` attributes.
pub fn container(cx: &Ctxt, attrs: &[Attribute]) -> Container {
    let mut out = Container::default();
    let mut seen = Seen::default();
    for attr in token_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            if !seen.first(cx, &meta, &key) {
                return Ok(());
            }
            match key.as_str() {
                CRATE => out.krate = value(cx, &meta, krate),
                REFRESH_LEEWAY => out.refresh_leeway = value(cx, &meta, leeway),
                DEBUG => {
                    no_value(cx, &meta, &key);
                    out.debug = true;
                }
                _ if Role::field_keys().any(|k| k == key) => {
                    skip_value(&meta);
                    cx.error(meta.path.span(), format!("`{key}` is a field attribute; put it on a field"));
                }
                _ => unknown(cx, &meta, &key, CONTAINER_KEYS.iter().copied()),
            }
            Ok(())
        });
        if let Err(error) = result {
            cx.push(error);
        }
    }
    out
}

/// Parses a field's `#[token(...)]` attributes.
pub fn field(cx: &Ctxt, attrs: &[Attribute]) -> Field {
    let mut out = Field::default();
    let mut seen = Seen::default();
    for attr in token_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            if !seen.first(cx, &meta, &key) {
                return Ok(());
            }
            let span = meta.path.span();
            match key.as_str() {
                SKIP => {
                    no_value(cx, &meta, &key);
                    out.skip = Some(span);
                }
                UNIT => {
                    out.options.push((UNIT, span));
                    out.unit = value(cx, &meta, unit);
                }
                DELIMITER => {
                    out.options.push((DELIMITER, span));
                    out.delimiter = value(cx, &meta, delimiter);
                }
                _ => match Role::by_key(&key) {
                    Some(role) => {
                        no_value(cx, &meta, &key);
                        out.roles.push((role, span));
                    }
                    None if CONTAINER_KEYS.contains(&key.as_str()) => {
                        skip_value(&meta);
                        cx.error(span, format!("`{key}` is a struct attribute; put it on the struct"));
                    }
                    None => {
                        unknown(cx, &meta, &key, Role::field_keys());
                        out.unread = true;
                    }
                },
            }
            Ok(())
        });
        if let Err(error) = result {
            cx.push(error);
            out.unread = true;
        }
    }
    out
}

fn token_attrs(attrs: &[Attribute]) -> impl Iterator<Item = &Attribute> {
    attrs.iter().filter(|attr| attr.path().is_ident(TOKEN))
}

/// The key as written (`crate` included), or the whole path for `a::b`.
fn key_of(meta: &ParseNestedMeta<'_>) -> String {
    meta.path.get_ident().map_or_else(
        || meta.path.to_token_stream().to_string().replace(' ', ""),
        |ident| syn::ext::IdentExt::unraw(ident).to_string(),
    )
}

/// Keys already given in this item's attributes.
#[derive(Default)]
struct Seen(Vec<(String, Span)>);

impl Seen {
    /// Whether `key` is new; a repeat is reported at both places, and its value skipped.
    fn first(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) -> bool {
        let span = meta.path.span();
        let Some(&(_, first)) = self.0.iter().find(|(k, _)| k == key) else {
            self.0.push((key.to_owned(), span));
            return true;
        };
        skip_value(meta);
        cx.error(span, format!("duplicate token attribute `{key}`"));
        cx.error(first, format!("`{key}` first given here"));
        false
    }
}

/// The tokens after `=`, up to the next `,`, interpreted by `read`; `None` (with the error
/// recorded) when missing or wrong.
fn value<T>(cx: &Ctxt, meta: &ParseNestedMeta<'_>, read: impl FnOnce(&TokenStream) -> syn::Result<T>) -> Option<T> {
    let key = key_of(meta);
    if !meta.input.peek(syn::Token![=]) {
        cx.error(meta.path.span(), format!("`{key}` needs a value: `{key} = ...`"));
        skip_value(meta);
        return None;
    }
    let tokens = skip_value(meta);
    read(&tokens).map_err(|error| cx.push(error)).ok()
}

/// Consumes `= value` (or anything else) up to the next `,`, returning the value's tokens.
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

/// `unit = "ms"`: a string, checked against the role's units in `valid.rs`.
fn unit(tokens: &TokenStream) -> syn::Result<LitStr> {
    syn::parse2(tokens.clone())
        .map_err(|_| syn::Error::new_spanned(tokens, format!("expected a string, like `{UNIT} = \"ms\"`")))
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
