//! The metric catalogue: built-in and custom metrics by group, adding one, hiding one.

use leptos::prelude::*;

use crate::domain::record::Meta;
use crate::domain::{
    how_to_remove, key_from_label, validate_metric, AnyRecord, Metric, MetricGroup, MetricRemoval,
    Problem, ProblemKind,
};
use crate::i18n::{metric_group_text, metric_label, metric_unit, T};
use crate::ui::components::form::{ProblemSummary, Problems, StorageAlert};
use crate::ui::components::inputs::{EnumSelect, TextInput};
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

const METRIC_LABELS: &[(&str, T)] = &[
    ("id", T::MetricKey),
    ("label_zh", T::MetricLabelZh),
    ("label_en", T::MetricLabelEn),
    ("unit_zh", T::MetricUnitZh),
    ("unit_en", T::MetricUnitEn),
];

#[component]
pub fn MetricCatalogue() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let alert = RwSignal::new(None::<String>);
    let save = move |metric: Metric| {
        leptos::task::spawn_local(async move {
            if let Err(error) = state.save(vec![AnyRecord::Metric(metric)]).await {
                alert.set(Some(storage_message(&error, i18n.lang())));
            }
        });
    };
    // Hiding or showing a metric stores it (a built-in gets a stored copy that overrides it).
    let set_hidden = move |mut metric: Metric, hidden: bool| {
        let Some(stamp) = state.stamp() else {
            return;
        };
        let stored = state
            .ledger
            .with_untracked(|l| l.metrics.contains_key(&metric.meta.id));
        if stored {
            metric.meta.touch(&stamp);
        } else {
            metric.meta = Meta::new(metric.meta.id.to_string(), &stamp);
        }
        metric.hidden = hidden;
        save(metric);
    };
    let remove = move |mut metric: Metric| {
        let Some(stamp) = state.stamp() else {
            return;
        };
        metric.meta.tombstone(&stamp);
        save(metric);
    };
    let groups = move || {
        let metrics = state.metrics();
        MetricGroup::ALL
            .iter()
            .map(|group| {
                let members: Vec<Metric> = metrics
                    .values()
                    .filter(|m| m.group == *group)
                    .cloned()
                    .collect();
                (*group, members)
            })
            .filter(|(_, members)| !members.is_empty())
            .collect::<Vec<_>>()
    };
    view! {
        <h2 id="metrics">{move || i18n.t(T::MetricsTitle)}</h2>
        <p class="intro">{move || i18n.t(T::MetricsIntro)}</p>
        <StorageAlert message=alert/>
        <div class="metric-catalogue" data-testid="metric-catalogue">
            {move || groups()
                .into_iter()
                .map(|(group, members)| view! {
                    <section class="metric-group">
                        <h3>{move || i18n.t(metric_group_text(group))}</h3>
                        <ul>
                            {members
                                .into_iter()
                                .map(|m| {
                                    let key = m.meta.id.to_string();
                                    let removal = state.ledger.with_untracked(|l| how_to_remove(l, &key));
                                    let hidden = m.hidden;
                                    let for_toggle = m.clone();
                                    let for_remove = m.clone();
                                    let label = m.clone();
                                    view! {
                                        <li data-testid="metric-item" data-key=key.clone() class:hidden=hidden>
                                            <span class="metric-label">
                                                {move || format!("{}（{}）", metric_label(&label, i18n.lang()), metric_unit(&label, i18n.lang()))}
                                            </span>
                                            <span class="metric-tags">
                                                {move || i18n.t(if m.builtin { T::BuiltIn } else { T::Custom })}
                                                {hidden.then(|| view! { " · " {move || i18n.t(T::Hidden)} })}
                                            </span>
                                            <button type="button" class="link" data-testid=format!("metric-toggle-{key}")
                                                on:click=move |_| set_hidden(for_toggle.clone(), !hidden)>
                                                {move || i18n.t(if hidden { T::Show } else { T::Hide })}
                                            </button>
                                            {(removal == MetricRemoval::Delete).then(|| view! {
                                                <button type="button" class="link" data-testid=format!("metric-delete-{key}")
                                                    on:click=move |_| remove(for_remove.clone())>
                                                    {move || i18n.t(T::Remove)}
                                                </button>
                                            })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                })
                .collect_view()}
        </div>
        <NewMetricForm/>
    }
}

#[component]
fn NewMetricForm() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let label_zh = RwSignal::new(String::new());
    let label_en = RwSignal::new(String::new());
    let unit_zh = RwSignal::new(String::new());
    let unit_en = RwSignal::new(String::new());
    let group = RwSignal::new(Some(MetricGroup::Other));
    let integer = RwSignal::new(true);
    let key = RwSignal::new(String::new());
    let key_typed = RwSignal::new(false);
    let problems: Problems = RwSignal::new(Vec::new());
    let alert = RwSignal::new(None::<String>);
    let taken = move |candidate: &str| {
        state.ledger.with_untracked(|l| {
            crate::domain::available_metrics(l).contains_key(candidate)
                || l.metrics.contains_key(candidate)
        })
    };
    // The key follows the English name until the clerk types one.
    Effect::new(move |_| {
        let en = label_en.get();
        if !key_typed.get_untracked() {
            key.set(key_from_label(&en, &taken));
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stamp) = state.stamp() else {
            return;
        };
        let metric = Metric {
            meta: Meta::new(key.get_untracked().trim().to_string(), &stamp),
            label_zh: label_zh.get_untracked().trim().to_string(),
            label_en: label_en.get_untracked().trim().to_string(),
            unit_zh: unit_zh.get_untracked().trim().to_string(),
            unit_en: unit_en.get_untracked().trim().to_string(),
            group: group.get_untracked().unwrap_or(MetricGroup::Other),
            integer: integer.get_untracked(),
            builtin: false,
            hidden: false,
            extra: Default::default(),
        };
        let mut found = validate_metric(&metric);
        if found.is_empty() && taken(&metric.meta.id) {
            found.push(Problem {
                field: "id".into(),
                kind: ProblemKind::Duplicate,
            });
        }
        alert.set(None);
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match state.save(vec![AnyRecord::Metric(metric)]).await {
                Ok(()) => {
                    for field in [label_zh, label_en, unit_zh, unit_en] {
                        field.set(String::new());
                    }
                    key_typed.set(false);
                    key.set(String::new());
                }
                Err(error) => alert.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };
    view! {
        <h3>{move || i18n.t(T::NewMetric)}</h3>
        <form class="metric-form" data-testid="metric-form" on:submit=submit novalidate>
            <ProblemSummary problems labels=METRIC_LABELS/>
            <StorageAlert message=alert/>
            <div class="form-grid">
                <TextInput label=T::MetricLabelZh testid="metric-label-zh" value=label_zh problems field="label_zh" maxlength=100/>
                <TextInput label=T::MetricLabelEn testid="metric-label-en" value=label_en problems field="label_en" maxlength=100/>
                <EnumSelect label=T::MetricGroupLabel testid="metric-group" value=group
                    all=MetricGroup::ALL key=MetricGroup::key from_key=MetricGroup::from_key name=metric_group_text
                    problems field="group"/>
                <TextInput label=T::MetricUnitZh testid="metric-unit-zh" value=unit_zh problems field="unit_zh" maxlength=16/>
                <TextInput label=T::MetricUnitEn testid="metric-unit-en" value=unit_en problems field="unit_en" maxlength=16/>
                <div class="field field-check">
                    <label>
                        <input type="checkbox" data-testid="metric-integer" prop:checked=integer
                            on:change=move |ev| integer.set(event_target_checked(&ev))/>
                        {move || i18n.t(T::MetricInteger)}
                    </label>
                </div>
                <div class="field">
                    <label for="metric-key">{move || i18n.t(T::MetricKey)}</label>
                    <input id="metric-key" data-testid="metric-key" class="code-input-lower" maxlength="40"
                        aria-describedby="metric-key-hint" prop:value=key
                        on:input=move |ev| { key_typed.set(true); key.set(event_target_value(&ev)); }/>
                    <p class="hint" id="metric-key-hint">{move || i18n.t(T::MetricKeyHint)}</p>
                    <crate::ui::components::form::FieldError problems field="id"/>
                </div>
            </div>
            <div class="actions">
                <button type="submit" data-testid="metric-save">{move || i18n.t(T::NewMetric)}</button>
            </div>
        </form>
    }
}
