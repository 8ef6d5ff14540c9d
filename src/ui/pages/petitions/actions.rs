//! The steps of working a petition (PRODUCT §2.3): each a small form that applies one
//! domain step to the petition as opened and saves it through `Working::commit`.

use leptos::prelude::*;

use crate::domain::deadline::max_extension;
use crate::domain::{ActionKind, Outcome, Problem, ProblemKind, Satisfaction};
use crate::i18n::{outcome_text, satisfaction_text, T};
use crate::ui::clock::{parse_date_input, today};
use crate::ui::components::choices::OfficeSelect;
use crate::ui::components::draft::{DraftNotice, FormValues, KeptDraft};
use crate::ui::components::form::FieldError;
use crate::ui::components::inputs::{DateInput, EnumSelect, TextInput};
use crate::ui::pages::petitions::detail::Working;
use crate::ui::pages::petitions::fields::{due_line, PetitionDraft, PetitionFields};
use crate::ui::state::AppState;
use crate::ui::I18n;

fn problem(field: &str, kind: ProblemKind) -> Problem {
    Problem {
        field: field.into(),
        kind,
    }
}

/// Keeps what is typed into a step's form for this petition until the step is saved or the
/// draft discarded (`petition:<id>:<form>`).
fn keep_step(
    working: Working,
    form: &str,
    fields: Vec<(&'static str, RwSignal<String>)>,
) -> KeptDraft {
    let id = working.copy().map(|p| p.meta.id).unwrap_or_default();
    let read = fields.clone();
    KeptDraft::new(
        format!("petition:{id}:{form}"),
        move || {
            read.iter()
                .map(|(name, value)| (name.to_string(), value.get()))
                .collect()
        },
        move |values: &FormValues| {
            for (name, value) in &fields {
                value.set(values.get(*name).cloned().unwrap_or_default());
            }
        },
    )
}

/// A closed-set signal as text, for a kept draft; each follows the other, and neither is
/// set to what it already holds (which would wake the other again).
fn keyed<K: Copy + Send + Sync + 'static>(
    value: RwSignal<Option<K>>,
    key: fn(&K) -> &'static str,
    from_key: fn(&str) -> Option<K>,
) -> RwSignal<String> {
    let as_text = move |v: Option<K>| v.map(|k| key(&k).to_string()).unwrap_or_default();
    let text = RwSignal::new(as_text(value.get_untracked()));
    Effect::new(move |_| {
        let now = as_text(value.get());
        if text.with_untracked(|t| *t != now) {
            text.set(now);
        }
    });
    Effect::new(move |_| {
        let typed = text.get();
        if as_text(value.get_untracked()) != typed {
            value.set(from_key(&typed));
        }
    });
    text
}

/// The session's stamp for a step made now.
fn stamp() -> Option<crate::domain::Stamp> {
    AppState::expect()
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.stamp()))
}

#[component]
pub fn AssignForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let opened = working.copy();
    let office = RwSignal::new(
        opened
            .as_ref()
            .and_then(|p| p.assigned_to.clone())
            .unwrap_or_default(),
    );
    let leader = RwSignal::new(
        opened
            .as_ref()
            .map(|p| p.leader.clone())
            .unwrap_or_default(),
    );
    let on = RwSignal::new(today().to_string());
    let kept = keep_step(
        working,
        "assign",
        vec![("office", office), ("leader", leader), ("on", on)],
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let mut found = Vec::new();
        let office_id = office.get_untracked();
        if office_id.is_empty() {
            found.push(problem("assigned_to", ProblemKind::AssigneeRequired));
        }
        let Some(day) = parse_date_input(&on.get_untracked()) else {
            found.push(problem("assigned_on", ProblemKind::NotARealDate));
            working.problems.set(found);
            return;
        };
        let office_name = state.ledger.with_untracked(|l| {
            l.offices
                .get(&office_id)
                .map(|o| o.name.clone())
                .unwrap_or_default()
        });
        let leader_name = leader.get_untracked().trim().to_string();
        let lang = i18n.lang();
        let text = if leader_name.is_empty() {
            office_name
        } else {
            format!(
                "{office_name}；{}{}{leader_name}",
                T::FieldLeader.get(lang),
                lang.colon()
            )
        };
        p.assign(office_id, leader_name, day, text, &stamp);
        working.commit(p, found, move || kept.forget());
    };
    view! {
        <form class="action-form" data-testid="assign-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::AssignTitle)}</h3>
            <DraftNotice draft=kept/>
            <div>
                <OfficeSelect testid="petition-assign-office" value=office label=T::FieldAssignedTo blank=T::Choose/>
                <FieldError problems=working.problems field="assigned_to"/>
            </div>
            <TextInput label=T::FieldLeader testid="petition-assign-leader" value=leader
                problems=working.problems field="leader" maxlength=50/>
            <DateInput label=T::FieldAssignedOn testid="petition-assign-on" value=on
                problems=working.problems field="assigned_on" max=today().to_string()/>
            <button type="submit" data-testid="petition-assign-save">{move || i18n.t(T::AssignSave)}</button>
        </form>
    }
}

