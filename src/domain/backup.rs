//! The backup reminder of PRODUCT §8: the last full export is the office's backup; when it
//! is more than 7 days old, or there is none while the ledger holds work, the user is told.

use chrono::{DateTime, Utc};

/// Days after a full export at which the reminder shows.
pub const BACKUP_EVERY_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backup {
    /// A full export within the last 7 days, or nothing worth keeping yet.
    Fresh,
    /// Petitions or tallies are kept, and none were ever exported in full.
    Never,
    /// The last full export is this many whole days old (more than 7).
    Stale { days: i64 },
}

/// Whether to remind, given the time of the last full export and whether the ledger holds
/// any petition or tally.
pub fn backup_state(
    last_full_export: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    holds_work: bool,
) -> Backup {
    match last_full_export {
        None if holds_work => Backup::Never,
        None => Backup::Fresh,
        Some(at) => {
            let age = now - at;
            if age > chrono::Duration::days(BACKUP_EVERY_DAYS) {
                Backup::Stale {
                    days: age.num_days(),
                }
            } else {
                Backup::Fresh
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2022, 8, day, hour, 0, 0).unwrap()
    }

    #[test]
    fn seven_days_are_fine_and_a_moment_more_is_not() {
        let now = at(21, 10);
        assert_eq!(backup_state(Some(at(14, 10)), now, true), Backup::Fresh);
        assert_eq!(
            backup_state(Some(at(14, 9)), now, true),
            Backup::Stale { days: 7 }
        );
        assert_eq!(
            backup_state(Some(at(1, 10)), now, true),
            Backup::Stale { days: 20 }
        );
    }

    #[test]
    fn never_exported_matters_only_once_there_is_work_to_lose() {
        assert_eq!(backup_state(None, at(21, 10), true), Backup::Never);
        assert_eq!(backup_state(None, at(21, 10), false), Backup::Fresh);
    }
}
