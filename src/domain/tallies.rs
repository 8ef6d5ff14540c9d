//! Tallies as the campaign pages use them: the one tally of a day, running totals per
//! metric, office and week, the entry grid, and entering a count.
//!
//! A total is always a sum of tallies (PRODUCT §3), computed here and never stored.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Days, NaiveDate};

use super::merge::precedence;

use super::name::Name;
use super::record::{new_id, Extra, Meta, Stamp};
use super::tally::Tally;

/// What makes a tally the one of its day: office, metric, day, campaign.
type DayKey<'a> = (&'a str, &'a str, NaiveDate, Option<&'a str>);

fn day_key(t: &Tally) -> DayKey<'_> {
    (
        t.office_id.as_str(),
        t.metric.as_str(),
        t.on,
        t.campaign_id.as_deref(),
    )
}

/// Whether `a` wins over `b`, another tally of the same day: by the merge rule (version,
/// last change, device), then by id, so that the choice never depends on the order read.
fn wins(a: &Tally, b: &Tally) -> bool {
    precedence(a, b)
        .then_with(|| a.meta.id.cmp(&b.meta.id))
        .is_gt()
}

/// Keeps, of each run of `items` holding tallies of one day (`same_day`), only the item whose
/// tally wins: the rule of `counted`, for callers that number the days themselves. `items`
/// must be sorted so that the tallies of one day are next to each other.
pub(crate) fn keep_winners<T>(
    items: &mut Vec<T>,
    same_day: impl Fn(&T, &T) -> bool,
    tally: impl Fn(&T) -> &Tally,
) {
    items.dedup_by(|later, kept| {
        if !same_day(later, kept) {
            return false;
        }
        if wins(tally(later), tally(kept)) {
            std::mem::swap(later, kept);
        }
        true
    });
}

/// The tallies the figures count (PRODUCT §3): the live ones, and of two live tallies of
/// one office, metric, day and campaign only the one that wins (the other is a conflict,
/// listed by `duplicate_tallies` until someone resolves it). In the order given.
pub fn counted<'a>(
    tallies: impl IntoIterator<Item = &'a Tally, IntoIter: Clone>,
) -> impl Iterator<Item = &'a Tally> {
    let tallies = tallies.into_iter();
    let mut winners: HashMap<DayKey<'a>, &'a Tally> = HashMap::with_capacity(tallies.size_hint().0);
    let mut any_duplicate = false;
    for t in tallies.clone().filter(|t| !t.meta.deleted) {
        match winners.entry(day_key(t)) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(t);
            }
            std::collections::hash_map::Entry::Occupied(mut slot) => {
                any_duplicate = true;
                if wins(t, slot.get()) {
                    slot.insert(t);
                }
            }
        }
    }
    tallies.into_iter().filter(move |t| {
        !t.meta.deleted
            && (!any_duplicate
                || winners
                    .get(&day_key(t))
                    .is_some_and(|w| std::ptr::eq(*w, *t)))
    })
}

/// Each set of two or more live tallies of one office, metric, day and campaign, the one
/// counted first: conflicts to show until someone keeps one.
pub fn duplicate_tallies<'a>(tallies: impl IntoIterator<Item = &'a Tally>) -> Vec<Vec<&'a Tally>> {
    let mut by_day: HashMap<DayKey<'a>, Vec<&'a Tally>> = HashMap::new();
    for t in tallies.into_iter().filter(|t| !t.meta.deleted) {
        by_day.entry(day_key(t)).or_default().push(t);
    }
    let mut sets: Vec<Vec<&Tally>> = by_day
        .into_values()
        .filter(|set| set.len() > 1)
        .map(|mut set| {
            set.sort_by(|a, b| {
                if wins(a, b) {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                }
            });
            set
        })
        .collect();
    sets.sort_by(|a, b| day_key(a[0]).cmp(&day_key(b[0])));
    sets
}

