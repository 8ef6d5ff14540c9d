//! The app's session: the open database, this device and this office, and start-up.

use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
use gloo_timers::callback::{Interval, Timeout};
use leptos::prelude::*;

use crate::domain::figures::LedgerFacts;
use crate::domain::first_screen::FirstScreen;
use crate::domain::record::{new_id, Stamp};
use crate::domain::{AnyRecord, Calendar, DayOverride, Ledger, Office, Record, RecordKind};
use crate::storage::ledger::{load_start, put_any, read_changed, read_petitions, read_tallies};
use crate::storage::sync::{ChangeListener, Changed};
use crate::storage::{quota, Beside, Db, Expect, OpenEvents, Stamps, StorageError, WriteBatch};
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

/// How far the petitions, or the tallies, are read in behind the first screen. Pages that
/// read them wait for `Ready` (`components::after_load`); the tallies are read after the
/// petitions, so tallies `Ready` means every record is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Load {
    Reading { done: usize, total: usize },
    Ready,
}

/// Tally segments decoded between turns while loading: about 8,000 tallies at 100,000
/// petitions' scale, few enough that the page stays responsive.
const TALLY_SEGMENTS_PER_TURN: usize = 4;

/// Petition segments decoded between turns while the dashboard is drawn from the kept
/// first screen: about 6,000 petitions at 100,000 petitions' scale.
const PETITION_SEGMENTS_PER_TURN: usize = 4;

/// Petitions put into the first screen between turns: about 25 ms of work.
const FIRST_SCREEN_SLICE: usize = 10_000;

