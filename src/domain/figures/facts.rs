//! The few facts of each live petition and tally that the figures read, gathered once per
//! ledger into compact arrays with office, metric and campaign ids replaced by numbers, and
//! the tallies also summed by month, so that the figures of any scope are counted in
//! milliseconds.

mod kept;

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use chrono::{Datelike, NaiveDate};

use super::by_month::Judged;
use crate::domain::deadline::Timing;
use crate::domain::listing::handling_office;
use crate::domain::petition::{Acceptance, Category, Channel, ReviewLevel, Satisfaction};
use crate::domain::{Ledger, Petition, Tally};

/// A multiplicative hash a word at a time (as rustc's FxHasher). Numbering looks up three
/// ids for each of 500,000 tallies, and with it the facts are gathered some 20% faster than
/// with the default SipHash; the ids are the ledger's own, so resisting hash flooding buys
/// nothing.
#[derive(Default)]
pub(super) struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().unwrap_or_default()));
        }
        let mut rest = [0u8; 8];
        rest[..words.remainder().len()].copy_from_slice(words.remainder());
        self.add(u64::from_le_bytes(rest));
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Keys numbered 0, 1, 2 … in the order first met.
#[derive(Debug, Clone)]
pub struct Numbering<K> {
    keys: Vec<K>,
    numbers: HashMap<K, u32, BuildHasherDefault<WordHasher>>,
}

impl<K> Default for Numbering<K> {
    fn default() -> Self {
        Numbering {
            keys: Vec::new(),
            numbers: HashMap::default(),
        }
    }
}

impl<K: Clone + Eq + Hash> Numbering<K> {
    fn number<Q>(&mut self, key: &Q) -> u32
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(number) = self.numbers.get(key) {
            return *number;
        }
        // A ledger holds far fewer than 2³² distinct ids; past that, numbers would repeat.
        let number = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        self.keys.push(key.to_owned());
        self.numbers.insert(key.to_owned(), number);
        number
    }

    /// The number of `key`, if it was met.
    pub fn find<Q>(&self, key: &Q) -> Option<u32>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.numbers.get(key).copied()
    }

    pub fn key(&self, number: u32) -> &K {
        &self.keys[number as usize]
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn keys(&self) -> &[K] {
        &self.keys
    }
}

/// What the figures read of one live petition.
#[derive(Debug, Clone)]
pub struct Case {
    pub timing: Timing,
    /// The registering office, by its number in `LedgerFacts::offices`.
    pub office: u32,
    /// The handling office: the one it was assigned to, else the registering one.
    pub handling: u32,
    pub headcount: u32,
    pub channel: Channel,
    pub category: Category,
    pub law_related: bool,
    pub repeat: bool,
    pub assigned: bool,
    pub satisfaction: Option<Satisfaction>,
    /// The acceptance decision and its day (revision 2).
    pub acceptance: Option<(Acceptance, NaiveDate)>,
    /// Whether the case has a supervision (督办; revision 2).
    pub supervised: bool,
}

impl Case {
    pub fn of(p: &Petition, office: u32, handling: u32) -> Case {
        Case {
            timing: Timing::of(p),
            office,
            handling,
            headcount: p.headcount,
            channel: p.channel,
            category: p.category,
            law_related: p.law_related,
            repeat: p.is_repeat(),
            assigned: p.is_assigned(),
            satisfaction: p.satisfaction,
            acceptance: p.acceptance.zip(p.accepted_on),
            supervised: !p.supervisions.is_empty(),
        }
    }

    /// Came in person: a visit, or received by a leader (来访).
    pub fn is_visit(&self) -> bool {
        matches!(self.channel, Channel::Visit | Channel::LeaderReception)
    }

    /// In the set L of §5.1: law-related and not a repeat.
    pub fn in_law_set(&self) -> bool {
        self.law_related && !self.repeat
    }

    /// Whether `decision` was taken on or before `day`.
    pub fn decided(&self, decision: Acceptance, day: NaiveDate) -> bool {
        self.acceptance
            .is_some_and(|(taken, on)| taken == decision && on <= day)
    }

    pub fn received_on(&self) -> NaiveDate {
        self.timing.received_on
    }
}

/// What the breakdowns of P (by channel, category and week) read of a live petition, in
/// 16 bytes: a long period's loop over these reads a tenth of what it would over `Case`s.
#[derive(Debug, Clone, Copy)]
pub struct Receipt {
    /// The day received as days from the common era's first, so that weeks are counted
    /// without a date's arithmetic for every case.
    pub day: i32,
    pub office: u32,
    pub handling: u32,
    /// Positions in `Channel::ALL` and `Category::ALL`.
    pub channel: u8,
    pub category: u8,
}

