//! Stored shapes: a record becomes `{id, version, doc, ...index fields}`.
//!
//! `doc` is the record's JSON (the domain type, unknown fields included); the other fields
//! exist for IndexedDB's key path and indexes. Keeping the document as one string makes
//! reads and writes one serde_json pass in wasm instead of a walk over JS objects, and keeps
//! the stored shape apart from the domain types.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use super::error::{Result, StorageError};
use super::migrations::stores;
use crate::domain::{id_number, Campaign, Metric, Office, Petition, Record, Tally};

/// A record kind that has a store, and the index fields it writes beside its document.
pub trait Stored: Record {
    const STORE: &'static str;

    fn index_fields(&self, _row: &Object) {}
}

fn set(row: &Object, field: &str, value: impl Into<JsValue>) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(row, &JsValue::from_str(field), &value.into());
}

impl Stored for Office {
    const STORE: &'static str = stores::OFFICES;
}

impl Stored for Metric {
    const STORE: &'static str = stores::METRICS;
}

impl Stored for Campaign {
    const STORE: &'static str = stores::CAMPAIGNS;
}

impl Stored for Petition {
    const STORE: &'static str = stores::PETITIONS;

    fn index_fields(&self, row: &Object) {
        set(row, "office_id", self.office_id.as_str());
        set(row, "received_on", self.received_on.to_string());
        set(row, "status", self.status.key());
        set(row, "due", self.effective_due().to_string());
        if !self.petitioner.id_number.is_empty() {
            set(
                row,
                "id_number",
                id_number::normalize(&self.petitioner.id_number),
            );
        }
    }
}

impl Stored for Tally {
    const STORE: &'static str = stores::TALLIES;

    fn index_fields(&self, row: &Object) {
        set(row, "office_id", self.office_id.as_str());
        set(row, "metric", self.metric.as_str());
        set(row, "on", self.on.to_string());
        if let Some(campaign) = &self.campaign_id {
            set(row, "campaign_id", campaign.as_str());
        }
    }
}

pub fn to_row<R: Stored>(record: &R) -> Result<JsValue> {
    let row = Object::new();
    set(&row, "id", record.id());
    set(&row, "version", record.meta().version);
    set(&row, "doc", serde_json::to_string(record)?);
    record.index_fields(&row);
    Ok(row.into())
}

pub fn from_row<R: Stored>(row: &JsValue) -> Result<R> {
    let doc = Reflect::get(row, &JsValue::from_str("doc"))
        .ok()
        .and_then(|doc| doc.as_string())
        .ok_or_else(|| StorageError::Corrupt(format!("{} row without a document", R::STORE)))?;
    Ok(serde_json::from_str(&doc)?)
}

/// The version stored in a row, read without parsing its document.
pub fn row_version(row: &JsValue) -> Option<u32> {
    Reflect::get(row, &JsValue::from_str("version"))
        .ok()?
        .as_f64()
        .map(|v| v as u32)
}
