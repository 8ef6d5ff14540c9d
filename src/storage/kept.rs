//! The ledger's stamp and what is kept beside it (the first screen, the report's facts), in
//! storage's notes (`meta`).
//!
//! Every write of records sets a new stamp in its own transaction. A page whose ledger in
//! memory is the stored one at a stamp (it read the petitions with that stamp and made
//! every write since itself) keeps what it made from it with that stamp; a cold start
//! draws the dashboard or the report from a kept one only while the stamp still stands, so
//! nothing made from an older ledger is ever shown.

use idb::{Transaction, TransactionMode};
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};

use super::db::{commit, Db};
use super::error::Result;
use super::migrations::stores;
use crate::domain::figures::LedgerFacts;
use crate::domain::first_screen::FirstScreen;
use crate::domain::record::new_id;

const STAMP: &str = "ledger-stamp";

/// What is kept beside the ledger: its bytes under one key, the stamp it was made at under
/// another, so that whether it is current is known without reading its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beside {
    FirstScreen,
    ReportFacts,
}

impl Beside {
    fn keys(self) -> (&'static str, &'static str) {
        match self {
            Beside::FirstScreen => ("first-screen", "first-screen-stamp"),
            Beside::ReportFacts => ("report-facts", "report-facts-stamp"),
        }
    }
}

/// The ledger's stamp as read: `None` for a ledger no write has stamped yet (one written
/// only by earlier builds).
pub type Stamp = Option<String>;

/// A write's stamps: the ledger's before it and the one it set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamps {
    pub before: Stamp,
    pub after: String,
}

/// The ledger's stamp, read in `tx` (which holds the `meta` store).
pub(super) async fn read_stamp(tx: &Transaction) -> Result<Stamp> {
    let value = tx
        .object_store(stores::META)?
        .get(JsValue::from_str(STAMP))?
        .await?;
    Ok(value.and_then(|v| v.as_string()))
}

/// Sets a new stamp in `tx`, a write of records.
pub(super) async fn restamp(tx: &Transaction) -> Result<Stamps> {
    let before = read_stamp(tx).await?;
    let after = new_id();
    tx.object_store(stores::META)?
        .put(&JsValue::from_str(&after), Some(&JsValue::from_str(STAMP)))?;
    Ok(Stamps { before, after })
}

impl Db {
    /// The stamp `what` was kept at, if that is the ledger's stamp now; reads no bytes.
    pub async fn kept_current(&self, what: Beside) -> Result<Option<String>> {
        let tx = self
            .inner()
            .transaction(&[stores::META], TransactionMode::ReadOnly)?;
        current_stamp(&tx, what).await
    }

    /// The bytes of `what` kept, with the stamp they were made at, if that is the ledger's
    /// stamp now.
    async fn kept(&self, what: Beside) -> Result<Option<(String, Vec<u8>)>> {
        let tx = self
            .inner()
            .transaction(&[stores::META], TransactionMode::ReadOnly)?;
        let Some(stamp) = current_stamp(&tx, what).await? else {
            return Ok(None);
        };
        let bytes = tx
            .object_store(stores::META)?
            .get(JsValue::from_str(what.keys().0))?
            .await?;
        Ok(bytes
            .and_then(|b| b.dyn_into::<Uint8Array>().ok())
            .map(|bytes| (stamp, bytes.to_vec())))
    }

    /// Keeps `bytes` of `what`, made from the ledger as stored at `stamp`, unless the ledger
    /// has been written since. Returns the stamp they are kept with (a ledger never stamped
    /// gets one now), or `None` when they were not kept.
    async fn keep(&self, what: Beside, stamp: &Stamp, bytes: &[u8]) -> Result<Option<String>> {
        let tx = self
            .inner()
            .transaction(&[stores::META], TransactionMode::ReadWrite)?;
        if read_stamp(&tx).await? != *stamp {
            let _ = tx.abort();
            return Ok(None);
        }
        let meta = tx.object_store(stores::META)?;
        let stamp = match stamp {
            Some(stamp) => stamp.clone(),
            None => {
                let stamp = new_id();
                meta.put(&JsValue::from_str(&stamp), Some(&JsValue::from_str(STAMP)))?;
                stamp
            }
        };
        let (bytes_key, stamp_key) = what.keys();
        meta.put(
            &Uint8Array::from(bytes).into(),
            Some(&JsValue::from_str(bytes_key)),
        )?;
        meta.put(
            &JsValue::from_str(&stamp),
            Some(&JsValue::from_str(stamp_key)),
        )?;
        commit(tx, stores::META).await?;
        Ok(Some(stamp))
    }

    /// The first screen kept, with the stamp it was made at, if that is the ledger's stamp
    /// now.
    pub async fn first_screen(&self) -> Result<Option<(String, FirstScreen)>> {
        let kept = self.kept(Beside::FirstScreen).await?;
        Ok(kept.and_then(|(stamp, bytes)| Some((stamp, FirstScreen::from_bytes(&bytes)?))))
    }

    /// Keeps `screen` made at `stamp` (see `keep`).
    pub async fn keep_first_screen(
        &self,
        stamp: &Stamp,
        screen: &FirstScreen,
    ) -> Result<Option<String>> {
        self.keep(Beside::FirstScreen, stamp, &screen.to_bytes())
            .await
    }

    /// The report's facts kept, with the stamp they were made at, if that is the ledger's
    /// stamp now.
    pub async fn report_facts(&self) -> Result<Option<(String, LedgerFacts)>> {
        let kept = self.kept(Beside::ReportFacts).await?;
        Ok(kept.and_then(|(stamp, bytes)| Some((stamp, LedgerFacts::from_bytes(&bytes)?))))
    }

    /// Keeps the report's `facts` made at `stamp` (see `keep`).
    pub async fn keep_report_facts(
        &self,
        stamp: &Stamp,
        facts: &LedgerFacts,
    ) -> Result<Option<String>> {
        self.keep(Beside::ReportFacts, stamp, &facts.to_bytes())
            .await
    }
}

/// The stamp `what` was kept at, read in `tx`, if it is the ledger's stamp.
async fn current_stamp(tx: &Transaction, what: Beside) -> Result<Option<String>> {
    let ledger = read_stamp(tx).await?;
    let kept = tx
        .object_store(stores::META)?
        .get(JsValue::from_str(what.keys().1))?
        .await?
        .and_then(|v| v.as_string());
    Ok(kept.filter(|kept| ledger.as_ref() == Some(kept)))
}
