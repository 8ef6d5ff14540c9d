//! Validation of records against PRODUCT §3 and §4, returning every problem at once.
//!
//! Problems are typed and carry the field path (`petitioner.id_number`, `actions[2].id`);
//! the UI turns them into sentences, the import turns them into places in a file.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::Calendar;
use super::campaign::Campaign;
use super::deadline::max_extension;
use super::id_number::{self, IdNumberError};
use super::metric::{is_valid_key, Metric};
use super::office::Office;
use super::petition::{Acceptance, Petition, Status};
use super::record::Meta;
use super::tally::Tally;

/// Longest allowed texts, in characters.
pub mod limits {
    pub const NAME: usize = 50;
    pub const CODE: usize = 8;
    pub const SERIAL: usize = 32;
    pub const ID_TEXT: usize = 64;
    pub const PHONE: usize = 32;
    pub const ADDRESS: usize = 200;
    pub const SUBJECT: usize = 200;
    pub const DETAILS: usize = 5000;
    pub const REASON: usize = 500;
    pub const NOTE: usize = 500;
    pub const LABEL: usize = 100;
    pub const UNIT: usize = 16;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProblemKind {
    Required,
    TooLong {
        max: usize,
    },
    NotARealDate,
    InTheFuture,
    BeforeReceived,
    BeforeDue,
    EndsBeforeStart,
    OutcomeRequired,
    AssigneeRequired,
    ExtensionTooLong {
        max: NaiveDate,
    },
    HeadcountBelowOne,
    NegativeValue,
    NotFinite,
    NotWhole,
    BadMetricKey,
    /// An office code must be letters A–Z and digits only (it starts every serial number).
    BadOfficeCode,
    NotAUuid,
    SerialTaken,
    /// Another live office already has this code.
    CodeTaken,
    IdNumber {
        error: IdNumberError,
    },
    UnknownMetric,
    VersionBelowOne,
    Duplicate,
    RefersToItself,
    /// A second extension (the regulations allow one).
    ExtendedTwice,
    /// A day before the one it follows (a 复查 before the reply, an answer before the
    /// supervision).
    TooEarly,
    /// A 复查 asked for with no written reply, or while a stage is still open.
    NothingToReview,
    /// A 复核 asked for with no concluded 复查.
    NoReviewToRecheck,
    /// A 复查/复核 asked for after its 30 days; the last day it could be.
    ReviewTooLate {
        last: NaiveDate,
    },
    /// A stage or supervision the record does not hold (changed meanwhile).
    UnknownStage,
}

/// Collects problems with their field paths.
#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, kind: ProblemKind) {
        self.0.push(Problem {
            field: field.into(),
            kind,
        });
    }

    fn required(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.add(field, ProblemKind::Required);
        }
    }

    fn max_len(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, ProblemKind::TooLong { max });
        }
    }

    fn text(&mut self, field: &str, value: &str, max: usize, required: bool) {
        if required {
            self.required(field, value);
        }
        self.max_len(field, value, max);
    }

    fn not_future(&mut self, field: &str, date: NaiveDate, today: NaiveDate) {
        if date > today {
            self.add(field, ProblemKind::InTheFuture);
        }
    }
}

/// Whether `text` is a UUID in its usual hyphenated form.
fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::parse_str(text).is_ok()
}

fn check_meta(problems: &mut Problems, meta: &Meta, id_is_metric_key: bool) {
    if meta.id.is_empty() {
        problems.add("id", ProblemKind::Required);
    } else if id_is_metric_key {
        if !is_valid_key(&meta.id) {
            problems.add("id", ProblemKind::BadMetricKey);
        }
    } else if !is_uuid(&meta.id) {
        problems.add("id", ProblemKind::NotAUuid);
    }
    if meta.version < 1 {
        problems.add("version", ProblemKind::VersionBelowOne);
    }
    problems.text("updated_by", &meta.updated_by, limits::ID_TEXT, true);
}

pub fn validate_office(office: &Office) -> Vec<Problem> {
    let mut problems = Problems::default();
    check_meta(&mut problems, &office.meta, false);
    problems.text("name", &office.name, limits::NAME, true);
    problems.text("code", &office.code, limits::CODE, true);
    if !office.code.is_empty() && !is_office_code(&office.code) {
        problems.add("code", ProblemKind::BadOfficeCode);
    }
    problems.0
}

