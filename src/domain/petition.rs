//! The petition record (信访件), its closed sets, and the steps of working a case (§2.3, §3).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::action_data::ActionData;
use super::calendar::Calendar;
use super::log_id::LogId;
use super::name::Name;
use super::record::{day, new_id, timestamp, Extra, Meta, Record, RecordKind, Stamp, VersionKey};

closed_set! {
    /// How the petition arrived.
    pub enum Channel {
        Visit => "visit",
        Letter => "letter",
        Phone => "phone",
        Online => "online",
        LeaderReception => "leader_reception",
        Referral => "referral",
    }
}

closed_set! {
    /// Which part of the political-legal system the matter concerns.
    pub enum Category {
        PublicSecurity => "public_security",
        Procuratorate => "procuratorate",
        Court => "court",
        Justice => "justice",
        Other => "other",
    }
}

closed_set! {
    /// Where the case stands.
    pub enum Status {
        Registered => "registered",
        Assigned => "assigned",
        InProgress => "in_progress",
        Concluded => "concluded",
    }
}

closed_set! {
    /// How a concluded case ended.
    pub enum Outcome {
        Supported => "supported",
        Explained => "explained",
        NotSupported => "not_supported",
        Mediated => "mediated",
        Withdrawn => "withdrawn",
    }
}

closed_set! {
    /// The petitioner's rating of the handling.
    pub enum Satisfaction {
        Satisfied => "satisfied",
        BasicallySatisfied => "basically_satisfied",
        Unsatisfied => "unsatisfied",
    }
}

closed_set! {
    /// The decision on a petition within 15 days of receipt (受理 / 不予受理 / 转送, PRODUCT §4).
    pub enum Acceptance {
        Accepted => "accepted",
        NotAccepted => "not_accepted",
        Forwarded => "forwarded",
    }
}

closed_set! {
    /// A stage after the written reply (PRODUCT §4): 复查, then 复核.
    pub enum ReviewLevel {
        Review => "review",
        Recheck => "recheck",
    }
}

closed_set! {
    /// What an action-log entry records. Each workflow step of PRODUCT §2.3 has its own kind;
    /// `Edited` covers corrections of registered details, `Deleted`/`Restored` the tombstone.
    pub enum ActionKind {
        Registered => "registered",
        Assigned => "assigned",
        Extended => "extended",
        Note => "note",
        Reply => "reply",
        Concluded => "concluded",
        Reopened => "reopened",
        Edited => "edited",
        Deleted => "deleted",
        Restored => "restored",
        /// The decision to accept, not accept or forward (受理).
        Acceptance => "acceptance",
        /// A 复查 or 复核 requested, or its conclusion.
        ReviewRequested => "review_requested",
        ReviewConcluded => "review_concluded",
        /// A supervision (督办) recorded by the committee, and the handling office's answer.
        Supervised => "supervised",
        SupervisionAnswered => "supervision_answered",
        /// A reminder to the handling office (催办).
        Urged => "urged",
    }
}

closed_set! {
    /// What a 复查 or 复核 decided of the opinion before it.
    pub enum ReviewOutcome {
        Upheld => "upheld",
        Changed => "changed",
        Revoked => "revoked",
    }
}

/// The person who petitioned. Every field may be empty (anonymous letters, stripped exports).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Petitioner {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of a petition's append-only action log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: LogId,
    #[serde(with = "timestamp")]
    pub on: DateTime<Utc>,
    pub kind: ActionKind,
    #[serde(default)]
    pub text: String,
    /// The device that recorded it.
    pub by: Name,
    /// The office working at that device (absent in entries of earlier versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_id: Option<Name>,
    /// The person working at that device (经办人), as they named themselves.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by_name: String,
    /// What happened, as data (dates, offices, keys), worded when the log is shown;
    /// `text` holds only what the person wrote (a reason, a note).
    #[serde(default, skip_serializing_if = "ActionData::is_empty")]
    pub data: ActionData,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A 复查 or 复核 of the written reply (PRODUCT §4): requested within 30 days of the reply
