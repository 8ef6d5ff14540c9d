//! The report's tables (PRODUCT §6): petitions by handling office, by channel, by category
//! and the law-related cases' handling, tallies by metric and office and by campaign, each
//! with last year's figure. Rows and columns name the figures of `PETITION_FIGURES`, whose
//! declarations give their headings and how their change is worded.

use std::collections::BTreeMap;

use super::names::{MetricLabels, Names};
use super::table::{Table, TableCell};
use super::wording;
use crate::domain::figures::{
    by_office_figures, petition_figure, FigureKind, LedgerFacts, PetitionFigure, PetitionFigures,
    PetitionPeriod, TallyPeriod,
};
use crate::domain::{Category, Channel, Figures};
use crate::i18n::{category_text, channel_text, Lang};

/// What the tables are drawn from: the counts of this period (0) and last year's (1).
pub(super) struct Counted<'a> {
    pub facts: &'a LedgerFacts,
    pub names: &'a Names,
    pub current: &'a Figures,
    pub previous: &'a Figures,
    pub petitions: &'a [PetitionPeriod; 2],
    pub tallies: &'a [TallyPeriod; 2],
}

pub(super) fn tables(counted: &Counted) -> Vec<Table> {
    vec![
        petitions_by_office(counted),
        petitions_by_channel(counted),
        petitions_by_category(counted),
        law_related(counted),
        tallies_by_metric_office(counted),
        tallies_by_campaign(counted),
    ]
}

/// Shown for tallies outside every campaign.
pub const NO_CAMPAIGN: &str = "未归入专项行动";
pub const TOTAL: &str = "合计";
const THIS_PERIOD: &str = "本期";
const LAST_YEAR: &str = "去年同期";
const CHANGE: &str = "增减";

fn text(text: impl Into<String>) -> TableCell {
    TableCell::Text(text.into())
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}

fn figure(key: &str) -> &'static PetitionFigure {
    petition_figure(key).unwrap_or_else(|| panic!("no petition figure {key}"))
}

/// A figure's value as a cell: a count, a rate, or a dash for an undefined rate.
fn figure_cell(figure: &PetitionFigure, figures: &PetitionFigures) -> TableCell {
    let value = figures.get(figure.key).flatten();
    match (figure.kind, value) {
        (FigureKind::Rate, Some(rate)) => TableCell::Percent(rate),
        (FigureKind::Rate, None) => text(wording::UNDEFINED),
        (_, value) => TableCell::count(value.unwrap_or(0.0) as u64),
    }
}

/// A row of this period, last year and the change, for a figure.
fn figure_row(name: String, figure: &PetitionFigure, counted: &Counted) -> Vec<TableCell> {
    let (now, then) = (&counted.current.petitions, &counted.previous.petitions);
    let change = wording::change_of(
        figure.kind.change_wording(),
        now.get(figure.key).flatten(),
        then.get(figure.key).flatten(),
    );
    vec![
        text(name),
        figure_cell(figure, now),
        figure_cell(figure, then),
        text(change),
    ]
}

fn count_row(name: &str, now: u64, then: u64) -> Vec<TableCell> {
    vec![
        text(name),
        TableCell::count(now),
        TableCell::count(then),
        text(wording::change(now as f64, then as f64)),
    ]
}

