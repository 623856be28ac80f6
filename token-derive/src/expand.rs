//! The generated code: `impl TokenResponse` overriding `__fields` (every role's field, seen
//! through its role's trait) and, for a struct with a field `inherit` copies, `__inherit`; and
//! the optional redacting `Debug` impl.
//!
//! Both are emitted even beside errors, from whatever the model holds (no fields at all when
//! the input is not a struct with named fields), so the user's code that calls the trait shows
//! no follow-on errors, and a field type that does not fit its role is reported in the same
//! build as the attribute errors.
//!
//! The impls are not wrapped in `const _: () = { ... }`: they bring no `use` or item that could
//! clash with the user's, every path is absolute, and the wrapper costs rustc 8 M instructions
//! for the 100 seed structs, 2 % of what the derive adds (BENCHMARKS.md).

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::{DeriveInput, Ident, LitStr, Type, WherePredicate};

use crate::ast::{Field, Input};
use crate::ctxt::Ctxt;
use crate::roles::{ROLES, RoleOption, is_credential};
use crate::valid;

/// The derive: the impls, and every error.
pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let model = Input::from_syn(&cx, input);
    valid::check(&cx, &model);
    let krate = match &model.attrs.krate {
        Some(path) => path.to_token_stream(),
        None => quote!(::token_response),
    };
    let fields = model.fields.as_deref().unwrap_or_default();
    let token = token_impl(&model, fields, &krate);
    let debug = model.attrs.debug.map(|_| debug_impl(&model, fields, &krate));
    let errors = cx.into_compile_errors();
    quote!(#token #debug #errors)
}

