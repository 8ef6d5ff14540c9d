//! The tally record: one office's count for one metric on one day (PRODUCT §3).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::name::Name;
use super::record::{day, impl_record, Extra, Meta, RecordKind};

/// Totals are always sums of tallies; no shared total is ever stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    #[serde(flatten)]
    pub meta: Meta,
    pub office_id: Name,
    /// The metric key.
    pub metric: Name,
    #[serde(deserialize_with = "day::deserialize")]
    pub on: NaiveDate,
    pub value: f64,
    pub campaign_id: Option<Name>,
    #[serde(default)]
    pub note: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl_record!(Tally, RecordKind::Tally);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_reads_a_file_record_with_missing_note_and_null_campaign() {
        let text = r#"{"id":"t1","version":1,"updated_at":"2022-08-21T08:00:00.000Z",
            "updated_by":"dev","deleted":false,"office_id":"o1","metric":"funding_added",
            "on":"2022-08-01","value":12.5,"campaign_id":null}"#;
        let tally: Tally = serde_json::from_str(text).unwrap();
        assert_eq!(tally.value, 12.5);
        assert_eq!(tally.on, NaiveDate::from_ymd_opt(2022, 8, 1).unwrap());
        assert_eq!(tally.note, "");
        assert!(tally.extra.is_empty());
        assert!(serde_json::from_str::<Tally>(&text.replace("2022-08-01", "2022-02-30")).is_err());
    }
}
