//! `/exchange/conflicts`: each record that two offices edited apart from the same version,
//! with the version the ledger holds now beside the one the merge set aside, field by
//! field; the set-aside one can be restored (it becomes a new version) or let go. Below,
//! each set of tallies of one office, metric, day and campaign entered twice: the figures
//! count one; keeping one deletes the others.

use leptos::prelude::*;

use crate::domain::tallies::duplicate_tallies;
use crate::domain::{AnyRecord, RecordKind, Tally};
use crate::exchange::{differences, KeptConflict};
use crate::i18n::{field_value_text, petition_field_label, record_title, Lang, T};
use crate::ui::components::form::StorageAlert;
use crate::ui::errors::storage_message;
use crate::ui::pages::exchange::kind_text;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// The label of a field of the file format, where it has one: a petition's from the field
/// table, the others' from the forms.
fn field_label(kind: RecordKind, field: &str, lang: Lang) -> Option<&'static str> {
    if kind == RecordKind::Petition {
        if let Some(label) = petition_field_label(field, lang) {
            return Some(label);
        }
    }
    let text = match (kind, field) {
        (RecordKind::Campaign, "name") => T::CampaignName,
        (RecordKind::Tally, "metric") => T::FieldMetric,
        (RecordKind::Tally, "on") => T::FieldDate,
        (RecordKind::Tally, "value") => T::FieldValue,
        (RecordKind::Tally, "campaign_id") => T::FieldCampaign,
        (RecordKind::Tally, "office_id") => T::FieldOffice,
        (RecordKind::Tally, "note") => T::FieldNote,
        (_, "deleted") => T::FieldDeleted,
        _ => return None,
    };
    Some(text.get(lang))
}

#[component]
pub fn ConflictsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let kept = RwSignal::new(None::<Vec<KeptConflict>>);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        match state.db().conflicts::<KeptConflict>().await {
            Ok(mut found) => {
                found.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
                kept.set(Some(found));
            }
            Err(error) => problem.set(Some(storage_message(&error, i18n.lang()))),
        }
    });

    let settle = move |conflict: KeptConflict, restore: bool| {
        let lang = i18n.lang();
        let records = if restore {
            let Some(stamp) = state.stamp() else {
                return;
            };
            let current = state
                .ledger
                .with_untracked(|l| l.get_any(conflict.kind, &conflict.record_id));
            match current.and_then(|current| conflict.restore(&current, &stamp)) {
                Some(restored) => vec![restored],
                None => {
                    problem.set(Some(T::ConflictRecordGone.get(lang).to_string()));
                    return;
                }
            }
        } else {
            Vec::new()
        };
        let id = conflict.id.clone();
        leptos::task::spawn_local(async move {
            let forget = id.clone();
            let written = state
                .save_and(records, move |batch| {
                    batch.forget_conflict(&forget);
                    Ok(())
                })
                .await;
            match written {
                Ok(()) => {
                    kept.update(|k| {
                        if let Some(k) = k {
                            k.retain(|c| c.id != id);
                        }
                    });
                    problem.set(None);
                    let text = if restore {
                        T::ConflictRestored
                    } else {
                        T::ConflictDismissed
                    };
                    done.set(Some(text.get(lang).to_string()));
                }
                Err(error) => problem.set(Some(storage_message(&error, lang))),
            }
        });
    };

    let has_duplicates = Memo::new(move |_| {
        state
            .ledger
            .with(|l| !duplicate_tallies(l.tallies.values()).is_empty())
    });
    view! {
        <section class="page conflicts-page">
            <div class="page-head">
                <h1 data-testid="page-title">{move || i18n.t(T::ConflictsPageTitle)}</h1>
                <a href="/exchange">{move || i18n.t(T::BackToExchange)}</a>
            </div>
            <p class="intro">{move || i18n.t(T::ConflictsIntro)}</p>
            <StorageAlert message=problem/>
            <Show when=move || done.with(Option::is_some)>
                <p class="saved" role="status" data-testid="conflict-done">{move || done.get().unwrap_or_default()}</p>
            </Show>
            {move || kept.get().map(|kept| if kept.is_empty() && !has_duplicates.get() {
                view! { <p class="hint" data-testid="no-conflicts">{move || i18n.t(T::NoConflicts)}</p> }.into_any()
            } else {
                kept.into_iter().map(|conflict| view! { <ConflictView conflict settle/> }).collect_view().into_any()
            })}
            <DuplicateTallies problem done/>
        </section>
    }
}

