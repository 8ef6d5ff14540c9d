//! Counting the figures of one scope over a ledger's facts: the petitions in scope through
//! the rules of `PETITION_FIGURES`, under their handling office (whole months from the
//! month counts judged as of the scope's day, the cases of the months it starts or ends in
//! one by one, the 复查/复核 stages by the day requested), and the tallies in the period
//! summed by metric, office, campaign and month. This is the only place figures are
//! counted; the page, the downloads and the tests all read what it returns.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::declared::{
    petition_figure, FigureKind, PetitionFigure, Population, Rule, DERIVED_TALLIES,
    PETITION_FIGURES,
};
use super::facts::{month_number, months_of, Case, LedgerFacts};
use super::Scope;
use crate::domain::petition::{Category, Channel, ReviewLevel};

const N: usize = PETITION_FIGURES.len();

/// The §5.1 figures of one scope, in the order of `PETITION_FIGURES`: counts as whole
/// numbers, rates in 0..=1 or `None` when there is nothing to share.
#[derive(Debug, Clone, PartialEq)]
pub struct PetitionFigures {
    values: [Option<f64>; N],
}

impl Default for PetitionFigures {
    fn default() -> Self {
        PetitionCount::default().figures()
    }
}

impl PetitionFigures {
    /// The figure with this key: `None` for an unknown key, `Some(None)` for an undefined rate.
    pub fn get(&self, key: &str) -> Option<Option<f64>> {
        let at = PETITION_FIGURES.iter().position(|f| f.key == key)?;
        Some(self.values[at])
    }

    /// A count by key; 0 for an unknown key or a rate.
    pub fn count(&self, key: &str) -> u64 {
        match petition_figure(key).map(|f| f.kind) {
            Some(FigureKind::Rate) | None => 0,
            Some(_) => self.get(key).flatten().unwrap_or(0.0) as u64,
        }
    }

    /// Every figure with its value, in report order.
    pub fn entries(&self) -> impl Iterator<Item = (&'static PetitionFigure, Option<f64>)> + '_ {
        PETITION_FIGURES.iter().zip(self.values.iter().copied())
    }
}

/// Written as a map of every key: counts as integers, rates as numbers or null.
impl Serialize for PetitionFigures {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(N))?;
        for (figure, value) in self.entries() {
            match (figure.kind, value) {
                (FigureKind::Rate, rate) => map.serialize_entry(figure.key, &rate)?,
                (_, count) => map.serialize_entry(figure.key, &(count.unwrap_or(0.0) as u64))?,
            }
        }
        map.end()
    }
}

/// Read back from the map it is written as; a key this build does not know is skipped, a
/// figure the map lacks counts 0 (or is undefined, for a rate).
impl<'de> Deserialize<'de> for PetitionFigures {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FiguresVisitor;
        impl<'de> Visitor<'de> for FiguresVisitor {
            type Value = PetitionFigures;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of petition figures")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut figures = PetitionFigures::default();
                while let Some(key) = map.next_key::<String>()? {
                    let value: Option<f64> = map.next_value()?;
                    if let Some(at) = PETITION_FIGURES.iter().position(|f| f.key == key) {
                        figures.values[at] = match PETITION_FIGURES[at].kind {
                            FigureKind::Rate => value,
                            _ => Some(value.unwrap_or(0.0)),
                        };
                    }
                }
                Ok(figures)
            }
        }
        deserializer
            .deserialize_map(FiguresVisitor)
            .map_err(de::Error::custom)
    }
}

/// What the petitions of a scope add to each figure so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PetitionCount {
    /// The count, or a rate's whole.
    sums: [u64; N],
    /// A rate's part.
    parts: [u64; N],
}

impl PetitionCount {
    /// Puts one petition in scope through every rule, judged as of `as_of`; one received
    /// outside the period only through the rules that look past it. Stages are counted
    /// apart ([`PetitionCount::add_stage`]).
    pub fn add(&mut self, case: &Case, as_of: NaiveDate, in_period: bool) {
        for (at, figure) in PETITION_FIGURES.iter().enumerate() {
            if !in_period && figure.population == Population::Period {
                continue;
            }
            match figure.rule {
                Rule::Count(rule) => self.sums[at] += rule(case, as_of),
                Rule::Rate { part, whole } => {
                    let whole = whole(case, as_of);
                    if whole > 0 {
                        self.sums[at] += whole;
                        self.parts[at] += part(case, as_of);
                    }
                }
                Rule::StagesRequested(_) => {}
            }
        }
    }

