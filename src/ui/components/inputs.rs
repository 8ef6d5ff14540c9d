//! Labelled inputs: each has a visible label, its test hook as id, and its field's error line.

use leptos::prelude::*;

use crate::i18n::{Label, T};
use crate::ui::components::form::{FieldError, Problems};
use crate::ui::I18n;

/// A one-line text input bound to `value`. `testid` doubles as the element id.
#[component]
pub fn TextInput(
    #[prop(into)] label: Label,
    testid: &'static str,
    value: RwSignal<String>,
    problems: Problems,
    /// The problem field path this input answers for, e.g. `petitioner.name`.
    field: &'static str,
    #[prop(optional)] hint: Option<T>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    let i18n = I18n::expect();
    let hint_id = format!("{testid}-hint");
    view! {
        <div class=format!("field {class}")>
            <label for=testid>{move || label.get(i18n.lang())}</label>
            <input
                id=testid
                data-testid=testid
                maxlength=maxlength
                autocomplete=if autocomplete.is_empty() { "off" } else { autocomplete }
                aria-describedby=hint.map(|_| hint_id.clone())
                aria-invalid=move || problems.with(|p| p.iter().any(|p| p.field == field)).to_string()
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{move || i18n.t(hint)}</p> })}
            <FieldError problems field/>
        </div>
    }
}

/// A date input (`YYYY-MM-DD` in `value`), never later than `max` when given.
#[component]
pub fn DateInput(
    #[prop(into)] label: Label,
    testid: &'static str,
    value: RwSignal<String>,
    problems: Problems,
    field: &'static str,
    #[prop(optional, into)] max: Option<Signal<String>>,
    #[prop(optional)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let hint_id = format!("{testid}-hint");
    view! {
        <div class="field field-date">
            <label for=testid>{move || label.get(i18n.lang())}</label>
            <input
                type="date"
                id=testid
                data-testid=testid
                max=move || max.map(|m| m.get())
                aria-describedby=hint.map(|_| hint_id.clone())
                aria-invalid=move || problems.with(|p| p.iter().any(|p| p.field == field)).to_string()
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <FieldError problems field/>
        </div>
    }
}

/// A select over a closed set; `name` gives each member's label. `blank` adds a first,
/// empty option (e.g. "not rated") that sets `None`.
#[component]
pub fn EnumSelect<K>(
    #[prop(into)] label: Label,
    testid: &'static str,
    value: RwSignal<Option<K>>,
    all: &'static [K],
    key: fn(&K) -> &'static str,
    from_key: fn(&str) -> Option<K>,
    name: fn(K) -> T,
    problems: Problems,
    field: &'static str,
    #[prop(optional)] blank: Option<T>,
) -> impl IntoView
where
    K: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = I18n::expect();
    view! {
        <div class="field">
            <label for=testid>{move || label.get(i18n.lang())}</label>
            <select
                id=testid
                data-testid=testid
                on:change=move |ev| value.set(from_key(&event_target_value(&ev)))
            >
                {blank.map(|blank| view! {
                    <option value="" selected=move || value.get().is_none()>{move || i18n.t(blank)}</option>
                })}
                {all
                    .iter()
                    .map(|member| {
                        let member = *member;
                        view! {
                            <option value=key(&member) selected=move || value.get() == Some(member)>
                                {move || i18n.t(name(member))}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldError problems field/>
        </div>
    }
}

/// A date filter (`YYYY-MM-DD` in `value`, empty for none) that takes a date once it is
/// complete (on change), for periods of lists, grids, reports and exports.
#[component]
pub fn DateFilter(label: T, testid: &'static str, value: RwSignal<String>) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <div class="field field-date">
            <label for=testid>{move || i18n.t(label)}</label>
            <input type="date" id=testid data-testid=testid prop:value=value
                on:change=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}
