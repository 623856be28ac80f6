//! The generated code: the `__private::Fields` impl, which token-core's blanket impl turns into
//! `TokenResponse` (one method a struct keeps the derive cheap to type-check), and the optional
//! redacting `Debug` impl.
//!
//! Both are emitted even beside errors, from whatever the model holds (no fields at all when
//! the input is not a struct with named fields), so the user's code that calls the trait shows
//! no follow-on errors, and a field type that does not fit its role is reported in the same
//! build as the attribute errors.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote};
use syn::{DeriveInput, Ident, Type, WherePredicate};

use crate::ast::{Field, Input};
use crate::ctxt::Ctxt;
use crate::roles::{ROLES, Role, RoleOption};
use crate::valid;

/// The derive: the impls, and every error.
pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let model = Input::from_syn(&cx, input);
    valid::check(&cx, &model);
    let private = private_path(&model);
    let fields = model.fields.as_deref().unwrap_or_default();
    let token = fields_impl(&model, fields, &private);
    let debug = model.attrs.debug.then(|| debug_impl(&model, fields, &private));
    let errors = cx.into_compile_errors();
    quote! {
        const _: () = { #token #debug };
        #errors
    }
}

/// `<crate>::__private`, the crate being `::token_response` unless `#[token(crate = "...")]`.
fn private_path(model: &Input<'_>) -> TokenStream {
    match &model.attrs.krate {
        Some(path) => quote!(#path::__private),
        None => quote!(::token_response::__private),
    }
}

/// `Fields`: every role's field, checked against its role's trait, with the role's option.
fn fields_impl(model: &Input<'_>, fields: &[Field<'_>], p: &TokenStream) -> TokenStream {
    let ident = model.ident;
    let (impl_generics, ty_generics, _) = model.generics.split_for_impl();
    let mut bounds = Vec::new();
    // A role with no field keeps `RawFields::NONE`'s `None`; for the access token that stands
    // beside the error already recorded.
    let entries = ROLES.iter().filter_map(|role| {
        let field = fields.iter().find(|field| field.role.is_some_and(|assigned| assigned.role == role))?;
        if mentions_type_param(model, field.ty) {
            let (ty, accepts) = (field.ty, (role.accepts)(p));
            bounds.push(syn::parse_quote!(#ty: #accepts));
        }
        Some(entry(field, role, p))
    });
    let entries: Vec<TokenStream> = entries.collect();
    let leeway = model.attrs.refresh_leeway.map(|seconds| quote!(refresh_leeway: #p::refresh_leeway(#seconds),));
    // `..NONE` fills in the rest; a struct with every role and a leeway has no rest, and Rust
    // refuses a struct update with nothing to update.
    let rest = (entries.len() < ROLES.len() || leeway.is_none()).then(|| quote!(..#p::RawFields::NONE));
    let where_clause = where_clause(model, bounds);
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::Fields for #ident #ty_generics #where_clause {
            #[inline]
            fn fields(&self) -> #p::RawFields<'_> {
                #p::RawFields {
                    #(#entries,)*
                    #leeway
                    #rest
                }
            }
        }
    }
}

/// One role's entry: its `__private` function, with the field's type spelt out, and the role's
/// option. The type keeps the user's span, so a type that does not fit the role is reported at
/// it; no token the derive makes up carries a user span, so lints take the code for generated.
fn entry(field: &Field<'_>, role: &Role, p: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", role.entry);
    let (member, ty) = (field.ident, field.ty);
    let option = role.option.map(|option| match option {
        RoleOption::Unit(units) => {
            // The default stands in for a unit the role does not take, an error already recorded.
            let given = field.attrs.unit.as_ref().map(syn::LitStr::value);
            let (_, variant) = units.iter().find(|(unit, _)| given.as_deref() == Some(unit)).unwrap_or(&units[0]);
            let variant = Ident::new(variant, Span::call_site());
            quote!(, #p::Unit::#variant)
        }
        RoleOption::Delimiter => match field.attrs.delimiter {
            Some(c) => quote!(, #p::Delimiter::Char(#c)),
            None => quote!(, #p::Delimiter::Whitespace),
        },
    });
    quote!(#name: #p::#name::<#ty>(&self.#member #option))
}

/// `Debug` showing every field but the secrets, which print as a fixed marker.
fn debug_impl(model: &Input<'_>, fields: &[Field<'_>], p: &TokenStream) -> TokenStream {
    let ident = model.ident;
    let name = ident.to_string();
    let (impl_generics, ty_generics, _) = model.generics.split_for_impl();
    let mut bounds: Vec<WherePredicate> = Vec::new();
    let entries = fields.iter().map(|field| {
        let member = field.ident;
        let label = syn::ext::IdentExt::unraw(member).to_string();
        if field.role.is_some_and(|assigned| assigned.role.secret) {
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
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #(#entries)* .finish()
            }
        }
    }
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
