//! Writing the exchange file of PRODUCT §7: the whole ledger or a period and some offices,
//! optionally without the petitioners' personal data.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::record::timestamp;
use crate::domain::{Ledger, Petition};

/// The `format` of an exchange file.
pub const FORMAT: &str = "taizhang";
/// The newest `version` this app writes and reads.
pub const VERSION: u32 = 1;

/// Who wrote a file: the `source` object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub device: String,
    pub office_id: String,
    pub app_version: String,
}

/// What goes into an export. The default is everything, with personal data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// First day (inclusive) of petitions by `received_on` and of tallies by `on`.
    pub from: Option<NaiveDate>,
    /// Last day (inclusive), as `from`.
    pub to: Option<NaiveDate>,
    /// Only petitions and tallies of these offices (by `office_id`); `None` for all.
    pub offices: Option<BTreeSet<String>>,
    /// Empty the petitioner's name, ID number, phone and address, and mark the file so.
    pub redact: bool,
}

impl ExportOptions {
    fn takes(&self, office_id: &str, day: NaiveDate) -> bool {
        self.from.is_none_or(|from| day >= from)
            && self.to.is_none_or(|to| day <= to)
            && self
                .offices
                .as_ref()
                .is_none_or(|offices| offices.contains(office_id))
    }
}

/// The top-level fields before the record arrays, in the order of PRODUCT §7.
#[derive(Serialize)]
struct Header<'a> {
    format: &'static str,
    version: u32,
    exported_at: String,
    source: &'a Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    redacted: Option<bool>,
}

/// The exchange file of `ledger` as `options` select it.
///
/// Offices, stored metrics and campaigns always travel whole (petitions and tallies refer to
/// them); tombstones travel like any record. Records are written exactly as their serde form,
/// so fields this version does not know are written back out. One record per line, so the
/// file reads and diffs well.
pub fn export(
    ledger: &Ledger,
    options: &ExportOptions,
    source: &Source,
    now: DateTime<Utc>,
) -> String {
    let mut text = String::new();
    export_in_pieces(ledger, options, source, now, &mut |piece| {
        text.push_str(piece)
    });
    text
}

/// About how long each piece of `export_in_pieces` is, in bytes.
pub const PIECE: usize = 1 << 20;

/// The same file as `export`, handed to `sink` in pieces of about `PIECE` bytes (whole
/// records), so a large ledger is never held as one string of its whole size.
pub fn export_in_pieces(
    ledger: &Ledger,
    options: &ExportOptions,
    source: &Source,
    now: DateTime<Utc>,
    sink: &mut dyn FnMut(&str),
) {
    let mut out = Pieces {
        text: String::with_capacity(PIECE + PIECE / 4),
        sink,
    };
    let header = Header {
        format: FORMAT,
        version: VERSION,
        exported_at: timestamp::format(&timestamp::to_millis(now)),
        source,
        redacted: options.redact.then_some(true),
    };
    let mut header = to_json(&header);
    // The header is an object: drop its closing brace and append the arrays to it.
    header.pop();
    out.push_str(&header);
    write_array(&mut out, "offices", ledger.offices.values());
    write_array(&mut out, "metrics", ledger.metrics.values());
    write_array(&mut out, "campaigns", ledger.campaigns.values());
    let petitions = ledger
        .petitions
        .values()
        .filter(|p| options.takes(&p.office_id, p.received_on))
        .map(|p| {
            if options.redact {
                Written::Value(redacted(p))
            } else {
                Written::Record(p)
            }
        });
    write_array(&mut out, "petitions", petitions);
    let tallies = ledger
        .tallies
        .values()
        .filter(|t| options.takes(&t.office_id, t.on));
    write_array(&mut out, "tallies", tallies);
    out.push_str("\n}\n");
    out.flush();
}

/// Text gathered until it is about a piece long, then handed on.
struct Pieces<'s> {
    text: String,
    sink: &'s mut dyn FnMut(&str),
}

impl Pieces<'_> {
    fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
        if self.text.len() >= PIECE {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            (self.sink)(&self.text);
            self.text.clear();
        }
    }
}

/// The petition without personal data, marked (see `domain::redaction`).
fn redacted(petition: &Petition) -> Value {
    serde_json::to_value(crate::domain::redaction::redacted(petition))
        .expect("records serialize to JSON")
}

