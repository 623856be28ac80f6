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
    pub delimiter: Option<(char, Span)>,
    /// Every option key given, with its span, to check it fits the role.
    pub options: Vec<(&'static str, Span)>,
}

/// Parses the struct's `#[token(...)]` attributes.
pub fn container(cx: &Ctxt, attrs: &[Attribute]) -> Container {
    let mut out = Container::default();
    let mut seen = Seen::default();
    for attr in token_attrs(attrs) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            seen.check(cx, &meta, &key);
            match key.as_str() {
                CRATE => {
                    out.krate = value(cx, &meta, |tokens| match syn::parse2::<LitStr>(tokens.clone()) {
                        Ok(lit) => lit.parse::<Path>().map_err(|_| {
                            syn::Error::new(lit.span(), format!("expected a path like `{CRATE} = \"my_tokens\"`"))
                        }),
                        Err(_) => Err(syn::Error::new_spanned(
                            tokens,
                            format!("expected a string holding a path: `{CRATE} = \"my_tokens\"`"),
                        )),
                    })
                }
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
            seen.check(cx, &meta, &key);
            let span = meta.path.span();
            match key.as_str() {
                SKIP => {
                    no_value(cx, &meta, &key);
                    out.skip = Some(span);
                }
                UNIT => {
                    out.options.push((UNIT, span));
                    out.unit = value(cx, &meta, |tokens| {
                        syn::parse2::<LitStr>(tokens.clone()).map_err(|_| {
                            syn::Error::new_spanned(tokens, format!("expected a string: `{UNIT} = \"ms\"`"))
                        })
                    });
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
                    None => unknown(cx, &meta, &key, Role::field_keys()),
                },
            }
            Ok(())
        });
        if let Err(error) = result {
            cx.push(error);
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
    fn check(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>, key: &str) {
        let span = meta.path.span();
        if let Some((_, first)) = self.0.iter().find(|(k, _)| k == key) {
            cx.error(span, format!("duplicate `{key}`"));
            cx.error(*first, format!("`{key}` first given here"));
        } else {
            self.0.push((key.to_owned(), span));
        }
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
    let message = match did_you_mean(key, known.clone()) {
        Some(close) => format!("unknown token attribute `{key}`; did you mean `{close}`?"),
        None => {
            let list: Vec<String> = known.map(|k| format!("`{k}`")).collect();
            format!("unknown token attribute `{key}`; expected one of {}", list.join(", "))
        }
    };
    cx.error(meta.path.span(), message);
}

/// The known key closest to `key`, if it is a likely typo.
fn did_you_mean(key: &str, known: impl Iterator<Item = &'static str>) -> Option<&'static str> {
    known
        .map(|k| (edit_distance(key, k), k))
        .filter(|&(distance, k)| distance <= 3 && distance * 3 <= k.len())
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, k)| k)
}

/// Levenshtein distance.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// `refresh_leeway = 60`: a non-negative integer literal of seconds.
fn leeway(tokens: &TokenStream) -> syn::Result<u64> {
    let expected = || {
        syn::Error::new_spanned(
            tokens,
            format!("expected a non-negative integer number of seconds: `{REFRESH_LEEWAY} = 60`"),
        )
    };
    match syn::parse2::<Lit>(tokens.clone()) {
        Ok(Lit::Int(int)) => int.base10_parse::<u64>().map_err(|_| expected()),
        _ => Err(expected()),
    }
}

/// `delimiter = ","` (or `','`): exactly one character.
fn delimiter(tokens: &TokenStream) -> syn::Result<(char, Span)> {
    let one = |text: String, span: Span| {
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok((c, span)),
            _ => Err(syn::Error::new(span, format!("`{DELIMITER}` must be exactly one character, found {:?}", text))),
        }
    };
    match syn::parse2::<Lit>(tokens.clone()) {
        Ok(Lit::Str(lit)) => one(lit.value(), lit.span()),
        Ok(Lit::Char(lit)) => Ok((lit.value(), lit.span())),
        _ => Err(syn::Error::new_spanned(tokens, format!("expected a one-character string: `{DELIMITER} = \",\"`"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_a_suggestion_and_strangers_do_not() {
        let keys = || Role::field_keys();
        assert_eq!(did_you_mean("acess_token", keys()), Some("access_token"));
        assert_eq!(did_you_mean("expire_in", keys()), Some("expires_in"));
        assert_eq!(did_you_mean("scopee", keys()), Some("scope"));
        assert_eq!(did_you_mean("banana", keys()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
