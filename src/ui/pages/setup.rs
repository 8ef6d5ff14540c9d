//! First run (PRODUCT §2.1): name this office; the app creates the device id and the office.

use leptos::prelude::*;

use crate::domain::record::{new_id, Extra, Meta, Stamp};
use crate::domain::{validate_office, Office, OfficeKind};
use crate::i18n::{office_kind_text, T};
use crate::ui::components::form::{FieldError, ProblemSummary, StorageAlert};
use crate::ui::errors::storage_message;
use crate::ui::state::{new_device_id, AppState};
use crate::ui::I18n;

pub const OFFICE_LABELS: &[(&str, T)] = &[
    ("name", T::OfficeName),
    ("kind", T::OfficeKindLabel),
    ("code", T::OfficeCode),
];

#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let (name, set_name) = signal(String::new());
    let (kind, set_kind) = signal(OfficeKind::Committee);
    let (code, set_code) = signal(String::new());
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
            name: name.get_untracked().trim().to_string(),
            kind: kind.get_untracked(),
            code: code.get_untracked().trim().to_uppercase(),
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
                <div class="field">
                    <label for="setup-name">{move || i18n.t(T::OfficeName)}</label>
                    <input
                        id="setup-name"
                        data-testid="setup-office-name"
                        autofocus
                        autocomplete="organization"
                        prop:value=name
                        on:input=move |ev| set_name.set(event_target_value(&ev))
                    />
                    <FieldError problems field="name"/>
                </div>
                <div class="field">
                    <label for="setup-kind">{move || i18n.t(T::OfficeKindLabel)}</label>
                    <select
                        id="setup-kind"
                        data-testid="setup-office-kind"
                        on:change=move |ev| {
                            if let Some(k) = OfficeKind::from_key(&event_target_value(&ev)) {
                                set_kind.set(k);
                            }
                        }
                    >
                        {OfficeKind::ALL
                            .iter()
                            .map(|k| {
                                let k = *k;
                                view! {
                                    <option value=k.key() selected=move || kind.get() == k>
                                        {move || i18n.t(office_kind_text(k))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="setup-code">{move || i18n.t(T::OfficeCode)}</label>
                    <input
                        id="setup-code"
                        data-testid="setup-office-code"
                        class="code-input"
                        maxlength="8"
                        autocapitalize="characters"
                        aria-describedby="setup-code-hint"
                        prop:value=code
                        on:input=move |ev| set_code.set(event_target_value(&ev).to_uppercase())
                    />
                    <p class="hint" id="setup-code-hint">{move || i18n.t(T::OfficeCodeHint)}</p>
                    <FieldError problems field="code"/>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="setup-submit" disabled=saving>
                        {move || i18n.t(T::SetupSubmit)}
                    </button>
                </div>
            </form>
        </section>
    }
}
