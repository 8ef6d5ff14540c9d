//! The frame around every page: header with navigation and language switch, main area, footer.

use leptos::prelude::*;
use leptos_router::components::A;

use super::I18n;
use crate::i18n::{Lang, T};

const NAV: [(&str, T); 7] = [
    ("/", T::NavDashboard),
    ("/petitions", T::NavPetitions),
    ("/campaigns", T::NavCampaigns),
    ("/tallies", T::NavTallies),
    ("/reports", T::NavReports),
    ("/exchange", T::NavExchange),
    ("/settings", T::NavSettings),
];

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = I18n::expect();
    let today = chrono::Local::now().date_naive();
    view! {
        <a class="skip-link" href="#main">{move || i18n.t(T::SkipToContent)}</a>
        <header class="app-header">
            <div class="brand">
                <span class="brand-name" data-testid="app-name">{move || i18n.t(T::AppName)}</span>
                <span class="brand-subtitle">{move || i18n.t(T::AppSubtitle)}</span>
            </div>
            <nav class="app-nav" aria-label=move || i18n.t(T::MainNavigation)>
                {NAV
                    .into_iter()
                    .map(|(href, label)| {
                        view! {
                            <A href=href exact=true attr:data-testid=format!("nav-{}", nav_id(href))>
                                {move || i18n.t(label)}
                            </A>
                        }
                    })
                    .collect_view()}
            </nav>
            <div class="header-tools">
                <span class="today" data-testid="today">{move || i18n.date(today)}</span>
                <LanguageSwitch/>
            </div>
        </header>
        <super::update::UpdateNotice/>
        <main id="main" class="app-main" tabindex="-1">
            {children()}
        </main>
        <footer class="app-footer">{move || i18n.t(T::StoredLocally)}</footer>
    }
}

fn nav_id(href: &str) -> &str {
    match href.trim_start_matches('/') {
        "" => "dashboard",
        other => other,
    }
}

/// Two buttons, one per language; the pressed one is the current language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <div class="lang-switch" role="group" aria-label=move || i18n.t(T::Language)>
            <span class="lang-label">{move || i18n.t(T::Language)}</span>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.tag()
                            data-testid=format!("lang-{}", lang.tag())
                            aria-pressed=move || (i18n.lang() == lang).to_string()
                            on:click=move |_| i18n.set_lang(lang)
                        >
                            {lang.own_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
