//! The steps of working a petition (PRODUCT §2.3, §4 revision 2): each a small form that
//! applies one domain step to the petition as opened and saves it through
//! `Working::commit`. Deadlines come from the calendar of rest days this device keeps.

use leptos::prelude::*;

use crate::domain::deadline::{decision_due, max_extension};
use crate::domain::fields;
use crate::domain::{
    Acceptance, ActionKind, Calendar, Outcome, Petition, Problem, ProblemKind, ReviewLevel,
    ReviewOutcome, Satisfaction, StepRefused,
};
use crate::i18n::{
    acceptance_text, outcome_text, review_level_text, review_outcome_text, satisfaction_text, T,
};
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

/// This device's calendar of rest days, as it is now.
fn calendar() -> Calendar {
    AppState::expect().calendar.get_untracked()
}

/// A date typed into `value`, or the problem of `field` when it is not a date.
fn date_of(value: RwSignal<String>, field: &str) -> Result<chrono::NaiveDate, Problem> {
    parse_date_input(&value.get_untracked())
        .ok_or_else(|| problem(field, ProblemKind::NotARealDate))
}

/// Applies a step that the domain may refuse: saves the petition, or shows the refusal at
/// its field.
fn commit_step(
    working: Working,
    p: Petition,
    step: Result<(), StepRefused>,
    done: impl FnOnce() + 'static,
) {
    match step {
        Ok(()) => working.commit(p, Vec::new(), done),
        Err(refused) => working.problems.set(refused.problems()),
    }
}

/// The decision on a case not yet decided: accept (the deadline then runs from acceptance),
/// not accept with the reason, or forward to the body named; with the day the petitioner
/// was told.
#[component]
pub fn AcceptForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let decision = RwSignal::new(Some(Acceptance::Accepted));
    let on = RwSignal::new(today().to_string());
    let note = RwSignal::new(String::new());
    let notified = RwSignal::new(today().to_string());
    let kept = keep_step(
        working,
        "accept",
        vec![
            (
                "decision",
                keyed(decision, Acceptance::key, Acceptance::from_key),
            ),
            ("on", on),
            ("note", note),
            ("notified", notified),
        ],
    );
    let decide_by = working
        .copy()
        .map(|p| decision_due(p.received_on, &calendar()));
    let hint = Signal::derive(move || {
        let lang = i18n.lang();
        match decide_by {
            Some(by) => format!(
                "{}{}",
                T::AcceptDecisionBy.get(lang),
                crate::i18n::format_date(by, lang)
            ),
            None => String::new(),
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let Some(chosen) = decision.get_untracked() else {
            working
                .problems
                .set(vec![problem("acceptance", ProblemKind::Required)]);
            return;
        };
        let day = match date_of(on, "accepted_on") {
            Ok(day) => day,
            Err(found) => return working.problems.set(vec![found]),
        };
        let told = parse_date_input(&notified.get_untracked());
        p.decide(
            chosen,
            day,
            note.get_untracked().trim().to_string(),
            told,
            &calendar(),
            &stamp,
        );
        working.commit(p, Vec::new(), move || kept.forget());
    };
    view! {
        <form class="action-form" data-testid="accept-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::AcceptTitle)}</h3>
            <p class="hint">{move || i18n.t(T::AcceptHint)}</p>
            <DraftNotice draft=kept/>
            <EnumSelect label=fields::ACCEPTANCE testid="petition-accept-decision" value=decision
                all=Acceptance::ALL key=Acceptance::key from_key=Acceptance::from_key name=acceptance_text
                problems=working.problems field="acceptance"/>
            <DateInput label=fields::ACCEPTED_ON testid="petition-accept-on" value=on
                problems=working.problems field="accepted_on" max=today().to_string() hint/>
            <TextInput label=fields::ACCEPTANCE_NOTE testid="petition-accept-note" value=note
                problems=working.problems field="acceptance_note" maxlength=500 hint=T::AcceptNoteHint/>
            <DateInput label=fields::NOTIFIED_ON testid="petition-accept-notified" value=notified
                problems=working.problems field="notified_on" max=today().to_string()/>
            <button type="submit" data-testid="petition-accept-save">{move || i18n.t(T::AcceptSave)}</button>
        </form>
    }
}

#[component]
pub fn AssignForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let opened = working.copy();
    let office = RwSignal::new(
        opened
            .as_ref()
            .and_then(|p| p.assigned_to.as_deref().map(str::to_string))
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
        let leader_name = leader.get_untracked().trim().to_string();
        p.assign(office_id, leader_name, day, &stamp);
        working.commit(p, found, move || kept.forget());
    };
    view! {
        <form class="action-form" data-testid="assign-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::AssignTitle)}</h3>
            <DraftNotice draft=kept/>
            <div>
                <OfficeSelect testid="petition-assign-office" value=office label=fields::ASSIGNED_TO blank=T::Choose/>
                <FieldError problems=working.problems field="assigned_to"/>
            </div>
            <TextInput label=fields::LEADER testid="petition-assign-leader" value=leader
                problems=working.problems field="leader" maxlength=50/>
            <DateInput label=fields::ASSIGNED_ON testid="petition-assign-on" value=on
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
    let approver = RwSignal::new(String::new());
    let kept = keep_step(
        working,
        "extend",
        vec![("to", to), ("reason", reason), ("approver", approver)],
    );
    let latest = working.copy().map(|p| max_extension(p.due_on, &calendar()));
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
        let step = p.extend(
            day,
            reason.get_untracked().trim().to_string(),
            approver.get_untracked().trim().to_string(),
            &calendar(),
            &stamp,
        );
        commit_step(working, p, step, move || {
            to.set(String::new());
            reason.set(String::new());
            approver.set(String::new());
            kept.forget();
        });
    };
    view! {
        <form class="action-form" data-testid="extend-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::ExtendTitle)}</h3>
            <DraftNotice draft=kept/>
            <DateInput label=fields::EXTENDED_TO testid="petition-extend-to" value=to
                problems=working.problems field="extended_to"
                max=latest.map(|d| d.to_string()).unwrap_or_default() hint/>
            <TextInput label=fields::EXTENSION_REASON testid="petition-extend-reason" value=reason
                problems=working.problems field="extension_reason" maxlength=500/>
            <TextInput label=fields::EXTENSION_APPROVED_BY testid="petition-extend-approver" value=approver
                problems=working.problems field="extension_approved_by" maxlength=50 hint=T::ExtendApproverHint/>
            <button type="submit" data-testid="petition-extend-save">{move || i18n.t(T::ExtendSave)}</button>
        </form>
    }
}

