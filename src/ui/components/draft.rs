//! Forms that keep what was typed: a form's values kept in this browser's storage under a
//! key, a moment after each change, until the form is saved or the draft discarded; coming
//! back to the form brings them back, with a notice and a way to discard them.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// A form's values by field name, as text.
pub type FormValues = BTreeMap<String, String>;

/// How long after the last change the draft is kept.
const DELAY: std::time::Duration = std::time::Duration::from_millis(200);

fn setting_key(key: &str) -> String {
    format!("draft:{key}")
}

/// Puts a form's values back into its fields.
type Restore = Box<dyn Fn(&FormValues)>;

/// The draft of one form.
#[derive(Clone, Copy)]
pub struct KeptDraft {
    key: StoredValue<String>,
    /// The form's values when it opened: what "discard" goes back to, and what is not kept.
    initial: StoredValue<FormValues>,
    restore: StoredValue<Restore, LocalStorage>,
    /// Whether the form shows a draft brought back from storage.
    pub restored: RwSignal<bool>,
    /// What waits to be written (`Some(None)`: the draft goes), and a count of changes so
    /// that only the last change's timer writes; kept outside the reactive system, so a
    /// form left before its timer fires still writes it as it goes.
    pending: StoredValue<Pending>,
    state: AppState,
}

#[derive(Clone, Default)]
struct Pending {
    values: Arc<Mutex<Option<Option<FormValues>>>>,
    changes: Arc<AtomicU64>,
}

impl Pending {
    fn write(&self, state: AppState, key: String) {
        let taken = self.values.lock().ok().and_then(|mut values| values.take());
        if let Some(kept) = taken {
            leptos::task::spawn_local(async move {
                let _ = state.save_setting(&key, &kept).await;
            });
        }
    }
}

impl KeptDraft {
    /// Watches the form's `values` (read tracked) and keeps them under `key` whenever they
    /// differ from those it opened with; first brings back a draft kept earlier through
    /// `restore`.
    pub fn new(
        key: String,
        values: impl Fn() -> FormValues + 'static,
        restore: impl Fn(&FormValues) + 'static,
    ) -> KeptDraft {
        let state = AppState::expect();
        let initial = untrack(&values);
        let key_on_leave = key.clone();
        let draft = KeptDraft {
            key: StoredValue::new(key.clone()),
            initial: StoredValue::new(initial),
            restore: StoredValue::new_local(Box::new(restore)),
            restored: RwSignal::new(false),
            pending: StoredValue::new(Pending::default()),
            state,
        };
        let on_leave = draft.pending.get_value();
        on_cleanup(move || on_leave.write(state, setting_key(&key_on_leave)));
        let loaded = RwSignal::new(false);
        leptos::task::spawn_local(async move {
            if let Ok(Some(Some(kept))) = state
                .read_setting::<Option<FormValues>>(&setting_key(&key))
                .await
            {
                if draft.initial.with_value(|initial| *initial != kept) {
                    draft.restore.with_value(|restore| restore(&kept));
                    draft.restored.set(true);
                }
            }
            loaded.set(true);
        });
        Effect::new(move |_| {
            let now = values();
            if !loaded.get() {
                return;
            }
            let kept = draft
                .initial
                .with_value(|initial| *initial != now)
                .then_some(now);
            draft.write_later(kept);
        });
        draft
    }

    fn write_later(self, kept: Option<FormValues>) {
        let pending = self.pending.get_value();
        if let Ok(mut values) = pending.values.lock() {
            *values = Some(kept);
        }
        let this_change = pending.changes.fetch_add(1, Ordering::SeqCst) + 1;
        let (key, state) = (setting_key(&self.key.get_value()), self.state);
        set_timeout(
            move || {
                if pending.changes.load(Ordering::SeqCst) == this_change {
                    pending.write(state, key);
                }
            },
            DELAY,
        );
    }

    /// The form was saved: the draft goes, at once (a reload right after must not bring it
    /// back).
    pub fn forget(self) {
        self.restored.set(false);
        self.write_later(None);
        let pending = self.pending.get_value();
        pending.changes.fetch_add(1, Ordering::SeqCst);
        pending.write(self.state, setting_key(&self.key.get_value()));
    }

    /// Back to the values the form opened with, and the draft goes.
    pub fn discard(self) {
        self.initial
            .with_value(|initial| self.restore.with_value(|restore| restore(initial)));
        self.forget();
    }
}

/// "A draft was brought back", with the button that discards it.
#[component]
pub fn DraftNotice(draft: KeptDraft) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <Show when=move || draft.restored.get()>
            <p class="notice" role="status" data-testid="draft-restored">
                {move || i18n.t(T::DraftRestored)}" "
                <button type="button" data-testid="draft-discard" on:click=move |_| draft.discard()>
                    {move || i18n.t(T::DraftDiscard)}
                </button>
            </p>
        </Show>
    }
}