/// Petitions counted under their handling office (the one a case was assigned to, else
/// the one that registered it), as the dashboard counts them.
fn petitions_by_office(counted: &Counted) -> Table {
    let [current, previous] = counted.petitions;
    let row = |name: String, figures: &PetitionFigures, last_year: u64| {
        let mut cells = vec![text(name)];
        cells.extend(by_office_figures().map(|figure| figure_cell(figure, figures)));
        cells.push(TableCell::count(last_year));
        cells
    };
    let office_numbers = (0..counted.facts.offices.len())
        .filter(|&n| !current.by_office[n].is_empty() || !previous.by_office[n].is_empty());
    let ids: Vec<&str> = office_numbers
        .clone()
        .map(|n| counted.facts.offices.key(n as u32).as_str())
        .collect();
    let number_of = |id: &str| counted.facts.offices.find(id).unwrap_or(0) as usize;
    let mut rows: Vec<Vec<TableCell>> = counted
        .names
        .in_table_order(ids)
        .into_iter()
        .map(|(id, name)| {
            let n = number_of(id);
            let last_year = previous.by_office[n].figures().count("total");
            row(name, &current.by_office[n].figures(), last_year)
        })
        .collect();
    rows.push(row(
        TOTAL.to_string(),
        &counted.current.petitions,
        counted.previous.petitions.count("total"),
    ));
    let mut header = headers(&["承办单位"]);
    header.extend(by_office_figures().map(PetitionFigure::label_zh));
    header.push(format!("{LAST_YEAR}收件"));
    Table {
        key: "petitions_by_office".into(),
        title: "信访件分承办单位统计".into(),
        headers: header,
        rows,
    }
}

/// 来访 counts the leader receptions too (§5.1 `visits`), shown again as a line of their own.
fn petitions_by_channel(counted: &Counted) -> Table {
    let [current, previous] = counted.petitions;
    let by_channel = |channel: Channel| {
        let at = Channel::ALL.iter().position(|c| *c == channel).unwrap_or(0);
        (current.by_channel[at], previous.by_channel[at])
    };
    let channel_name = |channel| channel_text(channel).get(Lang::Zh);
    let mut rows = vec![figure_row(
        channel_name(Channel::Visit).to_string(),
        figure("visits"),
        counted,
    )];
    let (now, then) = by_channel(Channel::LeaderReception);
    rows.push(count_row(
        &format!("其中：{}", channel_name(Channel::LeaderReception)),
        now,
        then,
    ));
    for (channel, key) in [
        (Channel::Letter, "letters"),
        (Channel::Phone, "calls"),
        (Channel::Online, "online"),
        (Channel::Referral, "referrals"),
    ] {
        rows.push(figure_row(
            channel_name(channel).to_string(),
            figure(key),
            counted,
        ));
    }
    rows.push(figure_row(TOTAL.to_string(), figure("total"), counted));
    Table {
        key: "petitions_by_channel".into(),
        title: "信访件分渠道统计".into(),
        headers: headers(&["渠道", THIS_PERIOD, LAST_YEAR, CHANGE]),
        rows,
    }
}

fn petitions_by_category(counted: &Counted) -> Table {
    let [current, previous] = counted.petitions;
    let mut rows: Vec<Vec<TableCell>> = Category::ALL
        .iter()
        .enumerate()
        .map(|(at, category)| {
            count_row(
                category_text(*category).get(Lang::Zh),
                current.by_category[at],
                previous.by_category[at],
            )
        })
        .collect();
    rows.push(figure_row(TOTAL.to_string(), figure("total"), counted));
    Table {
        key: "petitions_by_category".into(),
        title: "信访件分类别统计".into(),
        headers: headers(&["类别", THIS_PERIOD, LAST_YEAR, CHANGE]),
        rows,
    }
}

const LAW_RELATED_ROWS: [&str; 6] = [
    "law_related",
    "assigned",
    "concluded",
    "pending",
    "closure_rate",
    "on_time_rate",
];

fn law_related(counted: &Counted) -> Table {
    let rows = LAW_RELATED_ROWS
        .map(|key| {
            let figure = figure(key);
            figure_row(figure.label_zh(), figure, counted)
        })
        .to_vec();
    Table {
        key: "law_related".into(),
        title: "涉法涉诉信访案件办理情况".into(),
        headers: headers(&["项目", THIS_PERIOD, LAST_YEAR, CHANGE]),
        rows,
    }
}

/// Decimals that show every value of a row: none for a whole-number metric, else as many as
/// the values need, at most 2.
fn decimals(integer: bool, values: impl IntoIterator<Item = f64>) -> u8 {
    if integer {
        return 0;
    }
    values
        .into_iter()
        .map(|value| {
            let hundredths = (value * 100.0).round();
            if hundredths % 100.0 == 0.0 {
                0
            } else if hundredths % 10.0 == 0.0 {
                1
            } else {
                2
            }
        })
        .max()
        .unwrap_or(0)
}

