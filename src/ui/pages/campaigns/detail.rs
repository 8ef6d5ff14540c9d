//! `/campaigns/:id`: one campaign, its running totals per metric and office and per week,
//! and editing, closing and deleting it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::domain::{totals, AnyRecord, Campaign, CampaignScope, Metric, TallyScope, TallyTotals};
use crate::i18n::{count_text, metric_label, metric_unit, T};
use crate::ui::clock::today;
use crate::ui::components::form::StorageAlert;
use crate::ui::errors::storage_message;
use crate::ui::pages::campaigns::form::CampaignForm;
use crate::ui::pages::campaigns::period_text;
use crate::ui::state::AppState;
use crate::ui::I18n;

#[component]
pub fn CampaignPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let campaign = Memo::new(move |_| {
        let id = id();
        state.ledger.with(|l| l.campaigns.get(id.as_str()).cloned())
    });
    view! {
        <section class="page campaign-page">
            {move || match campaign.get() {
                Some(c) if !c.meta.deleted => view! { <CampaignView campaign=c/> }.into_any(),
                _ => view! {
                    <h1 data-testid="page-title">{move || i18n.t(T::NavCampaigns)}</h1>
                    <p data-testid="campaign-not-found">{move || i18n.t(T::CampaignNotFound)}</p>
                    <A href="/campaigns">{move || i18n.t(T::BackToList)}</A>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CampaignView(campaign: Campaign) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let navigate = use_navigate();
    let editing = RwSignal::new(false);
    let asking_delete = RwSignal::new(false);
    let alert = RwSignal::new(None::<String>);
    let c = StoredValue::new(campaign.clone());
    let today = today();
    let running = campaign.runs_on(today);

    let store = move |changed: Campaign, after: Box<dyn FnOnce()>| {
        leptos::task::spawn_local(async move {
            match state.save(vec![AnyRecord::Campaign(changed)]).await {
                Ok(()) => after(),
                Err(error) => alert.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };
    let close = move |_| {
        let (Some(stamp), mut changed) = (state.stamp(), c.get_value()) else {
            return;
        };
        changed.ends_on = Some(today.max(changed.starts_on));
        changed.meta.touch(&stamp);
        store(changed, Box::new(|| {}));
    };
    let delete = move |_| {
        let (Some(stamp), mut changed) = (state.stamp(), c.get_value()) else {
            return;
        };
        changed.meta.tombstone(&stamp);
        let navigate = navigate.clone();
        store(
            changed,
            Box::new(move || navigate("/campaigns", Default::default())),
        );
    };

    let sums = Memo::new(move |_| {
        let scope = TallyScope {
            campaign: CampaignScope::Only(c.with_value(|c| c.meta.id.to_string())),
            offices: None,
            from: None,
            to: None,
            metrics: None,
        };
        state.ledger.with(|l| totals(l.tallies.values(), &scope))
    });
    let title = campaign.name.clone();
    let (starts, ends) = (campaign.starts_on, campaign.ends_on);
    view! {
        <header class="petition-head">
            <h1 data-testid="page-title">{title}</h1>
            <div class="petition-status">
                <span class="status" data-testid="campaign-status">
                    {move || i18n.t(if running { T::CampaignRunning } else { T::CampaignEnded })}
                </span>
                <span class="due">{move || period_text(i18n, starts, ends)}</span>
            </div>
        </header>
        {(!campaign.description.is_empty()).then(|| view! { <p class="multiline intro">{campaign.description.clone()}</p> })}
        <StorageAlert message=alert/>
        <div class="actions">
            <button type="button" data-testid="campaign-edit" on:click=move |_| editing.set(true) disabled=editing>
                {move || i18n.t(T::EditCampaign)}
            </button>
            {running.then(|| view! {
                <button type="button" data-testid="campaign-close" on:click=close>{move || i18n.t(T::CampaignClose)}</button>
            })}
            <A href=format!("/tallies?campaign={}", campaign.meta.id) attr:class="button">{move || i18n.t(T::GridTitle)}</A>
            <Show
                when=move || asking_delete.get()
                fallback=move || view! {
                    <button type="button" class="danger" data-testid="campaign-delete" on:click=move |_| asking_delete.set(true)>
                        {move || i18n.t(T::Delete)}
                    </button>
                }
            >
                <span class="confirm-inline" role="alertdialog">
                    {move || i18n.t(T::CampaignDeleteQuestion)}
                    <button type="button" class="danger" data-testid="campaign-delete-confirm" on:click=delete.clone()>
                        {move || i18n.t(T::DeleteConfirm)}
                    </button>
                    <button type="button" on:click=move |_| asking_delete.set(false)>{move || i18n.t(T::Cancel)}</button>
                </span>
            </Show>
        </div>
        <Show when=move || editing.get()>
            <h2>{move || i18n.t(T::EditCampaign)}</h2>
            <CampaignForm editing=Some(c.get_value()) saved=move |_| editing.set(false) cancel=move |_| editing.set(false)/>
        </Show>
        <CampaignTotals campaign=campaign sums/>
    }
}

/// The campaign's metrics (and any other metric counted under it) with totals per office,
/// then per week.
#[component]
fn CampaignTotals(campaign: Campaign, sums: Memo<TallyTotals>) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let tracked = campaign.metrics.clone();
    let columns = Memo::new(move |_| {
        let metrics = state.metrics();
        let mut keys = tracked.clone();
        sums.with(|s| {
            for key in s.by_metric.keys() {
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
        });
        keys.into_iter()
            .filter_map(|k| metrics.get(k.as_str()).cloned())
            .collect::<Vec<Metric>>()
    });
    let offices = move || {
        sums.with(|s| s.by_office.keys().cloned().collect::<Vec<_>>())
            .into_iter()
            .map(|id| {
                let name = state
                    .ledger
                    .with_untracked(|l| l.offices.get(id.as_str()).map(|o| o.name.clone()))
                    .unwrap_or_else(|| id.clone());
                (id, name)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <h2>{move || i18n.t(T::TotalsByMetric)}</h2>
        <Show when=move || sums.with(|s| s.count > 0) fallback=move || view! { <p class="empty">{move || i18n.t(T::NoCountsYet)}</p> }>
            <div class="table-scroll">
                <table class="table totals-table" data-testid="campaign-totals">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(T::FieldMetric)}</th>
                            <th scope="col" class="num">{move || i18n.t(T::Total)}</th>
                            {move || offices().into_iter().map(|(_, name)| view! { <th scope="col" class="num">{name}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let offices = offices();
                            columns.get().into_iter().map(|m| {
                                let lang = i18n.lang();
                                let unit = metric_unit(&m, lang).to_string();
                                let key = m.meta.id.to_string();
                                let total = sums.with(|s| s.by_metric.get(&key).copied().unwrap_or(0.0));
                                let cells = offices.iter().map(|(office, _)| {
                                    let value = sums.with(|s| s.by_metric_office.get(&(key.clone(), office.clone())).copied().unwrap_or(0.0));
                                    view! { <td class="num">{count_text(value, "")}</td> }
                                }).collect_view();
                                view! {
                                    <tr data-testid="campaign-total-row" data-metric=key.clone()>
                                        <th scope="row">{metric_label(&m, lang).to_string()}</th>
                                        <td class="num" data-testid="campaign-total">{count_text(total, &unit)}</td>
                                        {cells}
                                    </tr>
                                }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <h2>{move || i18n.t(T::TotalsByWeek)}</h2>
            <div class="table-scroll">
                <table class="table totals-table" data-testid="campaign-weeks">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(T::WeekOf)}</th>
                            {move || columns.get().into_iter().map(|m| view! {
                                <th scope="col" class="num">{metric_label(&m, i18n.lang()).to_string()}</th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let metrics = columns.get();
                            sums.with(|s| s.weeks.iter().copied().collect::<Vec<_>>()).into_iter().map(|week| {
                                let cells = metrics.iter().map(|m| {
                                    let value = sums.with(|s| s.by_metric_week.get(&(m.meta.id.to_string(), week)).copied().unwrap_or(0.0));
                                    view! { <td class="num">{count_text(value, "")}</td> }
                                }).collect_view();
                                view! { <tr><th scope="row">{move || i18n.date(week)}</th>{cells}</tr> }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
