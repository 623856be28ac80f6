//! Micro benches of single methods, derived beside hand-written: `scopes()` against the scope
//! count, `bearer_header()` against the token length, and the expiry methods.

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use criterion::{BenchmarkId, Criterion, Throughput};
use serde::Deserialize;
use token_response::{ReceivedAt, TokenResponse};

use crate::google::{Google, base64url};
use crate::hand::GoogleByHand;

/// The scope counts of the `scopes` group.
pub const SCOPE_COUNTS: [usize; 4] = [1, 10, 100, 1000];

/// The token lengths of the `bearer_header` group.
pub const TOKEN_LENGTHS: [usize; 3] = [16, 1024, 16 * 1024];

/// The seed model of the contract: `f64` times, the issue time's unit found at run time.
#[derive(Deserialize, TokenResponse)]
#[serde(rename_all = "camelCase")]
pub struct RefreshTokenAuthentication {
    pub access_token: String,
    pub token_type: Option<String>,
    pub expires_in: Option<f64>,
    pub created_at: f64,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
}

/// The issue time of every token here.
pub fn issued() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// The `now` the expiry methods are asked about: 30 minutes into the token's hour.
pub fn now() -> SystemTime {
    issued() + Duration::from_secs(1800)
}

/// A token of the seed model, issued at [`issued`].
pub fn seed() -> RefreshTokenAuthentication {
    RefreshTokenAuthentication {
        access_token: "ya29.a0".to_owned(),
        token_type: Some("Bearer".to_owned()),
        expires_in: Some(3599.0),
        created_at: 1_700_000_000.0,
        refresh_token: None,
        scope: None,
    }
}

/// A derived Google token and the same by hand, with `scope` and `access_token` as given.
pub fn tokens(scope: String, access_token: String) -> (Google, GoogleByHand) {
    let derived = Google {
        access_token: access_token.clone(),
        expires_in: 3599,
        token_type: "Bearer".to_owned(),
        scope: scope.clone(),
        refresh_token: None,
        received_at: ReceivedAt::from(issued()),
    };
    let hand = GoogleByHand {
        access_token,
        expires_in: 3599,
        token_type: "Bearer".to_owned(),
        scope,
        refresh_token: None,
        received_at: issued(),
    };
    (derived, hand)
}

/// `n` Google-style scope URLs, space-separated.
pub fn scope_string(n: usize) -> String {
    (0..n).map(|i| format!("https://www.googleapis.com/auth/scope{i}")).collect::<Vec<_>>().join(" ")
}

pub fn scopes(c: &mut Criterion) {
    let mut group = c.benchmark_group("scopes");
    for n in SCOPE_COUNTS {
        let (derived, hand) = tokens(scope_string(n), "ya29.a0".to_owned());
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("derived", n), &derived, |b, t| {
            b.iter(|| {
                black_box(t).scopes().for_each(|scope| {
                    black_box(scope);
                })
            });
        });
        group.bench_with_input(BenchmarkId::new("hand", n), &hand, |b, t| {
            b.iter(|| {
                black_box(t).scopes().for_each(|scope| {
                    black_box(scope);
                })
            });
        });
    }
    group.finish();
}

pub fn bearer_header(c: &mut Criterion) {
    let mut group = c.benchmark_group("bearer_header");
    for len in TOKEN_LENGTHS {
        let (derived, hand) = tokens(String::new(), base64url(5, len));
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_with_input(BenchmarkId::new("derived", len), &derived, |b, t| {
            b.iter(|| black_box(t).bearer_header().expect("a bearer token"));
        });
        group.bench_with_input(BenchmarkId::new("hand", len), &hand, |b, t| {
            b.iter(|| black_box(t).bearer_header().expect("a bearer token"));
        });
    }
    group.finish();
}

pub fn expiry(c: &mut Criterion) {
    let mut group = c.benchmark_group("expiry");
    let (derived, hand) = tokens(String::new(), "ya29.a0".to_owned());
    let seed = seed();
    let now = now();
    // Both fail closed on a receipt time past 9999-12-31T23:59:59Z, which only code can set.
    let (mut late, mut late_by_hand) = tokens(String::new(), "ya29.a0".to_owned());
    late_by_hand.received_at = UNIX_EPOCH + Duration::from_secs(253_402_300_800);
    late.received_at = ReceivedAt::from(late_by_hand.received_at);
    assert_eq!(late.expires_at(), Some(UNIX_EPOCH));
    assert_eq!(late_by_hand.expires_at(), Some(UNIX_EPOCH));
    assert!(late.needs_refresh_at(now) && late_by_hand.needs_refresh_at(now));
    group.bench_function("expires_at/derived", |b| b.iter(|| black_box(&derived).expires_at()));
    group.bench_function("expires_at/hand", |b| b.iter(|| black_box(&hand).expires_at()));
    group.bench_function("expires_at/seed_f64", |b| b.iter(|| black_box(&seed).expires_at()));
    group.bench_function("needs_refresh_at/derived", |b| {
        b.iter(|| black_box(&derived).needs_refresh_at(black_box(now)))
    });
    group.bench_function("needs_refresh_at/hand", |b| b.iter(|| black_box(&hand).needs_refresh_at(black_box(now))));
    group.bench_function("needs_refresh_at/seed_f64", |b| b.iter(|| black_box(&seed).needs_refresh_at(black_box(now))));
    group.bench_function("remaining_at/derived", |b| b.iter(|| black_box(&derived).remaining_at(black_box(now))));
    group.bench_function("remaining_at/hand", |b| b.iter(|| black_box(&hand).remaining_at(black_box(now))));
    group.bench_function("remaining_at/seed_f64", |b| b.iter(|| black_box(&seed).remaining_at(black_box(now))));
    group.finish();
}
