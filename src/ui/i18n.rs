//! The language as reactive state: chosen at start from `?lang=`, the saved choice or Chinese.

use leptos::prelude::*;

use crate::i18n::{format_date, Lang, T};
use crate::storage::prefs;

/// Handle to the current language, shared through context. `Copy`, so closures take it freely.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Puts the language in context and keeps `<html lang>` and the saved choice in step with it.
    pub fn provide() -> I18n {
        let i18n = I18n {
            lang: RwSignal::new(initial_lang()),
        };
        provide_context(i18n);
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
            document().set_title(T::AppName.get(lang));
        });
        i18n
    }

    pub fn expect() -> I18n {
        expect_context::<I18n>()
    }

    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// The current language without tracking it (for attributes built once).
    pub fn lang_untracked(self) -> Lang {
        self.lang.get_untracked()
    }

    /// Changes the language and remembers it for the next visit.
    pub fn set_lang(self, lang: Lang) {
        prefs::save_lang(lang);
        self.lang.set(lang);
    }

    /// The text for `key` in the current language (tracks the language signal).
    pub fn t(self, key: T) -> &'static str {
        key.get(self.lang.get())
    }

    pub fn date(self, date: chrono::NaiveDate) -> String {
        format_date(date, self.lang.get())
    }

    /// A moment as the day and the time in China (`2022年8月21日 16:00`), whatever the PC's
    /// time zone.
    pub fn moment(self, at: chrono::DateTime<chrono::Utc>) -> String {
        let china = at.with_timezone(&crate::domain::today::CHINA_ZONE);
        format!(
            "{} {}",
            self.date(china.date_naive()),
            china.format("%H:%M")
        )
    }
}

/// `?lang=en` in the address wins for this visit; otherwise the saved choice; otherwise Chinese.
fn initial_lang() -> Lang {
    let from_address = window()
        .location()
        .search()
        .ok()
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("lang"))
        .and_then(|tag| Lang::from_tag(&tag));
    from_address.or_else(prefs::saved_lang).unwrap_or_default()
}
