//! The report of one scope (PRODUCT §6): the §5 figures beside last year's, the tables, the
//! chart series and the sums a template can ask for (a campaign's, a month's), all from the
//! domain's one count over a ledger's facts (`domain::figures`).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::breakdown::{self, Counted};
use super::names::{MetricLabels, Names};
use super::table::Table;
use crate::domain::figures::{LedgerFacts, Month, TallyPeriod};
use crate::domain::{previous_scope, Figures, Ledger, Scope};

/// Petitions received in one 7-day week of the period, and in the same week last year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekPoint {
    /// 1-based week of the period.
    pub week: u32,
    pub starts_on: NaiveDate,
    pub current: u64,
    pub previous: u64,
}

/// One metric's sum in the period and last year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TallyBar {
    pub metric: String,
    /// The metric's Chinese label.
    pub label: String,
    /// The metric's Chinese unit.
    pub unit: String,
    pub current: f64,
    pub previous: f64,
}

/// Tally sums by metric key.
pub type Sums = BTreeMap<String, f64>;

/// A campaign's first day and its tally sums in the period (campaigns of one name together).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignSums {
    pub starts_on: NaiveDate,
    pub sums: Sums,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub scope: Scope,
    pub previous_scope: Scope,
    pub current: Figures,
    pub previous: Figures,
    pub tables: Vec<Table>,
    pub weekly: Vec<WeekPoint>,
    /// Every metric with a tally in either period, in catalogue order.
    pub tally_bars: Vec<TallyBar>,
    /// Every campaign of the ledger by name, with this period's tally sums (campaigns of
    /// one name add up); tallies outside every campaign are not here.
    pub campaigns: BTreeMap<String, CampaignSums>,
    /// The tally sums of each month within this period or last year's, by `YYYY-MM`.
    pub months: BTreeMap<String, Sums>,
    /// For each metric, its highest sum in one month of this period (单月最高).
    pub best_month: Sums,
}

/// A ledger's facts and names, gathered once, from which the report of any scope is made
/// in milliseconds; the reports page keeps one per ledger.
pub struct ReportBase {
    names: Names,
    facts: Arc<LedgerFacts>,
    /// The live campaigns' first days, by name (the earliest where names repeat).
    campaign_starts: BTreeMap<String, NaiveDate>,
}

impl ReportBase {
    /// One pass over the ledger's records.
    pub fn of(ledger: &Ledger) -> ReportBase {
        ReportBase::with_facts(ledger, Arc::new(LedgerFacts::of(ledger)))
    }

    /// From `facts` gathered already (kept beside the ledger), with the names of the
    /// ledger's offices, campaigns and metrics, which are read before its records.
    pub fn with_facts(ledger: &Ledger, facts: Arc<LedgerFacts>) -> ReportBase {
        let mut campaign_starts: BTreeMap<String, NaiveDate> = BTreeMap::new();
        for campaign in ledger.campaigns.values().filter(|c| !c.meta.deleted) {
            let starts_on = campaign_starts
                .entry(campaign.name.clone())
                .or_insert(campaign.starts_on);
            *starts_on = (*starts_on).min(campaign.starts_on);
        }
        ReportBase {
            names: Names::of(ledger),
            facts,
            campaign_starts,
        }
    }

    /// The facts it counts from.
    pub fn facts(&self) -> Arc<LedgerFacts> {
        Arc::clone(&self.facts)
    }

    /// The first day from `from` to `to` on which a live petition was received or a tally
    /// counted.
    pub fn first_day_in(&self, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
        let petition = self.facts.receipts_in(from, to).first().map(|r| r.day);
        let petition = petition.and_then(NaiveDate::from_num_days_from_ce_opt);
        let tally = self.facts.tallies_of(from, to).first().map(|t| t.on);
        petition.into_iter().chain(tally).min()
    }

