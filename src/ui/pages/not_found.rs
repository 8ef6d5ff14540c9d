//! An address that matches no page says so and links back to the dashboard.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::T;
use crate::ui::I18n;

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
