//! The ledger's stamp and the first screen kept beside it, in storage's notes (`meta`).
//!
//! Every write of records sets a new stamp in its own transaction. A page whose ledger in
//! memory is the stored one at a stamp (it read the petitions with that stamp and made
//! every write since itself) keeps the first screen with that stamp; a cold start draws
//! the dashboard from it only while the stamp still stands, so a first screen of an older
//! ledger is never shown.

use idb::{Transaction, TransactionMode};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::db::{commit, Db};
use super::error::Result;
use super::migrations::stores;
use crate::domain::first_screen::FirstScreen;
use crate::domain::record::new_id;

const STAMP: &str = "ledger-stamp";
const FIRST_SCREEN: &str = "first-screen";

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

fn field(value: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(value, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
}

impl Db {
    /// The first screen kept, with the stamp it was made at, if that is the ledger's stamp
    /// now.
    pub async fn first_screen(&self) -> Result<Option<(String, FirstScreen)>> {
        let tx = self
            .inner()
            .transaction(&[stores::META], TransactionMode::ReadOnly)?;
        let stamp = read_stamp(&tx).await?;
        let kept = tx
            .object_store(stores::META)?
            .get(JsValue::from_str(FIRST_SCREEN))?
            .await?;
        let (Some(stamp), Some(kept)) = (stamp, kept) else {
            return Ok(None);
        };
        if field(&kept, "stamp").and_then(|s| s.as_string()).as_ref() != Some(&stamp) {
            return Ok(None);
        }
        Ok(field(&kept, "screen")
            .and_then(|s| s.dyn_into::<Uint8Array>().ok())
            .and_then(|bytes| FirstScreen::from_bytes(&bytes.to_vec()))
            .map(|screen| (stamp, screen)))
    }

    /// Keeps `screen`, made from the ledger as stored at `stamp`, unless the ledger has been
    /// written since. Returns the stamp it is kept with (a ledger never stamped gets one
    /// now), or `None` when it was not kept.
    pub async fn keep_first_screen(
        &self,
        stamp: &Stamp,
        screen: &FirstScreen,
    ) -> Result<Option<String>> {
        let bytes = screen.to_bytes();
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
        let kept = Object::new();
        let _ = Reflect::set(&kept, &"stamp".into(), &JsValue::from_str(&stamp));
        let _ = Reflect::set(
            &kept,
            &"screen".into(),
            &Uint8Array::from(bytes.as_slice()).into(),
        );
        meta.put(&kept.into(), Some(&JsValue::from_str(FIRST_SCREEN)))?;
        commit(tx, stores::META).await?;
        Ok(Some(stamp))
    }
}