/// Upper-case ASCII letters and digits, as in `GA` of `GA-2022-0042`.
pub fn is_office_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

pub fn validate_metric(metric: &Metric) -> Vec<Problem> {
    let mut problems = Problems::default();
    check_meta(&mut problems, &metric.meta, true);
    problems.text("label_zh", &metric.label_zh, limits::LABEL, true);
    problems.text("label_en", &metric.label_en, limits::LABEL, false);
    problems.text("unit_zh", &metric.unit_zh, limits::UNIT, false);
    problems.text("unit_en", &metric.unit_en, limits::UNIT, false);
    problems.0
}

pub fn validate_campaign(campaign: &Campaign) -> Vec<Problem> {
    let mut problems = Problems::default();
    check_meta(&mut problems, &campaign.meta, false);
    problems.text("name", &campaign.name, limits::NAME, true);
    problems.text("description", &campaign.description, limits::DETAILS, false);
    if campaign.ends_on.is_some_and(|end| end < campaign.starts_on) {
        problems.add("ends_on", ProblemKind::EndsBeforeStart);
    }
    let mut seen_metrics = HashSet::new();
    for (i, key) in campaign.metrics.iter().enumerate() {
        if !is_valid_key(key) {
            problems.add(format!("metrics[{i}]"), ProblemKind::BadMetricKey);
        } else if !seen_metrics.insert(key.as_str()) {
            problems.add(format!("metrics[{i}]"), ProblemKind::Duplicate);
        }
    }
    problems.0
}

/// Validates a tally against its metric (`None` when the key is known nowhere).
pub fn validate_tally(tally: &Tally, metric: Option<&Metric>, today: NaiveDate) -> Vec<Problem> {
    let mut problems = Problems::default();
    check_meta(&mut problems, &tally.meta, false);
    problems.required("office_id", &tally.office_id);
    if !is_valid_key(&tally.metric) {
        problems.add("metric", ProblemKind::BadMetricKey);
    } else if metric.is_none_or(|m| m.meta.deleted) {
        problems.add("metric", ProblemKind::UnknownMetric);
    }
    problems.not_future("on", tally.on, today);
    let value = tally.value;
    if !value.is_finite() {
        problems.add("value", ProblemKind::NotFinite);
    } else if value < 0.0 {
        problems.add("value", ProblemKind::NegativeValue);
    } else if metric.is_some_and(|m| m.integer) && value.fract() != 0.0 {
        problems.add("value", ProblemKind::NotWhole);
    }
    problems.max_len("note", &tally.note, limits::NOTE);
    problems.0
}

