//! The fields of an office (name, kind, short code), shared by first run and settings.

use leptos::prelude::*;

use crate::domain::OfficeKind;
use crate::i18n::{office_kind_text, T};
use crate::ui::components::form::{FieldError, Problems};
use crate::ui::I18n;

/// What the office form holds while it is being edited.
#[derive(Clone, Copy)]
pub struct OfficeDraft {
    pub name: RwSignal<String>,
    pub kind: RwSignal<OfficeKind>,
    pub code: RwSignal<String>,
}

impl OfficeDraft {
    pub fn new() -> OfficeDraft {
        OfficeDraft {
            name: RwSignal::new(String::new()),
            kind: RwSignal::new(OfficeKind::Committee),
            code: RwSignal::new(String::new()),
        }
    }
}

/// Labels of the office fields, for the problem summary.
pub const OFFICE_LABELS: &[(&str, T)] = &[
    ("name", T::OfficeName),
    ("kind", T::OfficeKindLabel),
    ("code", T::OfficeCode),
];

/// The three fields. Test hooks are `{prefix}-name`, `-kind` and `-code`.
#[component]
pub fn OfficeFields(
    draft: OfficeDraft,
    problems: Problems,
    prefix: &'static str,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let i18n = I18n::expect();
    let id = move |field: &str| format!("{prefix}-{field}");
    view! {
        <div class="field">
            <label for=id("name")>{move || i18n.t(T::OfficeName)}</label>
            <input
                id=id("name")
                data-testid=id("name")
                autofocus=autofocus
                autocomplete="organization"
                prop:value=draft.name
                on:input=move |ev| draft.name.set(event_target_value(&ev))
            />
            <FieldError problems field="name"/>
        </div>
        <div class="field">
            <label for=id("kind")>{move || i18n.t(T::OfficeKindLabel)}</label>
            <select
                id=id("kind")
                data-testid=id("kind")
                on:change=move |ev| {
                    if let Some(kind) = OfficeKind::from_key(&event_target_value(&ev)) {
                        draft.kind.set(kind);
                    }
                }
            >
                {OfficeKind::ALL
                    .iter()
                    .map(|kind| {
                        let kind = *kind;
                        view! {
                            <option value=kind.key() selected=move || draft.kind.get() == kind>
                                {move || i18n.t(office_kind_text(kind))}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=id("code")>{move || i18n.t(T::OfficeCode)}</label>
            <input
                id=id("code")
                data-testid=id("code")
                class="code-input"
                maxlength="8"
                autocapitalize="characters"
                aria-describedby=id("code-hint")
                prop:value=draft.code
                on:input=move |ev| draft.code.set(event_target_value(&ev).to_uppercase())
            />
            <p class="hint" id=id("code-hint")>{move || i18n.t(T::OfficeCodeHint)}</p>
            <FieldError problems field="code"/>
        </div>
    }
}
