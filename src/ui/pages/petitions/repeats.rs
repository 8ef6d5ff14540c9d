//! The earlier petitions that a new one probably repeats, each with a button to mark it.

use leptos::prelude::*;

use crate::domain::{RepeatCandidate, RepeatReason};
use crate::i18n::T;
use crate::ui::state::AppState;
use crate::ui::I18n;

#[component]
pub fn RepeatCandidates(
    candidates: Memo<Vec<RepeatCandidate>>,
    chosen: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    // The chosen one stays listed even when a later keystroke no longer suggests it,
    // so a repeat mark is never set out of sight.
    let rows = move || {
        let mut list: Vec<(Option<RepeatReason>, String)> = candidates
            .get()
            .into_iter()
            .map(|c| (Some(c.reason), c.petition_id))
            .collect();
        if let Some(id) = chosen.get() {
            if !list.iter().any(|(_, listed)| *listed == id) {
                list.push((None, id));
            }
        }
        state.ledger.with(|l| {
            list.into_iter()
                .filter_map(|(reason, id)| {
                    l.petitions.get(id.as_str()).map(|p| (reason, p.clone()))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || candidates.with(|c| !c.is_empty()) || chosen.with(Option::is_some)>
            <section class="repeats" data-testid="repeat-candidates" aria-live="polite">
                <h2>{move || i18n.t(T::RepeatTitle)}</h2>
                <p class="hint">{move || i18n.t(T::RepeatIntro)}</p>
                <ul>
                    {move || rows()
                        .into_iter()
                        .map(|(reason, p)| {
                            let id = p.meta.id.to_string();
                            let id_for_click = id.clone();
                            let is_chosen = Signal::derive(move || chosen.get().as_deref() == Some(id.as_str()));
                            let reason = reason.map(|reason| match reason {
                                RepeatReason::SameIdNumber => T::RepeatSameId,
                                RepeatReason::SameNameSimilarSubject => T::RepeatSameName,
                            });
                            view! {
                                <li data-testid="repeat-candidate" class:chosen=is_chosen>
                                    <span class="serial">{p.serial.clone()}</span>
                                    <span>{move || i18n.date(p.received_on)}</span>
                                    <span>{p.petitioner.name.clone()}</span>
                                    <span class="subject">{p.subject.clone()}</span>
                                    <span class="reason">{move || reason.map(|r| i18n.t(r))}</span>
                                    <button
                                        type="button"
                                        data-testid="repeat-choose"
                                        aria-pressed=move || is_chosen.get().to_string()
                                        on:click=move |_| {
                                            let id = id_for_click.clone();
                                            chosen.update(|c| *c = if c.as_deref() == Some(id.as_str()) { None } else { Some(id) });
                                        }
                                    >
                                        {move || if is_chosen.get() { i18n.t(T::RepeatChosen) } else { i18n.t(T::RepeatChoose) }}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        </Show>
    }
}