/// Validates a petition on `today` against the other petitions of the ledger (for serial
/// uniqueness within the office; the petition itself and deleted ones are ignored).
pub fn validate_petition<'a>(
    p: &Petition,
    today: NaiveDate,
    calendar: &Calendar,
    ledger: impl IntoIterator<Item = &'a Petition>,
) -> Vec<Problem> {
    let mut problems = Problems::default();
    check_meta(&mut problems, &p.meta, false);
    problems.required("office_id", &p.office_id);
    problems.text("serial", &p.serial, limits::SERIAL, true);
    if !p.meta.deleted && !p.serial.trim().is_empty() {
        let taken = ledger.into_iter().any(|other| {
            !other.meta.deleted
                && other.meta.id != p.meta.id
                && other.office_id == p.office_id
                && other.serial.trim() == p.serial.trim()
        });
        if taken {
            problems.add("serial", ProblemKind::SerialTaken);
        }
    }

    problems.not_future("received_on", p.received_on, today);
    let petitioner = &p.petitioner;
    problems.max_len("petitioner.name", &petitioner.name, limits::NAME);
    problems.max_len("petitioner.phone", &petitioner.phone, limits::PHONE);
    problems.max_len("petitioner.address", &petitioner.address, limits::ADDRESS);
    if !petitioner.id_number.is_empty() {
        if let Err(error) = id_number::validate(&petitioner.id_number, today) {
            problems.add("petitioner.id_number", ProblemKind::IdNumber { error });
        }
    }
    if p.headcount < 1 {
        problems.add("headcount", ProblemKind::HeadcountBelowOne);
    }
    problems.text("subject", &p.subject, limits::SUBJECT, true);
    problems.max_len("details", &p.details, limits::DETAILS);
    if p.repeat_of.as_deref() == Some(p.meta.id.as_str()) {
        problems.add("repeat_of", ProblemKind::RefersToItself);
    }

    if let Some(on) = p.assigned_on {
        if on < p.received_on {
            problems.add("assigned_on", ProblemKind::BeforeReceived);
        }
        problems.not_future("assigned_on", on, today);
    }
    if matches!(p.status, Status::Assigned | Status::InProgress) && !p.is_assigned() {
        problems.add("assigned_to", ProblemKind::AssigneeRequired);
    }
    problems.max_len("leader", &p.leader, limits::NAME);

    if p.due_on < p.received_on {
        problems.add("due_on", ProblemKind::BeforeReceived);
    }
    if let Some(extended_to) = p.extended_to {
        let max = max_extension(p.due_on, calendar);
        if extended_to > max {
            problems.add("extended_to", ProblemKind::ExtensionTooLong { max });
        }
        if extended_to < p.due_on {
            problems.add("extended_to", ProblemKind::BeforeDue);
        }
        problems.required("extension_reason", &p.extension_reason);
    }
    // The regulations allow one extension; the log tells, whatever the form or a file says.
    if p.extension_count() > 1 {
        problems.add("extended_to", ProblemKind::ExtendedTwice);
    }
    problems.max_len("extension_reason", &p.extension_reason, limits::REASON);
    problems.max_len(
        "extension_approved_by",
        &p.extension_approved_by,
        limits::NAME,
    );
    check_acceptance(&mut problems, p, today);
    check_stages(&mut problems, p, today);

    if p.status == Status::Concluded {
        match p.concluded_on {
            None => problems.add("concluded_on", ProblemKind::Required),
            Some(on) => {
                if on < p.received_on {
                    problems.add("concluded_on", ProblemKind::BeforeReceived);
                }
                problems.not_future("concluded_on", on, today);
            }
        }
        if p.outcome.is_none() {
            problems.add("outcome", ProblemKind::OutcomeRequired);
        }
    }

    // Sets, not a scan of the entries before each: a record with 150,000 actions is checked
    // in moments, not minutes.
    let mut seen_actions = HashSet::new();
    for (i, action) in p.actions.iter().enumerate() {
        if action.id.is_empty() {
            problems.add(format!("actions[{i}].id"), ProblemKind::Required);
        } else if !seen_actions.insert(&action.id) {
            problems.add(format!("actions[{i}].id"), ProblemKind::Duplicate);
        }
        problems.max_len(&format!("actions[{i}].text"), &action.text, limits::DETAILS);
    }
    problems.0
}

/// The decision on the case: its day, its reason or body, the day the petitioner was told.
fn check_acceptance(problems: &mut Problems, p: &Petition, today: NaiveDate) {
    if let Some(on) = p.accepted_on {
        if on < p.received_on {
            problems.add("accepted_on", ProblemKind::BeforeReceived);
        }
        problems.not_future("accepted_on", on, today);
    }
    if p.acceptance.is_some() && p.accepted_on.is_none() {
        problems.add("accepted_on", ProblemKind::Required);
    }
    if matches!(
        p.acceptance,
        Some(Acceptance::NotAccepted | Acceptance::Forwarded)
    ) {
        problems.required("acceptance_note", &p.acceptance_note);
    }
    problems.max_len("acceptance_note", &p.acceptance_note, limits::REASON);
    if let Some(notified) = p.notified_on {
        if p.accepted_on.is_some_and(|on| notified < on) {
            problems.add("notified_on", ProblemKind::TooEarly);
        }
        problems.not_future("notified_on", notified, today);
    }
    if let Some(replied) = p.replied_on {
        if replied < p.received_on {
            problems.add("replied_on", ProblemKind::BeforeReceived);
        }
        problems.not_future("replied_on", replied, today);
    }
}

