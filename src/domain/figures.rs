//! The report figures of PRODUCT §5: petition counts and rates, tally sums, and the
//! comparison with the same period one year earlier.
//!
//! The definitions are the contract of the report download, so the field names here are
//! exactly the §5.1 keys. Each function is one pass over the records without allocating
//! per record, since a city ledger holds some 100,000 petitions and 500,000 tallies.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::deadline::is_overdue;
use super::petition::{Channel, Petition, Satisfaction, Status};
use super::tally::Tally;

/// Which records a report covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// First day of the period, inclusive.
    pub from: NaiveDate,
    /// Last day of the period, inclusive.
    pub to: NaiveDate,
    /// Office ids in scope; `None` for all offices.
    pub offices: Option<BTreeSet<String>>,
    /// The day on which "concluded" and "overdue" are judged.
    pub as_of: NaiveDate,
}

impl Scope {
    /// A scope judged as of its last day, the default of PRODUCT §5.
    pub fn new(from: NaiveDate, to: NaiveDate, offices: Option<BTreeSet<String>>) -> Scope {
        Scope {
            from,
            to,
            offices,
            as_of: to,
        }
    }

    pub fn includes(&self, day: NaiveDate, office_id: &str) -> bool {
        day >= self.from
            && day <= self.to
            && self
                .offices
                .as_ref()
                .is_none_or(|offices| offices.contains(office_id))
    }
}

/// The petition figures of §5.1. Rates are fractions in 0..=1, `None` when undefined.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PetitionFigures {
    pub total: u64,
    pub visits: u64,
    pub visit_people: u64,
    pub letters: u64,
    pub calls: u64,
    pub online: u64,
    pub referrals: u64,
    pub repeat: u64,
    pub collective: u64,
    pub law_related: u64,
    pub assigned: u64,
    pub concluded: u64,
    pub closure_rate: Option<f64>,
    pub overdue: u64,
    pub satisfaction_rate: Option<f64>,
}

impl PetitionFigures {
    /// The §5.1 keys in report order.
    pub const KEYS: [&'static str; 15] = [
        "total",
        "visits",
        "visit_people",
        "letters",
        "calls",
        "online",
        "referrals",
        "repeat",
        "collective",
        "law_related",
        "assigned",
        "concluded",
        "closure_rate",
        "overdue",
        "satisfaction_rate",
    ];

    /// Every figure by key, in the order of `KEYS`, counts as numbers: for templates and tables.
    pub fn entries(&self) -> [(&'static str, Option<f64>); 15] {
        let n = |count: u64| Some(count as f64);
        let values = [
            n(self.total),
            n(self.visits),
            n(self.visit_people),
            n(self.letters),
            n(self.calls),
            n(self.online),
            n(self.referrals),
            n(self.repeat),
            n(self.collective),
            n(self.law_related),
            n(self.assigned),
            n(self.concluded),
            self.closure_rate,
            n(self.overdue),
            self.satisfaction_rate,
        ];
        let mut out = [("", None); 15];
        for (slot, (key, value)) in out.iter_mut().zip(Self::KEYS.into_iter().zip(values)) {
            *slot = (key, value);
        }
        out
    }

    /// The figure with this key, `None` for an unknown key, `Some(None)` for an undefined rate.
    pub fn get(&self, key: &str) -> Option<Option<f64>> {
        self.entries()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }
}

/// All figures of §5 for one scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub petitions: PetitionFigures,
    /// Sum per metric key (§5.2), plus the derived `officers_disciplined`.
    pub tallies: BTreeMap<String, f64>,
}

/// A case that came in person: a visit, or received by a leader.
fn is_visit(channel: Channel) -> bool {
    matches!(channel, Channel::Visit | Channel::LeaderReception)
}

/// A group visit (集体访) brings at least this many people.
pub const COLLECTIVE_HEADCOUNT: u32 = 5;

