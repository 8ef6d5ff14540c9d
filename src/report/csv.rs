//! The figures as a CSV download for spreadsheets (PRODUCT §6), written by
//! `sheet::write_csv` (a BOM for Excel, CRLF, RFC 4180 quoting, no formula cells).

use super::report::Report;
use super::wording;
use crate::domain::figures::{derived_tally, FigureKind, DERIVED_TALLIES};
use crate::domain::Figures;

#[cfg(test)]
const BOM: &str = "\u{feff}";
const HEADER: [&str; 5] = ["项目", "代码", "本期", "去年同期", "变化"];

/// One row per petition figure, then one per tally metric counted in either year (each
/// derived total just before the figures it adds up), each with last year's figure and the
/// change in words.
pub fn figures_csv(report: &Report) -> String {
    let mut rows: Vec<[String; 5]> = vec![HEADER.map(String::from)];
    let (current, previous) = (&report.current, &report.previous);
    for ((figure, now), (_, then)) in current
        .petitions
        .entries()
        .zip(previous.petitions.entries())
    {
        let [now, then] = [now, then].map(|value| match figure.kind {
            FigureKind::Rate => wording::percent(value),
            _ => wording::count(value.unwrap_or(0.0)),
        });
        let change = wording::change_of(
            figure.kind.change_wording(),
            current.petitions.get(figure.key).flatten(),
            previous.petitions.get(figure.key).flatten(),
        );
        rows.push([figure.label_zh(), figure.key.to_string(), now, then, change]);
    }
    let tally = |figures: &Figures, key: &str| figures.tallies.get(key).copied();
    let mut derived_pending: Vec<&str> = DERIVED_TALLIES
        .iter()
        .map(|d| d.key)
        .filter(|key| tally(current, key).is_some() || tally(previous, key).is_some())
        .collect();
    let counts = |now: f64, then: f64| {
        [
            wording::count(now),
            wording::count(then),
            wording::change(now, then),
        ]
    };
    for bar in &report.tally_bars {
        derived_pending.retain(|key| {
            let Some(derived) = derived_tally(key) else {
                return false;
            };
            if !derived.parts.contains(&bar.metric.as_str()) {
                return true;
            }
            let now = tally(current, key).unwrap_or(0.0);
            let then = tally(previous, key).unwrap_or(0.0);
            let [now, then, change] = counts(now, then);
            let name = format!("{}（合计）", derived.zh);
            rows.push([name, key.to_string(), now, then, change]);
            false
        });
        let [now, then, change] = counts(bar.current, bar.previous);
        rows.push([bar.label.clone(), bar.metric.clone(), now, then, change]);
    }
    crate::sheet::write_csv(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::figures::PETITION_FIGURES;
    use crate::report::report::build_report;
    use crate::report::report::tests::{a_small_city, august};

    fn lines(csv: &str) -> Vec<&str> {
        csv.trim_start_matches(BOM)
            .split_terminator("\r\n")
            .collect()
    }

    #[test]
    fn excel_reads_the_chinese_header_from_a_bom_and_crlf_lines() {
        let csv = figures_csv(&build_report(&a_small_city(), &august()));
        assert!(csv.starts_with("\u{feff}项目,代码,本期,去年同期,变化\r\n"));
        assert!(csv.ends_with("\r\n"));
        assert!(!csv.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn each_petition_figure_and_each_counted_metric_has_a_row_with_last_year() {
        let csv = figures_csv(&build_report(&a_small_city(), &august()));
        let lines = lines(&csv);
        assert_eq!(lines[1], "收件总数（件）,total,20,3,提高566.7%");
        assert!(lines.contains(&"来访（起）,visits,12,2,提高500.0%"));
        assert!(lines.contains(&"结案率,closure_rate,66.7%,100.0%,下降33.3个百分点"));
        assert!(lines.contains(&"满意率,satisfaction_rate,—,—,—"));
        assert!(lines.contains(&"抓获犯罪嫌疑人,suspects_caught,120,80,提高50.0%"));
        assert!(lines.contains(&"增拨综治经费,funding_added,1.5,1.25,提高20.0%"));
        assert!(lines.contains(&"遛狗,dogs_walked,0,3,下降100.0%"));
        let disciplined = lines.iter().position(|l| {
            l.starts_with("处理违法违纪干警（合计）,officers_disciplined,12,0,新增12")
        });
        let arrested = lines.iter().position(|l| l.contains(",officers_arrested,"));
        assert_eq!(disciplined.map(|i| i + 1), arrested);
        // Header, the petition figures, 30 metrics and the derived total.
        assert_eq!(lines.len(), 1 + PETITION_FIGURES.len() + 30 + 1);
    }

    #[test]
    fn a_text_cell_is_never_a_formula_but_a_number_stays_a_number() {
        use crate::sheet::never_a_formula;
        assert_eq!(never_a_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(never_a_formula("+1+1"), "'+1+1");
        assert_eq!(never_a_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(never_a_formula("-cmd"), "'-cmd");
        assert_eq!(never_a_formula("\t=1"), "'\t=1");
        assert_eq!(never_a_formula("-12.5"), "-12.5");
        assert_eq!(never_a_formula("锦旗"), "锦旗");
        let mut ledger = a_small_city();
        let mut metric = ledger.metrics["dogs_walked"].clone();
        metric.label_zh = "=1+2,\"x\"".into();
        ledger.put(metric);
        let csv = figures_csv(&build_report(&ledger, &august()));
        assert!(lines(&csv).contains(&"\"'=1+2,\"\"x\"\"\",dogs_walked,0,3,下降100.0%"));
    }
}
