//! First run (PRODUCT §2.1): start a new ledger by naming this office (a committee may add
//! its usual member offices in the same step), or restore this office from a backup file:
//! the file's offices are listed, the user says which one is this office, and the whole
//! file is written in one transaction.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::offices::{new_office, MEMBER_OFFICES};
use crate::domain::record::{new_id, Extra, Meta, Stamp};
use crate::domain::{validate_office, AnyRecord, Office, OfficeKind};
use crate::exchange::ParsedFile;
use crate::i18n::T;
use crate::ui::components::form::{ProblemSummary, StorageAlert};
use crate::ui::components::inputs::TextInput;
use crate::ui::components::office_fields::{OfficeDraft, OfficeFields, OFFICE_LABELS};
use crate::ui::errors::storage_message;
use crate::ui::files::chosen_file;
use crate::ui::keys::open_sealed;
use crate::ui::pace::Progress;
use crate::ui::pages::exchange::import::{crypto_error_text, file_error_text, ProgressView};
use crate::ui::pages::exchange::loading::{self, Stop};
use crate::ui::state::{new_device_id, AppState};
use crate::ui::I18n;

#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="page setup">
            <h1 data-testid="page-title" tabindex="-1">{move || i18n.t(T::SetupTitle)}</h1>
            <p class="intro">{move || i18n.t(T::SetupIntro)}</p>
            <div class="setup-ways">
                <NewLedger/>
                <Restore/>
            </div>
        </section>
    }
}

