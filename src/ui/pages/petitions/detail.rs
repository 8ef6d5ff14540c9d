//! `/petitions/:id`: one petition, its deadline, its action log and the steps of working it.
//!
//! The page keeps the version it was opened with. Every step is saved against that version,
//! so a change made meanwhile in another tab (or by an import) makes the save refused, with
//! a message and a reload button, instead of overwriting it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::domain::deadline::Timing;
use crate::domain::fields::{self, Field};
use crate::domain::{
    Acceptance, ActionKind, AnyRecord, NoticeKind, OfficeKind, Petition, Problem, ReviewLevel,
    Status,
};
use crate::i18n::{
    acceptance_text, action_kind_text, category_text, channel_text, days_left_text,
    days_overdue_text, field_label, happened_text, notice_text, office_name, outcome_text,
    petition_field_label, review_level_text, review_outcome_text, satisfaction_text, status_text,
    T,
};
use crate::storage::StorageError;
use crate::ui::components::form::{ProblemSummary, Problems, StorageAlert};
use crate::ui::components::operator::OperatorPrompt;
use crate::ui::errors::storage_message;
use crate::ui::pages::petitions::actions::{
    AcceptForm, AnswerSupervisionForm, AssignForm, ConcludeForm, DeleteControls, EditForm,
    EntryForm, ExtendForm, ReopenForm, ReviewConcludeForm, ReviewForm, SuperviseForm,
};
use crate::ui::pages::petitions::fields::{check_petition, PETITION_LABELS};
use crate::ui::state::AppState;
use crate::ui::I18n;

/// What the action forms share: the petition as opened, and how to save a step.
#[derive(Clone, Copy)]
pub struct Working {
    pub opened: RwSignal<Option<Petition>>,
    pub problems: Problems,
    alert: RwSignal<Option<String>>,
    stale: RwSignal<bool>,
}

impl Working {
    /// A copy of the petition as opened, to apply a step to.
    pub fn copy(self) -> Option<Petition> {
        self.opened.get_untracked()
    }

    /// Checks the changed petition against the rules (plus `found`, problems the form saw
    /// itself), then saves it against the version it was opened with. `done` runs after a
    /// successful save (e.g. to clear the form).
    pub fn commit(self, petition: Petition, found: Vec<Problem>, done: impl FnOnce() + 'static) {
        let state = AppState::expect();
        let i18n = I18n::expect();
        let found = check_petition(&petition, found);
        self.alert.set(None);
        self.problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match state
                .save(vec![AnyRecord::Petition(Box::new(petition.clone()))])
                .await
            {
                Ok(()) => {
                    self.opened.set(Some(petition));
                    self.stale.set(false);
                    done();
                }
                Err(error) => {
                    self.stale.set(matches!(error, StorageError::Stale { .. }));
                    self.alert.set(Some(storage_message(&error, i18n.lang())));
                }
            }
        });
    }
}

#[component]
pub fn PetitionPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let stored = Memo::new(move |_| {
        let id = id();
        state.ledger.with(|l| l.petitions.get(id.as_str()).cloned())
    });
    let working = Working {
        opened: RwSignal::new(stored.get_untracked()),
        problems: RwSignal::new(Vec::new()),
        alert: RwSignal::new(None),
        stale: RwSignal::new(false),
    };
    // Another petition in the same view (a link from the log): start from it.
    Effect::new(move |previous: Option<String>| {
        let id = id();
        if previous.is_some_and(|p| p != id) {
            working.opened.set(stored.get_untracked());
            working.problems.set(Vec::new());
        }
        id
    });
    let changed_elsewhere = move || {
        let stored_version = stored.with(|s| s.as_ref().map(|s| s.meta.version));
        let opened_version = working.opened.with(|o| o.as_ref().map(|o| o.meta.version));
        stored_version.is_some() && stored_version != opened_version
    };
    let reload = move |_| {
        working.opened.set(stored.get_untracked());
        working.problems.set(Vec::new());
        working.alert.set(None);
        working.stale.set(false);
    };

    view! {
        <section class="page petition-page">
            {move || match working.opened.get() {
                None => view! {
                    <h1 data-testid="page-title">{move || i18n.t(T::NavPetitions)}</h1>
                    <p data-testid="petition-not-found">{move || i18n.t(T::PetitionNotFound)}</p>
                    <A href="/petitions">{move || i18n.t(T::BackToList)}</A>
                }.into_any(),
                Some(p) => view! { <PetitionView petition=p working/> }.into_any(),
            }}
            <Show when=changed_elsewhere>
                <div class="notice" role="status" data-testid="changed-elsewhere">
                    {move || i18n.t(T::ChangedElsewhere)}
                    " "
                    <button type="button" data-testid="reload-record" on:click=reload>
                        {move || i18n.t(T::Reload)}
                    </button>
                </div>
            </Show>
            <div class="action-messages">
                <ProblemSummary problems=working.problems labels=PETITION_LABELS table=petition_field_label/>
                <StorageAlert message=working.alert/>
                <Show when=move || working.stale.get() && !changed_elsewhere()>
                    <button type="button" data-testid="reload-after-refusal" on:click=reload>
                        {move || i18n.t(T::Reload)}
                    </button>
                </Show>
            </div>
        </section>
    }
}