    /// Counts a stage of `level` requested in the period.
    pub fn add_stage(&mut self, level: ReviewLevel) {
        for (at, figure) in PETITION_FIGURES.iter().enumerate() {
            if matches!(figure.rule, Rule::StagesRequested(counted) if counted == level) {
                self.sums[at] += 1;
            }
        }
    }

    pub fn absorb(&mut self, other: &PetitionCount) {
        for at in 0..N {
            self.sums[at] += other.sums[at];
            self.parts[at] += other.parts[at];
        }
    }

    /// Adds what `other` counted of the figures that look past the period.
    fn absorb_past_the_period(&mut self, other: &PetitionCount) {
        for (at, figure) in PETITION_FIGURES.iter().enumerate() {
            if figure.population == Population::Ledger {
                self.sums[at] += other.sums[at];
                self.parts[at] += other.parts[at];
            }
        }
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.sums.iter().all(|sum| *sum == 0)
    }

    pub fn figures(&self) -> PetitionFigures {
        let mut values = [None; N];
        for (at, figure) in PETITION_FIGURES.iter().enumerate() {
            values[at] = match figure.rule {
                Rule::Count(_) | Rule::StagesRequested(_) => Some(self.sums[at] as f64),
                Rule::Rate { .. } => ratio(self.parts[at], self.sums[at]),
            };
        }
        PetitionFigures { values }
    }
}

/// `part / whole`, undefined for no whole.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The petitions of one scope: their figures by handling office, and P by channel, by
/// category and by week of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct PetitionPeriod {
    /// By the handling office's number in `LedgerFacts::offices`; empty where nothing counted.
    pub by_office: Vec<PetitionCount>,
    /// P by channel, in the order of `Channel::ALL`.
    pub by_channel: [u64; Channel::ALL.len()],
    /// P by category, in the order of `Category::ALL`.
    pub by_category: [u64; Category::ALL.len()],
    /// P by 7-day week from the period's first day.
    pub weekly: Vec<u64>,
}

impl PetitionPeriod {
    pub fn total(&self) -> PetitionCount {
        let mut total = PetitionCount::default();
        for office in &self.by_office {
            total.absorb(office);
        }
        total
    }
}

/// Number of 7-day weeks from the first day of `scope` to its last, the last one partial.
pub fn week_count(scope: &Scope) -> usize {
    let days = (scope.to - scope.from).num_days() + 1;
    usize::try_from((days + 6) / 7).unwrap_or(0)
}

/// A calendar month, `(year, month)`.
pub type Month = (i32, u32);

/// The tallies of one scope, summed by metric number and broken down.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TallyPeriod {
    /// By metric number; `None` where no tally was summed, which differs from a sum of 0.
    pub by_metric: Vec<Option<f64>>,
    /// By (metric, office) number.
    pub by_metric_office: BTreeMap<(u32, u32), f64>,
    /// By (campaign, metric) number; campaign `None` outside every campaign.
    pub by_campaign_metric: BTreeMap<(Option<u32>, u32), f64>,
    /// By (month, metric number), each month within the period.
    pub by_month_metric: BTreeMap<(Month, u32), f64>,
}

/// Sums by two numbers while a period is counted, in one block: a map entry per tally was
/// most of the time of a long period's report. Made into the period's map once counted.
struct Grid {
    columns: usize,
    sums: Vec<Option<f64>>,
}

impl Grid {
    fn new(rows: usize, columns: usize) -> Grid {
        Grid {
            columns,
            sums: vec![None; rows * columns],
        }
    }

    fn add(&mut self, row: usize, column: usize, value: f64) {
        // From 0.0, as a map's `or_default` did, so a sum of -0.0 is 0.
        *self.sums[row * self.columns + column].get_or_insert(0.0) += value;
    }

