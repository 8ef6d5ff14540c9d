//! Property test: the one count (`LedgerFacts::count_petitions`, `count_tallies`) equals a
//! plain fold over the ledger's records written straight from PRODUCT §5, over random small
//! ledgers and scopes (office subsets, handling offices, logs that conclude and reopen, leap
//! days, periods longer than a year, a day judged other than the last). The fold lives only
//! here.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, TimeDelta};
use proptest::prelude::*;

use super::{LedgerFacts, PetitionFigures, Scope};
use crate::domain::listing::handling_office;
use crate::domain::petition::tests::sample;
use crate::domain::petition::{Acceptance, Review, ReviewLevel, Supervision};
use crate::domain::record::Stamp;
use crate::domain::tallies::tests::tally;
use crate::domain::{
    ActionKind, Category, Channel, Ledger, Outcome, Petition, Satisfaction, Status, Tally,
};

/// Days around two 29 Februaries away, so that periods and last year's often cross one.
const AROUND_LEAP_DAYS: &[&str] = &[
    "2023-02-28",
    "2023-03-01",
    "2024-02-28",
    "2024-02-29",
    "2024-03-01",
    "2025-02-28",
    "2025-03-01",
];

fn first_day() -> NaiveDate {
    "2023-01-01".parse().unwrap()
}

fn a_day() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        3 => (0u64..900).prop_map(|offset| first_day() + Days::new(offset)),
        1 => prop::sample::select(AROUND_LEAP_DAYS).prop_map(|day| day.parse().unwrap()),
    ]
}

const OFFICE_IDS: &[&str] = &["o1", "o2", "o3", "o4"];

/// A step of the log: concluded (with the day it is dated) or reopened, `days` after receipt.
#[derive(Debug, Clone, Copy)]
enum Step {
    Conclude(u64),
    Reopen(u64),
}

fn log() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            (0u64..120).prop_map(Step::Conclude),
            (0u64..120).prop_map(Step::Reopen)
        ],
        0..4,
    )
}

/// At noon in China, `days` after `from`.
fn noon(from: NaiveDate, days: u64) -> Stamp {
    let day = from + Days::new(days);
    Stamp {
        device: "d".into(),
        now: day.and_hms_opt(4, 0, 0).unwrap().and_utc(),
        office: None,
        by_name: String::new(),
    }
}

/// A petition with a log of conclusions and reopenings, a decision, supervisions and
/// 复查/复核 stages: every fact the figures and the first screen read.
pub(crate) fn petition() -> impl Strategy<Value = Petition> {
    (
        (
            prop::sample::select(OFFICE_IDS),
            prop::sample::select(Channel::ALL),
            prop::sample::select(Status::ALL),
            1u32..8,
            prop::sample::select(Category::ALL),
        ),
        (a_day(), 0u64..90, prop::option::of(0u64..30)),
        (prop::option::of(0u64..120), log()),
        (
            prop::option::of(prop::sample::select(&["", "p0"][..])),
            prop::option::of(prop::sample::select(&["", "o2", "o3"][..])),
            prop::option::of(prop::sample::select(Satisfaction::ALL)),
        ),
        any::<(bool, bool)>(),
        revision_two_steps(),
    )
        .prop_map(
            |(
                kind,
                (received, due, extension),
                (concluded, steps),
                links,
                (law, deleted),
                steps_2,
            )| {
                let (office, channel, status, headcount, category) = kind;
                let (repeat_of, assigned_to, satisfaction) = links;
                let mut p = sample("p");
                p.office_id = office.into();
                p.channel = channel;
                p.category = category;
                p.headcount = headcount;
                p.received_on = received;
                p.due_on = received + Days::new(due);
                p.extended_to = extension.map(|d| p.due_on + Days::new(d));
                p.repeat_of = repeat_of.map(String::from);
                p.assigned_to = assigned_to.map(crate::domain::Name::from);
                p.law_related = law;
                for step in steps {
                    match step {
                        Step::Conclude(days) => p.conclude(
                            received + Days::new(days),
                            Outcome::Explained,
                            None,
                            &noon(received, days + 1),
                        ),
                        Step::Reopen(days) => {
                            p.reopen(String::new(), p.due_on, &noon(received, days))
                        }
                    }
                }
                // Status and date as a record may hold them, whatever its log says.
                p.status = status;
                p.concluded_on = concluded.map(|d| received + Days::new(d));
                p.satisfaction = satisfaction;
                p.meta.deleted = deleted;
                let (acceptance, supervisions, reviews) = steps_2;
                if let Some((decision, days)) = acceptance {
                    p.acceptance = Some(decision);
                    p.accepted_on = Some(received + Days::new(days));
                }
                p.supervisions = (0..supervisions)
                    .map(|i| Supervision {
                        id: format!("s{i}"),
                        on: received,
                        by_office_id: "o1".into(),
                        report_by: received + Days::new(10),
                        note: String::new(),
                        answered_on: None,
                        extra: Default::default(),
                    })
                    .collect();
                p.reviews = reviews
                    .into_iter()
                    .enumerate()
                    .map(|(i, (level, requested, due, concluded))| Review {
                        id: format!("r{i}"),
                        level,
                        requested_on: received + Days::new(requested),
                        office_id: "o3".into(),
                        accepted_on: None,
                        due_on: due.map(|d| received + Days::new(requested + d)),
                        concluded_on: concluded.map(|d| received + Days::new(requested + d)),
                        outcome: None,
                        note: String::new(),
                        extra: Default::default(),
                    })
                    .collect();
                p
            },
        )
}

