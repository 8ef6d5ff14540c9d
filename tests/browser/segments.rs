//! The segment store (schema 2) and the move from schema 1, against Chromium's IndexedDB.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use taizhang::domain::{Campaign, Id, Ledger, Metric, Office, Petition, Record, Tally};
use taizhang::generate::{self, Size};
use taizhang::storage::{Db, Expect, OpenEvents, StorageError, WriteBatch};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::fixture_v1;
use crate::support::fresh_db;

/// A generated ledger small enough for a test, large enough that every segment holds many
/// records and schema 1's tallies are read in more than one page.
fn generated() -> Ledger {
    let size = Size {
        petitions: 2_000,
        tallies: 25_000,
    };
    generate::ledger(7, size, NaiveDate::from_ymd_opt(2022, 12, 31).unwrap())
}

fn edited(petition: &Petition, by: &str) -> Petition {
    let mut edited = petition.clone();
    edited.subject = format!("{} ({by})", edited.subject);
    edited.meta.version += 1;
    edited
}

/// Saves an edit of `petition`, as a person does: one record expected at its version.
async fn save_edit(db: &Db, petition: &Petition, by: &str) -> Petition {
    let edit = edited(petition, by);
    let mut batch = WriteBatch::new();
    batch
        .put(&edit, Expect::Version(petition.meta.version))
        .unwrap();
    db.write(batch).await.unwrap();
    edit
}

/// Writes `records` as the app's saves do: borrowed by the batch, written out by the write.
async fn write_all<R: Record>(db: &Db, records: impl IntoIterator<Item = R>) {
    let records: Vec<R> = records.into_iter().collect();
    let mut batch = WriteBatch::new();
    for record in &records {
        batch.put_ref(record, Expect::Absent, None);
    }
    db.write(batch).await.unwrap();
}

#[wasm_bindgen_test]
async fn single_saves_go_to_the_journal_and_compaction_folds_them_in_unchanged() {
    let db = fresh_db("t-journal").await;
    let ledger = generated();
    let petitions: Vec<Petition> = ledger.petitions.values().take(40).cloned().collect();
    write_all(&db, petitions.clone()).await;
    let mut expected: BTreeMap<Id, Petition> = petitions
        .iter()
        .map(|p| (p.meta().id.clone(), p.clone()))
        .collect();
    for petition in petitions.iter().take(5) {
        let edit = save_edit(&db, petition, "journal").await;
        expected.insert(edit.meta().id.clone(), edit);
    }

    assert_eq!(db.compact().await.unwrap(), 40, "a journal row per record");
    assert_eq!(db.compact().await.unwrap(), 0, "the journal is empty after");
    let read: BTreeMap<Id, Petition> = db
        .all::<Petition>()
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.meta().id.clone(), p))
        .collect();
    assert_eq!(read, expected);

    // The versions kept in the segments still refuse a stale save.
    let stale = edited(&petitions[0], "stale");
    let mut batch = WriteBatch::new();
    batch
        .put(&stale, Expect::Version(petitions[0].meta.version))
        .unwrap();
    assert_eq!(
        db.write(batch).await.unwrap_err(),
        StorageError::Stale {
            kind: Petition::KIND,
            id: stale.id().to_string(),
            stored_version: Some(petitions[0].meta.version + 1),
        }
    );
}

