//! Fuzzing (issue 17): three targets that feed damaged and strange input to what reads
//! outside data: the exchange reader and planner (then every page's use of what was
//! imported), the spreadsheet reader and tally planner, and the report template. A case
//! passes when nothing panics; the test fails naming each case that did, with its input
//! written to `target/fuzz-failures/`.
//!
//! `cargo test` runs `FUZZ_CASES` cases per target (1,000 by default); `make fuzz` runs for
//! `FUZZ_SECONDS` per target in a release build. Cases come from a seeded generator
//! (`FUZZ_SEED`), so a failure is found again by its seed and number.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

/// A small deterministic generator (SplitMix64): the same seed gives the same cases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Numbers at the edges of what JSON, `u32`, `f64` and the format's bounds hold.
const EXTREME_NUMBERS: &[&str] = &[
    "0",
    "-1",
    "-0",
    "1e308",
    "-1e308",
    "1e-320",
    "4294967295",
    "4294967296",
    "1000000000",
    "1000000001",
    "18446744073709551616",
    "9007199254740993",
    "0.30000000000000004",
    "1.5",
    "NaN",
    "Infinity",
];

/// Values that pass the format's checks yet sit at its edges.
const STRANGE_VALUES: &[&str] = &[
    "\"1900-01-01\"",
    "\"2100-12-31\"",
    "\"2100-02-28\"",
    "\"2000-02-29\"",
    "\"1900-01-01T00:00:00.000Z\"",
    "\"2100-12-31T23:59:59.999Z\"",
    "\"2100-12-31T23:59:59+14:00\"",
    "\"\"",
    "null",
    "[]",
    "{}",
    "true",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"=cmd|' /C calc'!A0\"",
    "\"<script>alert(1)</script>\"",
    "\"{{ 7*7 }}\"",
];

/// Changes `input` in one of the ways files get damaged or crafted.
pub fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = out.len().max(1);
        let at = rng.below(len).min(out.len());
        match rng.below(10) {
            // A flipped bit.
            0 => {
                if let Some(byte) = out.get_mut(at) {
                    *byte ^= 1 << rng.below(8);
                }
            }
            // A run of bytes taken from elsewhere in the input (a splice).
            1 => {
                let from = rng.below(len).min(out.len());
                let to = (from + rng.below(200)).min(out.len());
                let piece = out[from..to].to_vec();
                out.splice(at..at, piece);
            }
            // A cut: the end lost, or a run removed.
            2 => {
                if rng.below(2) == 0 {
                    out.truncate(at);
                } else {
                    let to = (at + rng.below(64)).min(out.len());
                    out.drain(at..to);
                }
            }
            // A number replaced by an extreme one.
            3 | 4 => replace_token(rng, &mut out, |b| b.is_ascii_digit(), EXTREME_NUMBERS),
            // A string value replaced by a strange one.
            5 | 6 => replace_string(rng, &mut out),
            // Deep nesting.
            7 => {
                let depth = 1 + rng.below(200);
                let nest = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
                insert_field(&mut out, at, "x_deep", &nest);
            }
            // A huge string.
            8 => {
                let huge = format!("\"{}\"", "台".repeat(1 + rng.below(400_000)));
                insert_field(&mut out, at, "x_huge", &huge);
            }
            // Random bytes.
            _ => {
                let n = 1 + rng.below(8);
                let noise: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                out.splice(at..at, noise);
            }
        }
    }
    out
}

/// Replaces a run of bytes that `belongs` with one of `replacements`.
fn replace_token(rng: &mut Rng, out: &mut Vec<u8>, belongs: fn(&u8) -> bool, with: &[&str]) {
    let starts: Vec<usize> = (0..out.len())
        .filter(|&i| belongs(&out[i]) && (i == 0 || !belongs(&out[i - 1])))
        .collect();
    if starts.is_empty() {
        return;
    }
    let start = *rng.pick(&starts);
    let end = (start..out.len())
        .find(|&i| !belongs(&out[i]))
        .unwrap_or(out.len());
    out.splice(start..end, rng.pick(with).bytes());
}

/// Replaces one JSON string value (the text after `":"`) with a strange value.
fn replace_string(rng: &mut Rng, out: &mut Vec<u8>) {
    let starts: Vec<usize> = out
        .windows(3)
        .enumerate()
        .filter(|(_, w)| w == b"\":\"")
        .map(|(i, _)| i + 2)
        .collect();
    if starts.is_empty() {
        return;
    }
    let start = *rng.pick(&starts);
    let end = (start + 1..out.len())
        .find(|&i| out[i] == b'"' && out[i - 1] != b'\\')
        .map_or(out.len(), |i| i + 1);
    out.splice(start..end, rng.pick(STRANGE_VALUES).bytes());
}

