//! First run (PRODUCT §2.1): name this office; the app creates the device id and the office.

use leptos::prelude::*;

use crate::domain::record::{new_id, Extra, Meta, Stamp};
use crate::domain::{validate_office, Office};
use crate::i18n::T;
use crate::ui::components::form::{ProblemSummary, StorageAlert};
use crate::ui::components::office_fields::{OfficeDraft, OfficeFields, OFFICE_LABELS};
use crate::ui::errors::storage_message;
use crate::ui::state::{new_device_id, AppState};
use crate::ui::I18n;

#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let draft = OfficeDraft::new();
    let problems = RwSignal::new(Vec::new());
    let storage_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let device_id = new_device_id();
        let stamp = Stamp {
            device: device_id.clone(),
            now: chrono::Utc::now(),
        };
        let office = Office {
            meta: Meta::new(new_id(), &stamp),
            name: draft.name.get_untracked().trim().to_string(),
            kind: draft.kind.get_untracked(),
            code: draft.code.get_untracked().trim().to_uppercase(),
            extra: Extra::new(),
        };
        let found = validate_office(&office);
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            if let Err(error) = state.set_up(office, device_id).await {
                storage_error.set(Some(storage_message(&error, i18n.lang())));
            }
            saving.set(false);
        });
    };

    view! {
        <section class="page setup">
            <h1 data-testid="page-title">{move || i18n.t(T::SetupTitle)}</h1>
            <p class="intro">{move || i18n.t(T::SetupIntro)}</p>
            <ProblemSummary problems labels=OFFICE_LABELS/>
            <StorageAlert message=storage_error/>
            <form class="form" on:submit=submit novalidate>
                <OfficeFields draft problems prefix="setup" autofocus=true/>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="setup-submit" disabled=saving>
                        {move || i18n.t(T::SetupSubmit)}
                    </button>
                </div>
            </form>
        </section>
    }
}
