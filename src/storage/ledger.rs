//! Reading the ledger into memory: all of it at start, and what another tab changed since.

use std::collections::BTreeMap;

use super::db::{Db, StoredKind};
use super::error::Result;
use super::sync::Changed;
use crate::domain::{
    AnyRecord, Campaign, Id, Ledger, LedgerTable, Metric, Office, Petition, RecordKind, Tally,
};

/// Every office, metric and campaign, tombstones included, read in one transaction: what
/// every screen names. The petitions (`read_petitions`) and the tallies (`read_tallies`),
/// many more, follow, each in its own transaction.
pub async fn load_start(db: &Db) -> Result<Ledger> {
    let mut ledger = Ledger::default();
    let kinds = [RecordKind::Office, RecordKind::Metric, RecordKind::Campaign];
    for stored in db.read_kinds(&kinds).await? {
        decode_whole(stored, &mut ledger)?;
    }
    Ok(ledger)
}

/// The stored petitions, read in one transaction, for the caller to decode a few segments
/// at a time (`StoredKind::decode_into`), with the ledger's stamp of that read.
pub async fn read_petitions(db: &Db) -> Result<StoredKind> {
    let started = crate::marks::now();
    let read = db.read_kinds(&[RecordKind::Petition]).await?.remove(0);
    crate::marks::measure("read-rows", started);
    Ok(read)
}

/// The stored tallies, read in one transaction, for the caller to decode a few segments at
/// a time (`StoredKind::decode_into`) with turns for the browser between.
pub async fn read_tallies(db: &Db) -> Result<StoredKind> {
    Ok(db.read_kinds(&[RecordKind::Tally]).await?.remove(0))
}

fn decode_whole(mut stored: StoredKind, into: &mut Ledger) -> Result<()> {
    fn whole<R: LedgerTable>(stored: &mut StoredKind, into: &mut Ledger) -> Result<()> {
        stored.decode_into(R::table_mut(into), usize::MAX).map(drop)
    }
    match stored.kind {
        RecordKind::Office => whole::<Office>(&mut stored, into),
        RecordKind::Metric => whole::<Metric>(&mut stored, into),
        RecordKind::Campaign => whole::<Campaign>(&mut stored, into),
        RecordKind::Petition => whole::<Petition>(&mut stored, into),
        RecordKind::Tally => whole::<Tally>(&mut stored, into),
    }
}

/// What another tab changed, read back from storage, ready to apply to the in-memory ledger.
#[derive(Default)]
pub struct Fresh {
    /// Kinds read whole: their tables replace the old ones.
    whole: Vec<RecordKind>,
    records: Ledger,
}

impl Fresh {
    pub fn apply(self, ledger: &mut Ledger) {
        let Fresh { whole, records } = self;
        let Ledger {
            offices,
            metrics,
            campaigns,
            petitions,
            tallies,
        } = records;
        merge_table(
            &mut ledger.offices,
            offices,
            whole.contains(&RecordKind::Office),
        );
        merge_table(
            &mut ledger.metrics,
            metrics,
            whole.contains(&RecordKind::Metric),
        );
        merge_table(
            &mut ledger.campaigns,
            campaigns,
            whole.contains(&RecordKind::Campaign),
        );
        merge_table(
            &mut ledger.petitions,
            petitions,
            whole.contains(&RecordKind::Petition),
        );
        merge_table(
            &mut ledger.tallies,
            tallies,
            whole.contains(&RecordKind::Tally),
        );
    }
}

fn merge_table<R>(table: &mut BTreeMap<Id, R>, fresh: BTreeMap<Id, R>, whole: bool) {
    if whole {
        *table = fresh;
    } else {
        table.extend(fresh);
    }
}

/// Reads what a change announced by another tab names: the records by id, or whole kinds
/// when the message names no ids (a large import).
pub async fn read_changed(db: &Db, changed: &Changed) -> Result<Fresh> {
    let mut fresh = Fresh::default();
    if changed.ids.is_empty() {
        for stored in db.read_kinds(&changed.kinds).await? {
            fresh.whole.push(stored.kind);
            decode_whole(stored, &mut fresh.records)?;
        }
        return Ok(fresh);
    }
    // Ids are unique across kinds (UUIDs; metric keys live only in metrics): each kind is
    // asked for the ids no earlier kind held.
    let mut left: Vec<String> = changed.ids.clone();
    for kind in &changed.kinds {
        let into = &mut fresh.records;
        let found = match kind {
            RecordKind::Office => read_ids::<Office>(db, into, &left).await?,
            RecordKind::Metric => read_ids::<Metric>(db, into, &left).await?,
            RecordKind::Campaign => read_ids::<Campaign>(db, into, &left).await?,
            RecordKind::Petition => read_ids::<Petition>(db, into, &left).await?,
            RecordKind::Tally => read_ids::<Tally>(db, into, &left).await?,
        };
        left.retain(|id| !found.contains(id));
    }
    Ok(fresh)
}

/// Puts the stored records among `ids` into `into`; returns the ids found.
async fn read_ids<R: LedgerTable>(
    db: &Db,
    into: &mut Ledger,
    ids: &[String],
) -> Result<std::collections::BTreeSet<String>> {
    let mut found = std::collections::BTreeSet::new();
    if ids.is_empty() {
        return Ok(found);
    }
    for record in db.get_many::<R>(ids).await? {
        found.insert(record.id().to_string());
        into.put(record);
    }
    Ok(found)
}

/// Adds any record to a batch with its expectation; `digest`, if given, takes its
/// document's digest once the write has written it (see `WriteBatch::put_ref`).
pub fn put_any<'a>(
    batch: &mut super::WriteBatch<'a>,
    record: &'a AnyRecord,
    expect: super::Expect,
    digest: Option<&'a std::cell::Cell<u64>>,
) {
    match record {
        AnyRecord::Office(r) => batch.put_ref(r, expect, digest),
        AnyRecord::Metric(r) => batch.put_ref(r, expect, digest),
        AnyRecord::Campaign(r) => batch.put_ref(r, expect, digest),
        AnyRecord::Petition(r) => batch.put_ref(r.as_ref(), expect, digest),
        AnyRecord::Tally(r) => batch.put_ref(r, expect, digest),
    };
}
