//! The report's facts kept beside the ledger: a ledger's `LedgerFacts` as compact bytes, so
//! that a large ledger's report is drawn before its records are read and parsed. Storage
//! keeps them with the ledger's stamp and hands them back only while it stands, as it does
//! the first screen.

use super::{Case, LedgerFacts, Numbering, StageFact, TallyFact};
use crate::domain::kept::{self, Reader, Writer};
use crate::domain::petition::{Acceptance, Category, Channel, ReviewLevel, Satisfaction};

/// The kept bytes start with these, then `kept::FORMAT`.
const MAGIC: &[u8; 4] = b"TZRF";

/// A member's place in its set, as kept.
fn place<T: PartialEq>(all: &[T], member: &T) -> u8 {
    all.iter()
        .position(|m| m == member)
        .and_then(|at| u8::try_from(at).ok())
        .unwrap_or(u8::MAX)
}

/// Like `place`, 0 for none and a member's place + 1.
fn maybe_place<T: PartialEq>(all: &[T], member: Option<&T>) -> u8 {
    member.map_or(0, |m| place(all, m).saturating_add(1))
}

fn member<T: Copy>(all: &[T], place: u8) -> Option<T> {
    all.get(usize::from(place)).copied()
}

fn maybe_member<T: Copy>(all: &[T], place: u8) -> Option<Option<T>> {
    match place {
        0 => Some(None),
        n => member(all, n - 1).map(Some),
    }
}

const LAW_RELATED: u8 = 1;
const REPEAT: u8 = 2;
const ASSIGNED: u8 = 4;
const SUPERVISED: u8 = 8;

impl LedgerFacts {
    /// The bytes to keep: the offices, metrics and campaigns named, then the cases, their
    /// stages and the tallies, ids as their numbers. What is made from these (receipts,
    /// month sums, month counts) is made again when read.
    pub fn to_bytes(&self) -> Vec<u8> {
        let capacity = 64 + self.cases.len() * 56 + self.tallies.len() * 24;
        let mut out = kept::start(MAGIC, capacity);
        for numbering in [&self.offices, &self.metrics, &self.campaigns] {
            out.count(numbering.len());
            for key in numbering.keys() {
                out.text(key);
            }
        }
        out.count(self.cases.len());
        for case in &self.cases {
            write_case(&mut out, case);
        }
        out.count(self.stages.len());
        for stage in &self.stages {
            out.day(stage.requested_on);
            out.u8(place(ReviewLevel::ALL, &stage.level));
            out.u32(stage.office);
            out.u32(stage.handling);
        }
        out.count(self.tallies.len());
        for tally in &self.tallies {
            out.day(tally.on);
            out.u32(tally.office);
            out.u32(tally.metric);
            out.u32(tally.campaign.map_or(0, |c| c.saturating_add(1)));
            out.f64(tally.value);
        }
        out.0
    }

    /// Reads kept bytes back; `None` for another format, broken bytes, a number that names
    /// nothing, or records out of their order.
    pub fn from_bytes(bytes: &[u8]) -> Option<LedgerFacts> {
        let mut input = kept::open(bytes, MAGIC)?;
        let mut facts = LedgerFacts::default();
        for numbering in [&mut facts.offices, &mut facts.metrics, &mut facts.campaigns] {
            *numbering = read_numbering(&mut input)?;
        }
        let offices = facts.offices.len();
        let office = |n: u32| (n as usize) < offices;
        facts.cases = input.vec_of(28, read_case)?;
        facts.stages = input.vec_of(13, |r| {
            Some(StageFact {
                requested_on: r.day()?,
                level: member(ReviewLevel::ALL, r.u8()?)?,
                office: r.u32()?,
                handling: r.u32()?,
            })
        })?;
        facts.tallies = input.vec_of(24, |r| {
            Some(TallyFact {
                on: r.day()?,
                office: r.u32()?,
                metric: r.u32()?,
                campaign: r.u32()?.checked_sub(1),
                value: r.f64()?,
            })
        })?;
        let named = facts
            .cases
            .iter()
            .all(|c| office(c.office) && office(c.handling))
            && facts
                .stages
                .iter()
                .all(|s| office(s.office) && office(s.handling))
            && facts.tallies.iter().all(|t| {
                office(t.office)
                    && (t.metric as usize) < facts.metrics.len()
                    && t.campaign
                        .is_none_or(|c| (c as usize) < facts.campaigns.len())
            });
        let in_order = facts.cases.is_sorted_by_key(Case::received_on)
            && facts.stages.is_sorted_by_key(|s| s.requested_on)
            && facts.tallies.is_sorted_by_key(|t| t.on);
        if !(input.at_end() && named && in_order) {
            return None;
        }
        facts.make_sums();
        Some(facts)
    }
}

fn read_numbering(input: &mut Reader) -> Option<Numbering<String>> {
    let mut numbering = Numbering::default();
    for _ in 0..input.count()? {
        let key = input.text()?;
        // Each key once: a repeated one would shift every number after it.
        if numbering.find(key).is_some() {
            return None;
        }
        numbering.number(key);
    }
    Some(numbering)
}

