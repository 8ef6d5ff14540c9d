//! The ledger database against Chromium's real IndexedDB.

use chrono::{NaiveDate, TimeZone, Utc};
use taizhang::domain::record::{Extra, Meta};
use taizhang::domain::Ledger;
use taizhang::domain::{
    Calendar, Category, Channel, NewPetition, Office, OfficeKind, Petition, Petitioner, Record,
    Stamp, Tally,
};
use taizhang::exchange::ImportSummary;
use taizhang::storage::ledger::{load_start, read_changed, read_petitions, read_tallies};
use taizhang::storage::sync::{ChangeListener, Changed};
use taizhang::storage::{Db, Expect, OpenEvents, StorageError, WriteBatch};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{fresh_db, millis, settle};

/// What the app reads before the tallies: offices, metrics and campaigns, then the
/// petitions on their own, a segment at a time.
async fn load_before_tallies(db: &Db) -> Ledger {
    let mut ledger = load_start(db).await.unwrap();
    assert!(
        ledger.petitions.is_empty(),
        "the petitions are read on their own"
    );
    let mut petitions = read_petitions(db).await.unwrap();
    while !petitions.decode_into(&mut ledger.petitions, 1).unwrap() {}
    ledger
}

pub(crate) fn stamp(device: &str) -> Stamp {
    Stamp {
        device: device.to_string(),
        now: Utc.with_ymd_and_hms(2022, 8, 21, 8, 0, 0).unwrap(),
        office: None,
        by_name: String::new(),
    }
}

pub(crate) fn office(name: &str) -> Office {
    Office {
        meta: Meta::new(uuid::Uuid::new_v4().to_string(), &stamp("device-a")),
        name: name.to_string(),
        kind: OfficeKind::PublicSecurity,
        code: "GA".to_string(),
        extra: Extra::new(),
    }
}

pub(crate) fn petition(office_id: &str, n: u32) -> Petition {
    Petition::register(
        NewPetition {
            office_id: office_id.to_string(),
            serial: format!("GA-2022-{n:04}"),
            channel: if n.is_multiple_of(3) {
                Channel::Letter
            } else {
                Channel::Visit
            },
            received_on: NaiveDate::from_ymd_opt(2022, 8, 21).unwrap(),
            petitioner: Petitioner {
                name: format!("张{n}"),
                id_number: String::new(),
                phone: String::new(),
                address: String::new(),
                extra: Extra::new(),
            },
            headcount: 1 + n % 7,
            law_related: n.is_multiple_of(2),
            category: Category::Court,
            subject: "土地征收补偿".to_string(),
            details: String::new(),
            repeat_of: None,
        },
        &Calendar::shipped(),
        &stamp("device-a"),
    )
}

fn tally(office_id: &str, n: u32) -> Tally {
    Tally {
        meta: Meta::new(uuid::Uuid::new_v4().to_string(), &stamp("device-a")),
        office_id: office_id.into(),
        metric: "suspects_caught".into(),
        on: NaiveDate::from_ymd_opt(2022, 9, 1).unwrap() + chrono::Days::new(u64::from(n % 60)),
        value: f64::from(n % 9),
        campaign_id: None,
        note: String::new(),
        extra: Extra::new(),
    }
}

#[wasm_bindgen_test]
async fn a_new_database_opens_empty_and_keeps_what_is_written() {
    let db = fresh_db("t-empty").await;
    assert_eq!(db.count::<Petition>().await.unwrap(), 0);
    assert_eq!(db.count::<Office>().await.unwrap(), 0);

    let office = office("市公安局");
    let mut batch = WriteBatch::new();
    batch.put(&office, Expect::Absent).unwrap();
    batch.setting("office_id", &office.meta.id).unwrap();
    db.write(batch).await.unwrap();

    let read: Office = db.get(&office.meta.id).await.unwrap().unwrap();
    assert_eq!(read, office);
    let office_id: Option<String> = db.setting("office_id").await.unwrap();
    assert_eq!(office_id.as_deref(), Some(office.meta.id.as_str()));
    let missing: Option<String> = db.setting("nothing").await.unwrap();
    assert_eq!(missing, None);
}

