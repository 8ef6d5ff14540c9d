//! The ledger database: opening (with upgrades), reading records and writing batches.
//!
//! Every write is one transaction: all of a batch lands, or none of it. A write may say
//! which version it expects to replace; if another tab saved the record meanwhile, the
//! whole batch is refused with `StorageError::Stale` instead of overwriting.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;

use idb::{Database, DatabaseEvent, Factory, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::error::{from_dom_name, Result, StorageError};
use super::migrations::{self, stores, CURRENT_VERSION};
use super::rows::{from_row, row_version, to_row, Stored};
use super::sync::{announce, Changed};
use crate::domain::{Record, RecordKind};

/// Requests issued together by a large write before it waits for the last of them.
const WRITE_SLICE: usize = 2_000;

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
}

struct PendingPut {
    store: &'static str,
    kind: RecordKind,
    id: String,
    row: JsValue,
    expect: Expect,
}

/// Records to write together, in one transaction.
#[derive(Default)]
pub struct WriteBatch {
    puts: Vec<PendingPut>,
    settings: Vec<(String, String)>,
    /// Rows of the import history and of kept conflicts to put or delete.
    notes: Vec<Note>,
}

/// A row of a store that holds documents beside the records (`imports`, `conflicts`):
/// `{id, doc, record_id?}` to put, or the id to delete when `doc` is `None`.
struct Note {
    store: &'static str,
    id: String,
    record_id: Option<String>,
    doc: Option<String>,
}

impl WriteBatch {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn put<R: Stored>(&mut self, record: &R, expect: Expect) -> Result<&mut Self> {
        self.puts.push(PendingPut {
            store: R::STORE,
            kind: R::KIND,
            id: record.id().to_string(),
            row: to_row(record)?,
            expect,
        });
        Ok(self)
    }

    pub fn setting<T: Serialize>(&mut self, key: &str, value: &T) -> Result<&mut Self> {
        self.settings
            .push((key.to_string(), serde_json::to_string(value)?));
        Ok(self)
    }

    /// Keeps an entry of the import history (`{id, doc}` in the `imports` store).
    pub fn import_entry<T: Serialize>(&mut self, id: &str, value: &T) -> Result<&mut Self> {
        self.note(stores::IMPORTS, id, None, Some(value))
    }

    /// Removes an entry of the import history (after it was undone).
    pub fn forget_import(&mut self, id: &str) -> &mut Self {
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
        let doc = value.map(serde_json::to_string).transpose()?;
        self.notes.push(Note {
            store,
            id: id.to_string(),
            record_id: record_id.map(str::to_string),
            doc,
        });
        Ok(self)
    }

    fn forget(&mut self, store: &'static str, id: &str) -> &mut Self {
        self.notes.push(Note {
            store,
            id: id.to_string(),
            record_id: None,
            doc: None,
        });
        self
    }