#[component]
fn PetitionView(petition: Petition, working: Working) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let p = petition;
    let concluded = p.status == Status::Concluded;
    let deleted = p.meta.deleted;
    let handled = !matches!(
        p.acceptance,
        Some(Acceptance::NotAccepted | Acceptance::Forwarded)
    );
    let undecided = p.acceptance.is_none() && !concluded;
    let can_extend = !concluded && handled && p.extended_to.is_none() && p.extension_count() == 0;
    let open_review = p
        .reviews
        .iter()
        .find(|r| r.concluded_on.is_none())
        .map(|r| r.id.clone());
    let next_level = if p
        .reviews
        .iter()
        .any(|r| r.level == ReviewLevel::Review && r.concluded_on.is_some())
    {
        ReviewLevel::Recheck
    } else {
        ReviewLevel::Review
    };
    let can_request_review = open_review.is_none()
        && p.replied_on.is_some()
        && !p.reviews.iter().any(|r| r.level == ReviewLevel::Recheck);
    let committee = state
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.office.kind == OfficeKind::Committee))
        .unwrap_or(false);
    let unanswered: Vec<String> = p
        .supervisions
        .iter()
        .filter(|s| s.answered_on.is_none())
        .map(|s| s.id.clone())
        .collect();
    let title = format!("{} {}", p.serial, p.subject);
    let editing = RwSignal::new(false);
    view! {
        <header class="petition-head">
            <h1 data-testid="page-title">{title}</h1>
            <div class="petition-status">
                <span class=format!("status status-{}", p.status.key()) data-testid="petition-status">
                    {move || i18n.t(status_text(p.status))}
                </span>
                <DueLine petition=p.clone()/>
            </div>
        </header>
        {deleted.then(|| view! {
            <div class="notice" data-testid="petition-deleted">{move || i18n.t(T::DeletedBanner)}</div>
        })}
        {p.redacted.then(|| view! {
            <div class="notice" data-testid="petition-redacted">{move || i18n.t(T::RedactedBanner)}</div>
        })}
        <OperatorPrompt/>
        <div class="petition-columns">
            <div class="petition-main">
                <Show
                    when=move || editing.get()
                    fallback={
                        let p = p.clone();
                        move || view! { <Details petition=p.clone()/> }
                    }
                >
                    <EditForm working editing/>
                </Show>
                <Stages petition=p.clone()/>
                <Notices petition=p.clone()/>
                <ActionLog petition=p.clone()/>
            </div>
            <aside class="petition-actions" aria-label=move || i18n.t(T::StepsPanel)>
                {(!deleted).then(|| view! {
                    <div class="actions">
                        <button type="button" data-testid="petition-edit" on:click=move |_| editing.set(true)
                            disabled=move || editing.get()>
                            {move || i18n.t(T::Edit)}
                        </button>
                    </div>
                    {undecided.then(|| view! { <AcceptForm working/> })}
                    {(!concluded && handled).then(|| view! { <AssignForm working/> })}
                    {can_extend.then(|| view! { <ExtendForm working/> })}
                    <EntryForm working/>
                    {if concluded {
                        view! { <ReopenForm working/> }.into_any()
                    } else {
                        view! { <ConcludeForm working/> }.into_any()
                    }}
                    {match open_review.clone() {
                        Some(id) => view! { <ReviewConcludeForm working id/> }.into_any(),
                        None if can_request_review => view! { <ReviewForm working level=next_level/> }.into_any(),
                        None => ().into_any(),
                    }}
                    {committee.then(|| view! { <SuperviseForm working/> })}
                    {unanswered.clone().into_iter().map(|id| view! { <AnswerSupervisionForm working id/> }).collect_view()}
                })}
                <DeleteControls working deleted/>
            </aside>
        </div>
    }
}