/// (or of the 复查 opinion), decided within 30 days of its acceptance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub id: String,
    pub level: ReviewLevel,
    #[serde(deserialize_with = "day::deserialize")]
    pub requested_on: NaiveDate,
    /// The office that handles it.
    pub office_id: String,
    #[serde(default, deserialize_with = "day::option")]
    pub accepted_on: Option<NaiveDate>,
    /// 30 days from acceptance, moved off rest days; set when accepted.
    #[serde(default, deserialize_with = "day::option")]
    pub due_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "day::option")]
    pub concluded_on: Option<NaiveDate>,
    pub outcome: Option<ReviewOutcome>,
    #[serde(default)]
    pub note: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A supervision (督办) of the committee: the day the handling office must report by, and
/// the day it answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Supervision {
    pub id: String,
    #[serde(deserialize_with = "day::deserialize")]
    pub on: NaiveDate,
    pub by_office_id: String,
    #[serde(deserialize_with = "day::deserialize")]
    pub report_by: NaiveDate,
    #[serde(default)]
    pub note: String,
    #[serde(default, deserialize_with = "day::option")]
    pub answered_on: Option<NaiveDate>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Supervision {
    /// What the lateness rule reads of it.
    pub fn timing(&self) -> super::deadline::SupervisionTiming {
        super::deadline::SupervisionTiming {
            report_by: self.report_by,
            answered_on: self.answered_on,
        }
    }

    /// Late on `day` (see `SupervisionTiming::late`).
    pub fn late(&self, day: NaiveDate) -> bool {
        self.timing().late(day)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Petition {
    #[serde(flatten)]
    pub meta: Meta,
    /// The registering office.
    pub office_id: Name,
    /// Unique within its office, e.g. `GA-2022-0042`.
    pub serial: String,
    pub channel: Channel,
    #[serde(deserialize_with = "day::deserialize")]
    pub received_on: NaiveDate,
    pub petitioner: Petitioner,
    /// People who came; at least 1.
    pub headcount: u32,
    pub law_related: bool,
    pub category: Category,
    pub subject: String,
    #[serde(default)]
    pub details: String,
    /// Id of the earlier petition this one repeats.
    pub repeat_of: Option<String>,
    /// Id of the office the case was assigned to.
    pub assigned_to: Option<Name>,
    #[serde(default, deserialize_with = "day::option")]
    pub assigned_on: Option<NaiveDate>,
    /// The responsible leader (包案领导).
    #[serde(default)]
    pub leader: String,
    #[serde(deserialize_with = "day::deserialize")]
    pub due_on: NaiveDate,
    #[serde(default, deserialize_with = "day::option")]
    pub extended_to: Option<NaiveDate>,
    #[serde(default)]
    pub extension_reason: String,
    pub status: Status,
    #[serde(default, deserialize_with = "day::option")]
    pub concluded_on: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    pub satisfaction: Option<Satisfaction>,
    #[serde(default)]
    pub actions: Vec<Action>,
    // Revision 2 (optional: files without them still import, and a record without them
    // behaves as before).
    /// The decision on the case (受理 / 不予受理 / 转送).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    /// The day of that decision.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "day::option"
    )]
    pub accepted_on: Option<NaiveDate>,
    /// The reason for not accepting, or the body it was forwarded to.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub acceptance_note: String,
    /// The day the petitioner was told of the decision (告知).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "day::option"
    )]
    pub notified_on: Option<NaiveDate>,
    /// Who approved the extension.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub extension_approved_by: String,
    /// The day of the written reply (答复意见书).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "day::option"
    )]
    pub replied_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supervisions: Vec<Supervision>,
    /// The redaction mark: this copy's personal data was removed (see `domain::redaction`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
    /// The version whose personal data this copy holds, when a merge took it from another
    /// version than its own (see `domain::redaction`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_of: Option<VersionKey>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Record for Petition {
    const KIND: RecordKind = RecordKind::Petition;
    const APPEND_ONLY_FIELDS: &'static [&'static str] = &["actions"];

    fn meta(&self) -> &Meta {
        &self.meta
    }

    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }

    fn core_json(&self) -> String {
        super::redaction::core_json(self)
    }

    fn personal_key(&self) -> Option<VersionKey> {
        super::redaction::personal_key(self)
    }

    fn personal_json(&self) -> String {
        super::redaction::personal_json(self)
    }

    fn absorb_log(&mut self, local: &Self, incoming: &Self) -> bool {
        let (actions, disagreed) = union_actions(&local.actions, &incoming.actions);
        self.actions = actions;
        disagreed
    }

    fn absorb_personal_data(&mut self, local: &Self, incoming: &Self) {
        super::redaction::keep_best_personal_data(self, local, incoming);
    }
}

