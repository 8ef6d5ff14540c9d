//! Today, read from the browser's clock as the day in China (PRODUCT §4), whatever time
//! zone the PC is set to; the domain takes it as a parameter. Pages that show deadlines read
//! `AppState::today`, which moves on at midnight.

use chrono::{NaiveDate, Utc};

use crate::domain::today::china_day;

/// Today in China, read now.
pub fn today() -> NaiveDate {
    china_day(&Utc::now())
}

/// A date input's value (`YYYY-MM-DD`), or `None` when it is empty or not a date.
pub fn parse_date_input(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}