/// The effective due date (in `data-date` as `YYYY-MM-DD`) with the days left, or overdue
/// in red; moves on at midnight.
#[component]
fn DueLine(petition: Petition) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let due = petition.effective_due();
    let timing = StoredValue::new(Timing::of(&petition));
    let line = move || {
        let today = state.today.get();
        let lang = i18n.lang();
        let open = timing.with_value(|t| t.main_open(today));
        let days = (due - today).num_days();
        let overdue = open && days < 0;
        let mut line = format!(
            "{}{}{}",
            field_label(fields::DUE_ON, lang),
            lang.colon(),
            i18n.date(due)
        );
        if open {
            line.push_str(" · ");
            line.push_str(&if overdue {
                days_overdue_text(-days, lang)
            } else {
                days_left_text(days, lang)
            });
        }
        (line, overdue)
    };
    view! {
        <span class="due" class:overdue=move || line().1 data-testid="petition-due" data-date=due.to_string()>
            {move || line().0}
        </span>
    }
}
#[component]
fn Details(petition: Petition) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let p = petition;
    let office_name = move |id: &str| -> String {
        state
            .ledger
            .with_untracked(|l| office_name(l, id, i18n.lang_untracked()))
    };
    let yes_no = move |value: bool| if value { T::Yes } else { T::No };
    let repeat = p.repeat_of.clone().filter(|id| !id.is_empty()).map(|id| {
        let serial = state
            .ledger
            .with_untracked(|l| l.petitions.get(id.as_str()).map(|e| e.serial.clone()))
            .unwrap_or_else(|| id.clone());
        view! { <A href=format!("/petitions/{id}")>{serial}</A> }
    });
    let date = move |d: Option<chrono::NaiveDate>| d.map(|d| i18n.date(d)).unwrap_or_default();
    let registered_by = office_name(&p.office_id);
    let assigned_to = p
        .assigned_to
        .as_deref()
        .filter(|id| !id.is_empty())
        .map(office_name);
    let extension = p.extended_to.map(|to| (to, p.extension_reason.clone()));
    let row = move |label: Field, value: AnyView, testid: &'static str| {
        view! {
            <dt>{move || field_label(label, i18n.lang())}</dt>
            <dd data-testid=testid>{value}</dd>
        }
    };
    view! {
        <dl class="details" data-testid="petition-details">
            {row(fields::SERIAL, p.serial.clone().into_any(), "detail-serial")}
            {row(fields::CHANNEL, (move || i18n.t(channel_text(p.channel))).into_any(), "detail-channel")}
            {row(fields::RECEIVED_ON, (move || i18n.date(p.received_on)).into_any(), "detail-received-on")}
            {row(fields::PETITIONER_NAME, p.petitioner.name.clone().into_any(), "detail-name")}
            {row(fields::ID_NUMBER, p.petitioner.id_number.clone().into_any(), "detail-id-number")}
            {row(fields::PHONE, p.petitioner.phone.clone().into_any(), "detail-phone")}
            {row(fields::ADDRESS, p.petitioner.address.clone().into_any(), "detail-address")}
            {row(fields::HEADCOUNT, p.headcount.to_string().into_any(), "detail-headcount")}
            {row(fields::LAW_RELATED, (move || i18n.t(yes_no(p.law_related))).into_any(), "detail-law-related")}
            {row(fields::CATEGORY, (move || i18n.t(category_text(p.category))).into_any(), "detail-category")}
            {row(fields::SUBJECT, p.subject.clone().into_any(), "detail-subject")}
            {row(fields::DETAILS, view! { <span class="multiline">{p.details.clone()}</span> }.into_any(), "detail-details")}
            {repeat.map(|link| row(fields::REPEAT_OF, link.into_any(), "detail-repeat-of"))}
            {row(fields::OFFICE_ID, registered_by.into_any(), "detail-registered-by")}
            {p.acceptance.map(|decision| row(
                fields::ACCEPTANCE,
                (move || i18n.t(acceptance_text(decision))).into_any(),
                "detail-acceptance",
            ))}
            {p.accepted_on.map(|on| row(fields::ACCEPTED_ON, (move || i18n.date(on)).into_any(), "detail-accepted-on"))}
            {(!p.acceptance_note.is_empty()).then(|| row(fields::ACCEPTANCE_NOTE, p.acceptance_note.clone().into_any(), "detail-acceptance-note"))}
            {p.notified_on.map(|on| row(fields::NOTIFIED_ON, (move || i18n.date(on)).into_any(), "detail-notified-on"))}
            {row(fields::ASSIGNED_TO, assigned_to.unwrap_or_default().into_any(), "detail-assigned-to")}
            {row(fields::ASSIGNED_ON, date(p.assigned_on).into_any(), "detail-assigned-on")}
            {row(fields::LEADER, p.leader.clone().into_any(), "detail-leader")}
            {row(fields::DUE_ON, (move || i18n.date(p.due_on)).into_any(), "detail-due-on")}
            {extension.map(|(to, reason)| row(
                fields::EXTENDED_TO,
                (move || format!("{}（{}）", i18n.date(to), reason)).into_any(),
                "detail-extended-to",
            ))}
            {(!p.extension_approved_by.is_empty()).then(|| row(
                fields::EXTENSION_APPROVED_BY,
                p.extension_approved_by.clone().into_any(),
                "detail-extension-approved-by",
            ))}
            {p.replied_on.map(|on| row(fields::REPLIED_ON, (move || i18n.date(on)).into_any(), "detail-replied-on"))}
            {p.concluded_on.map(|on| row(fields::CONCLUDED_ON, (move || i18n.date(on)).into_any(), "detail-concluded-on"))}
            {p.outcome.map(|o| row(fields::OUTCOME, (move || i18n.t(outcome_text(o))).into_any(), "detail-outcome"))}
            {p.concluded_on.map(|_| row(
                fields::SATISFACTION,
                (move || i18n.t(p.satisfaction.map(satisfaction_text).unwrap_or(T::NotRated))).into_any(),
                "detail-satisfaction",
            ))}
        </dl>
    }
}

