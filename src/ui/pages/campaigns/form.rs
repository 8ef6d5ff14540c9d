//! The campaign form: name, dates, description and the metrics it tracks (create and edit).

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::domain::record::{new_id, Meta};
use crate::domain::{validate_campaign, AnyRecord, Campaign, MetricGroup, Problem, ProblemKind};
use crate::i18n::{metric_group_text, metric_label, T};
use crate::ui::clock::{parse_date_input, today};
use crate::ui::components::form::{FieldError, ProblemSummary, Problems, StorageAlert};
use crate::ui::components::inputs::{DateInput, TextInput};
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

pub const CAMPAIGN_LABELS: &[(&str, T)] = &[
    ("name", T::CampaignName),
    ("starts_on", T::StartsOn),
    ("ends_on", T::EndsOn),
    ("description", T::Description),
    ("metrics", T::TrackedMetrics),
];

/// Creates a campaign (`editing` None) or edits one; `saved` runs with the stored campaign.
#[component]
pub fn CampaignForm(
    editing: Option<Campaign>,
    #[prop(into)] saved: Callback<Campaign>,
    #[prop(optional, into)] cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let start = editing.clone();
    let name = RwSignal::new(start.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let starts_on = RwSignal::new(
        start
            .as_ref()
            .map(|c| c.starts_on)
            .unwrap_or_else(today)
            .to_string(),
    );
    let ends_on = RwSignal::new(
        start
            .as_ref()
            .and_then(|c| c.ends_on)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        start
            .as_ref()
            .map(|c| c.description.clone())
            .unwrap_or_default(),
    );
    let chosen: RwSignal<BTreeSet<String>> = RwSignal::new(
        start
            .as_ref()
            .map(|c| c.metrics.iter().cloned().collect())
            .unwrap_or_default(),
    );
    let problems: Problems = RwSignal::new(Vec::new());
    let alert = RwSignal::new(None::<String>);
    let editing = StoredValue::new(editing);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(stamp) = state.stamp() else {
            return;
        };
        let mut found: Vec<Problem> = Vec::new();
        let start_day = parse_date_input(&starts_on.get_untracked());
        if start_day.is_none() {
            found.push(Problem {
                field: "starts_on".into(),
                kind: ProblemKind::NotARealDate,
            });
        }
        let end_text = ends_on.get_untracked();
        let end_day = parse_date_input(&end_text);
        if !end_text.trim().is_empty() && end_day.is_none() {
            found.push(Problem {
                field: "ends_on".into(),
                kind: ProblemKind::NotARealDate,
            });
        }
        // The metrics in catalogue order, so the campaign page shows them as the form did.
        let metrics: Vec<String> = {
            let all = state
                .ledger
                .with_untracked(crate::domain::available_metrics);
            let picked = chosen.get_untracked();
            all.keys()
                .filter(|k| picked.contains(k.as_str()))
                .map(|k| k.to_string())
                .collect()
        };
        let mut campaign = match editing.get_value() {
            Some(mut c) => {
                c.meta.touch(&stamp);
                c
            }
            None => Campaign {
                meta: Meta::new(new_id(), &stamp),
                name: String::new(),
                starts_on: today(),
                ends_on: None,
                description: String::new(),
                metrics: Vec::new(),
                extra: Default::default(),
            },
        };
        campaign.name = name.get_untracked().trim().to_string();
        campaign.starts_on = start_day.unwrap_or(campaign.starts_on);
        campaign.ends_on = end_day;
        campaign.description = description.get_untracked().trim().to_string();
        campaign.metrics = metrics;
        for problem in validate_campaign(&campaign) {
            if !found.iter().any(|f| f.field == problem.field) {
                found.push(problem);
            }
        }
        alert.set(None);
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match state
                .save(vec![AnyRecord::Campaign(campaign.clone())])
                .await
            {
                Ok(()) => saved.run(campaign),
                Err(error) => alert.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };

    let groups = move || {
        let metrics = state.metrics();
        let picked = chosen.get_untracked();
        MetricGroup::ALL
            .iter()
            .map(|group| {
                let members: Vec<(String, String)> = metrics
                    .values()
                    .filter(|m| {
                        m.group == *group && (!m.hidden || picked.contains(m.meta.id.as_str()))
                    })
                    .map(|m| {
                        (
                            m.meta.id.to_string(),
                            metric_label(m, i18n.lang()).to_string(),
                        )
                    })
                    .collect();
                (*group, members)
            })
            .filter(|(_, members)| !members.is_empty())
            .collect::<Vec<_>>()
    };

    view! {
        <form class="campaign-form" data-testid="campaign-form" on:submit=submit novalidate>
            <ProblemSummary problems labels=CAMPAIGN_LABELS/>
            <StorageAlert message=alert/>
            <div class="form-grid">
                <TextInput label=T::CampaignName testid="campaign-name" value=name problems field="name"
                    maxlength=50 class="field-wide"/>
                <DateInput label=T::StartsOn testid="campaign-starts-on" value=starts_on problems field="starts_on"/>
                <DateInput label=T::EndsOn testid="campaign-ends-on" value=ends_on problems field="ends_on"
                    hint=Signal::derive(move || i18n.t(T::EndsOnHint).to_string())/>
                <div class="field field-wide">
                    <label for="campaign-description">{move || i18n.t(T::Description)}</label>
                    <textarea id="campaign-description" data-testid="campaign-description" rows="2"
                        prop:value=description on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    <FieldError problems field="description"/>
                </div>
            </div>
            <fieldset class="metric-picker">
                <legend>{move || i18n.t(T::TrackedMetrics)}</legend>
                {move || groups()
                    .into_iter()
                    .map(|(group, members)| view! {
                        <div class="metric-group">
                            <h4>{move || i18n.t(metric_group_text(group))}</h4>
                            {members
                                .into_iter()
                                .map(|(key, label)| {
                                    let checked_key = key.clone();
                                    let toggled_key = key.clone();
                                    view! {
                                        <label class="check">
                                            <input
                                                type="checkbox"
                                                data-testid=format!("campaign-metric-{key}")
                                                prop:checked=move || chosen.with(|c| c.contains(&checked_key))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    let key = toggled_key.clone();
                                                    chosen.update(|c| {
                                                        if on { c.insert(key); } else { c.remove(&key); }
                                                    });
                                                }
                                            />
                                            {label}
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </div>
                    })
                    .collect_view()}
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary" data-testid="campaign-save">{move || i18n.t(T::Save)}</button>
                {cancel.map(|cancel| view! {
                    <button type="button" on:click=move |_| cancel.run(())>{move || i18n.t(T::Cancel)}</button>
                })}
            </div>
        </form>
    }
}
