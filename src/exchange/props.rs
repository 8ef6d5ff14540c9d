//! Property tests of the exchange over random valid ledgers whose ids, versions, timestamps
//! and devices collide often: a file reads back as the ledger it was written from, imports
//! commute, and a second import of the same file changes nothing.

use std::collections::BTreeSet;

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use proptest::prelude::*;

use super::file::ExportOptions;
use super::plan::{apply, plan_import, ImportPlan, KindCounts, Planner};
use super::stream::{cut, read_pieces, refusal_reading_whole, StreamReader};
use super::testing::{exported, id, today};
use super::{parse, FileError};
use crate::domain::catalogue::builtin_metrics;
use crate::domain::petition::tests::sample;
use crate::domain::record::Extra;
use crate::domain::{
    Action, ActionKind, AnyRecord, Campaign, Category, Channel, Ledger, Meta, Metric, MetricGroup,
    Name, Office, OfficeKind, Outcome, Petition, Status, Tally,
};

fn at(secs: i64, millis: i64) -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
        + Duration::days(19_000)
        + Duration::seconds(secs)
        + Duration::milliseconds(millis)
}

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + Days::new(offset)
}

fn meta(ids: Vec<String>) -> impl Strategy<Value = Meta> {
    (
        prop::sample::select(ids),
        1u32..=3,
        0i64..3,
        prop::sample::select(&[0i64, 7][..]),
        prop::sample::select(&["d1", "d2"][..]),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(id, version, secs, millis, by, deleted)| Meta {
            id: id.into(),
            version,
            updated_at: at(secs, millis),
            updated_by: by.into(),
            deleted,
        })
}

fn ids(numbers: &[u32]) -> Vec<String> {
    numbers.iter().map(|n| id(*n).to_string()).collect()
}

/// Sometimes a field this version does not know.
fn extra() -> impl Strategy<Value = Extra> {
    prop::option::of(prop::sample::select(&["甲", "future"][..])).prop_map(|value| {
        let mut extra = Extra::new();
        if let Some(value) = value {
            extra.insert("x_future".into(), serde_json::json!({"v": [value, 1]}));
        }
        extra
    })
}

fn office() -> impl Strategy<Value = Office> {
    (
        meta(ids(&[1, 2, 3])),
        prop::sample::select(&["市公安局", "市法院"][..]),
        prop::sample::select(OfficeKind::ALL),
        prop::sample::select(&["GA", "FY", "JC2"][..]),
        extra(),
    )
        .prop_map(|(meta, name, kind, code, extra)| Office {
            meta,
            name: name.into(),
            kind,
            code: code.into(),
            extra,
        })
}

fn metric() -> impl Strategy<Value = Metric> {
    let keys = vec!["fraud_calls_blocked".to_string(), "arrests".to_string()];
    (
        meta(keys),
        prop::sample::select(&["拦截诈骗电话", "逮捕（改）"][..]),
        any::<bool>(),
        extra(),
    )
        .prop_map(|(meta, label, hidden, extra)| {
            let builtin = builtin_metrics().into_iter().find(|m| m.meta.id == meta.id);
            Metric {
                label_zh: label.into(),
                label_en: "Renamed".into(),
                unit_zh: "个".into(),
                unit_en: "items".into(),
                group: MetricGroup::Prevention,
                // A built-in keeps its kind of number, so that its tallies stay valid.
                integer: true,
                builtin: builtin.is_some(),
                hidden,
                extra,
                meta,
            }
        })
}

fn campaign() -> impl Strategy<Value = Campaign> {
    (
        meta(ids(&[5, 6])),
        prop::sample::select(&["春雷行动", "铁血风暴"][..]),
        0u64..100,
        prop::option::of(0u64..60),
        prop::sample::subsequence(vec!["arrests", "households_visited"], 0..=2),
        extra(),
    )
        .prop_map(|(meta, name, start, length, metrics, extra)| Campaign {
            meta,
            name: name.into(),
            starts_on: day(start),
            ends_on: length.map(|length| day(start + length)),
            description: String::new(),
            metrics: metrics.into_iter().map(str::to_string).collect(),
            extra,
        })
}

/// A log entry whose content follows from its id, as with the app's UUIDs: an entry once
/// written never changes, so two copies of one never differ.
fn action() -> impl Strategy<Value = Action> {
    (101u32..105).prop_map(|n| {
        let pick = (n % 3) as usize;
        let mut extra = Extra::new();
        if pick == 1 {
            extra.insert("x_future".into(), serde_json::json!({"v": ["甲", 1]}));
        }
        Action {
            id: id(n).as_str().into(),
            on: at(pick as i64, 5),
            kind: [ActionKind::Note, ActionKind::Reply, ActionKind::Note][pick],
            text: ["", "已答复", "补充材料"][pick].into(),
            by: "d1".into(),
            office_id: None,
            by_name: String::new(),
            data: Default::default(),
            extra,
        }
    })
}