fn number(value: f64, decimals: u8) -> TableCell {
    TableCell::Number { value, decimals }
}

fn tallies_by_metric_office(counted: &Counted) -> Table {
    let facts = counted.facts;
    let metrics = &counted.names.metrics;
    let (current, previous) = (&counted.current.tallies, &counted.previous.tallies);
    let by_metric_office: BTreeMap<(&str, &str), f64> = counted.tallies[0]
        .by_metric_office
        .iter()
        .map(|((metric, office), sum)| {
            let metric = facts.metrics.key(*metric).as_str();
            ((metric, facts.offices.key(*office).as_str()), *sum)
        })
        .collect();
    let offices = counted
        .names
        .in_table_order(by_metric_office.keys().map(|(_, office)| *office));
    let keys = metrics.in_order(current.keys().chain(previous.keys()).map(String::as_str));
    let rows = keys
        .into_iter()
        .map(|key| {
            let by_office: Vec<Option<f64>> = offices
                .iter()
                .map(|(office, _)| by_metric_office.get(&(key, *office)).copied())
                .collect();
            let total = current.get(key).copied().unwrap_or(0.0);
            let last_year = previous.get(key).copied().unwrap_or(0.0);
            let values = by_office
                .iter()
                .flatten()
                .copied()
                .chain([total, last_year]);
            let decimals = decimals(metrics.integer(key), values);
            let mut row = vec![text(metrics.label(key)), text(metrics.unit(key))];
            row.extend(by_office.into_iter().map(|value| match value {
                Some(value) => number(value, decimals),
                // No tally at all, which is not the same as a count of 0.
                None => TableCell::Empty,
            }));
            row.push(number(total, decimals));
            row.push(number(last_year, decimals));
            row
        })
        .collect();
    let mut header = headers(&["指标", "单位（计量）"]);
    header.extend(offices.into_iter().map(|(_, name)| name));
    header.extend(headers(&[TOTAL, LAST_YEAR]));
    Table {
        key: "tallies_by_metric_office".into(),
        title: "专项行动指标分单位统计".into(),
        headers: header,
        rows,
    }
}

/// Which campaign a row counts for: its id, or `None` outside every campaign.
type CampaignKey<'a> = Option<&'a str>;

/// How a campaign is shown and where it sorts: known campaigns by start and name, then ids
/// the ledger does not know, then the tallies outside every campaign.
fn campaign_heading(names: &Names, campaign: CampaignKey) -> (u8, String, String) {
    match campaign {
        Some(id) => match names.campaign(id) {
            Some((starts_on, name)) => (0, starts_on.to_string(), name.to_string()),
            None => (1, String::new(), id.to_string()),
        },
        None => (2, String::new(), NO_CAMPAIGN.to_string()),
    }
}

fn metric_with_unit(metrics: &MetricLabels, key: &str) -> String {
    match metrics.unit(key) {
        "" => metrics.label(key).to_string(),
        unit => format!("{}（{unit}）", metrics.label(key)),
    }
}

