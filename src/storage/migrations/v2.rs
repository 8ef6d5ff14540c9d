//! Version 2: records kept in segments and a journal (see `segment.rs`), with a store for
//! storage's own notes. Schema 1's record stores stay until their records are copied and
//! verified (`from_v1.rs`), which needs reads an upgrade transaction cannot wait for.

use idb::{Database, ObjectStoreParams};

use super::stores::*;

pub(super) fn apply(db: &Database) -> Result<(), idb::Error> {
    // Out-of-line keys: `kind/segment` and `kind/id`, so one kind is one key range.
    for name in [SEGMENTS, JOURNAL, META] {
        db.create_object_store(name, ObjectStoreParams::new())?;
    }
    Ok(())
}