/// The union of two action logs by action id, ordered by (`on`, `id`). The log is
/// append-only (PRODUCT §7 revision 2): an entry `held` already has stays as it is. Of two
/// copies of one id where one is the redacted copy of the other, the full one is kept (see
/// `domain::redaction`); two that differ otherwise are a disagreement, returned as `true`.
pub fn union_actions(held: &[Action], other: &[Action]) -> (Vec<Action>, bool) {
    let mut all: Vec<&Action> = held.iter().chain(other.iter()).collect();
    // Stable: of one id, the held entry comes first.
    all.sort_by(|x, y| x.id.cmp(&y.id));
    let mut unique: Vec<Action> = Vec::with_capacity(all.len());
    let mut disagreed = false;
    for action in all {
        match unique.last_mut() {
            Some(kept) if kept.id == action.id => {
                if kept == action {
                    continue;
                }
                match super::redaction::fuller_copy(kept, action) {
                    Some(fuller) => *kept = fuller.clone(),
                    None => disagreed = true,
                }
            }
            _ => unique.push(action.clone()),
        }
    }
    unique.sort_by(|x, y| (x.on, &x.id).cmp(&(y.on, &y.id)));
    (unique, disagreed)
}

/// What the register form asks for; the rest is filled in by the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPetition {
    pub office_id: String,
    pub serial: String,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub petitioner: Petitioner,
    pub headcount: u32,
    pub law_related: bool,
    pub category: Category,
    pub subject: String,
    pub details: String,
    pub repeat_of: Option<String>,
}

impl Petition {
    /// Registers a new case: status registered, due 60 days after receipt (moved off rest
    /// days) until a decision to accept sets the due date from acceptance, one log entry.
    pub fn register(new: NewPetition, calendar: &Calendar, stamp: &Stamp) -> Petition {
        let due_on = super::deadline::default_due(new.received_on, calendar);
        let mut petition = Petition {
            meta: Meta::new(new_id(), stamp),
            office_id: new.office_id.into(),
            serial: new.serial,
            channel: new.channel,
            received_on: new.received_on,
            petitioner: new.petitioner,
            headcount: new.headcount,
            law_related: new.law_related,
            category: new.category,
            subject: new.subject,
            details: new.details,
            repeat_of: new.repeat_of,
            assigned_to: None,
            assigned_on: None,
            leader: String::new(),
            due_on,
            extended_to: None,
            extension_reason: String::new(),
            status: Status::Registered,
            concluded_on: None,
            outcome: None,
            satisfaction: None,
            actions: Vec::new(),
            acceptance: None,
            accepted_on: None,
            acceptance_note: String::new(),
            notified_on: None,
            extension_approved_by: String::new(),
            replied_on: None,
            reviews: Vec::new(),
            supervisions: Vec::new(),
            redacted: false,
            personal_of: None,
            extra: Extra::new(),
        };
        petition.push_action(ActionKind::Registered, String::new(), Vec::new(), stamp);
        petition
    }

    /// The due date that counts: the extension if there is one, else `due_on`.
    pub fn effective_due(&self) -> NaiveDate {
        self.extended_to.unwrap_or(self.due_on)
    }

