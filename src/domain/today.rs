//! "Today" is the calendar day in China (UTC+8), whatever time zone the PC is set to
//! (PRODUCT §4): read from the instant, never from the PC's local date.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};

/// China's offset from UTC; China keeps no daylight saving time.
const CHINA: TimeDelta = TimeDelta::hours(8);

/// China's time zone, for showing a moment as the time there.
pub const CHINA_ZONE: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(zone) => zone,
    None => panic!("UTC+8 is a valid offset"),
};

/// The calendar day in China at an instant, whatever the time zone it is given in.
pub fn china_day<Tz: TimeZone>(at: &DateTime<Tz>) -> NaiveDate {
    let at = at.with_timezone(&Utc);
    at.checked_add_signed(CHINA).unwrap_or(at).date_naive()
}

/// The instant the next day begins in China, after `at`: when pages that show deadlines
/// move on.
pub fn next_china_midnight(at: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = china_day(&at)
        .checked_add_days(Days::new(1))
        .unwrap_or(NaiveDate::MAX);
    let midnight = tomorrow.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    midnight.checked_sub_signed(CHINA).unwrap_or(midnight)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// The same instant, 1 September 2022 02:30 in Beijing, on PCs set to three zones.
    fn on_a_pc_at(offset_hours: i32) -> DateTime<FixedOffset> {
        let instant: DateTime<Utc> = "2022-08-31T18:30:00Z".parse().unwrap();
        instant.with_timezone(&FixedOffset::east_opt(offset_hours * 3600).unwrap())
    }

    #[test]
    fn today_is_the_day_in_china_on_a_pc_at_utc_minus_10_utc_and_utc_plus_14() {
        let hawaii = on_a_pc_at(-10);
        let utc = on_a_pc_at(0);
        let kiribati = on_a_pc_at(14);
        // The PC's own calendar says three different things …
        assert_eq!(hawaii.date_naive(), day("2022-08-31"));
        assert_eq!(utc.date_naive(), day("2022-08-31"));
        assert_eq!(kiribati.date_naive(), day("2022-09-01"));
        // … China's says one.
        for pc in [hawaii, utc, kiribati] {
            assert_eq!(china_day(&pc), day("2022-09-01"), "{pc}");
        }
    }

    #[test]
    fn the_day_in_china_turns_at_16_00_utc() {
        let before: DateTime<Utc> = "2022-08-31T15:59:59Z".parse().unwrap();
        let after: DateTime<Utc> = "2022-08-31T16:00:00Z".parse().unwrap();
        assert_eq!(china_day(&before), day("2022-08-31"));
        assert_eq!(china_day(&after), day("2022-09-01"));
        assert_eq!(next_china_midnight(before), after);
        assert_eq!(
            next_china_midnight(after),
            "2022-09-01T16:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
