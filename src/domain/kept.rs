//! The compact bytes of what is kept beside the ledger (the first screen, the report's
//! facts): little-endian numbers, days as days since the common era, and a petition's
//! timing, read back strictly (`None` for anything broken or left over).

use chrono::{Datelike, NaiveDate};

use super::conclusion::{Conclusions, Span};
use super::deadline::{StageTiming, SupervisionTiming, Timing};

/// Raised whenever what is kept changes: its layout, or the rules that make it (`Timing::of`,
/// `listing::dashboard_rows`, `LedgerFacts::of` and `Case::of`). What was kept in another
/// format is not read, and is made again; kept by rules since changed, it would pass the
/// stamp check and show figures the new rules do not give.
pub const FORMAT: u32 = 2;

/// Starts the kept bytes: the kind's mark, then `FORMAT`.
pub fn start(magic: &[u8; 4], capacity: usize) -> Writer {
    let mut out = Writer(Vec::with_capacity(capacity));
    out.0.extend_from_slice(magic);
    out.u32(FORMAT);
    out
}

/// Reads past the kind's mark and `FORMAT`; `None` for another kind or format.
pub fn open<'a>(bytes: &'a [u8], magic: &[u8; 4]) -> Option<Reader<'a>> {
    let mut input = Reader(bytes);
    (input.take(4)? == magic && input.u32()? == FORMAT).then_some(input)
}

pub struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    pub fn count(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }

    pub fn u8(&mut self, n: u8) {
        self.0.push(n);
    }

    pub fn f64(&mut self, n: f64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    pub fn text(&mut self, text: &str) {
        self.count(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    pub fn day(&mut self, day: NaiveDate) {
        self.0
            .extend_from_slice(&day.num_days_from_ce().to_le_bytes());
    }

    pub fn maybe_day(&mut self, day: Option<NaiveDate>) {
        match day {
            Some(day) => {
                self.0.push(1);
                self.day(day);
            }
            None => self.0.push(0),
        }
    }

    pub fn span(&mut self, span: &Span) {
        self.day(span.from);
        self.maybe_day(span.until);
    }

    pub fn timing(&mut self, t: &Timing) {
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
        self.count(t.conclusions.earlier.len());
        for span in &t.conclusions.earlier {
            self.span(span);
        }
        self.maybe_day(t.deadline_dropped_on);
        self.count(t.stages.len());
        for stage in &t.stages {
            self.day(stage.requested_on);
            self.day(stage.due);
            self.maybe_day(stage.concluded_on);
        }
        self.count(t.supervisions.len());
        for supervision in &t.supervisions {
            self.day(supervision.report_by);
            self.maybe_day(supervision.answered_on);
        }
    }
}

pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn count(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }

    pub fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    pub fn text(&mut self) -> Option<&'a str> {
        let len = self.count()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// Whether every byte was read: kept bytes with some left over are broken.
    pub fn at_end(&self) -> bool {
        self.0.is_empty()
    }

    pub fn day(&mut self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    pub fn maybe_day(&mut self) -> Option<Option<NaiveDate>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.day()?)),
            _ => None,
        }
    }

    pub fn span(&mut self) -> Option<Span> {
        Some(Span {
            from: self.day()?,
            until: self.maybe_day()?,
        })
    }

    /// `n` items read by `item`, never reserving more than the bytes left could hold.
    pub fn list<T>(&mut self, item: impl Fn(&mut Self) -> Option<T>) -> Option<Box<[T]>> {
        self.vec_of(5, item).map(Vec::into_boxed_slice)
    }

    /// A count, then that many items read by `item`, each at least `least` bytes long: a
    /// broken count never reserves more room than the bytes left could hold.
    pub fn vec_of<T>(
        &mut self,
        least: usize,
        item: impl Fn(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let n = self.count()?;
        let mut items = Vec::with_capacity(n.min(self.0.len() / least.max(1)));
        for _ in 0..n {
            items.push(item(self)?);
        }
        Some(items)
    }

    pub fn timing(&mut self) -> Option<Timing> {
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
