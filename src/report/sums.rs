//! The one pass over the petitions and the one over the tallies that a report makes: what
//! falls in the period or in last year's, grouped the ways the tables and charts show it.

use std::collections::BTreeMap;

use crate::domain::deadline::is_overdue;
use crate::domain::figures::petition_figures;
use crate::domain::{Channel, Petition, PetitionFigures, Scope, Status, Tally};

/// Where a law-related case stood on the day a period is judged (a row of the law_related
/// table). A case concluded only after that day was still being handled then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    Registered,
    Assigned,
    InProgress,
    Concluded,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Registered,
        Stage::Assigned,
        Stage::InProgress,
        Stage::Concluded,
    ];

    fn of(p: &Petition, day: chrono::NaiveDate) -> Stage {
        Stage::at(p.concluded_by(day), p.status)
    }

    /// The stage of a case with `status`, `concluded` by the day judged or not.
    pub fn at(concluded: bool, status: Status) -> Stage {
        if concluded {
            return Stage::Concluded;
        }
        match status {
            Status::Registered => Stage::Registered,
            Status::Assigned => Stage::Assigned,
            Status::InProgress | Status::Concluded => Stage::InProgress,
        }
    }
}

/// Number of 7-day weeks from the first day of `scope` to its last, the last one partial.
pub(super) fn week_count(scope: &Scope) -> usize {
    let days = (scope.to - scope.from).num_days() + 1;
    usize::try_from((days + 6) / 7).unwrap_or(0)
}

/// Petition counts of one period that the §5.1 figures do not break down.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PeriodCounts {
    /// Indexed like `Channel::ALL`.
    pub by_channel: [u64; 6],
    /// Law-related cases (the set L of §5.1), indexed like `Stage::ALL`.
    pub law_stages: [u64; 4],
    /// Law-related cases overdue on the period's `as_of`.
    pub law_overdue: u64,
    /// Petitions received in each 7-day week from the period's first day.
    pub weekly: Vec<u64>,
}

impl PeriodCounts {
    pub fn new(weeks: usize) -> PeriodCounts {
        PeriodCounts {
            weekly: vec![0; weeks],
            ..PeriodCounts::default()
        }
    }

    fn add(&mut self, p: &Petition, period: &Scope) {
        if let Some(i) = Channel::ALL.iter().position(|c| *c == p.channel) {
            self.by_channel[i] += 1;
        }
        if p.law_related && !p.is_repeat() {
            let stage = Stage::of(p, period.as_of);
            if let Some(i) = Stage::ALL.iter().position(|s| *s == stage) {
                self.law_stages[i] += 1;
            }
            if is_overdue(p, period.as_of) {
                self.law_overdue += 1;
            }
        }
        // Last year's period can be a day longer (29 February): its extra day joins the last week.
        if let Some(last) = self.weekly.len().checked_sub(1) {
            let week = (p.received_on - period.from).num_days() / 7;
            let week = usize::try_from(week).unwrap_or(0).min(last);
            self.weekly[week] += 1;
        }
    }
}

#[derive(Debug, Clone, Default)]
pub(super) struct PetitionSums<'a> {
    /// Live petitions in either period: what the §5.1 figures are then computed over.
    pub in_either: Vec<&'a Petition>,
    /// This period's petitions by registering office.
    pub current_by_office: BTreeMap<&'a str, Vec<&'a Petition>>,
    /// Last year's number of petitions by registering office.
    pub previous_total_by_office: BTreeMap<&'a str, u64>,
    pub current: PeriodCounts,
    pub previous: PeriodCounts,
}

