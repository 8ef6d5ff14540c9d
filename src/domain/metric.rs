//! The metric record: an indicator that tallies count; its id is its key (PRODUCT §3).

use serde::{Deserialize, Serialize};

use super::record::{impl_record, Extra, Meta, RecordKind};

closed_set! {
    /// The report section a metric belongs to.
    pub enum MetricGroup {
        Crackdown => "crackdown",
        Prevention => "prevention",
        Discipline => "discipline",
        Outreach => "outreach",
        Grassroots => "grassroots",
        Feedback => "feedback",
        Other => "other",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// `meta.id` is the metric key, `[a-z][a-z0-9_]*`.
    #[serde(flatten)]
    pub meta: Meta,
    pub label_zh: String,
    pub label_en: String,
    pub unit_zh: String,
    pub unit_en: String,
    pub group: MetricGroup,
    /// Whole numbers only.
    pub integer: bool,
    pub builtin: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

impl_record!(Metric, RecordKind::Metric);

impl Metric {
    pub fn key(&self) -> &str {
        &self.meta.id
    }
}

/// Whether `key` is a valid metric key: `[a-z][a-z0-9_]*`.
pub fn is_valid_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_keys_are_lowercase_ascii_starting_with_a_letter() {
        for good in ["a", "gangs_busted", "x2", "a_b_9"] {
            assert!(is_valid_key(good), "{good}");
        }
        for bad in ["", "_a", "9a", "Gangs", "a-b", "a b", "帮派", "a\n"] {
            assert!(!is_valid_key(bad), "{bad:?}");
        }
    }

    #[test]
    fn every_group_key_is_its_serde_name_and_reads_back() {
        for group in MetricGroup::ALL {
            assert_eq!(serde_json::to_value(group).unwrap(), group.key());
            assert_eq!(MetricGroup::from_key(group.key()), Some(*group));
        }
    }
}