#[component]
pub fn ExtendForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let kept = keep_step(working, "extend", vec![("to", to), ("reason", reason)]);
    let latest = working.copy().map(|p| max_extension(p.due_on));
    let hint = Signal::derive(move || {
        let lang = i18n.lang();
        match latest {
            Some(latest) => format!(
                "{} {}",
                T::ExtendHint.get(lang),
                crate::i18n::format_date(latest, lang)
            ),
            None => T::ExtendHint.get(lang).to_string(),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let Some(day) = parse_date_input(&to.get_untracked()) else {
            working
                .problems
                .set(vec![problem("extended_to", ProblemKind::Required)]);
            return;
        };
        p.extend(day, reason.get_untracked().trim().to_string(), &stamp);
        working.commit(p, Vec::new(), move || {
            to.set(String::new());
            reason.set(String::new());
            kept.forget();
        });
    };
    view! {
        <form class="action-form" data-testid="extend-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::ExtendTitle)}</h3>
            <DraftNotice draft=kept/>
            <DateInput label=T::FieldExtendedTo testid="petition-extend-to" value=to
                problems=working.problems field="extended_to"
                max=latest.map(|d| d.to_string()).unwrap_or_default() hint/>
            <TextInput label=T::FieldExtensionReason testid="petition-extend-reason" value=reason
                problems=working.problems field="extension_reason" maxlength=500/>
            <button type="submit" data-testid="petition-extend-save">{move || i18n.t(T::ExtendSave)}</button>
        </form>
    }
}

#[component]
pub fn EntryForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let kind = RwSignal::new(Some(ActionKind::Reply));
    let text = RwSignal::new(String::new());
    const ENTRY_KINDS: &[ActionKind] = &[ActionKind::Reply, ActionKind::Note];
    let kind_text = keyed(kind, ActionKind::key, ActionKind::from_key);
    let kept = keep_step(working, "entry", vec![("kind", kind_text), ("text", text)]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let body = text.get_untracked().trim().to_string();
        if body.is_empty() {
            working
                .problems
                .set(vec![problem("entry_text", ProblemKind::Required)]);
            return;
        }
        p.add_entry(
            kind.get_untracked().unwrap_or(ActionKind::Note),
            body,
            &stamp,
        );
        working.commit(p, Vec::new(), move || {
            text.set(String::new());
            kept.forget();
        });
    };
    view! {
        <form class="action-form" data-testid="entry-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::EntryTitle)}</h3>
            <DraftNotice draft=kept/>
            <EnumSelect label=T::FieldEntryKind testid="petition-entry-kind" value=kind
                all=ENTRY_KINDS key=ActionKind::key from_key=ActionKind::from_key
                name=crate::i18n::action_kind_text problems=working.problems field="entry_kind"/>
            <div class="field">
                <label for="petition-entry-text">{move || i18n.t(T::FieldEntryText)}</label>
                <textarea id="petition-entry-text" data-testid="petition-entry-text" rows="2" maxlength="5000"
                    prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <FieldError problems=working.problems field="entry_text"/>
            </div>
            <button type="submit" data-testid="petition-entry-save">{move || i18n.t(T::EntrySave)}</button>
        </form>
    }
}

#[component]
pub fn ConcludeForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let on = RwSignal::new(today().to_string());
    let outcome = RwSignal::new(None::<Outcome>);
    let satisfaction = RwSignal::new(None::<Satisfaction>);
    let kept = keep_step(
        working,
        "conclude",
        vec![
            ("on", on),
            ("outcome", keyed(outcome, Outcome::key, Outcome::from_key)),
            (
                "satisfaction",
                keyed(satisfaction, Satisfaction::key, Satisfaction::from_key),
            ),
        ],
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let Some(day) = parse_date_input(&on.get_untracked()) else {
            working
                .problems
                .set(vec![problem("concluded_on", ProblemKind::NotARealDate)]);
            return;
        };
        let Some(result) = outcome.get_untracked() else {
            working
                .problems
                .set(vec![problem("outcome", ProblemKind::OutcomeRequired)]);
            return;
        };
        let rating = satisfaction.get_untracked();
        let lang = i18n.lang();
        let text = format!(
            "{}；{}{}{}",
            outcome_text(result).get(lang),
            T::FieldSatisfaction.get(lang),
            lang.colon(),
            rating
                .map(satisfaction_text)
                .unwrap_or(T::NotRated)
                .get(lang)
        );
        p.conclude(day, result, rating, text, &stamp);
        working.commit(p, Vec::new(), move || kept.forget());
    };
    view! {
        <form class="action-form" data-testid="conclude-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::ConcludeTitle)}</h3>
            <DraftNotice draft=kept/>
            <DateInput label=T::FieldConcludedOn testid="petition-conclude-on" value=on
                problems=working.problems field="concluded_on" max=today().to_string()/>
            <EnumSelect label=T::FieldOutcome testid="petition-conclude-outcome" value=outcome
                all=Outcome::ALL key=Outcome::key from_key=Outcome::from_key name=outcome_text
                problems=working.problems field="outcome" blank=T::Choose/>
            <EnumSelect label=T::FieldSatisfaction testid="petition-conclude-satisfaction" value=satisfaction
                all=Satisfaction::ALL key=Satisfaction::key from_key=Satisfaction::from_key
                name=satisfaction_text problems=working.problems field="satisfaction" blank=T::NotRated/>
            <button type="submit" data-testid="petition-conclude-save">{move || i18n.t(T::ConcludeSave)}</button>
        </form>
    }
}

