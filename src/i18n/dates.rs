//! Dates as people read them: `2022年8月21日` in Chinese, `21 Aug 2022` in English.

use super::Lang;
use chrono::{Datelike, NaiveDate};

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS_EN[date.month0() as usize],
            date.year()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn chinese_dates_have_no_leading_zeros() {
        assert_eq!(format_date(day(2022, 8, 21), Lang::Zh), "2022年8月21日");
        assert_eq!(format_date(day(2023, 1, 5), Lang::Zh), "2023年1月5日");
        assert_eq!(format_date(day(2024, 12, 31), Lang::Zh), "2024年12月31日");
    }

    #[test]
    fn english_dates_name_the_month() {
        assert_eq!(format_date(day(2022, 8, 21), Lang::En), "21 Aug 2022");
        assert_eq!(format_date(day(2024, 2, 29), Lang::En), "29 Feb 2024");
    }
}
