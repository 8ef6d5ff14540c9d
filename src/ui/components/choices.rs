//! Selects of the ledger's live offices and campaigns, shared by the pages that choose one.

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// A select of the live campaigns, with "no campaign" first (value "").
#[component]
pub fn CampaignSelect(
    testid: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] label: Option<T>,
    #[prop(optional)] blank: Option<T>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let campaigns = move || {
        state.ledger.with(|l| {
            let mut live: Vec<(String, String)> = l
                .campaigns
                .values()
                .filter(|c| !c.meta.deleted)
                .map(|c| (c.meta.id.clone(), c.name.clone()))
                .collect();
            live.sort_by(|a, b| a.1.cmp(&b.1));
            live
        })
    };
    let label = label.unwrap_or(T::FieldCampaign);
    let blank = blank.unwrap_or(T::NoCampaign);
    view! {
        <div class="field">
            <label for=testid>{move || i18n.t(label)}</label>
            <select id=testid data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>{move || i18n.t(blank)}</option>
                {move || campaigns().into_iter().map(|(id, name)| {
                    let selected_id = id.clone();
                    view! { <option value=id selected=move || value.get() == selected_id>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A select of the live offices (value: office id).
#[component]
pub fn OfficeSelect(
    testid: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] label: Option<T>,
    #[prop(optional)] blank: Option<T>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let label = label.unwrap_or(T::FieldOffice);
    view! {
        <div class="field">
            <label for=testid>{move || i18n.t(label)}</label>
            <select id=testid data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                {blank.map(|blank| view! {
                    <option value="" selected=move || value.get().is_empty()>{move || i18n.t(blank)}</option>
                })}
                {move || state.office_choices().into_iter().map(|(id, name)| {
                    let selected_id = id.clone();
                    view! { <option value=id selected=move || value.get() == selected_id>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
