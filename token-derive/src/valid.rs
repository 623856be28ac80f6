//! Rules across keys and fields: one role per field, options that fit the role, each role on
//! one field, an access token present, `redact` only with `debug`, a `ReceivedAt` filled in by
//! serde.

use syn::Type;
use syn::ext::IdentExt;

use crate::ast::{Assigned, By, Field, Input};
use crate::ctxt::Ctxt;
use crate::roles::{DEBUG, REDACT, ROLES, Role, RoleOption, SKIP, normal_name};
use crate::suggest::did_you_mean;

/// Checks `input`, recording every error.
pub fn check(cx: &Ctxt, input: &Input<'_>) {
    let Some(fields) = &input.fields else { return };
    for field in fields {
        check_field(cx, field);
        if let Some(span) = field.attrs.redact.filter(|_| input.attrs.debug.is_none()) {
            cx.error(
                span,
                format!(
                    "`{REDACT}` hides the field in the `Debug` impl that `#[token({DEBUG})]` writes, and this struct \
                     has no `#[token({DEBUG})]`: add it to the struct"
                ),
            );
        }
        if is_received_at(field.ty) && !field.attrs.serde_default && !input.attrs.serde_default {
            cx.error_spanned(
                field.ty,
                "a `ReceivedAt` field needs `#[serde(default)]`: no response sends it, so without a default \
                 every response fails to deserialize; add `#[serde(default)]` to the field",
            );
        }
    }
    for role in ROLES {
        let mut holders = fields.iter().filter_map(|f| Some((f, f.role.filter(|a| a.role == role)?)));
        match holders.next() {
            Some(first) => holders.for_each(|again| duplicate(cx, role, first, again)),
            None if role.required => missing(cx, input, fields, role),
            None => {}
        }
    }
}

fn check_field(cx: &Ctxt, field: &Field<'_>) {
    let attrs = &field.attrs;
    if let Some(&(first, _)) = attrs.roles.first() {
        for &(other, span) in &attrs.roles[1..] {
            if other == first {
                cx.error(span, format!("the {} role is given twice", first.what));
            } else {
                cx.error(span, format!("`{}` conflicts with `{}`; a field takes one role", other.key, first.key));
            }
        }
        if let Some(span) = attrs.skip {
            cx.error(span, format!("`{SKIP}` conflicts with `{}`; a skipped field takes no role", first.key));
        }
    }
    for &(key, span) in &attrs.options {
        match field.role {
            None => cx.error(
                span,
                format!("`{key}` needs a role, and `{}` has none; {}", field.ident.unraw(), who_takes(key)),
            ),
            Some(assigned) if assigned.role.option.map(RoleOption::key) != Some(key) => {
                cx.error(span, format!("the {} role takes no `{key}`; {}", assigned.role.what, who_takes(key)));
            }
            Some(_) => {}
        }
    }
    if let (Some((unit, span)), Some(Assigned { role, .. })) = (attrs.unit, field.role) {
        if let Some(RoleOption::Unit(units)) = role.option {
            if !units.contains(&unit) {
                let names: Vec<String> = units.iter().map(|unit| format!("`\"{}\"`", unit.name())).collect();
                cx.error(
                    span,
                    format!("expected unit {} for the {}, found `{:?}`", or_list(&names), role.what, unit.name()),
                );
            }
        }
    }
}

/// A second field with `role`: reported there, with a note at the first.
fn duplicate(cx: &Ctxt, role: &Role, (first, had): (&Field<'_>, Assigned), (_, again): (&Field<'_>, Assigned)) {
    let name = first.ident.unraw();
    let hint = match (had.by == By::Attr, again.by == By::Attr) {
        (false, false) => format!("mark the one you do not mean `#[token({SKIP})]`"),
        (false, true) => format!("mark `{name}` `#[token({SKIP})]`"),
        (true, false) => format!("mark this field `#[token({SKIP})]`"),
        (true, true) => "remove one of the two attributes".to_owned(),
    };
    let how = match had.by {
        By::Attr => "",
        By::Ident => " (matched by name)",
        By::SerdeName => " (matched by its serde name)",
    };
    cx.error(again.span, format!("the {} role is already taken by `{name}`{how}; {hint}", role.what));
    cx.error(had.span, format!("the {} role is first taken here", role.what));
}

/// No field has the required `role`: reported at a field whose name is a likely typo of the
/// role's, else at the struct's name.
fn missing(cx: &Ctxt, input: &Input<'_>, fields: &[Field<'_>], role: &Role) {
    if fields.iter().any(|field| field.attrs.unread) {
        return; // the unread key may have been the role, and is reported already
    }
    let misspelt = fields
        .iter()
        .filter(|field| field.role.is_none() && field.attrs.skip.is_none())
        .find(|field| did_you_mean(&normal_name(&field.ident.to_string()), role.names.iter().copied()).is_some());
    match misspelt {
        Some(field) => cx.error(
            field.ident.span(),
            format!("no {} field; did you mean to name this field `{}`?", role.what, role.key),
        ),
        None => cx.error(
            input.ident.span(),
            format!("no {} field: name a field `{}` or mark one `#[token({})]`", role.what, role.key, role.key),
        ),
    }
}

/// Whether `ty` is a path ending in `ReceivedAt`.
fn is_received_at(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == "ReceivedAt"),
        Type::Group(group) => is_received_at(&group.elem),
        Type::Paren(paren) => is_received_at(&paren.elem),
        _ => false,
    }
}

/// "`unit` applies to `expires_in`, ...".
fn who_takes(key: &str) -> String {
    let roles: Vec<String> = ROLES
        .iter()
        .filter(|role| role.option.map(RoleOption::key) == Some(key))
        .map(|role| format!("`{}`", role.key))
        .collect();
    format!("`{key}` applies to {}", roles.join(", "))
}

/// "`a`, `b` or `c`".
pub fn or_list(items: &[String]) -> String {
    match items {
        [init @ .., last] if !init.is_empty() => format!("{} or {last}", init.join(", ")),
        _ => items.join(""),
    }
}
