//! `#[derive(TokenResponse)]`: use it through the `token-response` crate, which documents it.
//!
//! The crate is a pipeline: `attr` parses `#[token(...)]`, `ast` models the struct and gives
//! each field its role from the table in `roles`, `valid` checks rules across fields, and
//! `expand` writes the impl, beside every error found (all reported at once).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ast;
mod attr;
mod ctxt;
mod expand;
mod roles;
mod suggest;
mod valid;

use proc_macro::TokenStream;

/// Implements `token_response::TokenResponse` for a struct shaped like a token response.
/// See the `token-response` crate for the attributes.
#[proc_macro_derive(TokenResponse, attributes(token, serde))]
pub fn derive_token_response(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}
