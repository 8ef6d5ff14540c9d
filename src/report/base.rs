//! A ledger's report facts, gathered once per ledger, from which the report of any scope is
//! made in milliseconds: exactly the `Report` of [`build_report`](super::build_report),
//! without its passes over 600,000 records scattered on the heap.
//!
//! The counting rules here restate those of `domain::figures` and `sums` over the compact
//! facts; the property test in `base_props.rs` holds the two to the same answers.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::facts::{Facts, PetitionFacts};
use super::names::Names;
use super::report::{assemble, Report};
use super::sums::{week_count, Breakdown, CampaignKey, PeriodCounts, Stage};
use crate::domain::figures::{add_officers_disciplined, change, ratio, COLLECTIVE_HEADCOUNT};
use crate::domain::{
    previous_scope, Channel, Comparison, Figures, Ledger, PetitionFigures, Satisfaction, Scope,
};

pub struct ReportBase {
    names: Names,
    facts: Facts,
}

impl ReportBase {
    /// Gathers what every report of `ledger` reads; one pass over its records.
    pub fn of(ledger: &Ledger) -> ReportBase {
        ReportBase {
            names: Names::of(ledger),
            facts: Facts::of(ledger),
        }
    }

    /// The report of `scope`, equal to `build_report` of the ledger the base was made of.
    pub fn report(&self, scope: &Scope) -> Report {
        let previous_scope = previous_scope(scope);
        let offices_in_scope: Vec<bool> = self
            .facts
            .offices
            .keys()
            .iter()
            .map(|id| scope.offices.as_ref().is_none_or(|set| set.contains(id)))
            .collect();
        let petitions = self.sum_petitions(scope, &previous_scope, &offices_in_scope);
        let tallies = self.sum_tallies(scope, &previous_scope, &offices_in_scope);
        let current = Figures {
            petitions: petitions.current.finish(),
            tallies: tallies.figures(0),
        };
        let previous = Figures {
            petitions: petitions.previous.finish(),
            tallies: tallies.figures(1),
        };
        let change = change(&current, &previous);
        let breakdown = Breakdown {
            current_by_office: petitions.current_by_office,
            previous_total_by_office: petitions.previous_total_by_office,
            current: petitions.current_counts,
            previous: petitions.previous_counts,
            by_metric_office: tallies.by_metric_office(),
            by_campaign_metric: tallies.by_campaign_metric(),
        };
        let comparison = Comparison {
            scope: scope.clone(),
            previous_scope,
            current,
            previous,
            change,
        };
        assemble(&self.names, comparison, &breakdown)
    }

    fn sum_petitions(
        &self,
        scope: &Scope,
        previous_scope: &Scope,
        offices_in_scope: &[bool],
    ) -> PetitionSums<'_> {
        let weeks = week_count(scope);
        let office_count = self.facts.offices.len();
        let mut by_office: Vec<Option<FigureCount>> = vec![None; office_count];
        let mut previous_by_office = vec![0u64; office_count];
        let mut sums = PetitionSums {
            current: FigureCount::default(),
            previous: FigureCount::default(),
            current_counts: PeriodCounts::new(weeks),
            previous_counts: PeriodCounts::new(weeks),
            current_by_office: BTreeMap::new(),
            previous_total_by_office: BTreeMap::new(),
        };
        let in_scope = |p: &&PetitionFacts| offices_in_scope[p.office as usize];
        let this_year = self.facts.petitions_received(scope.from, scope.to);
        for p in this_year.iter().filter(in_scope) {
            sums.current.add(p, scope.as_of);
            by_office[p.office as usize]
                .get_or_insert_with(FigureCount::default)
                .add(p, scope.as_of);
            count_period(&mut sums.current_counts, p, scope);
        }
        let last_year = self
            .facts
            .petitions_received(previous_scope.from, previous_scope.to);
        for p in last_year.iter().filter(in_scope) {
            sums.previous.add(p, previous_scope.as_of);
            previous_by_office[p.office as usize] += 1;
            count_period(&mut sums.previous_counts, p, previous_scope);
        }
        let office = |number: usize| self.facts.offices.key(number as u32).as_str();
        for (number, count) in by_office.into_iter().enumerate() {
            if let Some(count) = count {
                sums.current_by_office
                    .insert(office(number), count.finish());
            }
        }
        for (number, total) in previous_by_office.into_iter().enumerate() {
            if total > 0 {
                sums.previous_total_by_office.insert(office(number), total);
            }
        }
        sums
    }

    fn sum_tallies(
        &self,
        scope: &Scope,
        previous_scope: &Scope,
        offices_in_scope: &[bool],
    ) -> TallySums<'_> {
        let facts = &self.facts;
        let mut sums = TallySums {
            facts,
            by_metric: vec![[None; 2]; facts.metrics.len()],
            by_metric_office: vec![None; facts.metric_office.len()],
            by_campaign_metric: vec![None; facts.campaign_metric.len()],
        };
        let within = |day: NaiveDate, period: &Scope| period.from <= day && day <= period.to;
        for t in &facts.tallies {
            let now = within(t.on, scope);
            let then = within(t.on, previous_scope);
            if !(now || then) || !offices_in_scope[t.office as usize] {
                continue;
            }
            let by_campaign =
                sums.by_campaign_metric[t.campaign_metric as usize].get_or_insert([0.0; 2]);
            let by_metric = &mut sums.by_metric[t.metric as usize];
            if now {
                by_campaign[0] += t.value;
                add_to(&mut by_metric[0], t.value);
                *sums.by_metric_office[t.metric_office as usize].get_or_insert(0.0) += t.value;
            }
            if then {
                by_campaign[1] += t.value;
                add_to(&mut by_metric[1], t.value);
            }
        }
        sums
    }
}

