//! The browser app: shell, routes and pages, built with Leptos (CSR).

mod i18n;
mod pages;
mod shell;

pub use i18n::I18n;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::T;
use pages::{NotFound, Planned};

/// Entry point of the wasm binary: panic messages to the console, then mount the app.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The whole application: language context, shell and routes (PRODUCT §10).
#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    view! {
        <Router>
            <shell::Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Planned title=T::NavDashboard line=T::NotYetDashboard/> }/>
                    <Route path=path!("/petitions") view=|| view! { <Planned title=T::NavPetitions line=T::NotYetPetitions/> }/>
                    <Route path=path!("/petitions/new") view=|| view! { <Planned title=T::NavNewPetition line=T::NotYetNewPetition/> }/>
                    <Route path=path!("/petitions/:id") view=|| view! { <Planned title=T::NavPetitions line=T::NotYetPetition/> }/>
                    <Route path=path!("/campaigns") view=|| view! { <Planned title=T::NavCampaigns line=T::NotYetCampaigns/> }/>
                    <Route path=path!("/tallies") view=|| view! { <Planned title=T::NavTallies line=T::NotYetTallies/> }/>
                    <Route path=path!("/reports") view=|| view! { <Planned title=T::NavReports line=T::NotYetReports/> }/>
                    <Route path=path!("/exchange") view=|| view! { <Planned title=T::NavExchange line=T::NotYetExchange/> }/>
                    <Route path=path!("/settings") view=|| view! { <Planned title=T::NavSettings line=T::NotYetSettings/> }/>
                </Routes>
            </shell::Shell>
        </Router>
    }
}