    /// The report of `scope` and of the same period a year earlier.
    pub fn report(&self, scope: &Scope) -> Report {
        let previous_scope = previous_scope(scope);
        let facts = &self.facts;
        let petitions = [
            facts.count_petitions(scope),
            facts.count_petitions(&previous_scope),
        ];
        let tallies = [
            facts.count_tallies(scope),
            facts.count_tallies(&previous_scope),
        ];
        let [current, previous] = [0, 1].map(|period| Figures {
            petitions: petitions[period].total().figures(),
            tallies: facts.tally_figures(&tallies[period]),
        });
        let counted = Counted {
            facts,
            names: &self.names,
            current: &current,
            previous: &previous,
            petitions: &petitions,
            tallies: &tallies,
        };
        Report {
            tables: breakdown::tables(&counted),
            weekly: weekly(scope, &petitions[0].weekly, &petitions[1].weekly),
            tally_bars: tally_bars(&self.names.metrics, &current, &previous),
            campaigns: self.campaign_sums(&tallies[0]),
            months: self.month_sums(&tallies),
            best_month: self.best_month(&tallies[0]),
            scope: scope.clone(),
            previous_scope,
            current,
            previous,
        }
    }

    fn campaign_sums(&self, period: &TallyPeriod) -> BTreeMap<String, CampaignSums> {
        let mut by_name: BTreeMap<&str, Vec<(u32, f64)>> = self
            .campaign_starts
            .keys()
            .map(|name| (name.as_str(), Vec::new()))
            .collect();
        for ((campaign, metric), sum) in &period.by_campaign_metric {
            let Some(campaign) = campaign else { continue };
            let id = self.facts.campaigns.key(*campaign);
            let name = self.names.campaign(id).map(|(_, name)| name);
            if let Some(sums) = name.and_then(|name| by_name.get_mut(name)) {
                sums.push((*metric, *sum));
            }
        }
        by_name
            .into_iter()
            .filter_map(|(name, sums)| {
                let starts_on = *self.campaign_starts.get(name)?;
                let sums = self.add_up(sums);
                Some((name.to_string(), CampaignSums { starts_on, sums }))
            })
            .collect()
    }

    fn month_sums(&self, periods: &[TallyPeriod; 2]) -> BTreeMap<String, Sums> {
        let mut by_month: BTreeMap<Month, Vec<(u32, f64)>> = BTreeMap::new();
        for period in periods {
            for ((month, metric), sum) in &period.by_month_metric {
                by_month.entry(*month).or_default().push((*metric, *sum));
            }
        }
        by_month
            .into_iter()
            .map(|((year, month), sums)| (format!("{year:04}-{month:02}"), self.add_up(sums)))
            .collect()
    }

    fn best_month(&self, period: &TallyPeriod) -> Sums {
        let mut by_month: BTreeMap<Month, Vec<(u32, f64)>> = BTreeMap::new();
        for ((month, metric), sum) in &period.by_month_metric {
            by_month.entry(*month).or_default().push((*metric, *sum));
        }
        let mut best = Sums::new();
        for sums in by_month.into_values().map(|sums| self.add_up(sums)) {
            for (key, sum) in sums {
                let slot = best.entry(key).or_insert(sum);
                *slot = slot.max(sum);
            }
        }
        best
    }

    /// Sums by metric number, several of one metric added, by key with the derived sums.
    fn add_up(&self, sums: Vec<(u32, f64)>) -> Sums {
        let mut by_metric: BTreeMap<u32, f64> = BTreeMap::new();
        for (metric, sum) in sums {
            *by_metric.entry(metric).or_default() += sum;
        }
        self.facts.by_metric_key(by_metric)
    }
}

/// The report of `scope` straight from a ledger: gathers its facts, then counts once.
pub fn build_report(ledger: &Ledger, scope: &Scope) -> Report {
    ReportBase::of(ledger).report(scope)
}

/// The name of the report's files without extension: `台账汇报_2022-08-01_2022-08-31`.
pub fn file_stem(scope: &Scope) -> String {
    format!("台账汇报_{}_{}", scope.from, scope.to)
}

/// Last year's period can be a day longer (29 February): a week it has beyond this
/// period's joins the last one.
fn weekly(scope: &Scope, current: &[u64], previous: &[u64]) -> Vec<WeekPoint> {
    let last = current.len().saturating_sub(1);
    let previous_in = |i: usize| -> u64 {
        let weeks = if i == last {
            previous.get(i..)
        } else {
            previous.get(i..=i)
        };
        weeks.map_or(0, |weeks| weeks.iter().sum())
    };
    (0..current.len())
        .map(|i| WeekPoint {
            week: u32::try_from(i + 1).unwrap_or(u32::MAX),
            starts_on: scope
                .from
                .checked_add_days(Days::new(7 * i as u64))
                .unwrap_or(scope.to),
            current: current[i],
            previous: previous_in(i),
        })
        .collect()
}

