//! The metrics a ledger offers: the built-in catalogue as the ledger has changed it, plus
//! the users' own; and whether a metric may be deleted or only hidden.

use std::collections::BTreeMap;

use super::catalogue::{builtin_metrics, BUILTIN};
use super::ledger::Ledger;
use super::metric::Metric;
use super::name::Id;

/// Every live metric by key. A stored record with a built-in's key wins over the catalogue
/// (that is how a built-in gets hidden); once deleted, the catalogue's record shows again.
pub fn available_metrics(ledger: &Ledger) -> BTreeMap<Id, Metric> {
    let mut metrics: BTreeMap<Id, Metric> = builtin_metrics()
        .into_iter()
        .map(|m| (m.meta.id.clone(), m))
        .collect();
    for metric in ledger.metrics.values().filter(|m| !m.meta.deleted) {
        metrics.insert(metric.meta.id.clone(), metric.clone());
    }
    metrics
}

/// Whether a live tally counts this metric or a live campaign tracks it.
pub fn metric_in_use(ledger: &Ledger, key: &str) -> bool {
    ledger
        .tallies
        .values()
        .any(|t| !t.meta.deleted && t.metric == key)
        || ledger
            .campaigns
            .values()
            .any(|c| !c.meta.deleted && c.metrics.iter().any(|m| m == key))
}

/// What "remove" may do to a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricRemoval {
    /// Nothing refers to it: it may be deleted.
    Delete,
    /// Tallies or campaigns refer to it: deleting it would orphan them, so it is only hidden.
    HideOnly,
    /// Part of the catalogue every device holds, so it would come back: only hidden.
    BuiltinHideOnly,
}

pub fn how_to_remove(ledger: &Ledger, key: &str) -> MetricRemoval {
    if BUILTIN.iter().any(|entry| entry.0 == key) {
        MetricRemoval::BuiltinHideOnly
    } else if metric_in_use(ledger, key) {
        MetricRemoval::HideOnly
    } else {
        MetricRemoval::Delete
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::campaign::Campaign;
    use crate::domain::metric::MetricGroup;
    use crate::domain::record::tests::stamp;
    use crate::domain::record::{Extra, Meta};
    use crate::domain::tallies::tests::{day, tally};

    /// A user's own metric, shown, counted in whole numbers.
    pub(crate) fn own_metric(key: &str, label_zh: &str, label_en: &str) -> Metric {
        Metric {
            meta: Meta::new(key, &stamp("dev", 0)),
            label_zh: label_zh.into(),
            label_en: label_en.into(),
            unit_zh: "只".into(),
            unit_en: "dogs".into(),
            group: MetricGroup::Other,
            integer: true,
            builtin: false,
            hidden: false,
            extra: Extra::new(),
        }
    }

    fn builtin(key: &str) -> Metric {
        builtin_metrics()
            .into_iter()
            .find(|m| m.key() == key)
            .unwrap()
    }

    #[test]
    fn an_empty_ledger_offers_the_whole_catalogue() {
        let metrics = available_metrics(&Ledger::default());
        assert_eq!(metrics.len(), BUILTIN.len());
        assert!(metrics.values().all(|m| m.builtin && !m.hidden));
    }

    #[test]
    fn own_metrics_are_added_and_a_stored_built_in_overrides_the_catalogue() {
        let mut ledger = Ledger::default();
        ledger.put(own_metric("dogs_walked", "遛狗", "Dogs walked"));
        let mut hidden_arrests = builtin("arrests");
        hidden_arrests.hidden = true;
        hidden_arrests.meta.touch(&stamp("dev", 60));
        ledger.put(hidden_arrests);

        let metrics = available_metrics(&ledger);
        assert_eq!(metrics.len(), BUILTIN.len() + 1);
        assert_eq!(metrics["dogs_walked"].label_zh, "遛狗");
        assert!(metrics["arrests"].hidden);
        assert!(!metrics["suspects_caught"].hidden);
    }

    #[test]
    fn deleted_metrics_are_gone_and_a_deleted_override_falls_back_to_the_built_in() {
        let mut ledger = Ledger::default();
        let mut gone = own_metric("dogs_walked", "遛狗", "Dogs walked");
        gone.meta.tombstone(&stamp("dev", 60));
        ledger.put(gone);
        let mut renamed = builtin("arrests");
        renamed.label_zh = "逮捕（改）".into();
        renamed.meta.tombstone(&stamp("dev", 60));
        ledger.put(renamed);

        let metrics = available_metrics(&ledger);
        assert!(!metrics.contains_key("dogs_walked"));
        assert_eq!(metrics["arrests"], builtin("arrests"));
    }

    #[test]
    fn a_metric_is_in_use_while_a_live_tally_or_campaign_refers_to_it() {
        let mut ledger = Ledger::default();
        ledger.put(own_metric("dogs_walked", "遛狗", "Dogs walked"));
        ledger.put(own_metric("cats_fed", "喂猫", "Cats fed"));
        ledger.put(own_metric("fish_kept", "养鱼", "Fish kept"));
        ledger.put(tally("t1", "ga", "dogs_walked", "2022-08-01", 1.0));
        let mut old = tally("t2", "ga", "fish_kept", "2022-08-01", 1.0);
        old.meta.deleted = true;
        ledger.put(old);
        ledger.put(Campaign {
            meta: Meta::new("c1", &stamp("dev", 0)),
            name: "春雷行动".into(),
            starts_on: day("2022-03-01"),
            ends_on: None,
            description: String::new(),
            metrics: vec!["cats_fed".into()],
            extra: Extra::new(),
        });

        assert!(metric_in_use(&ledger, "dogs_walked"));
        assert!(metric_in_use(&ledger, "cats_fed"));
        assert!(!metric_in_use(&ledger, "fish_kept"));
        assert_eq!(
            how_to_remove(&ledger, "dogs_walked"),
            MetricRemoval::HideOnly
        );
        assert_eq!(how_to_remove(&ledger, "cats_fed"), MetricRemoval::HideOnly);
        assert_eq!(how_to_remove(&ledger, "fish_kept"), MetricRemoval::Delete);
        assert_eq!(
            how_to_remove(&ledger, "arrests"),
            MetricRemoval::BuiltinHideOnly
        );
    }
}