impl Receipt {
    fn of(case: &Case) -> Receipt {
        let position = |at: Option<usize>| at.and_then(|at| u8::try_from(at).ok()).unwrap_or(0);
        Receipt {
            day: case.received_on().num_days_from_ce(),
            office: case.office,
            handling: case.handling,
            channel: position(Channel::ALL.iter().position(|c| *c == case.channel)),
            category: position(Category::ALL.iter().position(|c| *c == case.category)),
        }
    }
}

/// A 复查/复核 stage asked for on a live petition (revision 2).
#[derive(Debug, Clone, Copy)]
pub struct StageFact {
    pub requested_on: NaiveDate,
    pub level: ReviewLevel,
    /// The petition's registering and handling offices, as in its `Case`.
    pub office: u32,
    pub handling: u32,
}

/// What the figures read of one live tally; the numbers are positions in `LedgerFacts`.
#[derive(Debug, Clone, Copy)]
pub struct TallyFact {
    pub on: NaiveDate,
    pub office: u32,
    pub metric: u32,
    /// The campaign's number, `None` outside every campaign.
    pub campaign: Option<u32>,
    pub value: f64,
}

/// The sum of the live tallies of one month, office, metric and campaign.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthSum {
    /// Months counted from year 0 ([`month_number`]).
    pub month: i64,
    pub office: u32,
    pub metric: u32,
    pub campaign: Option<u32>,
    pub sum: f64,
}

