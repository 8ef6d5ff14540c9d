//! Quick entry of one count: metric, date, value, and optionally campaign, office and note.

use leptos::prelude::*;

use crate::domain::{
    find_tally, parse_count, set_count, validate_tally, AnyRecord, Problem, ProblemKind,
};
use crate::i18n::{count_text, metric_unit, T};
use crate::ui::clock::{parse_date_input, today};
use crate::ui::components::choices::{CampaignSelect, OfficeSelect};
use crate::ui::components::form::{FieldError, ProblemSummary, Problems, StorageAlert};
use crate::ui::components::inputs::{DateInput, TextInput};
use crate::ui::components::metric_select::MetricSelect;
use crate::ui::errors::storage_message;
use crate::ui::pages::tallies::TALLY_LABELS;
use crate::ui::state::AppState;
use crate::ui::I18n;

#[component]
pub fn QuickEntry() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let metric = RwSignal::new(String::new());
    let date = RwSignal::new(today().to_string());
    let value = RwSignal::new(String::new());
    let campaign = RwSignal::new(String::new());
    let office = RwSignal::new(state.office_id());
    let note = RwSignal::new(String::new());
    let problems: Problems = RwSignal::new(Vec::new());
    let alert = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);

    // The count already kept for that office, metric, day and campaign: saving replaces it.
    let existing = Memo::new(move |_| {
        let (metric, office, campaign) = (metric.get(), office.get(), campaign.get());
        let day = parse_date_input(&date.get())?;
        let campaign = Some(campaign.as_str()).filter(|c| !c.is_empty());
        state.ledger.with(|l| {
            find_tally(l.tallies.values(), &office, &metric, day, campaign).map(|t| t.value)
        })
    });
    let unit = move || {
        state
            .metrics()
            .get(metric.get().as_str())
            .map(|m| metric_unit(m, i18n.lang()).to_string())
            .unwrap_or_default()
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let Some(stamp) = state.stamp() else {
            return;
        };
        let mut found = Vec::new();
        let key = metric.get_untracked();
        if key.is_empty() {
            found.push(Problem {
                field: "metric".into(),
                kind: ProblemKind::Required,
            });
        }
        let day = parse_date_input(&date.get_untracked());
        if day.is_none() {
            found.push(Problem {
                field: "on".into(),
                kind: ProblemKind::NotARealDate,
            });
        }
        let count = parse_count(&value.get_untracked());
        if count.is_none() {
            let kind = if value.get_untracked().trim().is_empty() {
                ProblemKind::Required
            } else {
                ProblemKind::NotFinite
            };
            found.push(Problem {
                field: "value".into(),
                kind,
            });
        }
        if let (true, Some(day), Some(count)) = (found.is_empty(), day, count) {
            let office_id = office.get_untracked();
            let campaign_id = Some(campaign.get_untracked()).filter(|c| !c.is_empty());
            let note_text = Some(note.get_untracked().trim().to_string()).filter(|n| !n.is_empty());
            let (tally, problems_found) = state.ledger.with_untracked(|l| {
                let metrics = crate::domain::available_metrics(l);
                let previous = find_tally(
                    l.tallies.values(),
                    &office_id,
                    &key,
                    day,
                    campaign_id.as_deref(),
                );
                let tally = set_count(
                    previous,
                    &office_id,
                    &key,
                    day,
                    campaign_id.as_deref(),
                    count,
                    note_text,
                    &stamp,
                );
                let problems = validate_tally(&tally, metrics.get(key.as_str()), today());
                (tally, problems)
            });
            found.extend(problems_found);
            if found.is_empty() {
                alert.set(None);
                problems.set(Vec::new());
                leptos::task::spawn_local(async move {
                    match state.save(vec![AnyRecord::Tally(tally)]).await {
                        Ok(()) => {
                            saved.set(true);
                            value.set(String::new());
                            note.set(String::new());
                        }
                        Err(error) => alert.set(Some(storage_message(&error, i18n.lang()))),
                    }
                });
                return;
            }
        }
        alert.set(None);
        problems.set(found);
    };

    view! {
        <form class="quick-entry" data-testid="quick-entry" on:submit=submit novalidate>
            <h2>{move || i18n.t(T::QuickEntry)}</h2>
            <ProblemSummary problems labels=TALLY_LABELS/>
            <StorageAlert message=alert/>
            <div class="form-grid">
                <div>
                    <MetricSelect label=T::FieldMetric testid="tally-metric" value=metric blank=T::Choose/>
                    <FieldError problems field="metric"/>
                </div>
                <DateInput label=T::FieldDate testid="tally-date" value=date problems field="on" max=today().to_string()/>
                <div class="field">
                    <label for="tally-value">{move || i18n.t(T::FieldValue)}</label>
                    <div class="with-unit">
                        <input id="tally-value" data-testid="tally-value" inputmode="decimal" autocomplete="off"
                            aria-describedby="tally-value-hint"
                            prop:value=value on:input=move |ev| value.set(event_target_value(&ev))/>
                        <span class="unit">{unit}</span>
                    </div>
                    <p class="hint" id="tally-value-hint">
                        {move || existing.get().map(|v| format!("{}{}{}", i18n.t(T::ExistingCount), count_text(v, &unit()), i18n.t(T::ReplacesIt)))}
                    </p>
                    <FieldError problems field="value"/>
                </div>
                <CampaignSelect testid="tally-campaign" value=campaign/>
                <OfficeSelect testid="tally-office" value=office/>
                <TextInput label=T::FieldNote testid="tally-note" value=note problems field="note" maxlength=500/>
            </div>
            <div class="actions">
                <button type="submit" class="primary" data-testid="tally-save">{move || i18n.t(T::Save)}</button>
                <Show when=move || saved.get()>
                    <span class="saved" role="status" data-testid="tally-saved">{move || i18n.t(T::CountSaved)}</span>
                </Show>
            </div>
        </form>
    }
}
