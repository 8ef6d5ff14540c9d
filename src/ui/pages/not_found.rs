//! Pages not built yet say in one honest line what will be there; unknown addresses say so.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::T;
use crate::ui::I18n;

#[component]
pub fn Planned(title: T, line: T) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page">
            <h1 data-testid="page-title">{move || i18n.t(title)}</h1>
            <p class="planned" data-testid="planned">{move || i18n.t(line)}</p>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page">
            <h1 data-testid="page-title">{move || i18n.t(T::NotFoundTitle)}</h1>
            <p>{move || i18n.t(T::NotFoundBody)}</p>
            <p><A href="/">{move || i18n.t(T::BackToDashboard)}</A></p>
        </section>
    }
}