    pub fn len(&self) -> usize {
        self.puts.len() + self.settings.len() + self.notes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn store_names(&self) -> Vec<&'static str> {
        let mut names: BTreeSet<&'static str> = self.puts.iter().map(|p| p.store).collect();
        if !self.settings.is_empty() {
            names.insert(stores::SETTINGS);
        }
        names.extend(self.notes.iter().map(|n| n.store));
        names.into_iter().collect()
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
        })
    }

    /// The raw database, for the storage modules that read several stores at once.
    pub(super) fn inner(&self) -> &Database {
        &self.inner
    }

    pub fn name(&self) -> &str {
        &self.name
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
    pub async fn all<R: Stored>(&self) -> Result<Vec<R>> {
        self.get_all(None, None).await
    }

    /// Up to `count` records of one kind in id order, from the first id after `after` (from
    /// the start when `None`): a kind read a page at a time, each page its own transaction.
    pub async fn page_after<R: Stored>(&self, after: Option<&str>, count: u32) -> Result<Vec<R>> {
        let query = match after {
            Some(id) => Some(idb::Query::KeyRange(idb::KeyRange::lower_bound(
                &JsValue::from_str(id),
                Some(true),
            )?)),
            None => None,
        };
        self.get_all(query, Some(count)).await
    }

    /// One `getAll` on a kind's store, in its own transaction.
    async fn get_all<R: Stored>(
        &self,
        query: Option<idb::Query>,
        count: Option<u32>,
    ) -> Result<Vec<R>> {
        let tx = self
            .inner
            .transaction(&[R::STORE], TransactionMode::ReadOnly)?;
        let rows = tx.object_store(R::STORE)?.get_all(query, count)?.await?;
        rows.iter().map(from_row).collect()
    }

    /// The records whose index field `index` equals `value` (e.g. petitions of one office).
    pub async fn by_index<R: Stored>(&self, index: &str, value: &str) -> Result<Vec<R>> {
        let key = idb::Query::Key(JsValue::from_str(value));
        self.by_query(index, key).await
    }

    /// The records whose index field `index` lies in `from..=to` (e.g. received in a period;
    /// dates are stored as `YYYY-MM-DD`, which sorts as the calendar does).
    pub async fn by_index_range<R: Stored>(
        &self,
        index: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<R>> {
        let range =
            idb::KeyRange::bound(&JsValue::from_str(from), &JsValue::from_str(to), None, None)?;
        self.by_query(index, idb::Query::KeyRange(range)).await
    }

    /// One `getAll` on an index.
    async fn by_query<R: Stored>(&self, index: &str, query: idb::Query) -> Result<Vec<R>> {
        let tx = self
            .inner
            .transaction(&[R::STORE], TransactionMode::ReadOnly)?;
        let rows = tx
            .object_store(R::STORE)?
            .index(index)?
            .get_all(Some(query), None)?
            .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn get<R: Stored>(&self, id: &str) -> Result<Option<R>> {
        let tx = self
            .inner
            .transaction(&[R::STORE], TransactionMode::ReadOnly)?;
        let row = tx
            .object_store(R::STORE)?
            .get(JsValue::from_str(id))?
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    pub async fn count<R: Stored>(&self) -> Result<u32> {
        let tx = self
            .inner
            .transaction(&[R::STORE], TransactionMode::ReadOnly)?;
        Ok(tx.object_store(R::STORE)?.count(None)?.await?)
    }

    /// Every entry of the import history.
    pub async fn import_entries<T: DeserializeOwned>(&self) -> Result<Vec<T>> {
        self.notes(stores::IMPORTS).await
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
        rows.iter()
            .map(|row| {
                let doc = js_sys::Reflect::get(row, &"doc".into())
                    .ok()
                    .and_then(|d| d.as_string())
                    .ok_or_else(|| {
                        StorageError::Corrupt(format!("a row of {store} without a document"))
                    })?;
                Ok(serde_json::from_str(&doc)?)
            })
            .collect()
    }

    pub async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let tx = self
            .inner
            .transaction(&[stores::SETTINGS], TransactionMode::ReadOnly)?;
        let value = tx
            .object_store(stores::SETTINGS)?
            .get(JsValue::from_str(key))?
            .await?;
        match value.and_then(|v| v.as_string()) {
            Some(json) => Ok(Some(serde_json::from_str(&json)?)),
            None => Ok(None),
        }
    }

    /// Writes the batch in one transaction, after checking every expectation in it.
    /// On any refusal or failure nothing of the batch is stored.
    pub async fn write(&self, batch: WriteBatch) -> Result<()> {
        self.write_reporting(batch, &|_, _| {}).await
    }

    /// As `write`, telling `progress(done, total)` after each slice of requests: a large
    /// import issues its checks and puts a slice at a time, awaiting the last request of
    /// each, so the browser paints between slices and the pending requests stay few, while
    /// the transaction stays one (it stays active as long as a request is in flight).
    pub async fn write_reporting(
        &self,
        batch: WriteBatch,
        progress: &dyn Fn(usize, usize),
    ) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let tx = self
            .inner
            .transaction(&batch.store_names(), TransactionMode::ReadWrite)?;
        // A record expected absent is written with `add`, which IndexedDB refuses for a key
        // already there (aborting the transaction), so it needs no read first; a record
        // expected at a version is read and compared before anything is written.
        let checked: Vec<usize> = (0..batch.puts.len())
            .filter(|i| matches!(batch.puts[*i].expect, Expect::Version(_)))
            .collect();
        let total = checked.len() + batch.puts.len();
        let mut done = 0;

        // The version checks of a slice run together; they are read in order.
        for slice in checked.chunks(WRITE_SLICE) {
            let mut requests = Vec::with_capacity(slice.len());
            for index in slice {
                let put = &batch.puts[*index];
                let store = tx.object_store(put.store)?;
                requests.push((*index, store.get(JsValue::from_str(&put.id))?));
            }
            for (index, request) in requests {
                let stored = request.await?;
                let put = &batch.puts[index];
                let stored_version = stored.as_ref().and_then(row_version);
                if let Expect::Version(v) = put.expect {
                    if stored_version != Some(v) {
                        let _ = tx.abort();
                        return Err(StorageError::Stale {
                            kind: put.kind,
                            id: put.id.clone(),
                            stored_version,
                        });
                    }
                }
            }
            done += slice.len();
            progress(done, total);
        }

        // One slice stays in flight while the next is issued, so the backend never waits
        // for the page, and the page waits for no more than a slice.
        let written: Result<()> = async {
            let mut in_flight = None;
            for slice in batch.puts.chunks(WRITE_SLICE) {
                let mut last = None;
                for (index, put) in slice.iter().enumerate() {
                    let store = tx.object_store(put.store)?;
                    // Only the last request of a slice is listened to: a listener dropped
                    // before its request ends would throw, and that aborts the transaction.
                    let heard = index + 1 == slice.len();
                    match put.expect {
                        Expect::Absent => {
                            let request = store.add(&put.row, None)?;
                            if heard {
                                last = Some(pending(request));
                            }
                        }
                        _ => {
                            let request = store.put(&put.row, None)?;
                            if heard {
                                last = Some(pending(request));
                            }
                        }
                    }
                }
                if let Some(previous) = std::mem::replace(&mut in_flight, last) {
                    previous.await?;
                    progress(done, total);
                }
                done += slice.len();
            }
            if let Some(last) = in_flight {
                last.await?;
            }
            progress(done, total);
            Ok(())
        }
        .await;
        if let Err(error) = written {
            let _ = tx.abort();
            return Err(self.refusal_of_absent(&batch.puts).await.unwrap_or(error));
        }
        if !batch.settings.is_empty() {
            let settings = tx.object_store(stores::SETTINGS)?;
            for (key, json) in &batch.settings {
                settings.put(&JsValue::from_str(json), Some(&JsValue::from_str(key)))?;
            }
        }
        for note in &batch.notes {
            let store = tx.object_store(note.store)?;
            match &note.doc {
                Some(doc) => {
                    let row = js_sys::Object::new();
                    let set = |field: &str, value: &str| {
                        let _ = js_sys::Reflect::set(&row, &field.into(), &value.into());
                    };
                    set("id", &note.id);
                    set("doc", doc);
                    if let Some(record_id) = &note.record_id {
                        set("record_id", record_id);
                    }
                    store.put(&row.into(), None)?;
                }
                None => {
                    store.delete(idb::Query::Key(JsValue::from_str(&note.id)))?;
                }
            }
        }
        // The raw transaction, to read why it aborted once the commit has failed (the
        // browser sets the error, e.g. QuotaExceededError, only then).
        let first_store = batch.store_names()[0];
        let raw: web_sys::IdbTransaction =
            web_sys::IdbObjectStore::from(tx.object_store(first_store)?).transaction();
        let result = tx.commit()?.await;
        let failure = raw.error();
        match result {
            Ok(outcome) if outcome.is_committed() => {
                announce(&Changed::from_puts(
                    batch.puts.iter().map(|p| (p.kind, p.id.as_str())),
                ));
                Ok(())
            }
            Ok(_) => Err(failure
                .map(|e| from_dom_name(&e.name(), e.message()))
                .unwrap_or_else(|| StorageError::Aborted("transaction aborted".into()))),
            Err(error) => Err(error.into()),
        }
    }
}

/// A write request as a future of its outcome (`add` and `put` requests differ in type).
/// Its handlers are attached now, as it is issued: a request that completes before it is
/// first awaited must not go unheard.
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

impl Db {
    /// After a failed write: the first record expected absent that storage holds after all
    /// (another tab added it), as the refusal to report, read once the failed transaction
    /// has ended.
    async fn refusal_of_absent(&self, puts: &[PendingPut]) -> Option<StorageError> {
        for put in puts.iter().filter(|p| p.expect == Expect::Absent) {
            let tx = self
                .inner
                .transaction(&[put.store], TransactionMode::ReadOnly)
                .ok()?;
            let stored = tx
                .object_store(put.store)
                .ok()?
                .get(JsValue::from_str(&put.id))
                .ok()?
                .await
                .ok()?;
            if let Some(stored) = stored {
                return Some(StorageError::Stale {
                    kind: put.kind,
                    id: put.id.clone(),
                    stored_version: row_version(&stored),
                });
            }
        }
        None
    }
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