/// The 复查/复核 stages with their deadlines, and the supervisions with their report-by days
/// (late ones marked), as they stand today.
#[component]
fn Stages(petition: Petition) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let office = move |id: &str| {
        state
            .ledger
            .with_untracked(|l| office_name(l, id, i18n.lang()))
    };
    let reviews = petition.reviews.clone();
    let supervisions = petition.supervisions.clone();
    let any = !reviews.is_empty() || !supervisions.is_empty();
    any.then(|| view! {
        {(!reviews.is_empty()).then(|| view! {
            <h2>{move || field_label(fields::REVIEWS, i18n.lang())}</h2>
            <table class="table" data-testid="petition-reviews">
                <thead><tr>
                    <th scope="col">{move || field_label(fields::REVIEW_LEVEL, i18n.lang())}</th>
                    <th scope="col">{move || field_label(fields::REVIEW_REQUESTED_ON, i18n.lang())}</th>
                    <th scope="col">{move || field_label(fields::REVIEW_OFFICE, i18n.lang())}</th>
                    <th scope="col">{move || i18n.t(T::StageDue)}</th>
                    <th scope="col">{move || field_label(fields::REVIEW_OUTCOME, i18n.lang())}</th>
                </tr></thead>
                <tbody>
                    {reviews.into_iter().map(|r| {
                        let due = r.due_on;
                        let overdue = move || {
                            let today = state.today.get();
                            r.concluded_on.is_none() && due.is_some_and(|d| d < today)
                        };
                        let handler = office(&r.office_id);
                        view! {
                            <tr data-testid="review-row" data-level=r.level.key()>
                                <td>{move || i18n.t(review_level_text(r.level))}</td>
                                <td>{move || i18n.date(r.requested_on)}</td>
                                <td>{handler}</td>
                                <td data-testid="review-due" data-date=due.map(|d| d.to_string()).unwrap_or_default()
                                    class:overdue=overdue>
                                    {move || due.map(|d| i18n.date(d)).unwrap_or_default()}
                                    {move || overdue().then(|| format!(" · {}", i18n.t(T::Overdue)))}
                                </td>
                                <td>{move || match (r.outcome, r.concluded_on) {
                                    (Some(o), Some(on)) => format!("{}（{}）", i18n.t(review_outcome_text(o)), i18n.date(on)),
                                    _ => i18n.t(T::ReviewOpen).to_string(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {(!supervisions.is_empty()).then(|| view! {
            <h2>{move || field_label(fields::SUPERVISIONS, i18n.lang())}</h2>
            <table class="table" data-testid="petition-supervisions">
                <thead><tr>
                    <th scope="col">{move || field_label(fields::SUPERVISION_ON, i18n.lang())}</th>
                    <th scope="col">{move || field_label(fields::SUPERVISION_REPORT_BY, i18n.lang())}</th>
                    <th scope="col">{move || field_label(fields::SUPERVISION_NOTE, i18n.lang())}</th>
                    <th scope="col">{move || field_label(fields::SUPERVISION_ANSWERED_ON, i18n.lang())}</th>
                </tr></thead>
                <tbody>
                    {supervisions.into_iter().map(|s| {
                        let timing = s.timing();
                        let late = move || timing.late(state.today.get());
                        view! {
                            <tr data-testid="supervision-row" class:overdue=late>
                                <td>{move || i18n.date(s.on)}</td>
                                <td>{move || i18n.date(s.report_by)}
                                    {move || late().then(|| view! {
                                        <span class="flag overdue-flag" data-testid="supervision-late">{i18n.t(T::SupervisionLateFlag)}</span>
                                    })}
                                </td>
                                <td>{s.note.clone()}</td>
                                <td>{move || s.answered_on.map(|d| i18n.date(d)).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    })
}

/// The documents the petitioner receives, each printed from its template.
#[component]
fn Notices(petition: Petition) -> impl IntoView {
    let i18n = I18n::expect();
    let kinds = NoticeKind::available(&petition);
    let id = petition.meta.id.to_string();
    (!kinds.is_empty()).then(|| {
        view! {
            <h2>{move || i18n.t(T::NoticesTitle)}</h2>
            <ul class="notices">
                {kinds.into_iter().map(|kind| view! {
                    <li>
                        <A href=format!("/petitions/{id}/notice/{}", kind.key())
                            attr:data-testid=format!("petition-notice-{}", kind.key())>
                            {move || i18n.t(notice_text(kind))}
                        </A>
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

/// The log, newest first, each entry worded from what it recorded, in the language of the
/// moment, naming the person and the office that made it: the office it recorded, else
/// this office for this device's entries, else the registering office for the
/// registration.
#[component]
fn ActionLog(petition: Petition) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let (this_device, this_office) = state
        .session
        .with_untracked(|s| {
            s.as_ref()
                .map(|s| (s.device_id.clone(), s.office.meta.id.to_string()))
        })
        .unwrap_or_default();
    let mut actions = petition.actions.clone();
    actions.reverse();
    view! {
        <h2>{move || field_label(fields::ACTIONS, i18n.lang())}</h2>
        <ol class="log" data-testid="petition-log">
            {actions
                .into_iter()
                .map(|action| {
                    let office = action
                        .office_id
                        .as_deref()
                        .map(str::to_string)
                        .or_else(|| (action.by == this_device).then(|| this_office.clone()))
                        .or_else(|| {
                            (action.kind == ActionKind::Registered)
                                .then(|| petition.office_id.to_string())
                        });
                    let by = move || match &office {
                        Some(id) => state.ledger.with_untracked(|l| office_name(l, id, i18n.lang())),
                        None => i18n.t(T::UnknownOffice).to_string(),
                    };
                    let person = action.by_name.clone();
                    let at = action.on;
                    let said = {
                        let action = action.clone();
                        move || state.ledger.with_untracked(|l| happened_text(&action, l, i18n.lang()))
                    };
                    view! {
                        <li data-testid="log-entry" data-kind=action.kind.key()>
                            <span class="log-kind">{move || i18n.t(action_kind_text(action.kind))}</span>
                            <span class="log-time">{move || i18n.moment(at)}</span>
                            <span class="log-by" data-testid="log-by">{by}</span>
                            <span class="log-person" data-testid="log-person">
                                {move || if person.is_empty() {
                                    i18n.t(T::LogUnsigned).to_string()
                                } else {
                                    format!("{} {}", i18n.t(T::LogByName), person)
                                }}
                            </span>
                            <span class="log-what" data-testid="log-what">{said}</span>
                            <span class="log-text multiline">{action.text.clone()}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
