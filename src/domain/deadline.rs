//! Deadlines of the Petition Work Regulations 2022 (信访工作条例, Art. 22–36; PRODUCT §4).

use chrono::{Days, NaiveDate};

use super::conclusion::Conclusions;
use super::petition::{Petition, Status};

/// Handling must finish within 60 days of receipt.
pub const HANDLING_DAYS: u64 = 60;
/// One extension of at most 30 days past the due date (Art. 34).
pub const MAX_EXTENSION_DAYS: u64 = 30;
/// The petitioner must be told within 15 days whether the case is accepted (Art. 23).
pub const ACCEPTANCE_DAYS: i64 = 15;
/// "Due soon" looks this many days ahead.
pub const DUE_SOON_DAYS: u64 = 7;

/// The due date filled in on registration: 60 days after receipt.
pub fn default_due(received_on: NaiveDate) -> NaiveDate {
    received_on + Days::new(HANDLING_DAYS)
}

/// The latest date an extension may reach.
pub fn max_extension(due_on: NaiveDate) -> NaiveDate {
    due_on + Days::new(MAX_EXTENSION_DAYS)
}

/// What the deadline rules read of a petition. The petition list keeps one per row in a
/// compact index, so the rules below are written once, over this, for both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    pub deleted: bool,
    pub received_on: NaiveDate,
    /// The effective due date: the extension if there is one, else `due_on`.
    pub due: NaiveDate,
    /// When the case stood concluded, by its log.
    pub conclusions: Conclusions,
    /// Registered and not assigned: still waiting to be accepted.
    pub awaiting_acceptance: bool,
}

impl Timing {
    pub fn of(p: &Petition) -> Timing {
        Timing {
            deleted: p.meta.deleted,
            received_on: p.received_on,
            due: p.effective_due(),
            conclusions: Conclusions::of(p),
            awaiting_acceptance: p.status == Status::Registered && !p.is_assigned(),
        }
    }

    /// Concluded as of `day`, by the log: a case reopened after `day` still counts.
    pub fn concluded_by(&self, day: NaiveDate) -> bool {
        self.conclusions.as_of(day).is_some()
    }

    /// Concluded as of `day` on or before the effective due date (按期办结).
    pub fn concluded_on_time(&self, day: NaiveDate) -> bool {
        self.conclusions.as_of(day).is_some_and(|on| on <= self.due)
    }

    /// Overdue on `day`: not concluded by `day` and the effective due date is before `day`.
    /// A case concluded after `day` still counts as overdue on `day`; a deleted case never does.
    pub fn overdue(&self, day: NaiveDate) -> bool {
        !self.deleted && !self.concluded_by(day) && self.due < day
    }

    /// Due soon on `day`: not concluded by `day`, effective due date within `day ..= day + 7`.
    pub fn due_soon(&self, day: NaiveDate) -> bool {
        !self.deleted
            && !self.concluded_by(day)
            && self.due >= day
            && self.due <= day + Days::new(DUE_SOON_DAYS)
    }

    /// A registered, unassigned case that has waited more than 15 days for acceptance.
    pub fn needs_acceptance_flag(&self, day: NaiveDate) -> bool {
        !self.deleted
            && self.awaiting_acceptance
            && (day - self.received_on).num_days() > ACCEPTANCE_DAYS
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

/// Whether a registered, unassigned case has waited more than 15 days for acceptance.
pub fn needs_acceptance_flag(p: &Petition, day: NaiveDate) -> bool {
    Timing::of(p).needs_acceptance_flag(day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::petition::Outcome;

    #[test]
    fn due_date_is_sixty_days_after_receipt_and_extension_at_most_thirty_more() {
        assert_eq!(default_due(day("2022-05-10")), day("2022-07-09"));
        assert_eq!(default_due(day("2024-01-01")), day("2024-03-01"));
        assert_eq!(max_extension(day("2022-07-09")), day("2022-08-08"));
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
    fn unassigned_case_is_flagged_after_fifteen_days() {
        let mut p = sample("a"); // received 2022-05-10
        assert!(!needs_acceptance_flag(&p, day("2022-05-25")));
        assert!(needs_acceptance_flag(&p, day("2022-05-26")));
        p.assigned_to = Some("o2".into());
        p.status = Status::Assigned;
        assert!(!needs_acceptance_flag(&p, day("2022-05-26")));
    }
}
