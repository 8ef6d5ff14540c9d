//! Small preferences read synchronously at start-up (the language), kept in `localStorage`.
//!
//! The language must be known before the first paint, which an IndexedDB read cannot give.

use crate::i18n::Lang;

const LANG_KEY: &str = "taizhang.lang";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn saved_lang() -> Option<Lang> {
    let tag = local_storage()?.get_item(LANG_KEY).ok().flatten()?;
    Lang::from_tag(&tag)
}

/// Remembers the choice; where storage is refused (some private windows) the choice lasts the visit.
pub fn save_lang(lang: Lang) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
}