/// A written reply (with its date: the 30 days for a 复查 run from it), a note, or a
/// reminder to the handling office (催办).
#[component]
pub fn EntryForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let kind = RwSignal::new(Some(ActionKind::Reply));
    let text = RwSignal::new(String::new());
    let on = RwSignal::new(today().to_string());
    const ENTRY_KINDS: &[ActionKind] = &[ActionKind::Reply, ActionKind::Note, ActionKind::Urged];
    let kind_text = keyed(kind, ActionKind::key, ActionKind::from_key);
    let kept = keep_step(
        working,
        "entry",
        vec![("kind", kind_text), ("text", text), ("on", on)],
    );
    let replying = move || kind.get() == Some(ActionKind::Reply);
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
        match kind.get_untracked().unwrap_or(ActionKind::Note) {
            ActionKind::Reply => match date_of(on, "replied_on") {
                Ok(day) => p.reply(day, body, &stamp),
                Err(found) => return working.problems.set(vec![found]),
            },
            ActionKind::Urged => p.urge(body, &stamp),
            other => p.add_entry(other, body, &stamp),
        }
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
            <Show when=replying>
                <DateInput label=fields::REPLIED_ON testid="petition-entry-on" value=on
                    problems=working.problems field="replied_on" max=today().to_string()/>
            </Show>
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
        p.conclude(day, result, rating, &stamp);
        working.commit(p, Vec::new(), move || kept.forget());
    };
    view! {
        <form class="action-form" data-testid="conclude-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::ConcludeTitle)}</h3>
            <DraftNotice draft=kept/>
            <DateInput label=fields::CONCLUDED_ON testid="petition-conclude-on" value=on
                problems=working.problems field="concluded_on" max=today().to_string()/>
            <EnumSelect label=fields::OUTCOME testid="petition-conclude-outcome" value=outcome
                all=Outcome::ALL key=Outcome::key from_key=Outcome::from_key name=outcome_text
                problems=working.problems field="outcome" blank=T::Choose/>
            <EnumSelect label=fields::SATISFACTION testid="petition-conclude-satisfaction" value=satisfaction
                all=Satisfaction::ALL key=Satisfaction::key from_key=Satisfaction::from_key
                name=satisfaction_text problems=working.problems field="satisfaction" blank=T::NotRated/>
            <button type="submit" data-testid="petition-conclude-save">{move || i18n.t(T::ConcludeSave)}</button>
        </form>
    }
}

