//! Reports kept as issued (存档, PRODUCT §6): the current document is kept whole (text,
//! figures, tables, period, day judged, offices, time) in this office's settings, listed
//! newest first, and each reopens, prints and downloads as it was.

use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;

use crate::i18n::{format_date, T};
use crate::report::document::{Archived, Document};
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

fn archive_key(office_id: &str) -> String {
    format!("report_archive:{office_id}")
}

/// When a report was kept, as a clerk in China reads it: `2022年9月5日 10:30`.
fn kept_at(at: DateTime<Utc>) -> String {
    let china = at.checked_add_signed(TimeDelta::hours(8)).unwrap_or(at);
    format!(
        "{} {}",
        format_date(china.date_naive(), crate::i18n::Lang::Zh),
        china.format("%H:%M")
    )
}

#[component]
pub fn Archive(
    current: Memo<Option<Document>>,
    opened: RwSignal<Option<Archived>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let kept: RwSignal<Vec<Archived>> = RwSignal::new(Vec::new());
    let note = RwSignal::new(None::<String>);
    let key = archive_key(&state.office_id());
    {
        let key = key.clone();
        leptos::task::spawn_local(async move {
            match state.read_setting::<Vec<Archived>>(&key).await {
                Ok(found) => kept.set(found.unwrap_or_default()),
                Err(error) => note.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    }
    let archive = move |_| {
        let Some(document) = current.get_untracked() else {
            return;
        };
        let entry = Archived {
            id: crate::domain::record::new_id(),
            archived_at: Utc::now(),
            document,
        };
        let mut all = kept.get_untracked();
        all.insert(0, entry);
        let key = key.clone();
        leptos::task::spawn_local(async move {
            match state.save_setting(&key, &all).await {
                Ok(()) => {
                    kept.set(all);
                    note.set(Some(T::ArchiveDone.get(i18n.lang()).to_string()));
                }
                Err(error) => note.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };
    view! {
        <section class="report-screen-only archive" aria-labelledby="archive-title">
            <h2 id="archive-title">{move || i18n.t(T::ArchiveTitle)}</h2>
            <div class="actions">
                <button type="button" data-testid="report-archive" on:click=archive
                    disabled=move || opened.with(Option::is_some) || current.with(Option::is_none)>
                    {move || i18n.t(T::ArchiveNow)}
                </button>
                <span class="saved" role="status">{move || note.get()}</span>
            </div>
            <Show when=move || kept.with(|k| !k.is_empty())
                fallback=move || view! { <p class="hint">{move || i18n.t(T::ArchiveEmpty)}</p> }>
                <table class="table">
                    <tbody>
                        {move || kept.get().into_iter().map(|entry| {
                            let scope = &entry.document.report.scope;
                            let period = format!(
                                "{}—{}",
                                format_date(scope.from, i18n.lang()),
                                format_date(scope.to, i18n.lang())
                            );
                            let when = kept_at(entry.archived_at);
                            let title = entry.document.paper.title.clone();
                            view! {
                                <tr data-testid="report-archive-row">
                                    <td>{title}</td>
                                    <td>{period}</td>
                                    <td>{move || i18n.t(T::ArchivedAt)}" "{when}</td>
                                    <td>
                                        <button type="button" data-testid="report-archive-open"
                                            on:click=move |_| opened.set(Some(entry.clone()))>
                                            {move || i18n.t(T::ArchiveOpen)}
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
