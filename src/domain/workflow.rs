//! The steps of working a petition under 《信访工作条例》 (PRODUCT §2.3, §4 revision 2):
//! accept, not accept or forward; assign; extend once with an approver; reply; conclude and
//! reopen with a new due date; 复查 and 复核; 督办, its answer and 催办. Each step records
//! what happened as data in the log (worded when shown) and raises the version once; the
//! deadlines come from the calendar of rest days and are stored on the record.

use chrono::NaiveDate;

use super::calendar::Calendar;
use super::deadline::{
    due_from_acceptance, max_extension, HANDLING_DAYS, REVIEW_DAYS, REVIEW_REQUEST_DAYS,
};
use super::petition::{
    Acceptance, Action, ActionKind, Outcome, Petition, Review, ReviewLevel, ReviewOutcome,
    Satisfaction, Status, Supervision,
};
use super::record::{new_id, Extra, Stamp};
use super::validate::{Problem, ProblemKind};

/// Why a step cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepRefused {
    /// The deadline was extended once already (the regulations allow one).
    AlreadyExtended,
    /// An extension past 30 days after the due date; the latest day allowed.
    ExtensionTooLong { latest: NaiveDate },
    /// An extension without the reason or the name of who approved it.
    ExtensionUnexplained { reason: bool, approver: bool },
    /// A 复核 asked for without a concluded 复查 before it.
    NoReviewToRecheck,
    /// A 复查 asked for without a written reply, or a 复核 while the 复查 is open.
    NothingToReview,
    /// Asked for after the 30 days after the reply (or the 复查 opinion); the last day.
    ReviewTooLate { last: NaiveDate },
    /// No stage or supervision with that id.
    Unknown,
}

impl StepRefused {
    /// The refusal as problems of the fields it concerns, for the form that took the step.
    pub fn problems(&self) -> Vec<Problem> {
        let problem = |field: &str, kind| Problem {
            field: field.to_string(),
            kind,
        };
        let (field, kind) = match *self {
            StepRefused::ExtensionUnexplained { reason, approver } => {
                let missing = [
                    (reason, "extension_reason"),
                    (approver, "extension_approved_by"),
                ];
                return missing
                    .into_iter()
                    .filter(|(missing, _)| *missing)
                    .map(|(_, field)| problem(field, ProblemKind::Required))
                    .collect();
            }
            StepRefused::AlreadyExtended => ("extended_to", ProblemKind::ExtendedTwice),
            StepRefused::ExtensionTooLong { latest } => {
                ("extended_to", ProblemKind::ExtensionTooLong { max: latest })
            }
            StepRefused::NoReviewToRecheck => ("reviews.level", ProblemKind::NoReviewToRecheck),
            StepRefused::NothingToReview => ("reviews.level", ProblemKind::NothingToReview),
            StepRefused::ReviewTooLate { last } => {
                ("reviews.requested_on", ProblemKind::ReviewTooLate { last })
            }
            StepRefused::Unknown => ("reviews", ProblemKind::UnknownStage),
        };
        vec![problem(field, kind)]
    }
}

/// The names of what a log entry records in its data, for the steps that write it and
/// [`Happened`] that reads it back.
pub mod key {
    pub const DECISION: &str = "decision";
    pub const ON: &str = "on";
    pub const NOTIFIED_ON: &str = "notified_on";
    pub const DUE_ON: &str = "due_on";
    pub const OFFICE_ID: &str = "office_id";
    pub const LEADER: &str = "leader";
    pub const TO: &str = "to";
    pub const APPROVED_BY: &str = "approved_by";
    pub const OUTCOME: &str = "outcome";
    pub const SATISFACTION: &str = "satisfaction";
    pub const REVIEW: &str = "review";
    pub const LEVEL: &str = "level";
    pub const SUPERVISION: &str = "supervision";
    pub const REPORT_BY: &str = "report_by";
}

/// What a log entry says happened, read from its data; each part absent where the entry
/// does not say it (entries of earlier versions say nothing: their text is all there is).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Happened {
    pub on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub notified_on: Option<NaiveDate>,
    /// An extension's new date.
    pub to: Option<NaiveDate>,
    pub report_by: Option<NaiveDate>,
    pub office_id: Option<String>,
    pub leader: Option<String>,
    pub approved_by: Option<String>,
    pub decision: Option<Acceptance>,
    pub outcome: Option<Outcome>,
    pub satisfaction: Option<Satisfaction>,
    pub level: Option<ReviewLevel>,
    pub review_outcome: Option<ReviewOutcome>,
}

