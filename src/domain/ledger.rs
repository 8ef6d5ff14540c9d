//! An in-memory ledger: every record of each kind by id. Storage and exchange fill it;
//! merge and figures read it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::campaign::Campaign;
use super::metric::Metric;
use super::name::Id;
use super::office::Office;
use super::petition::Petition;
use super::record::{Meta, Record, RecordKind};
use super::tally::Tally;

/// All records, deleted ones included (tombstones travel).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub offices: BTreeMap<Id, Office>,
    pub metrics: BTreeMap<Id, Metric>,
    pub campaigns: BTreeMap<Id, Campaign>,
    pub petitions: BTreeMap<Id, Petition>,
    pub tallies: BTreeMap<Id, Tally>,
}

/// A record kind with its own table in the ledger.
pub trait LedgerTable: Record {
    fn table(ledger: &Ledger) -> &BTreeMap<Id, Self>;
    fn table_mut(ledger: &mut Ledger) -> &mut BTreeMap<Id, Self>;
    fn into_any(self) -> AnyRecord;
}

macro_rules! ledger_table {
    ($ty:ident, $field:ident) => {
        impl LedgerTable for $ty {
            fn table(ledger: &Ledger) -> &BTreeMap<Id, Self> {
                &ledger.$field
            }
            fn table_mut(ledger: &mut Ledger) -> &mut BTreeMap<Id, Self> {
                &mut ledger.$field
            }
            fn into_any(self) -> AnyRecord {
                AnyRecord::$ty(self.into())
            }
        }
    };
}

ledger_table!(Office, offices);
ledger_table!(Metric, metrics);
ledger_table!(Campaign, campaigns);
ledger_table!(Petition, petitions);
ledger_table!(Tally, tallies);

impl Ledger {
    pub fn get<R: LedgerTable>(&self, id: &str) -> Option<&R> {
        R::table(self).get(id)
    }

    /// Stores a record under its id, returning the one it replaces.
    pub fn put<R: LedgerTable>(&mut self, record: R) -> Option<R> {
        R::table_mut(self).insert(record.meta().id.clone(), record)
    }

    /// Number of records of every kind, tombstones included.
    /// The stored version of the record of `kind` with this id, if the ledger holds it.
    pub fn version_of(&self, kind: RecordKind, id: &str) -> Option<u32> {
        match kind {
            RecordKind::Office => self.offices.get(id).map(|r| r.meta.version),
            RecordKind::Metric => self.metrics.get(id).map(|r| r.meta.version),
            RecordKind::Campaign => self.campaigns.get(id).map(|r| r.meta.version),
            RecordKind::Petition => self.petitions.get(id).map(|r| r.meta.version),
            RecordKind::Tally => self.tallies.get(id).map(|r| r.meta.version),
        }
    }

    /// The record of `kind` with this id, if the ledger holds it.
    pub fn get_any(&self, kind: RecordKind, id: &str) -> Option<AnyRecord> {
        fn get<R: LedgerTable>(ledger: &Ledger, id: &str) -> Option<AnyRecord> {
            R::table(ledger).get(id).cloned().map(R::into_any)
        }
        match kind {
            RecordKind::Office => get::<Office>(self, id),
            RecordKind::Metric => get::<Metric>(self, id),
            RecordKind::Campaign => get::<Campaign>(self, id),
            RecordKind::Petition => get::<Petition>(self, id),
            RecordKind::Tally => get::<Tally>(self, id),
        }
    }

    pub fn len(&self) -> usize {
        self.offices.len()
            + self.metrics.len()
            + self.campaigns.len()
            + self.petitions.len()
            + self.tallies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Takes in records read from storage while this ledger may already hold newer ones
    /// (another tab's change, read back while the load was under way): a record replaces
    /// the one held only when its version is higher. One stored version has one content,
    /// and an edit or a deletion always raises it, so the higher version is the newer.
    pub fn take_newer(&mut self, read: Ledger) {
        let Ledger {
            offices,
            metrics,
            campaigns,
            petitions,
            tallies,
        } = read;
        take_newer(&mut self.offices, offices);
        take_newer(&mut self.metrics, metrics);
        take_newer(&mut self.campaigns, campaigns);
        take_newer(&mut self.petitions, petitions);
        take_newer(&mut self.tallies, tallies);
    }
}

/// A record of any kind, e.g. one side of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum AnyRecord {
    Office(Office),
    Metric(Metric),
    Campaign(Campaign),
    // Boxed: a petition is twice the size of any other record.
    Petition(Box<Petition>),
    Tally(Tally),
}

impl AnyRecord {
    pub fn kind(&self) -> RecordKind {
        match self {
            AnyRecord::Office(_) => RecordKind::Office,
            AnyRecord::Metric(_) => RecordKind::Metric,
            AnyRecord::Campaign(_) => RecordKind::Campaign,
            AnyRecord::Petition(_) => RecordKind::Petition,
            AnyRecord::Tally(_) => RecordKind::Tally,
        }
    }

