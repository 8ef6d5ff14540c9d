//! Every petition figure of PRODUCT §5.1, declared once: its key, its names in Chinese and
//! English, its kind (which says how its change from last year is worded), which petitions
//! it looks at, and the rule that counts it. The page, the template, the JSON, CSV, XLSX and
//! DOCX downloads and the tests all read this table; adding a figure is one entry here.

use chrono::NaiveDate;

use super::facts::Case;
use crate::domain::petition::{Acceptance, Channel, ReviewLevel, Satisfaction};

/// What a figure is, and so how it is written and how its change is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    /// A number of cases or people, written plainly; its change is relative (提高12.5%).
    Count,
    /// A share in 0..=1, written as a percentage and null when there is nothing to share;
    /// its change is in percentage points (提高3.2个百分点).
    Rate,
    /// A sum that may have decimals (增拨经费 1.5 万元); its change is relative.
    Amount,
}

/// How the change of a figure from last year is worded (§5.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeWording {
    /// 提高12.5% / 下降3.0% / 持平 / 新增5.
    Relative,
    /// 提高3.2个百分点 / 下降… / 持平.
    Points,
}

impl FigureKind {
    pub fn change_wording(self) -> ChangeWording {
        match self {
            FigureKind::Count | FigureKind::Amount => ChangeWording::Relative,
            FigureKind::Rate => ChangeWording::Points,
        }
    }
}

/// Which petitions a figure looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Population {
    /// P: received in the period (§5.1).
    Period,
    /// Every petition in scope, whenever received; the rule says which it counts (overdue
    /// looks at every case received by `as_of`, reviews at stages requested in the period).
    Ledger,
}

/// What one petition adds to a figure, judged as of a day (the scope's `as_of`): a count,
/// or the part and the whole of a rate. A count or a rate reads no other day of the scope,
/// so a month's petitions can be counted once for every period that holds the whole month;
/// the stages requested in the period are counted apart, by the day of each request.
#[derive(Clone, Copy)]
pub enum Rule {
    Count(fn(&Case, NaiveDate) -> u64),
    /// The part is counted only among petitions in the whole.
    Rate {
        part: fn(&Case, NaiveDate) -> u64,
        whole: fn(&Case, NaiveDate) -> u64,
    },
    /// The 复查 or 复核 stages requested in the period, of any petition in scope.
    StagesRequested(ReviewLevel),
}

/// One petition figure of §5.1.
#[derive(Clone, Copy)]
pub struct PetitionFigure {
    /// The key in the JSON download and the template (`visits`).
    pub key: &'static str,
    /// The report's Chinese name (`来访`).
    pub zh: &'static str,
    /// The Chinese unit a count is written with (`起`); empty for a rate.
    pub unit_zh: &'static str,
    pub en: &'static str,
    pub kind: FigureKind,
    pub population: Population,
    pub rule: Rule,
}

impl PetitionFigure {
    /// The Chinese name with its unit, as tables head a column: `来访（起）`, `结案率`.
    pub fn label_zh(&self) -> String {
        match self.unit_zh {
            "" => self.zh.to_string(),
            unit => format!("{}（{unit}）", self.zh),
        }
    }
}

impl std::fmt::Debug for PetitionFigure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)
    }
}

const fn count(
    key: &'static str,
    zh: &'static str,
    unit_zh: &'static str,
    en: &'static str,
    rule: fn(&Case, NaiveDate) -> u64,
) -> PetitionFigure {
    PetitionFigure {
        key,
        zh,
        unit_zh,
        en,
        kind: FigureKind::Count,
        population: Population::Period,
        rule: Rule::Count(rule),
    }
}

const fn rate(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    part: fn(&Case, NaiveDate) -> u64,
    whole: fn(&Case, NaiveDate) -> u64,
) -> PetitionFigure {
    PetitionFigure {
        key,
        zh,
        unit_zh: "",
        en,
        kind: FigureKind::Rate,
        population: Population::Period,
        rule: Rule::Rate { part, whole },
    }
}

const fn stages_requested(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    level: ReviewLevel,
) -> PetitionFigure {
    PetitionFigure {
        key,
        zh,
        unit_zh: "件",
        en,
        kind: FigureKind::Count,
        population: Population::Ledger,
        rule: Rule::StagesRequested(level),
    }
}

const fn over_the_ledger(figure: PetitionFigure) -> PetitionFigure {
    PetitionFigure {
        population: Population::Ledger,
        ..figure
    }
}

/// A group visit (集体访) brings at least this many people.
pub const COLLECTIVE_HEADCOUNT: u32 = 5;