#[wasm_bindgen_test]
async fn a_large_write_checks_every_expectation_against_the_journal_and_the_segments() {
    let name = "t-large-write";
    let first_tab = fresh_db(name).await;
    let second_tab = Db::open_named(name, OpenEvents::default()).await.unwrap();
    let ledger = generated();
    let petition = ledger.petitions.values().next().unwrap().clone();
    write_all(&first_tab, [petition.clone()]).await;
    // The second tab saves an edit: a journal row.
    let theirs = edited(&petition, "second tab");
    let mut batch = WriteBatch::new();
    batch
        .put(&theirs, Expect::Version(petition.meta.version))
        .unwrap();
    second_tab.write(batch).await.unwrap();

    // The first tab imports 3,000 tallies and its own edit made from the old version: the
    // whole write is refused and nothing of it is kept.
    let tallies: Vec<Tally> = ledger.tallies.values().take(3_000).cloned().collect();
    let mut import = WriteBatch::new();
    for tally in &tallies {
        import.put(tally, Expect::Absent).unwrap();
    }
    let ours = edited(&petition, "first tab");
    import
        .put(&ours, Expect::Version(petition.meta.version))
        .unwrap();
    assert!(matches!(
        first_tab.write(import).await,
        Err(StorageError::Stale { stored_version: Some(v), .. }) if v == theirs.meta.version
    ));
    assert_eq!(first_tab.count::<Tally>().await.unwrap(), 0);
    assert_eq!(
        first_tab.get::<Petition>(petition.id()).await.unwrap(),
        Some(theirs.clone())
    );

    // Made again from the version stored, it lands whole, and the journal is folded in;
    // this time the tallies are borrowed and written out segment by segment (`put_ref`).
    let mut import = WriteBatch::new();
    for tally in &tallies {
        import.put_ref(tally, Expect::Absent, None);
    }
    let mut ours = edited(&theirs, "first tab");
    ours.subject = "再次导入".into();
    import
        .put(&ours, Expect::Version(theirs.meta.version))
        .unwrap();
    first_tab.write(import).await.unwrap();
    assert_eq!(
        first_tab.compact().await.unwrap(),
        0,
        "nothing left in the journal"
    );
    assert_eq!(second_tab.count::<Tally>().await.unwrap(), 3_000);
    assert_eq!(
        second_tab.get::<Petition>(petition.id()).await.unwrap(),
        Some(ours)
    );
    let read = second_tab.all::<Tally>().await.unwrap();
    assert_eq!(read.len(), 3_000);
    assert!(read.iter().all(|t| ledger.tallies[t.id()] == *t));
}

#[wasm_bindgen_test]
async fn a_small_write_with_one_stale_record_keeps_none_of_its_records() {
    let db = fresh_db("t-journal-refused").await;
    let ledger = generated();
    let mut petitions = ledger.petitions.values().take(2);
    let (first, second) = (
        petitions.next().unwrap().clone(),
        petitions.next().unwrap().clone(),
    );
    write_all(&db, [second.clone()]).await;
    let mut batch = WriteBatch::new();
    batch.put(&first, Expect::Absent).unwrap();
    batch.put(&second, Expect::Absent).unwrap();
    assert!(matches!(
        db.write(batch).await,
        Err(StorageError::Stale { .. })
    ));
    assert_eq!(db.get::<Petition>(first.id()).await.unwrap(), None);
    assert_eq!(db.count::<Petition>().await.unwrap(), 1);
}

async fn table<R: Record>(db: &Db) -> BTreeMap<Id, R> {
    db.all::<R>()
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.meta().id.clone(), r))
        .collect()
}

#[wasm_bindgen_test]
async fn a_schema_1_database_of_a_generated_ledger_moves_into_segments_with_every_record() {
    let name = "t-move-generated";
    Db::delete(name).await.unwrap();
    let ledger = generated();
    fixture_v1::create_holding(name, &ledger).await;
    assert_eq!(
        fixture_v1::count_raw(name, "tallies").await as usize,
        ledger.tallies.len()
    );

    let db = Db::open_named(name, OpenEvents::default()).await.unwrap();
    assert_eq!(table::<Office>(&db).await, ledger.offices);
    assert_eq!(table::<Metric>(&db).await, ledger.metrics);
    assert_eq!(table::<Campaign>(&db).await, ledger.campaigns);
    assert_eq!(table::<Petition>(&db).await, ledger.petitions);
    assert_eq!(table::<Tally>(&db).await, ledger.tallies);

    // An edit after the move survives the next start: the move is not made twice.
    let petition = ledger.petitions.values().next().unwrap();
    let edit = save_edit(&db, petition, "after the move").await;
    db.close();
    for store in ["offices", "metrics", "campaigns", "petitions", "tallies"] {
        assert_eq!(
            fixture_v1::count_raw(name, store).await,
            0,
            "{store} emptied"
        );
    }
    let db = Db::open_named(name, OpenEvents::default()).await.unwrap();
    assert_eq!(db.get::<Petition>(petition.id()).await.unwrap(), Some(edit));
    assert_eq!(
        db.count::<Tally>().await.unwrap() as usize,
        ledger.tallies.len()
    );
}