/// Months counted from year 0, so that months subtract.
pub fn month_number(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

/// Items that come by day, a month at a time: each month's number and its items.
pub(super) fn months_of<T>(
    items: &[T],
    day: impl Fn(&T) -> NaiveDate,
) -> impl Iterator<Item = (i64, &[T])> {
    let mut rest = items;
    std::iter::from_fn(move || {
        let month = month_number(day(rest.first()?));
        let (this, later) = rest.split_at(rest.partition_point(|x| month_number(day(x)) == month));
        rest = later;
        Some((month, this))
    })
}

/// A tally's day as numbers: date, office, metric, and campaign (0 none, 1 an empty id,
/// else the campaign's number + 2).
type DayNumbers = (NaiveDate, u32, u32, u32);

/// The facts of a whole ledger.
#[derive(Debug, Clone, Default)]
pub struct LedgerFacts {
    /// Office ids of petitions (registering and handling) and tallies.
    pub offices: Numbering<String>,
    pub metrics: Numbering<String>,
    pub campaigns: Numbering<String>,
    /// Live petitions, by day received. Not changed once gathered: the month counts
    /// (`judged`) and the receipts are made from them.
    pub(super) cases: Vec<Case>,
    /// The same petitions' receipts, in the same order.
    pub(super) receipts: Vec<Receipt>,
    /// Their 复查/复核 stages, by day requested.
    pub(super) stages: Vec<StageFact>,
    /// Live tallies, by day.
    pub tallies: Vec<TallyFact>,
    /// The same tallies summed by month, office, metric and campaign, by month: a period's
    /// whole months are counted from these (a generated ledger of 500,000 tallies over 46
    /// months: about 830 sums a month in place of 10,900 tallies).
    pub month_sums: Vec<MonthSum>,
    /// The petitions counted by month as of the days reports asked for lately.
    pub(super) judged: Judged,
}

impl LedgerFacts {
    /// One pass over the ledger's records. The facts are also kept beside the ledger
    /// (`kept.rs`): a change of what is gathered here, or of `Case::of`, raises
    /// `domain::kept::FORMAT`, so that facts kept by an earlier build are not read.
    pub fn of(ledger: &Ledger) -> LedgerFacts {
        let mut facts = LedgerFacts::default();
        for p in ledger.petitions.values().filter(|p| !p.meta.deleted) {
            let office = facts.offices.number(p.office_id.as_str());
            let handling = facts.offices.number(handling_office(p));
            facts.cases.push(Case::of(p, office, handling));
            facts.stages.extend(p.reviews.iter().map(|r| StageFact {
                requested_on: r.requested_on,
                level: r.level,
                office,
                handling,
            }));
        }
        facts.cases.sort_by_key(Case::received_on);
        facts.stages.sort_by_key(|s| s.requested_on);
        // Of two live tallies of one day only the winner counts (`tallies::counted`); here
        // the days are told apart by their numbers, after one sort, which costs a fraction
        // of hashing 500,000 days' ids.
        let mut live: Vec<(DayNumbers, &Tally)> = ledger
            .tallies
            .values()
            .filter(|t| !t.meta.deleted)
            .map(|t| {
                let campaign = match t.campaign_id.as_deref() {
                    None => 0,
                    Some("") => 1,
                    Some(id) => facts.campaigns.number(id) + 2,
                };
                let office = facts.offices.number(t.office_id.as_str());
                let metric = facts.metrics.number(t.metric.as_str());
                ((t.on, office, metric, campaign), t)
            })
            .collect();
        live.sort_unstable_by_key(|(day, _)| *day);
        crate::domain::tallies::keep_winners(&mut live, |a, b| a.0 == b.0, |(_, t)| t);
        facts.tallies.reserve(live.len());
        for ((on, office, metric, campaign), t) in live {
            facts.tallies.push(TallyFact {
                on,
                office,
                metric,
                campaign: campaign.checked_sub(2),
                value: t.value,
            });
        }
        facts.tallies.sort_by_key(|t| t.on);
        facts.make_sums();
        facts
    }

    /// Makes what is made from the cases and tallies: their receipts and month sums.
    fn make_sums(&mut self) {
        self.receipts = self.cases.iter().map(Receipt::of).collect();
        self.month_sums = month_sums(&self.tallies, self.offices.len(), self.metrics.len());
    }

    /// The month sums from `first` to `last` (month numbers), both included.
    pub fn month_sums_of(&self, first: i64, last: i64) -> &[MonthSum] {
        let start = self.month_sums.partition_point(|m| m.month < first);
        let end = self.month_sums.partition_point(|m| m.month <= last);
        &self.month_sums[start..end.max(start)]
    }

    /// The receipts of the petitions received from `from` to `to`, both included.
    pub fn receipts_in(&self, from: NaiveDate, to: NaiveDate) -> &[Receipt] {
        let (from, to) = (from.num_days_from_ce(), to.num_days_from_ce());
        let start = self.receipts.partition_point(|r| r.day < from);
        let end = self.receipts.partition_point(|r| r.day <= to);
        &self.receipts[start..end.max(start)]
    }

    /// The stages requested from `from` to `to`, both included.
    pub fn stages_requested_in(&self, from: NaiveDate, to: NaiveDate) -> &[StageFact] {
        let start = self.stages.partition_point(|s| s.requested_on < from);
        let end = self.stages.partition_point(|s| s.requested_on <= to);
        &self.stages[start..end.max(start)]
    }

    /// The tallies of the days from `from` to `to`, both included.
    pub fn tallies_of(&self, from: NaiveDate, to: NaiveDate) -> &[TallyFact] {
        let start = self.tallies.partition_point(|t| t.on < from);
        let end = self.tallies.partition_point(|t| t.on <= to);
        &self.tallies[start..end.max(start)]
    }
}

/// Sums tallies that come by day into month sums, each month's in the order of (office,
/// metric, campaign), each sum added up in the tallies' order. One slot per (office, metric,
/// campaign) is kept for all months; only the slots a month touched are read and cleared.
fn month_sums(tallies: &[TallyFact], offices: usize, metrics: usize) -> Vec<MonthSum> {
    // Campaign slot 0 is outside every campaign, c + 1 campaign c.
    let campaigns = tallies
        .iter()
        .filter_map(|t| t.campaign)
        .max()
        .map_or(1, |c| c as usize + 2);
    let slot_of = |t: &TallyFact| {
        let campaign = t.campaign.map_or(0, |c| c as usize + 1);
        (t.office as usize * metrics + t.metric as usize) * campaigns + campaign
    };
    let mut slots: Vec<Option<f64>> = vec![None; offices * metrics * campaigns];
    let mut touched: Vec<usize> = Vec::new();
    let mut sums = Vec::new();
    for (month, tallies) in months_of(tallies, |t| t.on) {
        for t in tallies {
            let slot = slot_of(t);
            match &mut slots[slot] {
                Some(sum) => *sum += t.value,
                empty => {
                    *empty = Some(t.value);
                    touched.push(slot);
                }
            }
        }
        touched.sort_unstable();
        for slot in touched.drain(..) {
            let Some(sum) = slots[slot].take() else {
                continue;
            };
            let campaign = slot % campaigns;
            let office_metric = slot / campaigns;
            sums.push(MonthSum {
                month,
                office: (office_metric / metrics) as u32,
                metric: (office_metric % metrics) as u32,
                campaign: campaign.checked_sub(1).map(|c| c as u32),
                sum,
            });
        }
    }
    sums
}
