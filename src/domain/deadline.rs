//! Deadlines of the Petition Work Regulations 2022 (信访工作条例; PRODUCT §4, revision 2):
//! the decision within 15 days of receipt, handling within 60 days of acceptance, one
//! extension of at most 30 days, 复查/复核 within 30 days; each last day moved off rest days
//! by the calendar, and the deadline stored on the record when it is set.

use chrono::{Days, NaiveDate};

use super::calendar::Calendar;
use super::conclusion::Conclusions;
use super::petition::{Acceptance, Petition, Status, Supervision};

/// Handling must finish within 60 days of acceptance.
pub const HANDLING_DAYS: u64 = 60;
/// One extension of at most 30 days past the due date (PRODUCT §4).
pub const MAX_EXTENSION_DAYS: u64 = 30;
/// The decision (受理) within 15 days of receipt (PRODUCT §4).
pub const ACCEPTANCE_DAYS: u64 = 15;
/// A 复查 or 复核 is asked for within 30 days of the opinion before it …
pub const REVIEW_REQUEST_DAYS: u64 = 30;
/// … and decided within 30 days of its acceptance.
pub const REVIEW_DAYS: u64 = 30;
/// "Due soon" looks this many days ahead.
pub const DUE_SOON_DAYS: u64 = 7;

/// The due date filled in on registration, before a decision: 60 days after receipt. A
/// record without a decision (older files) keeps the due date it carries.
pub fn default_due(received_on: NaiveDate, calendar: &Calendar) -> NaiveDate {
    calendar.deadline(received_on, HANDLING_DAYS)
}

/// The due date set on acceptance: 60 days after it (the day of acceptance not counted).
pub fn due_from_acceptance(accepted_on: NaiveDate, calendar: &Calendar) -> NaiveDate {
    calendar.deadline(accepted_on, HANDLING_DAYS)
}

/// The last day of the decision on a case received on `received_on`.
pub fn decision_due(received_on: NaiveDate, calendar: &Calendar) -> NaiveDate {
    calendar.deadline(received_on, ACCEPTANCE_DAYS)
}

/// The latest date an extension may reach.
pub fn max_extension(due_on: NaiveDate, calendar: &Calendar) -> NaiveDate {
    calendar.deadline(due_on, MAX_EXTENSION_DAYS)
}

/// An open-or-closed 复查/复核 stage as the deadline rules read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageTiming {
    pub requested_on: NaiveDate,
    pub due: NaiveDate,
    pub concluded_on: Option<NaiveDate>,
}

impl StageTiming {
    fn open_on(&self, day: NaiveDate) -> bool {
        self.requested_on <= day && self.concluded_on.is_none_or(|on| on > day)
    }
}

/// What the deadline rules read of a petition. The petition list keeps one per row in a
/// compact index, so the rules below are written once, over this, for both; the kept first
/// screen holds one per live petition (`first_screen`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    pub deleted: bool,
    pub received_on: NaiveDate,
    /// The effective due date: the extension if there is one, else `due_on`.
    pub due: NaiveDate,
    /// When the case stood concluded, by its log.
    pub conclusions: Conclusions,
    /// The day a decision not to accept, or to forward, took the handling deadline away
    /// (the day received when the record lacks the decision's day).
    pub deadline_dropped_on: Option<NaiveDate>,
    /// Waiting for a decision: none recorded, not assigned (which the first release took
    /// for acceptance) and not concluded.
    pub awaiting_decision: bool,
    /// The 复查/复核 stages with a due date.
    pub stages: Box<[StageTiming]>,
    /// The supervisions (督办).
    pub supervisions: Box<[SupervisionTiming]>,
}

/// A supervision as the lateness rule reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupervisionTiming {
    pub report_by: NaiveDate,
    pub answered_on: Option<NaiveDate>,
}

impl SupervisionTiming {
    /// Late on `day`: its report-by day has passed and it was not answered by `day`.
    pub fn late(&self, day: NaiveDate) -> bool {
        self.report_by < day && self.answered_on.is_none_or(|answered| answered > day)
    }
}

impl Timing {
    pub fn of(p: &Petition) -> Timing {
        Timing {
            deleted: p.meta.deleted,
            received_on: p.received_on,
            due: p.effective_due(),
            conclusions: Conclusions::of(p),
            deadline_dropped_on: matches!(
                p.acceptance,
                Some(Acceptance::NotAccepted | Acceptance::Forwarded)
            )
            .then(|| p.accepted_on.unwrap_or(p.received_on)),
            awaiting_decision: p.acceptance.is_none()
                && !p.is_assigned()
                && p.status != Status::Concluded,
            stages: p
                .reviews
                .iter()
                .filter_map(|r| {
                    Some(StageTiming {
                        requested_on: r.requested_on,
                        due: r.due_on?,
                        concluded_on: r.concluded_on,
                    })
                })
                .collect(),
            supervisions: p.supervisions.iter().map(Supervision::timing).collect(),
        }
    }

