//! `/petitions/:id`: one petition, its deadline, its action log and the steps of working it.
//!
//! The page keeps the version it was opened with. Every step is saved against that version,
//! so a change made meanwhile in another tab (or by an import) makes the save refused, with
//! a message and a reload button, instead of overwriting it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::domain::{ActionKind, AnyRecord, Petition, Problem};
use crate::i18n::{
    action_kind_text, category_text, channel_text, days_left_text, days_overdue_text, office_name,
    outcome_text, satisfaction_text, status_text, T,
};
use crate::storage::StorageError;
use crate::ui::clock::today;
use crate::ui::components::form::{ProblemSummary, Problems, StorageAlert};
use crate::ui::errors::storage_message;
use crate::ui::pages::petitions::actions::{
    AssignForm, ConcludeForm, DeleteControls, EditForm, EntryForm, ExtendForm, ReopenForm,
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
        state.ledger.with(|l| l.petitions.get(&id).cloned())
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
                <ProblemSummary problems=working.problems labels=PETITION_LABELS/>
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
    let p = petition;
    let concluded = p.status == crate::domain::Status::Concluded;
    let deleted = p.meta.deleted;
    let can_extend = !concluded && p.extended_to.is_none();
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
                <ActionLog petition=p.clone()/>
            </div>
            <aside class="petition-actions" aria-label=move || i18n.t(T::FieldActions)>
                {(!deleted).then(|| view! {
                    <div class="actions">
                        <button type="button" data-testid="petition-edit" on:click=move |_| editing.set(true)
                            disabled=move || editing.get()>
                            {move || i18n.t(T::Edit)}
                        </button>
                    </div>
                    {(!concluded).then(|| view! { <AssignForm working/> })}
                    {can_extend.then(|| view! { <ExtendForm working/> })}
                    <EntryForm working/>
                    {if concluded {
                        view! { <ReopenForm working/> }.into_any()
                    } else {
                        view! { <ConcludeForm working/> }.into_any()
                    }}
                })}
                <DeleteControls working deleted/>
            </aside>
        </div>
    }
}

/// The effective due date with the days left, or overdue in red.
#[component]
fn DueLine(petition: Petition) -> impl IntoView {
    let i18n = I18n::expect();
    let today = today();
    let due = petition.effective_due();
    let concluded = petition.concluded_by(today);
    let days = (due - today).num_days();
    let overdue = !concluded && days < 0;
    view! {
        <span class="due" class:overdue=overdue data-testid="petition-due">
            {move || {
                let lang = i18n.lang();
                let mut line = format!("{}{}{}", T::FieldDueOn.get(lang), lang.colon(), i18n.date(due));
                if !concluded {
                    line.push_str(" · ");
                    line.push_str(&if overdue { days_overdue_text(-days, lang) } else { days_left_text(days, lang) });
                }
                line
            }}
        </span>
    }
}