impl Action {
    pub fn happened(&self) -> Happened {
        let text = |name: &str| {
            self.data
                .get(name)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let date = |name: &str| self.data.get(name).and_then(|v| v.parse().ok());
        let keyed = |name: &str| self.data.get(name).unwrap_or_default();
        Happened {
            on: date(key::ON),
            due_on: date(key::DUE_ON),
            notified_on: date(key::NOTIFIED_ON),
            to: date(key::TO),
            report_by: date(key::REPORT_BY),
            office_id: text(key::OFFICE_ID),
            leader: text(key::LEADER),
            approved_by: text(key::APPROVED_BY),
            decision: Acceptance::from_key(keyed(key::DECISION)),
            outcome: Outcome::from_key(keyed(key::OUTCOME)),
            satisfaction: Satisfaction::from_key(keyed(key::SATISFACTION)),
            level: ReviewLevel::from_key(keyed(key::LEVEL)),
            review_outcome: ReviewOutcome::from_key(keyed(key::OUTCOME)),
        }
    }
}

fn day(on: NaiveDate) -> String {
    on.to_string()
}

impl Petition {
    /// The decision within 15 days of receipt (受理 / 不予受理 with the reason / 转送 with the
    /// body): accepting sets the handling deadline, 60 days from acceptance.
    pub fn decide(
        &mut self,
        decision: Acceptance,
        on: NaiveDate,
        note: String,
        notified_on: Option<NaiveDate>,
        calendar: &Calendar,
        stamp: &Stamp,
    ) {
        self.acceptance = Some(decision);
        self.accepted_on = Some(on);
        self.acceptance_note = note.clone();
        self.notified_on = notified_on;
        if decision == Acceptance::Accepted {
            self.due_on = due_from_acceptance(on, calendar);
            self.extended_to = None;
        }
        let data = vec![
            (key::DECISION, decision.key().to_string()),
            (key::ON, day(on)),
            (key::NOTIFIED_ON, notified_on.map(day).unwrap_or_default()),
            (key::DUE_ON, day(self.due_on)),
        ];
        self.log_with(ActionKind::Acceptance, note, data, stamp);
    }

    /// Assigns the case to an office with a responsible leader (交办).
    pub fn assign(&mut self, office_id: String, leader: String, on: NaiveDate, stamp: &Stamp) {
        let data = vec![
            (key::OFFICE_ID, office_id.clone()),
            (key::LEADER, leader.clone()),
            (key::ON, day(on)),
        ];
        self.assigned_to = Some(office_id.into());
        self.leader = leader;
        self.assigned_on = Some(on);
        if self.status == Status::Registered {
            self.status = Status::Assigned;
        }
        self.log_with(ActionKind::Assigned, String::new(), data, stamp);
    }

    /// Extends the deadline once, at most 30 days past the due date, with the reason and
    /// who approved it (PRODUCT §4).
    pub fn extend(
        &mut self,
        to: NaiveDate,
        reason: String,
        approved_by: String,
        calendar: &Calendar,
        stamp: &Stamp,
    ) -> Result<(), StepRefused> {
        if self.extended_to.is_some() || self.extension_count() > 0 {
            return Err(StepRefused::AlreadyExtended);
        }
        let latest = max_extension(self.due_on, calendar);
        if to > latest {
            return Err(StepRefused::ExtensionTooLong { latest });
        }
        let (reason_missing, approver_missing) =
            (reason.trim().is_empty(), approved_by.trim().is_empty());
        if reason_missing || approver_missing {
            return Err(StepRefused::ExtensionUnexplained {
                reason: reason_missing,
                approver: approver_missing,
            });
        }
        self.extended_to = Some(to);
        self.extension_reason = reason.clone();
        self.extension_approved_by = approved_by.clone();
        let data = vec![(key::TO, day(to)), (key::APPROVED_BY, approved_by)];
        self.log_with(ActionKind::Extended, reason, data, stamp);
        Ok(())
    }

    /// How many extensions the log records.
    pub fn extension_count(&self) -> usize {
        self.actions
            .iter()
            .filter(|a| a.kind == ActionKind::Extended)
            .count()
    }

    /// Records a note, or a reply; a reply moves an assigned case into progress.
    pub fn add_entry(&mut self, kind: ActionKind, text: String, stamp: &Stamp) {
        if kind == ActionKind::Reply && self.status == Status::Assigned {
            self.status = Status::InProgress;
        }
        self.log(kind, text, stamp);
    }

    /// The written reply (答复意见书) given on `on`: from it the petitioner has 30 days to
    /// ask for a 复查.
    pub fn reply(&mut self, on: NaiveDate, text: String, stamp: &Stamp) {
        if self.status == Status::Assigned {
            self.status = Status::InProgress;
        }
        self.replied_on = Some(on);
        self.log_with(ActionKind::Reply, text, vec![(key::ON, day(on))], stamp);
    }

    pub fn conclude(
        &mut self,
        on: NaiveDate,
        outcome: Outcome,
        satisfaction: Option<Satisfaction>,
        stamp: &Stamp,
    ) {
        self.status = Status::Concluded;
        self.concluded_on = Some(on);
        self.outcome = Some(outcome);
        self.satisfaction = satisfaction;
        let data = vec![
            (key::ON, day(on)),
            (key::OUTCOME, outcome.key().to_string()),
            (
                "satisfaction",
                satisfaction
                    .map(|s| s.key().to_string())
                    .unwrap_or_default(),
            ),
        ];
        self.log_with(ActionKind::Concluded, String::new(), data, stamp);
    }

