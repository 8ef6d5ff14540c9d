//! Each petition figure counts exactly what PRODUCT §5.1 (revision 2) says, one table of
//! cases per key; the scope by registering or handling office; the tally sums of §5.2.

use std::collections::BTreeMap;

use super::*;
use crate::domain::petition::tests::{day, sample};
use crate::domain::petition::{Acceptance, Outcome, Review, ReviewLevel, Supervision};
use crate::domain::record::Stamp;
use crate::domain::tallies::tests::tally;
use crate::domain::{Channel, Ledger, Petition, Satisfaction, Status, Tally};

/// May 2022, judged on 31 May, all offices.
fn may() -> Scope {
    Scope::new(day("2022-05-01"), day("2022-05-31"), None)
}

/// The figures of `scope` over `petitions` (given ids of their own).
fn petition_figures(petitions: &[Petition], scope: &Scope) -> PetitionFigures {
    let mut ledger = Ledger::default();
    for (i, p) in petitions.iter().enumerate() {
        let mut p = p.clone();
        p.meta.id = format!("p{i}").into();
        ledger.put(p);
    }
    LedgerFacts::of(&ledger)
        .count_petitions(scope)
        .total()
        .figures()
}

/// A live, law-related, unassigned one-person visit received 10 May 2022 by office o1,
/// due 9 July, then changed by `edit`.
fn p(edit: impl FnOnce(&mut Petition)) -> Petition {
    let mut petition = sample("p");
    edit(&mut petition);
    petition
}

/// Decided on `on`.
fn decided(decision: Acceptance, on: &str) -> Petition {
    p(|p| {
        p.acceptance = Some(decision);
        p.accepted_on = Some(day(on));
    })
}

/// With `count` supervisions.
fn supervised(count: usize) -> Petition {
    p(|p| {
        p.supervisions = (0..count)
            .map(|i| Supervision {
                id: format!("s{i}"),
                on: day("2022-05-12"),
                by_office_id: "o1".into(),
                report_by: day("2022-05-20"),
                note: String::new(),
                answered_on: None,
                extra: Default::default(),
            })
            .collect();
    })
}