/// A stage of the log: requested `days` after receipt, with its due and conclusion days
/// after the request.
type Stage = (ReviewLevel, u64, Option<u64>, Option<u64>);

/// Revision 2's steps: a decision with the days after receipt it was taken, a number of
/// supervisions, and 复查/复核 stages.
fn revision_two_steps() -> impl Strategy<Value = (Option<(Acceptance, u64)>, usize, Vec<Stage>)> {
    (
        prop::option::of((prop::sample::select(Acceptance::ALL), 0u64..40)),
        0usize..3,
        prop::collection::vec(
            (
                prop::sample::select(ReviewLevel::ALL),
                0u64..200,
                prop::option::of(0u64..40),
                prop::option::of(0u64..60),
            ),
            0..3,
        ),
    )
}

const METRICS: &[&str] = &[
    "arrests",
    "funding_added",
    "officers_arrested",
    "officers_removed",
    "officers_disciplined",
    "dogs_walked",
];

fn a_tally() -> impl Strategy<Value = Tally> {
    (
        (
            prop::sample::select(OFFICE_IDS),
            prop::sample::select(METRICS),
            a_day(),
            prop::sample::select(&[0.1, 0.2, 0.3, 0.7, 1.25, 3.0, 0.0][..]),
        ),
        prop::option::of(prop::sample::select(&["", "c1", "c2"][..])),
        any::<bool>(),
    )
        .prop_map(|((office, metric, on, value), campaign, deleted)| {
            let mut t = tally("t", office, metric, "2023-01-01", value);
            t.on = on;
            t.campaign_id = campaign.map(crate::domain::Name::from);
            t.meta.deleted = deleted;
            t
        })
}

fn ledger() -> impl Strategy<Value = Ledger> {
    (
        prop::collection::vec(petition(), 0..40),
        prop::collection::vec(a_tally(), 0..60),
    )
        .prop_map(|(petitions, tallies)| {
            let mut ledger = Ledger::default();
            for (i, mut p) in petitions.into_iter().enumerate() {
                p.meta.id = format!("p{}", i * 7919 % 1000).into();
                ledger.put(p);
            }
            for (i, mut t) in tallies.into_iter().enumerate() {
                t.meta.id = format!("t{}", i * 7919 % 1000).into();
                ledger.put(t);
            }
            ledger
        })
}

fn scope() -> impl Strategy<Value = Scope> {
    (
        a_day(),
        prop_oneof![5 => 0i64..800, 1 => -10i64..0],
        prop::option::of(prop::collection::btree_set(
            prop::sample::select(&["o1", "o2", "o4", "o9"][..]).prop_map(String::from),
            0..3,
        )),
        prop::option::of(a_day()),
    )
        .prop_map(|(from, length, offices, as_of)| {
            let to = from + TimeDelta::days(length);
            let mut scope = Scope::new(from, to, offices);
            if let Some(day) = as_of {
                scope.as_of = day;
            }
            scope
        })
}