fn tallies_by_campaign(counted: &Counted) -> Table {
    let facts = counted.facts;
    let names = counted.names;
    let metrics = &names.metrics;
    let mut sums: BTreeMap<(CampaignKey, &str), [f64; 2]> = BTreeMap::new();
    for (period, tallies) in counted.tallies.iter().enumerate() {
        for ((campaign, metric), sum) in &tallies.by_campaign_metric {
            let campaign = campaign.map(|n| facts.campaigns.key(n).as_str());
            let metric = facts.metrics.key(*metric).as_str();
            sums.entry((campaign, metric)).or_default()[period] += sum;
        }
    }
    let mut by_campaign: BTreeMap<CampaignKey, Vec<&str>> = BTreeMap::new();
    for (campaign, metric) in sums.keys() {
        by_campaign.entry(*campaign).or_default().push(metric);
    }
    let mut campaigns: Vec<(CampaignKey, Vec<&str>)> = by_campaign.into_iter().collect();
    campaigns.sort_by_cached_key(|(campaign, _)| (campaign_heading(names, *campaign), *campaign));
    let mut rows = Vec::new();
    for (campaign, keys) in campaigns {
        let (_, _, name) = campaign_heading(names, campaign);
        for key in metrics.in_order(keys) {
            let [now, then] = sums[&(campaign, key)];
            let decimals = decimals(metrics.integer(key), [now, then]);
            rows.push(vec![
                text(name.as_str()),
                text(metric_with_unit(metrics, key)),
                number(now, decimals),
                number(then, decimals),
            ]);
        }
    }
    Table {
        key: "tallies_by_campaign".into(),
        title: "专项行动分行动统计".into(),
        headers: headers(&["专项行动", "指标", THIS_PERIOD, LAST_YEAR]),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::day;
    use crate::domain::Scope;
    use crate::report::report::build_report;
    use crate::report::report::tests::{a_small_city, august};
    use crate::report::Report;

    fn table<'r>(report: &'r Report, key: &str) -> &'r Table {
        report.tables.iter().find(|t| t.key == key).unwrap()
    }

    /// The table as printed, one line of cells joined by `|` per row.
    fn printed(table: &Table) -> Vec<String> {
        std::iter::once(table.headers.join("|"))
            .chain(table.rows.iter().map(|row| {
                row.iter()
                    .map(TableCell::display)
                    .collect::<Vec<_>>()
                    .join("|")
            }))
            .collect()
    }

    #[test]
    fn the_report_has_its_six_tables_in_order() {
        let report = build_report(&a_small_city(), &august());
        let keys: Vec<&str> = report.tables.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "petitions_by_office",
                "petitions_by_channel",
                "petitions_by_category",
                "law_related",
                "tallies_by_metric_office",
                "tallies_by_campaign"
            ]
        );
        for t in &report.tables {
            assert!(t.title.chars().count() <= 31, "{}", t.title);
            assert!(
                t.rows.iter().all(|row| row.len() == t.headers.len()),
                "{}",
                t.key
            );
        }
    }

    #[test]
    fn petitions_are_counted_under_their_handling_office() {
        // The six concluded visits and two more were assigned by 公安局 to 法院; last year's
        // letter to 法院, still open, is overdue now.
        let report = build_report(&a_small_city(), &august());
        assert_eq!(
            printed(table(&report, "petitions_by_office")),
            [
                "承办单位|收件总数（件）|来访（起）|来访（人次）|来信（封）|实际涉法涉诉信访案件（件）|办结（件）|逾期（件）|去年同期收件",
                "公安局|4|4|18|0|1|0|1|0",
                "法院|15|8|40|7|8|6|1|3",
                "zz|1|0|0|0|0|0|0|0",
                "合计|20|12|58|7|9|6|2|3",
            ]
        );
    }

    #[test]
    fn a_case_registered_by_the_committee_and_assigned_to_public_security_counts_there() {
        let mut ledger = a_small_city();
        let scope = Scope::new(august().from, august().to, Some(["fy".to_string()].into()));
        // Chosen by its handling office alone, a case registered by 公安局 is in scope.
        let report = build_report(&ledger, &scope);
        assert_eq!(report.current.petitions.count("total"), 15);
        ledger.petitions.clear();
        let report = build_report(&ledger, &scope);
        assert_eq!(report.current.petitions.count("total"), 0);
    }

    #[test]
    fn the_visits_row_counts_leader_receptions_and_shows_them_under_it() {
        let report = build_report(&a_small_city(), &august());
        assert_eq!(
            printed(table(&report, "petitions_by_channel")),
            [
                "渠道|本期|去年同期|增减",
                "来访|12|2|提高500.0%",
                "其中：领导接访|1|0|新增1",
                "来信|7|1|提高600.0%",
                "来电|1|0|新增1",
                "网上信访|0|0|持平",
                "上级转交|0|0|持平",
                "合计|20|3|提高566.7%",
            ]
        );
        assert_eq!(report.current.petitions.count("visits"), 12);
    }

    #[test]
    fn petitions_by_category_add_up_to_the_total() {
        let report = build_report(&a_small_city(), &august());
        let rows = printed(table(&report, "petitions_by_category"));
        assert_eq!(rows[0], "类别|本期|去年同期|增减");
        assert_eq!(rows[1], "公安|20|3|提高566.7%");
        assert_eq!(rows.last().unwrap(), "合计|20|3|提高566.7%");
        assert_eq!(rows.len(), 2 + Category::ALL.len());
    }

    #[test]
    fn law_related_cases_are_shown_by_figure_with_last_year_and_the_change() {
        let report = build_report(&a_small_city(), &august());
        assert_eq!(
            printed(table(&report, "law_related")),
            [
                "项目|本期|去年同期|增减",
                "实际涉法涉诉信访案件（件）|9|2|提高350.0%",
                "交办（件）|8|2|提高300.0%",
                "办结（件）|6|2|提高200.0%",
                "未办结（件）|3|0|新增3",
                "结案率|66.7%|100.0%|下降33.3个百分点",
                "按期办结率|100.0%|100.0%|持平",
            ]
        );
    }

    #[test]
    fn a_case_concluded_after_the_day_judged_was_still_pending_then() {
        let scope = Scope {
            as_of: day("2022-08-19"),
            ..august()
        };
        let report = build_report(&a_small_city(), &scope);
        let rows = printed(table(&report, "law_related"));
        assert_eq!(rows[3], "办结（件）|0|2|下降100.0%");
        assert_eq!(rows[4], "未办结（件）|9|0|新增9");
        let empty = build_report(&crate::domain::Ledger::default(), &august());
        assert_eq!(printed(table(&empty, "law_related"))[5], "结案率|—|—|—");
    }

    #[test]
    fn tallies_by_metric_and_office_leave_offices_without_a_tally_blank() {
        let report = build_report(&a_small_city(), &august());
        let rows = printed(table(&report, "tallies_by_metric_office"));
        assert_eq!(rows[0], "指标|单位（计量）|公安局|法院|合计|去年同期");
        assert_eq!(rows[1], "打掉黑恶势力犯罪团伙|个|3||3|0");
        assert_eq!(rows[3], "抓获犯罪嫌疑人|人|100|20|120|80");
        assert!(rows.contains(&"增拨综治经费|万元|1.50||1.50|1.25".to_string()));
        assert_eq!(rows.last().unwrap(), "遛狗|只|||0|3");
        assert!(!rows
            .iter()
            .any(|row| row.starts_with("officers_disciplined")));
    }

    #[test]
    fn tallies_by_campaign_group_metrics_under_each_campaign_then_the_rest() {
        let report = build_report(&a_small_city(), &august());
        let rows = printed(table(&report, "tallies_by_campaign"));
        assert_eq!(rows[0], "专项行动|指标|本期|去年同期");
        assert_eq!(rows[1], "铁血风暴|打掉黑恶势力犯罪团伙（个）|3|0");
        assert_eq!(rows[2], "铁血风暴|抓获犯罪嫌疑人（人）|100|0");
        assert_eq!(rows[3], "未归入专项行动|打掉其他恶势力团伙（个）|5|0");
        assert_eq!(rows[4], "未归入专项行动|抓获犯罪嫌疑人（人）|20|80");
        assert!(rows.contains(&"未归入专项行动|增拨综治经费（万元）|1.50|1.25".to_string()));
    }

    #[test]
    fn fractional_sums_show_only_the_decimals_they_need() {
        assert_eq!(decimals(true, [1.5]), 0);
        assert_eq!(decimals(false, [3.0, 2.0]), 0);
        assert_eq!(decimals(false, [0.1 + 0.2, 2.0]), 1);
        assert_eq!(decimals(false, [1.25, 2.0]), 2);
        assert_eq!(decimals(false, [1.254]), 2);
    }
}