    /// Whether the case has a handling deadline on `day`: not refused or forwarded on or
    /// before it.
    pub fn handled_on(&self, day: NaiveDate) -> bool {
        self.deadline_dropped_on.is_none_or(|dropped| day < dropped)
    }

    /// A supervision late on `day`.
    pub fn supervision_late(&self, day: NaiveDate) -> bool {
        !self.deleted && self.supervisions.iter().any(|s| s.late(day))
    }

    /// Concluded as of `day`, by the log: a case reopened after `day` still counts.
    pub fn concluded_by(&self, day: NaiveDate) -> bool {
        self.conclusions.as_of(day).is_some()
    }

    /// Concluded as of `day` on or before the effective due date (按期办结).
    pub fn concluded_on_time(&self, day: NaiveDate) -> bool {
        self.conclusions.as_of(day).is_some_and(|on| on <= self.due)
    }

    /// Overdue on `day` (§4): not concluded by `day` with its effective due date before
    /// `day`, or a 复查/复核 stage open on `day` past its own due date. A case concluded
    /// after `day` still counts as overdue on `day`; a deleted case never does, nor one not
    /// accepted or forwarded on or before `day` (it has no handling deadline from then).
    pub fn overdue(&self, day: NaiveDate) -> bool {
        !self.deleted && (self.main_overdue(day) || self.stage_overdue(day))
    }

    fn main_overdue(&self, day: NaiveDate) -> bool {
        self.main_open(day) && self.due < day
    }

    /// The main deadline runs on `day`: the case has one then and is not concluded.
    pub fn main_open(&self, day: NaiveDate) -> bool {
        self.handled_on(day) && !self.concluded_by(day)
    }

    /// A 复查/复核 stage open on `day` past its due date.
    pub fn stage_overdue(&self, day: NaiveDate) -> bool {
        !self.deleted && self.stages.iter().any(|s| s.open_on(day) && s.due < day)
    }

    /// A 复查/复核 stage open on `day`.
    pub fn stage_open(&self, day: NaiveDate) -> bool {
        !self.deleted && self.stages.iter().any(|s| s.open_on(day))
    }

    /// Due soon on `day`: not concluded by `day`, effective due date within `day ..= day + 7`.
    pub fn due_soon(&self, day: NaiveDate) -> bool {
        let soon = |due: NaiveDate| {
            due >= day
                && due
                    <= day
                        .checked_add_days(Days::new(DUE_SOON_DAYS))
                        .unwrap_or(day)
        };
        !self.deleted
            && ((self.main_open(day) && soon(self.due))
                || self.stages.iter().any(|s| s.open_on(day) && soon(s.due)))
    }

    /// 受理超期: no decision and the 15 days after receipt (moved off rest days) are past.
    pub fn needs_acceptance_flag(&self, day: NaiveDate, calendar: &Calendar) -> bool {
        !self.deleted && self.awaiting_decision && decision_due(self.received_on, calendar) < day
    }
}

/// Overdue on `day` (see [`Timing::overdue`]).
pub fn is_overdue(p: &Petition, day: NaiveDate) -> bool {
    Timing::of(p).overdue(day)
}

/// Due soon on `day` (see [`Timing::due_soon`]).
pub fn is_due_soon(p: &Petition, day: NaiveDate) -> bool {
    Timing::of(p).due_soon(day)
}

