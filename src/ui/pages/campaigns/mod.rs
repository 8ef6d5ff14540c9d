//! `/campaigns`: the campaigns, a form for a new one, and the metric catalogue;
//! `/campaigns/:id`: one campaign with its running totals.

pub mod detail;
pub mod form;
pub mod metrics;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::domain::Campaign;
use crate::i18n::T;
use crate::ui::clock::today;
use crate::ui::state::AppState;
use crate::ui::I18n;

pub use detail::CampaignPage;
use form::CampaignForm;
use metrics::MetricCatalogue;

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let navigate = use_navigate();
    let creating = RwSignal::new(false);
    let campaigns = move || {
        state.ledger.with(|l| {
            let mut live: Vec<Campaign> = l
                .campaigns
                .values()
                .filter(|c| !c.meta.deleted)
                .cloned()
                .collect();
            live.sort_by(|a, b| b.starts_on.cmp(&a.starts_on).then(a.name.cmp(&b.name)));
            live
        })
    };
    let today = today();
    let opened = move |campaign: Campaign| {
        navigate(
            &format!("/campaigns/{}", campaign.meta.id),
            Default::default(),
        );
    };
    view! {
        <section class="page campaigns-page">
            <div class="page-head">
                <h1 data-testid="page-title">{move || i18n.t(T::NavCampaigns)}</h1>
                <p class="count">{move || i18n.t(T::CampaignsIntro)}</p>
                <button type="button" class="primary" data-testid="campaign-new"
                    on:click=move |_| creating.set(true) disabled=creating>
                    {move || i18n.t(T::NewCampaign)}
                </button>
            </div>
            <Show when=move || creating.get()>
                <h2>{move || i18n.t(T::NewCampaign)}</h2>
                <CampaignForm editing=None saved=opened.clone() cancel=move |_| creating.set(false)/>
            </Show>
            <Show
                when=move || !campaigns().is_empty()
                fallback=move || view! { <p class="empty">{move || i18n.t(T::NoCampaigns)}</p> }
            >
                <table class="table campaign-table" data-testid="campaign-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(T::CampaignName)}</th>
                            <th scope="col">{move || i18n.t(T::Period)}</th>
                            <th scope="col">{move || i18n.t(T::FieldStatus)}</th>
                            <th scope="col" class="num">{move || i18n.t(T::TrackedMetrics)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || campaigns()
                            .into_iter()
                            .map(|c| {
                                let running = c.runs_on(today);
                                let (starts, ends) = (c.starts_on, c.ends_on);
                                view! {
                                    <tr data-testid="campaign-row">
                                        <td><A href=format!("/campaigns/{}", c.meta.id)>{c.name.clone()}</A></td>
                                        <td>{move || period_text(i18n, starts, ends)}</td>
                                        <td>{move || i18n.t(if running { T::CampaignRunning } else { T::CampaignEnded })}</td>
                                        <td class="num">{c.metrics.len()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </Show>
            <MetricCatalogue/>
        </section>
    }
}

/// "2022年3月1日 — 2022年8月31日", or open-ended "2022年3月1日 —".
pub fn period_text(
    i18n: I18n,
    starts: chrono::NaiveDate,
    ends: Option<chrono::NaiveDate>,
) -> String {
    match ends {
        Some(end) => format!("{} — {}", i18n.date(starts), i18n.date(end)),
        None => format!("{} —", i18n.date(starts)),
    }
}
