//! Import: read a file (decrypting it with its passphrase), list every problem in its place,
//! show what it would add, update, leave alone and conflict on, and write it all in one
//! transaction on the user's word.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::loading;

use crate::domain::record::new_id;
use crate::exchange::{
    undo_writes, CryptoError, EntryJson, Failure, FileError, ImportSession, ImportSummary,
    KeptConflict, Next, Phase, Preview, UndoEntry, Written,
};
use crate::exchange::{Progress, Stage};
use crate::i18n::{record_problem_text, record_title, Lang, T};
use crate::storage::StorageError;
use crate::ui::components::form::StorageAlert;
use crate::ui::errors::storage_message;
use crate::ui::files::{chosen_file, dropped_file};
use crate::ui::keys::open_sealed;
use crate::ui::pages::exchange::kind_text;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// Problems listed at most; the count says how many there are.
const LISTED: usize = 100;

pub(crate) fn file_error_text(error: &FileError, lang: Lang) -> String {
    match error {
        FileError::NotJson { line, column } => match lang {
            Lang::Zh => format!("{}{line}行第{column}列）。", T::FileNotJson.get(lang)),
            Lang::En => format!("{}{line}, column {column}).", T::FileNotJson.get(lang)),
        },
        FileError::NotTaizhang => T::FileNotTaizhang.get(lang).to_string(),
        FileError::Encrypted => T::FileEncrypted.get(lang).to_string(),
        FileError::NewerVersion { version } => match lang {
            Lang::Zh => format!("{}{version}），请先更新本程序。", T::FileNewer.get(lang)),
            Lang::En => format!(
                "{}{version}); update this app first.",
                T::FileNewer.get(lang)
            ),
        },
        FileError::BadHeader { field } => format!("{}{field}", T::FileBadHeader.get(lang)),
        FileError::MissingArray(name) | FileError::NotAnArray(name) => {
            format!("{}{name}", T::FileMissingArray.get(lang))
        }
        FileError::RepeatedArray(name) => format!("{}{name}", T::FileRepeatedArray.get(lang)),
        FileError::NotUtf8 => T::FileNotUtf8.get(lang).to_string(),
    }
}

pub(crate) fn crypto_error_text(error: &CryptoError, lang: Lang) -> String {
    match error {
        CryptoError::WrongPassphraseOrDamaged => T::CryptoWrong.get(lang).to_string(),
        CryptoError::Damaged => T::CryptoDamaged.get(lang).to_string(),
        _ => T::CryptoUnsupported.get(lang).to_string(),
    }
}