/// The live tally of one office for one metric on one day, within one campaign or none
/// (`None` matches only tallies outside every campaign).
pub fn find_tally<'a>(
    tallies: impl IntoIterator<Item = &'a Tally>,
    office_id: &str,
    metric: &str,
    on: NaiveDate,
    campaign_id: Option<&str>,
) -> Option<&'a Tally> {
    tallies
        .into_iter()
        .filter(|t| {
            !t.meta.deleted
                && t.on == on
                && t.metric == metric
                && t.office_id == office_id
                && t.campaign_id.as_deref() == campaign_id
        })
        .reduce(|best, t| if wins(t, best) { t } else { best })
}

/// The Monday of the ISO week `day` falls in.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Which tallies belong to a campaign view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CampaignScope {
    /// Tallies of any campaign and of none.
    #[default]
    Any,
    /// Only tallies outside every campaign.
    Without,
    /// Only tallies of this campaign id.
    Only(String),
}

/// Which live tallies a set of totals covers; `None` means no limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TallyScope {
    pub campaign: CampaignScope,
    pub offices: Option<BTreeSet<String>>,
    /// First day, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<NaiveDate>,
    pub metrics: Option<BTreeSet<String>>,
}

impl TallyScope {
    pub fn includes(&self, t: &Tally) -> bool {
        let campaign = match &self.campaign {
            CampaignScope::Any => true,
            CampaignScope::Without => t.campaign_id.is_none(),
            CampaignScope::Only(id) => t.campaign_id.as_deref() == Some(id.as_str()),
        };
        !t.meta.deleted
            && campaign
            && self.from.is_none_or(|from| t.on >= from)
            && self.to.is_none_or(|to| t.on <= to)
            && self
                .offices
                .as_ref()
                .is_none_or(|o| o.contains(t.office_id.as_str()))
            && self
                .metrics
                .as_ref()
                .is_none_or(|m| m.contains(t.metric.as_str()))
    }
}

/// Running totals of the tallies in a scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TallyTotals {
    pub by_metric: BTreeMap<String, f64>,
    /// Keyed by (metric, office id).
    pub by_metric_office: BTreeMap<(String, String), f64>,
    /// Keyed by (metric, Monday of the week).
    pub by_metric_week: BTreeMap<(String, NaiveDate), f64>,
    /// All metrics of an office together: only meaningful when the scope holds one metric
    /// or metrics of one unit.
    pub by_office: BTreeMap<String, f64>,
    /// The Mondays of the weeks with at least one tally.
    pub weeks: BTreeSet<NaiveDate>,
    /// Number of tallies summed.
    pub count: usize,
}

/// Sums the tallies in `scope` in one pass.
pub fn totals<'a>(
    tallies: impl IntoIterator<Item = &'a Tally, IntoIter: Clone>,
    scope: &TallyScope,
) -> TallyTotals {
    // Keyed by borrowed text while summing, so that no tally costs an allocation.
    let mut by_metric: BTreeMap<&str, f64> = BTreeMap::new();
    let mut by_metric_office: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    let mut by_metric_week: BTreeMap<(&str, NaiveDate), f64> = BTreeMap::new();
    let mut by_office: BTreeMap<&str, f64> = BTreeMap::new();
    let mut count = 0;
    // A duplicate tally has its winner's day, so the scope takes both or neither.
    for t in counted(tallies.into_iter().filter(|t| scope.includes(t))) {
        let (metric, office) = (t.metric.as_str(), t.office_id.as_str());
        *by_metric.entry(metric).or_default() += t.value;
        *by_metric_office.entry((metric, office)).or_default() += t.value;
        *by_metric_week
            .entry((metric, week_start(t.on)))
            .or_default() += t.value;
        *by_office.entry(office).or_default() += t.value;
        count += 1;
    }
    let owned = |key: &str| key.to_string();
    TallyTotals {
        weeks: by_metric_week.keys().map(|(_, week)| *week).collect(),
        by_metric: by_metric.into_iter().map(|(k, v)| (owned(k), v)).collect(),
        by_metric_office: by_metric_office
            .into_iter()
            .map(|((m, o), v)| ((owned(m), owned(o)), v))
            .collect(),
        by_metric_week: by_metric_week
            .into_iter()
            .map(|((m, w), v)| ((owned(m), w), v))
            .collect(),
        by_office: by_office.into_iter().map(|(k, v)| (owned(k), v)).collect(),
        count,
    }
}