#[wasm_bindgen_test]
async fn a_version_1_database_filled_by_an_earlier_build_opens_with_its_data() {
    let name = "t-v1-fixture";
    Db::delete(name).await.unwrap();
    crate::fixture_v1::create(name).await;

    let db = Db::open_named(name, OpenEvents::default()).await.unwrap();
    let offices: Vec<Office> = db.all().await.unwrap();
    assert_eq!(offices.len(), 1);
    assert_eq!(offices[0].name, "市检察院");
    // A field this build does not know travels on.
    assert_eq!(
        offices[0].extra.get("phone").and_then(|v| v.as_str()),
        Some("0371-1234567")
    );
    let petitions: Vec<Petition> = db.all().await.unwrap();
    assert_eq!(petitions.len(), 2);
    assert!(petitions
        .iter()
        .any(|p| p.serial == "JC-2022-0002" && p.headcount == 6));
    let device: Option<String> = db.setting("device_id").await.unwrap();
    assert_eq!(device.as_deref(), Some("fixture-device"));
    // Copied, verified, and only then emptied.
    db.close();
    assert_eq!(crate::fixture_v1::count_raw(name, "petitions").await, 0);
}

#[wasm_bindgen_test]
async fn ten_thousand_records_are_written_in_one_transaction_and_read_back() {
    let db = fresh_db("t-bulk").await;
    let office = office("市公安局");
    let petitions: Vec<Petition> = (0..10_000).map(|n| petition(&office.meta.id, n)).collect();
    let mut batch = WriteBatch::new();
    for p in &petitions {
        batch.put(p, Expect::Absent).unwrap();
    }
    let started = millis();
    db.write(batch).await.unwrap();
    let written = millis();
    let read: Vec<Petition> = db.all().await.unwrap();
    let done = millis();
    web_sys::console::log_1(
        &format!(
            "10,000 petitions: write {:.0} ms, read {:.0} ms",
            written - started,
            done - written
        )
        .into(),
    );
    assert_eq!(read.len(), 10_000);
    let sample = read.iter().find(|p| p.serial == "GA-2022-0042").unwrap();
    assert_eq!(
        sample,
        petitions
            .iter()
            .find(|p| p.serial == "GA-2022-0042")
            .unwrap()
    );
}

#[wasm_bindgen_test]
async fn a_failed_bulk_write_leaves_nothing_behind() {
    let db = fresh_db("t-all-or-nothing").await;
    let office = office("市公安局");
    let mut batch = WriteBatch::new();
    for n in 0..10_000 {
        batch
            .put(&tally(&office.meta.id, n), Expect::Absent)
            .unwrap();
    }
    // The last record claims to replace a version that is not stored: the batch is refused.
    let mut edited = office.clone();
    edited.meta.touch(&stamp("device-a"));
    batch.put(&edited, Expect::Version(1)).unwrap();

    let error = db.write(batch).await.unwrap_err();
    assert!(matches!(error, StorageError::Stale { .. }), "{error:?}");
    assert_eq!(db.count::<Tally>().await.unwrap(), 0);
    assert_eq!(db.count::<Office>().await.unwrap(), 0);
}

#[wasm_bindgen_test]
async fn saving_over_a_record_another_tab_changed_is_refused() {
    let name = "t-stale";
    let first_tab = fresh_db(name).await;
    let second_tab = Db::open_named(name, OpenEvents::default()).await.unwrap();
    let office = office("市法院");
    let mut batch = WriteBatch::new();
    batch.put(&office, Expect::Absent).unwrap();
    first_tab.write(batch).await.unwrap();

    // Both tabs read version 1 and edit it.
    let mut in_first: Office = first_tab.get(&office.meta.id).await.unwrap().unwrap();
    let mut in_second: Office = second_tab.get(&office.meta.id).await.unwrap().unwrap();
    in_first.name = "市中级人民法院".into();
    in_first.meta.touch(&stamp("device-a"));
    in_second.name = "某区法院".into();
    in_second.meta.touch(&stamp("device-b"));

    let mut first_save = WriteBatch::new();
    first_save
        .put(&in_first, Expect::previous_of(&in_first))
        .unwrap();
    first_tab.write(first_save).await.unwrap();

    let mut second_save = WriteBatch::new();
    second_save
        .put(&in_second, Expect::previous_of(&in_second))
        .unwrap();
    let error = second_tab.write(second_save).await.unwrap_err();
    assert_eq!(
        error,
        StorageError::Stale {
            kind: Office::KIND,
            id: office.meta.id.to_string(),
            stored_version: Some(2)
        }
    );
    let stored: Office = second_tab.get(&office.meta.id).await.unwrap().unwrap();
    assert_eq!(stored.name, "市中级人民法院");
}

