//! `/tallies`: enter counts (one at a time or in a grid), see and correct them, import them.
//! The tab is kept in the address (`?view=list`), as is a campaign chosen for the grid.

pub mod entry;
pub mod grid;
pub mod import;
pub mod list;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::T;
use crate::ui::I18n;

/// Labels of the tally fields a problem can name.
pub const TALLY_LABELS: &[(&str, T)] = &[
    ("metric", T::FieldMetric),
    ("on", T::FieldDate),
    ("value", T::FieldValue),
    ("office_id", T::FieldOffice),
    ("campaign_id", T::FieldCampaign),
    ("note", T::FieldNote),
];

#[component]
pub fn TalliesPage() -> impl IntoView {
    let i18n = I18n::expect();
    let query = use_query_map();
    let view_name = move || query.with(|q| q.get("view")).unwrap_or_default();
    let campaign = query
        .with_untracked(|q| q.get("campaign"))
        .unwrap_or_default();
    let tab = move |key: &'static str, label: T| {
        let href = if key.is_empty() {
            "/tallies".to_string()
        } else {
            format!("/tallies?view={key}")
        };
        view! {
            <A href=href attr:class="tab" attr:data-testid=format!("tallies-tab-{}", if key.is_empty() { "entry" } else { key })
                attr:aria-selected=move || (view_name() == key).to_string()>
                {move || i18n.t(label)}
            </A>
        }
    };
    view! {
        <section class="page tallies-page">
            <div class="page-head">
                <h1 data-testid="page-title">{move || i18n.t(T::NavTallies)}</h1>
                <p class="count">{move || i18n.t(T::TalliesIntro)}</p>
            </div>
            <nav class="tabs" role="tablist">
                {tab("", T::TabEntry)}
                {tab("list", T::TabList)}
                {tab("import", T::TabImport)}
            </nav>
            {move || match view_name().as_str() {
                "list" => view! { <list::TallyList/> }.into_any(),
                "import" => view! { <import::TallyImport/> }.into_any(),
                _ => {
                    let campaign = campaign.clone();
                    view! {
                        <entry::QuickEntry/>
                        <grid::TallyGrid campaign/>
                    }.into_any()
                }
            }}
        </section>
    }
}
