//! Reading the ledger into memory: all of it at start, and what another tab changed since.

use std::collections::BTreeMap;

use idb::TransactionMode;
use wasm_bindgen::JsValue;

use super::db::Db;
use super::error::Result;
use super::rows::{from_row, Stored};
use super::sync::Changed;
use crate::domain::{
    AnyRecord, Campaign, Ledger, LedgerTable, Metric, Office, Petition, RecordKind, Tally,
};

/// Every record but the tallies, tombstones included, read in one transaction: what the
/// first screen needs. The tallies, five times as many, follow a page at a time
/// (`Db::page_after`).
pub async fn load_ledger(db: &Db) -> Result<Ledger> {
    let mut ledger = Ledger::default();
    let stores = [
        Office::STORE,
        Metric::STORE,
        Campaign::STORE,
        Petition::STORE,
    ];
    let started = crate::marks::now();
    let tx = db.inner().transaction(&stores, TransactionMode::ReadOnly)?;
    // All four requests run together; the transaction stays active while any is pending.
    let offices = tx.object_store(Office::STORE)?.get_all(None, None)?;
    let metrics = tx.object_store(Metric::STORE)?.get_all(None, None)?;
    let campaigns = tx.object_store(Campaign::STORE)?.get_all(None, None)?;
    let petitions = tx.object_store(Petition::STORE)?.get_all(None, None)?;
    let offices = offices.await?;
    let metrics = metrics.await?;
    let campaigns = campaigns.await?;
    let petitions = petitions.await?;
    crate::marks::measure("read-rows", started);
    let parsing = crate::marks::now();
    fill::<Office>(&mut ledger, &offices)?;
    fill::<Metric>(&mut ledger, &metrics)?;
    fill::<Campaign>(&mut ledger, &campaigns)?;
    fill::<Petition>(&mut ledger, &petitions)?;
    crate::marks::measure("parse-rows", parsing);
    Ok(ledger)
}

fn fill<R: Stored + LedgerTable>(ledger: &mut Ledger, rows: &[JsValue]) -> Result<()> {
    let table = R::table_mut(ledger);
    for row in rows {
        let record: R = from_row(row)?;
        table.insert(record.id().to_string(), record);
    }
    Ok(())
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

fn merge_table<R>(table: &mut BTreeMap<String, R>, fresh: BTreeMap<String, R>, whole: bool) {
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
        for kind in &changed.kinds {
            match kind {
                RecordKind::Office => read_kind::<Office>(db, &mut fresh.records).await?,
                RecordKind::Metric => read_kind::<Metric>(db, &mut fresh.records).await?,
                RecordKind::Campaign => read_kind::<Campaign>(db, &mut fresh.records).await?,
                RecordKind::Petition => read_kind::<Petition>(db, &mut fresh.records).await?,
                RecordKind::Tally => read_kind::<Tally>(db, &mut fresh.records).await?,
            }
            fresh.whole.push(*kind);
        }
        return Ok(fresh);
    }
    // Ids are unique across kinds (UUIDs; metric keys live only in metrics), so each id is
    // looked up in the kinds the message names until found.
    for id in &changed.ids {
        for kind in &changed.kinds {
            let found = match kind {
                RecordKind::Office => read_one::<Office>(db, &mut fresh.records, id).await?,
                RecordKind::Metric => read_one::<Metric>(db, &mut fresh.records, id).await?,
                RecordKind::Campaign => read_one::<Campaign>(db, &mut fresh.records, id).await?,
                RecordKind::Petition => read_one::<Petition>(db, &mut fresh.records, id).await?,
                RecordKind::Tally => read_one::<Tally>(db, &mut fresh.records, id).await?,
            };
            if found {
                break;
            }
        }
    }
    Ok(fresh)
}

async fn read_kind<R: Stored + LedgerTable>(db: &Db, into: &mut Ledger) -> Result<()> {
    let records: Vec<R> = db.all().await?;
    R::table_mut(into).extend(records.into_iter().map(|r| (r.id().to_string(), r)));
    Ok(())
}

async fn read_one<R: Stored + LedgerTable>(db: &Db, into: &mut Ledger, id: &str) -> Result<bool> {
    match db.get::<R>(id).await? {
        Some(record) => {
            into.put(record);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Adds any record to a batch with its expectation.
pub fn put_any(
    batch: &mut super::WriteBatch,
    record: &AnyRecord,
    expect: super::Expect,
) -> Result<()> {
    match record {
        AnyRecord::Office(r) => batch.put(r, expect)?,
        AnyRecord::Metric(r) => batch.put(r, expect)?,
        AnyRecord::Campaign(r) => batch.put(r, expect)?,
        AnyRecord::Petition(r) => batch.put(r.as_ref(), expect)?,
        AnyRecord::Tally(r) => batch.put(r, expect)?,
    };
    Ok(())
}
