//! The browser app: shell, routes and pages, built with Leptos (CSR).

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
use components::after_load::{AfterPetitions, AfterReportFacts, AfterTallies};
use pages::{
    CampaignPage, CampaignsPage, ConflictsPage, DashboardPage, ExchangePage, NotFound, NoticePage,
    PetitionListPage, PetitionPage, RegisterPage, ReportsPage, SettingsPage, SetupPage,
    TalliesPage,
};

/// Entry point of the wasm binary: a panic goes to the console and the fault screen, then
/// the app is mounted.
pub fn start() {
    fault::install();
    leptos::mount::mount_to_body(App);
}

/// The whole application: language and state in context, the shell, and the page that the
/// start-up phase allows (opening, a storage failure, first run, or the routes of PRODUCT §10).
#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    let state = AppState::provide();
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
                    Phase::Setup => view! { <SetupPage/> }.into_any(),
                    Phase::Ready => view! { <AppRoutes/> }.into_any(),
                }}
            </shell::Shell>
        </Router>
    }
}

#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/") view=DashboardPage/>
            <Route path=path!("/petitions") view=|| view! { <AfterPetitions><PetitionListPage/></AfterPetitions> }/>
            <Route path=path!("/petitions/new") view=|| view! { <AfterPetitions><RegisterPage/></AfterPetitions> }/>
            <Route path=path!("/petitions/:id") view=|| view! { <AfterPetitions><PetitionPage/></AfterPetitions> }/>
            <Route path=path!("/petitions/:id/notice/:kind") view=|| view! { <AfterPetitions><NoticePage/></AfterPetitions> }/>
            <Route path=path!("/campaigns") view=|| view! { <AfterTallies><CampaignsPage/></AfterTallies> }/>
            <Route path=path!("/campaigns/:id") view=|| view! { <AfterTallies><CampaignPage/></AfterTallies> }/>
            <Route path=path!("/tallies") view=|| view! { <AfterTallies><TalliesPage/></AfterTallies> }/>
            <Route path=path!("/reports") view=|| view! { <AfterReportFacts><ReportsPage/></AfterReportFacts> }/>
            <Route path=path!("/exchange") view=|| view! { <AfterTallies><ExchangePage/></AfterTallies> }/>
            <Route path=path!("/exchange/conflicts") view=|| view! { <AfterTallies><ConflictsPage/></AfterTallies> }/>
            <Route path=path!("/settings") view=SettingsPage/>
        </Routes>
    }
}
