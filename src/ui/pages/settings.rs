//! Settings: this office's name, kind and code; the person at this device; language; the
//! calendar of rest days; storage use; the offices known.

use leptos::prelude::*;

use crate::domain::offices::{code_taken, merge_offices, new_office, same_code_pairs};
use crate::domain::record::{new_id, Record};
use crate::domain::{validate_office, AnyRecord, Office, OfficeKind};
use crate::exchange::UndoEntry;
use crate::i18n::{office_kind_text, Lang, T};
use crate::storage::{quota, StorageError};
use crate::ui::components::form::{ProblemSummary, StorageAlert};
use crate::ui::components::office_fields::{OfficeDraft, OfficeFields, OFFICE_LABELS};
use crate::ui::components::operator::OperatorSetting;
use crate::ui::errors::storage_message;
use crate::ui::pages::holidays::HolidaySettings;
use crate::ui::state::{AppState, Load};
use crate::ui::I18n;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page">
            <h1 data-testid="page-title">{move || i18n.t(T::NavSettings)}</h1>
            <ThisOffice/>
            <OperatorSetting/>
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
            <HolidaySettings/>
            <StorageUse/>
            <Offices/>
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
            <OfficeFields draft problems prefix="settings-office"/>
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

/// The offices of the ledger: add, rename, retire and restore them, and merge two that are
/// one office (the same code), which moves every reference to the one kept as one step that
/// the import history can undo.
#[component]
fn Offices() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let offices = Memo::new(move |_| {
        state.ledger.with(|l| {
            let mut all: Vec<Office> = l.offices.values().cloned().collect();
            all.sort_by(|a, b| {
                (a.meta.deleted, &a.code, &a.name).cmp(&(b.meta.deleted, &b.code, &b.name))
            });
            all
        })
    });
    let pairs = Memo::new(move |_| {
        state
            .ledger
            .with(|l| same_code_pairs(l, &state.office_id()))
    });
    let name_of = move |id: &str| {
        state
            .ledger
            .with_untracked(|l| l.offices.get(id).map(|o| o.name.clone()))
            .unwrap_or_default()
    };
    let alert = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<String>);
    let save = move |records: Vec<AnyRecord>, done: T| {
        leptos::task::spawn_local(async move {
            match state.save(records).await {
                Ok(()) => {
                    alert.set(None);
                    note.set(Some(done.get(i18n.lang()).to_string()));
                    editing.set(None);
                }
                Err(error) => alert.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };
    let retire = move |office: Office, back: bool| {
        let Some(stamp) = state.stamp() else {
            return;
        };
        let mut changed = office;
        changed.meta.deleted = !back;
        changed.meta_mut().touch(&stamp);
        let done = if back {
            T::OfficeRestored
        } else {
            T::OfficeRetired
        };
        save(vec![AnyRecord::Office(changed)], done);
    };
    // A merge moves every petition and tally of the merged office: only once all are read.
    let all_read = move || state.tallies.get() == Load::Ready;
    let merge = move |kept: String, merged: String| {
        let Some(stamp) = state.stamp() else {
            return;
        };
        if state.tallies.get_untracked() != Load::Ready {
            return;
        }
        let name = format!(
            "{}{} → {}",
            T::MergeHistoryName.get(i18n.lang()),
            name_of(&merged),
            name_of(&kept)
        );
        let (writes, entry) = state.ledger.with_untracked(|l| {
            let writes = merge_offices(l, &kept, &merged, &stamp);
            let entry = UndoEntry::of_writes(new_id(), stamp.now, name, l, &writes);
            (writes, entry)
        });
        leptos::task::spawn_local(async move {
            let kept_entry = entry.clone();
            let written = state
                .save_and(writes, move |batch| {
                    batch.import_entry(&kept_entry.id, &kept_entry.summary(), &kept_entry)?;
                    Ok(())
                })
                .await;
            match written {
                Ok(()) => {
                    alert.set(None);
                    note.set(Some(format!(
                        "{}{}",
                        T::OfficesMerged.get(i18n.lang()),
                        entry.record_count()
                    )));
                }
                Err(error) => alert.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };

    view! {
        <h2>{move || i18n.t(T::SettingsOffices)}</h2>
        <p class="hint">{move || i18n.t(T::OfficesHint)}</p>
        <StorageAlert message=alert/>
        {move || note.get().map(|note| view! { <p class="saved" role="status" data-testid="offices-note">{note}</p> })}
        <table class="table" data-testid="offices-table">
            <thead>
                <tr>
                    <th>{move || i18n.t(T::ColumnCode)}</th>
                    <th>{move || i18n.t(T::ColumnName)}</th>
                    <th>{move || i18n.t(T::ColumnKind)}</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                {move || offices.get().into_iter().map(|office| {
                    let id = office.meta.id.to_string();
                    let mine = id == state.office_id();
                    let retired = office.meta.deleted;
                    let merge_into = pairs.with(|p| p.iter().find(|(_, merged)| *merged == id).map(|(kept, _)| kept.clone()));
                    let (for_edit, for_retire) = (office.clone(), office.clone());
                    let edit_id = id.clone();
                    view! {
                        <tr data-testid="office-row" data-code=office.code.clone() class:retired=retired>
                            <td>{office.code.clone()}</td>
                            <td>
                                {office.name.clone()}
                                {mine.then(|| i18n.t(T::ThisOfficeMark))}
                                {retired.then(|| i18n.t(T::RetiredMark))}
                            </td>
                            <td>{i18n.t(office_kind_text(office.kind))}</td>
                            <td class="row-actions">
                                <button type="button" class="link" data-testid="office-edit"
                                    on:click=move |_| editing.set(Some(edit_id.clone()))>
                                    {move || i18n.t(T::OfficeRename)}
                                </button>
                                {(!mine).then(|| {
                                    let office = for_retire.clone();
                                    view! {
                                        <button type="button" class="link" data-testid="office-retire"
                                            on:click=move |_| retire(office.clone(), retired)>
                                            {move || i18n.t(if retired { T::OfficeRestore } else { T::OfficeRetire })}
                                        </button>
                                    }
                                })}
                                {merge_into.map(|kept| {
                                    let merged = id.clone();
                                    let label = format!("{}{}", T::MergeInto.get(i18n.lang()), name_of(&kept));
                                    view! {
                                        <button type="button" data-testid="office-merge"
                                            disabled=move || !all_read()
                                            on:click=move |_| merge(kept.clone(), merged.clone())>
                                            {label}
                                        </button>
                                    }
                                })}
                            </td>
                        </tr>
                        {move || (editing.get().as_deref() == Some(for_edit.meta.id.as_str())).then(|| {
                            view! { <tr><td colspan="4"><EditOffice office=for_edit.clone() save/></td></tr> }
                        })}
                    }
                }).collect_view()}
            </tbody>
        </table>
        <AddOffice save/>
    }
}

/// Validates an office as the forms save it: its own rules, and a code no other live office has.
fn office_problems(state: AppState, office: &Office) -> Vec<crate::domain::Problem> {
    let mut found = validate_office(office);
    if state.ledger.with_untracked(|l| code_taken(l, office)) {
        found.push(crate::domain::Problem {
            field: "code".into(),
            kind: crate::domain::ProblemKind::CodeTaken,
        });
    }
    found
}

#[component]
fn EditOffice(office: Office, save: impl Fn(Vec<AnyRecord>, T) + Copy + 'static) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let draft = OfficeDraft::new();
    draft.name.set(office.name.clone());
    draft.kind.set(office.kind);
    draft.code.set(office.code.clone());
    let problems = RwSignal::new(Vec::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(stamp) = state.stamp() else {
            return;
        };
        let mut changed = office.clone();
        changed.name = draft.name.get_untracked().trim().to_string();
        changed.kind = draft.kind.get_untracked();
        changed.code = draft.code.get_untracked().trim().to_uppercase();
        let found = office_problems(state, &changed);
        problems.set(found.clone());
        if !found.is_empty() || changed == office {
            return;
        }
        changed.meta_mut().touch(&stamp);
        save(vec![AnyRecord::Office(changed)], T::Saved);
    };
    view! {
        <form class="form inline-form" on:submit=submit novalidate>
            <ProblemSummary problems labels=OFFICE_LABELS/>
            <OfficeFields draft problems prefix="office-edit" autofocus=true/>
            <div class="actions">
                <button type="submit" class="primary" data-testid="office-edit-save">{move || i18n.t(T::Save)}</button>
            </div>
        </form>
    }
}

#[component]
fn AddOffice(save: impl Fn(Vec<AnyRecord>, T) + Copy + 'static) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let draft = OfficeDraft::new();
    draft.kind.set(OfficeKind::PublicSecurity);
    let problems = RwSignal::new(Vec::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(stamp) = state.stamp() else {
            return;
        };
        let office = new_office(
            &draft.name.get_untracked(),
            draft.kind.get_untracked(),
            &draft.code.get_untracked(),
            &stamp,
        );
        let found = office_problems(state, &office);
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        draft.name.set(String::new());
        draft.code.set(String::new());
        save(vec![AnyRecord::Office(office)], T::OfficeAdded);
    };
    view! {
        <h3>{move || i18n.t(T::OfficeAddTitle)}</h3>
        <form class="form" on:submit=submit novalidate>
            <ProblemSummary problems labels=OFFICE_LABELS/>
            <OfficeFields draft problems prefix="office-add"/>
            <div class="actions">
                <button type="submit" class="primary" data-testid="office-add-save">{move || i18n.t(T::OfficeAdd)}</button>
            </div>
        </form>
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
