//! Version 1: a store per record kind with the indexes the pages need, plus conflicts,
//! import history and settings.
//!
//! Record stores hold rows `{id, version, doc, ...index fields}` (see `rows.rs`).

use idb::{Database, IndexParams, KeyPath, ObjectStoreParams};

use super::stores::*;

pub(super) fn apply(db: &Database) -> Result<(), idb::Error> {
    let by_id = || {
        let mut params = ObjectStoreParams::new();
        params.key_path(Some(KeyPath::new_single("id")));
        params
    };
    for name in [OFFICES, METRICS, CAMPAIGNS] {
        db.create_object_store(name, by_id())?;
    }

    let petitions = db.create_object_store(PETITIONS, by_id())?;
    for field in ["office_id", "received_on", "status", "due", "id_number"] {
        petitions.create_index(field, KeyPath::new_single(field), Some(IndexParams::new()))?;
    }

    let tallies = db.create_object_store(TALLIES, by_id())?;
    for field in ["office_id", "metric", "on", "campaign_id"] {
        tallies.create_index(field, KeyPath::new_single(field), Some(IndexParams::new()))?;
    }

    let conflicts = db.create_object_store(CONFLICTS, by_id())?;
    conflicts.create_index(
        "record_id",
        KeyPath::new_single("record_id"),
        Some(IndexParams::new()),
    )?;
    db.create_object_store(IMPORTS, by_id())?;
    db.create_object_store(SETTINGS, ObjectStoreParams::new())?;
    Ok(())
}