/// Every petition figure, in the order the report lists them: §5.1, then revision 2's.
pub const PETITION_FIGURES: [PetitionFigure; 23] = [
    count("total", "收件总数", "件", "Petitions received", |_, _| 1),
    count("visits", "来访", "起", "Visits (cases)", |c, _| {
        u64::from(c.is_visit())
    }),
    count(
        "visit_people",
        "来访",
        "人次",
        "Visitors (people)",
        |c, _| {
            if c.is_visit() {
                u64::from(c.headcount)
            } else {
                0
            }
        },
    ),
    count("letters", "来信", "封", "Letters", |c, _| {
        u64::from(c.channel == Channel::Letter)
    }),
    count("calls", "来电", "件", "Phone calls", |c, _| {
        u64::from(c.channel == Channel::Phone)
    }),
    count("online", "网上信访", "件", "Online", |c, _| {
        u64::from(c.channel == Channel::Online)
    }),
    count("referrals", "上级转交", "件", "Referred", |c, _| {
        u64::from(c.channel == Channel::Referral)
    }),
    count("repeat", "重访", "起", "Repeat petitions", |c, _| {
        u64::from(c.repeat)
    }),
    count("collective", "集体访", "起", "Group visits", |c, _| {
        u64::from(c.is_visit() && c.headcount >= COLLECTIVE_HEADCOUNT)
    }),
    count(
        "law_related",
        "实际涉法涉诉信访案件",
        "件",
        "Law-related cases",
        law_related,
    ),
    count("assigned", "交办", "件", "Assigned", |c, _| {
        u64::from(c.in_law_set() && c.assigned)
    }),
    count("concluded", "办结", "件", "Concluded", concluded),
    rate(
        "closure_rate",
        "结案率",
        "Closure rate",
        concluded,
        law_related,
    ),
    over_the_ledger(count("overdue", "逾期", "件", "Overdue", |c, as_of| {
        u64::from(!c.repeat && c.timing.received_on <= as_of && c.timing.overdue(as_of))
    })),
    rate(
        "satisfaction_rate",
        "满意率",
        "Satisfaction rate",
        |c, _| {
            u64::from(
                c.satisfaction
                    .is_some_and(|s| s != Satisfaction::Unsatisfied),
            )
        },
        |c, _| u64::from(c.satisfaction.is_some()),
    ),
    count("accepted", "受理", "件", "Accepted", |c, as_of| {
        u64::from(c.decided(Acceptance::Accepted, as_of))
    }),
    count(
        "not_accepted",
        "不予受理",
        "件",
        "Not accepted",
        |c, as_of| u64::from(c.decided(Acceptance::NotAccepted, as_of)),
    ),
    count("forwarded", "转送", "件", "Forwarded", |c, as_of| {
        u64::from(c.decided(Acceptance::Forwarded, as_of))
    }),
    count("pending", "未办结", "件", "Pending", |c, as_of| {
        u64::from(c.in_law_set() && !c.timing.concluded_by(as_of))
    }),
    rate(
        "on_time_rate",
        "按期办结率",
        "Concluded on time",
        |c, as_of| u64::from(c.in_law_set() && c.timing.concluded_on_time(as_of)),
        concluded,
    ),
    count("supervised", "督办", "件", "Supervised", |c, _| {
        u64::from(c.supervised)
    }),
    stages_requested("reviews", "复查", "Reviews requested", ReviewLevel::Review),
    stages_requested(
        "rechecks",
        "复核",
        "Rechecks requested",
        ReviewLevel::Recheck,
    ),
];

/// L of §5.1: law-related and not a repeat.
fn law_related(c: &Case, _: NaiveDate) -> u64 {
    u64::from(c.in_law_set())
}

/// L concluded as of `as_of`, by the log (办结).
fn concluded(c: &Case, as_of: NaiveDate) -> u64 {
    u64::from(c.in_law_set() && c.timing.concluded_by(as_of))
}

/// The figure with this key.
pub fn petition_figure(key: &str) -> Option<&'static PetitionFigure> {
    PETITION_FIGURES.iter().find(|figure| figure.key == key)
}

/// The figures each handling office's row of the report's office table shows, in order.
const BY_OFFICE_KEYS: [&str; 7] = [
    "total",
    "visits",
    "visit_people",
    "letters",
    "law_related",
    "concluded",
    "overdue",
];

/// The figures of the report's table by handling office (`BY_OFFICE_KEYS`).
pub fn by_office_figures() -> impl Iterator<Item = &'static PetitionFigure> {
    BY_OFFICE_KEYS.iter().filter_map(|key| petition_figure(key))
}

#[cfg(test)]
mod by_office_tests {
    #[test]
    fn every_figure_of_the_office_table_is_declared() {
        assert_eq!(
            super::by_office_figures().count(),
            super::BY_OFFICE_KEYS.len()
        );
    }
}

/// A tally figure that is the sum of others (§5.2), present when any of its parts is.
#[derive(Debug, Clone, Copy)]
pub struct DerivedTally {
    pub key: &'static str,
    pub zh: &'static str,
    pub unit_zh: &'static str,
    pub en: &'static str,
    pub parts: &'static [&'static str],
}

pub const DERIVED_TALLIES: [DerivedTally; 1] = [DerivedTally {
    key: "officers_disciplined",
    zh: "处理违法违纪干警",
    unit_zh: "名",
    en: "Officers disciplined (total)",
    parts: &[
        "officers_arrested",
        "officers_dismissed",
        "officers_removed",
        "officers_sanctioned",
    ],
}];

/// The derived tally figure with this key.
pub fn derived_tally(key: &str) -> Option<&'static DerivedTally> {
    DERIVED_TALLIES.iter().find(|derived| derived.key == key)
}
