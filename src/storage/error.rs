//! One error type for everything storage can refuse, each with what the user should be told.

use crate::domain::RecordKind;

/// Why storage could not do what was asked. Nothing is half-written in any of these cases:
/// a write is one transaction and an error aborts it.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageError {
    /// IndexedDB is missing or refused (some private windows, locked-down browsers).
    Unavailable(String),
    /// The browser's storage quota for this site is used up.
    QuotaExceeded,
    /// The database needs an upgrade while another tab still holds the older version open.
    Blocked,
    /// This database was made by a newer version of the app than this one.
    NewerSchema,
    /// Another tab upgraded the database; this tab must reload.
    VersionChanged,
    /// Another tab saved this record since it was read here.
    Stale {
        kind: RecordKind,
        id: String,
        stored_version: Option<u32>,
    },
    /// A stored row could not be read back as a record.
    Corrupt(String),
    /// The transaction was aborted for another reason (message from the browser).
    Aborted(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable(why) => write!(f, "IndexedDB unavailable: {why}"),
            StorageError::QuotaExceeded => f.write_str("storage quota exceeded"),
            StorageError::Blocked => f.write_str("database upgrade blocked by another tab"),
            StorageError::NewerSchema => f.write_str("database made by a newer version"),
            StorageError::VersionChanged => f.write_str("database upgraded by another tab"),
            StorageError::Stale { kind, id, .. } => {
                write!(f, "{kind:?} {id} was changed elsewhere since it was read")
            }
            StorageError::Corrupt(why) => write!(f, "stored record unreadable: {why}"),
            StorageError::Aborted(why) => write!(f, "transaction aborted: {why}"),
        }
    }
}

impl std::error::Error for StorageError {}

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// Maps a browser exception name (`DOMException.name`) to the error the user is told about.
pub(crate) fn from_dom_name(name: &str, message: String) -> StorageError {
    match name {
        "QuotaExceededError" => StorageError::QuotaExceeded,
        "VersionError" => StorageError::NewerSchema,
        "InvalidStateError" => StorageError::VersionChanged,
        "SecurityError" | "UnknownError" => StorageError::Unavailable(message),
        _ => StorageError::Aborted(format!("{name}: {message}")),
    }
}

impl From<idb::Error> for StorageError {
    fn from(error: idb::Error) -> Self {
        use wasm_bindgen::JsCast;
        let js = match &error {
            idb::Error::DomException(e) => Some(e.clone()),
            idb::Error::AddFailed(v)
            | idb::Error::ClearFailed(v)
            | idb::Error::CountFailed(v)
            | idb::Error::DeleteFailed(v)
            | idb::Error::GetFailed(v)
            | idb::Error::GetAllFailed(v)
            | idb::Error::GetAllKeysFailed(v)
            | idb::Error::GetKeyFailed(v)
            | idb::Error::UpdateFailed(v)
            | idb::Error::TransactionOpenFailed(v)
            | idb::Error::TransactionCommitError(v)
            | idb::Error::TransactionAbortError(v)
            | idb::Error::ObjectStoreCreateFailed(v)
            | idb::Error::IndexCreateFailed(v)
            | idb::Error::IndexedDbOpenFailed(v)
            | idb::Error::IndexedDbNotFound(v)
            | idb::Error::RequestErrorNotFound(v) => v.dyn_ref::<web_sys::DomException>().cloned(),
            _ => None,
        };
        match js {
            Some(e) => from_dom_name(&e.name(), e.message()),
            None => StorageError::Aborted(error.to_string()),
        }
    }
}

impl From<serde_json::Error> for StorageError {
    fn from(error: serde_json::Error) -> Self {
        StorageError::Corrupt(error.to_string())
    }
}
