//! The app's session: the open database, this device and this office, and start-up.

use std::rc::Rc;

use chrono::NaiveDate;
use gloo_timers::callback::Interval;
use leptos::prelude::*;

use crate::domain::record::{new_id, Stamp};
use crate::domain::{AnyRecord, Calendar, DayOverride, Ledger, Office, Record};
use crate::storage::ledger::{load_ledger, put_any, read_changed, read_tallies};
use crate::storage::sync::{ChangeListener, Changed};
use crate::storage::{quota, Db, Expect, OpenEvents, StorageError, WriteBatch};
use crate::ui::clock;
use crate::ui::pace::{next_turn, Progress, Stage};

pub const DEVICE_KEY: &str = "device_id";
pub const OFFICE_KEY: &str = "office_id";
/// The person working at this device (经办人), named by themselves.
pub const OPERATOR_KEY: &str = "operator_name";
/// The days this device set apart from the shipped holiday arrangements.
pub const CALENDAR_KEY: &str = "calendar_days";

/// Where start-up stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Opening,
    /// The database cannot be used; the message says why and what to do.
    Failed(StorageError),
    /// No office yet: the first-run form.
    Setup,
    Ready,
}

/// How far the tallies are read in behind the first screen. Pages that read tallies wait
/// for `Ready` (`components::AfterTallies`); the petition pages do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TallyLoad {
    Reading { done: usize, total: usize },
    Ready,
}

/// Tally segments decoded between turns while loading: about 8,000 tallies at 100,000
/// petitions' scale, few enough that the page stays responsive.
const TALLY_SEGMENTS_PER_TURN: usize = 4;

/// This device and this office, known once set up.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub device_id: String,
    pub office: Office,
    /// The person at this device, empty until they name themselves.
    pub operator: String,
}

impl Session {
    /// The stamp for an edit made now on this device.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            device: self.device_id.clone(),
            now: chrono::Utc::now(),
            office: Some(self.office.meta.id.to_string()),
            by_name: self.operator.clone(),
        }
    }
}

/// Shared app state: `Copy`, handed down through context.
#[derive(Clone, Copy)]
pub struct AppState {
    db: StoredValue<Option<Rc<Db>>, LocalStorage>,
    pub phase: RwSignal<Phase>,
    pub session: RwSignal<Option<Session>>,
    /// Every record, tombstones included, kept in step with storage: pages read it with
    /// `with` (never `get`, which would clone it), so 100,000 petitions filter in memory.
    pub ledger: RwSignal<Ledger>,
    /// Whether the ledger holds the tallies yet (they are read after the first screen).
    pub tallies: RwSignal<TallyLoad>,
    /// Raised after every write, here or in another tab: lists that read storage track it.
    pub revision: RwSignal<u64>,
    /// The days this device set apart from the shipped arrangements, and the calendar of
    /// rest days they make: every deadline set here reads it.
    pub calendar_days: RwSignal<Vec<DayOverride>>,
    pub calendar: Memo<Calendar>,
    /// Today in China; moves on at midnight without a reload.
    pub today: RwSignal<NaiveDate>,
    listener: StoredValue<Option<ChangeListener>, LocalStorage>,
}

impl AppState {
    /// Puts the state in context and starts opening the database.
    pub fn provide() -> AppState {
        let calendar_days = RwSignal::new(Vec::new());
        let state = AppState {
            db: StoredValue::new_local(None),
            phase: RwSignal::new(Phase::Opening),
            session: RwSignal::new(None),
            ledger: RwSignal::new(Ledger::default()),
            tallies: RwSignal::new(TallyLoad::Reading { done: 0, total: 0 }),
            revision: RwSignal::new(0),
            calendar_days,
            calendar: Memo::new(move |_| calendar_days.with(|days| Calendar::with(days))),
            today: RwSignal::new(clock::today()),
            listener: StoredValue::new_local(None),
        };
        provide_context(state);
        // Checked twice a minute rather than timed to midnight: a sleeping laptop's timers
        // stop, and a tab woken the next morning moves on within half a minute.
        Interval::new(30_000, move || {
            let now = clock::today();
            if state.today.get_untracked() != now {
                state.today.set(now);
            }
        })
        .forget();
        // Another tab's change refreshes every list; a form being edited keeps the version
        // it was opened with, so saving it over the other tab's change is refused, not lost.
        let listener = ChangeListener::new(move |changed| {
            leptos::task::spawn_local(state.take_in(changed));
        });
        state.listener.set_value(listener);
        leptos::task::spawn_local(state.boot());
        state
    }

    pub fn expect() -> AppState {
        expect_context::<AppState>()
    }

    /// The open database. Only called from pages shown in `Phase::Ready` or `Setup`.
    pub fn db(self) -> Rc<Db> {
        self.db
            .get_value()
            .expect("the database is open before any page is shown")
    }

