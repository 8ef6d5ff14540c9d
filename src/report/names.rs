//! What a report calls the ledger's offices, campaigns and metrics, and the order it lists
//! them in: a small copy taken from the ledger, so a report can be made without it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::domain::catalogue::BUILTIN;
use crate::domain::figures::derived_tally;
use crate::domain::{available_metrics, Id, Ledger, Metric, OfficeKind};

pub(super) struct Names {
    /// Every office the ledger holds, deleted ones too: (kind, name) by id.
    offices: BTreeMap<String, (OfficeKind, String)>,
    /// Every campaign the ledger holds: (first day, name) by id.
    campaigns: BTreeMap<String, (NaiveDate, String)>,
    pub metrics: MetricLabels,
}

impl Names {
    pub fn of(ledger: &Ledger) -> Names {
        Names {
            offices: ledger
                .offices
                .iter()
                .map(|(id, o)| (id.to_string(), (o.kind, o.name.clone())))
                .collect(),
            campaigns: ledger
                .campaigns
                .iter()
                .map(|(id, c)| (id.to_string(), (c.starts_on, c.name.clone())))
                .collect(),
            metrics: MetricLabels::of(ledger),
        }
    }

    /// The office's name; an office the ledger does not know is shown by its id.
    pub fn office(&self, id: &str) -> String {
        self.offices
            .get(id)
            .map_or_else(|| id.to_string(), |(_, name)| name.clone())
    }

    /// Office ids once each, in the order the tables show them: by kind as PRODUCT §3 lists
    /// them (committee, public security, procuratorate, court …), then by name; ids the
    /// ledger does not know come last.
    pub fn in_table_order<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Vec<(&'a str, String)> {
        let ids: BTreeSet<&str> = ids.into_iter().collect();
        let mut named: Vec<(usize, &str, String)> = ids
            .into_iter()
            .map(|id| {
                let kind = self.offices.get(id).map(|(kind, _)| *kind);
                let rank = kind.map_or(OfficeKind::ALL.len(), |kind| {
                    OfficeKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
                });
                (rank, id, self.office(id))
            })
            .collect();
        named.sort_by(|a, b| (a.0, &a.2, a.1).cmp(&(b.0, &b.2, b.1)));
        named.into_iter().map(|(_, id, name)| (id, name)).collect()
    }

    /// The campaign's first day and name, if the ledger knows it.
    pub fn campaign(&self, id: &str) -> Option<(NaiveDate, &str)> {
        self.campaigns
            .get(id)
            .map(|(starts_on, name)| (*starts_on, name.as_str()))
    }
}

/// The labels, units and order of the ledger's metrics.
pub(super) struct MetricLabels {
    metrics: BTreeMap<Id, Metric>,
}

impl MetricLabels {
    pub fn of(ledger: &Ledger) -> MetricLabels {
        MetricLabels {
            metrics: available_metrics(ledger),
        }
    }

    /// The Chinese label; the key itself for a metric the ledger no longer has.
    pub fn label<'k>(&'k self, key: &'k str) -> &'k str {
        self.metrics.get(key).map_or(key, |m| m.label_zh.as_str())
    }

    pub fn unit(&self, key: &str) -> &str {
        self.metrics.get(key).map_or("", |m| m.unit_zh.as_str())
    }

    /// Whether the metric counts whole numbers; an unknown one may not.
    pub fn integer(&self, key: &str) -> bool {
        self.metrics.get(key).is_some_and(|m| m.integer)
    }

    /// The stored metrics among `keys`, once each, in catalogue order: built-ins as in
    /// `BUILTIN`, then the others by key. A derived sum (`officers_disciplined`) is no
    /// stored metric, so it is left out.
    pub fn in_order<'k>(&self, keys: impl IntoIterator<Item = &'k str>) -> Vec<&'k str> {
        let mut keys: Vec<&str> = keys
            .into_iter()
            .filter(|key| derived_tally(key).is_none())
            .collect();
        keys.sort_by_key(|key| catalogue_rank(key));
        keys.dedup();
        keys
    }
}

fn catalogue_rank(key: &str) -> (usize, &str) {
    let position = BUILTIN.iter().position(|entry| entry.0 == key);
    (position.unwrap_or(BUILTIN.len()), key)
}