    /// Whether `repeat_of` names an earlier petition (an empty string counts as none).
    pub fn is_repeat(&self) -> bool {
        self.repeat_of.as_deref().is_some_and(|id| !id.is_empty())
    }

    /// Whether the case has been assigned to an office (an empty string counts as none).
    pub fn is_assigned(&self) -> bool {
        self.assigned_to.as_deref().is_some_and(|id| !id.is_empty())
    }

    /// Whether the case was concluded on or before `day`.
    pub fn concluded_by(&self, day: NaiveDate) -> bool {
        super::deadline::Timing::of(self).concluded_by(day)
    }

    /// Deletes the case as a tombstone, logged like any other step.
    pub fn delete(&mut self, stamp: &Stamp) {
        self.meta.deleted = true;
        self.log(ActionKind::Deleted, String::new(), stamp);
    }

    pub fn restore(&mut self, stamp: &Stamp) {
        self.meta.deleted = false;
        self.log(ActionKind::Restored, String::new(), stamp);
    }

    /// Appends a log entry and counts it as an edit.
    pub fn log(&mut self, kind: ActionKind, text: String, stamp: &Stamp) {
        self.log_with(kind, text, Vec::new(), stamp);
    }

    /// Appends a log entry with what happened as data, and counts it as an edit.
    pub fn log_with(
        &mut self,
        kind: ActionKind,
        text: String,
        data: Vec<(&str, String)>,
        stamp: &Stamp,
    ) {
        self.push_action(kind, text, data, stamp);
        // An edit here makes this version the holder of whatever personal data it has.
        self.personal_of = None;
        self.meta.touch(stamp);
    }

