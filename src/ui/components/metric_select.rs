//! A select of the metrics offered for entry, grouped as the catalogue is (hidden ones left out).

use leptos::prelude::*;

use crate::domain::MetricGroup;
use crate::i18n::{metric_group_text, metric_label, metric_unit, T};
use crate::ui::state::AppState;
use crate::ui::I18n;

/// `value` holds the chosen key ("" for none). `blank` labels an empty first option.
#[component]
pub fn MetricSelect(
    label: T,
    testid: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] blank: Option<T>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let groups = move || {
        let metrics = state.metrics();
        let lang = i18n.lang();
        MetricGroup::ALL
            .iter()
            .map(|group| {
                let options: Vec<(String, String)> = metrics
                    .values()
                    .filter(|m| m.group == *group && !m.hidden)
                    .map(|m| {
                        let unit = metric_unit(m, lang);
                        let text = if unit.is_empty() {
                            metric_label(m, lang).to_string()
                        } else {
                            format!("{}（{unit}）", metric_label(m, lang))
                        };
                        (m.meta.id.to_string(), text)
                    })
                    .collect();
                (*group, options)
            })
            .filter(|(_, options)| !options.is_empty())
            .collect::<Vec<_>>()
    };
    view! {
        <div class="field">
            <label for=testid>{move || i18n.t(label)}</label>
            <select id=testid data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                {blank.map(|blank| view! {
                    <option value="" selected=move || value.get().is_empty()>{move || i18n.t(blank)}</option>
                })}
                {move || groups()
                    .into_iter()
                    .map(|(group, options)| view! {
                        <optgroup label=move || i18n.t(metric_group_text(group))>
                            {options
                                .into_iter()
                                .map(|(key, text)| {
                                    let selected_key = key.clone();
                                    view! { <option value=key selected=move || value.get() == selected_key>{text}</option> }
                                })
                                .collect_view()}
                        </optgroup>
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