/// The 复查/复核 stages and the supervisions: ids, days in order, none in the future.
fn check_stages(problems: &mut Problems, p: &Petition, today: NaiveDate) {
    let mut seen_reviews = HashSet::new();
    for (i, review) in p.reviews.iter().enumerate() {
        let field = |name: &str| format!("reviews[{i}].{name}");
        if review.id.is_empty() {
            problems.add(field("id"), ProblemKind::Required);
        } else if !seen_reviews.insert(review.id.as_str()) {
            problems.add(field("id"), ProblemKind::Duplicate);
        }
        problems.required(&field("office_id"), &review.office_id);
        if p.replied_on
            .is_some_and(|replied| review.requested_on < replied)
        {
            problems.add(field("requested_on"), ProblemKind::TooEarly);
        }
        problems.not_future(&field("requested_on"), review.requested_on, today);
        for (name, day) in [
            ("accepted_on", review.accepted_on),
            ("concluded_on", review.concluded_on),
        ] {
            if let Some(day) = day {
                if day < review.requested_on {
                    problems.add(field(name), ProblemKind::TooEarly);
                }
                problems.not_future(&field(name), day, today);
            }
        }
        if review.concluded_on.is_some() && review.outcome.is_none() {
            problems.add(field("outcome"), ProblemKind::OutcomeRequired);
        }
        problems.max_len(&field("note"), &review.note, limits::REASON);
    }
    let mut seen_supervisions = HashSet::new();
    for (i, supervision) in p.supervisions.iter().enumerate() {
        let field = |name: &str| format!("supervisions[{i}].{name}");
        if supervision.id.is_empty() {
            problems.add(field("id"), ProblemKind::Required);
        } else if !seen_supervisions.insert(supervision.id.as_str()) {
            problems.add(field("id"), ProblemKind::Duplicate);
        }
        problems.required(&field("by_office_id"), &supervision.by_office_id);
        problems.not_future(&field("on"), supervision.on, today);
        if supervision.report_by < supervision.on {
            problems.add(field("report_by"), ProblemKind::TooEarly);
        }
        if let Some(answered) = supervision.answered_on {
            if answered < supervision.on {
                problems.add(field("answered_on"), ProblemKind::TooEarly);
            }
            problems.not_future(&field("answered_on"), answered, today);
        }
        problems.max_len(&field("note"), &supervision.note, limits::REASON);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_petition_with_a_very_long_log_is_checked_and_its_one_repeated_entry_found() {
        // Through a file no record is this large (1 MiB at most); an app could still make one.
        let mut p = crate::domain::petition::tests::sample("p");
        let entry = crate::domain::petition::tests::note("a", 0);
        p.actions = (0..150_000u32)
            .map(|n| crate::domain::Action {
                // The last one repeats the first one's id.
                id: format!("a{}", n % 149_999).into(),
                ..entry.clone()
            })
            .collect();
        let problems = validate_petition(&p, p.received_on, &Calendar::shipped(), []);
        let duplicates: Vec<_> = problems
            .iter()
            .filter(|problem| problem.kind == ProblemKind::Duplicate)
            .map(|problem| problem.field.as_str())
            .collect();
        assert_eq!(duplicates, ["actions[149999].id"]);
    }

    use super::*;
    use crate::domain::catalogue::builtin_metrics;
    use crate::domain::office::OfficeKind;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::petition::Outcome;
    use crate::domain::record::tests::stamp;
    use crate::domain::record::Extra;

    const ID_A: &str = "00000000-0000-4000-8000-00000000000a";
    const ID_B: &str = "00000000-0000-4000-8000-00000000000b";

    fn today() -> NaiveDate {
        day("2022-08-21")
    }

    fn kinds(problems: &[Problem]) -> Vec<(&str, &ProblemKind)> {
        problems
            .iter()
            .map(|p| (p.field.as_str(), &p.kind))
            .collect()
    }

    #[test]
    fn a_well_formed_petition_has_no_problems() {
        let p = sample(ID_A);
        assert_eq!(
            validate_petition(&p, today(), &Calendar::shipped(), [&p]),
            vec![]
        );
    }

    #[test]
    fn all_problems_are_reported_together_with_their_fields() {
        let mut p = sample(ID_A);
        p.subject = " ".into();
        p.headcount = 0;
        p.received_on = day("2022-08-22");
        p.petitioner.id_number = "12345".into();
        p.petitioner.name = "名".repeat(51);
        let problems = validate_petition(&p, today(), &Calendar::shipped(), []);
        assert_eq!(
            kinds(&problems),
            [
                ("received_on", &ProblemKind::InTheFuture),
                ("petitioner.name", &ProblemKind::TooLong { max: 50 }),
                (
                    "petitioner.id_number",
                    &ProblemKind::IdNumber {
                        error: IdNumberError::WrongLength
                    }
                ),
                ("headcount", &ProblemKind::HeadcountBelowOne),
                ("subject", &ProblemKind::Required),
                ("due_on", &ProblemKind::BeforeReceived),
            ]
        );
    }

    #[test]
    fn serial_must_be_unique_within_the_office_among_live_petitions() {
        let p = sample(ID_A);
        let mut other = sample(ID_B);
        other.serial = p.serial.clone();
        assert_eq!(
            kinds(&validate_petition(
                &p,
                today(),
                &Calendar::shipped(),
                [&p, &other]
            )),
            [("serial", &ProblemKind::SerialTaken)]
        );
        let mut elsewhere = other.clone();
        elsewhere.office_id = "o2".into();
        assert!(validate_petition(&p, today(), &Calendar::shipped(), [&elsewhere]).is_empty());
        other.meta.deleted = true;
        assert!(validate_petition(&p, today(), &Calendar::shipped(), [&other]).is_empty());
    }

    #[test]
    fn concluding_needs_a_date_not_before_receipt_and_an_outcome() {
        let mut p = sample(ID_A);
        p.status = Status::Concluded;
        assert_eq!(
            kinds(&validate_petition(&p, today(), &Calendar::shipped(), [])),
            [
                ("concluded_on", &ProblemKind::Required),
                ("outcome", &ProblemKind::OutcomeRequired)
            ]
        );
        p.concluded_on = Some(day("2022-05-09"));
        p.outcome = Some(Outcome::Mediated);
        assert_eq!(
            kinds(&validate_petition(&p, today(), &Calendar::shipped(), [])),
            [("concluded_on", &ProblemKind::BeforeReceived)]
        );
        p.concluded_on = Some(p.received_on);
        assert!(validate_petition(&p, today(), &Calendar::shipped(), []).is_empty());
    }

    #[test]
    fn assigned_and_in_progress_need_an_assignee_but_registered_does_not() {
        let mut p = sample(ID_A);
        for status in [Status::Assigned, Status::InProgress] {
            p.status = status;
            assert_eq!(
                kinds(&validate_petition(&p, today(), &Calendar::shipped(), [])),
                [("assigned_to", &ProblemKind::AssigneeRequired)]
            );
        }
        p.assigned_to = Some(ID_B.into());
        assert!(validate_petition(&p, today(), &Calendar::shipped(), []).is_empty());
    }

    #[test]
    fn extension_is_at_most_thirty_days_and_needs_a_reason() {
        let mut p = sample(ID_A); // due 2022-07-09
        p.extended_to = Some(day("2022-08-09"));
        assert_eq!(
            kinds(&validate_petition(&p, today(), &Calendar::shipped(), [])),
            [
                (
                    "extended_to",
                    &ProblemKind::ExtensionTooLong {
                        max: day("2022-08-08")
                    }
                ),
                ("extension_reason", &ProblemKind::Required)
            ]
        );
        p.extended_to = Some(day("2022-08-08"));
        p.extension_reason = "需鉴定".into();
        assert!(validate_petition(&p, today(), &Calendar::shipped(), []).is_empty());
    }

    #[test]
    fn a_valid_id_number_passes_and_a_wrong_check_character_is_named() {
        let mut p = sample(ID_A);
        p.petitioner.id_number = "11010519491231002x".into();
        assert!(validate_petition(&p, today(), &Calendar::shipped(), []).is_empty());
        p.petitioner.id_number = "110105194912310021".into();
        assert_eq!(
            kinds(&validate_petition(&p, today(), &Calendar::shipped(), [])),
            [(
                "petitioner.id_number",
                &ProblemKind::IdNumber {
                    error: IdNumberError::BadCheckCharacter
                }
            )]
        );
    }

    #[test]
    fn record_ids_must_be_uuids_and_versions_at_least_one() {
        let mut p = sample("p1");
        p.meta.version = 0;
        assert_eq!(
            kinds(&validate_petition(&p, today(), &Calendar::shipped(), [])),
            [
                ("id", &ProblemKind::NotAUuid),
                ("version", &ProblemKind::VersionBelowOne)
            ]
        );
    }

    fn tally(metric: &str, value: f64) -> Tally {
        Tally {
            meta: Meta::new(ID_A, &stamp("dev", 0)),
            office_id: "o1".into(),
            metric: metric.into(),
            on: today(),
            value,
            campaign_id: None,
            note: String::new(),
            extra: Extra::new(),
        }
    }

    #[test]
    fn tally_values_are_whole_for_integer_metrics_and_never_negative() {
        let metrics = builtin_metrics();
        let find = |key: &str| metrics.iter().find(|m| m.key() == key);
        let check = |t: Tally| validate_tally(&t, find(&t.metric), today());
        assert!(check(tally("arrests", 3.0)).is_empty());
        assert!(check(tally("funding_added", 12.5)).is_empty());
        assert_eq!(
            kinds(&check(tally("arrests", 2.5))),
            [("value", &ProblemKind::NotWhole)]
        );
        assert_eq!(
            kinds(&check(tally("arrests", -1.0))),
            [("value", &ProblemKind::NegativeValue)]
        );
        assert_eq!(
            kinds(&check(tally("arrests", f64::NAN))),
            [("value", &ProblemKind::NotFinite)]
        );
        assert_eq!(
            kinds(&check(tally("no_such", 1.0))),
            [("metric", &ProblemKind::UnknownMetric)]
        );
        assert_eq!(
            kinds(&check(tally("Bad-Key", 1.0))),
            [("metric", &ProblemKind::BadMetricKey)]
        );
        let mut future = tally("arrests", 1.0);
        future.on = day("2022-08-22");
        assert_eq!(kinds(&check(future)), [("on", &ProblemKind::InTheFuture)]);
    }

    #[test]
    fn an_office_code_is_upper_case_letters_and_digits_only() {
        let mut office = Office {
            meta: Meta::new(ID_A, &stamp("dev", 0)),
            name: "市公安局".into(),
            kind: OfficeKind::PublicSecurity,
            code: "GA2".into(),
            extra: Extra::new(),
        };
        assert!(validate_office(&office).is_empty());
        for bad in ["ga", "G-A", "公安", "G A"] {
            office.code = bad.into();
            assert_eq!(
                kinds(&validate_office(&office)),
                [("code", &ProblemKind::BadOfficeCode)],
                "{bad}"
            );
        }
        office.code = "ABCDEFGHI".into();
        assert_eq!(
            kinds(&validate_office(&office)),
            [("code", &ProblemKind::TooLong { max: 8 })]
        );
    }

    #[test]
    fn metric_office_and_campaign_rules() {
        let mut metric = builtin_metrics().remove(0);
        assert!(validate_metric(&metric).is_empty());
        metric.meta.id = "9lives".into();
        assert_eq!(
            kinds(&validate_metric(&metric)),
            [("id", &ProblemKind::BadMetricKey)]
        );

        let office = Office {
            meta: Meta::new(ID_A, &stamp("dev", 0)),
            name: String::new(),
            kind: OfficeKind::Committee,
            code: "ZFW".into(),
            extra: Extra::new(),
        };
        assert_eq!(
            kinds(&validate_office(&office)),
            [("name", &ProblemKind::Required)]
        );

        let campaign = Campaign {
            meta: Meta::new(ID_A, &stamp("dev", 0)),
            name: "春季严打整治".into(),
            starts_on: day("2022-03-01"),
            ends_on: Some(day("2022-02-28")),
            description: String::new(),
            metrics: vec!["arrests".into(), "arrests".into(), "X".into()],
            extra: Extra::new(),
        };
        assert_eq!(
            kinds(&validate_campaign(&campaign)),
            [
                ("ends_on", &ProblemKind::EndsBeforeStart),
                ("metrics[1]", &ProblemKind::Duplicate),
                ("metrics[2]", &ProblemKind::BadMetricKey)
            ]
        );
    }

    #[test]
    fn problem_kinds_serialize_as_tagged_snake_case_for_the_ui() {
        let json = serde_json::to_value(ProblemKind::TooLong { max: 50 }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "too_long", "max": 50}));
        let json = serde_json::to_value(ProblemKind::IdNumber {
            error: IdNumberError::BadBirthDate,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "id_number", "error": "bad_birth_date"})
        );
    }
}
