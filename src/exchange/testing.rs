//! Test fixtures for the exchange: a small ledger with every kind of record, and an export
//! helper that checks each file it writes against docs/taizhang-exchange.schema.json.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::file::{export, ExportOptions, Source};
use crate::domain::catalogue::builtin_metrics;
use crate::domain::petition::tests::sample;
use crate::domain::record::Extra;
use crate::domain::{
    Action, ActionKind, Campaign, Id, Ledger, Meta, Metric, MetricGroup, Name, Office, OfficeKind,
    Outcome, Petition, Satisfaction, Stamp, Status, Tally,
};

pub(crate) const OFFICE_GA: &str = "00000000-0000-4000-8000-000000000001";
pub(crate) const OFFICE_FY: &str = "00000000-0000-4000-8000-000000000002";
/// The office's own metric that the sample ledger stores.
pub(crate) const OWN_METRIC: &str = "fraud_calls_blocked";

/// A UUID made from a small number, so that tests can name records.
pub(crate) fn id(n: u32) -> Id {
    Id::new(&format!("00000000-0000-4000-8000-{n:012x}"))
}

pub(crate) fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The day the tests import on.
pub(crate) fn today() -> NaiveDate {
    day("2022-08-21")
}

/// An edit by `device`, `secs` seconds after 2022-08-21 08:00 UTC.
pub(crate) fn stamp(device: &str, secs: i64) -> Stamp {
    Stamp {
        device: device.into(),
        now: Utc.timestamp_opt(1_661_068_800 + secs, 0).unwrap(),
        office: None,
        by_name: String::new(),
    }
}

/// A note with id `id(n)`, `secs` seconds after 2022-08-21 08:00 UTC.
pub(crate) fn note(n: u32, secs: i64) -> Action {
    Action {
        id: id(n).as_str().into(),
        on: stamp("dev-ga", secs).now,
        kind: ActionKind::Note,
        text: "已电话回访".into(),
        by: "dev-ga".into(),
        office_id: None,
        by_name: String::new(),
        data: Default::default(),
        extra: Extra::new(),
    }
}

fn office(id: &str, name: &str, kind: OfficeKind, code: &str) -> Office {
    Office {
        meta: Meta::new(id, &stamp("dev-ga", -86_400)),
        name: name.into(),
        kind,
        code: code.into(),
        extra: Extra::new(),
    }
}

fn petition(n: u32, office_id: &str, received_on: &str) -> Petition {
    let mut p = sample(&id(n));
    p.office_id = office_id.into();
    p.received_on = day(received_on);
    p.due_on =
        crate::domain::deadline::default_due(p.received_on, &crate::domain::Calendar::shipped());
    p
}

fn tally(n: u32, office_id: &str, metric: &str, on: &str, value: f64) -> Tally {
    let mut tally = crate::domain::tallies::tests::tally(&id(n), office_id, metric, on, value);
    tally.meta.updated_by = "dev-ga".into();
    tally
}