#[wasm_bindgen_test]
async fn two_connections_see_each_others_changes_and_are_told_of_them() {
    let name = "t-two-tabs";
    let first_tab = fresh_db(name).await;
    let second_tab = Db::open_named(name, OpenEvents::default()).await.unwrap();

    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::<Changed>::new()));
    let sink = heard.clone();
    let _listener = ChangeListener::new(move |changed| sink.borrow_mut().push(changed)).unwrap();

    let office = office("市司法局");
    let mut batch = WriteBatch::new();
    batch.put(&office, Expect::Absent).unwrap();
    first_tab.write(batch).await.unwrap();

    let seen: Option<Office> = second_tab.get(&office.meta.id).await.unwrap();
    assert_eq!(seen.as_ref().map(|o| o.name.as_str()), Some("市司法局"));
    settle().await;
    let heard = heard.borrow();
    assert_eq!(heard.len(), 1);
    assert_eq!(heard[0].kinds, vec![Office::KIND]);
    assert_eq!(heard[0].ids, vec![office.meta.id.clone()]);
    // The message names the connection that wrote it, so that page can pass over its own.
    assert_eq!(heard[0].from, first_tab.connection());
    assert_ne!(heard[0].from, second_tab.connection());
}

#[wasm_bindgen_test]
async fn a_newer_tab_upgrading_the_database_closes_this_connection_and_says_so() {
    let name = "t-version-change";
    Db::delete(name).await.unwrap();
    let told = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = told.clone();
    let events = OpenEvents {
        version_change: Some(Box::new(move || flag.set(true))),
        ..OpenEvents::default()
    };
    let db = Db::open_named(name, events).await.unwrap();

    // Another tab, running a newer build, opens the next schema version. It is not blocked
    // because this connection closes itself, and this tab is told to reload.
    let newer_version = taizhang::storage::CURRENT_VERSION + 1;
    crate::fixture_v1::open_raw(name, newer_version).await;
    assert!(told.get());
    let after = db.count::<Office>().await;
    assert!(
        after.is_err(),
        "the old connection must not be used after an upgrade"
    );
}

#[wasm_bindgen_test]
async fn an_upgrade_held_up_by_an_older_tab_says_so_and_goes_on_once_that_tab_closes() {
    let name = "t-blocked";
    Db::delete(name).await.unwrap();
    Db::open_named(name, OpenEvents::default())
        .await
        .unwrap()
        .close();
    // A tab of this build that does not let go of its connection.
    let older = crate::fixture_v1::hold_raw(name, taizhang::storage::CURRENT_VERSION).await;

    let told = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = told.clone();
    let events = OpenEvents {
        blocked: Some(Box::new(move || flag.set(true))),
        ..OpenEvents::default()
    };
    let opened = std::rc::Rc::new(std::cell::RefCell::new(None));
    let result = opened.clone();
    let newer_version = taizhang::storage::CURRENT_VERSION + 1;
    wasm_bindgen_futures::spawn_local(async move {
        let db = Db::open_version(name, newer_version, events).await;
        *result.borrow_mut() = Some(db.is_ok());
    });
    for _ in 0..10 {
        settle().await;
    }
    assert!(told.get(), "the app is told the upgrade is blocked");
    assert_eq!(*opened.borrow(), None, "and it waits, writing nothing");

    older.close();
    for _ in 0..10 {
        settle().await;
    }
    assert_eq!(
        *opened.borrow(),
        Some(true),
        "once the older tab closes, the upgrade goes on"
    );
}

