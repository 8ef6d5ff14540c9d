//! Writes a generated city ledger as an exchange file, for benchmarks and load tests:
//! `cargo run --release --bin generate -- <petitions> <tallies> <seed> <file>`.

use chrono::{NaiveDate, TimeZone, Utc};
use taizhang::exchange::{export, ExportOptions, Source};
use taizhang::generate::{ledger, Size};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [petitions, tallies, seed, path] = args.as_slice() else {
        eprintln!("usage: generate <petitions> <tallies> <seed> <file>");
        std::process::exit(2);
    };
    let number = |text: &str| -> u64 {
        text.parse().unwrap_or_else(|_| {
            eprintln!("not a number: {text}");
            std::process::exit(2)
        })
    };
    let size = Size {
        petitions: number(petitions) as usize,
        tallies: number(tallies) as usize,
    };
    let today = NaiveDate::from_ymd_opt(2022, 8, 21).expect("a date");
    let generated = ledger(number(seed), size, today);
    let source = Source {
        device: "generator".into(),
        office_id: generated
            .offices
            .keys()
            .next()
            .map(|id| id.to_string())
            .unwrap_or_default(),
        app_version: env!("CARGO_PKG_VERSION").into(),
    };
    let at = Utc.with_ymd_and_hms(2022, 8, 21, 2, 0, 0).unwrap();
    let text = export(&generated, &ExportOptions::default(), &source, at);
    if let Err(error) = std::fs::write(path, text) {
        eprintln!("cannot write {path}: {error}");
        std::process::exit(1);
    }
}
