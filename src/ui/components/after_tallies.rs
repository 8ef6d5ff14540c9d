//! A page that reads tallies waits here, with the reading's progress, until the tallies
//! read in behind the first screen are all in the ledger.

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::state::{AppState, TallyLoad};
use crate::ui::I18n;

#[component]
pub fn AfterTallies(children: ChildrenFn) -> impl IntoView {
    let state = AppState::expect();
    let i18n = I18n::expect();
    let ready = Memo::new(move |_| state.tallies.get() == TallyLoad::Ready);
    let progress = move || match state.tallies.get() {
        TallyLoad::Reading { done, total } => (done, total),
        TallyLoad::Ready => (1, 1),
    };
    view! {
        <Show
            when=move || ready.get()
            fallback=move || view! {
                <section class="page">
                    <div class="import-progress" role="status" data-testid="tallies-loading">
                        <progress
                            max=move || progress().1.max(1)
                            value=move || progress().0
                        ></progress>
                        <span>{move || {
                            let (done, total) = progress();
                            format!("{} {done} / {total}", i18n.t(T::TalliesLoading))
                        }}</span>
                    </div>
                </section>
            }
        >
            {children()}
        </Show>
    }
}