#[wasm_bindgen_test]
async fn the_ledger_loads_its_names_then_its_petitions_then_its_tallies_piece_by_piece() {
    let db = fresh_db("t-load").await;
    let office = office("市公安局");
    let mut deleted = petition(office.id(), 2);
    deleted.delete(&stamp("device-a"));
    let mut batch = WriteBatch::new();
    batch.put(&office, Expect::Absent).unwrap();
    batch
        .put(&petition(office.id(), 1), Expect::Absent)
        .unwrap();
    batch.put(&deleted, Expect::Absent).unwrap();
    let mut tally_ids = std::collections::BTreeSet::new();
    for n in 0..25 {
        let tally = tally(office.id(), n);
        tally_ids.insert(tally.id().to_string());
        batch.put(&tally, Expect::Absent).unwrap();
    }
    db.write(batch).await.unwrap();

    let ledger = load_before_tallies(&db).await;
    assert_eq!(ledger.offices.len(), 1);
    assert_eq!(
        ledger.petitions.len(),
        2,
        "a deleted petition is kept as a tombstone"
    );
    assert!(ledger.petitions[deleted.id()].meta.deleted);
    assert!(
        ledger.tallies.is_empty(),
        "tallies are read after the first screen"
    );

    // Written as journal rows (a small batch); folded into their segments they are read a
    // few segments at a time.
    assert_eq!(db.compact().await.unwrap(), 28);
    let mut stored = read_tallies(&db).await.unwrap();
    assert_eq!(stored.len_hint(), 25);
    let mut read = std::collections::BTreeMap::new();
    let mut turns = 0;
    while !stored.decode_into::<Tally>(&mut read, 1).unwrap() {
        turns += 1;
    }
    assert!(
        turns > 1,
        "the tallies' segments are decoded a piece at a time"
    );
    for id in read.keys() {
        assert!(
            tally_ids.remove(id.as_str()),
            "each tally is read once: {id}"
        );
    }
    assert!(tally_ids.is_empty(), "every tally is read");
}

#[wasm_bindgen_test]
async fn another_tabs_change_is_read_back_by_id_or_by_whole_kind() {
    let db = fresh_db("t-fresh").await;
    let office = office("市公安局");
    let first = petition(office.id(), 1);
    let mut batch = WriteBatch::new();
    batch.put(&office, Expect::Absent).unwrap();
    batch.put(&first, Expect::Absent).unwrap();
    db.write(batch).await.unwrap();
    let mut ledger = load_before_tallies(&db).await;

    // "Another tab" edits the petition and adds one; its message names the ids.
    let mut edited = first.clone();
    edited.add_entry(
        taizhang::domain::ActionKind::Note,
        "补充材料".into(),
        &stamp("device-b"),
    );
    let second = petition(office.id(), 2);
    let mut batch = WriteBatch::new();
    batch.put(&edited, Expect::Version(1)).unwrap();
    batch.put(&second, Expect::Absent).unwrap();
    db.write(batch).await.unwrap();
    let changed = Changed::from_puts(
        [(Petition::KIND, edited.id()), (Petition::KIND, second.id())].into_iter(),
    );
    read_changed(&db, &changed)
        .await
        .unwrap()
        .apply(&mut ledger);
    assert_eq!(ledger.petitions[first.id()], edited);
    assert_eq!(ledger.petitions[second.id()], second);

    // A large import names only the kind: the table is replaced by what storage holds.
    ledger
        .petitions
        .insert("not-stored".into(), petition(office.id(), 3));
    let whole = Changed {
        kinds: vec![taizhang::domain::RecordKind::Petition],
        ..Changed::default()
    };
    read_changed(&db, &whole).await.unwrap().apply(&mut ledger);
    assert_eq!(ledger.petitions.len(), 2);
    assert!(!ledger.petitions.contains_key("not-stored"));
    assert_eq!(ledger.offices.len(), 1, "other kinds are left as they were");
}

