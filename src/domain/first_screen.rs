//! The first screen kept beside the ledger: each live petition's handling office and
//! timing, what the dashboard counts (`listing::dashboard_of`), so that a large ledger's
//! dashboard is drawn before its petitions are read and parsed.
//!
//! Storage keeps it with the stamp of the ledger it was made from and hands it back only
//! while that stamp still stands (`storage::first_screen`).

use chrono::{Datelike, NaiveDate};

use super::conclusion::{Conclusions, Span};
use super::deadline::{StageTiming, SupervisionTiming, Timing};
use super::listing::dashboard_rows;
use super::name::Name;
use super::petition::Petition;

/// The kept bytes start with these, then `FORMAT`.
const MAGIC: &[u8; 4] = b"TZFS";

/// Raised whenever `Timing`'s fields or how they are read from a petition change: a first
/// screen of another format is not read (the dashboard then waits for the petitions, and
/// the first screen is made again).
const FORMAT: u32 = 1;

/// Every live petition's handling office and timing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FirstScreen {
    pub rows: Vec<(Name, Timing)>,
}

impl FirstScreen {
    /// The first screen of `petitions` as they stand.
    pub fn of<'a>(petitions: impl IntoIterator<Item = &'a Petition>) -> FirstScreen {
        let mut screen = FirstScreen::default();
        screen.add(petitions);
        screen
    }

    /// Adds the live ones of `petitions` (a first screen made a slice at a time).
    pub fn add<'a>(&mut self, petitions: impl IntoIterator<Item = &'a Petition>) {
        self.rows
            .extend(dashboard_rows(petitions).map(|(office, timing)| (Name::new(office), timing)));
    }

    /// The bytes to keep: the magic and format, the offices named, then per row its
    /// office's place among them and its timing, days as days since the common era. About
    /// 30 bytes a petition.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut offices: Vec<&Name> = self.rows.iter().map(|(office, _)| office).collect();
        offices.sort();
        offices.dedup();
        let mut out = Writer(Vec::with_capacity(64 + self.rows.len() * 28));
        out.0.extend_from_slice(MAGIC);
        out.u32(FORMAT);
        out.len(offices.len());
        for office in &offices {
            out.len(office.len());
            out.0.extend_from_slice(office.as_bytes());
        }
        out.len(self.rows.len());
        for (office, timing) in &self.rows {
            out.len(offices.binary_search(&office).unwrap_or_default());
            out.timing(timing);
        }
        out.0
    }

    /// Reads kept bytes back; `None` for another format or broken bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<FirstScreen> {
        let mut input = Reader(bytes);
        if input.take(4)? != MAGIC || input.u32()? != FORMAT {
            return None;
        }
        let offices = (0..input.len()?)
            .map(|_| {
                let len = input.len()?;
                Some(Name::new(std::str::from_utf8(input.take(len)?).ok()?))
            })
            .collect::<Option<Vec<Name>>>()?;
        let count = input.len()?;
        // Each row takes at least 14 bytes: a broken count cannot ask for more room than that.
        let mut rows = Vec::with_capacity(count.min(input.0.len() / 14));
        for _ in 0..count {
            let office = offices.get(input.len()?)?.clone();
            rows.push((office, input.timing()?));
        }
        input.0.is_empty().then_some(FirstScreen { rows })
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    fn day(&mut self, day: NaiveDate) {
        self.0
            .extend_from_slice(&day.num_days_from_ce().to_le_bytes());
    }

    fn maybe_day(&mut self, day: Option<NaiveDate>) {
        match day {
            Some(day) => {
                self.0.push(1);
                self.day(day);
            }
            None => self.0.push(0),
        }
    }

    fn span(&mut self, span: &Span) {
        self.day(span.from);
        self.maybe_day(span.until);
    }

    fn timing(&mut self, t: &Timing) {
        self.0
            .push(u8::from(t.deleted) | u8::from(t.awaiting_decision) << 1);
        self.day(t.received_on);
        self.day(t.due);
        match &t.conclusions.last {
            Some(span) => {
                self.0.push(1);
                self.span(span);
            }
            None => self.0.push(0),
        }
        self.len(t.conclusions.earlier.len());
        for span in &t.conclusions.earlier {
            self.span(span);
        }
        self.maybe_day(t.deadline_dropped_on);
        self.len(t.stages.len());
        for stage in &t.stages {
            self.day(stage.requested_on);
            self.day(stage.due);
            self.maybe_day(stage.concluded_on);
        }
        self.len(t.supervisions.len());
        for supervision in &t.supervisions {
            self.day(supervision.report_by);
            self.maybe_day(supervision.answered_on);
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    fn day(&mut self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn maybe_day(&mut self) -> Option<Option<NaiveDate>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.day()?)),
            _ => None,
        }
    }

    fn span(&mut self) -> Option<Span> {
        Some(Span {
            from: self.day()?,
            until: self.maybe_day()?,
        })
    }

    /// `n` items read by `item`, never reserving more than the bytes left could hold.
    fn list<T>(&mut self, item: impl Fn(&mut Self) -> Option<T>) -> Option<Box<[T]>> {
        let n = self.len()?;
        let mut items = Vec::with_capacity(n.min(self.0.len() / 5));
        for _ in 0..n {
            items.push(item(self)?);
        }
        Some(items.into_boxed_slice())
    }

    fn timing(&mut self) -> Option<Timing> {
        let flags = self.u8()?;
        let received_on = self.day()?;
        let due = self.day()?;
        let last = match self.u8()? {
            0 => None,
            1 => Some(self.span()?),
            _ => return None,
        };
        let earlier = self.list(Reader::span)?;
        Some(Timing {
            deleted: flags & 1 != 0,
            awaiting_decision: flags & 2 != 0,
            received_on,
            due,
            conclusions: Conclusions { last, earlier },
            deadline_dropped_on: self.maybe_day()?,
            stages: self.list(|r| {
                Some(StageTiming {
                    requested_on: r.day()?,
                    due: r.day()?,
                    concluded_on: r.maybe_day()?,
                })
            })?,
            supervisions: self.list(|r| {
                Some(SupervisionTiming {
                    report_by: r.day()?,
                    answered_on: r.maybe_day()?,
                })
            })?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Calendar;
    use crate::domain::listing::{dashboard, dashboard_of};
    use crate::generate::{ledger, Size};

    #[test]
    fn the_kept_first_screen_counts_as_the_petitions_do() {
        let today = chrono::NaiveDate::from_ymd_opt(2022, 8, 21).unwrap();
        let ledger = ledger(7, Size::SMALL, today);
        let calendar = Calendar::shipped();
        let kept = FirstScreen::of(ledger.petitions.values()).to_bytes();
        let screen = FirstScreen::from_bytes(&kept).expect("reads back");
        assert_eq!(screen, FirstScreen::of(ledger.petitions.values()));
        let from_petitions = dashboard(ledger.petitions.values(), today, &calendar);
        assert!(from_petitions.total.get(crate::domain::Condition::Open) > 0);
        for day in [today, today + chrono::Days::new(40)] {
            assert_eq!(
                dashboard_of(screen.rows.iter().map(|(o, t)| (o, t)), day, &calendar),
                dashboard(ledger.petitions.values(), day, &calendar),
            );
        }
    }

    #[test]
    fn another_format_or_broken_bytes_are_not_read() {
        let today = chrono::NaiveDate::from_ymd_opt(2022, 8, 21).unwrap();
        let ledger = ledger(7, Size::SMALL, today);
        let mut kept = FirstScreen::of(ledger.petitions.values()).to_bytes();
        assert!(FirstScreen::from_bytes(&kept[..kept.len() / 2]).is_none());
        let mut other_format = kept.clone();
        other_format[4] = other_format[4].wrapping_add(1);
        assert!(FirstScreen::from_bytes(&other_format).is_none());
        kept.push(0);
        assert!(FirstScreen::from_bytes(&kept).is_none(), "bytes left over");
        assert!(FirstScreen::from_bytes(b"").is_none());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Every fact of a timing (conclusions and reopenings, a decision, stages,
        /// supervisions) is kept and read back as made.
        #[test]
        fn a_kept_first_screen_reads_back_as_made(
            petitions in prop::collection::vec(crate::domain::figures::props::petition(), 0..30),
        ) {
            let screen = FirstScreen::of(&petitions);
            prop_assert_eq!(FirstScreen::from_bytes(&screen.to_bytes()), Some(screen));
        }
    }
}

#[cfg(test)]
mod measure {
    use super::*;
    use crate::generate::{ledger, Size};

    /// Times making, writing and reading back the first screen of 100,000 petitions; run
    /// `cargo test --release --lib measure_the_first_screen -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn measure_the_first_screen() {
        let today = chrono::NaiveDate::from_ymd_opt(2022, 8, 21).unwrap();
        let ledger = ledger(1, Size::LARGE, today);
        let time = |name: &str, f: &mut dyn FnMut()| {
            let mut runs: Vec<_> = (0..5)
                .map(|_| {
                    let t = std::time::Instant::now();
                    f();
                    t.elapsed()
                })
                .collect();
            runs.sort();
            eprintln!("{name}: median {:?}", runs[2]);
        };
        let screen = FirstScreen::of(ledger.petitions.values());
        let bytes = screen.to_bytes();
        eprintln!("{} rows, {} bytes", screen.rows.len(), bytes.len());
        time("made", &mut || {
            drop(FirstScreen::of(ledger.petitions.values()))
        });
        time("written", &mut || drop(screen.to_bytes()));
        time("read back", &mut || drop(FirstScreen::from_bytes(&bytes)));
    }
}