/// A record as written: itself, or as JSON already changed.
#[derive(Serialize)]
#[serde(untagged)]
enum Written<'r, R> {
    Record(&'r R),
    Value(Value),
}

fn write_array<T: Serialize>(out: &mut Pieces, name: &str, records: impl Iterator<Item = T>) {
    out.push_str(",\n\"");
    out.push_str(name);
    out.push_str("\":[");
    for (i, record) in records.enumerate() {
        out.push_str(if i > 0 { ",\n" } else { "\n" });
        out.push_str(&to_json(&record));
    }
    out.push_str("]");
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Records are structs of strings, numbers and string-keyed maps: serializing cannot fail.
    serde_json::to_string(value).expect("records serialize to JSON")
}

/// The file's name says what it holds: `台账_全部_GA_2022-08-21.json` for everything,
/// `台账_部分_GA_2022-01-01至2022-06-30_2022-08-21.json` for a period or some offices,
/// `脱敏` without personal data, `加密` sealed (`.enc.json`), then the office code and the
/// day of the export.
pub fn file_name(
    office_code: &str,
    today: NaiveDate,
    options: &ExportOptions,
    encrypted: bool,
) -> String {
    let code: String = office_code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let mut parts = vec!["台账".to_string()];
    let partial = options.from.is_some() || options.to.is_some() || options.offices.is_some();
    if !options.redact && !encrypted {
        parts.push(if partial { "部分" } else { "全部" }.to_string());
    } else if partial {
        parts.push("部分".to_string());
    }
    if options.redact {
        parts.push("脱敏".to_string());
    }
    if encrypted {
        parts.push("加密".to_string());
    }
    if !code.is_empty() {
        parts.push(code);
    }
    if options.from.is_some() || options.to.is_some() {
        let day = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
        parts.push(format!("{}至{}", day(options.from), day(options.to)));
    }
    parts.push(today.to_string());
    let extension = if encrypted { "enc.json" } else { "json" };
    format!("{}.{extension}", parts.join("_"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::testing::{day, exported, id, sample_ledger, OFFICE_FY, OFFICE_GA};
    use serde_json::Value;

    fn ids(file: &Value, array: &str) -> Vec<String> {
        file[array]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_full_export_has_the_header_and_every_array_of_section_7() {
        let ledger = sample_ledger();
        let text = exported(&ledger, &ExportOptions::default());
        let file: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["format"], "taizhang");
        assert_eq!(file["version"], 1);
        assert_eq!(file["exported_at"], "2022-08-21T08:00:00.123Z");
        assert_eq!(file["source"]["device"], "dev-ga");
        assert_eq!(file["source"]["office_id"], OFFICE_GA);
        assert_eq!(file["source"]["app_version"], "0.1.0");
        assert!(file.get("redacted").is_none());
        assert_eq!(ids(&file, "offices").len(), ledger.offices.len());
        assert_eq!(ids(&file, "metrics").len(), ledger.metrics.len());
        assert_eq!(ids(&file, "campaigns").len(), ledger.campaigns.len());
        assert_eq!(ids(&file, "petitions").len(), ledger.petitions.len());
        assert_eq!(ids(&file, "tallies").len(), ledger.tallies.len());
        let empty = exported(&Ledger::default(), &ExportOptions::default());
        let empty: Value = serde_json::from_str(&empty).unwrap();
        for array in ["offices", "metrics", "campaigns", "petitions", "tallies"] {
            assert_eq!(empty[array], Value::Array(vec![]), "{array}");
        }
    }

    #[test]
    fn tombstones_and_unknown_fields_are_written_out() {
        let ledger = sample_ledger();
        let file: Value =
            serde_json::from_str(&exported(&ledger, &ExportOptions::default())).unwrap();
        let deleted = file["petitions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id(13).as_str())
            .unwrap();
        assert_eq!(deleted["deleted"], true);
        let with_extra = file["petitions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id(11).as_str())
            .unwrap();
        assert_eq!(with_extra["x_source_system"], "信访信息系统");
        assert_eq!(with_extra["petitioner"]["ethnicity"], "汉");
        assert_eq!(with_extra["actions"][0]["attachment"], "scan-1.pdf");
    }

    #[test]
    fn a_period_selects_petitions_by_receipt_and_tallies_by_day_and_keeps_the_rest_whole() {
        let ledger = sample_ledger();
        let options = ExportOptions {
            from: Some(day("2022-06-01")),
            to: Some(day("2022-06-30")),
            ..ExportOptions::default()
        };
        let file: Value = serde_json::from_str(&exported(&ledger, &options)).unwrap();
        assert_eq!(ids(&file, "petitions"), [id(12)]);
        assert_eq!(ids(&file, "tallies"), [id(21)]);
        assert_eq!(ids(&file, "offices").len(), 2);
        assert_eq!(ids(&file, "metrics").len(), 2);
        assert_eq!(ids(&file, "campaigns").len(), 1);
    }

    #[test]
    fn an_office_selection_keeps_only_that_offices_petitions_and_tallies() {
        let ledger = sample_ledger();
        let options = ExportOptions {
            offices: Some([OFFICE_FY.to_string()].into()),
            ..ExportOptions::default()
        };
        let file: Value = serde_json::from_str(&exported(&ledger, &options)).unwrap();
        assert_eq!(ids(&file, "petitions"), [id(14)]);
        assert_eq!(ids(&file, "tallies"), [id(22)]);
        assert_eq!(ids(&file, "offices").len(), 2);
    }

    #[test]
    fn a_redacted_export_says_so_and_carries_no_personal_data() {
        let ledger = sample_ledger();
        let options = ExportOptions {
            redact: true,
            ..ExportOptions::default()
        };
        let text = exported(&ledger, &options);
        let file: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(file["redacted"], true);
        for petition in file["petitions"].as_array().unwrap() {
            assert_eq!(
                petition["petitioner"],
                serde_json::json!({"name": "", "id_number": "", "phone": "", "address": ""})
            );
        }
        for personal in ["张三", "11010519491231002X", "13800138000", "幸福路"] {
            assert!(!text.contains(personal), "{personal} leaked");
        }
        let subject_kept = file["petitions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["subject"] == "拆迁补偿不到位");
        assert!(subject_kept);
        assert_eq!(ids(&file, "petitions").len(), ledger.petitions.len());
    }

    #[test]
    fn a_large_ledger_is_written_in_pieces_that_make_the_same_file() {
        let ledger = crate::generate::ledger(
            3,
            crate::generate::Size {
                petitions: 3_000,
                tallies: 6_000,
            },
            day("2022-08-21"),
        );
        let whole = exported(&ledger, &ExportOptions::default());
        let mut pieces = Vec::new();
        export_in_pieces(
            &ledger,
            &ExportOptions::default(),
            &crate::exchange::testing::source(),
            crate::exchange::testing::export_time(),
            &mut |piece| pieces.push(piece.to_string()),
        );
        assert!(
            pieces.len() >= 3,
            "{} bytes came in {} pieces",
            whole.len(),
            pieces.len()
        );
        // A piece ends after the record that took it past PIECE: a record is far shorter.
        assert!(pieces
            .iter()
            .all(|p| !p.is_empty() && p.len() < PIECE + 64 * 1024));
        assert_eq!(pieces.concat(), whole);
    }

    #[test]
    fn the_file_name_says_what_it_holds() {
        let today = day("2022-08-21");
        let all = ExportOptions::default();
        assert_eq!(
            file_name("GA", today, &all, false),
            "台账_全部_GA_2022-08-21.json"
        );
        let redacted = ExportOptions {
            redact: true,
            ..ExportOptions::default()
        };
        assert_eq!(
            file_name("GA", today, &redacted, false),
            "台账_脱敏_GA_2022-08-21.json"
        );
        assert_eq!(
            file_name("GA", today, &all, true),
            "台账_加密_GA_2022-08-21.enc.json"
        );
        let period = ExportOptions {
            from: Some(day("2022-01-01")),
            to: Some(day("2022-06-30")),
            ..ExportOptions::default()
        };
        assert_eq!(
            file_name("GA", today, &period, false),
            "台账_部分_GA_2022-01-01至2022-06-30_2022-08-21.json"
        );
        assert_eq!(
            file_name("F/Y 2", today, &redacted, true),
            "台账_脱敏_加密_FY2_2022-08-21.enc.json"
        );
        assert_eq!(
            file_name("", today, &all, false),
            "台账_全部_2022-08-21.json"
        );
    }
}
