use super::*;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn every_shipped_year_from_2020_to_2026_names_its_notice_and_has_its_days() {
    let years: Vec<i32> = arrangements().iter().map(|a| a.year).collect();
    assert_eq!(years, (2020..=2026).collect::<Vec<_>>());
    for year in arrangements() {
        assert!(year.notice.contains("国务院办公厅关于"), "{}", year.year);
        assert!(year.notice.contains("国办发明电"), "{}", year.year);
        assert!(
            year.holidays.iter().any(|h| h.name == "春节"),
            "{}",
            year.year
        );
        for holiday in &year.holidays {
            assert!(holiday.from <= holiday.to, "{holiday:?}");
        }
        // Every day made a working day is a Saturday or a Sunday.
        for workday in &year.workdays {
            assert!(
                matches!(workday.weekday(), Weekday::Sat | Weekday::Sun),
                "{workday}"
            );
        }
    }
}

#[test]
fn weekends_holidays_and_weekends_made_working_days() {
    let calendar = Calendar::shipped();
    // A plain Tuesday and a plain Saturday.
    assert!(!calendar.is_rest_day(day("2022-08-16")));
    assert!(calendar.is_rest_day(day("2022-08-20")));
    // 国庆 2022 (Saturday 1 to Friday 7 October), then Saturday 8 and Sunday 9 worked.
    assert!(calendar.is_rest_day(day("2022-10-03")));
    assert!(!calendar.is_rest_day(day("2022-10-08")));
    assert!(!calendar.is_rest_day(day("2022-10-09")));
    // 2020's Spring Festival, extended to 2 February: the Saturday 1 February was no longer worked.
    assert!(calendar.is_rest_day(day("2020-02-01")));
    assert!(!calendar.is_rest_day(day("2020-01-19")));
}

#[test]
fn a_deadline_on_a_holiday_moves_to_the_next_working_day() {
    let calendar = Calendar::shipped();
    // Accepted 2 August 2022: 60 days later is Saturday 1 October, the first day of 国庆; the
    // holiday ends on the 7th and the 8th is a working Saturday.
    assert_eq!(calendar.deadline(day("2022-08-02"), 60), day("2022-10-08"));
    // Accepted 1 December 2023: 60 days later is Tuesday 30 January 2024, a working day.
    assert_eq!(calendar.deadline(day("2023-12-01"), 60), day("2024-01-30"));
    // 中秋 2024 (Sunday 15 to Tuesday 17 September): a deadline on the 16th goes to the 18th.
    assert_eq!(calendar.deadline(day("2024-07-18"), 60), day("2024-09-18"));
}

#[test]
fn a_deadline_on_a_weekend_moves_to_monday_but_not_on_a_weekend_made_a_working_day() {
    let calendar = Calendar::shipped();
    // Saturday 20 August 2022 → Monday 22 August.
    assert_eq!(calendar.deadline(day("2022-06-21"), 60), day("2022-08-22"));
    // Sunday 29 September 2024 was worked (国庆 2024): a deadline on it stays.
    assert_eq!(calendar.deadline(day("2024-07-31"), 60), day("2024-09-29"));
    // Sunday 18 February 2024 was worked (春节 2024).
    assert_eq!(calendar.deadline(day("2023-12-20"), 60), day("2024-02-18"));
}

#[test]
fn across_the_spring_festival_and_national_day_of_several_years() {
    let calendar = Calendar::shipped();
    // 春节 2021: 11–17 February; a deadline on the 12th goes to Thursday the 18th.
    assert_eq!(calendar.deadline(day("2020-12-14"), 60), day("2021-02-18"));
    // 春节 2023: 21–27 January, then Saturday 28 January worked.
    assert_eq!(calendar.deadline(day("2022-11-23"), 60), day("2023-01-28"));
    // 春节 2025: 28 January – 4 February → Wednesday 5 February.
    assert_eq!(calendar.deadline(day("2024-12-01"), 60), day("2025-02-05"));
    // 春节 2026: 15–23 February → Tuesday 24 February.
    assert_eq!(calendar.deadline(day("2025-12-19"), 60), day("2026-02-24"));
    // 国庆 2023 with 中秋: 29 September – 6 October, then Saturday 7 October worked.
    assert_eq!(calendar.deadline(day("2023-08-01"), 60), day("2023-10-07"));
    // 国庆 2025 with 中秋: 1–8 October → Thursday 9 October.
    assert_eq!(calendar.deadline(day("2025-08-03"), 60), day("2025-10-09"));
    // 30 days of 复查 from 5 September 2021 end on 5 October, in 国庆 → Friday 8 October.
    assert_eq!(calendar.deadline(day("2021-09-05"), 30), day("2021-10-08"));
}

#[test]
fn a_user_adds_a_coming_years_days_or_takes_a_shipped_one_away() {
    let overrides = [
        DayOverride {
            on: day("2027-02-08"),
            kind: Some(DayKind::Rest),
        },
        DayOverride {
            on: day("2027-02-06"),
            kind: Some(DayKind::Work),
        },
        DayOverride {
            on: day("2022-10-03"),
            kind: None,
        },
    ];
    let calendar = Calendar::with(&overrides);
    assert!(calendar.is_rest_day(day("2027-02-08")));
    assert!(!calendar.is_rest_day(day("2027-02-06")));
    // Taken away: Monday 3 October 2022 is what its weekday says.
    assert!(!calendar.is_rest_day(day("2022-10-03")));
    assert_eq!(
        calendar.special_days(2027),
        [
            (day("2027-02-06"), DayKind::Work),
            (day("2027-02-08"), DayKind::Rest)
        ]
    );
}