/// Concluded as of `day` by the log, written out as §5.1 says; `Some` the day it was.
fn concluded_as_of(p: &Petition, day: NaiveDate) -> Option<NaiveDate> {
    let mut steps: Vec<_> = p
        .actions
        .iter()
        .filter(|a| matches!(a.kind, ActionKind::Concluded | ActionKind::Reopened))
        .collect();
    let standing = p.concluded_on.filter(|_| p.status == Status::Concluded);
    if steps.is_empty() {
        return standing.filter(|on| *on <= day);
    }
    steps.sort_by_key(|a| a.on);
    let last_conclusion = steps.iter().rposition(|a| a.kind == ActionKind::Concluded);
    let china = |a: &crate::domain::Action| (a.on + TimeDelta::hours(8)).date_naive();
    // (from, until) spans in which it stood concluded.
    let mut spans: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    let mut open = None;
    for (i, step) in steps.iter().enumerate() {
        if step.kind == ActionKind::Concluded {
            let logged_date = step.data.get("on").and_then(|on| on.parse().ok());
            let dated = if Some(i) == last_conclusion {
                standing.or(logged_date)
            } else {
                logged_date
            };
            if open.is_none() {
                open = Some(dated.unwrap_or_else(|| china(step)));
            }
        } else if let Some(from) = open.take() {
            spans.push((from, Some(china(step))));
        }
    }
    if let Some(from) = standing.map(|s| open.unwrap_or(s)) {
        spans.push((from, None));
    }
    spans
        .into_iter()
        .filter(|(from, until)| *from <= day && until.is_none_or(|u| day < u))
        .map(|(from, _)| from)
        .min()
}

/// The §5.1 figures of `scope`, counted petition by petition; of the petitions one office
/// handles, when it is named.
fn fold(
    ledger: &Ledger,
    scope: &Scope,
    handled_by: Option<&str>,
) -> BTreeMap<&'static str, Option<f64>> {
    let mut n: BTreeMap<&'static str, u64> = BTreeMap::new();
    let (mut rated, mut satisfied, mut on_time, mut people) = (0u64, 0u64, 0u64, 0u64);
    let mut add = |key: &'static str, yes: bool| *n.entry(key).or_default() += u64::from(yes);
    for p in ledger.petitions.values().filter(|p| !p.meta.deleted) {
        let handling = handling_office(p);
        if !(scope.takes_office(&p.office_id) || scope.takes_office(handling)) {
            continue;
        }
        if handled_by.is_some_and(|office| office != handling) {
            continue;
        }
        let due = p.extended_to.unwrap_or(p.due_on);
        let as_of = scope.as_of;
        let concluded_on = concluded_as_of(p, as_of);
        let repeat = p.repeat_of.as_deref().is_some_and(|r| !r.is_empty());
        // §4: no handling deadline once not accepted or forwarded (on or before the day
        // judged on); a stage open on the day past its own due date.
        let refused = matches!(
            p.acceptance,
            Some(Acceptance::NotAccepted | Acceptance::Forwarded)
        );
        let handled = !(refused && p.accepted_on.is_some_and(|on| on <= as_of));
        let stage_overdue = p.reviews.iter().any(|r| {
            r.requested_on <= as_of
                && r.concluded_on.is_none_or(|on| on > as_of)
                && r.due_on.is_some_and(|due| due < as_of)
        });
        let main_overdue = handled && concluded_on.is_none() && due < as_of;
        add(
            "overdue",
            !repeat && p.received_on <= as_of && (main_overdue || stage_overdue),
        );
        for (key, level) in [
            ("reviews", ReviewLevel::Review),
            ("rechecks", ReviewLevel::Recheck),
        ] {
            for review in &p.reviews {
                add(
                    key,
                    review.level == level && scope.holds(review.requested_on),
                );
            }
        }
        if !(scope.from <= p.received_on && p.received_on <= scope.to) {
            continue;
        }
        for (key, decision) in [
            ("accepted", Acceptance::Accepted),
            ("not_accepted", Acceptance::NotAccepted),
            ("forwarded", Acceptance::Forwarded),
        ] {
            add(
                key,
                p.acceptance == Some(decision) && p.accepted_on.is_some_and(|on| on <= as_of),
            );
        }
        add("supervised", !p.supervisions.is_empty());
        let visit = matches!(p.channel, Channel::Visit | Channel::LeaderReception);
        let law = p.law_related && !repeat;
        add("total", true);
        add("visits", visit);
        people += if visit { u64::from(p.headcount) } else { 0 };
        add("letters", p.channel == Channel::Letter);
        add("calls", p.channel == Channel::Phone);
        add("online", p.channel == Channel::Online);
        add("referrals", p.channel == Channel::Referral);
        add("repeat", repeat);
        add("collective", visit && p.headcount >= 5);
        add("law_related", law);
        add(
            "assigned",
            law && p.assigned_to.as_deref().is_some_and(|a| !a.is_empty()),
        );
        add("concluded", law && concluded_on.is_some());
        add("pending", law && concluded_on.is_none());
        on_time += u64::from(law && concluded_on.is_some_and(|on| on <= due));
        rated += u64::from(p.satisfaction.is_some());
        satisfied += u64::from(matches!(
            p.satisfaction,
            Some(Satisfaction::Satisfied | Satisfaction::BasicallySatisfied)
        ));
    }
    n.insert("visit_people", people);
    let ratio = |part: u64, whole: u64| (whole > 0).then(|| part as f64 / whole as f64);
    let count = |key| Some(n.get(key).copied().unwrap_or(0) as f64);
    let mut figures: BTreeMap<&'static str, Option<f64>> = [
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
        "overdue",
        "pending",
        "accepted",
        "not_accepted",
        "forwarded",
        "supervised",
        "reviews",
        "rechecks",
    ]
    .into_iter()
    .map(|key| (key, count(key)))
    .collect();
    let law = n.get("law_related").copied().unwrap_or(0);
    let concluded = n.get("concluded").copied().unwrap_or(0);
    figures.insert("closure_rate", ratio(concluded, law));
    figures.insert("satisfaction_rate", ratio(satisfied, rated));
    figures.insert("on_time_rate", ratio(on_time, concluded));
    figures
}

