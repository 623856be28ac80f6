//! The derive's compile errors, snapshot by snapshot: each `tests/ui/<category>/<case>.rs`
//! must fail to compile with exactly the `.stderr` beside it.
//!
//! Snapshots hold the compiler's wording, so this test exists only on the toolchain they were
//! taken with. Refresh them with `TRYBUILD=overwrite cargo test --all-features --test ui` and
//! read the diff.

#[rustversion::stable(1.95)]
#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("tests/ui/*/*.rs");
}
