//! The generated code: the `TokenResponse` impl, the optional redacting `Debug` impl, and the
//! fallback emitted beside errors so the user's other code shows no follow-on errors.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, Type, WherePredicate};

use crate::ast::{Field, Input};
use crate::ctxt::Ctxt;
use crate::roles::{Role, RoleOption};
use crate::valid;

/// The derive: the impls, or the fallback and every error.
pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let model = Input::from_syn(&cx, input);
    if let Some(fields) = &model.fields {
        valid::check(&cx, &model, fields);
    }
    let private = private_path(&model);
    let impls = match &model.fields {
        Some(fields) if !cx.has_errors() => {
            let debug = model.attrs.debug.then(|| debug_impl(&model, fields, &private));
            let token = token_response_impl(&model, fields, &private);
            quote!(#token #debug)
        }
        _ => fallback(&model, &private),
    };
    let errors = cx.into_compile_errors();
    quote! {
        const _: () = { #impls };
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

fn token_response_impl(model: &Input<'_>, fields: &[Field<'_>], p: &TokenStream) -> TokenStream {
    let ident = model.ident;
    let (impl_generics, ty_generics, _) = model.generics.split_for_impl();
    let mut bounds = Vec::new();
    let methods = fields.iter().filter_map(|field| {
        let assigned = field.role?;
        let role = assigned.role;
        if mentions_type_param(model, field.ty) {
            let (ty, accepts) = (field.ty, (role.accepts)(p));
            bounds.push(syn::parse_quote!(#ty: #accepts));
        }
        Some(accessor(field, role, p))
    });
    let methods: Vec<TokenStream> = methods.collect();
    let leeway = model.attrs.refresh_leeway.map(|seconds| {
        quote! {
            #[inline]
            fn refresh_leeway(&self) -> #p::Duration {
                #p::refresh_leeway(#seconds)
            }
        }
    });
    let where_clause = where_clause(model, bounds);
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::TokenResponse for #ident #ty_generics #where_clause {
            #(#methods)*
            #leeway
        }
    }
}

/// The accessor of one role: a call of its `__private` function, spanned at the field's type so
/// a type that does not fit the role is reported there.
fn accessor(field: &Field<'_>, role: &Role, p: &TokenStream) -> TokenStream {
    let method = format_ident!("{}", role.method);
    let returns = (role.returns)(p);
    let (member, ty) = (field.ident, field.ty);
    let option = role.option.map(|option| match option {
        RoleOption::Unit(units) => {
            let unit = field.attrs.unit.as_ref().map_or(units[0].to_owned(), syn::LitStr::value);
            let variant = Ident::new(unit_variant(&unit), Span::call_site());
            quote!(, #p::Unit::#variant)
        }
        RoleOption::Delimiter => match field.attrs.delimiter {
            Some((c, _)) => quote!(, #p::Delimiter::Char(#c)),
            None => quote!(, #p::Delimiter::Whitespace),
        },
    });
    let call = quote_spanned!(ty.span()=> #p::#method::<#ty>(&self.#member #option));
    quote! {
        #[inline]
        fn #method(&self) -> #returns {
            #call
        }
    }
}

/// The `Unit` variant a `unit = "..."` value names.
fn unit_variant(unit: &str) -> &'static str {
    match unit {
        "s" => "Seconds",
        "ms" => "Millis",
        _ => "Auto",
    }
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

/// Impls that compile whatever the input, emitted beside errors: the user's calls of trait
/// methods then report nothing more. Their bodies never run, as the build fails.
fn fallback(model: &Input<'_>, p: &TokenStream) -> TokenStream {
    let ident = model.ident;
    let (impl_generics, ty_generics, where_clause) = model.generics.split_for_impl();
    let debug = model.attrs.debug.then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::fmt::Debug for #ident #ty_generics #where_clause {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str("")
                }
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #p::TokenResponse for #ident #ty_generics #where_clause {
            fn access_token(&self) -> &::core::primitive::str {
                ""
            }
        }
        #debug
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