#[wasm_bindgen_test]
async fn an_import_entry_is_kept_with_its_records_listed_by_its_summary_and_forgotten_after_undo() {
    let db = fresh_db("t-imports").await;
    let office = office("市法院");
    let summary = |id: &str| serde_json::json!({"id": id, "records": 1});
    let entry = |id: &str| serde_json::json!({"id": id, "before": ["a record"]});
    let mut batch = WriteBatch::new();
    batch.put(&office, Expect::Absent).unwrap();
    batch
        .import_entry("import-1", &summary("import-1"), &entry("import-1"))
        .unwrap();
    db.write(batch).await.unwrap();
    // The history lists summaries; the entry itself is read when it is undone.
    let listed: Vec<serde_json::Value> = db.import_summaries().await.unwrap();
    assert_eq!(listed, vec![summary("import-1")]);
    let kept: Option<serde_json::Value> = db.import_entry("import-1").await.unwrap();
    assert_eq!(kept, Some(entry("import-1")));
    assert_eq!(
        db.import_entry::<serde_json::Value>("import-9")
            .await
            .unwrap(),
        None
    );

    // A refused batch keeps neither its records nor its history entry.
    let mut refused = WriteBatch::new();
    refused.put(&office, Expect::Absent).unwrap();
    refused
        .import_entry("import-2", &summary("import-2"), &entry("import-2"))
        .unwrap();
    assert!(matches!(
        db.write(refused).await,
        Err(StorageError::Stale { .. })
    ));
    assert_eq!(
        db.import_summaries::<serde_json::Value>().await.unwrap(),
        vec![summary("import-1")]
    );

    let mut undo = WriteBatch::new();
    undo.forget_import("import-1");
    db.write(undo).await.unwrap();
    assert!(db
        .import_summaries::<serde_json::Value>()
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        db.import_entry::<serde_json::Value>("import-1")
            .await
            .unwrap(),
        None
    );
}

#[wasm_bindgen_test]
async fn an_import_entry_made_piece_by_piece_is_kept_in_pieces_read_whole_and_forgotten_whole() {
    let name = "t-imports-pieces";
    let db = fresh_db(name).await;
    let summary = serde_json::json!({"id": "import-p", "records": 12});
    let items: Vec<String> = (0..12).map(|n| format!("record {n}")).collect();
    // Twelve items, one piece each, then the closing bracket: the pieces past the tenth
    // must still be read back in the order they were made.
    let pieces = |items: Vec<String>, fail_at: Option<usize>| {
        let mut made = 0;
        move || {
            made += 1;
            if Some(made) == fail_at {
                return Some(Err(<serde_json::Error as serde::ser::Error>::custom(
                    "the entry could not be made",
                )));
            }
            match made {
                1 => Some(Ok(format!("[\"{}\"", items[0]))),
                n if n <= items.len() => Some(Ok(format!(",\"{}\"", items[n - 1]))),
                n if n == items.len() + 1 => Some(Ok("]".to_string())),
                _ => None,
            }
        }
    };

    // A piece that cannot be made undoes the whole write: its record, its pieces, its entry.
    let mut failing = WriteBatch::new();
    failing.put(&office("市法院"), Expect::Absent).unwrap();
    failing
        .import_entry_later("import-p", &summary, pieces(items.clone(), Some(5)))
        .unwrap();
    assert!(db.write(failing).await.is_err());
    assert_eq!(crate::fixture_v1::count_raw(name, "imports").await, 0);
    assert_eq!(db.count::<Office>().await.unwrap(), 0);

    let mut batch = WriteBatch::new();
    batch.put(&office("市法院"), Expect::Absent).unwrap();
    batch
        .import_entry_later("import-p", &summary, pieces(items.clone(), None))
        .unwrap();
    db.write(batch).await.unwrap();
    // Its summary, its row and a row for each of its 13 pieces.
    assert_eq!(crate::fixture_v1::count_raw(name, "imports").await, 15);
    let listed: Vec<serde_json::Value> = db.import_summaries().await.unwrap();
    assert_eq!(listed, vec![summary.clone()]);
    let kept: Option<Vec<String>> = db.import_entry("import-p").await.unwrap();
    assert_eq!(kept, Some(items));

    let mut undo = WriteBatch::new();
    undo.forget_import("import-p");
    db.write(undo).await.unwrap();
    assert_eq!(crate::fixture_v1::count_raw(name, "imports").await, 0);
    assert_eq!(
        db.import_entry::<Vec<String>>("import-p").await.unwrap(),
        None
    );
}