/// Reopens a concluded case with a new due date: 60 days from reopening unless changed.
#[component]
pub fn ReopenForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let reason = RwSignal::new(String::new());
    let due = RwSignal::new(Petition::reopened_due(today(), &calendar()).to_string());
    let kept = keep_step(working, "reopen", vec![("reason", reason), ("due", due)]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let why = reason.get_untracked().trim().to_string();
        let mut found = Vec::new();
        if why.is_empty() {
            found.push(problem("reopen_reason", ProblemKind::Required));
        }
        let new_due = date_of(due, "due_on");
        if let Err(bad) = &new_due {
            found.push(bad.clone());
        }
        let (true, Ok(new_due)) = (found.is_empty(), new_due) else {
            return working.problems.set(found);
        };
        p.reopen(why, new_due, &stamp);
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
            <DateInput label=fields::DUE_ON testid="petition-reopen-due" value=due
                problems=working.problems field="due_on"
                hint=Signal::derive(move || i18n.t(T::ReopenDueHint).to_string())/>
            <button type="submit" data-testid="petition-reopen-save">{move || i18n.t(T::ReopenSave)}</button>
        </form>
    }
}

/// A supervision (督办) by this office, with the day the handling office must report by.
#[component]
pub fn SuperviseForm(working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let on = RwSignal::new(today().to_string());
    let report_by = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let kept = keep_step(
        working,
        "supervise",
        vec![("on", on), ("report_by", report_by), ("note", note)],
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let (day, by) = match (
            date_of(on, "supervisions.on"),
            date_of(report_by, "supervisions.report_by"),
        ) {
            (Ok(day), Ok(by)) => (day, by),
            (first, second) => {
                return working
                    .problems
                    .set([first.err(), second.err()].into_iter().flatten().collect())
            }
        };
        let office = state.office_id();
        p.supervise(
            day,
            office,
            by,
            note.get_untracked().trim().to_string(),
            &stamp,
        );
        working.commit(p, Vec::new(), move || {
            report_by.set(String::new());
            note.set(String::new());
            kept.forget();
        });
    };
    view! {
        <form class="action-form" data-testid="supervise-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::SuperviseTitle)}</h3>
            <DraftNotice draft=kept/>
            <DateInput label=fields::SUPERVISION_ON testid="petition-supervise-on" value=on
                problems=working.problems field="supervisions.on" max=today().to_string()/>
            <DateInput label=fields::SUPERVISION_REPORT_BY testid="petition-supervise-report-by" value=report_by
                problems=working.problems field="supervisions.report_by"/>
            <TextInput label=fields::SUPERVISION_NOTE testid="petition-supervise-note" value=note
                problems=working.problems field="supervisions.note" maxlength=500/>
            <button type="submit" data-testid="petition-supervise-save">{move || i18n.t(T::SuperviseSave)}</button>
        </form>
    }
}

/// The handling office's answer to an open supervision.
#[component]
pub fn AnswerSupervisionForm(working: Working, id: String) -> impl IntoView {
    let i18n = I18n::expect();
    let on = RwSignal::new(today().to_string());
    let note = RwSignal::new(String::new());
    let kept = keep_step(
        working,
        &format!("answer:{id}"),
        vec![("on", on), ("note", note)],
    );
    let id = StoredValue::new(id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let day = match date_of(on, "supervisions.answered_on") {
            Ok(day) => day,
            Err(found) => return working.problems.set(vec![found]),
        };
        let step = p.answer_supervision(
            &id.get_value(),
            day,
            note.get_untracked().trim().to_string(),
            &stamp,
        );
        commit_step(working, p, step, move || kept.forget());
    };
    view! {
        <form class="action-form" data-testid="answer-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::SuperviseAnswerTitle)}</h3>
            <DraftNotice draft=kept/>
            <DateInput label=fields::SUPERVISION_ANSWERED_ON testid="petition-supervision-answer-on" value=on
                problems=working.problems field="supervisions.answered_on" max=today().to_string()/>
            <TextInput label=T::FieldEntryText testid="petition-supervision-answer-note" value=note
                problems=working.problems field="supervisions.note" maxlength=500/>
            <button type="submit" data-testid="petition-supervision-answer-save">{move || i18n.t(T::SuperviseAnswerSave)}</button>
        </form>
    }
}

