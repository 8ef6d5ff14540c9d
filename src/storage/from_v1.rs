//! The move from schema 1 (a row per record) to segments, with nothing lost: the records
//! are copied in one transaction; a second one reads every copied record back, parses it
//! and compares counts and a checksum of every record with the copy's; only then are the
//! old stores emptied. Until then they stay as they were, so a failed or interrupted move
//! is tried again at the next start from the same rows.

use std::collections::BTreeMap;

use idb::{Database, Transaction, TransactionMode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wasm_bindgen::JsValue;

use super::db::{commit, parsed};
use super::error::Result;
use super::migrations::stores;
use super::segment::{kind_name, kind_range, row_entry, segment_key, segment_of, Segment};
use crate::domain::{Campaign, Metric, Office, Petition, RecordKind, Tally};

/// The key in `meta` of how far the move went.
const MARK: &str = "from_v1";

/// Schema 1's store of each kind.
const OLD_STORES: [(RecordKind, &str); 5] = [
    (RecordKind::Office, stores::OFFICES),
    (RecordKind::Metric, stores::METRICS),
    (RecordKind::Campaign, stores::CAMPAIGNS),
    (RecordKind::Petition, stores::PETITIONS),
    (RecordKind::Tally, stores::TALLIES),
];

/// Old rows read per request during the copy.
const PAGE: u32 = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum State {
    /// The segments hold a copy of every old row; not yet verified.
    Copied,
    /// The copy was read back and matched; the old stores are empty.
    Verified,
}

/// Per kind: how many records, and the sum of a digest of each (id, version, document),
/// which does not depend on the order records are met in.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Figures {
    counts: BTreeMap<String, u64>,
    sums: BTreeMap<String, u128>,
}

impl Figures {
    fn add(&mut self, kind: RecordKind, id: &str, version: u32, doc: &[u8]) {
        let name = kind_name(kind).to_string();
        *self.counts.entry(name.clone()).or_default() += 1;
        let digest = Sha256::new()
            .chain_update(id.as_bytes())
            .chain_update([0])
            .chain_update(version.to_be_bytes())
            .chain_update(doc)
            .finalize();
        let mut head = [0u8; 16];
        head.copy_from_slice(&digest[..16]);
        let sum = self.sums.entry(name).or_default();
        *sum = sum.wrapping_add(u128::from_be_bytes(head));
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Mark {
    state: State,
    figures: Figures,
}

/// Moves a schema-1 database's records into segments, if it has any not yet moved.
pub(super) async fn move_from_v1(db: &Database) -> Result<()> {
    if !db
        .store_names()
        .iter()
        .any(|name| name == stores::PETITIONS)
    {
        return Ok(());
    }
    copy(db).await?;
    verify(db).await
}

fn transaction(db: &Database) -> Result<Transaction> {
    let mut names: Vec<&str> = OLD_STORES.iter().map(|(_, name)| *name).collect();
    names.extend([stores::SEGMENTS, stores::META]);
    Ok(db.transaction(&names, TransactionMode::ReadWrite)?)
}

async fn read_mark(tx: &Transaction) -> Result<Option<Mark>> {
    let value = tx
        .object_store(stores::META)?
        .get(JsValue::from_str(MARK))?
        .await?;
    parsed(value)
}

fn put_mark(tx: &Transaction, mark: &Mark) -> Result<()> {
    tx.object_store(stores::META)?.put(
        &JsValue::from_str(&serde_json::to_string(mark)?),
        Some(&JsValue::from_str(MARK)),
    )?;
    Ok(())
}

/// Copies every old row into its segment, in one transaction, with the figures to verify.
async fn copy(db: &Database) -> Result<()> {
    let tx = transaction(db)?;
    if read_mark(&tx).await?.is_some() {
        return Ok(());
    }
    let mut figures = Figures::default();
    let mut segments: BTreeMap<String, Segment> = BTreeMap::new();
    for (kind, name) in OLD_STORES {
        let store = tx.object_store(name)?;
        let mut after: Option<String> = None;
        loop {
            let query = match &after {
                Some(id) => Some(idb::Query::KeyRange(idb::KeyRange::lower_bound(
                    &JsValue::from_str(id),
                    Some(true),
                )?)),
                None => None,
            };
            let rows = store.get_all(query, Some(PAGE))?.await?;
            for row in &rows {
                let entry = row_entry(row, "a schema-1 row")?;
                figures.add(kind, &entry.id, entry.version, &entry.doc);
                after = Some(entry.id.clone());
                let key = segment_key(kind, segment_of(kind, &entry.id));
                segments.entry(key).or_default().put(entry);
            }
            if rows.len() < PAGE as usize {
                break;
            }
        }
    }
    let store = tx.object_store(stores::SEGMENTS)?;
    let mut scratch = Vec::new();
    for (key, mut segment) in segments {
        // Nothing is stored in segments before the move; were anything there, it is newer.
        if let Some(held) = store.get(JsValue::from_str(&key))?.await? {
            segment
                .entries
                .extend(Segment::from_value(&held, &mut scratch)?.entries);
        }
        store.put(
            &segment.to_value(&mut scratch)?,
            Some(&JsValue::from_str(&key)),
        )?;
    }
    put_mark(
        &tx,
        &Mark {
            state: State::Copied,
            figures,
        },
    )?;
    commit(tx, stores::META).await
}

fn parses(kind: RecordKind, doc: &[u8]) -> Result<()> {
    match kind {
        RecordKind::Office => serde_json::from_slice::<Office>(doc).map(drop),
        RecordKind::Metric => serde_json::from_slice::<Metric>(doc).map(drop),
        RecordKind::Campaign => serde_json::from_slice::<Campaign>(doc).map(drop),
        RecordKind::Petition => serde_json::from_slice::<Petition>(doc).map(drop),
        RecordKind::Tally => serde_json::from_slice::<Tally>(doc).map(drop),
    }?;
    Ok(())
}

/// Reads every copied record back (each parsed), and empties the old stores only when the
/// counts and checksums match the copy's.
async fn verify(db: &Database) -> Result<()> {
    let tx = transaction(db)?;
    let mut mark = match read_mark(&tx).await? {
        Some(mark) if mark.state == State::Copied => mark,
        _ => return Ok(()),
    };
    let mut figures = Figures::default();
    let segments = tx.object_store(stores::SEGMENTS)?;
    let mut scratch = Vec::new();
    for kind in RecordKind::ALL {
        for value in segments.get_all(Some(kind_range(*kind)?), None)?.await? {
            Segment::each_doc(&value, &mut scratch, |id, version, doc| {
                parses(*kind, doc)?;
                figures.add(*kind, id, version, doc);
                Ok(())
            })?;
        }
    }
    if figures != mark.figures {
        // Something was written to the segments since the copy (another tab). The old stores
        // are left as they are; nothing reads them again.
        web_sys::console::warn_1(
            &"the records moved from schema 1 differ from the copy; the old rows are kept".into(),
        );
        return Ok(());
    }
    for (_, name) in OLD_STORES {
        tx.object_store(name)?.clear()?;
    }
    mark.state = State::Verified;
    put_mark(&tx, &mark)?;
    commit(tx, stores::META).await
}