#[wasm_bindgen_test]
async fn an_import_entry_kept_by_an_earlier_release_without_a_summary_is_listed_from_itself() {
    let db = fresh_db("t-imports-earlier").await;
    let earlier = serde_json::json!({
        "id": "import-old",
        "at": "2022-08-01T02:00:00.000Z",
        "file_name": "taizhang_GA.json",
        "counts": {"petition": {"add": 2, "update": 0, "unchanged": 0, "conflict": 0}},
        "before": [["petition", "p1", null], ["petition", "p2", null]],
        "after_versions": [["petition", "p1", 1], ["petition", "p2", 1]],
    });
    let row = js_sys::Object::new();
    js_sys::Reflect::set(&row, &"id".into(), &"import-old".into()).unwrap();
    js_sys::Reflect::set(&row, &"doc".into(), &earlier.to_string().into()).unwrap();
    crate::fixture_v1::put_raw("t-imports-earlier", "imports", &row.into()).await;
    let mut batch = WriteBatch::new();
    let entry = serde_json::json!({
        "id": "import-new",
        "at": "2022-08-02T02:00:00.000Z",
        "file_name": "taizhang_FY.json",
        "counts": {},
        "before": [["office", "o1", null]],
    });
    let summary = serde_json::json!({
        "id": "import-new",
        "at": "2022-08-02T02:00:00.000Z",
        "file_name": "taizhang_FY.json",
        "counts": {},
        "records": 1,
    });
    batch.import_entry("import-new", &summary, &entry).unwrap();
    db.write(batch).await.unwrap();

    let mut listed: Vec<ImportSummary> = db.import_summaries().await.unwrap();
    listed.sort_by_key(|s| s.at);
    let names: Vec<(&str, &str, usize)> = listed
        .iter()
        .map(|s| (s.id.as_str(), s.file_name.as_str(), s.records))
        .collect();
    assert_eq!(
        names,
        vec![
            ("import-old", "taizhang_GA.json", 2),
            ("import-new", "taizhang_FY.json", 1)
        ]
    );
    assert_eq!(listed[0].counts.values().map(|c| c.add).sum::<usize>(), 2);
}

#[wasm_bindgen_test]
async fn a_conflict_is_kept_with_its_import_written_again_in_place_and_forgotten_when_settled() {
    let db = fresh_db("t-conflicts").await;
    let office = office("市法院");
    let conflict = serde_json::json!({"record_id": "p-1", "set_aside": "their version"});
    let mut batch = WriteBatch::new();
    batch.put(&office, Expect::Absent).unwrap();
    batch
        .conflict("petition/p-1/2/abc", "p-1", &conflict)
        .unwrap();
    db.write(batch).await.unwrap();
    // The same conflict met again (the same file imported twice) stays one entry.
    let mut again = WriteBatch::new();
    again
        .conflict("petition/p-1/2/abc", "p-1", &conflict)
        .unwrap();
    db.write(again).await.unwrap();
    let kept: Vec<serde_json::Value> = db.conflicts().await.unwrap();
    assert_eq!(kept, vec![conflict.clone()]);

    // A refused batch keeps none of its conflicts.
    let mut refused = WriteBatch::new();
    refused.put(&office, Expect::Absent).unwrap();
    refused
        .conflict("petition/p-2/1/def", "p-2", &conflict)
        .unwrap();
    assert!(matches!(
        db.write(refused).await,
        Err(StorageError::Stale { .. })
    ));
    assert_eq!(db.conflicts::<serde_json::Value>().await.unwrap().len(), 1);

    let mut settled = WriteBatch::new();
    settled.forget_conflict("petition/p-1/2/abc");
    db.write(settled).await.unwrap();
    assert!(db
        .conflicts::<serde_json::Value>()
        .await
        .unwrap()
        .is_empty());
}

#[wasm_bindgen_test]
fn a_change_names_up_to_500_ids_and_past_that_only_its_kinds() {
    let ids: Vec<String> = (0..501).map(|n| format!("id-{n}")).collect();
    let named = Changed::from_puts(ids[..500].iter().map(|id| (Tally::KIND, id.as_str())));
    assert_eq!(named.ids.len(), 500);
    let whole = Changed::from_puts(
        std::iter::once((Office::KIND, "office"))
            .chain(ids.iter().map(|id| (Tally::KIND, id.as_str()))),
    );
    assert!(whole.ids.is_empty(), "the other tab reads the kinds whole");
    assert_eq!(whole.kinds, vec![Office::KIND, Tally::KIND]);
}
