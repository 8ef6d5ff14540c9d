//! How long a city's ledger takes to report, to filter and to decode from storage: ignored tests to run by hand.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::report::ReportBase;
use super::template::{render, Filled, DEFAULT_TEMPLATE};
use crate::domain::{Ledger, Scope};
use crate::generate::{ledger, Size};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The median and the best of five runs of `run`.
fn five_times<T>(mut run: impl FnMut() -> T) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[2], times[0])
}

/// A copy of `ledger` whose records were made in the order of their ids, as the app makes
/// them from IndexedDB's `getAll`. The generator makes them by day, so reading its ledger
/// by id jumps about the heap more than the app's does.
fn loaded(ledger: &Ledger) -> Ledger {
    let mut copy = Ledger {
        offices: ledger.offices.clone(),
        metrics: ledger.metrics.clone(),
        campaigns: ledger.campaigns.clone(),
        ..Ledger::default()
    };
    for p in ledger.petitions.values() {
        copy.petitions.insert(p.meta.id.clone(), p.clone());
    }
    for t in ledger.tallies.values() {
        copy.tallies.insert(t.meta.id.clone(), t.clone());
    }
    copy
}

/// Times the base of 100,000 petitions and 500,000 tallies, then the report of a month and
/// of a year from it and the whole default document of each; run
/// `cargo test --release --lib measure_a_report -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn measure_a_report_of_a_large_ledger() {
    let ledger = ledger(1, Size::LARGE, day("2022-08-21"));
    let (median, best) = five_times(|| ReportBase::of(&ledger));
    eprintln!("ReportBase::of: median {median:?} (best {best:?})");
    let as_loaded = loaded(&ledger);
    let (median, best) = five_times(|| ReportBase::of(&as_loaded));
    drop(as_loaded);
    eprintln!("ReportBase::of, as loaded: median {median:?} (best {best:?})");
    let base = ReportBase::of(&ledger);
    let scopes = [
        (
            "one month",
            Scope::new(day("2022-07-01"), day("2022-07-31"), None),
        ),
        (
            "one year",
            Scope::new(day("2021-08-01"), day("2022-07-31"), None),
        ),
        (
            "from 2021 to a later today (the bench's period)",
            Scope::new(day("2021-01-01"), day("2026-12-03"), None),
        ),
    ];
    for (name, scope) in &scopes {
        // Judged each time on a day not judged on before: the petitions of every month are
        // counted as of it.
        let mut days_back = 0;
        let (median, best) = five_times(|| {
            days_back += 1;
            let judged = Scope {
                as_of: scope.as_of - chrono::Days::new(days_back),
                ..scope.clone()
            };
            base.report(&judged)
        });
        eprintln!("ReportBase::report, {name}, a new as-of day: median {median:?} (best {best:?})");
        let (median, best) = five_times(|| base.report(scope));
        eprintln!("ReportBase::report, {name}: median {median:?} (best {best:?})");
        let report = base.report(scope);
        let filled = Filled::default();
        let (median, best) = five_times(|| render(DEFAULT_TEMPLATE, &report, &filled));
        eprintln!("the whole default document, {name}: median {median:?} (best {best:?})");
    }
}

/// Times the petition filter over 100,000 petitions as the bench types: each key of a piece
/// of an ID number, then each Backspace back to nothing; run
/// `cargo test --release --lib measure_filtering -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn measure_filtering_a_large_ledger() {
    use crate::domain::calendar::Calendar;
    use crate::domain::{sorted_positions, Petition, PetitionFilter, PetitionIndex, Sort};

    let today = day("2022-08-21");
    let ledger = loaded(&ledger(1, Size::LARGE, today));
    let all: Vec<&Petition> = ledger.petitions.values().collect();
    let order = sorted_positions(&all, Sort::default(), |id| id.to_string());
    let (median, best) = five_times(|| PetitionIndex::build(ledger.petitions.values()));
    eprintln!("PetitionIndex::build: median {median:?} (best {best:?})");
    let calendar = Calendar::shipped();
    let typed = "9761127";
    let keys: Vec<&str> = (1..=typed.len())
        .chain((0..typed.len()).rev())
        .map(|end| &typed[..end])
        .collect();
    // Five runs, each on a new index (nothing remembered), each key's time and rows shown.
    let runs: Vec<Vec<(Duration, usize)>> = (0..5)
        .map(|_| {
            let index = PetitionIndex::build(ledger.petitions.values());
            keys.iter()
                .map(|text| {
                    let filter = PetitionFilter {
                        text: text.to_string(),
                        ..PetitionFilter::default()
                    };
                    let start = Instant::now();
                    let shown = index.filter(&filter, today, &calendar, &order).len();
                    (start.elapsed(), shown)
                })
                .collect()
        })
        .collect();
    for (at, text) in keys.iter().enumerate() {
        let mut times: Vec<Duration> = runs.iter().map(|run| run[at].0).collect();
        times.sort();
        eprintln!(
            "filter {text:?}: median {:?} (best {:?}), {} rows",
            times[2], times[0], runs[0][at].1
        );
    }
}

/// Times decoding the stored documents of 100,000 petitions and 500,000 tallies (one JSON
/// document per record, as a segment keeps them), the cold load's largest part, beside a
/// scan of the same text that builds nothing; run
/// `cargo test --release --lib measure_decoding -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn measure_decoding_stored_records() {
    use crate::domain::{Petition, Tally};
    use serde::de::{DeserializeOwned, IgnoredAny};

    fn documents<'a, R: serde::Serialize + 'a>(
        records: impl Iterator<Item = &'a R>,
    ) -> Vec<Vec<u8>> {
        records.map(|r| serde_json::to_vec(r).unwrap()).collect()
    }
    fn measure<R: DeserializeOwned>(name: &str, docs: &[Vec<u8>]) {
        let megabytes = docs.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
        let (median, best) = five_times(|| {
            for doc in docs {
                serde_json::from_slice::<IgnoredAny>(doc).unwrap();
            }
        });
        eprintln!("{name} ({megabytes:.1} MB) scanned: median {median:?} (best {best:?})");
        let (median, best) = five_times(|| {
            docs.iter()
                .map(|doc| serde_json::from_slice::<R>(doc).unwrap())
                .collect::<Vec<_>>()
        });
        eprintln!("{name} decoded: median {median:?} (best {best:?})");
    }

    let ledger = ledger(1, Size::LARGE, day("2022-08-21"));
    let petitions = documents(ledger.petitions.values());
    let tallies = documents(ledger.tallies.values());
    drop(ledger);
    measure::<Petition>("100,000 petitions", &petitions);
    measure::<Tally>("500,000 tallies", &tallies);
}
