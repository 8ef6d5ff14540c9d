//! Everything the app keeps in the browser. Only this module touches browser storage.
//!
//! **Architecture Invariant:** IndexedDB, `localStorage`, `navigator.storage` and the
//! cross-tab channel are reached only from here; the UI calls these functions.

mod db;
mod error;
mod from_v1;
pub mod kept;
pub mod ledger;
mod migrations;
pub mod prefs;
pub mod quota;
pub mod segment;
pub mod sync;

pub use db::{Db, Expect, OpenEvents, StoredKind, WriteBatch, DB_NAME};
pub use error::{Result, StorageError};
pub use kept::{Beside, Stamp, Stamps};
pub use migrations::{stores, CURRENT_VERSION};
