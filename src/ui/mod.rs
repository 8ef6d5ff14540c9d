//! The browser app: shell, routes and pages, built with Leptos (CSR).

pub mod chunks;
mod clock;
mod components;
mod download;
mod errors;
mod fault;
mod files;
mod i18n;
pub mod keys;
mod pace;
mod pages;
pub(crate) mod shell;
mod state;
mod update;

pub use i18n::I18n;
pub use state::{AppState, Phase};

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::T;
use chunks::{later, Pages};
use components::after_load::{AfterPetitions, AfterReportFacts, AfterTallies};
use pages::{DashboardPage, NotFound, PetitionListPage};

/// Entry point of the wasm binary: a panic goes to the console and the fault screen, then
/// the app is mounted, with the `pages` the binary fetches on first use.
pub fn start(pages: Pages) {
    fault::install();
    leptos::mount::mount_to_body(move || {
        provide_context(pages);
        view! { <App/> }
    });
}

/// The whole application: language and state in context, the shell, and the page that the
/// start-up phase allows (opening, a storage failure, first run, or the routes of PRODUCT §10).
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    let state = AppState::provide();
    let pages = use_context::<Pages>().unwrap_or(Pages::MISSING);
    provide_context(pages);
    view! {
        <Router>
            <shell::Shell>
                {move || match state.phase.get() {
                    Phase::Opening => view! {
                        <p class="page loading" data-testid="loading">{i18n.t(T::Loading)}</p>
                    }.into_any(),
                    Phase::Failed(error) => view! {
                        <section class="page">
                            <div class="problems" role="alert" data-testid="storage-failure">
                                {move || errors::storage_message(&error, i18n.lang())}
                            </div>
                            <button type="button" on:click=|_| { let _ = window().location().reload(); }>
                                {move || i18n.t(T::Reload)}
                            </button>
                        </section>
                    }.into_any(),
                    Phase::Setup => later(pages.setup_page).into_any(),
                    Phase::Ready => view! { <AppRoutes/> }.into_any(),
                }}
            </shell::Shell>
        </Router>
    }
}

#[component]
fn AppRoutes() -> impl IntoView {
    let pages = expect_context::<Pages>();
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/") view=DashboardPage/>
            <Route path=path!("/petitions") view=|| view! { <AfterPetitions><PetitionListPage/></AfterPetitions> }/>
            <Route path=path!("/petitions/new") view=move || view! { <AfterPetitions>{later(pages.register_page)}</AfterPetitions> }/>
            <Route path=path!("/petitions/:id") view=move || view! { <AfterPetitions>{later(pages.petition_page)}</AfterPetitions> }/>
            <Route path=path!("/petitions/:id/notice/:kind") view=move || view! { <AfterPetitions>{later(pages.notice_page)}</AfterPetitions> }/>
            <Route path=path!("/campaigns") view=move || view! { <AfterTallies>{later(pages.campaigns_page)}</AfterTallies> }/>
            <Route path=path!("/campaigns/:id") view=move || view! { <AfterTallies>{later(pages.campaign_page)}</AfterTallies> }/>
            <Route path=path!("/tallies") view=move || view! { <AfterTallies>{later(pages.tallies_page)}</AfterTallies> }/>
            <Route path=path!("/reports") view=move || view! { <AfterReportFacts>{later(pages.reports_page)}</AfterReportFacts> }/>
            <Route path=path!("/exchange") view=move || view! { <AfterTallies>{later(pages.exchange_page)}</AfterTallies> }/>
            <Route path=path!("/exchange/conflicts") view=move || view! { <AfterTallies>{later(pages.conflicts_page)}</AfterTallies> }/>
            <Route path=path!("/settings") view=move || later(pages.settings_page)/>
        </Routes>
    }
}
