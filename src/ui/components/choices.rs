//! Selects of the ledger's live offices and campaigns, shared by the pages that choose one.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::i18n::{Label, T};
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
                .map(|c| (c.meta.id.to_string(), c.name.clone()))
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
    #[prop(optional, into)] label: Option<Label>,
    #[prop(optional)] blank: Option<T>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let label = label.unwrap_or(Label::Text(T::FieldOffice));
    view! {
        <div class="field">
            <label for=testid>{move || label.get(i18n.lang())}</label>
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

/// All offices, or the ones ticked.
#[component]
pub fn OfficePicker(
    offices: RwSignal<Option<BTreeSet<String>>>,
    /// Prefix of the test ids: `{testid}-all`, `{testid}-{office id}`.
    testid: &'static str,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    view! {
        <fieldset class="office-picker">
            <legend>{move || i18n.t(T::ReportOffices)}</legend>
            <label class="check">
                <input type="checkbox" data-testid=format!("{testid}-all")
                    prop:checked=move || offices.with(Option::is_none)
                    on:change=move |ev| offices.set(if event_target_checked(&ev) { None } else { Some(BTreeSet::new()) })/>
                {move || i18n.t(T::ReportAllOffices)}
            </label>
            {move || state.office_choices().into_iter().map(|(id, name)| {
                let checked_id = id.clone();
                let toggled_id = id.clone();
                view! {
                    <label class="check">
                        <input type="checkbox" data-testid=format!("{testid}-{id}")
                            prop:checked=move || offices.with(|o| o.as_ref().is_some_and(|set| set.contains(&checked_id)))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let id = toggled_id.clone();
                                offices.update(|o| {
                                    let set = o.get_or_insert_with(BTreeSet::new);
                                    if on { set.insert(id); } else { set.remove(&id); }
                                });
                            }/>
                        {name}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}
