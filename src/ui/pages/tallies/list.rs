//! The counts entered, newest first, filtered by office, metric, campaign and dates;
//! each can be corrected or deleted.

use leptos::prelude::*;

use crate::domain::{parse_count, validate_tally, AnyRecord, Tally};
use crate::i18n::{count_text, metric_label, metric_unit, problem_text, T};
use crate::ui::clock::{parse_date_input, today};
use crate::ui::components::choices::{CampaignSelect, OfficeSelect};
use crate::ui::components::form::StorageAlert;
use crate::ui::components::inputs::DateFilter;
use crate::ui::components::metric_select::MetricSelect;
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// Rows drawn at most; the count says how many match in all.
const SHOWN: usize = 500;

#[component]
pub fn TallyList() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let office = RwSignal::new(String::new());
    let metric = RwSignal::new(String::new());
    let campaign = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let alert = RwSignal::new(None::<String>);

    let matching = Memo::new(move |_| {
        let (office, metric, campaign) = (office.get(), metric.get(), campaign.get());
        let (from, to) = (parse_date_input(&from.get()), parse_date_input(&to.get()));
        state.ledger.with(|l| {
            let mut found: Vec<&Tally> = l
                .tallies
                .values()
                .filter(|t| {
                    !t.meta.deleted
                        && (office.is_empty() || t.office_id == office)
                        && (metric.is_empty() || t.metric == metric)
                        && (campaign.is_empty()
                            || t.campaign_id.as_deref() == Some(campaign.as_str()))
                        && from.is_none_or(|f| t.on >= f)
                        && to.is_none_or(|d| t.on <= d)
                })
                .collect();
            found.sort_by(|a, b| {
                b.on.cmp(&a.on)
                    .then(a.metric.cmp(&b.metric))
                    .then(a.meta.id.cmp(&b.meta.id))
            });
            let total = found.len();
            let shown: Vec<Tally> = found.into_iter().take(SHOWN).cloned().collect();
            (total, shown)
        })
    });

    let save = move |tally: Tally| {
        leptos::task::spawn_local(async move {
            match state.save(vec![AnyRecord::Tally(tally)]).await {
                Ok(()) => alert.set(None),
                Err(error) => alert.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };

    view! {
        <section data-testid="tally-list">
            <div class="filters">
                <OfficeSelect testid="tally-filter-office" value=office blank=T::AllOffices/>
                <MetricSelect label=T::FieldMetric testid="tally-filter-metric" value=metric blank=T::AllMetrics/>
                <CampaignSelect testid="tally-filter-campaign" value=campaign blank=T::AllCampaigns/>
                <DateFilter label=T::From testid="tally-filter-from" value=from/>
                <DateFilter label=T::To testid="tally-filter-to" value=to/>
            </div>
            <p class="count" data-testid="tally-count">
                {move || {
                    let (total, shown) = matching.with(|(t, s)| (*t, s.len()));
                    if total > shown {
                        format!("{} {shown} {} {total} {}", i18n.t(T::EntriesShown), i18n.t(T::EntriesOf), i18n.t(T::EntriesUnit))
                    } else {
                        format!("{total} {}", i18n.t(T::EntriesUnit))
                    }
                }}
            </p>
            <StorageAlert message=alert/>
            <Show
                when=move || matching.with(|(t, _)| *t > 0)
                fallback=move || view! { <p class="empty">{move || i18n.t(T::NoEntriesMatch)}</p> }
            >
                <table class="table tally-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(T::FieldDate)}</th>
                            <th scope="col">{move || i18n.t(T::FieldOffice)}</th>
                            <th scope="col">{move || i18n.t(T::FieldMetric)}</th>
                            <th scope="col" class="num">{move || i18n.t(T::FieldValue)}</th>
                            <th scope="col">{move || i18n.t(T::FieldCampaign)}</th>
                            <th scope="col">{move || i18n.t(T::FieldNote)}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || matching.with(|(_, shown)| shown.clone())
                            key=|t| (t.meta.id.to_string(), t.meta.version)
                            children=move |t| view! { <TallyRow tally=t save alert/> }
                        />
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

#[component]
fn TallyRow<F>(tally: Tally, save: F, alert: RwSignal<Option<String>>) -> impl IntoView
where
    F: Fn(Tally) + Copy + Send + Sync + 'static,
{
    let i18n = I18n::expect();
    let state = AppState::expect();
    let editing = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let value = RwSignal::new(count_text(tally.value, ""));
    let (office, metric, campaign) = state.ledger.with_untracked(|l| {
        (
            l.offices
                .get(tally.office_id.as_str())
                .map(|o| o.name.clone())
                .unwrap_or_else(|| tally.office_id.to_string()),
            crate::domain::available_metrics(l)
                .get(tally.metric.as_str())
                .cloned(),
            tally
                .campaign_id
                .as_ref()
                .and_then(|id| l.campaigns.get(id.as_str()))
                .map(|c| c.name.clone())
                .unwrap_or_default(),
        )
    });
    let t = StoredValue::new(tally.clone());
    let label = metric.clone();
    let unit = metric.clone();
    let metric = StoredValue::new(metric);
    let commit_edit = move || {
        let Some(stamp) = state.stamp() else {
            return;
        };
        let mut changed = t.get_value();
        let lang = i18n.lang();
        let Some(count) = parse_count(&value.get_untracked()) else {
            alert.set(Some(problem_text(
                &crate::domain::ProblemKind::NotFinite,
                lang,
            )));
            return;
        };
        changed.value = count;
        changed.meta.touch(&stamp);
        let problems = metric.with_value(|m| validate_tally(&changed, m.as_ref(), today()));
        if let Some(problem) = problems.first() {
            alert.set(Some(problem_text(&problem.kind, lang)));
            return;
        }
        editing.set(false);
        save(changed);
    };
    let remove = move |_| {
        let Some(stamp) = state.stamp() else {
            return;
        };
        let mut changed = t.get_value();
        changed.meta.tombstone(&stamp);
        save(changed);
    };
    view! {
        <tr data-testid="tally-row">
            <td>{move || i18n.date(tally.on)}</td>
            <td>{office}</td>
            <td>{move || label.as_ref().map(|m| metric_label(m, i18n.lang()).to_string()).unwrap_or_else(|| t.with_value(|t| t.metric.to_string()))}</td>
            <td class="num">
                <Show
                    when=move || editing.get()
                    fallback=move || {
                        let unit = unit.clone();
                        move || count_text(t.with_value(|t| t.value), unit.as_ref().map(|m| metric_unit(m, i18n.lang())).unwrap_or(""))
                    }
                >
                    <input class="cell" data-testid="tally-edit-value" inputmode="decimal" prop:value=value
                        on:input=move |ev| value.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { commit_edit(); }/>
                </Show>
            </td>
            <td>{campaign}</td>
            <td class="multiline">{tally.note.clone()}</td>
            <td class="row-actions">
                <Show
                    when=move || editing.get()
                    fallback=move || view! {
                        <button type="button" class="link" data-testid="tally-edit" on:click=move |_| editing.set(true)>{move || i18n.t(T::EditShort)}</button>
                    }
                >
                    <button type="button" class="link" data-testid="tally-edit-save" on:click=move |_| commit_edit()>{move || i18n.t(T::Save)}</button>
                </Show>
                <Show
                    when=move || asking.get()
                    fallback=move || view! {
                        <button type="button" class="link" data-testid="tally-delete" on:click=move |_| asking.set(true)>{move || i18n.t(T::Remove)}</button>
                    }
                >
                    <span role="alertdialog">
                        {move || i18n.t(T::RemoveCountQuestion)}
                        <button type="button" class="link danger" data-testid="tally-delete-confirm" on:click=remove>{move || i18n.t(T::DeleteConfirm)}</button>
                        <button type="button" class="link" on:click=move |_| asking.set(false)>{move || i18n.t(T::Cancel)}</button>
                    </span>
                </Show>
            </td>
        </tr>
    }
}
