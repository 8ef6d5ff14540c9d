//! Exchange files between offices (PRODUCT §7): writing them, reading them back with every
//! problem in its place, planning an import before anything is written, applying and
//! undoing it, and sealing files with a passphrase. Plain Rust, tested natively; the import
//! runs in the browser as it is.
//!
//! An import goes parse → validate → plan → apply, each step a plain function over plain
//! values (`read`, `plan`); the UI decides when each runs, so a large file can be taken in
//! pieces as the browser reads it (`StreamReader`), then checked and planned in slices
//! between frames (`FileReader`, `Planner`), and storage writes the plan's records in one
//! transaction.
//!
//! **Architecture Invariant:** like the domain, nothing here knows about IndexedDB, Leptos,
//! the clock or randomness: "now", "today", the salt and the IV are parameters. Errors and
//! problems are typed; the UI words them.
//!
//! The file format is documented for other tools in `docs/FORMAT.md`, with a JSON Schema
//! (`docs/taizhang-exchange.schema.json`) that the tests check every export against.

mod conflicts;
mod crypto;
mod file;
mod plan;
mod read;
mod session;
mod shape;
mod stream;

#[cfg(test)]
pub(crate) mod testing;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props;

pub use conflicts::{differences, FieldDifference, KeptConflict};
pub use crypto::{
    decrypt, derive_key, encrypt, is_encrypted, seal, CryptoError, KeyBytes, Sealed,
    ENVELOPE_FORMAT, ENVELOPE_VERSION, ITERATIONS, MAX_ITERATIONS,
};
pub use file::{export, export_in_pieces, file_name, ExportOptions, Source, FORMAT, VERSION};
pub use plan::{
    apply, plan_import, undo_writes, Base, EntryJson, ImportPlan, ImportSummary, KindCounts,
    Planner, UndoEntry,
};
pub use read::{FileReader, ParsedFile};
pub use session::{Failure, ImportSession, Next, Phase, Preview, Progress, Stage, Stop, Written};
pub use shape::{FileError, RecordProblem, RecordProblemKind, MAX_DEPTH, MAX_RECORD_BYTES};
pub use stream::{parse, StreamReader};