/// What a grid row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridRows {
    /// One row per day: where a clerk types counts.
    Days,
    /// One row per week (keyed by its Monday), each cell the sum of its days: read only.
    Weeks,
}

/// One cell of the grid: the sum of its tallies, and which tallies they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GridCell {
    pub value: f64,
    pub tally_ids: Vec<String>,
}

/// One office's tallies for one campaign (or none): rows are days or weeks, oldest first,
/// columns are metrics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub rows: Vec<NaiveDate>,
    pub metrics: Vec<String>,
    /// Only cells with at least one tally.
    pub cells: BTreeMap<(NaiveDate, String), GridCell>,
    /// Every row, zero when empty.
    pub row_totals: BTreeMap<NaiveDate, f64>,
    /// Every metric, zero when empty.
    pub column_totals: BTreeMap<String, f64>,
    pub total: f64,
}

/// The grid of `office_id` within `campaign_id` (`None`: tallies outside every campaign)
/// for the days `from..=to`. In `Weeks` mode a row is every week that touches the period,
/// but only days inside the period are summed, so the grid's total is the period's.
pub fn grid<'a>(
    tallies: impl IntoIterator<Item = &'a Tally, IntoIter: Clone>,
    office_id: &str,
    campaign_id: Option<&str>,
    metrics: &[String],
    from: NaiveDate,
    to: NaiveDate,
    rows: GridRows,
) -> Grid {
    let row_of = |day: NaiveDate| match rows {
        GridRows::Days => day,
        GridRows::Weeks => week_start(day),
    };
    let step = match rows {
        GridRows::Days => Days::new(1),
        GridRows::Weeks => Days::new(7),
    };
    let mut grid = Grid {
        metrics: metrics.to_vec(),
        column_totals: metrics.iter().map(|m| (m.clone(), 0.0)).collect(),
        ..Grid::default()
    };
    if from <= to {
        let mut row = row_of(from);
        while row <= to {
            grid.rows.push(row);
            grid.row_totals.insert(row, 0.0);
            match row.checked_add_days(step) {
                Some(next) => row = next,
                None => break,
            }
        }
    }
    let in_view = tallies.into_iter().filter(|t| {
        t.on >= from
            && t.on <= to
            && t.office_id == office_id
            && t.campaign_id.as_deref() == campaign_id
    });
    for t in counted(in_view) {
        let Some(column) = grid.column_totals.get_mut(t.metric.as_str()) else {
            continue;
        };
        *column += t.value;
        let row = row_of(t.on);
        *grid.row_totals.entry(row).or_default() += t.value;
        grid.total += t.value;
        let cell = grid.cells.entry((row, t.metric.to_string())).or_default();
        cell.value += t.value;
        cell.tally_ids.push(t.meta.id.to_string());
    }
    grid
}

