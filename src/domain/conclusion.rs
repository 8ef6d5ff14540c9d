//! When a case stood concluded, read from its log (PRODUCT §5.1 办结 "as of" a day): a case
//! reopened after the day judged was still concluded on it, one reopened on or before it
//! and not concluded again was not. Old reports therefore keep their figures.

use chrono::{DateTime, NaiveDate, Utc};

use super::petition::{ActionKind, Petition, Status};
use super::today::china_day;

/// Days from `from` on which the case stood concluded, until it was reopened (`until`, the
/// day of reopening, is no longer concluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Span {
    fn holds(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|until| day < until)
    }
}

/// The spans in which a case stood concluded. Most cases have none or one, kept inline; the
/// earlier spans of a case concluded, reopened and concluded again are boxed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conclusions {
    pub(super) last: Option<Span>,
    pub(super) earlier: Box<[Span]>,
}

impl Conclusions {
    /// Read from the log: each conclusion opens a span on its day, each reopening closes the
    /// open one on its day. The conclusion that stands carries the record's `concluded_on`;
    /// an earlier one, whose date the record no longer holds, counts from the day it was
    /// logged (in China). A record whose log has no conclusion or reopening (older files,
    /// partial logs) stands on its status and `concluded_on`.
    pub fn of(p: &Petition) -> Conclusions {
        let standing = p.concluded_on.filter(|_| p.status == Status::Concluded);
        // Each step with the day it was logged, and the day a conclusion was dated where the
        // log says (entries of earlier versions do not).
        let mut steps: Vec<(DateTime<Utc>, ActionKind, Option<NaiveDate>)> = p
            .actions
            .iter()
            .filter(|a| matches!(a.kind, ActionKind::Concluded | ActionKind::Reopened))
            .map(|a| (a.on, a.kind, a.happened().on))
            .collect();
        if steps.is_empty() {
            return Conclusions {
                last: standing.map(|from| Span { from, until: None }),
                earlier: Box::default(),
            };
        }
        steps.sort_by_key(|(on, ..)| *on);
        let last_conclusion = steps
            .iter()
            .rposition(|(_, kind, _)| *kind == ActionKind::Concluded);
        let mut spans: Vec<Span> = Vec::new();
        let mut open: Option<NaiveDate> = None;
        for (at, (on, kind, dated)) in steps.iter().enumerate() {
            let day = china_day(on);
            match kind {
                ActionKind::Concluded => {
                    let day = match standing {
                        Some(concluded_on) if Some(at) == last_conclusion => concluded_on,
                        _ => dated.unwrap_or(day),
                    };
                    open.get_or_insert(day);
                }
                _ => {
                    if let Some(from) = open.take() {
                        spans.push(Span {
                            from,
                            until: Some(day),
                        });
                    }
                }
            }
        }
        // The status has the last word on whether the case stands concluded now.
        match (open, standing) {
            (Some(from), Some(_)) => spans.push(Span { from, until: None }),
            (None, Some(from)) => spans.push(Span { from, until: None }),
            _ => {}
        }
        let last = spans.pop();
        Conclusions {
            last,
            earlier: spans.into_boxed_slice(),
        }
    }

    /// The day the conclusion that stood on `day` was made, if the case stood concluded then;
    /// where spans overlap (a record whose status and log disagree), the earliest.
    pub fn as_of(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.last
            .iter()
            .chain(self.earlier.iter())
            .filter(|span| span.holds(day))
            .map(|span| span.from)
            .min()
    }

    /// Whether the case stands concluded now (its last span is open).
    pub fn standing(&self) -> bool {
        self.last.is_some_and(|span| span.until.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::petition::Outcome;
    use crate::domain::record::Stamp;

    /// A stamp at noon (China) of `date`.
    fn at(date: &str) -> Stamp {
        let noon = day(date).and_hms_opt(4, 0, 0).unwrap().and_utc();
        Stamp {
            device: "d".into(),
            now: noon,
            office: None,
            by_name: String::new(),
        }
    }

    #[test]
    fn a_case_reopened_after_the_day_judged_was_concluded_on_it() {
        let mut p = sample("a");
        p.conclude(
            day("2022-08-20"),
            Outcome::Explained,
            None,
            &at("2022-08-20"),
        );
        p.reopen("补充材料".into(), day("2022-12-31"), &at("2022-09-10"));
        let c = Conclusions::of(&p);
        assert_eq!(c.as_of(day("2022-08-19")), None);
        assert_eq!(c.as_of(day("2022-08-20")), Some(day("2022-08-20")));
        assert_eq!(c.as_of(day("2022-09-09")), Some(day("2022-08-20")));
        // Reopened on 10 September: no longer concluded that day.
        assert_eq!(c.as_of(day("2022-09-10")), None);
        assert!(!c.standing());
    }

    #[test]
    fn a_conclusion_since_reopened_counts_from_the_day_its_entry_gives() {
        let mut p = sample("a");
        p.conclude(
            day("2022-08-18"),
            Outcome::Explained,
            None,
            &at("2022-08-21"),
        );
        p.reopen(String::new(), day("2022-12-31"), &at("2022-09-10"));
        let c = Conclusions::of(&p);
        assert_eq!(c.as_of(day("2022-08-17")), None);
        assert_eq!(c.as_of(day("2022-08-18")), Some(day("2022-08-18")));
        // An entry of an earlier version has no date in it: the day it was logged stands in.
        p.actions[0].data.clear();
        let c = Conclusions::of(&p);
        assert_eq!(c.as_of(day("2022-08-20")), None);
        assert_eq!(c.as_of(day("2022-08-21")), Some(day("2022-08-21")));
    }

    #[test]
    fn concluded_again_after_a_reopening_counts_from_the_new_date() {
        let mut p = sample("a");
        p.conclude(
            day("2022-08-20"),
            Outcome::Explained,
            None,
            &at("2022-08-20"),
        );
        p.reopen(String::new(), day("2022-12-31"), &at("2022-09-01"));
        p.conclude(
            day("2022-09-15"),
            Outcome::Mediated,
            None,
            &at("2022-09-16"),
        );
        let c = Conclusions::of(&p);
        assert_eq!(c.as_of(day("2022-08-31")), Some(day("2022-08-20")));
        assert_eq!(c.as_of(day("2022-09-05")), None);
        assert_eq!(c.as_of(day("2022-09-15")), Some(day("2022-09-15")));
        assert!(c.standing());
    }

    #[test]
    fn a_record_without_conclusions_in_its_log_stands_on_its_status() {
        let mut p = sample("a");
        p.status = Status::Concluded;
        p.concluded_on = Some(day("2022-06-01"));
        p.outcome = Some(Outcome::Explained);
        assert_eq!(
            Conclusions::of(&p).as_of(day("2022-06-01")),
            Some(day("2022-06-01"))
        );
        assert_eq!(Conclusions::of(&p).as_of(day("2022-05-31")), None);
        p.status = Status::InProgress;
        assert_eq!(Conclusions::of(&p).as_of(day("2030-01-01")), None);
    }

    #[test]
    fn the_status_overrides_a_log_that_ends_otherwise() {
        // A log that ends concluded on a record no longer concluded (a partial log from a file).
        let mut p = sample("a");
        p.conclude(
            day("2022-08-20"),
            Outcome::Explained,
            None,
            &at("2022-08-20"),
        );
        p.status = Status::InProgress;
        p.concluded_on = None;
        assert_eq!(Conclusions::of(&p).as_of(day("2022-09-01")), None);
    }
}