    pub fn meta(&self) -> &Meta {
        match self {
            AnyRecord::Office(r) => &r.meta,
            AnyRecord::Metric(r) => &r.meta,
            AnyRecord::Campaign(r) => &r.meta,
            AnyRecord::Petition(r) => &r.meta,
            AnyRecord::Tally(r) => &r.meta,
        }
    }

    /// Puts the record back into a ledger, e.g. to restore the loser of a conflict.
    pub fn put_into(self, ledger: &mut Ledger) {
        match self {
            AnyRecord::Office(r) => {
                ledger.put(r);
            }
            AnyRecord::Metric(r) => {
                ledger.put(r);
            }
            AnyRecord::Campaign(r) => {
                ledger.put(r);
            }
            AnyRecord::Petition(r) => {
                ledger.put(*r);
            }
            AnyRecord::Tally(r) => {
                ledger.put(r);
            }
        }
    }
}

/// Rebuilds a table with every node of its tree full. Records read in the order of their
/// storage (by a hash of the id) are inserted at random places, which leaves the nodes about
/// two thirds full; at 100,000 petitions and 500,000 tallies the empty slots held 40 MB of
/// the live heap (a counting allocator). Rebuilding by
/// `append` pushes the entries in order into full nodes, freeing the old nodes as it reads
/// them, so the table is never held twice.
pub fn pack<K: Ord, V>(table: &mut BTreeMap<K, V>) {
    let mut packed = BTreeMap::new();
    // `append` into an empty map would only swap the two.
    if let Some((key, value)) = table.pop_first() {
        packed.insert(key, value);
        packed.append(table);
    }
    *table = packed;
}

fn take_newer<R: Record>(held: &mut BTreeMap<Id, R>, read: BTreeMap<Id, R>) {
    if held.is_empty() {
        *held = read;
        return;
    }
    for (id, record) in read {
        match held.get(&id) {
            Some(old) if old.meta().version >= record.meta().version => {}
            _ => {
                held.insert(id, record);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::builtin_metrics;
    use crate::domain::petition::tests::sample;

    #[test]
    fn a_packed_table_holds_the_same_entries_in_the_same_order() {
        for n in [0, 1, 2, 11, 12, 1000] {
            let mut table: BTreeMap<u32, u32> = (0..n).map(|i| (i * 7919 % 1009, i)).collect();
            let before: Vec<_> = table.clone().into_iter().collect();
            pack(&mut table);
            assert_eq!(table.into_iter().collect::<Vec<_>>(), before);
        }
    }

    #[test]
    fn records_are_stored_and_found_by_their_own_id() {
        let mut ledger = Ledger::default();
        assert!(ledger.is_empty());
        for metric in builtin_metrics() {
            ledger.put(metric);
        }
        assert!(ledger.put(sample("p1")).is_none());
        let mut edited = sample("p1");
        edited.subject = "改".into();
        assert_eq!(
            ledger.put(edited).map(|old| old.subject),
            Some(sample("p1").subject)
        );
        assert_eq!(
            ledger.get::<Petition>("p1").map(|p| p.subject.as_str()),
            Some("改")
        );
        assert!(ledger.get::<Metric>("arrests").is_some());
        assert_eq!(ledger.len(), 32);
    }

    #[test]
    fn any_record_says_its_kind_and_goes_back_where_it_belongs() {
        let record = sample("p9").into_any();
        assert_eq!(record.kind(), RecordKind::Petition);
        assert_eq!(record.meta().id, "p9");
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(json["kind"], "petition");
        assert_eq!(json["record"]["id"], "p9");
        let mut ledger = Ledger::default();
        record.put_into(&mut ledger);
        assert!(ledger.petitions.contains_key("p9"));
    }

    #[test]
    fn records_read_behind_keep_what_is_newer_in_memory() {
        let mut held = Ledger::default();
        let mut newer = sample("p1");
        newer.subject = "另一标签页改过".into();
        newer.meta.version = 3;
        held.put(newer);
        let mut read = Ledger::default();
        let mut older = sample("p1");
        older.meta.version = 2;
        read.put(older);
        read.put(sample("p2"));
        let mut newest = sample("p3");
        newest.meta.version = 5;
        held.put(sample("p3"));
        read.put(newest);

        held.take_newer(read);

        let subject = |id| held.get::<Petition>(id).map(|p| p.subject.clone());
        assert_eq!(subject("p1").as_deref(), Some("另一标签页改过"));
        assert!(
            held.petitions.contains_key("p2"),
            "a record only read is taken"
        );
        assert_eq!(held.get::<Petition>("p3").map(|p| p.meta.version), Some(5));
    }
}
