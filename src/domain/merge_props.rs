//! Property tests of the merge laws of PRODUCT §7 over random small ledgers whose ids,
//! versions, timestamps and devices collide often.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use super::ledger::Ledger;
use super::merge::{merge_ledger, precedence};
use super::office::{Office, OfficeKind};
use super::petition::tests::sample;
use super::petition::{Action, ActionKind, Petition};
use super::record::{Extra, Meta, Record};
use super::redaction::{personal_key, redacted};
use super::tally::Tally;

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH + Duration::days(19_000) + Duration::seconds(secs)
}

fn meta(ids: &'static [&'static str]) -> impl Strategy<Value = Meta> {
    (
        prop::sample::select(ids),
        1u32..=3,
        0i64..3,
        prop::sample::select(&["d1", "d2"][..]),
        any::<bool>(),
    )
        .prop_map(|(id, version, secs, by, deleted)| Meta {
            id: id.into(),
            version,
            updated_at: at(secs),
            updated_by: by.into(),
            deleted,
        })
}

fn office() -> impl Strategy<Value = Office> {
    (
        meta(&["o1", "o2", "o3"]),
        prop::sample::select(&["甲", "乙"][..]),
        any::<bool>(),
    )
        .prop_map(|(meta, name, with_extra)| {
            let mut extra = Extra::new();
            if with_extra {
                extra.insert("future_field".into(), serde_json::json!([1, "x"]));
            }
            Office {
                meta,
                name: name.into(),
                kind: OfficeKind::Township,
                code: "XZ".into(),
                extra,
            }
        })
}

/// A log entry. Its content follows from its id, as with the app's UUIDs: two copies of
/// one entry differ at most in that one is a redacted copy.
fn action() -> impl Strategy<Value = Action> {
    prop::sample::select(&["a1", "a2", "a3", "a4", "a5"][..]).prop_map(|id| {
        let n = id.as_bytes()[1] - b'0';
        Action {
            id: id.into(),
            on: at(i64::from(n % 3)),
            kind: ActionKind::Note,
            text: ["", "已答复", "补充"][usize::from(n % 3)].into(),
            by: "d1".into(),
            office_id: None,
            by_name: String::new(),
            data: Default::default(),
            extra: Extra::new(),
        }
    })
}

/// A petition, sometimes a redacted copy, whose personal data differs between copies.
fn petition() -> impl Strategy<Value = Petition> {
    (
        meta(&["p1", "p2", "p3"]),
        prop::sample::select(&["拆迁补偿", "工资拖欠"][..]),
        prop::collection::vec(action(), 0..4),
        prop::sample::select(&["张三", "李四"][..]),
        any::<bool>(),
    )
        .prop_map(|(meta, subject, actions, name, redact)| {
            let mut p = sample("p");
            p.meta = meta;
            p.subject = subject.into();
            p.petitioner.name = name.into();
            p.actions = crate::domain::petition::union_actions(&actions, &[]).0;
            if redact {
                p = redacted(&p);
            }
            p
        })
}

fn tally() -> impl Strategy<Value = Tally> {
    (meta(&["t1", "t2"]), 0u8..3).prop_map(|(meta, value)| Tally {
        meta,
        office_id: "o1".into(),
        metric: "arrests".into(),
        on: "2022-05-01".parse().unwrap(),
        value: f64::from(value),
        campaign_id: None,
        note: String::new(),
        extra: Extra::new(),
    })
}

fn ledger() -> impl Strategy<Value = Ledger> {
    (
        prop::collection::vec(office(), 0..4),
        prop::collection::vec(petition(), 0..5),
        prop::collection::vec(tally(), 0..4),
    )
        .prop_map(|(offices, petitions, tallies)| {
            let mut ledger = Ledger::default();
            offices.into_iter().for_each(|r| drop(ledger.put(r)));
            petitions.into_iter().for_each(|r| drop(ledger.put(r)));
            tallies.into_iter().for_each(|r| drop(ledger.put(r)));
            ledger
        })
}

fn merged(a: &Ledger, b: &Ledger) -> Ledger {
    merge_ledger(a, b).0
}

