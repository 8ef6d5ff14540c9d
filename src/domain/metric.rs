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
    /// Not offered for new entries; its tallies still count. How a metric in use is "removed".
    #[serde(default)]
    pub hidden: bool,
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

/// The longest key `key_from_label` makes.
pub const MAX_GENERATED_KEY: usize = 40;

/// A valid metric key made from an English label (`Dogs walked` → `dogs_walked`), with
/// `_2`, `_3`… appended while `taken` says it is in use. Labels without ASCII letters or
/// digits (only Chinese, say) give `custom`.
pub fn key_from_label(label_en: &str, taken: &impl Fn(&str) -> bool) -> String {
    let mut base = String::new();
    for c in label_en.chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c.to_ascii_lowercase());
        } else if !base.is_empty() && !base.ends_with('_') {
            base.push('_');
        }
    }
    if base.starts_with(|c: char| c.is_ascii_digit()) {
        base.insert_str(0, "m_");
    }
    let base = fit(&base, MAX_GENERATED_KEY);
    let base = if base.is_empty() { "custom" } else { base };
    if !taken(base) {
        return base.to_string();
    }
    let mut n = 2u32;
    loop {
        let suffix = format!("_{n}");
        let key = format!("{}{suffix}", fit(base, MAX_GENERATED_KEY - suffix.len()));
        if !taken(&key) {
            return key;
        }
        n += 1;
    }
}

/// `key` cut to at most `max` (ASCII) characters, without a trailing `_`.
fn fit(key: &str, max: usize) -> &str {
    key[..key.len().min(max)].trim_end_matches('_')
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

    fn free(_: &str) -> bool {
        false
    }

    #[test]
    fn a_key_is_made_from_the_english_label() {
        assert_eq!(key_from_label("Dogs walked", &free), "dogs_walked");
        assert_eq!(
            key_from_label("  Drugs -- seized (kg)! ", &free),
            "drugs_seized_kg"
        );
        assert_eq!(key_from_label("110 calls", &free), "m_110_calls");
        assert_eq!(key_from_label("Gangs 打掉 cleared", &free), "gangs_cleared");
    }

    #[test]
    fn a_label_without_ascii_letters_gives_custom() {
        for label in ["", "走访群众", "  --  ", "！"] {
            assert_eq!(key_from_label(label, &free), "custom", "{label:?}");
        }
    }

    #[test]
    fn a_taken_key_gets_the_next_free_number() {
        let taken = |key: &str| ["arrests", "arrests_2", "custom"].contains(&key);
        assert_eq!(key_from_label("Arrests", &taken), "arrests_3");
        assert_eq!(key_from_label("禁毒", &taken), "custom_2");
        assert_eq!(key_from_label("Arrests made", &taken), "arrests_made");
    }

    #[test]
    fn a_long_label_gives_a_key_of_at_most_40_characters_even_when_numbered() {
        let label = "Households in the remote mountain villages visited by the team";
        let key = key_from_label(label, &free);
        assert_eq!(key, "households_in_the_remote_mountain_villag");
        let numbered = key_from_label(label, &|k: &str| k == key);
        assert_eq!(numbered, "households_in_the_remote_mountain_vill_2");
        for key in [key, numbered] {
            assert!(
                key.len() <= MAX_GENERATED_KEY && is_valid_key(&key),
                "{key}"
            );
        }
    }

    #[test]
    fn generated_keys_are_always_valid() {
        for label in ["9", "_a_", "A.B.C", "x__y", "Ünïcode ok", "2022年 round 2"] {
            let key = key_from_label(label, &free);
            assert!(is_valid_key(&key), "{label:?} → {key:?}");
        }
    }

    #[test]
    fn a_metric_written_before_hiding_existed_reads_as_shown() {
        let text = r#"{"id":"dogs_walked","version":1,"updated_at":"2022-08-21T08:00:00.000Z",
            "updated_by":"dev","label_zh":"遛狗","label_en":"Dogs walked","unit_zh":"只",
            "unit_en":"dogs","group":"other","integer":true,"builtin":false}"#;
        let metric: Metric = serde_json::from_str(text).unwrap();
        assert!(!metric.hidden);
        assert!(metric.extra.is_empty());
        let json = serde_json::to_value(&metric).unwrap();
        assert_eq!(json["hidden"], false);
    }

    #[test]
    fn every_group_key_is_its_serde_name_and_reads_back() {
        for group in MetricGroup::ALL {
            assert_eq!(serde_json::to_value(group).unwrap(), group.key());
            assert_eq!(MetricGroup::from_key(group.key()), Some(*group));
        }
    }
}