/// The tally that records `value` for this office, metric, day and campaign: the existing
/// one changed (one tally per day, so entering a count again replaces it), or a new one.
/// A note of `None` keeps the existing note.
#[allow(clippy::too_many_arguments)]
pub fn set_count(
    existing: Option<&Tally>,
    office_id: &str,
    metric: &str,
    on: NaiveDate,
    campaign_id: Option<&str>,
    value: f64,
    note: Option<String>,
    stamp: &Stamp,
) -> Tally {
    match existing {
        Some(existing) => {
            let mut tally = existing.clone();
            tally.value = value;
            if let Some(note) = note {
                tally.note = note;
            }
            tally.meta.touch(stamp);
            tally
        }
        None => Tally {
            meta: Meta::new(new_id(), stamp),
            office_id: office_id.into(),
            metric: metric.into(),
            on,
            value,
            campaign_id: campaign_id.map(Name::from),
            note: note.unwrap_or_default(),
            extra: Extra::new(),
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    pub(crate) use crate::domain::petition::tests::day;
    use crate::domain::record::tests::stamp;

    #[test]
    fn two_tallies_of_one_day_are_counted_once_and_listed_as_a_conflict() {
        // Two people entered the same count, and a third tally is another day's.
        let first = tally("t1", "GA", "arrests", "2022-08-01", 3.0);
        let mut second = tally("t2", "GA", "arrests", "2022-08-01", 4.0);
        second.meta.touch(&stamp("dev-b", 10));
        let other_day = tally("t3", "GA", "arrests", "2022-08-02", 5.0);
        let all = [first.clone(), second.clone(), other_day.clone()];
        let sums = totals(&all, &TallyScope::default());
        assert_eq!(
            sums.by_metric["arrests"], 9.0,
            "the later edit wins, counted once"
        );
        assert_eq!(sums.count, 2);
        let grid = grid(
            &all,
            "GA",
            None,
            &["arrests".to_string()],
            day("2022-08-01"),
            day("2022-08-02"),
            GridRows::Days,
        );
        assert_eq!(grid.total, 9.0);
        assert_eq!(
            find_tally(&all, "GA", "arrests", day("2022-08-01"), None).map(|t| t.value),
            Some(4.0)
        );
        let mut ledger = crate::domain::Ledger::default();
        for t in &all {
            ledger.put(t.clone());
        }
        let facts = crate::domain::figures::LedgerFacts::of(&ledger);
        let reported: f64 = facts
            .tallies_of(day("2022-08-01"), day("2022-08-02"))
            .iter()
            .map(|t| t.value)
            .sum();
        assert_eq!(reported, 9.0, "the report's figures count the winner too");
        let sets = duplicate_tallies(&all);
        assert_eq!(sets.len(), 1);
        let ids: Vec<_> = sets[0].iter().map(|t| t.meta.id.as_str()).collect();
        assert_eq!(ids, ["t2", "t1"], "the counted one first");
        // Whichever order they are read in.
        let reversed = [other_day, second, first];
        assert_eq!(
            totals(&reversed, &TallyScope::default()).by_metric["arrests"],
            9.0
        );
        // A deleted duplicate is no conflict.
        let mut resolved = all.clone();
        resolved[0].meta.tombstone(&stamp("dev", 20));
        assert!(duplicate_tallies(&resolved).is_empty());
    }

    /// A live tally with id `id`, outside every campaign.
    pub(crate) fn tally(id: &str, office: &str, metric: &str, on: &str, value: f64) -> Tally {
        Tally {
            meta: Meta::new(id, &stamp("dev", 0)),
            office_id: office.into(),
            metric: metric.into(),
            on: day(on),
            value,
            campaign_id: None,
            note: String::new(),
            extra: Extra::new(),
        }
    }

    fn in_campaign(mut t: Tally, campaign: &str) -> Tally {
        t.campaign_id = Some(campaign.into());
        t
    }

    fn deleted(mut t: Tally) -> Tally {
        t.meta.deleted = true;
        t
    }

    /// A spring campaign `c1` in two offices over three weeks, some tallies outside it,
    /// and a deleted one that must never count.
    fn spring() -> Vec<Tally> {
        vec![
            in_campaign(tally("t1", "ga", "arrests", "2022-03-07", 2.0), "c1"), // Mon
            in_campaign(tally("t2", "ga", "arrests", "2022-03-13", 3.0), "c1"), // Sun
            in_campaign(tally("t3", "ga", "arrests", "2022-03-14", 4.0), "c1"), // Mon
            in_campaign(tally("t4", "fy", "arrests", "2022-03-09", 10.0), "c1"),
            in_campaign(tally("t5", "ga", "funding_added", "2022-03-21", 1.5), "c1"),
            in_campaign(tally("t6", "ga", "arrests", "2022-03-08", 7.0), "c2"),
            tally("t7", "ga", "arrests", "2022-03-08", 100.0),
            deleted(in_campaign(
                tally("t8", "ga", "arrests", "2022-03-08", 1000.0),
                "c1",
            )),
        ]
    }

    fn only(campaign: &str) -> TallyScope {
        TallyScope {
            campaign: CampaignScope::Only(campaign.into()),
            ..TallyScope::default()
        }
    }

    #[test]
    fn the_week_of_a_day_starts_on_its_monday() {
        assert_eq!(week_start(day("2022-03-07")), day("2022-03-07"));
        assert_eq!(week_start(day("2022-03-13")), day("2022-03-07"));
        assert_eq!(week_start(day("2022-01-01")), day("2021-12-27"));
    }

    #[test]
    fn campaign_totals_sum_per_metric_office_and_week_and_skip_deleted_tallies() {
        let totals = totals(&spring(), &only("c1"));
        assert_eq!(
            totals.by_metric,
            BTreeMap::from([("arrests".into(), 19.0), ("funding_added".into(), 1.5)])
        );
        assert_eq!(
            totals.by_metric_office,
            BTreeMap::from([
                (("arrests".into(), "fy".into()), 10.0),
                (("arrests".into(), "ga".into()), 9.0),
                (("funding_added".into(), "ga".into()), 1.5),
            ])
        );
        assert_eq!(
            totals.by_metric_week,
            BTreeMap::from([
                (("arrests".into(), day("2022-03-07")), 15.0),
                (("arrests".into(), day("2022-03-14")), 4.0),
                (("funding_added".into(), day("2022-03-21")), 1.5),
            ])
        );
        assert_eq!(
            totals.weeks,
            BTreeSet::from([day("2022-03-07"), day("2022-03-14"), day("2022-03-21")])
        );
        assert_eq!(
            totals.by_office,
            BTreeMap::from([("fy".into(), 10.0), ("ga".into(), 10.5)])
        );
        assert_eq!(totals.count, 5);
    }

    #[test]
    fn totals_are_limited_by_campaign_office_period_and_metric() {
        let tallies = spring();
        let without = TallyScope {
            campaign: CampaignScope::Without,
            ..TallyScope::default()
        };
        assert_eq!(totals(&tallies, &without).by_metric["arrests"], 100.0);
        assert_eq!(
            totals(&tallies, &TallyScope::default()).by_metric["arrests"],
            126.0
        );
        let narrow = TallyScope {
            offices: Some(["ga".to_string()].into()),
            from: Some(day("2022-03-08")),
            to: Some(day("2022-03-14")),
            metrics: Some(["arrests".to_string()].into()),
            ..only("c1")
        };
        let sums = totals(&tallies, &narrow);
        assert_eq!(sums.by_metric, BTreeMap::from([("arrests".into(), 7.0)]));
        assert_eq!(sums.count, 2);
        assert_eq!(totals(&[], &narrow), TallyTotals::default());
    }

    #[test]
    fn the_tally_of_a_day_is_found_by_office_metric_day_and_campaign() {
        let tallies = spring();
        let find = |office, metric, on, campaign| {
            find_tally(&tallies, office, metric, day(on), campaign).map(|t| t.meta.id.as_str())
        };
        assert_eq!(find("ga", "arrests", "2022-03-08", None), Some("t7"));
        assert_eq!(find("ga", "arrests", "2022-03-08", Some("c2")), Some("t6"));
        // The deleted tally t8 is no longer the count of that day.
        assert_eq!(find("ga", "arrests", "2022-03-08", Some("c1")), None);
        assert_eq!(find("fy", "arrests", "2022-03-07", Some("c1")), None);
    }

    fn keys(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn a_day_grid_has_every_day_oldest_first_with_row_and_column_totals() {
        let tallies = spring();
        let metrics = keys(&["arrests", "funding_added", "households_visited"]);
        let g = grid(
            &tallies,
            "ga",
            Some("c1"),
            &metrics,
            day("2022-03-07"),
            day("2022-03-21"),
            GridRows::Days,
        );
        assert_eq!(g.rows.len(), 15);
        assert_eq!(
            (g.rows[0], g.rows[14]),
            (day("2022-03-07"), day("2022-03-21"))
        );
        assert_eq!(g.metrics, metrics);
        let cell = &g.cells[&(day("2022-03-13"), "arrests".to_string())];
        assert_eq!((cell.value, cell.tally_ids.clone()), (3.0, keys(&["t2"])));
        assert_eq!(g.cells.len(), 4);
        assert_eq!(g.row_totals[&day("2022-03-14")], 4.0);
        assert_eq!(g.row_totals[&day("2022-03-08")], 0.0);
        assert_eq!(
            g.column_totals,
            BTreeMap::from([
                ("arrests".into(), 9.0),
                ("funding_added".into(), 1.5),
                ("households_visited".into(), 0.0),
            ])
        );
        assert_eq!(g.total, 10.5);
    }

    #[test]
    fn a_week_grid_sums_the_days_of_each_week_inside_the_period() {
        let tallies = spring();
        let g = grid(
            &tallies,
            "ga",
            Some("c1"),
            &keys(&["arrests"]),
            day("2022-03-08"),
            day("2022-03-20"),
            GridRows::Weeks,
        );
        assert_eq!(g.rows, [day("2022-03-07"), day("2022-03-14")]);
        // 2022-03-07 lies before the period, so only Sunday's 3 counts in the first week.
        let first = &g.cells[&(day("2022-03-07"), "arrests".to_string())];
        assert_eq!((first.value, first.tally_ids.clone()), (3.0, keys(&["t2"])));
        assert_eq!(g.row_totals[&day("2022-03-14")], 4.0);
        assert_eq!(g.total, 7.0);
    }

    #[test]
    fn a_grid_without_a_campaign_shows_only_tallies_outside_campaigns() {
        let g = grid(
            &spring(),
            "ga",
            None,
            &keys(&["arrests"]),
            day("2022-03-01"),
            day("2022-03-31"),
            GridRows::Days,
        );
        assert_eq!(g.total, 100.0);
        assert_eq!(g.cells.len(), 1);
    }

    #[test]
    fn entering_a_count_again_replaces_the_days_tally_instead_of_adding_one() {
        let mut tallies = spring();
        let existing = find_tally(&tallies, "ga", "arrests", day("2022-03-07"), Some("c1"));
        let changed = set_count(
            existing,
            "ga",
            "arrests",
            day("2022-03-07"),
            Some("c1"),
            5.0,
            None,
            &stamp("clerk", 60),
        );
        assert_eq!(changed.meta.id, "t1");
        assert_eq!((changed.value, changed.meta.version), (5.0, 2));
        assert_eq!(changed.meta.updated_by, "clerk");
        tallies[0] = changed;
        assert_eq!(totals(&tallies, &only("c1")).by_metric["arrests"], 22.0);

        let fresh = set_count(
            None,
            "fy",
            "funding_added",
            day("2022-03-22"),
            Some("c1"),
            2.5,
            Some("拨款".into()),
            &stamp("clerk", 60),
        );
        assert_eq!(fresh.meta.version, 1);
        assert_eq!(fresh.meta.id.len(), 36);
        assert_eq!(
            (fresh.office_id.as_str(), fresh.campaign_id.as_deref()),
            ("fy", Some("c1"))
        );
        assert_eq!((fresh.value, fresh.note.as_str()), (2.5, "拨款"));
    }

    #[test]
    fn a_note_given_with_a_count_replaces_the_old_one_and_none_keeps_it() {
        let mut existing = tally("t1", "ga", "arrests", "2022-03-07", 2.0);
        existing.note = "夜查".into();
        let on = day("2022-03-07");
        let kept = set_count(
            Some(&existing),
            "ga",
            "arrests",
            on,
            None,
            3.0,
            None,
            &stamp("d", 1),
        );
        assert_eq!(kept.note, "夜查");
        let replaced = set_count(
            Some(&existing),
            "ga",
            "arrests",
            on,
            None,
            3.0,
            Some("复核".into()),
            &stamp("d", 1),
        );
        assert_eq!(replaced.note, "复核");
    }
}