/// Two offices; an own metric and a hidden built-in; a campaign; four petitions (one with
/// unknown fields and personal data, one concluded, one deleted, one repeating another);
/// three tallies (one in the campaign, one of the own metric, one deleted).
pub(crate) fn sample_ledger() -> Ledger {
    let mut ledger = Ledger::default();
    ledger.put(office(
        OFFICE_GA,
        "市公安局",
        OfficeKind::PublicSecurity,
        "GA",
    ));
    ledger.put(office(OFFICE_FY, "市法院", OfficeKind::Court, "FY"));

    ledger.put(Metric {
        meta: Meta::new(OWN_METRIC, &stamp("dev-ga", 0)),
        label_zh: "拦截诈骗电话".into(),
        label_en: "Fraud calls blocked".into(),
        unit_zh: "个".into(),
        unit_en: "calls".into(),
        group: MetricGroup::Prevention,
        integer: true,
        builtin: false,
        hidden: false,
        extra: Extra::new(),
    });
    let mut arrests = builtin_metrics()
        .into_iter()
        .find(|m| m.key() == "arrests")
        .unwrap();
    arrests.hidden = true;
    arrests.meta.touch(&stamp("dev-ga", 30));
    ledger.put(arrests);

    ledger.put(Campaign {
        meta: Meta::new(id(5), &stamp("dev-ga", 0)),
        name: "春雷行动".into(),
        starts_on: day("2022-03-01"),
        ends_on: None,
        description: "打击电信诈骗".into(),
        metrics: vec!["arrests".into(), OWN_METRIC.into()],
        extra: Extra::new(),
    });

    let mut p11 = petition(11, OFFICE_GA, "2022-05-10");
    p11.petitioner.name = "张三".into();
    p11.petitioner.id_number = "11010519491231002X".into();
    p11.petitioner.phone = "13800138000".into();
    p11.petitioner.address = "幸福路8号".into();
    p11.petitioner.extra.insert("ethnicity".into(), "汉".into());
    p11.subject = "拆迁补偿不到位".into();
    p11.extra
        .insert("x_source_system".into(), "信访信息系统".into());
    let mut entry = note(31, 60);
    entry.extra.insert("attachment".into(), "scan-1.pdf".into());
    p11.actions.push(entry);
    p11.meta.touch(&stamp("dev-ga", 60));
    p11.meta.touch(&stamp("dev-ga", 120));
    ledger.put(p11);

    let mut p12 = petition(12, OFFICE_GA, "2022-06-15");
    p12.channel = crate::domain::Channel::Letter;
    p12.assigned_to = Some(OFFICE_FY.into());
    p12.assigned_on = Some(day("2022-06-16"));
    p12.leader = "李副院长".into();
    p12.status = Status::Concluded;
    p12.concluded_on = Some(day("2022-07-20"));
    p12.outcome = Some(Outcome::Explained);
    p12.satisfaction = Some(Satisfaction::BasicallySatisfied);
    p12.actions.push(note(32, 0));
    ledger.put(p12);

    let mut p13 = petition(13, OFFICE_GA, "2022-07-01");
    p13.meta.tombstone(&stamp("dev-ga", 300));
    ledger.put(p13);

    let mut p14 = petition(14, OFFICE_FY, "2022-08-01");
    p14.headcount = 6;
    p14.repeat_of = Some(id(11).to_string());
    ledger.put(p14);

    let mut t21 = tally(21, OFFICE_GA, "arrests", "2022-06-10", 3.0);
    t21.campaign_id = Some(Name::new(&id(5)));
    ledger.put(t21);
    ledger.put(tally(22, OFFICE_FY, OWN_METRIC, "2022-07-20", 12.0));
    let mut t23 = tally(23, OFFICE_GA, "funding_added", "2022-08-10", 12.5);
    t23.campaign_id = Some(Name::new(&id(5)));
    t23.note = "追加".into();
    t23.meta.tombstone(&stamp("dev-ga", 200));
    ledger.put(t23);
    ledger
}

pub(crate) fn source() -> Source {
    Source {
        device: "dev-ga".into(),
        office_id: OFFICE_GA.into(),
        app_version: "0.1.0".into(),
    }
}

pub(crate) fn export_time() -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_661_068_800_123).unwrap()
}