/// How long after this page's last write the first screen is kept again: long enough that
/// a run of saves makes it once, off the path of typing.
const KEEP_FIRST_SCREEN_AFTER_MS: u32 = 2_000;

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
    /// Whether the ledger holds the petitions yet: a ledger with a kept first screen shows
    /// the dashboard from it first (`first_screen`).
    pub petitions: RwSignal<Load>,
    /// The kept first screen the dashboard is drawn from while the petitions are read.
    pub first_screen: RwSignal<Option<Arc<FirstScreen>>>,
    /// Whether the ledger holds the tallies yet (they are read after the petitions).
    pub tallies: RwSignal<Load>,
    /// The report's facts kept beside the ledger, with the stamp they were made at, read
    /// while the records are read (`want_report_facts`); they stay once the records are in
    /// if the page is in step at their stamp, until this page's next write of records or
    /// another tab's change.
    pub report_facts: RwSignal<Option<(String, Arc<LedgerFacts>)>>,
    /// Raised after every write, here or in another tab: lists that read storage track it.
    pub revision: RwSignal<u64>,
    /// The days this device set apart from the shipped arrangements, and the calendar of
    /// rest days they make: every deadline set here reads it.
    pub calendar_days: RwSignal<Vec<DayOverride>>,
    pub calendar: Memo<Calendar>,
    /// Today in China; moves on at midnight without a reload.
    pub today: RwSignal<NaiveDate>,
    listener: StoredValue<Option<ChangeListener>, LocalStorage>,
    /// The ledger's stamp at which the ledger in memory is the stored one: known once this
    /// page has read the petitions and made every write since itself; `None` once another
    /// tab's change is taken in, or the tallies were read at another stamp. Only then is
    /// anything kept beside the ledger made from memory.
    in_step: StoredValue<Option<crate::storage::Stamp>, LocalStorage>,
    /// Counts other tabs' changes as they start and end being taken in: a read of the
    /// petitions during which it moved is not in step.
    taken_in: StoredValue<u64, LocalStorage>,
    keep_timer: StoredValue<Option<Timeout>, LocalStorage>,
    /// Whether the kept report's facts were asked for.
    report_facts_asked: StoredValue<bool, LocalStorage>,
    /// Raised whenever `report_facts` are let go: a read of kept ones that began before is
    /// not taken.
    report_facts_dropped: StoredValue<u64, LocalStorage>,
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
            petitions: RwSignal::new(Load::Reading { done: 0, total: 0 }),
            first_screen: RwSignal::new(None),
            tallies: RwSignal::new(Load::Reading { done: 0, total: 0 }),
            report_facts: RwSignal::new(None),
            revision: RwSignal::new(0),
            calendar_days,
            calendar: Memo::new(move |_| calendar_days.with(|days| Calendar::with(days))),
            today: RwSignal::new(clock::today()),
            listener: StoredValue::new_local(None),
            in_step: StoredValue::new_local(None),
            taken_in: StoredValue::new_local(0),
            keep_timer: StoredValue::new_local(None),
            report_facts_asked: StoredValue::new_local(false),
            report_facts_dropped: StoredValue::new_local(0),
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
            Ok(Some(session)) => {
                if let Err(error) = self.load(db, session).await {
                    self.phase.set(Phase::Failed(error));
                }
            }
            Ok(None) => {
                // Storage without records is what memory holds: in step, so the first run's
                // writes (a restore, an import after it) keep the first screen.
                let records = [RecordKind::Petition, RecordKind::Tally];
                match db.read_kinds(&records).await {
                    Ok(stored) if stored.iter().all(|kind| kind.len_hint() == 0) => {
                        self.in_step
                            .set_value(stored.first().map(|kind| kind.stamp.clone()));
                    }
                    _ => {}
                }
                self.petitions.set(Load::Ready);
                self.tallies.set(Load::Ready);
                self.phase.set(Phase::Setup);
            }
            Err(error) => self.phase.set(Phase::Failed(error)),
        }
    }

    /// Reads the ledger in: the offices, metrics and campaigns, then the petitions, then the
    /// tallies. With a kept first screen of the ledger as stored, the dashboard is shown
    /// from it at once and the petitions are decoded a few segments at a time behind it;
    /// without one, the first screen waits for the petitions, and is kept for next time.
    async fn load(self, db: Rc<Db>, session: Session) -> Result<(), StorageError> {
        let started = crate::marks::now();
        let start = load_start(&db).await?;
        let kept = match db.first_screen().await {
            Ok(kept) => kept,
            Err(error) => {
                leptos::logging::warn!("could not read the first screen: {error:?}");
                None
            }
        };
        // Another tab's change may have been read in while this load ran.
        self.ledger.update(|held| held.take_newer(start));
        let shown_at = kept.as_ref().map(|(stamp, _)| stamp.clone());
        if let Some((_, screen)) = kept {
            self.first_screen.set(Some(Arc::new(screen)));
            self.session.set(Some(session.clone()));
            self.phase.set(Phase::Ready);
            crate::marks::measure("first-screen-kept", started);
            next_turn().await;
        }
        let taken_in = self.taken_in.get_value();
        let mut stored = read_petitions(&db).await?;
        let stamp = stored.stamp.clone();
        let per_turn = if shown_at.is_some() {
            PETITION_SEGMENTS_PER_TURN
        } else {
            usize::MAX
        };
        let parsing = crate::marks::now();
        let mut read = Ledger::default();
        decode_with_turns(&mut stored, &mut read.petitions, per_turn, self.petitions).await?;
        crate::marks::measure("parse-rows", parsing);
        let t = crate::marks::now();
        self.ledger.update(|held| held.take_newer(read));
        self.petitions.set(Load::Ready);
        self.first_screen.set(None);
        if shown_at.is_none() {
            self.session.set(Some(session));
            self.phase.set(Phase::Ready);
        }
        crate::marks::measure("first-screen", t);
        if self.taken_in.get_value() == taken_in {
            let shown_current = shown_at.is_some() && shown_at == stamp;
            self.in_step.set_value(Some(stamp));
            if !shown_current {
                self.keep_first_screen_soon();
            }
        }
        leptos::task::spawn_local(self.read_tallies(db));
        Ok(())
    }

    /// Keeps the first screen of the ledger in memory a little after this page's last
    /// write (or its load), if the ledger in memory is still the stored one.
    fn keep_first_screen_soon(self) {
        let timer = Timeout::new(KEEP_FIRST_SCREEN_AFTER_MS, move || {
            leptos::task::spawn_local(self.keep_first_screen());
        });
        self.keep_timer.set_value(Some(timer));
    }

    async fn keep_first_screen(self) {
        let Some(stamp) = self.in_step.get_value() else {
            return;
        };
        if self.petitions.get_untracked() != Load::Ready {
            return;
        }
        let Some(db) = self.db.get_value() else {
            return;
        };
        let started = crate::marks::now();
        // Made a slice at a time with a turn between, so typing never waits on it; a write
        // here or another tab's change meanwhile leaves this one unfinished.
        let mut screen = FirstScreen::default();
        let mut after: Option<crate::domain::Id> = None;
        loop {
            let last = self.ledger.with_untracked(|l| {
                use std::ops::Bound::{Excluded, Unbounded};
                let from = after.as_deref().map_or(Unbounded, Excluded);
                let slice: Vec<_> = l
                    .petitions
                    .range::<str, _>((from, Unbounded))
                    .take(FIRST_SCREEN_SLICE)
                    .map(|(_, p)| p)
                    .collect();
                screen.add(slice.iter().copied());
                slice.last().map(|p| p.meta.id.clone())
            });
            let Some(last) = last else {
                break;
            };
            after = Some(last);
            next_turn().await;
            if self.in_step.get_value().as_ref() != Some(&stamp) {
                return;
            }
        }
        let kept = db.keep_first_screen(&stamp, &screen).await;
        self.after_keeping(stamp, kept, "the first screen");
        crate::marks::measure("keep-first-screen", started);
    }

    /// Keeps the report's facts the reports page gathered from the ledger in memory, if the
    /// page is in step and they are not kept at its stamp already, so that the next cold
    /// reports page is drawn from them. Called as they are gathered: the stamp is taken now,
    /// and the keeping transaction refuses them if the ledger was written since.
    pub fn keep_report_facts(self, facts: Arc<LedgerFacts>) {
        let Some(stamp) = self.in_step.get_value() else {
            return;
        };
        if self.tallies.get_untracked() != Load::Ready {
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(db) = self.db.get_value() else {
                return;
            };
            let kept = db.kept_current(Beside::ReportFacts).await.ok().flatten();
            if kept.is_some() && kept == stamp {
                return;
            }
            let started = crate::marks::now();
            let kept = db.keep_report_facts(&stamp, &facts).await;
            self.after_keeping(stamp, kept, "the report's facts");
            crate::marks::measure("keep-report-facts", started);
        });
    }

    /// After keeping `what` beside the ledger at `stamp`: a ledger never stamped got its stamp
    /// with it, and the page, still in step, is at that stamp now.
    fn after_keeping(
        self,
        stamp: crate::storage::Stamp,
        kept: Result<Option<String>, StorageError>,
        what: &str,
    ) {
        match kept {
            Ok(Some(kept)) if self.in_step.get_value() == Some(stamp) => {
                self.in_step.set_value(Some(Some(kept)));
            }
            Ok(_) => {}
            Err(error) => leptos::logging::warn!("could not keep {what}: {error:?}"),
        }
    }

    /// Asked by the reports page while the records are read: reads the report's facts kept
    /// beside the ledger, if they are of the ledger as stored, so the report is drawn
    /// before the records are in. Once they are, the facts stay only if the page is in step
    /// at their stamp.
    pub fn want_report_facts(self) {
        if self.tallies.get_untracked() == Load::Ready
            || self.report_facts.with_untracked(Option::is_some)
            || self.report_facts_asked.get_value()
        {
            return;
        }
        self.report_facts_asked.set_value(true);
        let dropped = self.report_facts_dropped.get_value();
        leptos::task::spawn_local(async move {
            let Some(db) = self.db.get_value() else {
                return;
            };
            let started = crate::marks::now();
            match db.report_facts().await {
                Ok(Some((stamp, facts)))
                    if self.report_facts_dropped.get_value() == dropped
                        && self.tallies.get_untracked() != Load::Ready =>
                {
                    self.report_facts.set(Some((stamp, Arc::new(facts))));
                    crate::marks::measure("report-facts-kept", started);
                }
                Ok(_) => {}
                Err(error) => {
                    leptos::logging::warn!("could not read the report's facts: {error:?}")
                }
            }
        });
    }

    /// Lets the report's facts go: the ledger changed, or they are not of the ledger read.
    fn drop_report_facts(self) {
        self.report_facts_dropped.update_value(|n| *n += 1);
        if self.report_facts.with_untracked(Option::is_some) {
            self.report_facts.set(None);
        }
    }

    /// After this page's write of records: still in step if the ledger was at the stamp
    /// this page knew; then the first screen is kept again soon.
    fn after_write(self, stamps: Option<Stamps>) {
        let Some(Stamps { before, after }) = stamps else {
            return;
        };
        let in_step = self
            .in_step
            .get_value()
            .filter(|held| *held == before)
            .map(|_| Some(after));
        let keep = in_step.is_some();
        self.in_step.set_value(in_step);
        self.drop_report_facts();
        if keep {
            self.keep_first_screen_soon();
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
            let mut read = Ledger::default();
            let per_turn = TALLY_SEGMENTS_PER_TURN;
            decode_with_turns(&mut stored, &mut read.tallies, per_turn, self.tallies).await?;
            Ok::<_, StorageError>((read, stored.stamp))
        };
        match read.await {
            Ok((read, stamp)) => {
                // Read at another stamp than the petitions: another tab wrote in between, and
                // its change, taken in when it is heard, brings the ledger up to date. (Read
                // unstamped: no write came between, or its stamp would have been read; a first
                // screen kept meanwhile stamped the ledger.)
                if stamp.is_some() && self.in_step.get_value().is_some_and(|at| at != stamp) {
                    self.in_step.set_value(None);
                }
                let facts_in_step = self.report_facts.with_untracked(|facts| {
                    facts
                        .as_ref()
                        .is_some_and(|(at, _)| self.in_step.get_value() == Some(Some(at.clone())))
                });
                if !facts_in_step {
                    self.drop_report_facts();
                }
                self.ledger.update(|held| held.take_newer(read));
                self.tallies.set(Load::Ready);
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
        let stamps = db.write(batch).await?;
        self.after_write(stamps);
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
        let stamps = db.write_reporting(batch, &report).await?;
        self.ledger.update(|ledger| {
            for record in records {
                record.put_into(ledger);
            }
        });
        self.after_write(stamps);
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
        self.db().write(batch).await.map(drop)
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
        self.taken_in.update_value(|n| *n += 1);
        self.in_step.set_value(None);
        self.drop_report_facts();
        match read_changed(&db, &changed).await {
            Ok(fresh) => self.ledger.update(|ledger| fresh.apply(ledger)),
            Err(error) => leptos::logging::warn!("could not read another tab's change: {error:?}"),
        }
        // Counted again once applied: a read of the petitions that began while this one was
        // under way is not in step either.
        self.taken_in.update_value(|n| *n += 1);
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

/// Decodes `stored` into `table`, `per_turn` segments at a time with a turn for the browser
/// between, telling `load` how far it is.
async fn decode_with_turns<R: Record>(
    stored: &mut crate::storage::StoredKind,
    table: &mut std::collections::BTreeMap<crate::domain::Id, R>,
    per_turn: usize,
    load: RwSignal<Load>,
) -> Result<(), StorageError> {
    let total = stored.len_hint();
    loop {
        load.set(Load::Reading {
            done: table.len(),
            total: total.max(table.len()),
        });
        if stored.decode_into(table, per_turn)? {
            return Ok(());
        }
        next_turn().await;
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
