//! The registered details of a petition as a form: used to register one and to edit one.

use leptos::prelude::*;

use crate::domain::deadline::default_due;
use crate::domain::fields;
use crate::domain::{
    id_number, validate_petition, Category, Channel, Petition, Petitioner, Problem, ProblemKind,
};
use crate::i18n::{category_text, channel_text, field_label, T};
use crate::ui::clock::parse_date_input;
use crate::ui::components::draft::FormValues;
use crate::ui::components::form::{FieldError, Problems};
use crate::ui::components::inputs::{DateInput, EnumSelect, TextInput};
use crate::ui::state::AppState;
use crate::ui::I18n;

/// Labels of the fields the petition's forms have beyond the record's own (whose labels
/// the field table gives), for the problem summary.
pub const PETITION_LABELS: &[(&str, T)] = &[
    ("entry_text", T::FieldEntryText),
    ("entry_kind", T::FieldEntryKind),
    ("reopen_reason", T::FieldReopenReason),
];

/// Whether the channel brings people in person, so that headcount is asked (§5.1 visits).
pub fn counts_people(channel: Channel) -> bool {
    matches!(channel, Channel::Visit | Channel::LeaderReception)
}

/// The form's values while they are typed.
#[derive(Clone, Copy)]
pub struct PetitionDraft {
    pub serial: RwSignal<String>,
    pub channel: RwSignal<Option<Channel>>,
    pub received_on: RwSignal<String>,
    pub name: RwSignal<String>,
    pub id_number: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub address: RwSignal<String>,
    pub headcount: RwSignal<String>,
    pub law_related: RwSignal<bool>,
    pub category: RwSignal<Option<Category>>,
    pub subject: RwSignal<String>,
    pub details: RwSignal<String>,
    pub repeat_of: RwSignal<Option<String>>,
}

impl PetitionDraft {
    /// An empty form: a visit received on `today`, one person.
    pub fn blank(today: chrono::NaiveDate) -> PetitionDraft {
        PetitionDraft {
            serial: RwSignal::new(String::new()),
            channel: RwSignal::new(Some(Channel::Visit)),
            received_on: RwSignal::new(today.to_string()),
            name: RwSignal::new(String::new()),
            id_number: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            headcount: RwSignal::new("1".into()),
            law_related: RwSignal::new(false),
            category: RwSignal::new(Some(Category::PublicSecurity)),
            subject: RwSignal::new(String::new()),
            details: RwSignal::new(String::new()),
            repeat_of: RwSignal::new(None),
        }
    }

    /// Fills the form from a stored petition, for editing.
    pub fn fill(&self, p: &Petition) {
        self.serial.set(p.serial.clone());
        self.channel.set(Some(p.channel));
        self.received_on.set(p.received_on.to_string());
        self.name.set(p.petitioner.name.clone());
        self.id_number.set(p.petitioner.id_number.clone());
        self.phone.set(p.petitioner.phone.clone());
        self.address.set(p.petitioner.address.clone());
        self.headcount.set(p.headcount.to_string());
        self.law_related.set(p.law_related);
        self.category.set(Some(p.category));
        self.subject.set(p.subject.clone());
        self.details.set(p.details.clone());
        self.repeat_of.set(p.repeat_of.clone());
    }

    /// What was typed, by field (read tracked), for a kept draft. The serial is left out:
    /// it is proposed again when the form opens.
    pub fn values(&self) -> FormValues {
        let text = |name: &str, value: String| (name.to_string(), value);
        FormValues::from([
            text(
                "channel",
                self.channel
                    .get()
                    .map(|c| c.key().to_string())
                    .unwrap_or_default(),
            ),
            text("received_on", self.received_on.get()),
            text("name", self.name.get()),
            text("id_number", self.id_number.get()),
            text("phone", self.phone.get()),
            text("address", self.address.get()),
            text("headcount", self.headcount.get()),
            text("law_related", self.law_related.get().to_string()),
            text(
                "category",
                self.category
                    .get()
                    .map(|c| c.key().to_string())
                    .unwrap_or_default(),
            ),
            text("subject", self.subject.get()),
            text("details", self.details.get()),
            text("repeat_of", self.repeat_of.get().unwrap_or_default()),
        ])
    }