/// Whether a case has waited past its decision deadline (受理超期).
pub fn needs_acceptance_flag(p: &Petition, day: NaiveDate, calendar: &Calendar) -> bool {
    Timing::of(p).needs_acceptance_flag(day, calendar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::petition::{Acceptance, Outcome};

    #[test]
    fn due_date_is_sixty_days_after_receipt_and_extension_at_most_thirty_more() {
        let calendar = Calendar::shipped();
        // 9 July 2022 is a Saturday: the deadline moves to Monday 11 July.
        assert_eq!(default_due(day("2022-05-10"), &calendar), day("2022-07-11"));
        assert_eq!(default_due(day("2024-01-01"), &calendar), day("2024-03-01"));
        assert_eq!(
            max_extension(day("2022-07-11"), &calendar),
            day("2022-08-10")
        );
        // Accepted 5 May 2022: 60 days later is Monday 4 July (the day of acceptance not counted).
        assert_eq!(
            due_from_acceptance(day("2022-05-05"), &calendar),
            day("2022-07-04")
        );
    }

    #[test]
    fn overdue_starts_the_day_after_the_due_date() {
        let p = sample("a"); // due 2022-07-09
        assert!(!is_overdue(&p, day("2022-07-09")));
        assert!(is_overdue(&p, day("2022-07-10")));
    }

    #[test]
    fn extension_moves_the_overdue_boundary() {
        let mut p = sample("a");
        p.extended_to = Some(day("2022-08-08"));
        assert!(!is_overdue(&p, day("2022-08-08")));
        assert!(is_overdue(&p, day("2022-08-09")));
    }

    #[test]
    fn a_case_concluded_after_the_day_was_still_overdue_on_that_day() {
        let mut p = sample("a");
        p.status = Status::Concluded;
        p.outcome = Some(Outcome::Explained);
        p.concluded_on = Some(day("2022-07-20"));
        assert!(is_overdue(&p, day("2022-07-19")));
        assert!(!is_overdue(&p, day("2022-07-20")));
        p.meta.deleted = true;
        assert!(!is_overdue(&p, day("2022-07-19")));
    }

    #[test]
    fn due_soon_covers_today_through_seven_days_ahead() {
        let p = sample("a"); // due 2022-07-09
        assert!(!is_due_soon(&p, day("2022-07-01")));
        assert!(is_due_soon(&p, day("2022-07-02")));
        assert!(is_due_soon(&p, day("2022-07-09")));
        assert!(!is_due_soon(&p, day("2022-07-10")));
        let mut concluded = p.clone();
        concluded.status = Status::Concluded;
        concluded.concluded_on = Some(day("2022-07-01"));
        assert!(!is_due_soon(&concluded, day("2022-07-05")));
    }

    #[test]
    fn a_case_without_a_decision_is_flagged_after_fifteen_days() {
        let calendar = Calendar::shipped();
        let mut p = sample("a"); // received Tuesday 10 May 2022: decision due Wednesday 25 May
        assert!(!needs_acceptance_flag(&p, day("2022-05-25"), &calendar));
        assert!(needs_acceptance_flag(&p, day("2022-05-26"), &calendar));
        p.acceptance = Some(Acceptance::Accepted);
        assert!(!needs_acceptance_flag(&p, day("2022-05-26"), &calendar));
        // Assigned without a recorded decision (the first release's records): not flagged.
        p.acceptance = None;
        p.assigned_to = Some("o2".into());
        p.status = Status::Assigned;
        assert!(!needs_acceptance_flag(&p, day("2022-05-26"), &calendar));
        // Received Friday 23 September 2022: 15 days later is 8 October, a working Saturday.
        let mut late = sample("b");
        late.received_on = day("2022-09-23");
        assert!(!needs_acceptance_flag(&late, day("2022-10-08"), &calendar));
        assert!(needs_acceptance_flag(&late, day("2022-10-09"), &calendar));
    }

    #[test]
    fn a_case_not_accepted_or_forwarded_has_no_handling_deadline() {
        let mut p = sample("a"); // due 9 July 2022
        p.acceptance = Some(Acceptance::NotAccepted);
        assert!(!is_overdue(&p, day("2022-08-01")));
        p.acceptance = Some(Acceptance::Forwarded);
        assert!(!is_overdue(&p, day("2022-08-01")));
        p.acceptance = Some(Acceptance::Accepted);
        assert!(is_overdue(&p, day("2022-08-01")));
        // Not accepted on 20 July, after its due date: overdue until that day, as a report
        // judged on a day before it says.
        p.acceptance = Some(Acceptance::NotAccepted);
        p.accepted_on = Some(day("2022-07-20"));
        assert!(is_overdue(&p, day("2022-07-19")));
        assert!(!is_overdue(&p, day("2022-07-20")));
        assert!(!is_overdue(&p, day("2022-08-01")));
    }

    #[test]
    fn an_open_review_stage_is_overdue_past_its_own_deadline() {
        let mut p = sample("a");
        p.status = Status::Concluded;
        p.outcome = Some(Outcome::Explained);
        p.concluded_on = Some(day("2022-06-01"));
        p.reviews.push(crate::domain::petition::Review {
            id: "r".into(),
            level: crate::domain::ReviewLevel::Review,
            requested_on: day("2022-06-10"),
            office_id: "o1".into(),
            accepted_on: Some(day("2022-06-10")),
            due_on: Some(day("2022-07-11")),
            concluded_on: None,
            outcome: None,
            note: String::new(),
            extra: crate::domain::record::Extra::new(),
        });
        let timing = Timing::of(&p);
        assert!(!timing.overdue(day("2022-07-11")));
        assert!(timing.overdue(day("2022-07-12")));
        assert!(timing.due_soon(day("2022-07-05")));
        assert!(!timing.stage_open(day("2022-06-09")));
        p.reviews[0].concluded_on = Some(day("2022-07-08"));
        assert!(!is_overdue(&p, day("2022-07-12")));
    }
}