/// Adds to a sum that starts at the first value added, as `tally_figures` sums.
fn add_to(sum: &mut Option<f64>, value: f64) {
    match sum {
        Some(sum) => *sum += value,
        None => *sum = Some(value),
    }
}

/// The §5.1 figures of one period (or one office's share of it), counted petition by
/// petition as `petition_figures` counts them.
#[derive(Debug, Clone, Default)]
struct FigureCount {
    figures: PetitionFigures,
    rated: u64,
    satisfied: u64,
}

impl FigureCount {
    fn add(&mut self, p: &PetitionFacts, as_of: NaiveDate) {
        let f = &mut self.figures;
        f.total += 1;
        match p.channel {
            Channel::Visit | Channel::LeaderReception => {
                f.visits += 1;
                f.visit_people += u64::from(p.headcount);
                if p.headcount >= COLLECTIVE_HEADCOUNT {
                    f.collective += 1;
                }
            }
            Channel::Letter => f.letters += 1,
            Channel::Phone => f.calls += 1,
            Channel::Online => f.online += 1,
            Channel::Referral => f.referrals += 1,
        }
        if p.repeat {
            f.repeat += 1;
        } else {
            if p.law_related {
                f.law_related += 1;
                f.assigned += u64::from(p.assigned);
                f.concluded += u64::from(p.timing.concluded_by(as_of));
            }
            f.overdue += u64::from(p.timing.overdue(as_of));
        }
        if let Some(rating) = p.satisfaction {
            self.rated += 1;
            self.satisfied += u64::from(rating != Satisfaction::Unsatisfied);
        }
    }

    fn finish(self) -> PetitionFigures {
        PetitionFigures {
            closure_rate: ratio(self.figures.concluded, self.figures.law_related),
            satisfaction_rate: ratio(self.satisfied, self.rated),
            ..self.figures
        }
    }
}

/// Counts a petition of `period` by channel, by stage (when law-related) and by week.
fn count_period(counts: &mut PeriodCounts, p: &PetitionFacts, period: &Scope) {
    if let Some(i) = Channel::ALL.iter().position(|c| *c == p.channel) {
        counts.by_channel[i] += 1;
    }
    if p.law_related && !p.repeat {
        let stage = Stage::at(p.timing.concluded_by(period.as_of), p.status);
        if let Some(i) = Stage::ALL.iter().position(|s| *s == stage) {
            counts.law_stages[i] += 1;
        }
        counts.law_overdue += u64::from(p.timing.overdue(period.as_of));
    }
    // Last year's period can be a day longer (29 February): its extra day joins the last week.
    if let Some(last) = counts.weekly.len().checked_sub(1) {
        let week = (p.timing.received_on - period.from).num_days() / 7;
        let week = usize::try_from(week).unwrap_or(0).min(last);
        counts.weekly[week] += 1;
    }
}

struct PetitionSums<'b> {
    current: FigureCount,
    previous: FigureCount,
    current_counts: PeriodCounts,
    previous_counts: PeriodCounts,
    current_by_office: BTreeMap<&'b str, PetitionFigures>,
    previous_total_by_office: BTreeMap<&'b str, u64>,
}

/// Tally sums by the numbers of `Facts`: this period's, then last year's; `None` where no
/// tally was summed, which the report tells apart from a sum of 0.
struct TallySums<'b> {
    facts: &'b Facts,
    by_metric: Vec<[Option<f64>; 2]>,
    by_metric_office: Vec<Option<f64>>,
    by_campaign_metric: Vec<Option<[f64; 2]>>,
}

impl<'b> TallySums<'b> {
    /// The §5.2 figures of this period (0) or last year's (1).
    fn figures(&self, period: usize) -> BTreeMap<String, f64> {
        let mut sums: BTreeMap<String, f64> = self
            .by_metric
            .iter()
            .enumerate()
            .filter_map(|(metric, sums)| {
                Some((self.metric(metric as u32).to_string(), sums[period]?))
            })
            .collect();
        add_officers_disciplined(&mut sums);
        sums
    }

    fn by_metric_office(&self) -> BTreeMap<(&'b str, &'b str), f64> {
        let pairs = self.facts.metric_office.keys();
        pairs
            .iter()
            .zip(&self.by_metric_office)
            .filter_map(|((metric, office), sum)| {
                let office = self.facts.offices.key(*office).as_str();
                Some(((self.metric(*metric), office), (*sum)?))
            })
            .collect()
    }

    fn by_campaign_metric(&self) -> BTreeMap<(CampaignKey<'b>, &'b str), [f64; 2]> {
        let pairs = self.facts.campaign_metric.keys();
        pairs
            .iter()
            .zip(&self.by_campaign_metric)
            .filter_map(|((campaign, metric), sums)| {
                let campaign = campaign.map(|number| self.facts.campaigns.key(number).as_str());
                Some(((campaign, self.metric(*metric)), (*sums)?))
            })
            .collect()
    }

    fn metric(&self, number: u32) -> &'b str {
        self.facts.metrics.key(number).as_str()
    }
}
