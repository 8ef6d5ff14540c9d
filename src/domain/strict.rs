//! Strict reading of values that come from outside (PRODUCT §7 revision 2): a date is
//! exactly `YYYY-MM-DD` with a year from 1900 to 2100, a timestamp exactly RFC 3339, a
//! version at most 1,000,000,000. Whatever passes can be counted with, compared and moved
//! by days without any chance of overflow.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The first and last years a ledger's dates may fall in.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2100;

/// The highest version a record may carry: far beyond any real count of edits, far below
/// where raising it would overflow.
pub const MAX_VERSION: u32 = 1_000_000_000;

/// Whether `day` falls in the years a ledger may hold.
pub fn in_range(day: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&day.year())
}

/// `YYYY-MM-DD` exactly (four-digit year from 1900 to 2100, two-digit month and day), a
/// real day; no sign, no spaces, no other widths.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() != 10
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let year = i32::try_from(number(0..4)).ok()?;
    let day = NaiveDate::from_ymd_opt(year, number(5..7), number(8..10))?;
    in_range(day).then_some(day)
}

/// An RFC 3339 timestamp exactly: `YYYY-MM-DDTHH:MM:SS`, optional fractional seconds, then
/// `Z` or `±HH:MM`, with its date (as written) in range. The `T` and `Z` may be in either case, as RFC
/// 3339 allows; a space instead of `T` is not read.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !matches!(bytes[10], b'T' | b't') {
        return None;
    }
    parse_date(text.get(..10)?)?;
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_exactly_four_two_two_digits_in_the_ledger_years() {
        assert_eq!(
            parse_date("2022-08-01"),
            NaiveDate::from_ymd_opt(2022, 8, 1)
        );
        assert!(parse_date("1900-01-01").is_some());
        assert!(parse_date("2100-12-31").is_some());
        for bad in [
            "22-08-01",
            "+2022-08-01",
            "2022-8-1",
            "2022-08-01 ",
            " 2022-08-01",
            "2022/08/01",
            "1899-12-31",
            "2101-01-01",
            "+12345-01-01",
            "2022-02-30",
            "２０２２-08-01",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_timestamp_is_rfc_3339_with_its_day_in_range() {
        let at = parse_timestamp("2022-08-21T08:00:00.000Z").unwrap();
        assert_eq!(at.to_rfc3339(), "2022-08-21T08:00:00+00:00");
        assert_eq!(
            parse_timestamp("2022-08-21T16:00:00+08:00"),
            Some(at),
            "another offset, converted"
        );
        assert!(parse_timestamp("2022-08-21t08:00:00z").is_some());
        for bad in [
            "2022-08-21 08:00:00Z",
            "2022-08-21T08:00:00",
            "22-08-21T08:00:00Z",
            "+2022-08-21T08:00:00Z",
            "2500-08-21T08:00:00Z",
            "2022-08-21T25:00:00Z",
            "yesterday",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }
}
