//! A borrowed model of the input: the struct, its fields, and the role each field plays.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Generics, Ident, LitStr, Type};

use crate::attr;
use crate::ctxt::Ctxt;
use crate::roles::Role;

/// The struct the derive is on.
pub struct Input<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    pub attrs: attr::Container,
    /// `None` when the input is not a struct with named fields (the error is recorded).
    pub fields: Option<Vec<Field<'a>>>,
}

/// One named field.
pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: attr::Field,
    /// The role it plays: by attribute, else by name unless skipped.
    pub role: Option<Assigned>,
}

/// A field's role and where it came from.
#[derive(Clone, Copy)]
pub struct Assigned {
    pub role: &'static Role,
    /// The attribute key, or the name that matched.
    pub span: Span,
    pub by: By,
}

/// How a field got its role.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// A `#[token(...)]` role key.
    Attr,
    /// Its identifier.
    Ident,
    /// A name serde reads it under (`rename`, `alias`).
    SerdeName,
}

impl<'a> Input<'a> {
    /// The model of `input`, errors recorded in `cx`.
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Self {
        let attrs = attr::container(cx, &input.attrs);
        let fields = Self::fields(cx, input);
        Input { ident: &input.ident, generics: &input.generics, attrs, fields }
    }

    fn fields(cx: &Ctxt, input: &'a DeriveInput) -> Option<Vec<Field<'a>>> {
        let shape_error = |span: Span, what: &str| {
            cx.error(span, format!("`TokenResponse` can only be derived for a struct with named fields, not {what}"));
            None
        };
        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(_) => return shape_error(input.ident.span(), "a tuple struct"),
                Fields::Unit => return shape_error(input.ident.span(), "a unit struct"),
            },
            Data::Enum(data) => return shape_error(data.enum_token.span(), "an enum"),
            Data::Union(data) => return shape_error(data.union_token.span(), "a union"),
        };
        let fields = named
            .named
            .iter()
            .filter_map(|field| Some(Field::from_syn(cx, field.ident.as_ref()?, &field.ty, &field.attrs)))
            .collect();
        Some(fields)
    }
}

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, ident: &'a Ident, ty: &'a Type, attrs: &[syn::Attribute]) -> Self {
        let attrs = attr::field(cx, attrs);
        let role = match attrs.roles.first() {
            Some(&(role, span)) => Some(Assigned { role, span, by: By::Attr }),
            None if attrs.skip.is_some() => None,
            None => by_names(cx, ident, &attrs.serde_names),
        };
        Field { ident, ty, attrs, role }
    }
}

/// The role a field's names point at: its identifier's, else its first serde name's. A serde
/// name that points at another role is an error, at that name.
fn by_names(cx: &Ctxt, ident: &Ident, serde_names: &[LitStr]) -> Option<Assigned> {
    let mut chosen = Role::by_name(&ident.to_string()).map(|role| Assigned { role, span: ident.span(), by: By::Ident });
    let mut chosen_name = format!("the field's name `{}`", ident.unraw());
    for name in serde_names {
        let Some(role) = Role::by_name(&name.value()) else { continue };
        match chosen {
            None => {
                chosen = Some(Assigned { role, span: name.span(), by: By::SerdeName });
                chosen_name = format!("the serde name {:?}", name.value());
            }
            Some(first) if first.role == role => {}
            Some(first) => cx.error(
                name.span(),
                format!(
                    "the serde name {:?} points at the {} role, but {chosen_name} points at the {} role; \
                     a field takes one role: say which with `#[token({})]` or `#[token({})]`",
                    name.value(),
                    role.what,
                    first.role.what,
                    first.role.key,
                    role.key,
                ),
            ),
        }
    }
    chosen
}
