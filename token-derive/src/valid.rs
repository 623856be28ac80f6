//! Rules across keys and fields: one role per field, options that fit the role, each role on
//! one field, an access token present.

use crate::ast::{Field, Input};
use crate::ctxt::Ctxt;
use crate::roles::{ROLES, Role, RoleOption, SKIP};

/// Checks `input`, recording every error.
pub fn check(cx: &Ctxt, input: &Input<'_>, fields: &[Field<'_>]) {
    for field in fields {
        check_field(cx, field);
    }
    for role in ROLES {
        let mut holders = fields.iter().filter_map(|f| f.role.filter(|a| a.role == role));
        let first = holders.next();
        for again in holders {
            let how = if again.by_attr { "" } else { " (matched by name)" };
            cx.error(
                again.span,
                format!("two fields have the {} role{how}; mark the other one `#[token({SKIP})]`", role.what),
            );
            if let Some(first) = first {
                cx.error(first.span, format!("the {} role is first taken here", role.what));
            }
        }
        if role.required && first.is_none() {
            cx.error(
                input.ident.span(),
                format!("no {} field: name a field `{}` or mark one `#[token({})]`", role.what, role.key, role.key),
            );
        }
    }
}

fn check_field(cx: &Ctxt, field: &Field<'_>) {
    let attrs = &field.attrs;
    if let Some(&(first, _)) = attrs.roles.first() {
        for &(other, span) in &attrs.roles[1..] {
            if other != first {
                cx.error(span, format!("a field has one role; `{}` conflicts with `{}`", other.key, first.key));
            } else {
                cx.error(span, format!("`{}` is already the role of this field", other.key));
            }
        }
        if let Some(span) = attrs.skip {
            cx.error(span, format!("`{SKIP}` conflicts with `{}`", first.key));
        }
    }
    for &(key, span) in &attrs.options {
        match field.role {
            None => cx.error(span, format!("`{key}` needs a role; this field has none. {}", who_takes(key))),
            Some(assigned) if assigned.role.option.map(RoleOption::key) != Some(key) => {
                cx.error(span, format!("the {} role takes no `{key}`; {}", assigned.role.what, who_takes(key)))
            }
            Some(_) => {}
        }
    }
    if let (Some(lit), Some(assigned)) = (&attrs.unit, field.role) {
        if let Some(RoleOption::Unit(accepted)) = assigned.role.option {
            if !accepted.contains(&lit.value().as_str()) {
                let list: Vec<String> = accepted.iter().map(|u| format!("`\"{u}\"`")).collect();
                cx.error(
                    lit.span(),
                    format!(
                        "unknown unit {:?} for the {}; expected {}",
                        lit.value(),
                        assigned.role.what,
                        list.join(" or ")
                    ),
                );
            }
        }
    }
}

/// "`unit` applies to: `expires_in`, ...".
fn who_takes(key: &str) -> String {
    let roles: Vec<String> = ROLES
        .iter()
        .filter(|role| role.option.map(RoleOption::key) == Some(key))
        .map(|role: &Role| format!("`{}`", role.key))
        .collect();
    format!("`{key}` applies to {}", roles.join(", "))
}