#[component]
pub fn Import() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    // Everything the import is doing, as one value; the page carries out what it asks.
    let session = RwSignal::new(ImportSession::default());
    let passphrase = RwSignal::new(String::new());
    let dragging = RwSignal::new(false);
    // Summaries only: a large import's entry names every record it wrote, and is read from
    // storage when it is undone.
    let history = RwSignal::new(Vec::<ImportSummary>::new());
    // What an undo, which lives beside the session, said: done, or why not.
    let undo_said = RwSignal::new(None::<Result<String, String>>);
    let load_history = move || {
        leptos::task::spawn_local(async move {
            if let Ok(mut entries) = state.db().import_summaries::<ImportSummary>().await {
                entries.sort_by_key(|e| std::cmp::Reverse(e.at));
                entries.truncate(10);
                history.set(entries);
            }
        });
    };
    load_history();

    let report = move |run: u64| -> Box<dyn Fn(Progress)> {
        Box::new(move |step| session.update(|s| s.progressed(run, step)))
    };
    let chosen_before = loading::Chosen::new();
    let page = Page {
        state,
        i18n,
        session,
        history,
        chosen: chosen_before,
    };
    // Carries out what the session asks next, and feeds the outcome back to it.
    let carry_out = move |next: Next| carry(page, next, report);
    let take_file = move |chosen: web_sys::File| {
        undo_said.set(None);
        chosen_before.choose(&chosen);
        let mut run = 0;
        session.update(|s| run = s.choose(chosen.name()));
        leptos::task::spawn_local(async move {
            let outcome = loading::read_file(state, &chosen, &*report(run)).await;
            let mut next = Next::Wait;
            session.update(|s| next = s.read(run, outcome));
            carry_out(next);
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(chosen) = chosen_file(&ev) {
            take_file(chosen);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(dropped) = dropped_file(&ev) {
            take_file(dropped);
        }
    };
    let unseal = move |_| {
        let mut next = Next::Wait;
        session.update(|s| next = s.unseal());
        let Next::Unseal { run, envelope } = next else {
            return;
        };
        let typed = passphrase.get_untracked();
        // The key is derived off the page's thread; the page says it is working meanwhile.
        leptos::task::spawn_local(async move {
            match open_sealed(&envelope, &typed).await {
                Ok(text) => {
                    chosen_before.opened_with(&typed);
                    session.update(|s| s.unsealed(run, Ok(())));
                    let outcome = loading::read_text(state, &text, &*report(run)).await;
                    let mut next = Next::Wait;
                    session.update(|s| next = s.read(run, outcome));
                    carry_out(next);
                }
                Err(error) => session.update(|s| s.unsealed(run, Err(error))),
            }
        });
    };
    let set_valid_only = move |valid_only: bool| {
        let mut next = Next::Wait;
        session.update(|s| next = s.set_valid_only(valid_only));
        carry_out(next);
    };
    let confirm = move |_| {
        let mut next = Next::Wait;
        // Made against the ledger as it was: if a record it writes changed since (an edit
        // here or in another tab, another import), it is made again, not written.
        state.ledger.with_untracked(|l| {
            session.update(|s| next = s.confirm(|plan| !plan.changed_since(l).is_empty()))
        });
        carry_out(next);
    };
    let failure = Signal::derive(move || {
        let lang = i18n.lang();
        undo_said.get().and_then(Result::err).or_else(|| {
            session.with(|s| {
                s.failure.as_ref().map(|failure| match failure {
                    Failure::File(error) => file_error_text(error, lang),
                    Failure::Crypto(error) => crypto_error_text(error, lang),
                    Failure::Unreadable(why) => format!("{}{why}", T::ImportUnreadable.get(lang)),
                    Failure::Storage(why) => why.clone(),
                })
            })
        })
    });
    let summary = Signal::derive(move || {
        let lang = i18n.lang();
        if let Some(Ok(done)) = undo_said.get() {
            return Some(done);
        }
        session.with(|s| match &s.phase {
            Phase::NothingNew => Some(T::ImportNothingNew.get(lang).to_string()),
            Phase::Written { total, .. } => Some(format!(
                "{}{} {}，{} {}，{} {}，{} {}",
                T::ImportExchangeDone.get(lang),
                T::WillAdd.get(lang),
                total.add,
                T::WillUpdate.get(lang),
                total.update,
                T::Unchanged.get(lang),
                total.unchanged,
                T::WillConflict.get(lang),
                total.conflict,
            )),
            _ => None,
        })
    });
    let kept_conflicts = Signal::derive(move || {
        session.with(|s| match s.phase {
            Phase::Written { conflicts_kept, .. } => conflicts_kept,
            _ => 0,
        })
    });
    // The file read, compared by identity: the session changes with every step of progress,
    // and its problems are drawn again only when another file is read.
    let file = Memo::new_with_compare(
        move |_| session.with(|s| s.file.clone()),
        |old: Option<&Option<Arc<crate::exchange::ParsedFile>>>, new| match (old, new) {
            (Some(Some(old)), Some(Some(new))) => !Arc::ptr_eq(old, new),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    );
    let problems = Memo::new(move |_| {
        file.with(|f| {
            f.as_ref()
                .map(|f| (f.problems.clone(), f.unknown_references.len()))
        })
    });
    let preview = Memo::new(move |_| session.with(ImportSession::preview));

    view! {
        <section class="exchange-import">
            <h2>{move || i18n.t(T::ImportExchangeTitle)}</h2>
            <div class="field drop-zone" class:dragging=dragging data-testid="import-drop"
                on:dragover=move |ev| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <label for="import-file">{move || i18n.t(T::ImportExchangeFile)}</label>
                <input type="file" id="import-file" data-testid="import-file" accept=".json,application/json" on:change=on_file/>
                <p class="hint">{move || i18n.t(T::ImportDropHint)}</p>
            </div>
            <Show when=move || session.with(ImportSession::sealed)>
                <div class="field">
                    <label for="import-passphrase">{move || i18n.t(T::ImportPassphrase)}</label>
                    <p class="hint">{move || i18n.t(T::ImportEncryptedHint)}</p>
                    <input type="password" id="import-passphrase" data-testid="import-passphrase" autocomplete="off"
                        prop:value=passphrase on:input=move |ev| passphrase.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { unseal(()); }/>
                    <button type="button" data-testid="import-decrypt" disabled=move || session.with(ImportSession::unsealing)
                        on:click=move |_| unseal(())>{move || i18n.t(T::ImportDecrypt)}</button>
                    <Show when=move || session.with(ImportSession::unsealing)>
                        <p class="hint" role="status" data-testid="import-unsealing">{move || i18n.t(T::ImportUnsealing)}</p>
                    </Show>
                </div>
            </Show>
            <StorageAlert message=failure/>
            {move || problems.get().map(|(problems, unknown)| view! {
                {(!problems.is_empty()).then(|| {
                    let count = problems.len();
                    view! {
                    <div class="problems" role="alert" data-testid="import-problems">
                        <p>{move || format!("{}（{count}）", i18n.t(T::ImportProblems))}</p>
                        <ul>
                            {problems.iter().take(LISTED).map(|p| {
                                let p = p.clone();
                                view! { <li>{move || format!("{}: {}", p.place, record_problem_text(&p.kind, i18n.lang()))}</li> }
                            }).collect_view()}
                        </ul>
                    </div>
                    <label class="check">
                        <input type="checkbox" data-testid="import-valid-only" prop:checked=move || session.with(|s| s.valid_only)
                            on:change=move |ev| set_valid_only(event_target_checked(&ev))/>
                        {move || i18n.t(T::ImportValidOnly)}
                    </label>
                }})}
                {(unknown > 0).then(|| view! { <p class="hint" data-testid="import-unknown">{move || format!("{unknown} {}", i18n.t(T::ImportUnknownRefs))}</p> })}
            })}
            {move || session.with(|s| s.progress).map(|step| view! { <ProgressView step/> })}
            <Show when=move || session.with(|s| s.replanned) && preview.with(Option::is_some)>
                <p class="notice" role="status" data-testid="import-replanned">{move || i18n.t(T::ImportReplanned)}</p>
            </Show>
            {move || preview.get().map(|preview| view! { <PlanView preview confirm/> })}
            <Show when=move || summary.with(Option::is_some)>
                <p class="saved" role="status" data-testid="import-summary">{move || summary.get().unwrap_or_default()}</p>
                <Show when=move || { kept_conflicts.get() > 0 }>
                    <p class="hint" data-testid="import-conflicts-kept">
                        {move || format!("{} {}", kept_conflicts.get(), i18n.t(T::ConflictsKept))}
                        <a href="/exchange/conflicts" data-testid="conflicts-link">{move || i18n.t(T::ConflictsLink)}</a>
                    </p>
                </Show>
            </Show>
            <History history undo_said/>
        </section>
    }
}

/// Items of an undo entry's lists written out between two turns of the page (about 50 ms).
const ENTRY_PIECE: usize = 50_000;

/// What `carry` works with.
#[derive(Clone, Copy)]
struct Page {
    state: AppState,
    i18n: I18n,
    session: RwSignal<ImportSession>,
    history: RwSignal<Vec<ImportSummary>>,
    chosen: loading::Chosen,
}

/// Carries out what the session asked next (plan the file, read it again, write the plan)
/// and feeds the outcome back to it, again until it asks for nothing.
fn carry(page: Page, next: Next, report: impl Fn(u64) -> Box<dyn Fn(Progress)> + Copy + 'static) {
    let Page {
        state,
        i18n,
        session,
        history,
        chosen,
    } = page;
    match next {
        Next::Wait | Next::Unseal { .. } => {}
        Next::Plan {
            run,
            file,
            records,
            valid_only,
        } => {
            leptos::task::spawn_local(async move {
                let made = loading::plan(state, &file, records, valid_only, &*report(run)).await;
                session.update(|s| s.planned(run, made));
            });
        }
        Next::ReadAgain { run } => {
            leptos::task::spawn_local(async move {
                let Some(outcome) = chosen.read_again(state, &*report(run)).await else {
                    return;
                };
                let mut next = Next::Wait;
                session.update(|s| next = s.read(run, outcome));
                carry(page, next, report);
            });
        }
        Next::Write { run, plan } => {
            let total = plan.total();
            let at = chrono::Utc::now();
            let file_name = session.with_untracked(|s| s.name.clone());
            // The digests of the writes are taken as the write writes their documents, and
            // the entry that keeps them is made after, in the same transaction.
            let entry = plan.changes_anything().then(|| {
                Rc::new(RefCell::new(state.ledger.with_untracked(|l| {
                    UndoEntry::awaiting_digests(new_id(), at, file_name.clone(), l, &plan)
                })))
            });
            let digests: Rc<[Cell<u64>]> = plan.writes.iter().map(|_| Cell::new(0)).collect();
            let summary = entry.as_ref().map(|e| e.borrow().summary());
            let import_id = summary.as_ref().map(|s| s.id.clone()).unwrap_or_default();
            let conflicts = KeptConflict::from_plan(&plan, &import_id, at, &file_name);
            let conflict_count = conflicts.len();
            leptos::task::spawn_local(async move {
                let (kept, digested, listed) = (entry, digests.clone(), summary.clone());
                let written = state
                    .save_planned(
                        plan,
                        &digests,
                        move |batch| {
                            if let (Some(kept), Some(listed)) = (kept, listed) {
                                let mut json = EntryJson::new(&kept.borrow(), ENTRY_PIECE)?;
                                batch.import_entry_later(&listed.id, &listed, move || {
                                    let mut entry = kept.borrow_mut();
                                    // Known once the records are written, which is before
                                    // the first piece is asked for.
                                    if entry.after_digests.is_empty() {
                                        entry.after_digests =
                                            digested.iter().map(Cell::get).collect();
                                    }
                                    json.next_piece(&entry)
                                })?;
                            }
                            for conflict in &conflicts {
                                batch.conflict(&conflict.id, &conflict.record_id, conflict)?;
                            }
                            Ok(())
                        },
                        report(run),
                    )
                    .await;
                let outcome = match written {
                    Ok(()) => {
                        if let Some(summary) = summary {
                            history.update(|h| {
                                h.insert(0, summary);
                                h.truncate(10);
                            });
                        }
                        Written::Done
                    }
                    // Storage holds another version than the plan was made against: a tab
                    // this one has not heard from yet.
                    Err(StorageError::Stale { .. }) => Written::Stale,
                    Err(error) => Written::Failed(storage_message(&error, i18n.lang())),
                };
                let mut next = Next::Wait;
                session.update(|s| next = s.written(run, outcome, total, conflict_count));
                carry(page, next, report);
            });
        }
    }
}

/// The last imports, newest first, each with its undo.
#[component]
fn History(
    history: RwSignal<Vec<ImportSummary>>,
    undo_said: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let undo = move |id: String| {
        let Some(stamp) = state.stamp() else {
            return;
        };
        let lang = i18n.lang();
        leptos::task::spawn_local(async move {
            let said = |message: String| undo_said.set(Some(Err(message)));
            let entry = match state.db().import_entry::<UndoEntry>(&id).await {
                Ok(Some(entry)) => entry,
                Ok(None) => {
                    history.update(|h| h.retain(|e| e.id != id));
                    return said(T::UndoGone.get(lang).to_string());
                }
                Err(error) => return said(storage_message(&error, lang)),
            };
            let undone = state
                .ledger
                .with_untracked(|l| undo_writes(l, &entry, &stamp));
            let records = match undone {
                Ok(records) => records,
                Err(changed) => {
                    // Named as people know them, not by id.
                    let names: Vec<String> = state.ledger.with_untracked(|l| {
                        changed
                            .iter()
                            .map(|id| {
                                let kind = entry
                                    .after_versions
                                    .iter()
                                    .find(|(_, i, _)| i == id)
                                    .map(|(k, ..)| *k);
                                kind.and_then(|k| l.get_any(k, id))
                                    .map_or_else(|| id.clone(), |r| record_title(&r, l, lang))
                            })
                            .collect()
                    });
                    return said(format!("{}{}", T::UndoRefused.get(lang), names.join("，")));
                }
            };
            drop(entry);
            // The conflicts this import met go with it.
            let conflicts: Vec<String> = match state.db().conflicts::<KeptConflict>().await {
                Ok(kept) => kept
                    .into_iter()
                    .filter(|c| c.import_id == id)
                    .map(|c| c.id)
                    .collect(),
                Err(error) => return said(storage_message(&error, lang)),
            };
            let forget = id.clone();
            match state
                .save_and(records, move |batch| {
                    batch.forget_import(&forget);
                    for conflict in &conflicts {
                        batch.forget_conflict(conflict);
                    }
                    Ok(())
                })
                .await
            {
                Ok(()) => {
                    history.update(|h| h.retain(|e| e.id != id));
                    undo_said.set(Some(Ok(T::UndoDone.get(lang).to_string())));
                }
                Err(error) => said(storage_message(&error, lang)),
            }
        });
    };
    let asking = RwSignal::new(None::<String>);
    view! {
        <h3>{move || i18n.t(T::ImportHistory)}</h3>
        <Show when=move || history.with(|h| !h.is_empty()) fallback=move || view! { <p class="hint">{move || i18n.t(T::NoImports)}</p> }>
            <table class="table" data-testid="import-history">
                <tbody>
                    {move || history.get().into_iter().map(|entry| {
                        let at = entry.at;
                        let total: usize = entry.counts.values().map(|c| c.add + c.update).sum();
                        let name = entry.file_name.clone();
                        let (id, asked_id, undo_id) = (entry.id.clone(), entry.id.clone(), entry.id.clone());
                        let changes_back = entry.records;
                        view! {
                            <tr data-testid="import-history-row">
                                <td>{move || i18n.moment(at)}</td>
                                <td>{name}</td>
                                <td class="num">{move || format!("{} {total}", i18n.t(T::RecordsWritten))}</td>
                                <td>
                                    // Undo asks first, naming how many records it changes back.
                                    <Show when=move || asking.get().as_deref() != Some(asked_id.as_str())
                                        fallback=move || {
                                            let undone_id = undo_id.clone();
                                            view! {
                                                <span role="alert" data-testid="import-undo-ask">
                                                    {move || format!("{}{changes_back}{}", i18n.t(T::UndoAsk), i18n.t(T::UndoAskRecords))}
                                                </span>" "
                                                <button type="button" class="danger" data-testid="import-undo-confirm"
                                                    on:click=move |_| { asking.set(None); undo(undone_id.clone()); }>
                                                    {move || i18n.t(T::UndoConfirm)}
                                                </button>" "
                                                <button type="button" data-testid="import-undo-cancel" on:click=move |_| asking.set(None)>
                                                    {move || i18n.t(T::Cancel)}
                                                </button>
                                            }
                                        }>
                                        <button type="button" data-testid="import-undo"
                                            on:click={let id = id.clone(); move |_| asking.set(Some(id.clone()))}>
                                            {move || i18n.t(T::Undo)}
                                        </button>
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </Show>
    }
}

/// How far a long import is, as a bar and in words.
#[component]
pub(crate) fn ProgressView(step: Progress) -> impl IntoView {
    let i18n = I18n::expect();
    let label = match step.stage {
        Stage::Reading => T::ProgressReading,
        Stage::Checking => T::ProgressChecking,
        Stage::Planning => T::ProgressPlanning,
        Stage::Writing => T::ProgressWriting,
    };
    let percent = (step.done * 100).checked_div(step.total).unwrap_or(100);
    view! {
        <div class="import-progress" role="status" data-testid="import-progress" data-stage=format!("{:?}", step.stage).to_lowercase()>
            <progress max="100" value=percent></progress>
            <span>{move || format!("{} {percent}%", i18n.t(label))}</span>
        </div>
    }
}

#[component]
fn PlanView<F>(preview: Preview, confirm: F) -> impl IntoView
where
    F: Fn(leptos::ev::MouseEvent) + Copy + 'static,
{
    let i18n = I18n::expect();
    let state = AppState::expect();
    let Preview {
        counts: rows,
        conflicts,
    } = preview;
    view! {
        <h3>{move || i18n.t(T::ImportPlanTitle)}</h3>
        <table class="table" data-testid="import-plan">
            <thead>
                <tr>
                    <th scope="col">{move || i18n.t(T::ColumnKindOfRecord)}</th>
                    <th scope="col" class="num">{move || i18n.t(T::WillAdd)}</th>
                    <th scope="col" class="num">{move || i18n.t(T::WillUpdate)}</th>
                    <th scope="col" class="num">{move || i18n.t(T::Unchanged)}</th>
                    <th scope="col" class="num">{move || i18n.t(T::WillConflict)}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|(kind, c)| view! {
                    <tr data-testid="import-plan-row" data-kind=format!("{kind:?}").to_lowercase()>
                        <th scope="row">{move || i18n.t(kind_text(kind))}</th>
                        <td class="num">{c.add}</td>
                        <td class="num">{c.update}</td>
                        <td class="num">{c.unchanged}</td>
                        <td class="num">{c.conflict}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {(!conflicts.is_empty()).then(|| view! {
            <h3>{move || i18n.t(T::ConflictsTitle)}</h3>
            <ul data-testid="import-conflicts">
                {conflicts.into_iter().map(|c| view! {
                    <li>{move || format!(
                        "{} {} — {}",
                        i18n.t(kind_text(c.kind)),
                        state.ledger.with_untracked(|l| record_title(&c.winner, l, i18n.lang())),
                        i18n.t(if c.local_won { T::KeptLocal } else { T::TookIncoming })
                    )}</li>
                }).collect_view()}
            </ul>
        })}
        <div class="actions">
            <button type="button" class="primary" data-testid="import-confirm" on:click=confirm>{move || i18n.t(T::ImportConfirmExchange)}</button>
        </div>
    }
}