/// A stage of `level` requested on `on`.
fn stage(level: ReviewLevel, on: &str) -> Review {
    Review {
        id: format!("r{on}"),
        level,
        requested_on: day(on),
        office_id: "o3".into(),
        accepted_on: None,
        due_on: None,
        concluded_on: None,
        outcome: None,
        note: String::new(),
        extra: Default::default(),
    }
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

/// A stamp at noon in China on `date`.
fn noon(date: &str) -> Stamp {
    Stamp {
        device: "d".into(),
        now: day(date).and_hms_opt(4, 0, 0).unwrap().and_utc(),
        office: None,
        by_name: String::new(),
    }
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
        (
            "overdue",
            "revision 2: a case received before the period, still open, is overdue on as_of",
            vec![
                p(|p| {
                    p.received_on = day("2022-03-01");
                    p.due_on = day("2022-04-30");
                }),
                p(|p| {
                    // Received after the day judged: not yet there.
                    p.received_on = day("2022-06-02");
                    p.due_on = day("2022-05-20");
                }),
            ],
            Some(1.0),
        ),
        (
            "concluded",
            "revision 2: by the log, a case reopened after as_of is still concluded on it",
            vec![
                p(|p| {
                    p.conclude(
                        day("2022-05-20"),
                        Outcome::Explained,
                        None,
                        &noon("2022-05-20"),
                    );
                    p.reopen(String::new(), day("2022-12-31"), &noon("2022-06-03"));
                }),
                p(|p| {
                    p.conclude(
                        day("2022-05-20"),
                        Outcome::Explained,
                        None,
                        &noon("2022-05-20"),
                    );
                    p.reopen(String::new(), day("2022-12-31"), &noon("2022-05-31"));
                }),
            ],
            Some(1.0),
        ),
        (
            "pending",
            "law-related cases not concluded as of as_of",
            vec![
                p(|_| {}),
                p(concluded("2022-05-20")),
                p(concluded("2022-06-01")),
                p(|p| p.law_related = false),
            ],
            Some(2.0),
        ),
        (
            "on_time_rate",
            "of the cases concluded as of as_of, those concluded by their effective due date",
            vec![
                p(|p| {
                    p.due_on = day("2022-05-19");
                    concluded("2022-05-20")(p);
                }),
                p(|p| {
                    p.due_on = day("2022-05-19");
                    p.extended_to = Some(day("2022-05-25"));
                    concluded("2022-05-20")(p);
                }),
                p(concluded("2022-05-20")),
                p(|_| {}),
            ],
            Some(2.0 / 3.0),
        ),
        (
            "on_time_rate",
            "null when none is concluded",
            vec![p(|_| {})],
            None,
        ),
        (
            "accepted",
            "decided on or before as_of; a decision after it or another decision is not",
            vec![
                decided(Acceptance::Accepted, "2022-05-12"),
                decided(Acceptance::Accepted, "2022-06-02"),
                decided(Acceptance::NotAccepted, "2022-05-12"),
                p(|_| {}),
            ],
            Some(1.0),
        ),
        (
            "not_accepted",
            "not accepted on or before as_of",
            vec![
                decided(Acceptance::NotAccepted, "2022-05-31"),
                decided(Acceptance::Forwarded, "2022-05-12"),
            ],
            Some(1.0),
        ),
        (
            "forwarded",
            "forwarded on or before as_of",
            vec![
                decided(Acceptance::Forwarded, "2022-05-12"),
                decided(Acceptance::Accepted, "2022-05-12"),
            ],
            Some(1.0),
        ),
        (
            "supervised",
            "P with at least one 督办, however many",
            vec![supervised(1), supervised(2), supervised(0)],
            Some(2.0),
        ),
        (
            "reviews",
            "复查 requested in the period, on a petition received whenever",
            vec![
                p(|p| {
                    p.received_on = day("2022-02-01");
                    p.reviews = vec![stage(ReviewLevel::Review, "2022-05-20")];
                }),
                p(|p| p.reviews = vec![stage(ReviewLevel::Review, "2022-06-01")]),
                p(|p| p.reviews = vec![stage(ReviewLevel::Recheck, "2022-05-20")]),
            ],
            Some(1.0),
        ),
        (
            "rechecks",
            "复核 requested in the period, each stage once",
            vec![p(|p| {
                p.reviews = vec![
                    stage(ReviewLevel::Review, "2022-05-11"),
                    stage(ReviewLevel::Recheck, "2022-05-20"),
                    stage(ReviewLevel::Recheck, "2022-05-31"),
                ];
            })],
            Some(2.0),
        ),
    ];
    let covered: Vec<&str> = cases.iter().map(|(key, ..)| *key).collect();
    for (key, what, petitions, expected) in cases {
        let figures = petition_figures(&petitions, &may());
        assert_eq!(figures.get(key), Some(expected), "{key}: {what}");
    }
    let declared: std::collections::BTreeSet<&str> =
        PETITION_FIGURES.iter().map(|f| f.key).collect();
    assert!(covered.iter().all(|key| declared.contains(key)));
}

#[test]
fn an_empty_ledger_gives_zero_counts_and_null_rates() {
    let figures = petition_figures(&[], &may());
    assert_eq!(figures, PetitionFigures::default());
    let json = serde_json::to_value(&figures).unwrap();
    assert_eq!(json["closure_rate"], serde_json::Value::Null);
    assert_eq!(json["total"], 0);
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), PETITION_FIGURES.len());
}

#[test]
fn a_case_registered_by_the_committee_and_assigned_to_public_security_counts_there() {
    let assigned = p(|p| {
        p.office_id = "committee".into();
        p.assigned_to = Some("ga".into());
    });
    let own = p(|p| p.office_id = "committee".into());
    let mut ledger = Ledger::default();
    for (id, mut petition) in [("a", assigned), ("b", own)] {
        petition.meta.id = id.into();
        ledger.put(petition);
    }
    let facts = LedgerFacts::of(&ledger);
    let public_security = Scope {
        offices: Some(["ga".to_string()].into()),
        ..may()
    };
    let counted = facts.count_petitions(&public_security);
    assert_eq!(counted.total().figures().count("total"), 1);
    let by_office: BTreeMap<&str, u64> = counted
        .by_office
        .iter()
        .enumerate()
        .map(|(n, c)| {
            (
                facts.offices.key(n as u32).as_str(),
                c.figures().count("total"),
            )
        })
        .collect();
    assert_eq!(by_office, BTreeMap::from([("committee", 0), ("ga", 1)]));
    // The committee chosen alone has both: one it handles, one it handed on.
    let committee = Scope {
        offices: Some(["committee".to_string()].into()),
        ..may()
    };
    assert_eq!(
        facts
            .count_petitions(&committee)
            .total()
            .figures()
            .count("total"),
        2
    );
}