pub fn petition_figures<'a>(
    petitions: impl IntoIterator<Item = &'a Petition>,
    scope: &Scope,
) -> PetitionFigures {
    let mut f = PetitionFigures::default();
    let (mut rated, mut satisfied) = (0u64, 0u64);
    for p in petitions {
        if p.meta.deleted || !scope.includes(p.received_on, &p.office_id) {
            continue;
        }
        f.total += 1;
        match p.channel {
            Channel::Visit | Channel::LeaderReception => {}
            Channel::Letter => f.letters += 1,
            Channel::Phone => f.calls += 1,
            Channel::Online => f.online += 1,
            Channel::Referral => f.referrals += 1,
        }
        if is_visit(p.channel) {
            f.visits += 1;
            f.visit_people += u64::from(p.headcount);
            if p.headcount >= COLLECTIVE_HEADCOUNT {
                f.collective += 1;
            }
        }
        let repeat = p.is_repeat();
        if repeat {
            f.repeat += 1;
        }
        if p.law_related && !repeat {
            f.law_related += 1;
            if p.is_assigned() {
                f.assigned += 1;
            }
            if p.status == Status::Concluded && p.concluded_on.is_some_and(|on| on <= scope.as_of) {
                f.concluded += 1;
            }
        }
        if !repeat && is_overdue(p, scope.as_of) {
            f.overdue += 1;
        }
        if let Some(rating) = p.satisfaction {
            rated += 1;
            if rating != Satisfaction::Unsatisfied {
                satisfied += 1;
            }
        }
    }
    f.closure_rate = ratio(f.concluded, f.law_related);
    f.satisfaction_rate = ratio(satisfied, rated);
    f
}

/// `part / whole`, undefined for no whole.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The metrics summed into the derived `officers_disciplined`.
pub const DISCIPLINE_PARTS: [&str; 4] = [
    "officers_arrested",
    "officers_dismissed",
    "officers_removed",
    "officers_sanctioned",
];
pub const OFFICERS_DISCIPLINED: &str = "officers_disciplined";

/// Tally sums per metric (§5.2). The derived `officers_disciplined` is present when any of
/// its parts is, and replaces any tallies stored under that key.
pub fn tally_figures<'a>(
    tallies: impl IntoIterator<Item = &'a Tally>,
    scope: &Scope,
) -> BTreeMap<String, f64> {
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    for t in tallies {
        if t.meta.deleted || !scope.includes(t.on, &t.office_id) {
            continue;
        }
        match sums.get_mut(t.metric.as_str()) {
            Some(sum) => *sum += t.value,
            None => {
                sums.insert(t.metric.clone(), t.value);
            }
        }
    }
    add_officers_disciplined(&mut sums);
    sums
}

/// Adds the derived `officers_disciplined` to sums per metric when any of its parts is
/// there, replacing any sum stored under that key.
pub fn add_officers_disciplined(sums: &mut BTreeMap<String, f64>) {
    let parts: Vec<f64> = DISCIPLINE_PARTS
        .iter()
        .filter_map(|k| sums.get(*k).copied())
        .collect();
    if !parts.is_empty() {
        sums.insert(OFFICERS_DISCIPLINED.to_string(), parts.iter().sum());
    }
}

pub fn figures<'a, 'b>(
    petitions: impl IntoIterator<Item = &'a Petition>,
    tallies: impl IntoIterator<Item = &'b Tally>,
    scope: &Scope,
) -> Figures {
    Figures {
        petitions: petition_figures(petitions, scope),
        tallies: tally_figures(tallies, scope),
    }
}

/// The same day one year earlier; 29 February maps to 28 February.
pub fn one_year_earlier(day: NaiveDate) -> NaiveDate {
    let year = day.year() - 1;
    NaiveDate::from_ymd_opt(year, day.month(), day.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28))
        .unwrap_or(day)
}

/// The same scope one year earlier (§5.4), `as_of` shifted the same way.
pub fn previous_scope(scope: &Scope) -> Scope {
    Scope {
        from: one_year_earlier(scope.from),
        to: one_year_earlier(scope.to),
        offices: scope.offices.clone(),
        as_of: one_year_earlier(scope.as_of),
    }
}

/// Current minus previous, for every §5.1 key. Rates change only when both are defined.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PetitionChange {
    pub total: i64,
    pub visits: i64,
    pub visit_people: i64,
    pub letters: i64,
    pub calls: i64,
    pub online: i64,
    pub referrals: i64,
    pub repeat: i64,
    pub collective: i64,
    pub law_related: i64,
    pub assigned: i64,
    pub concluded: i64,
    pub closure_rate: Option<f64>,
    pub overdue: i64,
    pub satisfaction_rate: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub petitions: PetitionChange,
    /// For every metric in either year; a metric missing in one year counts as 0 there.
    pub tallies: BTreeMap<String, f64>,
}

/// The figures of a scope beside those of the year before (同比).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub scope: Scope,
    pub previous_scope: Scope,
    pub current: Figures,
    pub previous: Figures,
    pub change: Change,
}

fn difference(current: u64, previous: u64) -> i64 {
    current as i64 - previous as i64
}

fn rate_difference(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    Some(current? - previous?)
}

