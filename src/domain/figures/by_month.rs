//! The petitions of a ledger counted month by month, judged as of one day: a period's whole
//! months are added from these counts, so that a report of a long period puts only the
//! cases of its first and last months through the rules. The counts of the few days that
//! reports judged on lately are kept (a period and last year's are judged on two days).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;

use super::count::PetitionCount;
use super::facts::{months_of, Case, WordHasher};

/// What the cases received in one month, with one handling and one registering office, add
/// to each figure, every rule applied as if the month lay in the period.
#[derive(Debug, Clone)]
pub struct MonthCount {
    /// Months counted from year 0 ([`month_number`]).
    pub month: i64,
    pub handling: u32,
    pub office: u32,
    pub count: PetitionCount,
}

/// Every month's counts as of one day, by month.
#[derive(Debug)]
pub struct MonthCounts {
    as_of: NaiveDate,
    counts: Vec<MonthCount>,
}

impl MonthCounts {
    /// Puts every case (by day received) through every rule once.
    fn of(cases: &[Case], as_of: NaiveDate) -> MonthCounts {
        let mut counts: Vec<MonthCount> = Vec::new();
        let mut slots: HashMap<(u32, u32), usize, BuildHasherDefault<WordHasher>> =
            HashMap::default();
        for (month, cases) in months_of(cases, Case::received_on) {
            slots.clear();
            for case in cases {
                let slot = *slots
                    .entry((case.handling, case.office))
                    .or_insert_with(|| {
                        counts.push(MonthCount {
                            month,
                            handling: case.handling,
                            office: case.office,
                            count: PetitionCount::default(),
                        });
                        counts.len() - 1
                    });
                counts[slot].count.add(case, as_of, true);
            }
        }
        MonthCounts { as_of, counts }
    }

    /// The counts of one month (a month number).
    pub fn of_month(&self, month: i64) -> &[MonthCount] {
        let start = self.counts.partition_point(|c| c.month < month);
        let end = self.counts.partition_point(|c| c.month <= month);
        &self.counts[start..end.max(start)]
    }
}

/// How many days' counts are kept: a period's and last year's, and those of one change of
/// the day they are judged on.
const KEPT: usize = 4;

/// The counts as of the days reports judged on lately, the latest last.
#[derive(Default)]
pub struct Judged(Mutex<Vec<Arc<MonthCounts>>>);

impl Judged {
    /// The counts of `cases` (the ledger's, by day received) as of `as_of`: kept ones, else
    /// counted now and kept.
    pub fn as_of(&self, cases: &[Case], as_of: NaiveDate) -> Arc<MonthCounts> {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let counts = match kept.iter().position(|c| c.as_of == as_of) {
            Some(at) => kept.remove(at),
            None => Arc::new(MonthCounts::of(cases, as_of)),
        };
        if kept.len() == KEPT {
            kept.remove(0);
        }
        kept.push(Arc::clone(&counts));
        counts
    }
}

/// A copy counts again when asked: the counts belong to the cases they were made from.
impl Clone for Judged {
    fn clone(&self) -> Judged {
        Judged::default()
    }
}

impl std::fmt::Debug for Judged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let days: Vec<NaiveDate> = kept.iter().map(|c| c.as_of).collect();
        f.debug_tuple("Judged").field(&days).finish()
    }
}