/// P of `scope` by channel, by category and by 7-day week from its first day (the extra day
/// of a longer last year in the last week).
fn fold_p(ledger: &Ledger, scope: &Scope) -> (Vec<u64>, Vec<u64>, Vec<u64>) {
    let mut by_channel = vec![0; Channel::ALL.len()];
    let mut by_category = vec![0; Category::ALL.len()];
    let days = (scope.to - scope.from).num_days() + 1;
    let mut weekly = vec![0; usize::try_from((days + 6) / 7).unwrap_or(0)];
    for p in ledger.petitions.values().filter(|p| !p.meta.deleted) {
        let in_scope = scope.takes_office(&p.office_id) || scope.takes_office(handling_office(p));
        if !in_scope || !scope.holds(p.received_on) {
            continue;
        }
        by_channel[Channel::ALL.iter().position(|c| *c == p.channel).unwrap()] += 1;
        by_category[Category::ALL.iter().position(|c| *c == p.category).unwrap()] += 1;
        let week = ((p.received_on - scope.from).num_days() / 7) as usize;
        let last = weekly.len() - 1;
        weekly[week.min(last)] += 1;
    }
    (by_channel, by_category, weekly)
}

/// Tally sums of `scope` by metric, with `officers_disciplined` when a part is there.
fn fold_tallies(ledger: &Ledger, scope: &Scope) -> BTreeMap<String, f64> {
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    for t in crate::domain::tallies::counted(ledger.tallies.values()) {
        if scope.holds(t.on) && scope.takes_office(&t.office_id) {
            *sums.entry(t.metric.to_string()).or_default() += t.value;
        }
    }
    let parts = [
        "officers_arrested",
        "officers_dismissed",
        "officers_removed",
        "officers_sanctioned",
    ];
    let found: Vec<f64> = parts.iter().filter_map(|k| sums.get(*k).copied()).collect();
    if !found.is_empty() {
        sums.insert("officers_disciplined".into(), found.iter().sum());
    }
    sums
}