#[component]
fn Details(petition: Petition) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let p = petition;
    let office_name = move |id: &str| -> String {
        state.ledger.with_untracked(|l| {
            l.offices
                .get(id)
                .map(|o| o.name.clone())
                .unwrap_or_else(|| format!("{} ({id})", T::UnknownOffice.get(i18n.lang())))
        })
    };
    let yes_no = move |value: bool| if value { T::Yes } else { T::No };
    let repeat = p.repeat_of.clone().filter(|id| !id.is_empty()).map(|id| {
        let serial = state
            .ledger
            .with_untracked(|l| l.petitions.get(&id).map(|e| e.serial.clone()))
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
    let row = |label: T, value: AnyView, testid: &'static str| {
        view! {
            <dt>{move || i18n.t(label)}</dt>
            <dd data-testid=testid>{value}</dd>
        }
    };
    view! {
        <dl class="details" data-testid="petition-details">
            {row(T::FieldSerial, p.serial.clone().into_any(), "detail-serial")}
            {row(T::FieldChannel, (move || i18n.t(channel_text(p.channel))).into_any(), "detail-channel")}
            {row(T::FieldReceivedOn, (move || i18n.date(p.received_on)).into_any(), "detail-received-on")}
            {row(T::FieldPetitionerName, p.petitioner.name.clone().into_any(), "detail-name")}
            {row(T::FieldIdNumber, p.petitioner.id_number.clone().into_any(), "detail-id-number")}
            {row(T::FieldPhone, p.petitioner.phone.clone().into_any(), "detail-phone")}
            {row(T::FieldAddress, p.petitioner.address.clone().into_any(), "detail-address")}
            {row(T::FieldHeadcount, p.headcount.to_string().into_any(), "detail-headcount")}
            {row(T::FieldLawRelated, (move || i18n.t(yes_no(p.law_related))).into_any(), "detail-law-related")}
            {row(T::FieldCategory, (move || i18n.t(category_text(p.category))).into_any(), "detail-category")}
            {row(T::FieldSubject, p.subject.clone().into_any(), "detail-subject")}
            {row(T::FieldDetails, view! { <span class="multiline">{p.details.clone()}</span> }.into_any(), "detail-details")}
            {repeat.map(|link| row(T::FieldRepeatOf, link.into_any(), "detail-repeat-of"))}
            {row(T::FieldRegisteredBy, registered_by.into_any(), "detail-registered-by")}
            {row(T::FieldAssignedTo, assigned_to.unwrap_or_default().into_any(), "detail-assigned-to")}
            {row(T::FieldAssignedOn, date(p.assigned_on).into_any(), "detail-assigned-on")}
            {row(T::FieldLeader, p.leader.clone().into_any(), "detail-leader")}
            {row(T::FieldDueOn, (move || i18n.date(p.due_on)).into_any(), "detail-due-on")}
            {extension.map(|(to, reason)| row(
                T::FieldExtendedTo,
                (move || format!("{}（{}）", i18n.date(to), reason)).into_any(),
                "detail-extended-to",
            ))}
            {p.concluded_on.map(|on| row(T::FieldConcludedOn, (move || i18n.date(on)).into_any(), "detail-concluded-on"))}
            {p.outcome.map(|o| row(T::FieldOutcome, (move || i18n.t(outcome_text(o))).into_any(), "detail-outcome"))}
            {p.concluded_on.map(|_| row(
                T::FieldSatisfaction,
                (move || i18n.t(p.satisfaction.map(satisfaction_text).unwrap_or(T::NotRated))).into_any(),
                "detail-satisfaction",
            ))}
        </dl>
    }
}

/// The log, newest first, each entry naming the office that made it: the one it recorded,
/// else this office for this device's entries, else the registering office for the
/// registration.
#[component]
fn ActionLog(petition: Petition) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let (this_device, this_office) = state
        .session
        .with_untracked(|s| {
            s.as_ref()
                .map(|s| (s.device_id.clone(), s.office.meta.id.clone()))
        })
        .unwrap_or_default();
    let mut actions = petition.actions.clone();
    actions.reverse();
    view! {
        <h2>{move || i18n.t(T::FieldActions)}</h2>
        <ol class="log" data-testid="petition-log">
            {actions
                .into_iter()
                .map(|action| {
                    let local = action.on.with_timezone(&chrono::Local);
                    let office = action
                        .office_id
                        .clone()
                        .or_else(|| (action.by == this_device).then(|| this_office.clone()))
                        .or_else(|| {
                            (action.kind == ActionKind::Registered).then(|| petition.office_id.clone())
                        });
                    let by = move || match &office {
                        Some(id) => state.ledger.with_untracked(|l| office_name(l, id, i18n.lang())),
                        None => i18n.t(T::UnknownOffice).to_string(),
                    };
                    view! {
                        <li data-testid="log-entry" data-kind=action.kind.key()>
                            <span class="log-kind">{move || i18n.t(action_kind_text(action.kind))}</span>
                            <span class="log-time">
                                {move || format!("{} {}", i18n.date(local.date_naive()), local.format("%H:%M"))}
                            </span>
                            <span class="log-by" data-testid="log-by">{by}</span>
                            <span class="log-text multiline">{action.text.clone()}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
