//! The database schema, one module per version, applied in order on upgrade.
//!
//! To change the schema: add `vN.rs` that creates or changes stores (and rewrites rows if
//! their stored shape changes), add it to `STEPS`, and raise `CURRENT_VERSION`. Never edit
//! an earlier step: databases in the field were built by it.

mod v1;
mod v2;
mod v3;

use idb::Database;

/// The schema version this build of the app reads and writes.
pub const CURRENT_VERSION: u32 = 3;

type Step = fn(&Database) -> Result<(), idb::Error>;

/// `STEPS[n]` upgrades a database from version `n` to `n + 1`.
const STEPS: [Step; CURRENT_VERSION as usize] = [v1::apply, v2::apply, v3::apply];

/// Runs every step from `old_version` up to `CURRENT_VERSION`, inside the upgrade transaction.
pub(crate) fn upgrade(db: &Database, old_version: u32) -> Result<(), idb::Error> {
    for step in STEPS.iter().skip(old_version as usize) {
        step(db)?;
    }
    Ok(())
}

/// Object store names, shared by the schema steps and the repositories.
pub mod stores {
    /// Schema 2: every record kind's records, a segment per value (see `segment.rs`).
    pub const SEGMENTS: &str = "segments";
    /// Schema 2: records written since their segments were, one row each.
    pub const JOURNAL: &str = "journal";
    /// Schema 2: the storage's own notes, such as how far the move from schema 1 went.
    pub const META: &str = "meta";
    /// Schema 1's stores of records, a row per record: read once by the move to segments
    /// (`from_v1.rs`), then emptied once the segments are verified.
    pub const OFFICES: &str = "offices";
    pub const METRICS: &str = "metrics";
    pub const CAMPAIGNS: &str = "campaigns";
    pub const PETITIONS: &str = "petitions";
    pub const TALLIES: &str = "tallies";
    /// Losers of merge conflicts, kept so the user can see and restore them.
    pub const CONFLICTS: &str = "conflicts";
    /// The import history, for undo: per import its entry (every record's state before
    /// it), its summary (`summary/<id>`) and, for an entry made piece by piece, a row per
    /// piece (`piece/<id>/<n>`).
    pub const IMPORTS: &str = "imports";
    /// Key-value settings: this device, this office, last export.
    pub const SETTINGS: &str = "settings";
}