fn petition() -> impl Strategy<Value = Petition> {
    (
        (
            meta(ids(&[11, 12, 13, 14])),
            prop::sample::select(ids(&[1, 2])),
            prop::sample::select(Channel::ALL),
            0u64..200,
            prop::sample::select(&["张三", "李四", ""][..]),
            any::<bool>(),
        ),
        (
            1u32..8,
            prop::sample::select(Category::ALL),
            prop::sample::select(&["拆迁补偿", "工资拖欠"][..]),
            prop::option::of(prop::sample::select(ids(&[11, 12, 13, 14]))),
            0u8..3,
            prop::collection::vec(action(), 0..3),
            extra(),
        ),
    )
        .prop_map(
            |(
                (meta, office_id, channel, received, name, with_id_number),
                (headcount, category, subject, repeat_of, stage, actions, extra),
            )| {
                let mut p = sample(&meta.id);
                // One serial per id, so two petitions never share one.
                p.serial = format!("S-{}", &meta.id[meta.id.len() - 4..]);
                p.meta = meta;
                p.office_id = office_id.into();
                p.channel = channel;
                p.received_on = day(received);
                p.due_on = day(received + 60);
                p.petitioner.name = name.into();
                if with_id_number {
                    p.petitioner.id_number = "11010519491231002X".into();
                }
                p.headcount = headcount;
                p.category = category;
                p.subject = subject.into();
                p.repeat_of = repeat_of.filter(|other| *other != p.meta.id);
                if stage >= 1 {
                    p.assigned_to = Some(Name::new(&id(2)));
                    p.assigned_on = Some(p.received_on);
                    p.leader = "王局长".into();
                    p.status = Status::InProgress;
                }
                if stage == 2 {
                    p.status = Status::Concluded;
                    p.concluded_on = Some(day(received + 20));
                    p.outcome = Some(Outcome::Mediated);
                }
                p.actions = crate::domain::petition::union_actions(&actions, &[]).0;
                p.extra = extra;
                p
            },
        )
}

fn tally() -> impl Strategy<Value = Tally> {
    (
        meta(ids(&[21, 22, 23])),
        prop::sample::select(ids(&[1, 2])),
        prop::sample::select(&["arrests", "funding_added", "households_visited"][..]),
        0u64..230,
        0u32..40,
        prop::option::of(prop::sample::select(ids(&[5, 6]))),
        prop::sample::select(&["", "补报"][..]),
        extra(),
    )
        .prop_map(
            |(meta, office_id, metric, on, quarters, campaign_id, note, extra)| Tally {
                meta,
                office_id: office_id.into(),
                metric: metric.into(),
                on: day(on),
                // Quarters only for the one fractional metric; all exact in binary.
                value: if metric == "funding_added" {
                    f64::from(quarters) / 4.0
                } else {
                    f64::from(quarters)
                },
                campaign_id: campaign_id.map(crate::domain::Name::from),
                note: note.into(),
                extra,
            },
        )
}

fn ledger() -> impl Strategy<Value = Ledger> {
    (
        prop::collection::vec(office(), 0..3),
        prop::collection::vec(metric(), 0..3),
        prop::collection::vec(campaign(), 0..2),
        prop::collection::vec(petition(), 0..5),
        prop::collection::vec(tally(), 0..4),
    )
        .prop_map(|(offices, metrics, campaigns, petitions, tallies)| {
            let mut ledger = Ledger::default();
            offices.into_iter().for_each(|r| drop(ledger.put(r)));
            metrics.into_iter().for_each(|r| drop(ledger.put(r)));
            campaigns.into_iter().for_each(|r| drop(ledger.put(r)));
            petitions.into_iter().for_each(|r| drop(ledger.put(r)));
            tallies.into_iter().for_each(|r| drop(ledger.put(r)));
            ledger
        })
}

/// The plan of importing the export of `file` into `ledger`, which must read without
/// problems: these ledgers are valid.
fn plan_file(ledger: &Ledger, file: &Ledger) -> Result<ImportPlan, TestCaseError> {
    let text = exported(file, &ExportOptions::default());
    let parsed =
        parse(&text, ledger, today()).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    prop_assert_eq!(&parsed.problems, &vec![]);
    Ok(plan_import(ledger, parsed.valid_records().cloned()))
}

fn import(ledger: &Ledger, file: &Ledger) -> Result<Ledger, TestCaseError> {
    let plan = plan_file(ledger, file)?;
    let mut result = ledger.clone();
    apply(&mut result, &plan);
    Ok(result)
}

fn records(ledger: &Ledger) -> Vec<AnyRecord> {
    let text = exported(ledger, &ExportOptions::default());
    parse(&text, &Ledger::default(), today())
        .unwrap()
        .valid_records()
        .cloned()
        .collect()
}