fn action_ids(ledger: &Ledger, id: &str) -> BTreeSet<String> {
    ledger
        .petitions
        .get(id)
        .map(|p| p.actions.iter().map(|a| a.id.to_string()).collect())
        .unwrap_or_default()
}

proptest! {
    #[test]
    fn merging_the_same_file_twice_changes_nothing(a in ledger(), b in ledger()) {
        prop_assert_eq!(merged(&a, &a), a.clone());
        let once = merged(&a, &b);
        let (twice, report) = merge_ledger(&once, &b);
        prop_assert_eq!(&twice, &once);
        prop_assert!(!report.changes_anything());
        prop_assert_eq!(merged(&once, &a), once);
    }

    #[test]
    fn a_then_b_equals_b_then_a(a in ledger(), b in ledger()) {
        prop_assert_eq!(merged(&a, &b), merged(&b, &a));
    }

    #[test]
    fn grouping_of_merges_does_not_matter(a in ledger(), b in ledger(), c in ledger()) {
        prop_assert_eq!(merged(&merged(&a, &b), &c), merged(&a, &merged(&b, &c)));
    }

    #[test]
    fn no_record_and_no_action_is_ever_lost(a in ledger(), b in ledger()) {
        let result = merged(&a, &b);
        for id in a.petitions.keys().chain(b.petitions.keys()) {
            let expected: BTreeSet<String> = &action_ids(&a, id) | &action_ids(&b, id);
            prop_assert_eq!(action_ids(&result, id), expected);
        }
        let mut offices = a.offices.keys().chain(b.offices.keys());
        prop_assert!(offices.all(|id| result.offices.contains_key(id)));
        let mut tallies = a.tallies.keys().chain(b.tallies.keys());
        prop_assert!(tallies.all(|id| result.tallies.contains_key(id)));
    }

    #[test]
    fn a_redacted_copy_never_wipes_personal_data(a in ledger(), b in ledger()) {
        let result = merged(&a, &b);
        for (id, petition) in &result.petitions {
            let copies = [a.petitions.get(id), b.petitions.get(id)];
            // The greatest personal key holds; equal keys are ordered by the data itself.
            let held = copies
                .iter()
                .flatten()
                .filter_map(|p| personal_key(p).map(|k| ((k, p.personal_json()), *p)))
                .max_by(|x, y| x.0.cmp(&y.0));
            match held {
                Some((_, holder)) => prop_assert_eq!(&petition.petitioner, &holder.petitioner),
                None => prop_assert!(petition.redacted),
            }
        }
    }

    #[test]
    fn a_log_entry_held_never_changes(a in ledger(), b in ledger()) {
        let result = merged(&a, &b);
        for (id, petition) in &a.petitions {
            for entry in &petition.actions {
                let kept = result.petitions[id].actions.iter().find(|e| e.id == entry.id).unwrap();
                // The same entry, or the full copy of a redacted one.
                prop_assert!(kept == entry || entry.text.is_empty());
            }
        }
    }

    #[test]
    fn the_winner_and_its_tombstone_follow_version_then_time_then_device(
        a in ledger(),
        b in ledger(),
    ) {
        let (result, report) = merge_ledger(&a, &b);
        for (id, local) in &a.offices {
            let Some(incoming) = b.offices.get(id) else { continue };
            let key = |o: &Office| (o.meta.version, o.meta.updated_at, o.meta.updated_by.clone());
            let incoming_wins = match key(incoming).cmp(&key(local)) {
                std::cmp::Ordering::Equal => precedence(incoming, local).is_gt(),
                order => order.is_gt(),
            };
            let expected = if incoming_wins { incoming } else { local };
            prop_assert_eq!(&result.offices[id], expected);
            prop_assert_eq!(result.offices[id].meta.deleted, expected.meta.deleted);
            let conflicted = report.conflicts.iter().any(|c| &c.id == id);
            let same_version = local.meta.version == incoming.meta.version;
            prop_assert_eq!(conflicted, same_version && local != incoming);
        }
    }
}
