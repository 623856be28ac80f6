//! Runtime benches, all in one run so their ratios compare: the per-response pipeline on two
//! Google bodies (derived, `TokenResponse` by hand, hand-written, `oauth2`, derived borrowing),
//! micro benches of single methods, the parse as `T` against `TokenOrError<T>`, and both parses
//! through `token_response::from_json` against `serde_json::from_str`.
//!
//! `cargo bench -p token-response-suite --bench runtime` runs them with criterion. For instruction counts, which a busy
//! machine does not disturb, run the built binary under callgrind with
//! `--instructions <id> <iterations>`: it runs one routine that many times and exits
//! (`scripts/instructions.sh` does this for every id). See BENCHMARKS.md.

mod from_json;
mod google;
mod hand;
mod micro;
mod token_or_error;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::Criterion;
use token_response::TokenResponse;

use crate::google::{Outcome, Pipeline};

/// The pipelines, by name.
const PIPELINES: [(&str, Pipeline); 5] = [
    ("derived", google::derived),
    ("trait_by_hand", google::trait_by_hand),
    ("hand", google::hand),
    ("oauth2", google::oauth2),
    ("borrowed", google::borrowed),
];

fn pipeline(c: &mut Criterion) {
    let now = SystemTime::now();
    for (body_name, openid) in google::BODIES {
        let body = google::body(openid);
        // All must do the same work: the same answers, five scopes of which four match.
        let outcomes: Vec<Outcome> = PIPELINES.iter().map(|(_, run)| run(&body, now)).collect();
        assert!(outcomes.iter().all(|outcome| *outcome == outcomes[0]), "pipelines disagree");
        assert_eq!((outcomes[0].0, outcomes[0].2), (4, false));
        // A token stored with its receipt time (2023) is read back alike, and is expired
        // (`oauth2`'s pipeline keeps its receipt time beside the token, not in it).
        let stored = body.replacen('{', r#"{"received_at": 1700000000.5,"#, 1);
        let outcomes: Vec<Outcome> =
            PIPELINES.iter().filter(|(name, _)| *name != "oauth2").map(|(_, run)| run(&stored, now)).collect();
        assert!(outcomes.iter().all(|outcome| *outcome == outcomes[0]), "stored receipt times disagree");
        assert!(outcomes[0].2, "a token received in 2023 needs a refresh");
        let mut group = c.benchmark_group(format!("pipeline/{body_name}"));
        for (name, run) in PIPELINES {
            group.bench_function(name, |b| b.iter(|| run(black_box(&body), black_box(now))));
        }
        group.finish();
    }
}

/// The routine an instruction count measures: `pipeline/<body>/<name>`,
/// `scopes/<derived|hand>/<count>`, `bearer_header/<derived|hand>/<length>` or
/// `expiry/<method>/<derived|hand|seed_f64>` or
/// `<token_or_error|from_json>/<body>/<owned|owned_wrapped|borrowed|borrowed_wrapped>`.
fn routine(id: &str) -> Option<Box<dyn Fn()>> {
    let parts: Vec<&str> = id.split('/').collect();
    let [group, a, b] = parts[..] else {
        return None;
    };
    match group {
        "pipeline" => {
            let (_, openid) = google::BODIES.into_iter().find(|(known, _)| *known == a)?;
            let (_, run) = PIPELINES.into_iter().find(|(known, _)| *known == b)?;
            let (body, now) = (google::body(openid), SystemTime::now());
            Some(sink(move || run(black_box(&body), black_box(now))))
        }
        "scopes" | "bearer_header" => {
            let size = b.parse().ok()?;
            let (derived, hand) = if group == "scopes" {
                micro::tokens(micro::scope_string(size), "ya29.a0".to_owned())
            } else {
                micro::tokens(String::new(), google::base64url(5, size))
            };
            Some(match (group, a) {
                ("scopes", "derived") => Box::new(move || {
                    black_box(&derived).scopes().for_each(|s| {
                        black_box(s);
                    });
                }),
                ("scopes", "hand") => Box::new(move || {
                    black_box(&hand).scopes().for_each(|s| {
                        black_box(s);
                    });
                }),
                ("bearer_header", "derived") => sink(move || black_box(&derived).bearer_header()),
                ("bearer_header", "hand") => sink(move || black_box(&hand).bearer_header()),
                _ => return None,
            })
        }
        "expiry" => {
            let (derived, hand) = micro::tokens(String::new(), "ya29.a0".to_owned());
            let seed = micro::seed();
            let now = micro::now();
            Some(match (a, b) {
                ("expires_at", "derived") => sink(move || black_box(&derived).expires_at()),
                ("expires_at", "hand") => sink(move || black_box(&hand).expires_at()),
                ("expires_at", "seed_f64") => sink(move || black_box(&seed).expires_at()),
                ("needs_refresh_at", "derived") => sink(move || black_box(&derived).needs_refresh_at(black_box(now))),
                ("needs_refresh_at", "hand") => sink(move || black_box(&hand).needs_refresh_at(black_box(now))),
                ("needs_refresh_at", "seed_f64") => sink(move || black_box(&seed).needs_refresh_at(black_box(now))),
                ("remaining_at", "derived") => sink(move || black_box(&derived).remaining_at(black_box(now))),
                ("remaining_at", "hand") => sink(move || black_box(&hand).remaining_at(black_box(now))),
                ("remaining_at", "seed_f64") => sink(move || black_box(&seed).remaining_at(black_box(now))),
                _ => return None,
            })
        }
        "token_or_error" | "from_json" => {
            let (_, openid) = google::BODIES.into_iter().find(|(known, _)| *known == a)?;
            let parses = if group == "from_json" { from_json::PARSES } else { token_or_error::PARSES };
            let (_, parse) = parses.into_iter().find(|(known, _)| *known == b)?;
            let body = google::body(openid);
            Some(sink(move || parse(black_box(&body))))
        }
        _ => None,
    }
}

/// `f` as a routine, its result kept from the optimizer.
fn sink<T>(f: impl Fn() -> T + 'static) -> Box<dyn Fn()> {
    Box::new(move || {
        black_box(f());
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, id, iterations] = args.as_slice() {
        if flag == "--instructions" {
            let run = routine(id).unwrap_or_else(|| panic!("unknown routine {id}"));
            let iterations: u64 = iterations.parse().expect("an iteration count");
            for _ in 0..iterations {
                run();
            }
            return;
        }
    }
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    pipeline(&mut c);
    micro::scopes(&mut c);
    micro::bearer_header(&mut c);
    micro::expiry(&mut c);
    token_or_error::bench(&mut c, "token_or_error", token_or_error::PARSES);
    token_or_error::bench(&mut c, "from_json", from_json::PARSES);
    c.final_summary();
}
