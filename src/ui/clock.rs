//! The local calendar day, read from the browser's clock (the domain takes it as a parameter).

use chrono::NaiveDate;

/// Today in the user's time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A date input's value (`YYYY-MM-DD`), or `None` when it is empty or not a date.
pub fn parse_date_input(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}
