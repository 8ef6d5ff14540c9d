//! The report figures of PRODUCT §5: each petition figure declared once with the rule that
//! counts it (`declared.rs`), the facts of a ledger gathered once (`facts.rs`), the
//! petitions counted by month as of a day and kept (`by_month.rs`), and the one count of a
//! scope over them (`count.rs`), for the period and the same period a year earlier (§5.4).

mod by_month;
mod count;
mod declared;
mod facts;
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod props;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use count::{
    ratio, week_count, with_derived, Month, PetitionCount, PetitionFigures, PetitionPeriod,
    TallyPeriod,
};
pub use declared::{
    by_office_figures, derived_tally, petition_figure, ChangeWording, DerivedTally, FigureKind,
    PetitionFigure, Population, COLLECTIVE_HEADCOUNT, DERIVED_TALLIES, PETITION_FIGURES,
};
pub use facts::{Case, LedgerFacts, Numbering, TallyFact};

/// Which records a report covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// First day of the period, inclusive.
    pub from: NaiveDate,
    /// Last day of the period, inclusive.
    pub to: NaiveDate,
    /// Office ids in scope; `None` for all offices.
    pub offices: Option<BTreeSet<String>>,
    /// The day on which the petitions are judged: concluded, overdue, pending, decided.
    pub as_of: NaiveDate,
}

impl Scope {
    /// A scope judged as of its last day, the default of PRODUCT §5.
    pub fn new(from: NaiveDate, to: NaiveDate, offices: Option<BTreeSet<String>>) -> Scope {
        Scope {
            from,
            to,
            offices,
            as_of: to,
        }
    }

    /// Whether the office is chosen (every office is, when none is named).
    pub fn takes_office(&self, office_id: &str) -> bool {
        self.offices
            .as_ref()
            .is_none_or(|offices| offices.contains(office_id))
    }

    /// Whether the day lies in the period.
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// The same day one year earlier; 29 February maps to 28 February.
pub fn one_year_earlier(day: NaiveDate) -> NaiveDate {
    let year = day.year() - 1;
    NaiveDate::from_ymd_opt(year, day.month(), day.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28))
        .unwrap_or(day)
}

/// The same scope one year earlier (§5.4), `as_of` shifted the same way.
pub fn previous_scope(scope: &Scope) -> Scope {
    Scope {
        from: one_year_earlier(scope.from),
        to: one_year_earlier(scope.to),
        offices: scope.offices.clone(),
        as_of: one_year_earlier(scope.as_of),
    }
}

/// All figures of §5 for one scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub petitions: PetitionFigures,
    /// Sum per metric key (§5.2), plus the derived sums such as `officers_disciplined`.
    pub tallies: std::collections::BTreeMap<String, f64>,
}
