//! The report's figures as the JSON download of PRODUCT §6, for other tools to read.

use serde_json::{json, Map, Value};

use super::report::Report;
use crate::domain::{Figures, Scope};

pub const FORMAT: &str = "taizhang-report";
pub const VERSION: u32 = 1;

/// `{"format","version","from","to","as_of","offices","petitions","tallies","previous"}`;
/// `offices` is null for all offices, else their ids sorted.
pub fn report_json(report: &Report) -> Value {
    let mut out = Map::new();
    out.insert("format".into(), json!(FORMAT));
    out.insert("version".into(), json!(VERSION));
    out.extend(period(&report.scope, &report.current));
    let offices = report
        .scope
        .offices
        .as_ref()
        .map_or(Value::Null, |ids| json!(ids));
    out.insert("offices".into(), offices);
    out.insert(
        "previous".into(),
        Value::Object(period(&report.previous_scope, &report.previous)),
    );
    Value::Object(out)
}

/// `from`, `to`, `as_of`, `petitions` (every key of `PETITION_FIGURES`: counts as whole
/// numbers, rates null when undefined), `tallies`.
fn period(scope: &Scope, figures: &Figures) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("from".into(), json!(scope.from.to_string()));
    out.insert("to".into(), json!(scope.to.to_string()));
    out.insert("as_of".into(), json!(scope.as_of.to_string()));
    out.insert("petitions".into(), json!(figures.petitions));
    out.insert("tallies".into(), json!(figures.tallies));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::figures::PETITION_FIGURES;
    use crate::report::report::build_report;
    use crate::report::report::tests::{a_small_city, august};
    use std::collections::BTreeSet;

    fn keys(value: &Value) -> BTreeSet<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn the_download_has_exactly_the_keys_of_section_6() {
        let json = report_json(&build_report(&a_small_city(), &august()));
        assert_eq!(
            keys(&json),
            BTreeSet::from([
                "format",
                "version",
                "from",
                "to",
                "as_of",
                "offices",
                "petitions",
                "tallies",
                "previous"
            ])
        );
        assert_eq!(
            keys(&json["previous"]),
            BTreeSet::from(["from", "to", "as_of", "petitions", "tallies"])
        );
        let section_5_1: BTreeSet<&str> = PETITION_FIGURES.iter().map(|f| f.key).collect();
        assert!(section_5_1.contains("on_time_rate") && section_5_1.contains("rechecks"));
        assert_eq!(keys(&json["petitions"]), section_5_1);
        assert_eq!(keys(&json["previous"]["petitions"]), section_5_1);
        assert_eq!(json["format"], "taizhang-report");
        assert_eq!(json["version"], 1);
    }

    #[test]
    fn the_download_carries_the_figures_of_both_years() {
        let report = build_report(&a_small_city(), &august());
        let json = report_json(&report);
        assert_eq!(
            (&json["from"], &json["to"], &json["as_of"]),
            (
                &json!("2022-08-01"),
                &json!("2022-08-31"),
                &json!("2022-08-31")
            )
        );
        assert_eq!(json["offices"], Value::Null);
        assert_eq!(json["previous"]["from"], "2021-08-01");
        for (figure, value) in report.current.petitions.entries() {
            assert_eq!(json["petitions"][figure.key].as_f64(), value, "{figure:?}");
        }
        for (figure, value) in report.previous.petitions.entries() {
            let key = figure.key;
            assert_eq!(json["previous"]["petitions"][key].as_f64(), value, "{key}");
        }
        assert_eq!(json["petitions"]["visits"].to_string(), "12");
        assert_eq!(json["previous"]["petitions"]["closure_rate"], 1.0);
        let tallies: std::collections::BTreeMap<String, f64> =
            serde_json::from_value(json["tallies"].clone()).unwrap();
        assert_eq!(tallies, report.current.tallies);
        assert_eq!(json["tallies"]["funding_added"], 1.5);
        assert_eq!(json["tallies"]["officers_disciplined"], 12.0);
        assert_eq!(json["previous"]["tallies"]["suspects_caught"], 80.0);
    }

    #[test]
    fn chosen_offices_are_listed_sorted_and_an_undefined_rate_is_null() {
        let offices = |ids: &[&str]| Some(ids.iter().map(|id| id.to_string()).collect());
        let scope = Scope::new(august().from, august().to, offices(&["zz", "fy"]));
        let json = report_json(&build_report(&a_small_city(), &scope));
        assert_eq!(json["offices"], json!(["fy", "zz"]));
        // 法院's own cases, and those it handles for 公安局.
        assert_eq!(json["petitions"]["total"], 16);
        let scope = Scope::new(august().from, august().to, offices(&["zz"]));
        let json = report_json(&build_report(&a_small_city(), &scope));
        assert_eq!(json["petitions"]["closure_rate"], Value::Null);
        assert_eq!(json["petitions"]["on_time_rate"], Value::Null);
        assert_eq!(json["petitions"]["total"], 1);
    }
}
