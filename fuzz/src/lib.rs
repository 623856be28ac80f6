//! Shared by the fuzz targets: the contract's checks, the same file the property tests use.
#![forbid(unsafe_code)]

#[path = "../../tests/contract/mod.rs"]
pub mod contract;
