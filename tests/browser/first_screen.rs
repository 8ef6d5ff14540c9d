//! The first screen and the report's facts kept beside the ledger: given back only while
//! the ledger is the one they were made from, whatever another tab writes meanwhile.

use taizhang::domain::figures::LedgerFacts;
use taizhang::domain::first_screen::FirstScreen;
use taizhang::domain::{Ledger, Petition, Record};
use taizhang::storage::ledger::read_petitions;
use taizhang::storage::{Beside, Db, Expect, OpenEvents, StorageError, WriteBatch};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::storage::{office, petition, stamp};
use crate::support::fresh_db;

async fn write(
    db: &Db,
    petitions: &[Petition],
    expect: Expect,
) -> Result<Option<taizhang::storage::Stamps>, StorageError> {
    let mut batch = WriteBatch::new();
    for p in petitions {
        batch.put(p, expect)?;
    }
    db.write(batch).await
}

/// A fresh database open in two tabs, and three petitions this tab wrote.
async fn two_tabs_with_three_petitions(
    name: &str,
) -> (Db, Db, Vec<Petition>, taizhang::storage::Stamps) {
    let this_tab = fresh_db(name).await;
    let other_tab = Db::open_named(name, OpenEvents::default()).await.unwrap();
    let office = office("市公安局");
    let petitions: Vec<Petition> = (1..=3).map(|n| petition(office.id(), n)).collect();
    let stamps = write(&this_tab, &petitions, Expect::Absent)
        .await
        .unwrap()
        .expect("a write of records sets a stamp");
    (this_tab, other_tab, petitions, stamps)
}

#[wasm_bindgen_test]
async fn a_kept_first_screen_is_given_back_only_while_the_ledger_is_the_one_it_was_made_from() {
    let (this_tab, other_tab, petitions, stamps) =
        two_tabs_with_three_petitions("t-first-screen").await;
    assert_eq!(
        stamps.before, None,
        "a new ledger has no stamp before its first write"
    );
    assert_eq!(
        this_tab.first_screen().await.unwrap(),
        None,
        "nothing kept yet"
    );

    // The page reads the petitions with the stamp, and keeps their first screen.
    let read = read_petitions(&this_tab).await.unwrap();
    assert_eq!(read.stamp.as_deref(), Some(stamps.after.as_str()));
    let screen = FirstScreen::of(&petitions);
    assert_eq!(screen.rows.len(), 3);
    let kept = this_tab
        .keep_first_screen(&read.stamp, &screen)
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some(stamps.after.as_str()));
    assert_eq!(
        other_tab.first_screen().await.unwrap(),
        Some((stamps.after.clone(), screen.clone())),
        "any tab reads it back while the ledger stands"
    );

    // A setting is not a record: the first screen still stands.
    let mut setting = WriteBatch::new();
    setting
        .setting("calendar_days", &Vec::<String>::new())
        .unwrap();
    assert_eq!(other_tab.write(setting).await.unwrap(), None);
    assert!(this_tab.first_screen().await.unwrap().is_some());

    // Another tab deletes a petition: the kept first screen no longer stands, and this tab,
    // which has not taken the change in, cannot keep its older one again.
    let mut deleted = petitions[0].clone();
    deleted.delete(&stamp("device-b"));
    let theirs = write(&other_tab, &[deleted.clone()], Expect::Version(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(theirs.before.as_deref(), Some(stamps.after.as_str()));
    assert_eq!(this_tab.first_screen().await.unwrap(), None);
    assert_eq!(
        this_tab
            .keep_first_screen(&read.stamp, &screen)
            .await
            .unwrap(),
        None
    );
    assert_eq!(this_tab.first_screen().await.unwrap(), None);

    // A refused write changes nothing: the stamp and a first screen kept at it stand.
    let fresh: Vec<Petition> = vec![deleted, petitions[1].clone(), petitions[2].clone()];
    let now = Some(theirs.after.clone());
    assert_eq!(
        other_tab
            .keep_first_screen(&now, &FirstScreen::of(&fresh))
            .await
            .unwrap(),
        now
    );
    assert!(matches!(
        write(&this_tab, &petitions[1..2], Expect::Absent).await,
        Err(StorageError::Stale { .. })
    ));
    let (stamp_now, kept) = this_tab.first_screen().await.unwrap().unwrap();
    assert_eq!(Some(stamp_now), now);
    assert_eq!(
        kept.rows.len(),
        2,
        "the deleted petition is not on the first screen"
    );
}

#[wasm_bindgen_test]
async fn a_ledger_no_write_has_stamped_gets_its_stamp_with_its_first_screen() {
    let db = fresh_db("t-first-screen-unstamped").await;
    let read = read_petitions(&db).await.unwrap();
    assert_eq!(read.stamp, None);
    let empty = FirstScreen::default();
    let stamp = db.keep_first_screen(&read.stamp, &empty).await.unwrap();
    assert!(stamp.is_some());
    assert_eq!(
        db.first_screen().await.unwrap(),
        Some((stamp.clone().unwrap(), empty.clone()))
    );
    // A page that read the ledger unstamped is no longer in step with it.
    assert_eq!(db.keep_first_screen(&None, &empty).await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn the_reports_facts_are_kept_beside_the_first_screen_and_each_is_current_on_its_own() {
    let (this_tab, other_tab, petitions, stamps) =
        two_tabs_with_three_petitions("t-report-facts").await;
    let mut ledger = Ledger::default();
    for p in &petitions {
        ledger.put(p.clone());
    }
    let facts = LedgerFacts::of(&ledger);
    let read = read_petitions(&this_tab).await.unwrap();

    // The first screen kept: the report's facts are not, until they are kept too.
    this_tab
        .keep_first_screen(&read.stamp, &FirstScreen::of(&petitions))
        .await
        .unwrap();
    let now = Some(stamps.after.clone());
    assert_eq!(
        this_tab.kept_current(Beside::FirstScreen).await.unwrap(),
        now
    );
    assert_eq!(
        this_tab.kept_current(Beside::ReportFacts).await.unwrap(),
        None
    );
    assert!(other_tab.report_facts().await.unwrap().is_none());
    assert_eq!(
        this_tab
            .keep_report_facts(&read.stamp, &facts)
            .await
            .unwrap(),
        now
    );
    let (at, kept) = other_tab.report_facts().await.unwrap().expect("kept");
    assert_eq!(Some(at), now);
    assert_eq!(kept.to_bytes(), facts.to_bytes(), "read back as kept");
    let every_day = (chrono::NaiveDate::MIN, chrono::NaiveDate::MAX);
    assert_eq!(kept.receipts_in(every_day.0, every_day.1).len(), 3);

    // Another tab's write: neither stands, and the older facts cannot be kept again.
    let mut deleted = petitions[0].clone();
    deleted.delete(&stamp("device-b"));
    write(&other_tab, &[deleted], Expect::Version(1))
        .await
        .unwrap()
        .unwrap();
    for what in [Beside::FirstScreen, Beside::ReportFacts] {
        assert_eq!(this_tab.kept_current(what).await.unwrap(), None);
    }
    assert!(this_tab.report_facts().await.unwrap().is_none());
    assert_eq!(
        this_tab
            .keep_report_facts(&read.stamp, &facts)
            .await
            .unwrap(),
        None
    );
    assert!(other_tab.report_facts().await.unwrap().is_none());
}