proptest! {
    #[test]
    fn a_file_imported_into_an_empty_ledger_gives_back_the_ledger_it_was_written_from(
        ledger in ledger(),
    ) {
        let plan = plan_file(&Ledger::default(), &ledger)?;
        prop_assert_eq!(plan.total(), KindCounts { add: ledger.len(), ..KindCounts::default() });
        let mut imported = Ledger::default();
        apply(&mut imported, &plan);
        prop_assert_eq!(imported, ledger);
    }

    #[test]
    fn importing_a_then_b_equals_importing_b_then_a(
        base in ledger(),
        a in ledger(),
        b in ledger(),
    ) {
        let a_then_b = import(&import(&base, &a)?, &b)?;
        let b_then_a = import(&import(&base, &b)?, &a)?;
        prop_assert_eq!(a_then_b, b_then_a);
    }

    #[test]
    fn importing_the_same_file_twice_changes_nothing_the_second_time(
        base in ledger(),
        file in ledger(),
    ) {
        let first = plan_file(&base, &file)?;
        let once = import(&base, &file)?;
        let again = plan_file(&once, &file)?;
        prop_assert!(again.writes.is_empty());
        let total = again.total();
        prop_assert_eq!((total.add, total.update), (0, 0));
        prop_assert_eq!(total.unchanged + total.conflict, file.len());
        // A record the ledger kept against the file's (same version, other content) is
        // still a conflict by §7, now one the ledger wins without changing.
        prop_assert!(again.conflicts.iter().all(|c| c.local_won && !c.local_changed));
        // What the ledger kept it still keeps, and nothing conflicts that did not before. (A
        // record whose rest the file won may still conflict in its personal data, which
        // merges on its own: see `domain::redaction`.)
        let ids = |plan: &ImportPlan, kept_only: bool| -> BTreeSet<String> {
            let conflicts = plan.conflicts.iter().filter(|c| c.local_won || !kept_only);
            conflicts.map(|c| c.id.clone()).collect()
        };
        prop_assert!(ids(&first, true).is_subset(&ids(&again, true)));
        prop_assert!(ids(&again, false).is_subset(&ids(&first, false)));
    }

    #[test]
    fn a_plan_made_in_slices_equals_the_plan_made_at_once(
        base in ledger(),
        file in ledger(),
        size in 1usize..4,
    ) {
        let records = records(&file);
        let whole = plan_import(&base, records.clone());
        let mut planner = Planner::new();
        for chunk in records.chunks(size) {
            planner.feed(&base, chunk.to_vec());
        }
        prop_assert_eq!(planner.finish(), whole);
    }

    #[test]
    fn a_file_pushed_in_pieces_reads_as_one_piece(
        ledger in ledger(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        one_by_one in prop::bool::weighted(0.1),
    ) {
        let text = exported(&ledger, &ExportOptions::default());
        let whole = parse(&text, &Ledger::default(), today());
        prop_assert!(whole.is_ok());
        let cuts: Vec<usize> = if one_by_one {
            text.char_indices().map(|(i, _)| i).collect()
        } else {
            cuts.iter().map(|i| i.index(text.len() + 1)).collect()
        };
        let pieces = cut(&text, &cuts);
        prop_assert_eq!(read_pieces(pieces, &Ledger::default(), today()), whole);
    }

    #[test]
    fn a_damaged_file_is_refused_alike_in_any_pieces_and_as_reading_it_whole_refused_it(
        ledger in ledger(),
        at in any::<prop::sample::Index>(),
        edit in 0u8..4,
        byte in prop::sample::select(&[
            "\"", "\\", "{", "}", "[", "]", ",", ":", "1", "0", "-", ".", "e", "n", " ", "\n",
            "x", "é", "甲", "\u{1}", "\u{feff}",
        ][..]),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
    ) {
        let mut text = exported(&ledger, &ExportOptions::default());
        let mut at = at.index(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        match edit {
            0 => text.truncate(at),
            1 => text.insert_str(at, byte),
            2 => drop(text.remove(at)),
            _ => {
                text.remove(at);
                text.insert_str(at, byte);
            }
        }
        let whole = parse(&text, &Ledger::default(), today());
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(text.len() + 1)).collect();
        let pieces = read_pieces(cut(&text, &cuts), &Ledger::default(), today());
        prop_assert_eq!(&pieces, &whole);
        let before = refusal_reading_whole(&text);
        let object = text.trim_start_matches(['\u{feff}', ' ', '\n']).starts_with('{');
        if !object && matches!(before, Some(FileError::NotJson { .. })) {
            // A top-level value that is not an object is refused at its first character,
            // before the end that would tell whether it is JSON.
            let refused = whole.err();
            prop_assert!(refused == before || refused == Some(FileError::NotTaizhang));
        } else if let (Some(FileError::NotJson { line, column }), Err(refused)) = (&before, &whole) {
            if before.as_ref() != Some(refused) {
                // Bad twice: the stream refuses for what it met first, before the mistake of
                // JSON further on that reading whole met first.
                prop_assert!(!matches!(refused, FileError::NotJson { .. }), "{:?}", refused);
                let stripped = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let line_start: usize = stripped.split_inclusive('\n').take(line - 1).map(str::len).sum();
                let mistake = (line_start + column).saturating_sub(1);
                let mut reader = StreamReader::new(today());
                prop_assert_eq!(reader.push(&stripped[..mistake], &Ledger::default()), Err(refused.clone()), "{}", text);
            }
        } else {
            prop_assert_eq!(whole.err(), before, "{}", text);
        }
    }
}
