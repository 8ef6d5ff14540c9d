//! The figures as a CSV download for spreadsheets (PRODUCT §6): a UTF-8 BOM so that Excel on
//! Windows reads the Chinese, CRLF line ends and RFC 4180 quoting.

use super::report::Report;
use super::wording;
use crate::domain::figures::{DISCIPLINE_PARTS, OFFICERS_DISCIPLINED};

const BOM: &str = "\u{feff}";
const HEADER: [&str; 5] = ["项目", "代码", "本期", "去年同期", "变化"];

/// One row per §5.1 figure, then one per tally metric counted in either year, each with last
/// year's figure and the change in words.
pub fn figures_csv(report: &Report) -> String {
    let mut out = String::from(BOM);
    push_row(&mut out, HEADER);
    let (current, previous) = (&report.current, &report.previous);
    let figures = current.petitions.entries().into_iter();
    for ((key, now), (_, then)) in figures.zip(previous.petitions.entries()) {
        let name = wording::petition_figure_name(key).unwrap_or(key);
        let row = if key.ends_with("_rate") {
            [
                wording::percent(now),
                wording::percent(then),
                wording::change_points(now, then),
            ]
        } else {
            let (now, then) = (now.unwrap_or(0.0), then.unwrap_or(0.0));
            counts(now, then)
        };
        let [now, then, change] = row;
        push_row(&mut out, [name, key, &now, &then, &change]);
    }
    let tally = |key: &str| {
        let sum = |figures: &crate::domain::Figures| figures.tallies.get(key).copied();
        (sum(current), sum(previous))
    };
    let derived = tally(OFFICERS_DISCIPLINED);
    let mut derived_pending = derived.0.is_some() || derived.1.is_some();
    for bar in &report.tally_bars {
        // The derived total goes just before the figures it adds up.
        if derived_pending && DISCIPLINE_PARTS.contains(&bar.metric.as_str()) {
            let [now, then, change] = counts(derived.0.unwrap_or(0.0), derived.1.unwrap_or(0.0));
            let name = wording::OFFICERS_DISCIPLINED_NAME;
            push_row(&mut out, [name, OFFICERS_DISCIPLINED, &now, &then, &change]);
            derived_pending = false;
        }
        let [now, then, change] = counts(bar.current, bar.previous);
        push_row(
            &mut out,
            [bar.label.as_str(), &bar.metric, &now, &then, &change],
        );
    }
    out
}

fn counts(now: f64, then: f64) -> [String; 3] {
    [
        wording::count(now),
        wording::count(then),
        wording::change(now, then),
    ]
}

fn push_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quoted(field));
    }
    out.push_str("\r\n");
}

/// A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break,
/// with quotes doubled.
fn quoted(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert_eq!(lines[1], "收件总数,total,20,3,提高566.7%");
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
        // Header, 15 figures, 30 metrics and the derived total.
        assert_eq!(lines.len(), 1 + 15 + 30 + 1);
    }

    #[test]
    fn fields_with_commas_quotes_or_line_breaks_are_quoted() {
        assert_eq!(quoted("走访, 回访"), "\"走访, 回访\"");
        assert_eq!(quoted("“二代”\"证\""), "\"“二代”\"\"证\"\"\"");
        assert_eq!(quoted("甲\n乙"), "\"甲\n乙\"");
        assert_eq!(quoted("锦旗"), "锦旗");
    }
}