pub fn change(current: &Figures, previous: &Figures) -> Change {
    let (c, p) = (&current.petitions, &previous.petitions);
    let petitions = PetitionChange {
        total: difference(c.total, p.total),
        visits: difference(c.visits, p.visits),
        visit_people: difference(c.visit_people, p.visit_people),
        letters: difference(c.letters, p.letters),
        calls: difference(c.calls, p.calls),
        online: difference(c.online, p.online),
        referrals: difference(c.referrals, p.referrals),
        repeat: difference(c.repeat, p.repeat),
        collective: difference(c.collective, p.collective),
        law_related: difference(c.law_related, p.law_related),
        assigned: difference(c.assigned, p.assigned),
        concluded: difference(c.concluded, p.concluded),
        closure_rate: rate_difference(c.closure_rate, p.closure_rate),
        overdue: difference(c.overdue, p.overdue),
        satisfaction_rate: rate_difference(c.satisfaction_rate, p.satisfaction_rate),
    };
    let keys: BTreeSet<&String> = current
        .tallies
        .keys()
        .chain(previous.tallies.keys())
        .collect();
    let tallies = keys
        .into_iter()
        .map(|key| {
            let now = current.tallies.get(key).copied().unwrap_or(0.0);
            let then = previous.tallies.get(key).copied().unwrap_or(0.0);
            (key.clone(), now - then)
        })
        .collect();
    Change { petitions, tallies }
}

