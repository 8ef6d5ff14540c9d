//! Property test: the report a `ReportBase` makes for a scope is exactly `build_report`'s,
//! over random small ledgers and scopes (office subsets, leap days, periods longer than a
//! year, a day judged other than the last).

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::base::ReportBase;
use super::report::build_report;
use crate::domain::metrics::tests::own_metric;
use crate::domain::petition::tests::sample;
use crate::domain::record::tests::stamp;
use crate::domain::record::{Extra, Meta};
use crate::domain::tallies::tests::tally;
use crate::domain::{
    Campaign, Channel, Ledger, Office, OfficeKind, Petition, Satisfaction, Scope, Status, Tally,
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

/// Office ids of records: two the ledger knows, one it may know, one it never does.
const OFFICE_IDS: &[&str] = &["o1", "o2", "o3", "o4"];

fn office() -> impl Strategy<Value = Office> {
    (
        prop::sample::select(&OFFICE_IDS[..3]),
        prop::sample::select(OfficeKind::ALL),
        prop::sample::select(&["甲", "乙"][..]),
        any::<bool>(),
    )
        .prop_map(|(id, kind, name, deleted)| {
            let mut meta = Meta::new(id, &stamp("dev", 0));
            meta.deleted = deleted;
            Office {
                meta,
                name: name.into(),
                kind,
                code: id.to_uppercase(),
                extra: Extra::new(),
            }
        })
}

fn campaign() -> impl Strategy<Value = Campaign> {
    (
        prop::sample::select(&["c1", "c2"][..]),
        a_day(),
        prop::sample::select(&["专项", "行动"][..]),
    )
        .prop_map(|(id, starts_on, name)| Campaign {
            meta: Meta::new(id, &stamp("dev", 0)),
            name: name.into(),
            starts_on,
            ends_on: None,
            description: String::new(),
            metrics: Vec::new(),
            extra: Extra::new(),
        })
}

fn petition() -> impl Strategy<Value = Petition> {
    (
        (
            prop::sample::select(OFFICE_IDS),
            prop::sample::select(Channel::ALL),
            prop::sample::select(Status::ALL),
            1u32..8,
        ),
        (a_day(), 0u64..90, prop::option::of(0u64..30)),
        prop::option::of(0u64..120),
        (
            prop::option::of(prop::sample::select(&["", "p0"][..])),
            prop::option::of(prop::sample::select(&["", "o2"][..])),
            prop::option::of(prop::sample::select(Satisfaction::ALL)),
        ),
        any::<(bool, bool)>(),
    )
        .prop_map(
            |(kind, (received, due, extension), concluded, links, (law, deleted))| {
                let (office, channel, status, headcount) = kind;
                let (repeat_of, assigned_to, satisfaction) = links;
                let mut p = sample("p");
                p.office_id = office.into();
                p.channel = channel;
                p.status = status;
                p.headcount = headcount;
                p.received_on = received;
                p.due_on = received + Days::new(due);
                p.extended_to = extension.map(|d| p.due_on + Days::new(d));
                p.concluded_on = concluded.map(|d| received + Days::new(d));
                p.repeat_of = repeat_of.map(String::from);
                p.assigned_to = assigned_to.map(String::from);
                p.satisfaction = satisfaction;
                p.law_related = law;
                p.meta.deleted = deleted;
                p
            },
        )
}

/// Metrics: built-ins (whole and fractional), the parts of the derived
/// `officers_disciplined` and that key itself, an own metric, one the ledger does not know.
const METRICS: &[&str] = &[
    "arrests",
    "funding_added",
    "officers_arrested",
    "officers_removed",
    "officers_disciplined",
    "dogs_walked",
    "unknown_metric",
];

fn tally_fields() -> impl Strategy<Value = (&'static str, &'static str, NaiveDate, f64)> {
    (
        prop::sample::select(OFFICE_IDS),
        prop::sample::select(METRICS),
        a_day(),
        // Values whose sums depend on the order they are added in.
        prop::sample::select(&[0.1, 0.2, 0.3, 0.7, 1.25, 3.0, 0.0, 1e16][..]),
    )
}

fn a_tally() -> impl Strategy<Value = Tally> {
    (
        tally_fields(),
        prop::option::of(prop::sample::select(&["", "c1", "c2", "c9"][..])),
        any::<bool>(),
    )
        .prop_map(|((office, metric, on, value), campaign, deleted)| {
            let mut t = tally("t", office, metric, "2023-01-01", value);
            t.on = on;
            t.campaign_id = campaign.map(String::from);
            t.meta.deleted = deleted;
            t
        })
}

fn ledger() -> impl Strategy<Value = Ledger> {
    (
        prop::collection::vec(office(), 0..4),
        prop::collection::vec(campaign(), 0..3),
        any::<bool>(),
        prop::collection::vec(petition(), 0..40),
        prop::collection::vec(a_tally(), 0..60),
    )
        .prop_map(
            |(offices, campaigns, own_metric_stored, petitions, tallies)| {
                let mut ledger = Ledger::default();
                offices.into_iter().for_each(|r| drop(ledger.put(r)));
                campaigns.into_iter().for_each(|r| drop(ledger.put(r)));
                if own_metric_stored {
                    ledger.put(own_metric("dogs_walked", "遛狗", "Dogs walked"));
                }
                // Ids in another order than the days, as a ledger's random UUIDs are.
                for (i, mut p) in petitions.into_iter().enumerate() {
                    p.meta.id = format!("p{}", i * 7919 % 1000);
                    ledger.put(p);
                }
                for (i, mut t) in tallies.into_iter().enumerate() {
                    t.meta.id = format!("t{}", i * 7919 % 1000);
                    ledger.put(t);
                }
                ledger
            },
        )
}

fn scope() -> impl Strategy<Value = Scope> {
    (
        a_day(),
        // Up to two years and a bit, and now and then a last day before the first.
        prop_oneof![5 => 0i64..800, 1 => -10i64..0],
        prop::option::of(prop::collection::btree_set(
            prop::sample::select(&["o1", "o2", "o4", "o9"][..]).prop_map(String::from),
            0..3,
        )),
        prop::option::of(a_day()),
    )
        .prop_map(|(from, length, offices, as_of)| {
            let to = from + chrono::Duration::days(length);
            let mut scope = Scope::new(from, to, offices);
            if let Some(day) = as_of {
                scope.as_of = day;
            }
            scope
        })
}

proptest! {
    #[test]
    fn a_report_from_the_base_is_exactly_build_reports(
        ledger in ledger(),
        scopes in prop::collection::vec(scope(), 1..4),
    ) {
        // One base answers several scopes, as on the page.
        let base = ReportBase::of(&ledger);
        for scope in &scopes {
            prop_assert_eq!(base.report(scope), build_report(&ledger, scope));
        }
    }
}