    /// The sums made, by `key(row, column)`, in row and then column order.
    fn into_map<K: Ord>(self, key: impl Fn(usize, usize) -> K) -> BTreeMap<K, f64> {
        let columns = self.columns;
        self.sums
            .into_iter()
            .enumerate()
            .filter_map(|(at, sum)| Some((key(at / columns, at % columns), sum?)))
            .collect()
    }
}

/// How a scope's days split for counting tallies: the last day counted by tally before its
/// first whole month, its whole months (first and last month numbers) if it has any, and the
/// first day counted by tally after them. With no whole month, every day is counted by tally.
fn whole_months(scope: &Scope) -> (NaiveDate, Option<(i64, i64)>, Option<NaiveDate>) {
    let starts_month = scope.from.day() == 1;
    let ends_month = scope.to.succ_opt().is_none_or(|next| next.day() == 1);
    let first = month_number(scope.from) + i64::from(!starts_month);
    let last = month_number(scope.to) - i64::from(!ends_month);
    if first > last {
        return (scope.to, None, None);
    }
    // The day before the first whole month, and the first day after the last one.
    let head = first_day_of(first).and_then(|day| day.pred_opt());
    let tail = first_day_of(last + 1);
    match head {
        Some(head) => (head, Some((first, last)), tail),
        None => (scope.to, None, None),
    }
}

/// The first day of a month (a month number).
fn first_day_of(month: i64) -> Option<NaiveDate> {
    let year = i32::try_from(month.div_euclid(12)).ok()?;
    NaiveDate::from_ymd_opt(year, month.rem_euclid(12) as u32 + 1, 1)
}

/// The month `offset` months after month number `first`.
fn month_after(first: i64, offset: usize) -> Month {
    let month = first + offset as i64;
    (month.div_euclid(12) as i32, month.rem_euclid(12) as u32 + 1)
}

/// Sums by metric key, with the derived sums of §5.2 (present when any part is).
pub fn with_derived(mut sums: BTreeMap<String, f64>) -> BTreeMap<String, f64> {
    for derived in DERIVED_TALLIES {
        let parts: Vec<f64> = derived
            .parts
            .iter()
            .filter_map(|key| sums.get(*key).copied())
            .collect();
        if !parts.is_empty() {
            sums.insert(derived.key.to_string(), parts.iter().sum());
        }
    }
    sums
}

impl LedgerFacts {
    /// For each office number, whether the scope takes it.
    pub fn offices_in(&self, scope: &Scope) -> Vec<bool> {
        self.offices
            .keys()
            .iter()
            .map(|id| scope.takes_office(id))
            .collect()
    }

    /// The petitions of `scope` (revision 2: in scope when the registering or the handling
    /// office is chosen), counted under their handling office. A month wholly inside the
    /// period, or wholly outside it, is added from the month counts as of the scope's
    /// `as_of`; the cases of a month the period starts or ends in go through the rules one
    /// by one.
    pub fn count_petitions(&self, scope: &Scope) -> PetitionPeriod {
        let in_scope = self.offices_in(scope);
        let taken =
            |office: u32, handling: u32| in_scope[office as usize] || in_scope[handling as usize];
        let mut period = PetitionPeriod {
            by_office: vec![PetitionCount::default(); self.offices.len()],
            by_channel: [0; Channel::ALL.len()],
            by_category: [0; Category::ALL.len()],
            weekly: vec![0; week_count(scope)],
        };
        let month_counts = self.judged.as_of(&self.cases, scope.as_of);
        let (_, whole, _) = whole_months(scope);
        let (first_month, last_month) = (month_number(scope.from), month_number(scope.to));
        for (month, cases) in months_of(&self.cases, Case::received_on) {
            let inside = whole.is_some_and(|(first, last)| first <= month && month <= last);
            let outside = month < first_month || last_month < month;
            if inside || outside {
                for counted in month_counts.of_month(month) {
                    if !taken(counted.office, counted.handling) {
                        continue;
                    }
                    let office = &mut period.by_office[counted.handling as usize];
                    if inside {
                        office.absorb(&counted.count);
                    } else {
                        office.absorb_past_the_period(&counted.count);
                    }
                }
                continue;
            }
            for case in cases.iter().filter(|c| taken(c.office, c.handling)) {
                let in_period = scope.holds(case.received_on());
                period.by_office[case.handling as usize].add(case, scope.as_of, in_period);
            }
        }
        for stage in self.stages_requested_in(scope.from, scope.to) {
            if taken(stage.office, stage.handling) {
                period.by_office[stage.handling as usize].add_stage(stage.level);
            }
        }
        let from_day = scope.from.num_days_from_ce();
        for receipt in self.receipts_in(scope.from, scope.to) {
            if !taken(receipt.office, receipt.handling) {
                continue;
            }
            period.by_channel[usize::from(receipt.channel)] += 1;
            period.by_category[usize::from(receipt.category)] += 1;
            // Last year's period can be a day longer (29 February): its extra day joins the
            // last week.
            if let Some(last_week) = period.weekly.len().checked_sub(1) {
                let week = (receipt.day - from_day) / 7;
                let week = usize::try_from(week).unwrap_or(0).min(last_week);
                period.weekly[week] += 1;
            }
        }
        period
    }