fn write_case(out: &mut Writer, case: &Case) {
    out.timing(&case.timing);
    out.u32(case.office);
    out.u32(case.handling);
    out.u32(case.headcount);
    out.u8(place(Channel::ALL, &case.channel));
    out.u8(place(Category::ALL, &case.category));
    let flags = [
        (case.law_related, LAW_RELATED),
        (case.repeat, REPEAT),
        (case.assigned, ASSIGNED),
        (case.supervised, SUPERVISED),
    ];
    out.u8(flags
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, bit)| bit)
        .sum());
    out.u8(maybe_place(Satisfaction::ALL, case.satisfaction.as_ref()));
    let (acceptance, day) = case.acceptance.unzip();
    out.u8(maybe_place(Acceptance::ALL, acceptance.as_ref()));
    if let Some(day) = day {
        out.day(day);
    }
}

fn read_case(input: &mut Reader) -> Option<Case> {
    let timing = input.timing()?;
    let office = input.u32()?;
    let handling = input.u32()?;
    let headcount = input.u32()?;
    let channel = member(Channel::ALL, input.u8()?)?;
    let category = member(Category::ALL, input.u8()?)?;
    let flags = input.u8()?;
    let satisfaction = maybe_member(Satisfaction::ALL, input.u8()?)?;
    let acceptance = match maybe_member(Acceptance::ALL, input.u8()?)? {
        Some(decision) => Some((decision, input.day()?)),
        None => None,
    };
    Some(Case {
        timing,
        office,
        handling,
        headcount,
        channel,
        category,
        law_related: flags & LAW_RELATED != 0,
        repeat: flags & REPEAT != 0,
        assigned: flags & ASSIGNED != 0,
        satisfaction,
        acceptance,
        supervised: flags & SUPERVISED != 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::figures::Scope;
    use crate::generate::{ledger, Size};

    fn kept_and_read_back(facts: &LedgerFacts) -> LedgerFacts {
        LedgerFacts::from_bytes(&facts.to_bytes()).expect("reads back")
    }

    #[test]
    fn kept_facts_count_a_generated_ledger_as_the_gathered_ones() {
        let today = chrono::NaiveDate::from_ymd_opt(2022, 8, 21).unwrap();
        let ledger = ledger(7, Size::SMALL, today);
        let facts = LedgerFacts::of(&ledger);
        assert!(!facts.cases.is_empty() && !facts.tallies.is_empty());
        let read = kept_and_read_back(&facts);
        let year = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
        for scope in [
            Scope::new(year, today, None),
            Scope::new(year - chrono::Days::new(400), today, None),
        ] {
            assert_eq!(read.count_petitions(&scope), facts.count_petitions(&scope));
            assert_eq!(read.count_tallies(&scope), facts.count_tallies(&scope));
        }
        assert_eq!(read.month_sums, facts.month_sums);
    }

    #[test]
    fn broken_kept_facts_are_not_read() {
        let today = chrono::NaiveDate::from_ymd_opt(2022, 8, 21).unwrap();
        let facts = LedgerFacts::of(&ledger(7, Size::SMALL, today));
        let mut bytes = facts.to_bytes();
        assert!(LedgerFacts::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        let mut other_format = bytes.clone();
        other_format[4] = other_format[4].wrapping_add(1);
        assert!(LedgerFacts::from_bytes(&other_format).is_none());
        // The last tally's campaign names one past the campaigns.
        let campaign_at = bytes.len() - 12;
        let mut no_such_campaign = bytes.clone();
        no_such_campaign[campaign_at..campaign_at + 4]
            .copy_from_slice(&(facts.campaigns.len() as u32 + 1).to_le_bytes());
        assert!(LedgerFacts::from_bytes(&no_such_campaign).is_none());
        bytes.push(0);
        assert!(LedgerFacts::from_bytes(&bytes).is_none(), "bytes left over");
        let first_screen = crate::domain::first_screen::FirstScreen::default().to_bytes();
        assert!(
            LedgerFacts::from_bytes(&first_screen).is_none(),
            "another kind"
        );
    }
}

#[cfg(test)]
mod measure {
    use super::*;
    use crate::generate::{ledger, Size};

    /// Times keeping and reading back the facts of 100,000 petitions and 500,000 tallies;
    /// run `cargo test --release --lib measure_the_kept_facts -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn measure_the_kept_facts() {
        let today = chrono::NaiveDate::from_ymd_opt(2022, 8, 21).unwrap();
        let ledger = ledger(1, Size::LARGE, today);
        let median = crate::generate::median_of_five;
        let facts = LedgerFacts::of(&ledger);
        let bytes = facts.to_bytes();
        eprintln!(
            "{} cases, {} tallies, {} bytes",
            facts.cases.len(),
            facts.tallies.len(),
            bytes.len()
        );
        eprintln!(
            "gathered: {:?}",
            median(&mut || drop(LedgerFacts::of(&ledger)))
        );
        eprintln!("written: {:?}", median(&mut || drop(facts.to_bytes())));
        eprintln!(
            "read back: {:?}",
            median(&mut || drop(LedgerFacts::from_bytes(&bytes)))
        );
    }
}