/// Inserts `"key":value,` after the `{` at or before `at`, if there is one.
fn insert_field(out: &mut Vec<u8>, at: usize, key: &str, value: &str) {
    if let Some(open) = out[..at].iter().rposition(|b| *b == b'{') {
        let field = format!("\"{key}\":{value},");
        out.splice(open + 1..open + 1, field.bytes());
    }
}

/// How many cases, or for how long, each target runs.
pub struct Budget {
    pub seed: u64,
    cases: usize,
    until: Option<Instant>,
}

impl Budget {
    pub fn from_env() -> Budget {
        let read = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        Budget {
            seed: read("FUZZ_SEED").unwrap_or(17),
            cases: read("FUZZ_CASES").map_or(1_000, |n| n as usize),
            until: read("FUZZ_SECONDS").map(|s| Instant::now() + Duration::from_secs(s)),
        }
    }

    fn goes_on(&self, case: usize) -> bool {
        match self.until {
            Some(until) => Instant::now() < until,
            None => case < self.cases,
        }
    }
}

/// What a target run did: the cases run, how many went deep (past the first refusal), and
/// the number of each case that panicked (its input written to `target/fuzz-failures/`).
pub struct Outcome {
    pub cases: usize,
    pub deep: usize,
    pub failures: Vec<usize>,
}

/// Runs `target` on `make_case(rng)` until the budget is spent. The target says whether the
/// case went deep.
pub fn run(
    name: &str,
    budget: &Budget,
    mut make_case: impl FnMut(&mut Rng) -> Vec<u8>,
    target: impl Fn(&[u8]) -> bool,
) -> Outcome {
    eprintln!("fuzz {name}: seed {}", budget.seed);
    let mut rng = Rng::new(budget.seed);
    let mut failures = Vec::new();
    let mut case = 0;
    let mut deep = 0;
    // A case that never ends is a finding too: with FUZZ_TRACE set, each input is written
    // before it runs, so the one that hangs is there to read.
    let trace = std::env::var_os("FUZZ_TRACE").map(|_| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
        let _ = std::fs::create_dir_all(&dir);
        dir.join(format!("{name}-current"))
    });
    while budget.goes_on(case) {
        let input = make_case(&mut rng);
        if let Some(path) = &trace {
            let _ = std::fs::write(path, &input);
            let _ = std::fs::write(path.with_extension("case"), case.to_string());
        }
        let went = catch_unwind(AssertUnwindSafe(|| target(&input)));
        deep += usize::from(matches!(went, Ok(true)));
        if went.is_err() {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join(format!("{name}-{}-{case}", budget.seed)), &input);
            failures.push(case);
        }
        case += 1;
    }
    Outcome {
        cases: case,
        deep,
        failures,
    }
}

pub fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date written in the code")
}

#[cfg(test)]
mod targets {
    use std::collections::BTreeMap;

    use super::*;
    use crate::domain::notice::NoticeKind;
    use crate::domain::tally_import::{guess_header, ImportContext};
    use crate::domain::{
        dashboard, plan_tally_import, totals, validate_petition, Calendar, Condition, Ledger,
        PetitionFilter, Scope, TallyScope,
    };
    use crate::exchange::testing::{export_time, exported, sample_ledger, source, stamp, today};
    use crate::exchange::{
        apply, export, parse, plan_import, undo_writes, ExportOptions, UndoEntry,
    };
    use crate::report::report::build_report;
    use crate::report::template::{
        blanks, figure_names, render, Filled, TemplateErrorKind, DEFAULT_TEMPLATE,
    };
    use crate::sheet::{read_csv, read_xlsx};

    /// What the pages do with a ledger: the dashboard, every list condition, each petition's
    /// page (its checks, facts and documents), the report, the totals, a new export.
    fn use_ledger(ledger: &Ledger) {
        let calendar = Calendar::shipped();
        let today = today();
        let _ = dashboard(ledger.petitions.values(), today, &calendar);
        for p in ledger.petitions.values() {
            for condition in Condition::ALL {
                let _ = PetitionFilter::only(*condition).matches(p, today, &calendar);
            }
            let _ = validate_petition(p, today, &calendar, ledger.petitions.values());
            let _ = NoticeKind::available(p);
        }
        let scope = Scope::new(day("2022-01-01"), today, None);
        let _ = build_report(ledger, &scope);
        let _ = totals(ledger.tallies.values(), &TallyScope::default());
        let _ = export(ledger, &ExportOptions::default(), &source(), export_time());
    }