    /// Puts back what `values` gave.
    pub fn restore(&self, values: &FormValues) {
        let get = |name: &str| values.get(name).cloned().unwrap_or_default();
        self.channel.set(Channel::from_key(&get("channel")));
        self.received_on.set(get("received_on"));
        self.name.set(get("name"));
        self.id_number.set(get("id_number"));
        self.phone.set(get("phone"));
        self.address.set(get("address"));
        self.headcount.set(get("headcount"));
        self.law_related.set(get("law_related") == "true");
        self.category.set(Category::from_key(&get("category")));
        self.subject.set(get("subject"));
        self.details.set(get("details"));
        self.repeat_of
            .set(Some(get("repeat_of")).filter(|r| !r.is_empty()));
    }

    /// A blank form for the next petition, keeping the channel and the day received.
    pub fn next(&self, today: chrono::NaiveDate) {
        let (channel, received) = (
            self.channel.get_untracked(),
            self.received_on.get_untracked(),
        );
        let blank = PetitionDraft::blank(today);
        let mut values = untrack(|| blank.values());
        values.insert(
            "channel".into(),
            channel.map(|c| c.key().to_string()).unwrap_or_default(),
        );
        values.insert("received_on".into(), received);
        self.restore(&values);
        self.serial.set(String::new());
    }

    /// The received date, if the input holds one.
    pub fn received_date(&self) -> Option<chrono::NaiveDate> {
        parse_date_input(&self.received_on.get())
    }

    /// Writes the form into `p` (the due date follows the received date); returns the
    /// problems of values that do not even parse. Rule checks come after, from the domain.
    pub fn apply(&self, p: &mut Petition) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, kind| {
            problems.push(Problem {
                field: field.into(),
                kind,
            })
        };
        match self.channel.get_untracked() {
            Some(channel) => p.channel = channel,
            None => problem("channel", ProblemKind::Required),
        }
        match self.category.get_untracked() {
            Some(category) => p.category = category,
            None => problem("category", ProblemKind::Required),
        }
        match parse_date_input(&self.received_on.get_untracked()) {
            Some(day) => {
                // Until a decision, the deadline runs from receipt; after it, from acceptance.
                if p.acceptance.is_none() && p.received_on != day {
                    let calendar = AppState::expect().calendar;
                    p.due_on = calendar.with_untracked(|c| default_due(day, c));
                }
                p.received_on = day;
            }
            None => problem("received_on", ProblemKind::NotARealDate),
        }
        p.headcount = if counts_people(p.channel) {
            match self.headcount.get_untracked().trim().parse::<u32>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    problem("headcount", ProblemKind::HeadcountBelowOne);
                    1
                }
            }
        } else {
            1
        };
        p.serial = self.serial.get_untracked().trim().to_string();
        p.petitioner = Petitioner {
            name: self.name.get_untracked().trim().to_string(),
            id_number: id_number::read_digits(self.id_number.get_untracked().trim()).to_uppercase(),
            phone: self.phone.get_untracked().trim().to_string(),
            address: self.address.get_untracked().trim().to_string(),
            extra: std::mem::take(&mut p.petitioner.extra),
        };
        p.law_related = self.law_related.get_untracked();
        p.subject = self.subject.get_untracked().trim().to_string();
        p.details = self.details.get_untracked().trim().to_string();
        p.repeat_of = self.repeat_of.get_untracked();
        problems
    }
}

/// The problems of a petition about to be saved: `found` (values that did not parse) and
/// then every rule of the domain on a field not already named, checked against the ledger.
pub fn check_petition(petition: &Petition, mut found: Vec<Problem>) -> Vec<Problem> {
    if petition.meta.deleted {
        return found;
    }
    let today = crate::ui::clock::today();
    let state = AppState::expect();
    let rules = state.calendar.with_untracked(|calendar| {
        state
            .ledger
            .with_untracked(|l| validate_petition(petition, today, calendar, l.petitions.values()))
    });
    for problem in rules {
        if !found.iter().any(|f| f.field == problem.field) {
            found.push(problem);
        }
    }
    found
}

