//! Today, read from the browser's clock as the day in China (PRODUCT §4), whatever time
//! zone the PC is set to; the domain takes it as a parameter. Pages that show deadlines read
//! `AppState::today`, which moves on at midnight.

use chrono::{NaiveDate, Utc};

use crate::domain::today::china_day;

/// Today in China, read now.
pub fn today() -> NaiveDate {
    china_day(&Utc::now())
}

/// A date input's value (`YYYY-MM-DD`, 1900 to 2100), or `None` when it is empty or not
/// such a date (a date input takes years up to 275760).
pub fn parse_date_input(value: &str) -> Option<NaiveDate> {
    crate::domain::strict::parse_date(value.trim())
}
