//! The campaign record: a crackdown or service campaign and the metrics it tracks (PRODUCT §3).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::record::{day, impl_record, Extra, Meta, RecordKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    #[serde(deserialize_with = "day::deserialize")]
    pub starts_on: NaiveDate,
    /// `None` while the campaign is open-ended.
    #[serde(default, deserialize_with = "day::option")]
    pub ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub description: String,
    /// Keys of the metrics it tracks.
    #[serde(default)]
    pub metrics: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl_record!(Campaign, RecordKind::Campaign);

impl Campaign {
    /// Whether `day` falls within the campaign (an open end runs on forever).
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        day >= self.starts_on && self.ends_on.is_none_or(|end| day <= end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::tests::stamp;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn open_campaign_serializes_null_end_and_runs_on_after_its_start() {
        let mut campaign = Campaign {
            meta: Meta::new("c1", &stamp("dev", 0)),
            name: "春雷行动".into(),
            starts_on: day("2022-03-01"),
            ends_on: None,
            description: String::new(),
            metrics: vec!["gangs_busted".into()],
            extra: Extra::new(),
        };
        let json = serde_json::to_value(&campaign).unwrap();
        assert_eq!(json["ends_on"], serde_json::Value::Null);
        assert_eq!(json["starts_on"], "2022-03-01");
        assert!(!campaign.runs_on(day("2022-02-28")));
        assert!(campaign.runs_on(day("2030-01-01")));
        campaign.ends_on = Some(day("2022-05-31"));
        assert!(campaign.runs_on(day("2022-05-31")));
        assert!(!campaign.runs_on(day("2022-06-01")));
    }
}
