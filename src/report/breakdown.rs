//! The report's tables (PRODUCT §6): petitions by office, by channel and by stage, tallies
//! by metric and office and by campaign, each with last year's figure.

use std::collections::BTreeMap;

use super::names::{MetricLabels, Names};
use super::sums::{Breakdown, CampaignKey, Stage};
use super::table::{Table, TableCell};
use super::wording;
use crate::domain::{Comparison, PetitionFigures};

pub(super) fn tables(names: &Names, comparison: &Comparison, sums: &Breakdown) -> Vec<Table> {
    vec![
        petitions_by_office(names, comparison, sums),
        petitions_by_channel(comparison, sums),
        law_related(comparison, sums),
        tallies_by_metric_office(names, comparison, sums),
        tallies_by_campaign(names, sums),
    ]
}

/// Shown for tallies outside every campaign.
pub const NO_CAMPAIGN: &str = "未归入专项行动";
pub const TOTAL: &str = "合计";

fn text(text: impl Into<String>) -> TableCell {
    TableCell::Text(text.into())
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}

fn petitions_by_office(names: &Names, comparison: &Comparison, sums: &Breakdown) -> Table {
    let office_row = |name: String, f: &PetitionFigures, previous_total: u64| {
        vec![
            text(name),
            TableCell::count(f.total),
            TableCell::count(f.visits),
            TableCell::count(f.visit_people),
            TableCell::count(f.letters),
            TableCell::count(f.law_related),
            TableCell::count(f.concluded),
            TableCell::count(previous_total),
        ]
    };
    let ids = sums
        .current_by_office
        .keys()
        .chain(sums.previous_total_by_office.keys())
        .copied();
    let mut rows: Vec<Vec<TableCell>> = names
        .in_table_order(ids)
        .into_iter()
        .map(|(id, name)| {
            let current = sums.current_by_office.get(id).cloned();
            let previous = sums.previous_total_by_office.get(id).copied();
            office_row(name, &current.unwrap_or_default(), previous.unwrap_or(0))
        })
        .collect();
    rows.push(office_row(
        TOTAL.to_string(),
        &comparison.current.petitions,
        comparison.previous.petitions.total,
    ));
    Table {
        key: "petitions_by_office",
        title: "信访件分单位统计".into(),
        headers: headers(&[
            "单位",
            "收件总数",
            "来访（起）",
            "来访（人次）",
            "来信（封）",
            "涉法涉诉（件）",
            "办结",
            "去年同期收件",
        ]),
        rows,
    }
}

/// The channels' Chinese names, in the order of `Channel::ALL`.
const CHANNEL_NAMES: [&str; 6] = ["来访", "来信", "来电", "网上信访", "领导接访", "上级转交"];

fn petitions_by_channel(comparison: &Comparison, sums: &Breakdown) -> Table {
    let row = |name: &str, current: u64, previous: u64| {
        vec![
            text(name),
            TableCell::count(current),
            TableCell::count(previous),
            text(wording::change(current as f64, previous as f64)),
        ]
    };
    let (current, previous) = (&sums.current.by_channel, &sums.previous.by_channel);
    let mut rows: Vec<Vec<TableCell>> = CHANNEL_NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| row(name, current[i], previous[i]))
        .collect();
    rows.push(row(
        TOTAL,
        comparison.current.petitions.total,
        comparison.previous.petitions.total,
    ));
    Table {
        key: "petitions_by_channel",
        title: "信访件分渠道统计".into(),
        headers: headers(&["渠道", "本期", "去年同期", "增减"]),
        rows,
    }
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Registered => "已登记",
        Stage::Assigned => "已交办",
        Stage::InProgress => "办理中",
        Stage::Concluded => "已办结",
    }
}