    fn push_action(
        &mut self,
        kind: ActionKind,
        text: String,
        data: Vec<(&str, String)>,
        stamp: &Stamp,
    ) {
        self.actions.push(Action {
            id: new_id().into(),
            on: timestamp::to_millis(stamp.now),
            kind,
            text,
            by: stamp.device.as_str().into(),
            office_id: stamp.office.as_deref().map(Name::from),
            by_name: stamp.by_name.clone(),
            data: data
                .into_iter()
                .filter(|(_, value)| !value.is_empty())
                .collect(),
            extra: Extra::new(),
        });
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::record::tests::stamp;

    pub(crate) fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// An empty note with this id, made `secs` seconds after the test epoch by device `d`.
    pub(crate) fn note(id: &str, secs: i64) -> Action {
        Action {
            id: id.into(),
            on: stamp("d", secs).now,
            kind: ActionKind::Note,
            text: String::new(),
            by: "d".into(),
            office_id: None,
            by_name: String::new(),
            data: Default::default(),
            extra: Extra::new(),
        }
    }

    /// A plain registered petition for tests to adjust: received Tuesday 10 May 2022, due
    /// 9 July (set as a record of the first release has it, not moved off the weekend),
    /// with an empty log.
    pub(crate) fn sample(id: &str) -> Petition {
        let new = NewPetition {
            office_id: "o1".into(),
            serial: format!("GA-2022-{}", &id[id.len().saturating_sub(4)..]),
            channel: Channel::Visit,
            received_on: day("2022-05-10"),
            petitioner: Petitioner {
                name: "张三".into(),
                ..Petitioner::default()
            },
            headcount: 1,
            law_related: true,
            category: Category::PublicSecurity,
            subject: "邻里纠纷处理不公".into(),
            details: String::new(),
            repeat_of: None,
        };
        let mut p = Petition::register(new, &Calendar::shipped(), &stamp("dev", 0));
        p.meta = Meta::new(id, &stamp("dev", 0));
        p.due_on = day("2022-07-09");
        p.actions.clear();
        p
    }

    pub(crate) fn new_petition() -> NewPetition {
        NewPetition {
            office_id: "o1".into(),
            serial: "GA-2022-0042".into(),
            channel: Channel::Letter,
            received_on: day("2022-08-01"),
            petitioner: Petitioner::default(),
            headcount: 1,
            law_related: false,
            category: Category::Court,
            subject: "判决执行".into(),
            details: String::new(),
            repeat_of: None,
        }
    }

    #[test]
    fn registering_fills_the_deadline_and_logs_the_registration() {
        let p = Petition::register(new_petition(), &Calendar::shipped(), &stamp("dev", 0));
        assert_eq!(p.due_on, day("2022-09-30"));
        assert_eq!(p.status, Status::Registered);
        assert_eq!(p.meta.version, 1);
        assert_eq!(p.actions.len(), 1);
        assert_eq!(p.actions[0].kind, ActionKind::Registered);
        assert!(uuid::Uuid::parse_str(&p.meta.id).is_ok());
    }

    #[test]
    fn petition_round_trips_through_json_with_section_3_names() {
        let mut p = Petition::register(new_petition(), &Calendar::shipped(), &stamp("dev", 0));
        p.extra.insert("x_custom".into(), serde_json::json!(true));
        let json = serde_json::to_value(&p).unwrap();
        for key in [
            "id",
            "version",
            "updated_at",
            "updated_by",
            "deleted",
            "office_id",
            "serial",
            "channel",
            "received_on",
            "petitioner",
            "headcount",
            "law_related",
            "category",
            "subject",
            "details",
            "repeat_of",
            "assigned_to",
            "assigned_on",
            "leader",
            "due_on",
            "extended_to",
            "extension_reason",
            "status",
            "concluded_on",
            "outcome",
            "satisfaction",
            "actions",
            "x_custom",
        ] {
            assert!(json.get(key).is_some(), "missing {key}");
        }
        assert_eq!(json.as_object().unwrap().len(), 28);
        assert_eq!(json["assigned_to"], serde_json::Value::Null);
        assert_eq!(json["received_on"], "2022-08-01");
        assert_eq!(json["petitioner"]["id_number"], "");
        assert_eq!(json["actions"][0]["on"], "2022-08-21T08:00:00.000Z");
        let back: Petition = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn unknown_fields_inside_petitioner_and_actions_are_kept_and_missing_deleted_means_live() {
        let mut json = serde_json::to_value(Petition::register(
            new_petition(),
            &Calendar::shipped(),
            &stamp("dev", 0),
        ))
        .unwrap();
        json.as_object_mut().unwrap().remove("deleted");
        json["petitioner"]["ethnicity"] = "汉".into();
        json["actions"][0]["attachment"] = "scan-1.pdf".into();
        let p: Petition = serde_json::from_value(json).unwrap();
        assert!(!p.meta.deleted);
        assert_eq!(p.petitioner.extra["ethnicity"], "汉");
        let back = serde_json::to_value(&p).unwrap();
        assert_eq!(back["actions"][0]["attachment"], "scan-1.pdf");
        assert_eq!(back["deleted"], false);
    }

    #[test]
    fn every_closed_set_key_is_its_serde_name() {
        fn check<T: serde::Serialize>(all: &[T], key: impl Fn(&T) -> &'static str) {
            for item in all {
                assert_eq!(serde_json::to_value(item).unwrap(), key(item));
            }
        }
        check(Channel::ALL, Channel::key);
        check(Category::ALL, Category::key);
        check(Status::ALL, Status::key);
        check(Outcome::ALL, Outcome::key);
        check(Satisfaction::ALL, Satisfaction::key);
        check(ActionKind::ALL, ActionKind::key);
        assert_eq!(
            Channel::from_key("leader_reception"),
            Some(Channel::LeaderReception)
        );
        assert_eq!(
            Satisfaction::from_key("basically_satisfied"),
            Some(Satisfaction::BasicallySatisfied)
        );
    }

    #[test]
    fn action_union_keeps_every_id_once_in_time_order() {
        let entry = note;
        let a = vec![entry("a", 5), entry("b", 1)];
        let b = vec![entry("c", 3), entry("a", 5)];
        let ids: Vec<_> = union_actions(&a, &b).0.into_iter().map(|x| x.id).collect();
        assert_eq!(ids, ["b", "c", "a"]);
        assert_eq!(union_actions(&a, &b), union_actions(&b, &a));
    }
}