/// `impl TokenResponse`: `__fields`, and `__inherit` when a copied role has a field. `krate` is
/// the facade's path: `::token_response` unless `#[token(crate = "...")]`.
fn token_impl(model: &Input<'_>, fields: &[Field<'_>], krate: &TokenStream) -> TokenStream {
    let p = &quote!(#krate::__private);
    let ident = model.ident;
    let (impl_generics, ty_generics, _) = model.generics.split_for_impl();
    let (mut entries, mut units, mut copies, mut bounds) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for role in ROLES {
        let Some(field) = fields.iter().find(|field| field.role.is_some_and(|assigned| assigned.role == role)) else {
            continue;
        };
        let (ty, key, member) = (field.ty, format_ident!("{}", role.key), field.ident);
        let field_trait = format_ident!("{}", role.field_trait);
        if mentions_type_param(model, ty) {
            bounds.push(syn::parse_quote!(#ty: #krate::#field_trait));
        }
        if role.copied {
            // The read and the copy go through one trait method each, written alike, so a type
            // that does not fit is one error (rustc merges the two), and names no private item.
            entries.push(quote!(#key: <#ty as #krate::#field_trait>::__read(&self.#member)));
            copies.push(quote! {
                <#ty as #krate::#field_trait>::__copy(&mut self.#member, &__previous.#member, __what.#key);
            });
        } else {
            let reference = reference(field);
            entries.push(quote!(#key: #reference));
        }
        match (role.option, field.attrs.unit, field.attrs.delimiter) {
            (Some(RoleOption::Unit(_)), Some((unit, _)), _) => {
                let variant = Ident::new(unit.variant(), Span::call_site());
                units.push(quote!(#key: #p::Unit::#variant));
            }
            (Some(RoleOption::Delimiter), _, Some(c)) => entries.push(quote!(scope_delimiter: #p::Delimiter::Char(#c))),
            _ => {}
        }
    }
    // Each entry given leaves less for `..DEFAULT` and `..NONE`; none left, Rust would call them
    // needless.
    let unit_roles = ROLES.iter().filter(|role| matches!(role.option, Some(RoleOption::Unit(_)))).count();
    if !units.is_empty() {
        let rest = (units.len() < unit_roles).then(|| quote!(..#p::Units::DEFAULT));
        entries.push(quote!(unit: #p::Units { #(#units,)* #rest }));
    }
    if let Some(seconds) = model.attrs.refresh_leeway {
        entries.push(quote!(refresh_leeway: #p::refresh_leeway(#seconds)));
    }
    let delimiter_roles = ROLES.iter().filter(|role| matches!(role.option, Some(RoleOption::Delimiter))).count();
    let every = ROLES.len() + 1 + delimiter_roles + 1;
    let rest = (entries.len() < every).then(|| quote!(..#p::Fields::NONE));
    let inherit = (!copies.is_empty()).then(|| {
        quote! {
            #[inline]
            fn __inherit(&mut self, __previous: &Self, __what: #p::Inherit) {
                #(#copies)*
            }
        }
    });
    let where_clause = where_clause(model, bounds);
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::TokenResponse for #ident #ty_generics #where_clause {
            #[inline]
            fn __fields(&self) -> #p::Fields<'_> {
                #p::Fields { #(#entries,)* #rest }
            }
            #inherit
        }
    }
}

/// `&self.<field>`, which coerces to the role's trait object. Its first token takes the span of
/// the field type's first token and its last that of the type's last, so a type that does not
/// fit the role is reported under the whole type; no other token the derive makes up carries a
/// user span, so lints take the code for generated.
fn reference(field: &Field<'_>) -> TokenStream {
    let mut tokens = field.ty.to_token_stream().into_iter();
    let first = tokens.next().map_or_else(Span::call_site, |token| token.span());
    let last = tokens.last().map_or(first, |token| token.span());
    let mut member = field.ident.clone();
    member.set_span(last);
    quote_spanned!(first=> &self.#member)
}

/// `Debug` showing every field but the secrets, which print as a fixed marker: the fields of the
/// secret roles, those whose names name a credential, and those marked `redact`.
fn debug_impl(model: &Input<'_>, fields: &[Field<'_>], krate: &TokenStream) -> TokenStream {
    let p = &quote!(#krate::__private);
    let ident = model.ident;
    let name = ident.to_string();
    let (impl_generics, ty_generics, _) = model.generics.split_for_impl();
    let mut bounds: Vec<WherePredicate> = Vec::new();
    let entries = fields.iter().map(|field| {
        let member = field.ident;
        let label = syn::ext::IdentExt::unraw(member).to_string();
        if is_secret(field) {
            quote!(.field(#label, &#p::Redacted))
        } else {
            if mentions_type_param(model, field.ty) {
                let ty = field.ty;
                bounds.push(syn::parse_quote!(#ty: ::core::fmt::Debug));
            }
            quote!(.field(#label, &self.#member))
        }
    });
    let entries: Vec<TokenStream> = entries.collect();
    let where_clause = where_clause(model, bounds);
    quote! {
        #[automatically_derived]
        impl #impl_generics ::core::fmt::Debug for #ident #ty_generics #where_clause {
            fn fmt(&self, __formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __formatter.debug_struct(#name) #(#entries)* .finish()
            }
        }
    }
}

/// Whether `#[token(debug)]` redacts `field`.
fn is_secret(field: &Field<'_>) -> bool {
    let names = std::iter::once(field.ident.to_string()).chain(field.attrs.serde_names.iter().map(LitStr::value));
    field.attrs.redact.is_some()
        || field.role.is_some_and(|assigned| assigned.role.secret)
        || names.into_iter().any(|name| is_credential(&name))
}

/// The struct's where clause plus `bounds`.
fn where_clause(model: &Input<'_>, bounds: Vec<WherePredicate>) -> Option<syn::WhereClause> {
    let mut clause = model.generics.where_clause.clone();
    if !bounds.is_empty() {
        let clause = clause.get_or_insert_with(|| syn::parse_quote!(where));
        clause.predicates.extend(bounds);
    }
    clause
}

/// Whether `ty` names one of the struct's type parameters, so its impl needs a bound.
fn mentions_type_param(model: &Input<'_>, ty: &Type) -> bool {
    fn walk(tokens: TokenStream, params: &[&Ident]) -> bool {
        tokens.into_iter().any(|tree| match tree {
            TokenTree::Ident(ident) => params.contains(&&ident),
            TokenTree::Group(group) => walk(group.stream(), params),
            TokenTree::Punct(_) | TokenTree::Literal(_) => false,
        })
    }
    let params: Vec<&Ident> = model.generics.type_params().map(|param| &param.ident).collect();
    !params.is_empty() && walk(ty.to_token_stream(), &params)
}
