//! Storage errors as the user reads them.

use crate::i18n::{Lang, T};
use crate::storage::StorageError;

pub fn storage_message(error: &StorageError, lang: Lang) -> String {
    let key = |t: T| t.get(lang).to_string();
    match error {
        StorageError::Unavailable(_) => key(T::ErrUnavailable),
        StorageError::QuotaExceeded => key(T::ErrQuota),
        StorageError::Blocked => key(T::ErrBlocked),
        StorageError::NewerSchema => key(T::ErrNewerSchema),
        StorageError::VersionChanged => key(T::ErrVersionChanged),
        StorageError::Stale { .. } => key(T::ErrStale),
        StorageError::Corrupt(why) => format!("{}{why}", T::ErrCorrupt.get(lang)),
        StorageError::Aborted(why) => format!("{}{why}", T::ErrAborted.get(lang)),
    }
}