    async fn boot(self) {
        let events = OpenEvents {
            blocked: Some(Box::new(move || {
                self.phase.set(Phase::Failed(StorageError::Blocked));
            })),
            version_change: Some(Box::new(move || {
                self.phase.set(Phase::Failed(StorageError::VersionChanged));
            })),
        };
        let opening = crate::marks::now();
        let db = match Db::open_named(crate::storage::DB_NAME, events).await {
            Ok(db) => Rc::new(db),
            Err(error) => {
                self.phase.set(Phase::Failed(error));
                return;
            }
        };
        self.db.set_value(Some(db.clone()));
        crate::marks::measure("open-db", opening);
        let reading = crate::marks::now();
        match db.setting::<Vec<DayOverride>>(CALENDAR_KEY).await {
            Ok(days) => self.calendar_days.set(days.unwrap_or_default()),
            Err(error) => leptos::logging::warn!("could not read the calendar: {error:?}"),
        }
        let session = load_session(&db).await;
        crate::marks::measure("read-session", reading);
        match session {
            Ok(Some(session)) => match load_ledger(&db).await {
                Ok(ledger) => {
                    let t = crate::marks::now();
                    // Another tab's change may have been read in while this load ran.
                    self.ledger.update(|held| held.take_newer(ledger));
                    self.session.set(Some(session));
                    self.phase.set(Phase::Ready);
                    crate::marks::measure("first-screen", t);
                    leptos::task::spawn_local(self.read_tallies(db));
                }
                Err(error) => self.phase.set(Phase::Failed(error)),
            },
            Ok(None) => {
                self.tallies.set(TallyLoad::Ready);
                self.phase.set(Phase::Setup);
            }
            Err(error) => self.phase.set(Phase::Failed(error)),
        }
    }

    /// Reads the tallies in after the first screen is shown: their segments in one read,
    /// then decoded a few segments at a time with a turn for the browser between; the ledger
    /// takes them all at once at the end, so what reads the ledger recomputes once, not once
    /// per piece. The journal is folded into the segments afterwards, when it has grown.
    async fn read_tallies(self, db: Rc<Db>) {
        let started = crate::marks::now();
        let read = async {
            let mut stored = read_tallies(&db).await?;
            let total = stored.len_hint();
            let mut read = Ledger::default();
            loop {
                self.tallies.set(TallyLoad::Reading {
                    done: read.tallies.len(),
                    total: total.max(read.tallies.len()),
                });
                if stored.decode_into(&mut read.tallies, TALLY_SEGMENTS_PER_TURN)? {
                    return Ok::<_, StorageError>(read);
                }
                next_turn().await;
            }
        };
        match read.await {
            Ok(read) => {
                self.ledger.update(|held| held.take_newer(read));
                self.tallies.set(TallyLoad::Ready);
                crate::marks::measure("read-tallies", started);
                self.compact_when_due(db).await;
            }
            Err(error) => self.phase.set(Phase::Failed(error)),
        }
    }

    /// Folds the journal of single writes into the segments when it has grown; a failure
    /// loses nothing (the journal stays) and is only logged.
    async fn compact_when_due(self, db: Rc<Db>) {
        if let Err(error) = db.compact_if_due().await {
            leptos::logging::warn!("could not compact the journal: {error:?}");
        }
    }

    /// First run: creates this device's id and this office, with the member offices chosen
    /// beside it, in one transaction.
    pub async fn set_up(
        self,
        office: Office,
        members: Vec<Office>,
        device_id: String,
        operator: String,
    ) -> Result<(), StorageError> {
        let db = self.db();
        let mut batch = WriteBatch::new();
        for record in std::iter::once(&office).chain(&members) {
            batch.put(record, Expect::Absent)?;
        }
        batch.setting(DEVICE_KEY, &device_id)?;
        batch.setting(OFFICE_KEY, &office.meta.id)?;
        batch.setting(OPERATOR_KEY, &operator)?;
        db.write(batch).await?;
        self.ledger.update(|ledger| {
            for record in std::iter::once(&office).chain(&members) {
                ledger.put(record.clone());
            }
        });
        self.ready(Session {
            device_id,
            office,
            operator,
        });
        Ok(())
    }