/// The export of `ledger`, checked against the JSON Schema (natively: the validator does
/// not build for wasm).
pub(crate) fn exported(ledger: &Ledger, options: &ExportOptions) -> String {
    let text = export(ledger, options, &source(), export_time());
    #[cfg(not(target_arch = "wasm32"))]
    schema::assert_valid(&text);
    text
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod schema {
    use std::sync::OnceLock;

    use serde_json::Value;

    const SCHEMA: &str = include_str!("../../docs/taizhang-exchange.schema.json");

    fn validator() -> &'static jsonschema::Validator {
        static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
        VALIDATOR.get_or_init(|| {
            let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
            jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("the schema is a valid draft 2020-12 schema")
        })
    }

    /// Every place where `file` breaks the schema, as `/petitions/0/channel: …`.
    pub(crate) fn violations(file: &Value) -> Vec<String> {
        validator()
            .iter_errors(file)
            .map(|error| format!("{}: {error}", error.instance_path()))
            .collect()
    }

    pub(crate) fn assert_valid(text: &str) {
        let file: Value = serde_json::from_str(text).expect("an export is JSON");
        let violations = violations(&file);
        assert!(
            violations.is_empty(),
            "the export breaks the schema:\n{}",
            violations.join("\n")
        );
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::domain::fields::tests::every_field_filled;
        use crate::domain::fields::{Field, Shape, PETITION_FIELDS};
        use crate::domain::{AnyRecord, Ledger};
        use crate::exchange::file::ExportOptions;
        use crate::exchange::parse;
        use crate::exchange::testing::{exported, sample_ledger, today, OFFICE_GA};

        fn sample_file() -> Value {
            serde_json::from_str(&exported(&sample_ledger(), &ExportOptions::default())).unwrap()
        }

        fn violated_at(file: &Value) -> Vec<String> {
            violations(file)
                .into_iter()
                .map(|v| v.split(':').next().unwrap().to_string())
                .collect()
        }

        #[test]
        fn the_schema_refuses_what_the_app_refuses() {
            let mut file = sample_file();
            file["petitions"][0]["channel"] = "fax".into();
            file["petitions"][1]["received_on"] = "2022-02-30".into();
            file["tallies"][0]["value"] = (-1).into();
            file["metrics"][0]["id"] = "Bad-Key".into();
            file["offices"][0]
                .as_object_mut()
                .unwrap()
                .remove("version");
            let places = violated_at(&file);
            for place in [
                "/petitions/0/channel",
                "/petitions/1/received_on",
                "/tallies/0/value",
                "/metrics/0/id",
                "/offices/0",
            ] {
                assert!(places.iter().any(|p| p == place), "{place} in {places:?}");
            }
            let mut file = sample_file();
            file.as_object_mut().unwrap().remove("tallies");
            assert_eq!(violated_at(&file), [""]);
        }

        #[test]
        fn the_schema_allows_unknown_fields_on_records_and_null_for_none() {
            let mut file = sample_file();
            file["offices"][0]["phone"] = "0371-1234".into();
            file["petitions"][0]["actions"][0]["x"] = serde_json::json!({"nested": [1]});
            file["tallies"][0]["campaign_id"] = Value::Null;
            assert_eq!(violations(&file), Vec::<String>::new());
        }

        /// The definition a `$ref` points to.
        fn resolve<'s>(schema: &'s Value, node: &'s Value) -> &'s Value {
            match node.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let name = reference.trim_start_matches("#/$defs/");
                    resolve(schema, &schema["$defs"][name])
                }
                None => node,
            }
        }

        /// Every field of `fields` not a property of `definition` (nested as `outer.inner`).
        fn missing_from(
            schema: &Value,
            definition: &Value,
            fields: &[Field],
            prefix: &str,
        ) -> Vec<String> {
            let mut missing = Vec::new();
            for field in fields {
                let Some(property) = definition["properties"].get(field.key) else {
                    missing.push(format!("{prefix}{}", field.key));
                    continue;
                };
                let inner = match field.shape {
                    Shape::Object(inner) => Some((resolve(schema, property), inner)),
                    Shape::Objects(inner) => Some((resolve(schema, &property["items"]), inner)),
                    _ => None,
                };
                if let Some((definition, inner)) = inner {
                    let prefix = format!("{prefix}{}.", field.key);
                    missing.extend(missing_from(schema, definition, inner, &prefix));
                }
            }
            missing
        }

        /// Each value in its place, with whether it is bad: the schema and the reader must
        /// both refuse it there, or both take it.
        const STRICT_CASES: &[(&str, &str, &str, bool)] = &[
            ("petitions", "received_on", r#""2022-08-01""#, false),
            ("petitions", "received_on", r#""22-08-01""#, true),
            ("petitions", "received_on", r#""+2022-08-01""#, true),
            ("petitions", "received_on", r#""2022-8-1""#, true),
            ("petitions", "received_on", r#""1899-12-31""#, true),
            ("petitions", "received_on", r#""2101-01-01""#, true),
            ("petitions", "received_on", r#""2022-02-30""#, true),
            ("petitions", "received_on", r#""+12345-01-01""#, true),
            (
                "petitions",
                "updated_at",
                r#""2022-08-21T16:00:00+08:00""#,
                false,
            ),
            (
                "petitions",
                "updated_at",
                r#""2022-08-21T08:00:00Z""#,
                false,
            ),
            ("petitions", "updated_at", r#""2022-08-21 08:00:00Z""#, true),
            ("petitions", "updated_at", r#""2022-08-21T08:00:00""#, true),
            (
                "petitions",
                "updated_at",
                r#""2500-01-01T00:00:00.000Z""#,
                true,
            ),
            ("petitions", "version", "1000000000", false),
            ("petitions", "version", "1000000001", true),
            ("petitions", "version", "4294967295", true),
            ("petitions", "version", "0", true),
            ("petitions", "details", "null", false),
            ("petitions", "leader", "null", false),
            ("petitions", "extension_reason", "null", false),
            ("petitions", "details", "5", true),
            ("petitions", "due_on", "null", true),
            ("tallies", "note", "null", false),
            ("campaigns", "description", "null", false),
        ];

        #[test]
        fn the_schema_and_the_reader_refuse_the_same_values() {
            for &(array, field, value, bad) in STRICT_CASES {
                let mut file = sample_file();
                file[array][0][field] = serde_json::from_str(value).unwrap();
                let pointer = format!("/{array}/0/{field}");
                let by_schema = violated_at(&file).contains(&pointer);
                let parsed = parse(&file.to_string(), &Ledger::default(), today()).unwrap();
                let place = format!("{array}[0].{field}");
                let by_reader = parsed.problems.iter().any(|p| p.place == place);
                assert_eq!(
                    (by_schema, by_reader),
                    (bad, bad),
                    "{array}[0].{field} = {value}: schema, reader"
                );
            }
        }

        #[test]
        fn every_field_of_the_petition_table_is_in_the_schema() {
            let schema: Value = serde_json::from_str(SCHEMA).unwrap();
            let petition = &schema["$defs"]["petition"];
            let missing = missing_from(&schema, petition, PETITION_FIELDS, "");
            assert!(missing.is_empty(), "missing from the schema: {missing:?}");
        }

        #[test]
        fn a_petition_with_every_field_filled_passes_the_schema_and_the_reader() {
            let mut ledger = sample_ledger();
            let mut p = every_field_filled();
            p.meta.id = "00000000-0000-4000-8000-0000000000ff".into();
            p.office_id = OFFICE_GA.into();
            p.repeat_of = None;
            p.assigned_to = Some(OFFICE_GA.into());
            ledger.petitions.insert(p.meta.id.clone(), p.clone());
            let text = exported(&ledger, &ExportOptions::default());
            let parsed = parse(&text, &Ledger::default(), today()).unwrap();
            assert_eq!(parsed.problems, Vec::new());
            let read = parsed.records.iter().find_map(|(_, r)| match r {
                AnyRecord::Petition(read) if read.meta.id == p.meta.id => Some(read),
                _ => None,
            });
            assert_eq!(read.map(|r| r.as_ref()), Some(&p));
        }

        #[test]
        fn a_file_marked_redacted_must_carry_no_personal_data() {
            let mut file = sample_file();
            file["redacted"] = true.into();
            let places = violated_at(&file);
            assert!(
                places
                    .iter()
                    .any(|p| p.starts_with("/petitions/0/petitioner")),
                "{places:?}"
            );
        }
    }
}

/// The measurement of issue 7: the time and peak memory to read a file of 100,000 petitions
/// and 500,000 tallies. Not a check; run it in release:
///
/// `TAIZHANG_BENCH_FILE=/tmp/large.json cargo test --release --lib exchange::testing::measure -- --ignored --nocapture`
///
/// The first run writes the file; later runs read it from disk, so that the process holds
/// only what reading needs (`/usr/bin/time -v` gives the peak): the whole text, or with
/// `TAIZHANG_BENCH_MODE=stream` 4 MB pieces of it pushed to a `StreamReader`.
#[cfg(not(target_arch = "wasm32"))]
#[test]
#[ignore = "a measurement, not a check"]
fn measure_reading_a_large_file() {
    use std::time::Instant;

    let path = std::env::var("TAIZHANG_BENCH_FILE").unwrap_or("/tmp/taizhang-large.json".into());
    if !std::path::Path::new(&path).exists() {
        let ledger = crate::generate::ledger(1, crate::generate::Size::LARGE, today());
        let start = Instant::now();
        let text = export(&ledger, &ExportOptions::default(), &source(), export_time());
        eprintln!("export: {:?}, {} bytes", start.elapsed(), text.len());
        std::fs::write(&path, text).unwrap();
        return;
    }
    let seconds = |start: Instant| format!("{:.2} s", start.elapsed().as_secs_f64());
    let start = Instant::now();
    let (parsed, bytes) = if std::env::var("TAIZHANG_BENCH_MODE").as_deref() == Ok("stream") {
        // As the browser reads it: 4 MB slices of the file, never the whole text.
        use std::io::Read;
        let mut file = std::fs::File::open(&path).unwrap();
        let mut reader = super::stream::StreamReader::new(today());
        let mut bytes = vec![0; 4 << 20];
        let mut kept = 0;
        loop {
            let read = file.read(&mut bytes[kept..]).unwrap();
            let filled = kept + read;
            let valid = match std::str::from_utf8(&bytes[..filled]) {
                Ok(text) => text.len(),
                Err(error) => error.valid_up_to(),
            };
            reader
                .push(
                    std::str::from_utf8(&bytes[..valid]).unwrap(),
                    &Ledger::default(),
                )
                .unwrap();
            reader.check(&Ledger::default(), usize::MAX);
            bytes.copy_within(valid..filled, 0);
            kept = filled - valid;
            if read == 0 {
                break;
            }
        }
        let bytes = reader.bytes_read();
        eprintln!("push and check in 4 MB pieces: {}", seconds(start));
        let start = Instant::now();
        let file = reader.end(&Ledger::default()).unwrap();
        eprintln!("end (index): {}", seconds(start));
        let start = Instant::now();
        let parsed = file.finish(&Ledger::default());
        eprintln!("finish (check every record): {}", seconds(start));
        (parsed, bytes)
    } else {
        let text = std::fs::read_to_string(&path).unwrap();
        eprintln!("read the file: {}", seconds(start));
        let start = Instant::now();
        let file = super::read::FileReader::open(&text, &Ledger::default(), today()).unwrap();
        eprintln!("open the whole text: {}", seconds(start));
        let start = Instant::now();
        let parsed = file.finish(&Ledger::default());
        eprintln!("finish (check every record): {}", seconds(start));
        (parsed, text.len())
    };
    eprintln!(
        "{} bytes, {} records, {} problems, in all {}",
        bytes,
        parsed.records.len(),
        parsed.problems.len(),
        seconds(start)
    );
}