/// Figures for `scope` and for the same period a year earlier, with the change.
pub fn compare<'a, 'b, P, T>(petitions: P, tallies: T, scope: &Scope) -> Comparison
where
    P: IntoIterator<Item = &'a Petition> + Clone,
    T: IntoIterator<Item = &'b Tally> + Clone,
{
    let previous_scope = previous_scope(scope);
    let current = figures(petitions.clone(), tallies.clone(), scope);
    let previous = figures(petitions, tallies, &previous_scope);
    let change = change(&current, &previous);
    Comparison {
        scope: scope.clone(),
        previous_scope,
        current,
        previous,
        change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::petition::Outcome;

    /// May 2022, judged on 31 May, all offices.
    fn may() -> Scope {
        Scope::new(day("2022-05-01"), day("2022-05-31"), None)
    }

    /// A live, law-related, unassigned one-person visit received 10 May 2022 by office o1,
    /// due 9 July, then changed by `edit`.
    fn p(edit: impl FnOnce(&mut Petition)) -> Petition {
        let mut petition = sample("p");
        edit(&mut petition);
        petition
    }

    fn channel(channel: Channel, headcount: u32) -> Petition {
        p(|p| {
            p.channel = channel;
            p.headcount = headcount;
        })
    }

    fn concluded(on: &str) -> impl FnOnce(&mut Petition) + '_ {
        move |p| {
            p.status = Status::Concluded;
            p.concluded_on = Some(day(on));
            p.outcome = Some(Outcome::Explained);
        }
    }

    fn rated(rating: Option<Satisfaction>) -> Petition {
        p(|p| p.satisfaction = rating)
    }

    #[test]
    fn every_petition_key_counts_exactly_what_section_5_1_says() {
        use Channel::*;
        let cases: Vec<(&str, &str, Vec<Petition>, Option<f64>)> = vec![
            (
                "total",
                "deleted and out-of-period petitions are left out; period ends are inclusive",
                vec![
                    p(|_| {}),
                    p(|p| p.meta.deleted = true),
                    p(|p| p.received_on = day("2022-04-30")),
                    p(|p| p.received_on = day("2022-06-01")),
                    p(|p| p.received_on = day("2022-05-01")),
                    p(|p| p.received_on = day("2022-05-31")),
                ],
                Some(3.0),
            ),
            (
                "visits",
                "leader receptions are visits",
                vec![
                    channel(Visit, 1),
                    channel(LeaderReception, 1),
                    channel(Letter, 1),
                ],
                Some(2.0),
            ),
            (
                "visit_people",
                "only visits count people",
                vec![
                    channel(Visit, 3),
                    channel(LeaderReception, 2),
                    channel(Letter, 9),
                ],
                Some(5.0),
            ),
            (
                "letters",
                "letters only",
                vec![channel(Letter, 1), channel(Letter, 1), channel(Phone, 1)],
                Some(2.0),
            ),
            (
                "calls",
                "phone calls",
                vec![channel(Phone, 1), channel(Online, 1)],
                Some(1.0),
            ),
            (
                "online",
                "online petitions",
                vec![channel(Online, 1), channel(Referral, 1)],
                Some(1.0),
            ),
            (
                "referrals",
                "referrals",
                vec![channel(Referral, 1), channel(Visit, 1)],
                Some(1.0),
            ),
            (
                "repeat",
                "an empty repeat_of is no repeat",
                vec![
                    p(|p| p.repeat_of = Some("earlier".into())),
                    p(|p| p.repeat_of = Some(String::new())),
                    p(|_| {}),
                ],
                Some(1.0),
            ),
            (
                "collective",
                "visits of five or more people",
                vec![
                    channel(Visit, 5),
                    channel(Visit, 4),
                    channel(LeaderReception, 6),
                    channel(Letter, 10),
                ],
                Some(2.0),
            ),
            (
                "law_related",
                "repeats are not counted as law-related",
                vec![
                    p(|_| {}),
                    p(|p| p.repeat_of = Some("earlier".into())),
                    p(|p| p.law_related = false),
                ],
                Some(1.0),
            ),
            (
                "assigned",
                "assigned among law-related non-repeats",
                vec![
                    p(|p| p.assigned_to = Some("o2".into())),
                    p(|p| {
                        p.assigned_to = Some("o2".into());
                        p.repeat_of = Some("e".into());
                    }),
                    p(|p| {
                        p.assigned_to = Some("o2".into());
                        p.law_related = false;
                    }),
                    p(|_| {}),
                ],
                Some(1.0),
            ),
            (
                "concluded",
                "concluded on or before as_of, status concluded, in L",
                vec![
                    p(concluded("2022-05-31")),
                    p(concluded("2022-06-01")),
                    p(|p| {
                        concluded("2022-05-20")(p);
                        p.repeat_of = Some("e".into());
                    }),
                    p(|p| {
                        concluded("2022-05-20")(p);
                        p.status = Status::InProgress;
                    }),
                ],
                Some(1.0),
            ),
            (
                "closure_rate",
                "concluded over law-related",
                vec![
                    p(concluded("2022-05-20")),
                    p(|_| {}),
                    p(|_| {}),
                    p(|_| {}),
                    p(|p| p.law_related = false),
                ],
                Some(0.25),
            ),
            (
                "closure_rate",
                "null without law-related petitions",
                vec![p(|p| p.law_related = false)],
                None,
            ),
            (
                "overdue",
                "non-repeats past their effective due date and not concluded by as_of",
                vec![
                    p(|p| p.due_on = day("2022-05-30")),
                    p(|p| p.due_on = day("2022-05-31")),
                    p(|p| {
                        p.due_on = day("2022-05-20");
                        p.extended_to = Some(day("2022-06-15"));
                    }),
                    p(|p| {
                        p.due_on = day("2022-05-20");
                        p.repeat_of = Some("e".into());
                    }),
                    p(|p| {
                        p.due_on = day("2022-05-20");
                        concluded("2022-06-02")(p);
                    }),
                    p(|p| {
                        p.due_on = day("2022-05-20");
                        concluded("2022-05-25")(p);
                    }),
                    p(|p| {
                        p.due_on = day("2022-05-20");
                        p.law_related = false;
                    }),
                ],
                Some(3.0),
            ),
            (
                "satisfaction_rate",
                "satisfied and basically satisfied over all rated",
                vec![
                    rated(Some(Satisfaction::Satisfied)),
                    rated(Some(Satisfaction::BasicallySatisfied)),
                    rated(Some(Satisfaction::Unsatisfied)),
                    rated(None),
                ],
                Some(2.0 / 3.0),
            ),
            (
                "satisfaction_rate",
                "null when nobody rated",
                vec![rated(None)],
                None,
            ),
        ];
        for (key, what, petitions, expected) in cases {
            let figures = petition_figures(&petitions, &may());
            assert_eq!(figures.get(key), Some(expected), "{key}: {what}");
        }
    }

    #[test]
    fn empty_ledger_gives_zero_counts_and_null_rates() {
        let figures = petition_figures(&[], &may());
        assert_eq!(figures, PetitionFigures::default());
        let json = serde_json::to_value(&figures).unwrap();
        assert_eq!(json["closure_rate"], serde_json::Value::Null);
        assert_eq!(json["satisfaction_rate"], serde_json::Value::Null);
    }

    #[test]
    fn figures_serialize_with_exactly_the_section_5_1_keys() {
        let json = serde_json::to_value(petition_figures(&[], &may())).unwrap();
        let keys: BTreeSet<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, PetitionFigures::KEYS.into_iter().collect());
    }

    #[test]
    fn office_scope_keeps_only_the_chosen_offices() {
        let petitions = [
            p(|_| {}),
            p(|p| p.office_id = "o2".into()),
            p(|p| p.office_id = "o3".into()),
        ];
        let mut scope = may();
        scope.offices = Some(["o1".to_string(), "o3".to_string()].into());
        assert_eq!(petition_figures(&petitions, &scope).total, 2);
        scope.offices = Some(BTreeSet::new());
        assert_eq!(petition_figures(&petitions, &scope).total, 0);
    }

    fn tally(office: &str, metric: &str, on: &str, value: f64) -> Tally {
        crate::domain::tallies::tests::tally("t", office, metric, on, value)
    }

    #[test]
    fn tallies_are_summed_per_metric_within_period_offices_and_live_records() {
        let mut deleted = tally("o1", "arrests", "2022-05-10", 100.0);
        deleted.meta.deleted = true;
        let tallies = [
            tally("o1", "arrests", "2022-05-01", 2.0),
            tally("o2", "arrests", "2022-05-31", 3.0),
            tally("o1", "arrests", "2022-06-01", 50.0),
            tally("o3", "arrests", "2022-05-15", 70.0),
            tally("o1", "funding_added", "2022-05-15", 1.5),
            deleted,
        ];
        let mut scope = may();
        scope.offices = Some(["o1".to_string(), "o2".to_string()].into());
        let sums = tally_figures(&tallies, &scope);
        assert_eq!(
            sums,
            BTreeMap::from([("arrests".into(), 5.0), ("funding_added".into(), 1.5)])
        );
    }

    #[test]
    fn officers_disciplined_is_the_sum_of_its_four_parts_and_only_when_one_exists() {
        let tallies = [
            tally("o1", "officers_arrested", "2022-05-02", 1.0),
            tally("o1", "officers_sanctioned", "2022-05-03", 4.0),
            tally("o1", "officers_sanctioned", "2022-05-04", 2.0),
        ];
        let sums = tally_figures(&tallies, &may());
        assert_eq!(sums.get(OFFICERS_DISCIPLINED), Some(&7.0));
        let sums = tally_figures(&[tally("o1", "arrests", "2022-05-02", 1.0)], &may());
        assert_eq!(sums.get(OFFICERS_DISCIPLINED), None);
        let zero = tally_figures(
            &[tally("o1", "officers_removed", "2022-05-02", 0.0)],
            &may(),
        );
        assert_eq!(zero.get(OFFICERS_DISCIPLINED), Some(&0.0));
    }

    #[test]
    fn previous_year_maps_leap_day_to_28_february() {
        assert_eq!(one_year_earlier(day("2024-02-29")), day("2023-02-28"));
        assert_eq!(one_year_earlier(day("2023-03-01")), day("2022-03-01"));
        let scope = Scope {
            from: day("2024-02-01"),
            to: day("2024-02-29"),
            offices: Some(["o1".to_string()].into()),
            as_of: day("2024-03-10"),
        };
        let previous = previous_scope(&scope);
        assert_eq!(previous.from, day("2023-02-01"));
        assert_eq!(previous.to, day("2023-02-28"));
        assert_eq!(previous.as_of, day("2023-03-10"));
        assert_eq!(previous.offices, scope.offices);
    }

    #[test]
    fn comparison_reports_both_years_and_the_change_of_each_figure() {
        let last_year = |edit: fn(&mut Petition)| {
            p(move |p| {
                p.received_on = day("2021-05-10");
                p.due_on = day("2021-07-09");
                edit(p);
            })
        };
        let petitions = [
            p(concluded("2022-05-20")),
            p(|_| {}),
            last_year(|_| {}),
            last_year(|_| {}),
            last_year(|p| p.law_related = false),
        ];
        let tallies = [
            tally("o1", "arrests", "2022-05-02", 4.0),
            tally("o1", "arrests", "2021-05-02", 1.0),
            tally("o1", "banners_received", "2021-05-02", 2.0),
        ];
        let comparison = compare(&petitions, &tallies, &may());
        assert_eq!(comparison.previous_scope.from, day("2021-05-01"));
        assert_eq!(comparison.current.petitions.total, 2);
        assert_eq!(comparison.previous.petitions.total, 3);
        assert_eq!(comparison.change.petitions.total, -1);
        assert_eq!(comparison.current.petitions.closure_rate, Some(0.5));
        assert_eq!(comparison.previous.petitions.closure_rate, Some(0.0));
        assert_eq!(comparison.change.petitions.closure_rate, Some(0.5));
        assert_eq!(comparison.change.petitions.satisfaction_rate, None);
        assert_eq!(
            comparison.change.tallies,
            BTreeMap::from([("arrests".into(), 3.0), ("banners_received".into(), -2.0)])
        );
    }
}