    /// First run from a backup: writes the file's records (planned against the empty
    /// ledger) with this device's id and the office chosen as this one, in one transaction.
    pub async fn restore(
        self,
        records: Vec<AnyRecord>,
        office_id: String,
        device_id: String,
        progress: impl Fn(Progress) + 'static,
    ) -> Result<(), StorageError> {
        let (device, office) = (device_id.clone(), office_id.clone());
        let more = move |batch: &mut WriteBatch| {
            batch.setting(DEVICE_KEY, &device)?;
            batch.setting(OFFICE_KEY, &office)?;
            Ok(())
        };
        self.save_merged(records, more, progress).await?;
        let office = self
            .ledger
            .with_untracked(|l| l.offices.get(office_id.as_str()).cloned())
            .ok_or_else(|| StorageError::Corrupt(format!("no office {office_id} in the file")))?;
        self.ready(Session {
            device_id,
            office,
            operator: String::new(),
        });
        Ok(())
    }

    fn ready(self, session: Session) {
        self.session.set(Some(session));
        self.phase.set(Phase::Ready);
        // Asked once the ledger holds something worth keeping; the answer shows in settings.
        // Not awaited: Firefox asks the user in a prompt, and its promise waits for them.
        leptos::task::spawn_local(async {
            let _ = quota::request_persistence().await;
        });
    }

    /// Writes records in one transaction, each refused if storage no longer holds the
    /// version its edit started from; then the in-memory ledger takes them.
    pub async fn save(self, records: Vec<AnyRecord>) -> Result<(), StorageError> {
        self.save_and(records, |_| Ok(())).await
    }

    /// As `save`, with `more` written in the same transaction.
    pub async fn save_and(
        self,
        records: Vec<AnyRecord>,
        more: impl FnOnce(&mut WriteBatch) -> Result<(), StorageError>,
    ) -> Result<(), StorageError> {
        let edited = |_: &Ledger, _, r: &AnyRecord| Expect::before(r.meta().version);
        self.save_with(records, edited, None, more, |_| {}).await
    }

    /// Writes merged records (an import): each refused unless storage still holds the
    /// version the in-memory ledger holds now, the one the plan was made against. Telling
    /// `progress` how far it is, so a large import shows it; it is still one transaction.
    pub async fn save_merged(
        self,
        records: Vec<AnyRecord>,
        more: impl FnOnce(&mut WriteBatch) -> Result<(), StorageError>,
        progress: impl Fn(Progress) + 'static,
    ) -> Result<(), StorageError> {
        let planned = |l: &Ledger, _, r: &AnyRecord| match l.version_of(r.kind(), &r.meta().id) {
            Some(version) => Expect::Version(version),
            None => Expect::Absent,
        };
        self.save_with(records, planned, None, more, progress).await
    }

    /// Writes an import's records (`plan.writes`): each refused unless storage still holds
    /// the version it held when the plan was made (`plan.bases`), so an edit made since in
    /// another tab is never overwritten (PRODUCT §7, no lost update). Each write's
    /// document digest goes into `digests`, in the order of `plan.writes`, as the write
    /// writes it (before `more`'s notes made later are made).
    pub async fn save_planned(
        self,
        plan: crate::exchange::ImportPlan,
        digests: &[std::cell::Cell<u64>],
        more: impl FnOnce(&mut WriteBatch) -> Result<(), StorageError>,
        progress: impl Fn(Progress) + 'static,
    ) -> Result<(), StorageError> {
        // `bases` is in the order of `writes`: what each was when the plan was made.
        let bases = plan.bases;
        let planned = move |_: &Ledger, i: usize, _: &AnyRecord| {
            bases
                .get(i)
                .copied()
                .flatten()
                .map_or(Expect::Absent, |b| Expect::Version(b.version))
        };
        self.save_with(plan.writes, planned, Some(digests), more, progress)
            .await
    }

    /// Writes records, each with the expectation `expect_of(ledger, index, record)` gives
    /// it, in one transaction with `more` (e.g. an import's undo entry); then the in-memory
    /// ledger takes them. The batch borrows the records (their documents are written out
    /// only as the write reaches their segment) and is built a slice at a time with a turn
    /// for the browser between slices, so a large import leaves the page responsive.
    /// `digests`, if given, take each record's document digest as it is written.
    async fn save_with(
        self,
        records: Vec<AnyRecord>,
        expect_of: impl Fn(&Ledger, usize, &AnyRecord) -> Expect,
        digests: Option<&[std::cell::Cell<u64>]>,
        more: impl FnOnce(&mut WriteBatch) -> Result<(), StorageError>,
        progress: impl Fn(Progress) + 'static,
    ) -> Result<(), StorageError> {
        const SLICE: usize = 5_000;
        let mut batch = WriteBatch::new();
        for (index, slice) in records.chunks(SLICE).enumerate() {
            if index > 0 {
                next_turn().await;
            }
            self.ledger.with_untracked(|l| {
                for (i, r) in slice.iter().enumerate() {
                    let at = index * SLICE + i;
                    let digest = digests.and_then(|d| d.get(at));
                    put_any(&mut batch, r, expect_of(l, at, r), digest);
                }
            });
        }
        more(&mut batch)?;
        let report = move |done, total| {
            progress(Progress {
                stage: Stage::Writing,
                done,
                total,
            })
        };
        let db = self.db();
        db.write_reporting(batch, &report).await?;
        self.ledger.update(|ledger| {
            for record in records {
                record.put_into(ledger);
            }
        });
        self.revision.update(|r| *r += 1);
        leptos::task::spawn_local(self.compact_when_due(db));
        Ok(())
    }

