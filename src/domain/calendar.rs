//! Rest days (PRODUCT §4): weekends, the statutory holidays of the State Council's yearly
//! arrangements (国务院办公厅关于……部分节假日安排的通知, shipped as data in
//! `calendar/holidays.json` with the notice each year comes from), the weekend days those
//! arrangements make working days (调休), and the days a user adds or takes away. A deadline
//! whose last day is a rest day moves to the next working day.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

closed_set! {
    /// What a day is, where it is not what its weekday says.
    pub enum DayKind {
        /// A rest day whatever its weekday (a statutory holiday).
        Rest => "rest",
        /// A working day whatever its weekday (a weekend day made a working day, 调休上班).
        Work => "work",
    }
}

/// One year's arrangement as the State Council published it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrangement {
    pub year: i32,
    /// The notice's title and number, e.g. 国务院办公厅关于2022年部分节假日安排的通知（国办发明电〔2021〕11号）.
    pub notice: String,
    pub holidays: Vec<Holiday>,
    /// Weekend days made working days.
    pub workdays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// 元旦, 春节, 清明节 …
    pub name: String,
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
}

/// A day the user set apart from the shipped arrangements: a holiday or a working day, or
/// `None` to take a shipped one away (the day is then what its weekday says).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOverride {
    pub on: NaiveDate,
    pub kind: Option<DayKind>,
}

/// The shipped arrangements, 2020–2026.
pub fn arrangements() -> &'static [Arrangement] {
    static SHIPPED: OnceLock<Vec<Arrangement>> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        // The file is part of the build and checked by a test; an error here is a bug.
        serde_json::from_str(include_str!("calendar/holidays.json")).unwrap_or_default()
    })
}

/// Which days are rest days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    special: BTreeMap<NaiveDate, DayKind>,
}

impl Calendar {
    /// The shipped arrangements with the user's days laid over them.
    pub fn with(overrides: &[DayOverride]) -> Calendar {
        let mut special = BTreeMap::new();
        for year in arrangements() {
            for holiday in &year.holidays {
                let mut day = holiday.from;
                while day <= holiday.to {
                    special.insert(day, DayKind::Rest);
                    let Some(next) = day.checked_add_days(Days::new(1)) else {
                        break;
                    };
                    day = next;
                }
            }
            for day in &year.workdays {
                special.insert(*day, DayKind::Work);
            }
        }
        for day in overrides {
            match day.kind {
                Some(kind) => special.insert(day.on, kind),
                None => special.remove(&day.on),
            };
        }
        Calendar { special }
    }

    /// The shipped arrangements alone.
    pub fn shipped() -> Calendar {
        Calendar::with(&[])
    }

    /// What the day is where it is special; `None` where its weekday says it.
    pub fn special(&self, day: NaiveDate) -> Option<DayKind> {
        self.special.get(&day).copied()
    }

    /// The special days of a year, in order.
    pub fn special_days(&self, year: i32) -> Vec<(NaiveDate, DayKind)> {
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return Vec::new();
        };
        self.special
            .range(first..=last)
            .map(|(day, kind)| (*day, *kind))
            .collect()
    }

    pub fn is_rest_day(&self, day: NaiveDate) -> bool {
        match self.special(day) {
            Some(DayKind::Rest) => true,
            Some(DayKind::Work) => false,
            None => matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The day itself if it is a working day, else the next one.
    pub fn working_day_from(&self, day: NaiveDate) -> NaiveDate {
        let mut day = day;
        // A run of rest days is at most a few weeks; the bound only guards a broken override set.
        for _ in 0..366 {
            if !self.is_rest_day(day) {
                return day;
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => return day,
            }
        }
        day
    }

    /// The last day of a period of `days` days starting the day after `start` (the start
    /// day is not counted), moved to the next working day when it is a rest day.
    pub fn deadline(&self, start: NaiveDate, days: u64) -> NaiveDate {
        let last = start.checked_add_days(Days::new(days)).unwrap_or(start);
        self.working_day_from(last)
    }
}

#[cfg(test)]
mod tests;
