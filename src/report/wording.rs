//! How the report words its figures in Chinese, the way the seed does: plain counts,
//! `2万多`, `1200余`, `87.3%`, `提高12.5%`, `下降5.2个百分点`.

use crate::domain::figures::ChangeWording;

/// Shown where a rate or a change is undefined.
pub const UNDEFINED: &str = "—";

/// A plain number: whole numbers without `.0`, fractions to at most 2 decimals.
pub fn count(n: f64) -> String {
    let text = format!("{n:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// Numbers of 10,000 and more in 万 as the seed writes them: 23456 → `2万多`, 20000 → `2万`;
/// smaller numbers plainly.
pub fn wan(n: f64) -> String {
    wan_with(n, "多")
}

/// Like `wan`, with another word for "and more" (the seed also writes `万余`).
pub fn wan_with(n: f64, more: &str) -> String {
    if n < 10_000.0 {
        return count(n);
    }
    let whole = (n / 10_000.0).floor();
    let rest = if n > whole * 10_000.0 { more } else { "" };
    format!("{}万{rest}", count(whole))
}

/// A number rounded down to two significant digits, with `more` (余 or 多) when something
/// was dropped: 1234 → `1200余`, 56 → `56`, 1200 → `1200`, 0 → `0`. 余 and 多 follow only a
/// rounded number, never an exact one.
pub fn approx(n: f64, more: &str) -> String {
    if n.is_nan() || n < 100.0 || n.is_infinite() {
        return count(n);
    }
    let digits = n.log10().floor() as i32;
    let unit = 10f64.powi(digits - 1);
    let rounded = (n / unit).floor() * unit;
    if rounded == n {
        count(n)
    } else {
        format!("{}{more}", count(rounded))
    }
}

/// A rate in 0..=1 as a percentage with one decimal: 0.8734 → `87.3%`.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(rate) => format!("{:.1}%", rate * 100.0),
        None => UNDEFINED.to_string(),
    }
}

/// The change from last year's figure to this one (同比): `提高12.5%`, `下降3.0%`, `持平`;
/// from nothing, `新增{current}`.
pub fn change(current: f64, previous: f64) -> String {
    if current == previous {
        "持平".to_string()
    } else if previous == 0.0 {
        format!("新增{}", count(current))
    } else {
        let relative = (current - previous) / previous.abs() * 100.0;
        direction(relative, "%")
    }
}

/// The change of a rate in percentage points: `提高5.2个百分点`, `下降…`, `持平`, or `—` when
/// either rate is undefined.
pub fn change_points(current: Option<f64>, previous: Option<f64>) -> String {
    match (current, previous) {
        (Some(current), Some(previous)) if current == previous => "持平".to_string(),
        (Some(current), Some(previous)) => direction((current - previous) * 100.0, "个百分点"),
        _ => UNDEFINED.to_string(),
    }
}

/// The change worded as a figure's kind asks (§5.4): relative for counts and sums, in
/// percentage points for rates.
pub fn change_of(wording: ChangeWording, current: Option<f64>, previous: Option<f64>) -> String {
    match wording {
        ChangeWording::Relative => change(current.unwrap_or(0.0), previous.unwrap_or(0.0)),
        ChangeWording::Points => change_points(current, previous),
    }
}

fn direction(amount: f64, unit: &str) -> String {
    let verb = if amount > 0.0 { "提高" } else { "下降" };
    format!("{verb}{:.1}{unit}", amount.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_are_written_in_wan_as_the_seed_does() {
        assert_eq!(wan(23456.0), "2万多");
        assert_eq!(wan(20000.0), "2万");
        assert_eq!(wan(123456.0), "12万多");
        assert_eq!(wan(10000.0), "1万");
        assert_eq!(wan(9876.0), "9876");
        assert_eq!(wan(12.5), "12.5");
        assert_eq!(wan(1.23456), "1.23");
        assert_eq!(wan_with(56789.0, "余"), "5万余");
    }

    #[test]
    fn counts_have_no_trailing_zero_decimals() {
        assert_eq!(count(58.0), "58");
        assert_eq!(count(0.0), "0");
        assert_eq!(count(1.5), "1.5");
        assert_eq!(count(0.1 + 0.2), "0.3");
        assert_eq!(count(2.256), "2.26");
        assert_eq!(count(123456.0), "123456");
    }

    #[test]
    fn rates_are_percentages_with_one_decimal_or_a_dash() {
        assert_eq!(percent(Some(0.8734)), "87.3%");
        assert_eq!(percent(Some(1.0)), "100.0%");
        assert_eq!(percent(Some(0.0)), "0.0%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn changes_say_up_down_level_or_new() {
        assert_eq!(change(45.0, 40.0), "提高12.5%");
        assert_eq!(change(97.0, 100.0), "下降3.0%");
        assert_eq!(change(7.0, 7.0), "持平");
        assert_eq!(change(12.0, 0.0), "新增12");
        assert_eq!(change(0.0, 0.0), "持平");
        assert_eq!(change(0.0, 5.0), "下降100.0%");
    }

    #[test]
    fn rate_changes_are_in_percentage_points() {
        assert_eq!(change_points(Some(0.8), Some(0.748)), "提高5.2个百分点");
        assert_eq!(change_points(Some(0.7), Some(0.75)), "下降5.0个百分点");
        assert_eq!(change_points(Some(0.5), Some(0.5)), "持平");
        assert_eq!(change_points(None, Some(0.5)), "—");
        assert_eq!(change_points(Some(0.5), None), "—");
    }

    #[test]
    fn approximate_numbers_keep_two_digits_and_say_so() {
        assert_eq!(approx(1234.0, "余"), "1200余");
        assert_eq!(approx(1200.0, "余"), "1200");
        assert_eq!(approx(47.0, "多"), "47");
        assert_eq!(approx(310.0, "多"), "310");
        assert_eq!(approx(315.0, "多"), "310多");
        assert_eq!(approx(56789.0, "余"), "56000余");
        assert_eq!(approx(0.0, "余"), "0");
        assert_eq!(approx(99.5, "余"), "99.5");
    }

    #[test]
    fn a_change_is_worded_as_its_figure_asks() {
        assert_eq!(
            change_of(ChangeWording::Relative, Some(45.0), Some(40.0)),
            "提高12.5%"
        );
        assert_eq!(
            change_of(ChangeWording::Relative, None, Some(4.0)),
            "下降100.0%"
        );
        assert_eq!(
            change_of(ChangeWording::Points, Some(0.8), Some(0.748)),
            "提高5.2个百分点"
        );
        assert_eq!(change_of(ChangeWording::Points, None, Some(0.5)), "—");
    }
}