    /// The tallies of `scope`: its days, its offices. The period's whole months are added
    /// from the month sums, the days before the first and after the last one by tally, in
    /// the order of the days.
    pub fn count_tallies(&self, scope: &Scope) -> TallyPeriod {
        let in_scope = self.offices_in(scope);
        let tallies = self.tallies_of(scope.from, scope.to);
        let (metrics, offices) = (self.metrics.len(), self.offices.len());
        // The tallies come by day, so the first and the last bound the months.
        let first_month = tallies.first().map_or(0, |t| month_number(t.on));
        let months = tallies
            .last()
            .map_or(0, |t| (month_number(t.on) + 1 - first_month) as usize);
        let mut by_metric = vec![None; metrics];
        let mut by_metric_office = Grid::new(metrics, offices);
        // Row 0 outside every campaign, row c + 1 campaign c.
        let mut by_campaign_metric = Grid::new(self.campaigns.len() + 1, metrics);
        let mut by_month_metric = Grid::new(months, metrics);
        let mut add = |month: i64, office: u32, metric: u32, campaign: Option<u32>, sum: f64| {
            if !in_scope[office as usize] {
                return;
            }
            let metric = metric as usize;
            match &mut by_metric[metric] {
                Some(total) => *total += sum,
                slot => *slot = Some(sum),
            }
            by_metric_office.add(metric, office as usize, sum);
            by_campaign_metric.add(campaign.map_or(0, |c| c as usize + 1), metric, sum);
            by_month_metric.add((month - first_month) as usize, metric, sum);
        };
        let (head, whole_months, tail) = whole_months(scope);
        for t in self.tallies_of(scope.from, head) {
            add(month_number(t.on), t.office, t.metric, t.campaign, t.value);
        }
        if let Some((first, last)) = whole_months {
            for m in self.month_sums_of(first, last) {
                add(m.month, m.office, m.metric, m.campaign, m.sum);
            }
        }
        if let Some(tail) = tail {
            for t in self.tallies_of(tail, scope.to) {
                add(month_number(t.on), t.office, t.metric, t.campaign, t.value);
            }
        }
        let number = |n: usize| n as u32;
        TallyPeriod {
            by_metric,
            by_metric_office: by_metric_office.into_map(|m, o| (number(m), number(o))),
            by_campaign_metric: by_campaign_metric
                .into_map(|c, m| (c.checked_sub(1).map(number), number(m))),
            by_month_metric: by_month_metric
                .into_map(|month, m| (month_after(first_month, month), number(m))),
        }
    }

    /// Sums by metric key of sums by metric number, with the derived sums.
    pub fn by_metric_key(
        &self,
        sums: impl IntoIterator<Item = (u32, f64)>,
    ) -> BTreeMap<String, f64> {
        with_derived(
            sums.into_iter()
                .map(|(metric, sum)| (self.metrics.key(metric).clone(), sum))
                .collect(),
        )
    }

    /// The §5.2 figures of a counted period.
    pub fn tally_figures(&self, period: &TallyPeriod) -> BTreeMap<String, f64> {
        let summed = period
            .by_metric
            .iter()
            .enumerate()
            .filter_map(|(metric, sum)| Some((metric as u32, (*sum)?)));
        self.by_metric_key(summed)
    }
}