/// The tallies of `scope` broken down as the report's tables and months read them: by
/// (metric, office), by (campaign, metric) (`None` outside every campaign, an empty id
/// included) and by (month, metric).
#[allow(clippy::type_complexity)]
fn fold_breakdowns(
    ledger: &Ledger,
    scope: &Scope,
) -> (
    BTreeMap<(String, String), f64>,
    BTreeMap<(Option<String>, String), f64>,
    BTreeMap<((i32, u32), String), f64>,
) {
    let (mut by_office, mut by_campaign, mut by_month) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for t in crate::domain::tallies::counted(ledger.tallies.values()) {
        if scope.holds(t.on) && scope.takes_office(&t.office_id) {
            let metric = t.metric.to_string();
            *by_office
                .entry((metric.clone(), t.office_id.to_string()))
                .or_default() += t.value;
            let campaign = t.campaign_id.as_deref().filter(|c| !c.is_empty());
            *by_campaign
                .entry((campaign.map(String::from), metric.clone()))
                .or_default() += t.value;
            *by_month
                .entry(((t.on.year(), t.on.month()), metric))
                .or_default() += t.value;
        }
    }
    (by_office, by_campaign, by_month)
}

fn close<K: Ord + std::fmt::Debug>(a: &BTreeMap<K, f64>, b: &BTreeMap<K, f64>) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && (va - vb).abs() <= 1e-9 * va.abs().max(1.0))
}

fn as_map(figures: &PetitionFigures) -> BTreeMap<&'static str, Option<f64>> {
    figures.entries().map(|(f, v)| (f.key, v)).collect()
}

proptest! {
    #[test]
    fn the_one_count_equals_a_plain_fold_over_the_records(
        ledger in ledger(),
        scopes in prop::collection::vec(scope(), 1..6),
        kept in any::<bool>(),
    ) {
        // One gathering answers several scopes, as on the reports page; each scope also
        // with a start 45 days earlier and judged on the same day, so that the month counts
        // kept for that day are counted from again with other months whole. Half the time
        // the facts are those kept beside the ledger and read back, as a cold report reads.
        let facts = LedgerFacts::of(&ledger);
        let facts = if kept { LedgerFacts::from_bytes(&facts.to_bytes()).expect("reads back") } else { facts };
        let earlier = |scope: &Scope| Scope { from: scope.from - Days::new(45), ..scope.clone() };
        let scopes: Vec<Scope> = scopes.iter().flat_map(|s| [s.clone(), earlier(s)]).collect();
        // The first scope once more at the end: when four other days were judged on since,
        // its kept counts were dropped and are counted again.
        for scope in scopes.iter().chain(scopes.first()) {
            let counted = facts.count_petitions(scope);
            prop_assert_eq!(as_map(&counted.total().figures()), fold(&ledger, scope, None));
            for office in OFFICE_IDS {
                let by_office = facts
                    .offices
                    .find(*office)
                    .map(|n| counted.by_office[n as usize].figures())
                    .unwrap_or_default();
                prop_assert_eq!(as_map(&by_office), fold(&ledger, scope, Some(office)), "{}", office);
            }
            let (by_channel, by_category, weekly) = fold_p(&ledger, scope);
            prop_assert_eq!(counted.by_channel.to_vec(), by_channel);
            prop_assert_eq!(counted.by_category.to_vec(), by_category);
            prop_assert_eq!(&counted.weekly, &weekly);
            let tallies = facts.count_tallies(scope);
            let sums = facts.tally_figures(&tallies);
            let expected = fold_tallies(&ledger, scope);
            prop_assert!(close(&sums, &expected), "{:?} != {:?}", sums, expected);
            let metric = |n: &u32| facts.metrics.key(*n).clone();
            let by_office: BTreeMap<_, _> = tallies.by_metric_office.iter()
                .map(|((m, o), sum)| ((metric(m), facts.offices.key(*o).clone()), *sum))
                .collect();
            let by_campaign: BTreeMap<_, _> = tallies.by_campaign_metric.iter()
                .map(|((c, m), sum)| ((c.map(|c| facts.campaigns.key(c).clone()), metric(m)), *sum))
                .collect();
            let by_month: BTreeMap<_, _> = tallies.by_month_metric.iter()
                .map(|((month, m), sum)| ((*month, metric(m)), *sum))
                .collect();
            let (office_fold, campaign_fold, month_fold) = fold_breakdowns(&ledger, scope);
            prop_assert!(close(&by_office, &office_fold), "{:?} != {:?}", by_office, office_fold);
            prop_assert!(close(&by_campaign, &campaign_fold), "{:?} != {:?}", by_campaign, campaign_fold);
            prop_assert!(close(&by_month, &month_fold), "{:?} != {:?}", by_month, month_fold);
        }
    }
}
