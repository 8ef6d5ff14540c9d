//! The first screen kept beside the ledger: each live petition's handling office and
//! timing, what the dashboard counts (`listing::dashboard_of`), so that a large ledger's
//! dashboard is drawn before its petitions are read and parsed.
//!
//! Storage keeps it with the stamp of the ledger it was made from and hands it back only
//! while that stamp still stands (`storage::kept`).

use super::deadline::Timing;
use super::kept;
use super::listing::dashboard_rows;
use super::name::Name;
use super::petition::Petition;

/// The kept bytes start with these, then `kept::FORMAT`: a first screen of another format
/// is not read (the dashboard then waits for the petitions, and it is made again).
const MAGIC: &[u8; 4] = b"TZFS";

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
        let mut out = kept::start(MAGIC, 64 + self.rows.len() * 28);
        out.count(offices.len());
        for office in &offices {
            out.text(office);
        }
        out.count(self.rows.len());
        for (office, timing) in &self.rows {
            out.count(offices.binary_search(&office).unwrap_or_default());
            out.timing(timing);
        }
        out.0
    }

    /// Reads kept bytes back; `None` for another format or broken bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<FirstScreen> {
        let mut input = kept::open(bytes, MAGIC)?;
        let offices = (0..input.count()?)
            .map(|_| Some(Name::new(input.text()?)))
            .collect::<Option<Vec<Name>>>()?;
        let count = input.count()?;
        // Each row takes at least 14 bytes: a broken count cannot ask for more room than that.
        let mut rows = Vec::with_capacity(count.min(input.0.len() / 14));
        for _ in 0..count {
            let office = offices.get(input.count()?)?.clone();
            rows.push((office, input.timing()?));
        }
        input.at_end().then_some(FirstScreen { rows })
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
            eprintln!("{name}: median {:?}", crate::generate::median_of_five(f));
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
