//! `/petitions/new`: register a petition by keyboard, with its serial and deadline filled
//! in and possible repeats pointed out before it is saved.

use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::{
    find_repeats, propose_serial, AnyRecord, Category, Channel, NewPetition, Petition, Petitioner,
    RepeatQuery,
};
use crate::i18n::{petition_field_label, T};
use crate::ui::clock::today;
use crate::ui::components::draft::{DraftNotice, KeptDraft};
use crate::ui::components::form::{ProblemSummary, StorageAlert};
use crate::ui::components::operator::OperatorPrompt;
use crate::ui::errors::storage_message;
use crate::ui::pages::petitions::fields::{
    check_petition, due_line, PetitionDraft, PetitionFields, PETITION_LABELS,
};
use crate::ui::pages::petitions::repeats::RepeatCandidates;
use crate::ui::shell::focus_first_field;
use crate::ui::state::AppState;
use crate::ui::I18n;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let navigate = use_navigate();
    let today = today();
    let draft = PetitionDraft::blank(today);
    let problems = RwSignal::new(Vec::new());
    let alert = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);

    let office = move || state.session.with(|s| s.as_ref().map(|s| s.office.clone()));
    // The serial follows the proposal until the clerk types their own.
    let proposal = Memo::new(move |_| {
        let Some(office) = office() else {
            return String::new();
        };
        let year = draft.received_date().unwrap_or(today).year();
        // Every serial of the code, whatever office holds it: after a restore or a file
        // that brought this office under another id, the next one is still new.
        state.ledger.with(|ledger| {
            let serials = ledger.petitions.values().map(|p| p.serial.as_str());
            propose_serial(&office.code, year, serials)
        })
    });
    Effect::new(move |previous: Option<String>| {
        let proposed = proposal.get();
        let current = draft.serial.get_untracked();
        if current.is_empty() || previous.as_ref() == Some(&current) {
            draft.serial.set(proposed.clone());
        }
        proposed
    });
    let due = Signal::derive(move || due_line(draft, i18n.lang()));
    let candidates = Memo::new(move |_| {
        let (name, id_number, subject) =
            (draft.name.get(), draft.id_number.get(), draft.subject.get());
        if name.trim().is_empty() && id_number.trim().is_empty() {
            return Vec::new();
        }
        let query = RepeatQuery {
            id: None,
            received_on: draft.received_date(),
            name: &name,
            id_number: &id_number,
            subject: &subject,
        };
        state.ledger.with(|l| {
            let mut found = find_repeats(&query, l.petitions.values());
            found.truncate(5);
            found
        })
    });

    // What is typed is kept until it is saved or discarded (an interruption at the desk, a
    // reload, another page in between).
    let kept = KeptDraft::new(
        "petition-new".into(),
        move || draft.values(),
        move |values| draft.restore(values),
    );
    let registered = RwSignal::new(None::<(String, String)>);
    focus_first_field();
    // Saves; then opens the new petition, or, for "save and register the next", a blank
    // form with the channel and the day kept.
    let save = move |next: bool| {
        if saving.get_untracked() {
            return;
        }
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let stamp = session.stamp();
        let mut petition = Petition::register(
            NewPetition {
                office_id: session.office.meta.id.to_string(),
                serial: String::new(),
                channel: Channel::Visit,
                received_on: today,
                petitioner: Petitioner::default(),
                headcount: 1,
                law_related: false,
                category: Category::Other,
                subject: String::new(),
                details: String::new(),
                repeat_of: None,
            },
            &state.calendar.get_untracked(),
            &stamp,
        );
        let unparsed = draft.apply(&mut petition);
        let found = check_petition(&petition, unparsed);
        alert.set(None);
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        saving.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let (id, serial) = (petition.meta.id.to_string(), petition.serial.clone());
            match state
                .save(vec![AnyRecord::Petition(Box::new(petition))])
                .await
            {
                Ok(()) if next => {
                    saving.set(false);
                    draft.next(today);
                    kept.forget();
                    registered.set(Some((id, serial)));
                    focus_first_field();
                }
                Ok(()) => {
                    kept.forget();
                    navigate(&format!("/petitions/{id}"), Default::default())
                }
                Err(error) => {
                    saving.set(false);
                    alert.set(Some(storage_message(&error, i18n.lang())));
                }
            }
        });
    };
    let save = StoredValue::new_local(save);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        save.with_value(|save| save(false));
    };
    let on_key = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
            event.prevent_default();
            save.with_value(|save| save(true));
        }
    };

    view! {
        <section class="page">
            <h1 data-testid="page-title">{move || i18n.t(T::NavNewPetition)}</h1>
            <OperatorPrompt/>
            <form class="petition-form" data-autofocus on:submit=submit on:keydown=on_key novalidate>
                <DraftNotice draft=kept/>
                {move || registered.get().map(|(id, serial)| view! {
                    <p class="saved" role="status" data-testid="petition-registered">
                        {move || i18n.t(T::RegisteredNote)}
                        <a href=format!("/petitions/{id}")>{serial.clone()}</a>
                    </p>
                })}
                <ProblemSummary problems labels=PETITION_LABELS table=petition_field_label/>
                <StorageAlert message=alert/>
                <PetitionFields draft problems due today=today.to_string()/>
                <RepeatCandidates candidates chosen=draft.repeat_of/>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="petition-save" disabled=saving>
                        {move || i18n.t(T::RegisterSave)}
                    </button>
                    <button type="button" data-testid="petition-save-next" disabled=saving
                        on:click=move |_| save.with_value(|save| save(true))>
                        {move || i18n.t(T::SaveAndNext)}
                    </button>
                </div>
            </form>
        </section>
    }
}