/// A 复查 or 复核 asked for: the level, the day, the office that handles it.
#[component]
pub fn ReviewForm(working: Working, level: ReviewLevel) -> impl IntoView {
    let i18n = I18n::expect();
    let chosen = RwSignal::new(Some(level));
    let requested_on = RwSignal::new(today().to_string());
    let office = RwSignal::new(String::new());
    let kept = keep_step(
        working,
        "review",
        vec![
            (
                "level",
                keyed(chosen, ReviewLevel::key, ReviewLevel::from_key),
            ),
            ("requested_on", requested_on),
            ("office", office),
        ],
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let day = match date_of(requested_on, "reviews.requested_on") {
            Ok(day) => day,
            Err(found) => return working.problems.set(vec![found]),
        };
        let office_id = office.get_untracked();
        if office_id.is_empty() {
            return working
                .problems
                .set(vec![problem("reviews.office_id", ProblemKind::Required)]);
        }
        let level = chosen.get_untracked().unwrap_or(ReviewLevel::Review);
        let step = p.request_review(level, day, office_id, &calendar(), &stamp);
        commit_step(working, p, step, move || kept.forget());
    };
    view! {
        <form class="action-form" data-testid="review-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::ReviewTitle)}</h3>
            <p class="hint">{move || i18n.t(T::ReviewHint)}</p>
            <DraftNotice draft=kept/>
            <EnumSelect label=fields::REVIEW_LEVEL testid="petition-review-level" value=chosen
                all=ReviewLevel::ALL key=ReviewLevel::key from_key=ReviewLevel::from_key name=review_level_text
                problems=working.problems field="reviews.level"/>
            <DateInput label=fields::REVIEW_REQUESTED_ON testid="petition-review-requested-on" value=requested_on
                problems=working.problems field="reviews.requested_on" max=today().to_string()/>
            <div>
                <OfficeSelect testid="petition-review-office" value=office label=fields::REVIEW_OFFICE blank=T::Choose/>
                <FieldError problems=working.problems field="reviews.office_id"/>
            </div>
            <button type="submit" data-testid="petition-review-save">{move || i18n.t(T::ReviewSave)}</button>
        </form>
    }
}

/// The opinion of the open 复查 or 复核.
#[component]
pub fn ReviewConcludeForm(working: Working, id: String) -> impl IntoView {
    let i18n = I18n::expect();
    let on = RwSignal::new(today().to_string());
    let outcome = RwSignal::new(None::<ReviewOutcome>);
    let note = RwSignal::new(String::new());
    let kept = keep_step(
        working,
        &format!("review:{id}"),
        vec![
            ("on", on),
            (
                "outcome",
                keyed(outcome, ReviewOutcome::key, ReviewOutcome::from_key),
            ),
            ("note", note),
        ],
    );
    let id = StoredValue::new(id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(mut p), Some(stamp)) = (working.copy(), stamp()) else {
            return;
        };
        let day = match date_of(on, "reviews.concluded_on") {
            Ok(day) => day,
            Err(found) => return working.problems.set(vec![found]),
        };
        let Some(decided) = outcome.get_untracked() else {
            return working.problems.set(vec![problem(
                "reviews.outcome",
                ProblemKind::OutcomeRequired,
            )]);
        };
        let step = p.conclude_review(
            &id.get_value(),
            day,
            decided,
            note.get_untracked().trim().to_string(),
            &stamp,
        );
        commit_step(working, p, step, move || kept.forget());
    };
    view! {
        <form class="action-form" data-testid="review-conclude-form" on:submit=submit novalidate>
            <h3>{move || i18n.t(T::ReviewConcludeTitle)}</h3>
            <DraftNotice draft=kept/>
            <DateInput label=fields::REVIEW_CONCLUDED_ON testid="petition-review-concluded-on" value=on
                problems=working.problems field="reviews.concluded_on" max=today().to_string()/>
            <EnumSelect label=fields::REVIEW_OUTCOME testid="petition-review-outcome" value=outcome
                all=ReviewOutcome::ALL key=ReviewOutcome::key from_key=ReviewOutcome::from_key name=review_outcome_text
                problems=working.problems field="reviews.outcome" blank=T::Choose/>
            <TextInput label=fields::REVIEW_NOTE testid="petition-review-note" value=note
                problems=working.problems field="reviews.note" maxlength=500/>
            <button type="submit" data-testid="petition-review-conclude-save">{move || i18n.t(T::ReviewConcludeSave)}</button>
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
