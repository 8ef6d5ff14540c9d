//! The first screen kept beside the ledger: given back only while the ledger is the one it
//! was made from, whatever another tab writes meanwhile.

use taizhang::domain::first_screen::FirstScreen;
use taizhang::domain::{Petition, Record};
use taizhang::storage::ledger::read_petitions;
use taizhang::storage::{Db, Expect, OpenEvents, StorageError, WriteBatch};
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

#[wasm_bindgen_test]
async fn a_kept_first_screen_is_given_back_only_while_the_ledger_is_the_one_it_was_made_from() {
    let name = "t-first-screen";
    let this_tab = fresh_db(name).await;
    let other_tab = Db::open_named(name, OpenEvents::default()).await.unwrap();
    let office = office("市公安局");
    let petitions: Vec<Petition> = (1..=3).map(|n| petition(office.id(), n)).collect();
    let stamps = write(&this_tab, &petitions, Expect::Absent)
        .await
        .unwrap()
        .expect("a write of records sets a stamp");
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