#[component]
pub fn ReopenForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let reason = RwSignal::new(String::new());
    let kept = keep_step(working, "reopen", vec![("reason", reason)]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let why = reason.get_untracked().trim().to_string();
        if why.is_empty() {
            working
                .problems
                .set(vec![problem("reopen_reason", ProblemKind::Required)]);
            return;
        }
        p.reopen(why, &stamp);
        working.commit(p, Vec::new(), move || {
            reason.set(String::new());
            kept.forget();
        });
    };
    view! {
        <form class="action-form" data-testid="reopen-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::ReopenTitle)}</h3>
            <DraftNotice draft=kept/>
            <TextInput label=T::FieldReopenReason testid="petition-reopen-reason" value=reason
                problems=working.problems field="reopen_reason" maxlength=500/>
            <button type="submit" data-testid="petition-reopen-save">{move || i18n.t(T::ReopenSave)}</button>
        </form>
    }
}

/// Corrects the registered details; logged as an edit.
#[component]
pub fn EditForm(working: Working, editing: RwSignal<bool>) -> impl IntoView {
    let i18n = I18n::expect();
    let draft = PetitionDraft::blank(today());
    if let Some(p) = working.copy() {
        draft.fill(&p);
    }
    let due = Signal::derive(move || due_line(draft, i18n.lang()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let found = draft.apply(&mut p);
        p.log(ActionKind::Edited, String::new(), &stamp);
        working.commit(p, found, move || editing.set(false));
    };
    view! {
        <form class="petition-form edit-form" data-testid="edit-form" on:submit=submit novalidate>
            <h2>{move || i18n.t(T::Edit)}</h2>
            <PetitionFields draft problems=working.problems due today=today().to_string()/>
            <div class="actions">
                <button type="submit" class="primary" data-testid="petition-edit-save">{move || i18n.t(T::SaveChanges)}</button>
                <button type="button" data-testid="petition-edit-cancel" on:click=move |_| {
                    working.problems.set(Vec::new());
                    editing.set(false);
                }>{move || i18n.t(T::Cancel)}</button>
            </div>
        </form>
    }
}

/// Delete with a confirmation (the petition becomes a tombstone), or restore a deleted one.
#[component]
pub fn DeleteControls(working: Working, deleted: bool) -> impl IntoView {
    let i18n = I18n::expect();
    let asking = RwSignal::new(false);
    let apply = move |delete: bool| {
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        if delete {
            p.delete(&stamp);
        } else {
            p.restore(&stamp);
        }
        working.commit(p, Vec::new(), move || asking.set(false));
    };
    view! {
        <div class="danger-zone">
            {if deleted {
                view! {
                    <button type="button" data-testid="petition-restore" on:click=move |_| apply(false)>
                        {move || i18n.t(T::Restore)}
                    </button>
                }.into_any()
            } else {
                view! {
                    <Show
                        when=move || asking.get()
                        fallback=move || view! {
                            <button type="button" class="danger" data-testid="petition-delete" on:click=move |_| asking.set(true)>
                                {move || i18n.t(T::Delete)}
                            </button>
                        }
                    >
                        <div class="confirm" role="alertdialog" aria-labelledby="delete-question">
                            <p id="delete-question">{move || i18n.t(T::DeleteQuestion)}</p>
                            <button type="button" class="danger" data-testid="petition-delete-confirm" on:click=move |_| apply(true)>
                                {move || i18n.t(T::DeleteConfirm)}
                            </button>
                            <button type="button" on:click=move |_| asking.set(false)>{move || i18n.t(T::Cancel)}</button>
                        </div>
                    </Show>
                }.into_any()
            }}
        </div>
    }
}