#[wasm_bindgen_test]
async fn a_schema_1_row_that_cannot_be_read_stops_the_move_and_the_old_rows_stay() {
    let name = "t-move-broken";
    Db::delete(name).await.unwrap();
    let mut ledger = Ledger::default();
    let generated = generated();
    for petition in generated.petitions.values().take(10) {
        ledger.put(petition.clone());
    }
    // A petition whose document this build cannot read: its subject is a number.
    let mut broken = generated.petitions.values().nth(10).unwrap().clone();
    broken.subject = "BROKEN".into();
    ledger.put(broken);
    fixture_v1::create_holding_with(name, &ledger, |doc| {
        doc.replace(r#""subject":"BROKEN""#, r#""subject":17"#)
    })
    .await;

    let opened = Db::open_named(name, OpenEvents::default()).await;
    assert!(
        matches!(opened, Err(StorageError::Corrupt(_))),
        "the start says the stored records cannot be read"
    );
    assert_eq!(
        fixture_v1::count_raw(name, "petitions").await,
        11,
        "and every old row is still there"
    );
}

#[wasm_bindgen_test]
async fn a_write_gives_each_documents_digest_before_the_note_made_after_its_records() {
    use std::cell::Cell;
    use std::rc::Rc;
    use taizhang::domain::{AnyRecord, LedgerTable};
    use taizhang::exchange::Base;

    let db = fresh_db("t-digests").await;
    let ledger = generated();
    // A few petitions go to the journal; 3,000 tallies to the segments.
    let petitions: Vec<AnyRecord> = ledger
        .petitions
        .values()
        .take(5)
        .cloned()
        .map(LedgerTable::into_any)
        .collect();
    let tallies: Vec<AnyRecord> = ledger
        .tallies
        .values()
        .take(3_000)
        .cloned()
        .map(LedgerTable::into_any)
        .collect();
    for records in [petitions, tallies] {
        let digests: Rc<[Cell<u64>]> = records.iter().map(|_| Cell::new(0)).collect();
        let mut batch = WriteBatch::new();
        for (record, digest) in records.iter().zip(digests.iter()) {
            taizhang::storage::ledger::put_any(&mut batch, record, Expect::Absent, Some(digest));
        }
        let seen = digests.clone();
        // Made in two pieces: the digests are known once the records are written.
        let mut pieces = 0;
        batch
            .import_entry_later("entry", &"a summary", move || {
                pieces += 1;
                let digests: Vec<String> = seen.iter().map(|d| d.get().to_string()).collect();
                match pieces {
                    1 => Some(Ok(format!("[{}", digests.join(",")))),
                    2 => Some(Ok("]".into())),
                    _ => None,
                }
            })
            .unwrap();
        db.write(batch).await.unwrap();
        let expected: Vec<u64> = records.iter().map(|r| Base::of(r).digest).collect();
        assert!(digests.iter().map(Cell::get).eq(expected.iter().copied()));
        // The entry, made once the records were written, holds the same digests.
        let entry: Option<Vec<u64>> = db.import_entry("entry").await.unwrap();
        assert_eq!(entry, Some(expected));
    }
}