    fn exchange_target(base: &Ledger) -> impl Fn(&[u8]) -> bool + '_ {
        move |bytes| {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return false; // refused before reading: the page's fatal decoder
            };
            let Ok(parsed) = parse(text, base, today()) else {
                return false;
            };
            let plan = plan_import(base, parsed.valid_records().cloned());
            let mut ledger = base.clone();
            apply(&mut ledger, &plan);
            let entry = UndoEntry::new("undo".into(), export_time(), "fuzz".into(), base, &plan);
            let _ = undo_writes(&ledger, &entry, &stamp("dev", 1));
            use_ledger(&ledger);
            true
        }
    }

    fn check(name: &str, outcome: Outcome) {
        let Outcome {
            cases,
            deep,
            failures,
        } = outcome;
        eprintln!(
            "fuzz {name}: {cases} cases, {deep} read through, {} panicked",
            failures.len()
        );
        assert!(
            failures.is_empty(),
            "{name}: cases {failures:?} panicked (inputs in target/fuzz-failures/)"
        );
        // A fuzzer whose cases all stop at the first refusal tests nothing past it.
        assert!(
            deep * 5 >= cases,
            "{name}: only {deep} of {cases} cases read through"
        );
    }

    #[test]
    fn fuzz_the_exchange_reader_and_planner() {
        let base = sample_ledger();
        let seeds = [
            exported(&base, &ExportOptions::default()),
            exported(
                &base,
                &ExportOptions {
                    redact: true,
                    ..ExportOptions::default()
                },
            ),
        ];
        let budget = Budget::from_env();
        let result = run(
            "exchange",
            &budget,
            |rng| {
                let seed = rng.pick(&seeds).clone();
                mutate(rng, seed.as_bytes())
            },
            exchange_target(&base),
        );
        check("exchange", result);
    }

    #[test]
    fn fuzz_the_spreadsheet_reader() {
        use crate::sheet::tests::xlsx::{workbook, Put};
        let base = sample_ledger();
        let csv = "日期,单位,指标,数值,备注\n2022-08-01,GA,arrests,3,\n2022-08-02,GA,抓获,4,x\n";
        let wide = "日期,单位,抓获犯罪嫌疑人（人）,破获刑事案件（起）\n2022-08-01,GA,3,4\n";
        let book = workbook(
            "Sheet1",
            &[
                vec![
                    Put::Text("日期"),
                    Put::Text("单位"),
                    Put::Text("指标"),
                    Put::Text("数值"),
                ],
                vec![
                    Put::Date(2022, 8, 1),
                    Put::Text("GA"),
                    Put::Text("arrests"),
                    Put::Number(3.0),
                ],
                vec![
                    Put::Number(1e15),
                    Put::Text("GA"),
                    Put::Text("arrests"),
                    Put::Number(-1.0),
                ],
            ],
        );
        let seeds: Vec<Vec<u8>> = vec![csv.into(), wide.into(), book];
        let budget = Budget::from_env();
        let result = run(
            "sheet",
            &budget,
            |rng| match rng.below(3) {
                // A workbook written cell by cell with strange but well-formed values.
                0 => strange_workbook(rng),
                _ => {
                    let seed = rng.pick(&seeds).clone();
                    mutate(rng, &seed)
                }
            },
            |bytes| {
                let sheets = match read_xlsx(bytes) {
                    Ok(sheets) => sheets,
                    Err(_) => match std::str::from_utf8(bytes) {
                        Ok(text) => vec![read_csv(text)],
                        Err(_) => return false,
                    },
                };
                let mut planned = false;
                let rows_of = |sheet: &crate::sheet::Sheet| {
                    let rows = sheet.rows.iter().skip(1);
                    rows.filter(|row| row.iter().any(|cell| !cell.is_empty()))
                        .count()
                };
                for sheet in sheets {
                    let Some(header) = sheet.rows.first() else {
                        continue;
                    };
                    let guess = guess_header(header, &base);
                    let ctx = ImportContext {
                        ledger: &base,
                        this_office: crate::exchange::testing::OFFICE_GA,
                        campaign: None,
                        today: today(),
                    };
                    let _ = plan_tally_import(&sheet, 1, &guess.map, &ctx, &stamp("dev", 1));
                    planned |= rows_of(&sheet) > 0;
                }
                planned
            },
        );
        check("sheet", result);
    }

    /// A workbook of a header the importer knows and rows of strange values: extreme
    /// numbers, dates at and past the edges, long and odd texts.
    fn strange_workbook(rng: &mut Rng) -> Vec<u8> {
        use crate::sheet::tests::xlsx::{workbook, Put};
        const TEXTS: &[&str] = &[
            "GA",
            "FY",
            "arrests",
            "抓获",
            "2022-08-01",
            "1900-01-01",
            "2101-01-01",
            "22-08-01",
            "=1+1",
            "",
            " ",
            "三",
            "1e400",
            "-5",
            "NaN",
        ];
        const NUMBERS: &[f64] = &[
            0.0,
            -1.0,
            1.5,
            1e15,
            1e308,
            -1e308,
            f64::MIN_POSITIVE,
            2_958_465.0,
            2_958_466.0,
            60.0,
            1.0,
            4_294_967_296.0,
        ];
        let header = [
            Put::Text("日期"),
            Put::Text("单位"),
            Put::Text("指标"),
            Put::Text("数值"),
        ];
        let mut rows = vec![header.into_iter().collect::<Vec<_>>()];
        for _ in 0..1 + rng.below(20) {
            let row = (0..4)
                .map(|_| match rng.below(4) {
                    0 => Put::Text(TEXTS[rng.below(TEXTS.len())]),
                    1 => Put::Number(*rng.pick(NUMBERS)),
                    2 => Put::Date(
                        *rng.pick(&[1900u16, 1904, 2022, 2100, 9999]),
                        1 + rng.below(12) as u8,
                        1 + rng.below(28) as u8,
                    ),
                    _ => Put::Blank,
                })
                .collect();
            rows.push(row);
        }
        workbook("Sheet1", &rows)
    }

    /// Template pieces that loop, recurse, grow or break the syntax.
    const TEMPLATE_PIECES: &[&str] = &[
        "{% for a in \"0123456789\" %}{% for b in \"0123456789\" %}{% for c in \"0123456789\" %}{% for d in \"0123456789\" %}{% for e in \"0123456789\" %}{% for f in \"0123456789\" %}{{ a }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
        "{% for a in \"0123456789\" %}{% for b in \"0123456789\" %}{% for c in \"0123456789\" %}{{ \"甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸\" }}{% endfor %}{% endfor %}{% endfor %}",
        "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
        "{{ visits / 0 }}",
        "{{ visits // 0 }}",
        "{{ visits ** 100000 }}",
        "{{ -visits }}",
        "{{ 99999999999999999999 }}",
        "{{ wan(visits) }}{{ approx(\"余\") }}",
        "{{ campaign(\"\").gangs_busted }}",
        "{{ campaign(\"铁血风暴\", \"春雷行动\").arrests }}",
        "{{ month(\"2022-13\").visits }}",
        "{{ month(\"99999-01\").visits }}",
        "{{ month(\"\").visits }}",
        "{{ best_month.visits }}",
        "{{ change.closure_rate }}{{ prev.t.arrests }}",
        "{{ visits | count }}",
        "{% if visits %}{{ period.as_of }}{% else %}{{ period.year }}{% endif %}",
        "{{ blank.城市 }}",
        "{{",
        "{%",
        "{% endfor %}",
        "{{ nothing.at.all }}",
        "{% include 'x' %}",
        "{# #}",
        "\u{0}",
    ];

    #[test]
    fn fuzz_the_report_template() {
        let base = sample_ledger();
        let report = build_report(&base, &Scope::new(day("2022-01-01"), today(), None));
        let names = figure_names();
        let seeds: Vec<Vec<u8>> = vec![
            DEFAULT_TEMPLATE.into(),
            "本期受理{{ visits }}件。\n".into(),
            "{% for c in \"甲乙\" %}{{ c }}{{ t.arrests }}{% endfor %}\n".into(),
        ];
        let budget = Budget::from_env();
        let result = run(
            "template",
            &budget,
            |rng| {
                let mut bytes = rng.pick(&seeds).clone();
                let piece = match rng.below(3) {
                    0 => return mutate(rng, &bytes),
                    1 => format!("{{{{ {} }}}}", rng.pick(&names).0),
                    _ => rng.pick(TEMPLATE_PIECES).to_string(),
                };
                // At the start of a line: outside any tag, as a user would add a sentence.
                let lines: Vec<usize> = std::iter::once(0)
                    .chain(
                        bytes
                            .iter()
                            .enumerate()
                            .filter(|(_, b)| **b == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .collect();
                let at = *rng.pick(&lines);
                bytes.splice(at..at, piece.bytes());
                bytes
            },
            |bytes| {
                let text = String::from_utf8_lossy(bytes);
                let filled = Filled {
                    blanks: BTreeMap::new(),
                    keep: Default::default(),
                };
                let _ = blanks(&text);
                match render(&text, &report, &filled) {
                    Ok(_) => true,
                    Err(error) => {
                        if std::env::var("FUZZ_DEBUG").is_ok() {
                            eprintln!("{:?}", error);
                        }
                        matches!(
                            error.kind,
                            TemplateErrorKind::TooManySteps | TemplateErrorKind::TooLong
                        )
                    }
                }
            },
        );
        check("template", result);
    }
}
