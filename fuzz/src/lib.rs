//! Shared by the fuzz targets: the contract's checks, the same file the property tests use, and
//! chrono as an oracle for the RFC 3339 parser, the same file its unit tests use.
#![forbid(unsafe_code)]

#[path = "../../tests/suite/tests/contract/mod.rs"]
pub mod contract;

#[path = "../../token-core/src/time/rfc3339/oracle.rs"]
pub mod rfc3339_oracle;
