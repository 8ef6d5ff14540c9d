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
    let day = parse_date(text.get(..10)?)?;
    if let Some(at) = as_the_app_writes(day, bytes) {
        return Some(at);
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// The form every stored record's timestamps have (`HH:MM:SS.mmmZ` after the date), read
/// without chrono's general parser: a cold start reads a million of them. `None` for any
/// other form, which the general parser then reads; a leap second (`:60`) is one of those.
fn as_the_app_writes(day: NaiveDate, bytes: &[u8]) -> Option<DateTime<Utc>> {
    let [b'T', h1, h2, b':', m1, m2, b':', s1, s2, b'.', f1, f2, f3, b'Z'] = *bytes.get(10..)?
    else {
        return None;
    };
    let digit = |byte: u8| byte.is_ascii_digit().then(|| u32::from(byte - b'0'));
    let two = |a, b| Some(digit(a)? * 10 + digit(b)?);
    let milli = digit(f1)? * 100 + digit(f2)? * 10 + digit(f3)?;
    // Seconds of 60 (a leap second) make `None` here.
    let time =
        chrono::NaiveTime::from_hms_milli_opt(two(h1, h2)?, two(m1, m2)?, two(s1, s2)?, milli)?;
    Some(day.and_time(time).and_utc())
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

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The app's own form, read without chrono's parser, reads as chrono reads it: the
        /// same instant, or nothing for an hour, minute or second out of range; a leap
        /// second is left to chrono.
        #[test]
        fn the_apps_own_form_reads_as_rfc_3339_does(
            day in 0i64..73_000,
            (hour, minute, second) in (0u32..30, 0u32..70, 0u32..70),
            milli in 0u32..1000,
            lower in proptest::bool::ANY,
        ) {
            let day = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(day as u64);
            let text = format!("{day}T{hour:02}:{minute:02}:{second:02}.{milli:03}Z");
            let text = if lower { text.to_lowercase() } else { text };
            let general = in_range(day)
                .then(|| DateTime::parse_from_rfc3339(&text).ok())
                .flatten()
                .map(|at| at.with_timezone(&Utc));
            proptest::prop_assert_eq!(parse_timestamp(&text), general);
        }
    }
}
