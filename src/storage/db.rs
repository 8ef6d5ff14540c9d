//! The ledger database: opening (with upgrades), reading records and writing batches.
//!
//! Every write is one transaction: all of a batch lands, or none of it. A write may say
//! which version it expects to replace; if another tab saved the record meanwhile, the
//! whole batch is refused with `StorageError::Stale` instead of overwriting.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use idb::{Database, DatabaseEvent, Factory, Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::error::{from_dom_name, Result, StorageError};
use super::kept::{read_stamp, restamp, Stamp, Stamps};
use super::migrations::{self, stores, CURRENT_VERSION};
use super::segment::{
    journal_entry, journal_key, journal_row, kind_range, segment_key, segment_of, Digest, Doc,
    Segment,
};
use super::sync::{announce, Changed};
use crate::domain::{pack, Id, Record, RecordKind};

/// A batch of more records than this is folded into the segments (with the journal) instead
/// of adding journal rows: past it, rewriting segments costs less than a row per record.
const JOURNAL_LIMIT: usize = 2_000;

/// Journal rows past which `compact_if_due` folds the journal into the segments.
const COMPACT_AT: u32 = 500;

/// Segments read together before the write waits for the last of them.
const SEGMENT_SLICE: usize = 16;

/// Records a large write takes in hand between two turns of the page: written out into
/// their segments (about 0.1 s of petitions), or folded into the segments in memory.
const RECORDS_PER_TURN: usize = 4_000;
const FOLDED_PER_TURN: usize = 50_000;

/// The name of the ledger's database in this browser profile.
pub const DB_NAME: &str = "taizhang";

/// What a write expects to find in storage before it replaces the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// No record with this id yet.
    Absent,
    /// Exactly this version: the one the user's edit started from.
    Version(u32),
}

impl Expect {
    /// The expectation of an edit that produced `record`: the version before it.
    pub fn previous_of<R: Record>(record: &R) -> Expect {
        Expect::before(record.meta().version)
    }

    /// The expectation of an edit that produced `version`: nothing for a new record.
    pub fn before(version: u32) -> Expect {
        match version {
            0 | 1 => Expect::Absent,
            v => Expect::Version(v - 1),
        }
    }

    /// Whether a record stored at `stored` (or none) is what this write expects.
    fn met_by(self, stored: Option<u32>) -> bool {
        match self {
            Expect::Absent => stored.is_none(),
            Expect::Version(v) => stored == Some(v),
        }
    }
}

struct PendingPut<'a> {
    kind: RecordKind,
    id: Cow<'a, str>,
    version: u32,
    doc: Doc<'a>,
    expect: Expect,
}

impl PendingPut<'_> {
    fn stale(&self, stored_version: Option<u32>) -> StorageError {
        StorageError::Stale {
            kind: self.kind,
            id: self.id.to_string(),
            stored_version,
        }
    }
}

/// Records to write together, in one transaction. Records put with `put_ref` are borrowed
/// until the write and written out as JSON only then, a segment at a time, so a large
/// import never holds every record's document at once beside the records.
#[derive(Default)]
pub struct WriteBatch<'a> {
    puts: Vec<PendingPut<'a>>,
    settings: Vec<(String, String)>,
    /// Rows of the import history and of kept conflicts to put or delete.
    notes: Vec<Note>,
}

/// A row of a store that holds documents beside the records (`imports`, `conflicts`):
/// `{id, doc, record_id?}` to put, or the id to delete.
struct Note {
    store: &'static str,
    id: String,
    record_id: Option<String>,
    change: NoteChange,
}

enum NoteChange {
    Put(NoteDoc),
    Delete,
    /// Deletes the rows of the pieces a `NoteDoc::Later` was kept in.
    DeletePieces,
}

/// A note's document: made when it was added, or made by the write once the batch's
/// records are written, in the same transaction (an undo entry that keeps their digests),
/// a piece at a time with a turn of the page between pieces. Each piece is put as a row of
/// its own as it is made (`piece_key`), and the note's row says how many there are: a large
/// import's entry is never whole in memory, neither in wasm nor as a JS string.
enum NoteDoc {
    Made(String),
    Later(Box<dyn FnMut() -> Option<serde_json::Result<String>>>),
}

