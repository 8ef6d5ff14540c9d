//! The frame around every page: header with navigation and language switch, main area, footer.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

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

/// The element a page marks `data-autofocus`: its first control if it is a container.
fn autofocus_target() -> Option<web_sys::HtmlElement> {
    let marked = document()
        .query_selector("main [data-autofocus]")
        .ok()
        .flatten()?;
    let control = match marked.tag_name().as_str() {
        "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" => Some(marked),
        _ => marked
            .query_selector("input:not([disabled]), select, textarea")
            .ok()
            .flatten(),
    }?;
    control.dyn_into::<web_sys::HtmlElement>().ok()
}

/// Moves the keyboard to the page's first field, where the page marks one.
pub fn focus_first_field() {
    request_animation_frame(|| {
        if let Some(control) = autofocus_target() {
            let _ = control.focus();
        }
    });
}

/// Moves the keyboard to the page's first field where it marks one, else to its heading (so a
/// screen reader reads the new page and Tab goes on from there).
fn focus_page() {
    if let Some(control) = autofocus_target() {
        let _ = control.focus();
        return;
    }
    let heading = document().query_selector("main h1").ok().flatten();
    if let Some(heading) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
        if !heading.has_attribute("tabindex") {
            let _ = heading.set_attribute("tabindex", "-1");
        }
        let _ = heading.focus();
    }
}

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = I18n::expect();
    let state = crate::ui::state::AppState::expect();
    let location = use_location();
    // After each navigation the keyboard starts on the new page, not on the link left behind.
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            request_animation_frame(focus_page);
        }
        path
    });
    view! {
        <a class="skip-link" href="#main" data-testid="skip-link"
            on:click=move |ev| { ev.prevent_default(); focus_page(); }>
            {move || i18n.t(T::SkipToContent)}
        </a>
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
                <span class="today" data-testid="today">{move || i18n.date(state.today.get())}</span>
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
