//! How long a report of a city's ledger takes: an ignored test to run by hand.

use std::time::Instant;

use chrono::NaiveDate;

use super::report::build_report;
use crate::domain::Scope;
use crate::generate::{ledger, Size};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Times the report of a month and of a year over 100,000 petitions and 500,000 tallies;
/// run `cargo test --release --lib measure_a_report -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn measure_a_report_of_a_large_ledger() {
    let ledger = ledger(1, Size::LARGE, day("2022-08-21"));
    let scopes = [
        (
            "one month",
            Scope::new(day("2022-07-01"), day("2022-07-31"), None),
        ),
        (
            "one year",
            Scope::new(day("2021-08-01"), day("2022-07-31"), None),
        ),
    ];
    for (name, scope) in &scopes {
        let mut times = Vec::new();
        for _ in 0..5 {
            let start = Instant::now();
            let report = build_report(&ledger, scope);
            times.push(start.elapsed());
            std::hint::black_box(report);
        }
        times.sort();
        eprintln!(
            "build_report, {name}: median {:?} (best {:?})",
            times[2], times[0]
        );
    }
}