    /// Reopens a concluded case with a new due date (the default is reopened + 60 days):
    /// back in progress (or registered if never assigned), conclusion and extension cleared.
    pub fn reopen(&mut self, reason: String, due_on: NaiveDate, stamp: &Stamp) {
        self.status = if self.is_assigned() {
            Status::InProgress
        } else {
            Status::Registered
        };
        self.concluded_on = None;
        self.outcome = None;
        self.satisfaction = None;
        self.due_on = due_on;
        self.extended_to = None;
        self.log_with(
            ActionKind::Reopened,
            reason,
            vec![(key::DUE_ON, day(due_on))],
            stamp,
        );
    }

    /// The reopened case's default due date.
    pub fn reopened_due(reopened: NaiveDate, calendar: &Calendar) -> NaiveDate {
        calendar.deadline(reopened, HANDLING_DAYS)
    }

    /// A 复查 (after the written reply) or 复核 (after a concluded 复查), asked for within 30
    /// days and accepted on the day asked; decided within 30 days of acceptance.
    pub fn request_review(
        &mut self,
        level: ReviewLevel,
        requested_on: NaiveDate,
        office_id: String,
        calendar: &Calendar,
        stamp: &Stamp,
    ) -> Result<(), StepRefused> {
        let from = match level {
            ReviewLevel::Review => self.replied_on.ok_or(StepRefused::NothingToReview)?,
            ReviewLevel::Recheck => self
                .reviews
                .iter()
                .filter(|r| r.level == ReviewLevel::Review)
                .filter_map(|r| r.concluded_on)
                .max()
                .ok_or(StepRefused::NoReviewToRecheck)?,
        };
        if self.reviews.iter().any(|r| r.concluded_on.is_none()) {
            return Err(StepRefused::NothingToReview);
        }
        let last = calendar.deadline(from, REVIEW_REQUEST_DAYS);
        if requested_on > last {
            return Err(StepRefused::ReviewTooLate { last });
        }
        let due_on = calendar.deadline(requested_on, REVIEW_DAYS);
        let review = Review {
            id: new_id(),
            level,
            requested_on,
            office_id: office_id.clone(),
            accepted_on: Some(requested_on),
            due_on: Some(due_on),
            concluded_on: None,
            outcome: None,
            note: String::new(),
            extra: Extra::new(),
        };
        let data = vec![
            (key::REVIEW, review.id.clone()),
            (key::LEVEL, level.key().to_string()),
            (key::ON, day(requested_on)),
            (key::OFFICE_ID, office_id),
            (key::DUE_ON, day(due_on)),
        ];
        self.reviews.push(review);
        self.log_with(ActionKind::ReviewRequested, String::new(), data, stamp);
        Ok(())
    }

    /// The opinion of a 复查 or 复核.
    pub fn conclude_review(
        &mut self,
        id: &str,
        on: NaiveDate,
        outcome: ReviewOutcome,
        note: String,
        stamp: &Stamp,
    ) -> Result<(), StepRefused> {
        let review = self
            .reviews
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or(StepRefused::Unknown)?;
        review.concluded_on = Some(on);
        review.outcome = Some(outcome);
        review.note = note.clone();
        let data = vec![
            (key::REVIEW, id.to_string()),
            (key::LEVEL, review.level.key().to_string()),
            (key::ON, day(on)),
            (key::OUTCOME, outcome.key().to_string()),
        ];
        self.log_with(ActionKind::ReviewConcluded, note, data, stamp);
        Ok(())
    }

    /// A supervision (督办) by `by_office_id`, to be reported on by `report_by`.
    pub fn supervise(
        &mut self,
        on: NaiveDate,
        by_office_id: String,
        report_by: NaiveDate,
        note: String,
        stamp: &Stamp,
    ) {
        let supervision = Supervision {
            id: new_id(),
            on,
            by_office_id: by_office_id.clone(),
            report_by,
            note: note.clone(),
            answered_on: None,
            extra: Extra::new(),
        };
        let data = vec![
            (key::SUPERVISION, supervision.id.clone()),
            (key::ON, day(on)),
            (key::OFFICE_ID, by_office_id),
            (key::REPORT_BY, day(report_by)),
        ];
        self.supervisions.push(supervision);
        self.log_with(ActionKind::Supervised, note, data, stamp);
    }

    /// The handling office's answer to a supervision.
    pub fn answer_supervision(
        &mut self,
        id: &str,
        on: NaiveDate,
        note: String,
        stamp: &Stamp,
    ) -> Result<(), StepRefused> {
        let supervision = self
            .supervisions
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or(StepRefused::Unknown)?;
        supervision.answered_on = Some(on);
        let data = vec![(key::SUPERVISION, id.to_string()), (key::ON, day(on))];
        self.log_with(ActionKind::SupervisionAnswered, note, data, stamp);
        Ok(())
    }

    /// A reminder to the handling office (催办): an entry of the log.
    pub fn urge(&mut self, text: String, stamp: &Stamp) {
        self.log(ActionKind::Urged, text, stamp);
    }
}

#[cfg(test)]
mod tests;