fn tallies(list: &[Tally], scope: &Scope) -> BTreeMap<String, f64> {
    let mut ledger = Ledger::default();
    for (i, t) in list.iter().enumerate() {
        let mut t = t.clone();
        t.meta.id = format!("t{i}").into();
        ledger.put(t);
    }
    let facts = LedgerFacts::of(&ledger);
    facts.tally_figures(&facts.count_tallies(scope))
}

#[test]
fn tallies_are_summed_per_metric_within_period_offices_and_live_records() {
    let mut deleted = tally("x", "o1", "arrests", "2022-05-10", 100.0);
    deleted.meta.deleted = true;
    let list = [
        tally("a", "o1", "arrests", "2022-05-01", 2.0),
        tally("b", "o2", "arrests", "2022-05-31", 3.0),
        tally("c", "o1", "arrests", "2022-06-01", 50.0),
        tally("d", "o3", "arrests", "2022-05-15", 70.0),
        tally("e", "o1", "funding_added", "2022-05-15", 1.5),
        deleted,
    ];
    let scope = Scope {
        offices: Some(["o1".to_string(), "o2".to_string()].into()),
        ..may()
    };
    assert_eq!(
        tallies(&list, &scope),
        BTreeMap::from([("arrests".into(), 5.0), ("funding_added".into(), 1.5)])
    );
}

/// Whole months are counted from the month sums and the days around them tally by tally:
/// each edge day is counted once, in or out, across a leap day and a new year.
#[test]
fn periods_of_whole_and_partial_months_count_each_day_once() {
    let days = [
        ("2023-12-30", 1.0),
        ("2023-12-31", 2.0),
        ("2024-01-01", 4.0),
        ("2024-01-31", 8.0),
        ("2024-02-01", 16.0),
        ("2024-02-29", 32.0),
        ("2024-03-01", 64.0),
        ("2024-03-02", 128.0),
    ];
    let list: Vec<Tally> = days
        .iter()
        .map(|(on, value)| tally(on, "o1", "arrests", on, *value))
        .collect();
    let sum = |from: &str, to: &str| {
        let scope = Scope::new(day(from), day(to), None);
        tallies(&list, &scope).get("arrests").copied()
    };
    assert_eq!(sum("2024-01-01", "2024-02-29"), Some(60.0));
    assert_eq!(sum("2023-12-31", "2024-03-01"), Some(126.0));
    assert_eq!(sum("2023-12-31", "2024-01-31"), Some(14.0));
    assert_eq!(sum("2024-01-02", "2024-02-28"), Some(24.0));
    assert_eq!(sum("2024-02-01", "2024-02-01"), Some(16.0));
    assert_eq!(sum("2023-12-01", "2024-03-31"), Some(255.0));
    assert_eq!(sum("2024-01-02", "2024-01-30"), None);
}

#[test]
fn officers_disciplined_is_the_sum_of_its_four_parts_and_only_when_one_exists() {
    let list = [
        tally("a", "o1", "officers_arrested", "2022-05-02", 1.0),
        tally("b", "o1", "officers_sanctioned", "2022-05-03", 4.0),
        tally("c", "o1", "officers_sanctioned", "2022-05-04", 2.0),
    ];
    assert_eq!(
        tallies(&list, &may()).get("officers_disciplined"),
        Some(&7.0)
    );
    let none = [tally("a", "o1", "arrests", "2022-05-02", 1.0)];
    assert_eq!(tallies(&none, &may()).get("officers_disciplined"), None);
    let zero = [tally("a", "o1", "officers_removed", "2022-05-02", 0.0)];
    assert_eq!(
        tallies(&zero, &may()).get("officers_disciplined"),
        Some(&0.0)
    );
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