fn law_related(comparison: &Comparison, sums: &Breakdown) -> Table {
    let (current, previous) = (&sums.current, &sums.previous);
    let mut rows: Vec<Vec<TableCell>> = Stage::ALL
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            vec![
                text(stage_name(*stage)),
                TableCell::count(current.law_stages[i]),
                TableCell::count(previous.law_stages[i]),
            ]
        })
        .collect();
    rows.push(vec![
        text("逾期"),
        TableCell::count(current.law_overdue),
        TableCell::count(previous.law_overdue),
    ]);
    let rate =
        |rate: Option<f64>| rate.map_or_else(|| text(wording::UNDEFINED), TableCell::Percent);
    rows.push(vec![
        text("结案率"),
        rate(comparison.current.petitions.closure_rate),
        rate(comparison.previous.petitions.closure_rate),
    ]);
    Table {
        key: "law_related",
        title: "涉法涉诉信访案件办理情况".into(),
        headers: headers(&["项目", "本期", "去年同期"]),
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

fn tallies_by_metric_office(names: &Names, comparison: &Comparison, sums: &Breakdown) -> Table {
    let metrics = &names.metrics;
    let (current, previous) = (&comparison.current.tallies, &comparison.previous.tallies);
    let offices = names.in_table_order(sums.by_metric_office.keys().map(|(_, office)| *office));
    let keys = metrics.in_order(current.keys().chain(previous.keys()).map(String::as_str));
    let rows = keys
        .into_iter()
        .map(|key| {
            let by_office: Vec<Option<f64>> = offices
                .iter()
                .map(|(office, _)| sums.by_metric_office.get(&(key, *office)).copied())
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
    header.extend(headers(&[TOTAL, "去年同期"]));
    Table {
        key: "tallies_by_metric_office",
        title: "专项行动指标分单位统计".into(),
        headers: header,
        rows,
    }
}

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

fn tallies_by_campaign(names: &Names, sums: &Breakdown) -> Table {
    let metrics = &names.metrics;
    let mut by_campaign: BTreeMap<CampaignKey, Vec<&str>> = BTreeMap::new();
    for (campaign, metric) in sums.by_campaign_metric.keys() {
        by_campaign.entry(*campaign).or_default().push(metric);
    }
    let mut campaigns: Vec<(CampaignKey, Vec<&str>)> = by_campaign.into_iter().collect();
    campaigns.sort_by_cached_key(|(campaign, _)| (campaign_heading(names, *campaign), *campaign));
    let mut rows = Vec::new();
    for (campaign, keys) in campaigns {
        let (_, _, name) = campaign_heading(names, campaign);
        for key in metrics.in_order(keys) {
            let [now, then] = sums.by_campaign_metric[&(campaign, key)];
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
        key: "tallies_by_campaign",
        title: "专项行动分行动统计".into(),
        headers: headers(&["专项行动", "指标", "本期", "去年同期"]),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn the_report_has_its_five_tables_in_order() {
        let report = build_report(&a_small_city(), &august());
        let keys: Vec<&str> = report.tables.iter().map(|t| t.key).collect();
        assert_eq!(
            keys,
            [
                "petitions_by_office",
                "petitions_by_channel",
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
    fn petitions_by_office_show_each_office_by_kind_and_name_unknown_ids_last_and_a_total() {
        let report = build_report(&a_small_city(), &august());
        assert_eq!(
            printed(table(&report, "petitions_by_office")),
            [
                "单位|收件总数|来访（起）|来访（人次）|来信（封）|涉法涉诉（件）|办结|去年同期收件",
                "公安局|12|12|58|0|9|6|2",
                "法院|7|0|0|7|0|0|1",
                "zz|1|0|0|0|0|0|0",
                "合计|20|12|58|7|9|6|3",
            ]
        );
    }

    #[test]
    fn petitions_by_channel_compare_each_channel_with_last_year() {
        let report = build_report(&a_small_city(), &august());
        assert_eq!(
            printed(table(&report, "petitions_by_channel")),
            [
                "渠道|本期|去年同期|增减",
                "来访|11|2|提高450.0%",
                "来信|7|1|提高600.0%",
                "来电|1|0|新增1",
                "网上信访|0|0|持平",
                "领导接访|1|0|新增1",
                "上级转交|0|0|持平",
                "合计|20|3|提高566.7%",
            ]
        );
    }

    #[test]
    fn law_related_cases_by_stage_on_the_day_judged_with_overdue_and_closure_rate() {
        let report = build_report(&a_small_city(), &august());
        assert_eq!(
            printed(table(&report, "law_related")),
            [
                "项目|本期|去年同期",
                "已登记|1|0",
                "已交办|1|0",
                "办理中|1|0",
                "已办结|6|2",
                "逾期|1|0",
                "结案率|66.7%|100.0%",
            ]
        );
    }

    #[test]
    fn a_case_concluded_after_the_day_judged_was_still_in_progress_then() {
        let mut ledger = a_small_city();
        let scope = crate::domain::Scope {
            as_of: "2022-08-19".parse().unwrap(),
            ..august()
        };
        let report = build_report(&ledger, &scope);
        let rows = printed(table(&report, "law_related"));
        assert_eq!(rows[3], "办理中|7|0");
        assert_eq!(rows[4], "已办结|0|2");
        ledger.petitions.clear();
        let empty = build_report(&ledger, &august());
        assert_eq!(printed(table(&empty, "law_related"))[6], "结案率|—|—");
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