/// "办理期限：2022年10月20日（受理后自受理之日起重算）" for a petition received on the
/// draft's date, or the rule.
pub fn due_line(draft: PetitionDraft, lang: crate::i18n::Lang) -> String {
    let calendar = AppState::expect().calendar;
    match draft.received_date() {
        Some(day) => format!(
            "{}{}{}{}",
            field_label(fields::DUE_ON, lang),
            lang.colon(),
            crate::i18n::format_date(calendar.with(|c| default_due(day, c)), lang),
            T::DueBeforeDecision.get(lang),
        ),
        None => T::DueHint.get(lang).to_string(),
    }
}

/// The fields, in the order a clerk takes them from a visitor or a letter.
/// `due` is the due date line shown under the received date.
#[component]
pub fn PetitionFields(
    draft: PetitionDraft,
    problems: Problems,
    #[prop(into)] due: Signal<String>,
    #[prop(into)] today: Signal<String>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let people = move || draft.channel.get().is_some_and(counts_people);
    // A channel without people in person counts one; the input shows it.
    Effect::new(move |_| {
        if !people() {
            draft.headcount.set("1".into());
        }
    });
    let group_visit = move || {
        people()
            && draft
                .headcount
                .get()
                .trim()
                .parse::<u32>()
                .is_ok_and(|n| n >= 5)
    };
    view! {
        <div class="form-grid">
            <EnumSelect
                label=fields::CHANNEL testid="petition-channel" value=draft.channel
                all=Channel::ALL key=Channel::key from_key=Channel::from_key name=channel_text
                problems field="channel"
            />
            <DateInput
                label=fields::RECEIVED_ON testid="petition-received-on" value=draft.received_on
                problems field="received_on" max=today hint=due
            />
            <div class="field">
                <label for="petition-headcount">{move || field_label(fields::HEADCOUNT, i18n.lang())}</label>
                <input
                    type="number"
                    min="1"
                    id="petition-headcount"
                    data-testid="petition-headcount"
                    aria-describedby="petition-headcount-hint"
                    disabled=move || !people()
                    prop:value=draft.headcount
                    on:input=move |ev| draft.headcount.set(event_target_value(&ev))
                />
                <p class="hint" id="petition-headcount-hint">
                    {move || if group_visit() { i18n.t(T::GroupVisit) } else { i18n.t(T::HeadcountHint) }}
                </p>
                <FieldError problems field="headcount"/>
            </div>
            <TextInput
                label=fields::PETITIONER_NAME testid="petition-name" value=draft.name
                problems field="petitioner.name" maxlength=50 autocomplete="name"
            />
            <TextInput
                label=fields::ID_NUMBER testid="petition-id-number" value=draft.id_number
                problems field="petitioner.id_number" maxlength=18 class="field-id"
            />
            <TextInput
                label=fields::PHONE testid="petition-phone" value=draft.phone
                problems field="petitioner.phone" maxlength=32 autocomplete="tel"
            />
            <TextInput
                label=fields::ADDRESS testid="petition-address" value=draft.address
                problems field="petitioner.address" maxlength=200 class="field-wide"
            />
            <EnumSelect
                label=fields::CATEGORY testid="petition-category" value=draft.category
                all=Category::ALL key=Category::key from_key=Category::from_key name=category_text
                problems field="category"
            />
            <div class="field field-check">
                <label>
                    <input
                        type="checkbox"
                        id="petition-law-related"
                        data-testid="petition-law-related"
                        prop:checked=draft.law_related
                        on:change=move |ev| draft.law_related.set(event_target_checked(&ev))
                    />
                    {move || field_label(fields::LAW_RELATED, i18n.lang())}
                </label>
            </div>
            <TextInput
                label=fields::SUBJECT testid="petition-subject" value=draft.subject
                problems field="subject" maxlength=200 class="field-wide"
            />
            <div class="field field-wide">
                <label for="petition-details">{move || field_label(fields::DETAILS, i18n.lang())}</label>
                <textarea
                    id="petition-details"
                    data-testid="petition-details"
                    rows="3"
                    maxlength="5000"
                    prop:value=draft.details
                    on:input=move |ev| draft.details.set(event_target_value(&ev))
                ></textarea>
                <FieldError problems field="details"/>
            </div>
            <TextInput
                label=fields::SERIAL testid="petition-serial" value=draft.serial
                problems field="serial" maxlength=32 hint=T::SerialHint class="field-serial"
            />
        </div>
    }
}