impl<'a> WriteBatch<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts `record`, its document made now (the record need not outlive the batch).
    pub fn put<R: Record>(&mut self, record: &R, expect: Expect) -> Result<&mut Self> {
        self.puts.push(PendingPut {
            kind: R::KIND,
            id: Cow::Owned(record.id().to_string()),
            version: record.meta().version,
            doc: Doc::Bytes(serde_json::to_vec(record)?),
            expect,
        });
        Ok(self)
    }

    /// Puts `record`, borrowed until the write, which writes its document out and, if
    /// asked, sets `digest` to the document's `document_digest`.
    pub fn put_ref<R: Record>(
        &mut self,
        record: &'a R,
        expect: Expect,
        digest: Option<&'a Cell<u64>>,
    ) -> &mut Self {
        let digest = digest.map(|into| Digest {
            kind: R::KIND,
            into,
        });
        self.puts.push(PendingPut {
            kind: R::KIND,
            id: Cow::Borrowed(record.id()),
            version: record.meta().version,
            doc: Doc::Record(record, digest),
            expect,
        });
        self
    }
    pub fn setting<T: Serialize>(&mut self, key: &str, value: &T) -> Result<&mut Self> {
        self.settings
            .push((key.to_string(), serde_json::to_string(value)?));
        Ok(self)
    }

    /// Keeps an entry of the import history: `{id, doc}` in the `imports` store, and beside
    /// it the entry's summary (`summary_key`), which the history lists without reading the
    /// entries (a large import's entry names every record it wrote).
    pub fn import_entry<S: Serialize, T: Serialize>(
        &mut self,
        id: &str,
        summary: &S,
        value: &T,
    ) -> Result<&mut Self> {
        self.note(stores::IMPORTS, &summary_key(id), None, Some(summary))?;
        self.note(stores::IMPORTS, id, None, Some(value))
    }

    /// Keeps an entry of the import history whose document is made once the batch's
    /// records are written (see `put_ref`'s digests), in the same transaction: `next_piece`
    /// gives it a piece at a time, `None` once it is whole.
    pub fn import_entry_later<S: Serialize>(
        &mut self,
        id: &str,
        summary: &S,
        next_piece: impl FnMut() -> Option<serde_json::Result<String>> + 'static,
    ) -> Result<&mut Self> {
        self.note(stores::IMPORTS, &summary_key(id), None, Some(summary))?;
        self.notes.push(Note {
            store: stores::IMPORTS,
            id: id.to_string(),
            record_id: None,
            change: NoteChange::Put(NoteDoc::Later(Box::new(next_piece))),
        });
        Ok(self)
    }

    /// Removes an entry of the import history, its summary and its pieces (after it was
    /// undone).
    pub fn forget_import(&mut self, id: &str) -> &mut Self {
        self.forget(stores::IMPORTS, &summary_key(id));
        self.notes.push(Note {
            store: stores::IMPORTS,
            id: id.to_string(),
            record_id: None,
            change: NoteChange::DeletePieces,
        });
        self.forget(stores::IMPORTS, id)
    }

    /// Keeps a conflict of an import (`{id, record_id, doc}` in the `conflicts` store).
    pub fn conflict<T: Serialize>(
        &mut self,
        id: &str,
        record_id: &str,
        value: &T,
    ) -> Result<&mut Self> {
        self.note(stores::CONFLICTS, id, Some(record_id), Some(value))
    }

    /// Removes a kept conflict (restored or dismissed).
    pub fn forget_conflict(&mut self, id: &str) -> &mut Self {
        self.forget(stores::CONFLICTS, id)
    }

    fn note<T: Serialize>(
        &mut self,
        store: &'static str,
        id: &str,
        record_id: Option<&str>,
        value: Option<&T>,
    ) -> Result<&mut Self> {
        let change = match value {
            Some(value) => NoteChange::Put(NoteDoc::Made(serde_json::to_string(value)?)),
            None => NoteChange::Delete,
        };
        self.notes.push(Note {
            store,
            id: id.to_string(),
            record_id: record_id.map(str::to_string),
            change,
        });
        Ok(self)
    }

    fn forget(&mut self, store: &'static str, id: &str) -> &mut Self {
        self.notes.push(Note {
            store,
            id: id.to_string(),
            record_id: None,
            change: NoteChange::Delete,
        });
        self
    }

    pub fn len(&self) -> usize {
        self.puts.len() + self.settings.len() + self.notes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the app is told while opening and afterwards, about other tabs.
#[derive(Default)]
pub struct OpenEvents {
    /// The upgrade waits for another tab that holds an older version open. Opening goes on
    /// by itself once that tab closes.
    pub blocked: Option<Box<dyn FnOnce()>>,
    /// Another tab opened a newer schema: this connection has closed and the page must reload.
    pub version_change: Option<Box<dyn FnOnce()>>,
}

/// An open connection to the ledger database.
pub struct Db {
    inner: Database,
    name: String,
    /// This connection among the page's and other tabs', named in what it announces.
    connection: u64,
}

impl Db {
    /// Opens the ledger, creating or upgrading it to `CURRENT_VERSION`.
    pub async fn open() -> Result<Db> {
        Self::open_named(DB_NAME, OpenEvents::default()).await
    }

    /// Opens (creating or upgrading) the database `name`. When another tab needs a newer
    /// schema this connection closes itself, so that tab is not blocked, and says so.
    pub async fn open_named(name: &str, events: OpenEvents) -> Result<Db> {
        Self::open_version(name, CURRENT_VERSION, events).await
    }

    /// As `open_named`, at schema `version`. The app always opens `CURRENT_VERSION`; the
    /// browser tests open a later one to play what a newer build in another tab does.
    pub async fn open_version(name: &str, version: u32, events: OpenEvents) -> Result<Db> {
        let factory = Factory::new().map_err(|e| StorageError::Unavailable(e.to_string()))?;
        let mut request = factory
            .open(name, Some(version))
            .map_err(|e| StorageError::Unavailable(e.to_string()))?;

        let upgrade_failed = Rc::new(Cell::new(false));
        let failed = upgrade_failed.clone();
        request.on_upgrade_needed(move |event| {
            let outcome = event.database().and_then(|db| {
                let old = event.old_version()?;
                migrations::upgrade(&db, old)
            });
            if outcome.is_err() {
                failed.set(true);
                abort_upgrade(event.into());
            }
        });
        if let Some(blocked) = events.blocked {
            request.on_blocked(move |_| blocked());
        }

        let mut inner = request.await?;
        if upgrade_failed.get() {
            inner.close();
            return Err(StorageError::Aborted("schema upgrade failed".into()));
        }
        if let Err(error) = super::from_v1::move_from_v1(&inner).await {
            inner.close();
            return Err(error);
        }
        inner.on_version_change(move |event: web_sys::Event| {
            let db = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::IdbDatabase>().ok());
            if let Some(db) = db {
                db.close();
            }
            if let Some(callback) = events.version_change {
                callback();
            }
        });
        Ok(Db {
            inner,
            name: name.to_string(),
            // 53 random bits: two tabs' connections do not meet.
            connection: (js_sys::Math::random() * (1u64 << 53) as f64) as u64,
        })
    }

    /// Which connection this is: what it announces carries it (`Changed::from`), so the
    /// page that wrote a change can tell it from another tab's.
    pub fn connection(&self) -> u64 {
        self.connection
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub(super) fn inner(&self) -> &Database {
        &self.inner
    }

    pub fn close(&self) {
        self.inner.close();
    }

    /// Deletes a whole database (tests and "start over" only).
    pub async fn delete(name: &str) -> Result<()> {
        let factory = Factory::new().map_err(|e| StorageError::Unavailable(e.to_string()))?;
        factory.delete(name)?.await?;
        Ok(())
    }

    /// Every record of one kind, tombstones included.
    pub async fn all<R: Record>(&self) -> Result<Vec<R>> {
        let mut kind = self.read_kinds(&[R::KIND]).await?.remove(0);
        let mut table = BTreeMap::new();
        while !kind.decode_into::<R>(&mut table, usize::MAX)? {}
        Ok(table.into_values().collect())
    }

    /// The stored values of `kinds` (their segments and journal rows), read in one
    /// transaction so that they are one consistent state, to be decoded a piece at a time.
    pub async fn read_kinds(&self, kinds: &[RecordKind]) -> Result<Vec<StoredKind>> {
        let tx = self.inner.transaction(
            &[stores::SEGMENTS, stores::JOURNAL, stores::META],
            TransactionMode::ReadOnly,
        )?;
        let segments = tx.object_store(stores::SEGMENTS)?;
        let journal = tx.object_store(stores::JOURNAL)?;
        let stamp = read_stamp(&tx).await?;
        let mut requests = Vec::with_capacity(kinds.len());
        for kind in kinds {
            requests.push((
                *kind,
                segments.get_all(Some(kind_range(*kind)?), None)?,
                journal.get_all(Some(kind_range(*kind)?), None)?,
            ));
        }
        let mut read = Vec::with_capacity(kinds.len());
        for (kind, segments, journal) in requests {
            read.push(StoredKind {
                kind,
                segments: segments.await?.into(),
                journal: journal.await?,
                scratch: Vec::new(),
                stamp: stamp.clone(),
            });
        }
        Ok(read)
    }

    /// One record by id, or `None`.
    pub async fn get<R: Record>(&self, id: &str) -> Result<Option<R>> {
        Ok(self
            .get_many::<R>(&[id.to_string()])
            .await?
            .into_iter()
            .next())
    }

    /// The stored records among `ids`, in one transaction: each segment read once.
    pub async fn get_many<R: Record>(&self, ids: &[String]) -> Result<Vec<R>> {
        let kind = R::KIND;
        let tx = self.inner.transaction(
            &[stores::SEGMENTS, stores::JOURNAL],
            TransactionMode::ReadOnly,
        )?;
        let journal = tx.object_store(stores::JOURNAL)?;
        let mut requests = Vec::with_capacity(ids.len());
        for id in ids {
            requests.push(journal.get(JsValue::from_str(&journal_key(kind, id)))?);
        }
        let mut found = Vec::new();
        let mut missed: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
        for (id, request) in ids.iter().zip(requests) {
            match request.await? {
                Some(row) => found.push(journal_entry(&row)?.1.doc),
                None => missed.entry(segment_of(kind, id)).or_default().push(id),
            }
        }
        let segments = tx.object_store(stores::SEGMENTS)?;
        let mut requests = Vec::with_capacity(missed.len());
        for n in missed.keys() {
            requests.push(segments.get(JsValue::from_str(&segment_key(kind, *n)))?);
        }
        for (ids, request) in missed.values().zip(requests) {
            if let Some(value) = request.await? {
                for id in ids {
                    found.extend(Segment::doc_in(&value, id)?);
                }
            }
        }
        found
            .iter()
            .map(|doc| Ok(serde_json::from_slice(doc)?))
            .collect()
    }

    /// How many records of one kind are stored, tombstones included.
    pub async fn count<R: Record>(&self) -> Result<u32> {
        let kind = self.read_kinds(&[R::KIND]).await?.remove(0);
        Ok(kind.ids()?.len() as u32)
    }

    /// The summary of every entry of the import history, read without the entries. An
    /// entry kept by a release before summaries is read whole as `S`, which must therefore
    /// read from an entry too.
    pub async fn import_summaries<S: DeserializeOwned>(&self) -> Result<Vec<S>> {
        let tx = self
            .inner
            .transaction(&[stores::IMPORTS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(stores::IMPORTS)?;
        let summaries = store.get_all(Some(summary_range()?), None)?;
        let keys = store.get_all_keys(None, None)?;
        let (summaries, keys) = (summaries.await?, keys.await?);
        let summarised: BTreeSet<String> = keys
            .iter()
            .filter_map(JsValue::as_string)
            .filter_map(|key| key.strip_prefix(SUMMARY).map(str::to_string))
            .collect();
        let mut unsummarised = Vec::new();
        for key in keys.iter().filter_map(JsValue::as_string) {
            let an_entry = !key.starts_with(SUMMARY) && !key.starts_with(PIECE);
            if an_entry && !summarised.contains(&key) {
                unsummarised.push(store.get(JsValue::from_str(&key))?);
            }
        }
        let mut rows = summaries;
        for request in unsummarised {
            rows.extend(request.await?);
        }
        rows.iter()
            .map(|row| note_doc(row, stores::IMPORTS))
            .collect()
    }

    /// One entry of the import history, whole, or `None` when it is not kept.
    pub async fn import_entry<T: DeserializeOwned>(&self, id: &str) -> Result<Option<T>> {
        let tx = self
            .inner
            .transaction(&[stores::IMPORTS], TransactionMode::ReadOnly)?;
        let store = tx.object_store(stores::IMPORTS)?;
        let Some(row) = store.get(JsValue::from_str(id))?.await? else {
            return Ok(None);
        };
        let Some(count) = js_sys::Reflect::get(&row, &"pieces".into())
            .ok()
            .and_then(|n| n.as_f64())
        else {
            return note_doc(&row, stores::IMPORTS).map(Some);
        };
        let pieces = store.get_all(Some(pieces_range(id)?), None)?.await?;
        if pieces.len() as f64 != count {
            return Err(StorageError::Corrupt(format!(
                "an import entry of {count} pieces with {} kept",
                pieces.len()
            )));
        }
        let mut doc = String::new();
        for row in &pieces {
            doc.push_str(&note_text(row, stores::IMPORTS)?);
        }
        Ok(Some(serde_json::from_str(&doc)?))
    }

    /// Every conflict kept from imports and not yet restored or dismissed.
    pub async fn conflicts<T: DeserializeOwned>(&self) -> Result<Vec<T>> {
        self.notes(stores::CONFLICTS).await
    }

    async fn notes<T: DeserializeOwned>(&self, store: &'static str) -> Result<Vec<T>> {
        let tx = self
            .inner
            .transaction(&[store], TransactionMode::ReadOnly)?;
        let rows = tx.object_store(store)?.get_all(None, None)?.await?;
        rows.iter().map(|row| note_doc(row, store)).collect()
    }

    pub async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let tx = self
            .inner
            .transaction(&[stores::SETTINGS], TransactionMode::ReadOnly)?;
        let value = tx
            .object_store(stores::SETTINGS)?
            .get(JsValue::from_str(key))?
            .await?;
        parsed(value)
    }

    /// Writes the batch in one transaction, after checking every expectation in it.
    /// On any refusal or failure nothing of the batch is stored. A batch of records gives
    /// the ledger's stamps before and after it (see `kept`).
    pub async fn write(&self, batch: WriteBatch<'_>) -> Result<Option<Stamps>> {
        self.write_reporting(batch, &|_, _| {}).await
    }

    /// As `write`, telling `progress(done, total)` as it goes. A small batch adds a journal
    /// row per record; a large one (an import) is folded, with the journal, into the
    /// segments it touches, a slice of segments at a time so the browser paints between
    /// slices, while the transaction stays one.
    pub async fn write_reporting(
        &self,
        batch: WriteBatch<'_>,
        progress: &dyn Fn(usize, usize),
    ) -> Result<Option<Stamps>> {
        if batch.is_empty() {
            return Ok(None);
        }
        let WriteBatch {
            puts,
            settings,
            notes,
        } = batch;
        let mut store_names = BTreeSet::new();
        if !puts.is_empty() {
            store_names.extend([stores::SEGMENTS, stores::JOURNAL, stores::META]);
        }
        if !settings.is_empty() {
            store_names.insert(stores::SETTINGS);
        }
        store_names.extend(notes.iter().map(|n| n.store));
        let store_names: Vec<&'static str> = store_names.into_iter().collect();
        let changed = Changed {
            from: self.connection,
            ..Changed::from_puts(puts.iter().map(|p| (p.kind, p.id.as_ref())))
        };

        let tx = self
            .inner
            .transaction(&store_names, TransactionMode::ReadWrite)?;
        let raw = raw_transaction(&tx, store_names[0])?;
        // A request fails with AbortError when the browser aborted the transaction; the
        // reason (e.g. QuotaExceededError) is the transaction's own error.
        let why = |error: StorageError| {
            raw.error()
                .map(|e| from_dom_name(&e.name(), e.message()))
                .unwrap_or(error)
        };
        // A write of records sets the ledger's new stamp with them.
        let written = if puts.is_empty() {
            Ok(None)
        } else {
            let put = if puts.len() > JOURNAL_LIMIT {
                fold_into_segments(&tx, puts, progress).await
            } else {
                put_in_journal(&tx, puts).await
            };
            match put {
                Ok(()) => restamp(&tx).await.map(Some),
                Err(error) => Err(error),
            }
        };
        let stamps = match written {
            Ok(stamps) => stamps,
            Err(error) => {
                let error = why(error);
                let _ = tx.abort();
                return Err(error);
            }
        };
        if !settings.is_empty() {
            let store = tx.object_store(stores::SETTINGS)?;
            for (key, json) in &settings {
                store.put(&JsValue::from_str(json), Some(&JsValue::from_str(key)))?;
            }
        }
        for note in notes {
            let store = tx.object_store(note.store)?;
            let row = |id: &str, doc: Option<&str>| {
                let row = js_sys::Object::new();
                let set = |field: &str, value: JsValue| {
                    let _ = js_sys::Reflect::set(&row, &field.into(), &value);
                };
                set("id", id.into());
                if let Some(doc) = doc {
                    set("doc", doc.into());
                }
                if let Some(record_id) = &note.record_id {
                    set("record_id", record_id.into());
                }
                row
            };
            match note.change {
                NoteChange::Put(NoteDoc::Made(doc)) => {
                    store.put(&row(&note.id, Some(&doc)).into(), None)?;
                }
                NoteChange::Put(NoteDoc::Later(mut next_piece)) => {
                    let mut count = 0u32;
                    while let Some(piece) = next_piece() {
                        let piece = match piece {
                            Ok(piece) => piece,
                            Err(error) => {
                                let _ = tx.abort();
                                return Err(error.into());
                            }
                        };
                        let key = piece_key(&note.id, count);
                        store.put(&row(&key, Some(&piece)).into(), None)?;
                        count += 1;
                        if let Err(error) = turn(&store).await {
                            let error = why(error);
                            let _ = tx.abort();
                            return Err(error);
                        }
                    }
                    let entry = row(&note.id, None);
                    let _ = js_sys::Reflect::set(&entry, &"pieces".into(), &count.into());
                    store.put(&entry.into(), None)?;
                }
                NoteChange::Delete => {
                    store.delete(idb::Query::Key(JsValue::from_str(&note.id)))?;
                }
                NoteChange::DeletePieces => {
                    store.delete(pieces_range(&note.id)?)?;
                }
            }
        }
        commit(tx, store_names[0]).await?;
        announce(&changed);
        Ok(stamps)
    }

    /// Folds the journal into the segments, in one transaction: what a large write does
    /// along the way, done on its own when the journal has grown (`compact_if_due`). The
    /// records stay as they are; only where they are kept changes. Returns the rows folded.
    pub async fn compact(&self) -> Result<usize> {
        let names = [stores::JOURNAL, stores::SEGMENTS];
        let tx = self.inner.transaction(&names, TransactionMode::ReadWrite)?;
        let folded = tx.object_store(stores::JOURNAL)?.count(None)?.await? as usize;
        if folded == 0 {
            return Ok(0);
        }
        if let Err(error) = fold_into_segments(&tx, Vec::new(), &|_, _| {}).await {
            let _ = tx.abort();
            return Err(error);
        }
        commit(tx, names[0]).await?;
        Ok(folded)
    }

    /// Compacts when the journal holds `COMPACT_AT` rows or more; says how many it folded.
    pub async fn compact_if_due(&self) -> Result<usize> {
        let tx = self
            .inner
            .transaction(&[stores::JOURNAL], TransactionMode::ReadOnly)?;
        let rows = tx.object_store(stores::JOURNAL)?.count(None)?.await?;
        if rows < COMPACT_AT {
            return Ok(0);
        }
        self.compact().await
    }
}

/// One kind's stored values, read in one transaction (`Db::read_kinds`), decoded a few
/// segments at a time so that a large kind can be taken in with turns for the browser.
pub struct StoredKind {
    pub kind: RecordKind,
    segments: std::collections::VecDeque<JsValue>,
    journal: Vec<JsValue>,
    /// The documents of the segment being decoded (see `Segment::each_doc`).
    scratch: Vec<u8>,
    /// The ledger's stamp when these were read (`kept`).
    pub stamp: Stamp,
}

impl StoredKind {
    /// About how many records are still to decode (a record both in a segment and in the
    /// journal counts twice).
    pub fn len_hint(&self) -> usize {
        self.segments.iter().map(Segment::len_of).sum::<usize>() + self.journal.len()
    }

    /// Decodes up to `max_segments` segments into `table`, then, once the segments are
    /// done, the journal rows, which are newer, and packs the table (`domain::pack`: read in
    /// the segments' order, its tree is a third empty). Returns whether everything is
    /// decoded.
    pub fn decode_into<R: Record>(
        &mut self,
        table: &mut BTreeMap<Id, R>,
        max_segments: usize,
    ) -> Result<bool> {
        for _ in 0..max_segments {
            let Some(value) = self.segments.pop_front() else {
                break;
            };
            Segment::each_doc(&value, &mut self.scratch, |_, _, doc| {
                let record: R = serde_json::from_slice(doc)?;
                table.insert(record.meta().id.clone(), record);
                Ok(())
            })?;
        }
        if !self.segments.is_empty() {
            return Ok(false);
        }
        for row in std::mem::take(&mut self.journal) {
            let (_, entry) = journal_entry(&row)?;
            let record: R = serde_json::from_slice(&entry.doc)?;
            table.insert(record.meta().id.clone(), record);
        }
        pack(table);
        Ok(true)
    }

    /// The ids stored, from the heads and the journal, without parsing any document.
    pub fn ids(&self) -> Result<BTreeSet<String>> {
        let mut ids = BTreeSet::new();
        for value in &self.segments {
            Segment::each_head(value, |id, _| {
                ids.insert(id.to_string());
            })?;
        }
        for row in &self.journal {
            ids.insert(journal_entry(row)?.1.id);
        }
        Ok(ids)
    }
}

/// Where an import entry's summary is kept: beside it in the `imports` store, under its id
/// after this prefix (ids are made by `new_id` and never start with it).
const SUMMARY: &str = "summary/";

fn summary_key(id: &str) -> String {
    format!("{SUMMARY}{id}")
}

/// Where the pieces of an entry made a piece at a time are kept (`NoteDoc::Later`), in
/// order: `piece/<id>/<n>`, `n` in ten digits so that the keys sort as the pieces go.
const PIECE: &str = "piece/";

fn piece_key(id: &str, n: u32) -> String {
    format!("{PIECE}{id}/{n:010}")
}

fn pieces_range(id: &str) -> Result<idb::Query> {
    Ok(idb::Query::KeyRange(idb::KeyRange::bound(
        &JsValue::from_str(&format!("{PIECE}{id}/")),
        &JsValue::from_str(&format!("{PIECE}{id}/\u{ffff}")),
        None,
        None,
    )?))
}

fn summary_range() -> Result<idb::Query> {
    Ok(idb::Query::KeyRange(idb::KeyRange::bound(
        &JsValue::from_str(SUMMARY),
        &JsValue::from_str(&format!("{SUMMARY}\u{ffff}")),
        None,
        None,
    )?))
}

/// The document of a row `{id, doc}` of `store`, read as `T`.
fn note_doc<T: DeserializeOwned>(row: &JsValue, store: &str) -> Result<T> {
    Ok(serde_json::from_str(&note_text(row, store)?)?)
}

/// The text of a row `{id, doc}` of `store`.
fn note_text(row: &JsValue, store: &str) -> Result<String> {
    js_sys::Reflect::get(row, &"doc".into())
        .ok()
        .and_then(|d| d.as_string())
        .ok_or_else(|| StorageError::Corrupt(format!("a row of {store} without a document")))
}

/// Adds the puts as journal rows, after checking each expectation against the journal row
/// or, without one, the record's segment.
async fn put_in_journal(tx: &Transaction, puts: Vec<PendingPut<'_>>) -> Result<()> {
    let journal = tx.object_store(stores::JOURNAL)?;
    let segments = tx.object_store(stores::SEGMENTS)?;
    let mut requests = Vec::with_capacity(puts.len());
    for put in &puts {
        let key = journal_key(put.kind, &put.id);
        requests.push(journal.get(JsValue::from_str(&key))?);
    }
    let mut in_segments: BTreeMap<String, Vec<&PendingPut>> = BTreeMap::new();
    for (put, request) in puts.iter().zip(requests) {
        match request.await? {
            Some(row) => {
                let stored = journal_entry(&row)?.1.version;
                if !put.expect.met_by(Some(stored)) {
                    return Err(put.stale(Some(stored)));
                }
            }
            None => {
                let key = segment_key(put.kind, segment_of(put.kind, &put.id));
                in_segments.entry(key).or_default().push(put);
            }
        }
    }
    let mut requests = Vec::with_capacity(in_segments.len());
    for key in in_segments.keys() {
        requests.push(segments.get(JsValue::from_str(key))?);
    }
    for (waiting, request) in in_segments.values().zip(requests) {
        let value = request.await?;
        for put in waiting {
            let stored = match &value {
                Some(value) => Segment::version_in(value, &put.id)?,
                None => None,
            };
            if !put.expect.met_by(stored) {
                return Err(put.stale(stored));
            }
        }
    }
    for put in &puts {
        let key = journal_key(put.kind, &put.id);
        let row = journal_row(put.kind, &put.id, put.version, &put.doc)?;
        journal.put(&row, Some(&JsValue::from_str(&key)))?;
    }
    Ok(())
}

/// Reads the journal and the segments that it and `puts` touch, checks each put's
/// expectation against them, folds the journal and then the puts in, writes the touched
/// segments back and empties the journal.
async fn fold_into_segments(
    tx: &Transaction,
    puts: Vec<PendingPut<'_>>,
    progress: &dyn Fn(usize, usize),
) -> Result<()> {
    let journal = tx.object_store(stores::JOURNAL)?;
    let segments = tx.object_store(stores::SEGMENTS)?;
    let mut journaled = Vec::new();
    for row in journal.get_all(None, None)?.await? {
        journaled.push(journal_entry(&row)?);
    }
    // Each record's segment, worked out once: (kind, segment number).
    let home = |kind: RecordKind, id: &str| (kind, segment_of(kind, id));
    let journaled: Vec<_> = journaled
        .into_iter()
        .map(|(kind, entry)| (home(kind, &entry.id), entry))
        .collect();
    let puts: Vec<_> = puts
        .into_iter()
        .map(|put| (home(put.kind, &put.id), put))
        .collect();
    let keys: BTreeSet<(RecordKind, u32)> = journaled
        .iter()
        .map(|(at, _)| *at)
        .chain(puts.iter().map(|(at, _)| *at))
        .collect();
    let total = keys.len() * 2;
    let mut done = 0;
    let mut touched: BTreeMap<(RecordKind, u32), Segment> = BTreeMap::new();
    let mut scratch = Vec::new();
    let keys: Vec<(RecordKind, u32)> = keys.into_iter().collect();
    for slice in keys.chunks(SEGMENT_SLICE) {
        let mut requests = Vec::with_capacity(slice.len());
        for (kind, n) in slice {
            requests.push(segments.get(JsValue::from_str(&segment_key(*kind, *n)))?);
        }
        for (at, request) in slice.iter().zip(requests) {
            let segment = match request.await? {
                Some(value) => Segment::from_value(&value, &mut scratch)?,
                None => Segment::default(),
            };
            touched.insert(*at, segment);
        }
        done += slice.len();
        progress(done, total);
    }
    for (at, entry) in journaled {
        if let Some(segment) = touched.get_mut(&at) {
            segment.put(entry);
        }
    }
    for (i, (at, put)) in puts.iter().enumerate() {
        if i > 0 && i % FOLDED_PER_TURN == 0 {
            turn(&segments).await?;
        }
        let stored = touched
            .get(at)
            .and_then(|segment| segment.entries.get(put.id.as_ref()))
            .map(|(version, _)| *version);
        if !put.expect.met_by(stored) {
            return Err(put.stale(stored));
        }
    }
    for (i, (at, put)) in puts.into_iter().enumerate() {
        if i > 0 && i % FOLDED_PER_TURN == 0 {
            turn(&segments).await?;
        }
        if let Some(segment) = touched.get_mut(&at) {
            segment.put_doc(put.id, put.version, put.doc);
        }
    }
    // A slice of segments is written out and put, then the write waits for the last of
    // them. That wait is the page's turn: a request answered while the page is still busy
    // can be dispatched without the page ever giving the browser a turn (a large import
    // then held the page for seconds), so the write waits for one it has just made.
    let mut touched = touched.into_iter().peekable();
    while touched.peek().is_some() {
        let mut last = None;
        let (mut count, mut records) = (0, 0);
        while last.is_none() {
            let Some(((kind, n), segment)) = touched.next() else {
                break;
            };
            records += segment.entries.len();
            let value = segment.to_value(&mut scratch)?;
            drop(segment);
            let key = JsValue::from_str(&segment_key(kind, n));
            let request = segments.put(&value, Some(&key))?;
            count += 1;
            // Only the last request of a slice is listened to: a listener dropped before its
            // request ends would throw, and that aborts the transaction.
            if records >= RECORDS_PER_TURN || touched.peek().is_none() {
                last = Some(pending(request));
            }
        }
        if let Some(last) = last {
            last.await?;
        }
        done += count;
        progress(done, total);
    }
    journal.clear()?;
    Ok(())
}

/// Gives the page a turn in the middle of a transaction: a request the transaction must
/// answer (the transaction stays alive only while it has one), awaited.
async fn turn(store: &idb::ObjectStore) -> Result<()> {
    store.get(JsValue::from_str(""))?.await?;
    Ok(())
}

/// Commits `tx` and tells why it failed: the browser sets the reason (e.g.
/// QuotaExceededError) on the transaction only once the commit has failed, so it is read
/// from the raw transaction, reached through one of its stores.
pub(super) async fn commit(tx: Transaction, a_store: &str) -> Result<()> {
    let raw = raw_transaction(&tx, a_store)?;
    let result = tx.commit()?.await;
    let failure = raw.error();
    match result {
        Ok(outcome) if outcome.is_committed() => Ok(()),
        Ok(_) => Err(failure
            .map(|e| from_dom_name(&e.name(), e.message()))
            .unwrap_or_else(|| StorageError::Aborted("transaction aborted".into()))),
        Err(error) => Err(error.into()),
    }
}

/// A value kept as JSON text (a setting, storage's own notes), read back; `None` when absent.
pub(super) fn parsed<T: DeserializeOwned>(value: Option<JsValue>) -> Result<Option<T>> {
    match value.and_then(|v| v.as_string()) {
        Some(json) => Ok(Some(serde_json::from_str(&json)?)),
        None => Ok(None),
    }
}

/// The browser's transaction under `tx`, reached through one of its stores, to read why it
/// aborted.
fn raw_transaction(tx: &Transaction, a_store: &str) -> Result<web_sys::IdbTransaction> {
    Ok(web_sys::IdbObjectStore::from(tx.object_store(a_store)?).transaction())
}

/// A write request as a future of its outcome. Its handlers are attached now, as it is
/// issued: a request that completes before it is first awaited must not go unheard.
fn pending<R>(request: R) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<()>>>>
where
    R: std::future::IntoFuture<Output = std::result::Result<JsValue, idb::Error>>,
    R::IntoFuture: 'static,
{
    let heard = request.into_future();
    Box::pin(async move {
        heard.await?;
        Ok(())
    })
}

/// Aborts the upgrade transaction so that a failed schema step leaves the old database intact.
fn abort_upgrade(event: web_sys::IdbVersionChangeEvent) {
    let transaction = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::IdbOpenDbRequest>().ok())
        .and_then(|request| request.transaction());
    if let Some(transaction) = transaction {
        let _ = transaction.abort();
    }
}