#[component]
fn NewLedger() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let draft = OfficeDraft::new();
    let problems = RwSignal::new(Vec::new());
    let storage_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let operator = RwSignal::new(String::new());
    // The member offices to add with a committee, by code; all of them unless unticked.
    let members: RwSignal<BTreeSet<&'static str>> =
        RwSignal::new(MEMBER_OFFICES.iter().map(|(_, _, code)| *code).collect());

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let device_id = new_device_id();
        let stamp = Stamp {
            device: device_id.clone(),
            now: chrono::Utc::now(),
            office: None,
            by_name: String::new(),
        };
        let office = Office {
            meta: Meta::new(new_id(), &stamp),
            name: draft.name.get_untracked().trim().to_string(),
            kind: draft.kind.get_untracked(),
            code: draft.code.get_untracked().trim().to_uppercase(),
            extra: Extra::new(),
        };
        let found = validate_office(&office);
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        let chosen = members.get_untracked();
        let added: Vec<Office> = if office.kind == OfficeKind::Committee {
            MEMBER_OFFICES
                .iter()
                .filter(|(_, _, code)| chosen.contains(code) && *code != office.code)
                .map(|(name, kind, code)| new_office(name, *kind, code, &stamp))
                .collect()
        } else {
            Vec::new()
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            let name = operator.get_untracked().trim().to_string();
            if let Err(error) = state.set_up(office, added, device_id, name).await {
                storage_error.set(Some(storage_message(&error, i18n.lang())));
            }
            saving.set(false);
        });
    };

    view! {
        <div class="setup-way">
            <h2>{move || i18n.t(T::SetupNew)}</h2>
            <ProblemSummary problems labels=OFFICE_LABELS/>
            <StorageAlert message=storage_error/>
            <form class="form" on:submit=submit novalidate>
                <OfficeFields draft problems prefix="setup-office" autofocus=true/>
                <TextInput label=T::OperatorTitle testid="setup-operator-name" value=operator
                    problems field="operator" maxlength=50 hint=T::OperatorHint/>
                <Show when=move || draft.kind.get() == OfficeKind::Committee>
                    <fieldset class="members">
                        <legend>{move || i18n.t(T::SetupMembers)}</legend>
                        {MEMBER_OFFICES.iter().map(|(name, _, code)| {
                            let (name, code) = (*name, *code);
                            view! {
                                <label class="check">
                                    <input type="checkbox" data-testid=format!("setup-member-{code}")
                                        prop:checked=move || members.with(|m| m.contains(code))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            members.update(|m| { if on { m.insert(code); } else { m.remove(code); } });
                                        }/>
                                    {format!("{name}（{code}）")}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                </Show>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="setup-submit" disabled=saving>
                        {move || i18n.t(T::SetupSubmit)}
                    </button>
                </div>
            </form>
        </div>
    }
}

/// The live offices a backup holds, as (id, name and code), by code.
fn offices_in(file: &ParsedFile) -> Vec<(String, String)> {
    let mut offices: Vec<(String, String)> = file
        .records
        .iter()
        .filter_map(|(_, record)| match record {
            AnyRecord::Office(o) if !o.meta.deleted => {
                Some((o.meta.id.to_string(), format!("{}（{}）", o.name, o.code)))
            }
            _ => None,
        })
        .collect();
    offices.sort_by(|a, b| a.1.cmp(&b.1));
    offices
}

#[component]
fn Restore() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let file: RwSignal<Option<Arc<ParsedFile>>> = RwSignal::new(None);
    let sealed = RwSignal::new(None::<String>);
    let passphrase = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<Progress>);
    let working = RwSignal::new(false);
    // Read again after a failed write, which took its records.
    let picked = loading::Chosen::new();
    let offices =
        Memo::new(move |_| file.with(|f| f.as_deref().map(offices_in).unwrap_or_default()));

    let took = move |outcome: Result<ParsedFile, Stop>| {
        progress.set(None);
        working.set(false);
        match outcome {
            Ok(parsed) if !parsed.problems.is_empty() => problem.set(Some(format!(
                "{}{}",
                T::RestoreHasProblems.get(i18n.lang()),
                parsed.problems.len()
            ))),
            Ok(parsed) => {
                let found = offices_in(&parsed);
                if found.is_empty() {
                    problem.set(Some(T::RestoreNoOffice.get(i18n.lang()).to_string()));
                    return;
                }
                // The office that wrote the file is most likely this one.
                let source = parsed.source.office_id.clone();
                let first = found
                    .iter()
                    .find(|(id, _)| *id == source)
                    .unwrap_or(&found[0]);
                chosen.set(first.0.clone());
                file.set(Some(Arc::new(parsed)));
            }
            Err(Stop::Sealed(text)) => sealed.set(Some(text)),
            Err(Stop::Refused(error)) => problem.set(Some(file_error_text(&error, i18n.lang()))),
            Err(Stop::Unreadable(why)) => problem.set(Some(format!(
                "{}{why}",
                T::ImportUnreadable.get(i18n.lang())
            ))),
        }
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(picked_file) = chosen_file(&ev) else {
            return;
        };
        file.set(None);
        sealed.set(None);
        problem.set(None);
        working.set(true);
        picked.choose(&picked_file);
        leptos::task::spawn_local(async move {
            let outcome =
                loading::read_file(state, &picked_file, &move |step| progress.set(Some(step)))
                    .await;
            took(outcome);
        });
    };
    let unseal = move || {
        let Some(envelope) = sealed.get_untracked() else {
            return;
        };
        let typed = passphrase.get_untracked();
        working.set(true);
        // The key is derived off the page's thread.
        leptos::task::spawn_local(async move {
            match open_sealed(&envelope, &typed).await {
                Ok(text) => {
                    picked.opened_with(&typed);
                    sealed.set(None);
                    problem.set(None);
                    let outcome =
                        loading::read_text(state, &text, &move |step| progress.set(Some(step)))
                            .await;
                    took(outcome);
                }
                Err(error) => {
                    working.set(false);
                    problem.set(Some(crypto_error_text(&error, i18n.lang())));
                }
            }
        });
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let office_id = chosen.get_untracked();
        if office_id.is_empty() || working.get_untracked() {
            return;
        }
        // The plan takes the file's records, so the file is held once.
        let Some(parsed) = file.try_update_untracked(Option::take).flatten() else {
            return;
        };
        let (parsed, records) = loading::take_records(parsed);
        working.set(true);
        leptos::task::spawn_local(async move {
            let report = move |step| progress.set(Some(step));
            let plan = loading::plan(state, &parsed, records, false, &report).await;
            let written = state
                .restore(plan.writes, office_id, new_device_id(), report)
                .await;
            if let Err(error) = written {
                problem.set(Some(storage_message(&error, i18n.lang())));
                // Read again, so that the restore can be tried again as it was.
                match picked.read_again(state, &report).await {
                    Some(Ok(parsed)) => file.update_untracked(|f| *f = Some(Arc::new(parsed))),
                    _ => file.set(None),
                }
            }
            progress.set(None);
            working.set(false);
        });
    };

    view! {
        <div class="setup-way">
            <h2>{move || i18n.t(T::RestoreTitle)}</h2>
            <p class="hint">{move || i18n.t(T::RestoreIntro)}</p>
            <form class="form" on:submit=submit novalidate>
                <div class="field">
                    <label for="setup-restore-file">{move || i18n.t(T::RestoreFile)}</label>
                    <input type="file" id="setup-restore-file" data-testid="setup-restore-file"
                        accept=".json,application/json" on:change=on_file/>
                </div>
                <Show when=move || sealed.with(Option::is_some)>
                    <div class="field">
                        <label for="setup-restore-passphrase">{move || i18n.t(T::ImportPassphrase)}</label>
                        <input type="password" id="setup-restore-passphrase" data-testid="setup-restore-passphrase"
                            autocomplete="off" prop:value=passphrase
                            on:input=move |ev| passphrase.set(event_target_value(&ev))
                            on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); unseal(); }/>
                        <button type="button" data-testid="setup-restore-decrypt" on:click=move |_| unseal()>
                            {move || i18n.t(T::ImportDecrypt)}
                        </button>
                    </div>
                </Show>
                <StorageAlert message=problem/>
                {move || progress.get().map(|step| view! { <ProgressView step/> })}
                <Show when=move || offices.with(|o| !o.is_empty())>
                    <div class="field">
                        <label for="setup-restore-office">{move || i18n.t(T::RestoreWhichOffice)}</label>
                        <select id="setup-restore-office" data-testid="setup-restore-office"
                            on:change=move |ev| chosen.set(event_target_value(&ev))>
                            {move || offices.get().into_iter().map(|(id, name)| {
                                let selected = chosen.with_untracked(|c| *c == id);
                                view! { <option value=id selected=selected>{name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="setup-restore-submit" disabled=working>
                            {move || i18n.t(T::RestoreSubmit)}
                        </button>
                    </div>
                </Show>
            </form>
        </div>
    }
}
