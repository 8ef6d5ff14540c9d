//! Settings: this office's name, kind and code; language; storage use; the offices known.

use leptos::prelude::*;

use crate::domain::record::Record;
use crate::domain::{validate_office, Office};
use crate::i18n::{office_kind_text, Lang, T};
use crate::storage::{quota, StorageError};
use crate::ui::components::form::{ProblemSummary, StorageAlert};
use crate::ui::components::office_fields::{OfficeDraft, OfficeFields, OFFICE_LABELS};
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page">
            <h1 data-testid="page-title">{move || i18n.t(T::NavSettings)}</h1>
            <ThisOffice/>
            <h2>{move || i18n.t(T::Language)}</h2>
            <div class="form">
                <div class="field">
                    <label for="settings-language">{move || i18n.t(T::Language)}</label>
                    <select
                        id="settings-language"
                        data-testid="settings-language"
                        on:change=move |ev| {
                            if let Some(lang) = Lang::from_tag(&event_target_value(&ev)) {
                                i18n.set_lang(lang);
                            }
                        }
                    >
                        {Lang::ALL
                            .into_iter()
                            .map(|lang| {
                                view! {
                                    <option value=lang.tag() selected=move || i18n.lang() == lang>
                                        {lang.own_name()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <StorageUse/>
            <KnownOffices/>
        </section>
    }
}

#[component]
fn ThisOffice() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let current = move || state.session.get().map(|s| s.office);
    let draft = OfficeDraft::new();
    // Fill the form from the stored office, and again whenever it is reloaded.
    Effect::new(move |_| {
        if let Some(office) = current() {
            draft.name.set(office.name.clone());
            draft.kind.set(office.kind);
            draft.code.set(office.code.clone());
        }
    });
    let problems = RwSignal::new(Vec::new());
    let alert = RwSignal::new(None::<String>);
    let stale = RwSignal::new(false);
    let saved = RwSignal::new(false);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let mut office = session.office.clone();
        office.name = draft.name.get_untracked().trim().to_string();
        office.kind = draft.kind.get_untracked();
        office.code = draft.code.get_untracked().trim().to_uppercase();
        saved.set(false);
        alert.set(None);
        let found = validate_office(&office);
        problems.set(found.clone());
        if !found.is_empty() || office == session.office {
            return;
        }
        office.meta_mut().touch(&session.stamp());
        leptos::task::spawn_local(async move {
            match state.save_office(office).await {
                Ok(()) => saved.set(true),
                Err(error) => {
                    stale.set(matches!(error, StorageError::Stale { .. }));
                    alert.set(Some(storage_message(&error, i18n.lang())));
                }
            }
        });
    };
    let reload = move |_| {
        leptos::task::spawn_local(async move {
            match state.reload_office().await {
                Ok(()) => {
                    alert.set(None);
                    stale.set(false);
                }
                Err(error) => alert.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };

    view! {
        <h2>{move || i18n.t(T::SettingsThisOffice)}</h2>
        <ProblemSummary problems labels=OFFICE_LABELS/>
        <StorageAlert message=alert/>
        <Show when=move || stale.get()>
            <button type="button" data-testid="reload-record" on:click=reload>
                {move || i18n.t(T::Reload)}
            </button>
        </Show>
        <form class="form" on:submit=submit novalidate>
            <OfficeFields draft problems prefix="settings"/>
            <div class="actions">
                <button type="submit" class="primary" data-testid="settings-office-save">
                    {move || i18n.t(T::Save)}
                </button>
                <Show when=move || saved.get()>
                    <span class="saved" role="status">{move || i18n.t(T::Saved)}</span>
                </Show>
            </div>
        </form>
        <p class="meta-line">
            {move || i18n.t(T::SettingsDevice)}{move || i18n.lang().colon()}
            <code data-testid="settings-device-id">
                {move || state.session.get().map(|s| s.device_id).unwrap_or_default()}
            </code>
        </p>
    }
}

#[component]
fn StorageUse() -> impl IntoView {
    let i18n = I18n::expect();
    let usage =
        LocalResource::new(|| async { (quota::usage().await, quota::is_persisted().await) });
    view! {
        <h2>{move || i18n.t(T::SettingsStorage)}</h2>
        <Suspense fallback=move || view! { <p>{i18n.t(T::Loading)}</p> }>
            {move || {
                usage
                    .get()
                    .map(|(usage, persisted)| {
                        let colon = i18n.lang().colon();
                        let amount = match usage {
                            Some(u) => format!(
                                "{}{colon}{}　{}{colon}{}",
                                i18n.t(T::StorageUsage),
                                format_bytes(u.used),
                                i18n.t(T::StorageQuota),
                                format_bytes(u.quota),
                            ),
                            None => i18n.t(T::StorageUnknown).to_string(),
                        };
                        let persistence = if persisted { T::Persisted } else { T::NotPersisted };
                        view! {
                            <p data-testid="storage-usage">{amount}</p>
                            <p data-testid="storage-persisted">{i18n.t(persistence)}</p>
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn KnownOffices() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let offices = LocalResource::new(move || {
        state.revision.track();
        let db = state.db();
        async move {
            let mut offices: Vec<Office> = db.all().await.unwrap_or_default();
            offices.retain(|o| !o.is_deleted());
            offices.sort_by(|a, b| a.code.cmp(&b.code).then(a.name.cmp(&b.name)));
            offices
        }
    });
    let this_office = move || {
        state
            .session
            .get()
            .map(|s| s.office.meta.id)
            .unwrap_or_default()
    };
    view! {
        <h2>{move || i18n.t(T::SettingsOffices)}</h2>
        <table class="table" data-testid="offices-table">
            <thead>
                <tr>
                    <th>{move || i18n.t(T::ColumnCode)}</th>
                    <th>{move || i18n.t(T::ColumnName)}</th>
                    <th>{move || i18n.t(T::ColumnKind)}</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    offices
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|office| {
                            let mine = office.meta.id == this_office();
                            view! {
                                <tr>
                                    <td>{office.code.clone()}</td>
                                    <td>
                                        {office.name.clone()}
                                        {mine.then(|| i18n.t(T::ThisOfficeMark))}
                                    </td>
                                    <td>{i18n.t(office_kind_text(office.kind))}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

/// Bytes in the unit people read: KB, MB or GB.
fn format_bytes(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
