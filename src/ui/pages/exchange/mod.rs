//! `/exchange`: export this ledger to a file (all or part, without personal data, sealed
//! with a passphrase) and import other offices' files after a preview of what they do.

mod conflicts;
mod export;
pub(crate) mod import;
pub(crate) mod loading;

pub use conflicts::ConflictsPage;
pub use export::{export_now, LAST_EXPORT_KEY};

use leptos::prelude::*;

use crate::domain::RecordKind;
use crate::exchange::KeptConflict;
use crate::i18n::T;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// The name of a record kind as the plan table shows it.
pub fn kind_text(kind: RecordKind) -> T {
    match kind {
        RecordKind::Office => T::KindOffices,
        RecordKind::Metric => T::KindMetrics,
        RecordKind::Campaign => T::KindCampaigns,
        RecordKind::Petition => T::KindPetitions,
        RecordKind::Tally => T::KindTallies,
    }
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let pending = RwSignal::new(0usize);
    leptos::task::spawn_local(async move {
        if let Ok(kept) = state.db().conflicts::<KeptConflict>().await {
            pending.set(kept.len());
        }
    });
    view! {
        <section class="page exchange-page">
            <div class="page-head">
                <h1 data-testid="page-title">{move || i18n.t(T::NavExchange)}</h1>
            </div>
            <p class="intro">{move || i18n.t(T::ExchangeIntro)}</p>
            <Show when=move || { pending.get() > 0 }>
                <p class="notice" data-testid="pending-conflicts">
                    {move || format!("{} {}", pending.get(), i18n.t(T::ConflictsKept))}
                    <a href="/exchange/conflicts">{move || i18n.t(T::ConflictsLink)}</a>
                </p>
            </Show>
            <export::Export/>
            <import::Import/>
        </section>
    }
}