fn tally_bars(metrics: &MetricLabels, current: &Figures, previous: &Figures) -> Vec<TallyBar> {
    let keys = current.tallies.keys().chain(previous.tallies.keys());
    metrics
        .in_order(keys.map(String::as_str))
        .into_iter()
        .map(|key| TallyBar {
            metric: key.to_string(),
            label: metrics.label(key).to_string(),
            unit: metrics.unit(key).to_string(),
            current: current.tallies.get(key).copied().unwrap_or(0.0),
            previous: previous.tallies.get(key).copied().unwrap_or(0.0),
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::deadline::default_due;
    use crate::domain::metrics::tests::own_metric;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::record::tests::stamp;
    use crate::domain::record::{Extra, Meta};
    use crate::domain::tallies::tests::tally;
    use crate::domain::{Campaign, Channel, Office, OfficeKind, Outcome, Petition, Status};

    /// August 2022, all offices, judged on 31 August.
    pub(crate) fn august() -> Scope {
        Scope::new(day("2022-08-01"), day("2022-08-31"), None)
    }

    fn office(id: &str, name: &str, kind: OfficeKind) -> Office {
        Office {
            meta: Meta::new(id, &stamp("dev", 0)),
            name: name.into(),
            kind,
            code: id.to_uppercase(),
            extra: Extra::new(),
        }
    }

    /// A live petition of office `office`, received on `on` and due 60 days later.
    fn petition(id: &str, office: &str, channel: Channel, on: &str) -> Petition {
        let mut p = sample(id);
        p.office_id = office.into();
        p.channel = channel;
        p.received_on = day(on);
        p.due_on = default_due(p.received_on, &crate::domain::Calendar::shipped());
        p.law_related = false;
        p
    }

    fn concluded(mut p: Petition, on: &str) -> Petition {
        p.assigned_to = Some("fy".into());
        p.status = Status::Concluded;
        p.concluded_on = Some(day(on));
        p.outcome = Some(Outcome::Explained);
        p
    }

    /// The petitions of August 2022 and August 2021 (see `a_small_city`).
    fn petitions() -> Vec<Petition> {
        let mut out = Vec::new();
        // Twelve visits registered by the public security bureau, 1–12 August, 58 people in
        // all, the last one received by a leader; all law-related, the last three repeats.
        // Of the nine cases six are concluded (assigned to the court), one is assigned, one in
        // progress and one registered and overdue.
        for i in 0..12u32 {
            let channel = if i == 11 {
                Channel::LeaderReception
            } else {
                Channel::Visit
            };
            let on = format!("2022-08-{:02}", i + 1);
            let mut p = petition(&format!("v{i}"), "ga", channel, &on);
            p.headcount = if i < 10 { 5 } else { 4 };
            p.law_related = true;
            match i {
                0..=5 => p = concluded(p, "2022-08-20"),
                6 => {
                    p.assigned_to = Some("fy".into());
                    p.status = Status::Assigned;
                }
                7 => {
                    p.assigned_to = Some("fy".into());
                    p.status = Status::InProgress;
                }
                8 => p.due_on = day("2022-08-15"),
                _ => p.repeat_of = Some(format!("v{}", i - 9)),
            }
            out.push(p);
        }
        for i in 0..7u32 {
            let on = format!("2022-08-{:02}", 15 + i);
            out.push(petition(&format!("l{i}"), "fy", Channel::Letter, &on));
        }
        out.push(petition("c0", "zz", Channel::Phone, "2022-08-31"));
        // Not counted: deleted, and received in September.
        let mut gone = petition("x0", "ga", Channel::Visit, "2022-08-02");
        gone.meta.deleted = true;
        out.push(gone);
        out.push(petition("x1", "ga", Channel::Visit, "2022-09-01"));
        // Last year: two law-related visits concluded in time, and a letter.
        for (id, on) in [("pv0", "2021-08-02"), ("pv1", "2021-08-09")] {
            let mut p = petition(id, "ga", Channel::Visit, on);
            p.law_related = true;
            out.push(concluded(p, "2021-08-10"));
        }
        out.push(petition("pl0", "fy", Channel::Letter, "2021-08-30"));
        out
    }

    /// (metric, office, day, value, campaign) of every tally of `a_small_city`.
    #[rustfmt::skip]
    const TALLIES: &[(&str, &str, &str, f64, Option<&str>)] = &[
        ("gangs_busted", "ga", "2022-08-03", 3.0, Some("c1")),
        ("evil_groups_busted", "ga", "2022-08-03", 5.0, None),
        ("suspects_caught", "ga", "2022-08-04", 100.0, Some("c1")),
        ("suspects_caught", "fy", "2022-08-04", 20.0, None),
        ("arrests_approved", "fy", "2022-08-05", 86.0, None),
        ("criminal_cases_solved", "ga", "2022-08-06", 45.0, None),
        ("public_security_cases", "ga", "2022-08-06", 230.0, None),
        ("criminal_detentions", "ga", "2022-08-06", 67.0, None),
        ("arrests", "ga", "2022-08-06", 52.0, None),
        ("police_deployed", "ga", "2022-08-07", 800.0, None),
        ("cleanup_operations", "ga", "2022-08-07", 6.0, None),
        ("venues_inspected", "ga", "2022-08-07", 310.0, None),
        ("gambling_dens_destroyed", "ga", "2022-08-07", 4.0, None),
        ("administrative_detentions", "ga", "2022-08-07", 28.0, None),
        ("gambling_machines_seized", "ga", "2022-08-07", 35.0, None),
        ("officers_arrested", "ga", "2022-08-08", 2.0, None),
        ("officers_dismissed", "ga", "2022-08-08", 3.0, None),
        ("officers_removed", "fy", "2022-08-08", 1.0, None),
        ("officers_sanctioned", "fy", "2022-08-08", 6.0, None),
        ("households_visited", "ga", "2022-08-09", 23456.0, None),
        ("residents_visited", "ga", "2022-08-09", 56789.0, None),
        ("disputes_resolved", "ga", "2022-08-09", 1234.0, None),
        ("population_records_checked", "ga", "2022-08-09", 5678.0, None),
        ("household_registrations", "ga", "2022-08-09", 2345.0, None),
        ("id_cards_delivered", "ga", "2022-08-09", 1500.0, None),
        ("legal_lectures", "fy", "2022-08-09", 120.0, None),
        ("police_rooms_improved", "ga", "2022-08-10", 18.0, None),
        ("funding_added", "ga", "2022-08-10", 1.0, None),
        ("funding_added", "ga", "2022-08-20", 0.5, None),
        ("thank_you_letters", "ga", "2022-08-30", 40.0, None),
        ("banners_received", "fy", "2022-08-30", 9.0, None),
        // Last year.
        ("suspects_caught", "ga", "2021-08-04", 80.0, None),
        ("funding_added", "ga", "2021-08-10", 1.25, None),
        ("dogs_walked", "ga", "2021-08-10", 3.0, None),
    ];

    /// A city ledger: the public security bureau `ga`, the court `fy`, petitions of an
    /// office `zz` the ledger does not know, the campaign `c1` 铁血风暴 and an own metric.
    pub(crate) fn a_small_city() -> Ledger {
        let mut ledger = Ledger::default();
        ledger.put(office("ga", "公安局", OfficeKind::PublicSecurity));
        ledger.put(office("fy", "法院", OfficeKind::Court));
        ledger.put(own_metric("dogs_walked", "遛狗", "Dogs walked"));
        ledger.put(Campaign {
            meta: Meta::new("c1", &stamp("dev", 0)),
            name: "铁血风暴".into(),
            starts_on: day("2022-08-01"),
            ends_on: None,
            description: String::new(),
            metrics: vec!["gangs_busted".into(), "suspects_caught".into()],
            extra: Extra::new(),
        });
        for p in petitions() {
            ledger.put(p);
        }
        for (i, (metric, office, on, value, campaign)) in TALLIES.iter().enumerate() {
            let mut t = tally(&format!("t{i}"), office, metric, on, *value);
            t.campaign_id = campaign.map(crate::domain::Name::from);
            ledger.put(t);
        }
        let mut gone = tally("gone", "ga", "arrests", "2022-08-06", 1000.0);
        gone.meta.deleted = true;
        ledger.put(gone);
        ledger
    }

    #[test]
    fn the_figures_of_the_period_and_a_year_before() {
        let report = build_report(&a_small_city(), &august());
        let now = &report.current.petitions;
        let count = |key| now.count(key);
        assert_eq!((count("total"), count("visits")), (20, 12));
        assert_eq!(
            (count("letters"), count("repeat"), count("law_related")),
            (7, 3, 9)
        );
        assert_eq!(
            (count("concluded"), count("overdue"), count("pending")),
            (6, 2, 3)
        );
        assert_eq!(now.get("closure_rate"), Some(Some(6.0 / 9.0)));
        assert_eq!(report.previous.petitions.count("total"), 3);
        assert_eq!(report.previous_scope.from, day("2021-08-01"));
        assert_eq!(report.current.tallies["officers_disciplined"], 12.0);
        assert_eq!(report.previous.tallies["suspects_caught"], 80.0);
    }

    #[test]
    fn petitions_per_week_start_on_the_first_day_and_compare_the_same_week_last_year() {
        let report = build_report(&a_small_city(), &august());
        let weeks: Vec<(u32, NaiveDate, u64, u64)> = report
            .weekly
            .iter()
            .map(|w| (w.week, w.starts_on, w.current, w.previous))
            .collect();
        assert_eq!(
            weeks,
            [
                (1, day("2022-08-01"), 7, 1),
                (2, day("2022-08-08"), 5, 1),
                (3, day("2022-08-15"), 7, 0),
                (4, day("2022-08-22"), 0, 0),
                (5, day("2022-08-29"), 1, 1),
            ]
        );
    }

    #[test]
    fn a_report_from_29_february_counts_last_years_extra_day_in_its_last_week() {
        let mut ledger = Ledger::default();
        ledger.put(petition("a", "ga", Channel::Visit, "2024-03-05"));
        // 53 weeks exactly; last year's period runs from 28 February and is a day longer.
        let scope = Scope::new(day("2024-02-29"), day("2025-03-05"), None);
        let report = build_report(&ledger, &scope);
        assert_eq!(report.previous_scope.to, day("2024-03-05"));
        assert_eq!(report.weekly.len(), 53);
        assert_eq!(report.weekly.last().map(|w| w.previous), Some(1));
        assert_eq!(report.weekly[0].current, 1);
    }

    #[test]
    fn tally_bars_list_every_metric_counted_in_either_year_in_catalogue_order() {
        let report = build_report(&a_small_city(), &august());
        let keys: Vec<&str> = report
            .tally_bars
            .iter()
            .map(|b| b.metric.as_str())
            .collect();
        assert_eq!(keys.first(), Some(&"gangs_busted"));
        assert_eq!(keys.last(), Some(&"dogs_walked"));
        assert!(!keys.contains(&"officers_disciplined"));
        // All built-ins but preventable_cases and patrol_teams_formed, and the own metric.
        assert_eq!(keys.len(), 30);
        let suspects = &report.tally_bars[2];
        assert_eq!(
            (suspects.label.as_str(), suspects.unit.as_str()),
            ("抓获犯罪嫌疑人", "人")
        );
        assert_eq!((suspects.current, suspects.previous), (120.0, 80.0));
        let dogs = report.tally_bars.last().unwrap();
        assert_eq!(
            (dogs.label.as_str(), dogs.current, dogs.previous),
            ("遛狗", 0.0, 3.0)
        );
    }

    #[test]
    fn a_campaigns_sums_are_found_by_its_name_and_months_by_year_and_month() {
        let mut ledger = a_small_city();
        ledger.put(tally(
            "sep",
            "ga",
            "criminal_cases_solved",
            "2022-09-02",
            7.0,
        ));
        let scope = Scope::new(day("2022-08-01"), day("2022-09-30"), None);
        let report = build_report(&ledger, &scope);
        let storm = &report.campaigns["铁血风暴"].sums;
        assert_eq!(report.campaigns["铁血风暴"].starts_on, day("2022-08-01"));
        assert_eq!(storm.get("gangs_busted"), Some(&3.0));
        assert_eq!(storm.get("suspects_caught"), Some(&100.0));
        assert_eq!(storm.get("arrests"), None);
        assert_eq!(report.months["2022-08"]["criminal_cases_solved"], 45.0);
        assert_eq!(report.months["2022-09"]["criminal_cases_solved"], 7.0);
        assert_eq!(report.months["2021-08"]["suspects_caught"], 80.0);
        assert_eq!(report.best_month["criminal_cases_solved"], 45.0);
        assert_eq!(report.best_month["officers_disciplined"], 12.0);
    }

    #[test]
    fn a_report_survives_being_written_and_read_back() {
        let report = build_report(&a_small_city(), &august());
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(back.tables, report.tables);
    }

    #[test]
    fn files_are_named_after_the_period() {
        assert_eq!(file_stem(&august()), "台账汇报_2022-08-01_2022-08-31");
    }
}