    /// The live offices as (id, name), by name: the choices of office selects.
    pub fn office_choices(self) -> Vec<(String, String)> {
        self.ledger.with(|l| {
            let mut live: Vec<(String, String)> = l
                .offices
                .values()
                .filter(|o| !o.meta.deleted)
                .map(|o| (o.meta.id.to_string(), o.name.clone()))
                .collect();
            live.sort_by(|a, b| a.1.cmp(&b.1));
            live
        })
    }

    /// The metrics offered and counted: the built-in catalogue overlaid by stored metrics
    /// (tracks the ledger).
    pub fn metrics(self) -> std::collections::BTreeMap<crate::domain::Id, crate::domain::Metric> {
        self.ledger.with(crate::domain::available_metrics)
    }

    /// This office's id, once set up.
    pub fn office_id(self) -> String {
        self.session
            .with(|s| s.as_ref().map(|s| s.office.meta.id.to_string()))
            .unwrap_or_default()
    }

    /// The stamp for an edit made now on this device.
    pub fn stamp(self) -> Option<Stamp> {
        self.session
            .with_untracked(|s| s.as_ref().map(Session::stamp))
    }

    /// Keeps a setting (e.g. this office's report template) in one transaction.
    pub async fn save_setting<V: serde::Serialize>(
        self,
        key: &str,
        value: &V,
    ) -> Result<(), StorageError> {
        let mut batch = WriteBatch::new();
        batch.setting(key, value)?;
        self.db().write(batch).await
    }

    /// A setting kept earlier, if there is one.
    pub async fn read_setting<V: serde::de::DeserializeOwned>(
        self,
        key: &str,
    ) -> Result<Option<V>, StorageError> {
        self.db().setting(key).await
    }

    /// Names the person at this device; every step from now on records the name.
    pub async fn set_operator(self, name: String) -> Result<(), StorageError> {
        self.save_setting(OPERATOR_KEY, &name).await?;
        self.session.update(|session| {
            if let Some(session) = session {
                session.operator = name;
            }
        });
        Ok(())
    }

    /// Keeps the days set apart from the shipped arrangements; deadlines set from now on
    /// read them (those already stored keep their dates).
    pub async fn set_calendar_days(self, days: Vec<DayOverride>) -> Result<(), StorageError> {
        self.save_setting(CALENDAR_KEY, &days).await?;
        self.calendar_days.set(days);
        Ok(())
    }

    /// Takes in what another tab wrote.
    async fn take_in(self, changed: Changed) {
        let Some(db) = self.db.get_value() else {
            return; // Still opening: the full load will read it.
        };
        if changed.from == db.connection() {
            return; // This page's own write: the ledger in memory took it already.
        }
        match read_changed(&db, &changed).await {
            Ok(fresh) => self.ledger.update(|ledger| fresh.apply(ledger)),
            Err(error) => leptos::logging::warn!("could not read another tab's change: {error:?}"),
        }
        self.revision.update(|r| *r += 1);
    }

    /// Saves an edit of this office (version already raised), refusing a stale one.
    pub async fn save_office(self, office: Office) -> Result<(), StorageError> {
        self.save(vec![AnyRecord::Office(office.clone())]).await?;
        self.session.update(|session| {
            if let Some(session) = session {
                if session.office.id() == office.id() {
                    session.office = office;
                }
            }
        });
        Ok(())
    }

    /// Reads this office again from storage (after another tab changed it).
    pub async fn reload_office(self) -> Result<(), StorageError> {
        let Some(db) = self.db.get_value() else {
            return Ok(());
        };
        if let Some(session) = load_session(&db).await? {
            self.session.set(Some(session));
        }
        Ok(())
    }
}

/// A fresh device id for a first run.
pub fn new_device_id() -> String {
    new_id()
}

async fn load_session(db: &Db) -> Result<Option<Session>, StorageError> {
    let device_id: Option<String> = db.setting(DEVICE_KEY).await?;
    let office_id: Option<String> = db.setting(OFFICE_KEY).await?;
    let (Some(device_id), Some(office_id)) = (device_id, office_id) else {
        return Ok(None);
    };
    let operator: String = db.setting(OPERATOR_KEY).await?.unwrap_or_default();
    Ok(db.get::<Office>(&office_id).await?.map(|office| Session {
        device_id,
        office,
        operator,
    }))
}