#[component]
fn ConflictView<F>(conflict: KeptConflict, settle: F) -> impl IntoView
where
    F: Fn(KeptConflict, bool) + Copy + Send + Sync + 'static,
{
    let i18n = I18n::expect();
    let state = AppState::expect();
    let kind = conflict.kind;
    let current = Memo::new({
        let id = conflict.record_id.clone();
        move |_| state.ledger.with(|l| l.get_any(kind, &id))
    });
    let other = conflict.set_aside.clone();
    let compared = conflict.set_aside.clone();
    let at = conflict.at;
    let file = conflict.file_name.clone();
    let side = if conflict.local_won {
        T::ConflictOursKept
    } else {
        T::ConflictTheirsTaken
    };
    let only_log = Memo::new({
        let compared = conflict.set_aside.clone();
        move |_| {
            current.with(|c| {
                c.as_ref()
                    .is_some_and(|c| differences(c, &compared).is_empty())
            })
        }
    });
    let (restore, dismiss) = (conflict.clone(), conflict);
    view! {
        <article class="conflict" data-testid="conflict">
            <h2>{move || format!("{} {}", i18n.t(kind_text(kind)), state.ledger.with(|l| record_title(&other, l, i18n.lang())))}</h2>
            <p class="hint">{move || format!("{} · {} · {}", i18n.moment(at), file, i18n.t(side))}</p>
            {
                move || current.get().map(|current| {
                    let rows = differences(&current, &compared);
                    if rows.is_empty() {
                        // Only the log or the time of the change differ: the log merges
                        // from both sides, so there is nothing to decide.
                        return view! {
                            <p class="notice" data-testid="conflict-same">{move || i18n.t(T::ConflictOnlyLog)}</p>
                        }.into_any();
                    }
                    let value = move |field: &str, text: &str| {
                        state.ledger.with_untracked(|l| field_value_text(kind, field, text, l, i18n.lang()))
                    };
                    view! {
                        <table class="table diff" data-testid="conflict-diff">
                            <thead>
                                <tr>
                                    <th scope="col">{move || i18n.t(T::ConflictField)}</th>
                                    <th scope="col">{move || format!("{}（{} {}）", i18n.t(T::ConflictCurrent), i18n.t(T::VersionShort), current.meta().version)}</th>
                                    <th scope="col">{move || i18n.t(T::ConflictOther)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|d| {
                                    let field = d.field.clone();
                                    let (now, then) = (value(&d.field, &d.current), value(&d.field, &d.other));
                                    view! {
                                        <tr data-testid="conflict-field" data-field=d.field.clone()>
                                            <th scope="row">{move || field_label(kind, &field, i18n.lang()).map(str::to_string).unwrap_or_else(|| field.clone())}</th>
                                            <td>{now}</td>
                                            <td class="other">{then}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                })
            }
            <div class="actions">
                <Show when=move || !only_log.get()>
                    <button type="button" class="primary" data-testid="conflict-restore"
                        on:click={let restore = restore.clone(); move |_| settle(restore.clone(), true)}>{move || i18n.t(T::ConflictRestore)}</button>
                </Show>
                <button type="button" data-testid="conflict-keep"
                    on:click=move |_| settle(dismiss.clone(), false)>
                    {move || i18n.t(if only_log.get() { T::ConflictUnderstood } else { T::ConflictKeep })}
                </button>
            </div>
        </article>
    }
}

/// The sets of tallies entered twice for one day (PRODUCT §3), each with the one the
/// figures count first; keeping one deletes the others as an edit that travels.
#[component]
fn DuplicateTallies(
    problem: RwSignal<Option<String>>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let sets = Memo::new(move |_| {
        state.ledger.with(|l| {
            duplicate_tallies(l.tallies.values())
                .into_iter()
                .map(|set| set.into_iter().cloned().collect::<Vec<Tally>>())
                .collect::<Vec<_>>()
        })
    });
    let keep = move |kept: Tally, set: Vec<Tally>| {
        let Some(stamp) = state.stamp() else {
            return;
        };
        let others = set
            .into_iter()
            .filter(|t| t.meta.id != kept.meta.id)
            .map(|mut t| {
                t.meta.tombstone(&stamp);
                AnyRecord::Tally(t)
            });
        let records: Vec<AnyRecord> = others.collect();
        leptos::task::spawn_local(async move {
            let lang = i18n.lang();
            match state.save(records).await {
                Ok(()) => {
                    problem.set(None);
                    done.set(Some(T::DuplicateKept.get(lang).to_string()));
                }
                Err(error) => problem.set(Some(storage_message(&error, lang))),
            }
        });
    };
    view! {
        <Show when=move || sets.with(|s| !s.is_empty())>
            <h2>{move || i18n.t(T::DuplicateTalliesTitle)}</h2>
            <p class="intro">{move || i18n.t(T::DuplicateTalliesIntro)}</p>
        </Show>
        {move || sets.get().into_iter().map(|set| view! {
            <article class="conflict" data-testid="duplicate-tallies">
                <h3>{
                    let first = AnyRecord::Tally(set[0].clone());
                    move || state.ledger.with(|l| record_title(&first, l, i18n.lang()))
                }</h3>
                <table class="table duplicates">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(T::FieldValue)}</th>
                            <th scope="col">{move || i18n.t(T::FieldNote)}</th>
                            <th scope="col">{move || i18n.t(T::DuplicateChanged)}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>
                        {set.iter().enumerate().map(|(i, t)| {
                            let (kept, all) = (t.clone(), set.clone());
                            let changed = t.meta.updated_at;
                            view! {
                                <tr data-testid="duplicate-tally" data-counted=(i == 0).to_string()>
                                    <td>{t.value.to_string()}{(i == 0).then(|| view! { " " <span class="status">{move || i18n.t(T::DuplicateCounted)}</span> })}</td>
                                    <td>{t.note.clone()}</td>
                                    <td>{move || i18n.moment(changed)}</td>
                                    <td><button type="button" data-testid="duplicate-keep"
                                        on:click=move |_| keep(kept.clone(), all.clone())>{move || i18n.t(T::DuplicateKeep)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </article>
        }).collect_view()}
    }
}
