//! A page that reads petitions or tallies waits here, with the reading's progress, until
//! those read in behind the first screen are all in the ledger (the reports page, until
//! the report's facts are known).

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::state::{AppState, Load};
use crate::ui::I18n;

/// Waits for the petitions.
#[component]
pub fn AfterPetitions(children: ChildrenFn) -> impl IntoView {
    let state = AppState::expect();
    view! { <AfterLoad load=state.petitions.into() reading=T::PetitionsLoading>{children()}</AfterLoad> }
}

/// Waits for the tallies, which are read after the petitions: then every record is in.
#[component]
pub fn AfterTallies(children: ChildrenFn) -> impl IntoView {
    let state = AppState::expect();
    view! { <AfterLoad load=state.tallies.into() reading=T::TalliesLoading>{children()}</AfterLoad> }
}

/// Waits for the report's facts: kept ones beside the ledger if they are current (asked for
/// here), else every record.
#[component]
pub fn AfterReportFacts(children: ChildrenFn) -> impl IntoView {
    let state = AppState::expect();
    state.want_report_facts();
    let load = Signal::derive(move || match state.report_facts.with(Option::is_some) {
        true => Load::Ready,
        false => state.tallies.get(),
    });
    view! { <AfterLoad load reading=T::TalliesLoading>{children()}</AfterLoad> }
}

#[component]
fn AfterLoad(load: Signal<Load>, reading: T, children: ChildrenFn) -> impl IntoView {
    let i18n = I18n::expect();
    let ready = Memo::new(move |_| load.get() == Load::Ready);
    let progress = move || match load.get() {
        Load::Reading { done, total } => (done, total),
        Load::Ready => (1, 1),
    };
    view! {
        <Show
            when=move || ready.get()
            fallback=move || view! {
                <section class="page">
                    <div class="import-progress" role="status" data-testid="records-loading">
                        <progress
                            max=move || progress().1.max(1)
                            value=move || progress().0
                        ></progress>
                        <span>{move || {
                            let (done, total) = progress();
                            format!("{} {done} / {total}", i18n.t(reading))
                        }}</span>
                    </div>
                </section>
            }
        >
            {children()}
        </Show>
    }
}