pub(super) fn sum_petitions<'a>(
    petitions: impl IntoIterator<Item = &'a Petition>,
    scope: &Scope,
    previous_scope: &Scope,
) -> PetitionSums<'a> {
    let weeks = week_count(scope);
    let mut sums = PetitionSums {
        current: PeriodCounts::new(weeks),
        previous: PeriodCounts::new(weeks),
        ..PetitionSums::default()
    };
    for p in petitions {
        if p.meta.deleted {
            continue;
        }
        // The periods overlap when a report spans more than a year, so test both.
        let now = scope.includes(p.received_on, &p.office_id);
        let then = previous_scope.includes(p.received_on, &p.office_id);
        if now {
            sums.current.add(p, scope);
            sums.current_by_office
                .entry(p.office_id.as_str())
                .or_default()
                .push(p);
        }
        if then {
            sums.previous.add(p, previous_scope);
            *sums
                .previous_total_by_office
                .entry(p.office_id.as_str())
                .or_default() += 1;
        }
        if now || then {
            sums.in_either.push(p);
        }
    }
    sums
}

/// Which campaign a tally counts for: its id, or `None` outside every campaign.
pub(super) type CampaignKey<'a> = Option<&'a str>;

#[derive(Debug, Clone, Default)]
pub(super) struct TallySums<'a> {
    /// Live tallies in either period: what the §5.2 figures are then computed over.
    pub in_either: Vec<&'a Tally>,
    /// This period's sums by (metric, office).
    pub by_metric_office: BTreeMap<(&'a str, &'a str), f64>,
    /// Sums by (campaign, metric): this period's, then last year's.
    pub by_campaign_metric: BTreeMap<(CampaignKey<'a>, &'a str), [f64; 2]>,
}

pub(super) fn sum_tallies<'a>(
    tallies: impl IntoIterator<Item = &'a Tally>,
    scope: &Scope,
    previous_scope: &Scope,
) -> TallySums<'a> {
    let mut sums = TallySums::default();
    for t in tallies {
        if t.meta.deleted {
            continue;
        }
        let now = scope.includes(t.on, &t.office_id);
        let then = previous_scope.includes(t.on, &t.office_id);
        if !now && !then {
            continue;
        }
        sums.in_either.push(t);
        let metric = t.metric.as_str();
        let campaign = t.campaign_id.as_deref().filter(|id| !id.is_empty());
        let by_campaign = sums
            .by_campaign_metric
            .entry((campaign, metric))
            .or_default();
        if now {
            by_campaign[0] += t.value;
            *sums
                .by_metric_office
                .entry((metric, t.office_id.as_str()))
                .or_default() += t.value;
        }
        if then {
            by_campaign[1] += t.value;
        }
    }
    sums
}

/// What the tables and the weekly chart break the §5 figures down by, however it was summed.
#[derive(Debug, Clone, Default)]
pub(super) struct Breakdown<'a> {
    /// This period's figures by registering office, for each office with a petition in it.
    pub current_by_office: BTreeMap<&'a str, PetitionFigures>,
    /// Last year's number of petitions by registering office.
    pub previous_total_by_office: BTreeMap<&'a str, u64>,
    pub current: PeriodCounts,
    pub previous: PeriodCounts,
    /// This period's tally sums by (metric, office).
    pub by_metric_office: BTreeMap<(&'a str, &'a str), f64>,
    /// Tally sums by (campaign, metric): this period's, then last year's.
    pub by_campaign_metric: BTreeMap<(CampaignKey<'a>, &'a str), [f64; 2]>,
}

impl<'a> Breakdown<'a> {
    pub fn of(petitions: PetitionSums<'a>, tallies: TallySums<'a>, scope: &Scope) -> Breakdown<'a> {
        let current_by_office = petitions
            .current_by_office
            .into_iter()
            .map(|(office, ps)| (office, petition_figures(ps, scope)))
            .collect();
        Breakdown {
            current_by_office,
            previous_total_by_office: petitions.previous_total_by_office,
            current: petitions.current,
            previous: petitions.previous,
            by_metric_office: tallies.by_metric_office,
            by_campaign_metric: tallies.by_campaign_metric,
        }
    }
}
