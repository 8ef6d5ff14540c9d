//! The ledger's records, rules, report figures and merge, as plain Rust (no browser, no UI).
//!
//! **Architecture Invariant:** nothing here knows about IndexedDB, Leptos or the clock.
//! "Today" and "now" are always parameters, so every rule is a pure function that
//! builds and is tested natively and in wasm alike. No message text lives here either:
//! problems are typed (`ProblemKind`, `IdNumberError`) and the UI translates them; what
//! lives here are the names of things declared once (a petition field's labels, a figure's).

/// Declares a closed set of keys (PRODUCT §3) as an enum whose serde names are its keys,
/// with `ALL`, `key()` and `from_key()`.
macro_rules! closed_set {
    (
        $(#[$attr:meta])*
        pub enum $name:ident { $( $(#[$vattr:meta])* $variant:ident => $key:literal, )+ }
    ) => {
        $(#[$attr])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $( $(#[$vattr])* $variant, )+ }

        impl $name {
            /// Every member, in the order of PRODUCT §3.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The key used in files, selects and URLs.
            pub fn key(&self) -> &'static str {
                match self { $($name::$variant => $key,)+ }
            }

            /// The member with this key, if there is one.
            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)+ _ => None }
            }

            /// Whether `key` is the key of a member.
            pub fn is_key(key: &str) -> bool {
                Self::from_key(key).is_some()
            }
        }
    };
}

pub mod action_data;
pub mod backup;
pub mod calendar;
pub mod campaign;
pub mod catalogue;
pub mod conclusion;
pub mod deadline;
pub mod fields;
pub mod figures;
pub mod first_screen;
pub mod from_text;
pub mod id_number;
pub mod kept;
pub mod ledger;
pub mod listing;
pub mod log_id;
pub mod merge;
pub mod metric;
pub mod metrics;
pub mod name;
pub mod notice;
pub mod office;
pub mod offices;
pub mod petition;
pub mod record;
pub mod redaction;
pub mod repeat;
pub mod search;
pub mod strict;
pub mod tallies;
pub mod tally;
pub mod tally_import;
pub mod today;
pub mod validate;
pub mod workflow;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod merge_props;

pub use calendar::{Calendar, DayKind, DayOverride};
pub use campaign::Campaign;
pub use catalogue::builtin_metrics;
pub use figures::{previous_scope, Figures, PetitionFigures, Scope};
pub use id_number::IdNumberError;
pub use ledger::{pack, AnyRecord, Ledger, LedgerTable};
pub use listing::{
    dashboard, dashboard_of, handling_office, propose_serial, sort_petitions, sorted_positions,
    Condition, Conditions, Dashboard, DashboardCounts, PetitionFilter, Sort, SortKey,
};
pub use log_id::LogId;
pub use merge::{
    merge_into, merge_ledger, merge_owned, merge_record, restore_loser, Conflict, MergeCounts,
    MergeOutcome, MergeReport,
};
pub use metric::{key_from_label, Metric, MetricGroup};
pub use metrics::{available_metrics, how_to_remove, metric_in_use, MetricRemoval};
pub use name::{Id, Name};
pub use notice::NoticeKind;
pub use office::{Office, OfficeKind};
pub use petition::{
    Acceptance, Action, ActionKind, Category, Channel, NewPetition, Outcome, Petition, Petitioner,
    Review, ReviewLevel, ReviewOutcome, Satisfaction, Status, Supervision,
};
pub use record::{document_digest, Meta, Record, RecordKind, Stamp};
pub use repeat::{find_repeats, RepeatCandidate, RepeatQuery, RepeatReason};
pub use search::PetitionIndex;
pub use tallies::{
    find_tally, grid, set_count, totals, week_start, CampaignScope, Grid, GridCell, GridRows,
    TallyScope, TallyTotals,
};
pub use tally::Tally;
pub use tally_import::{
    guess_columns, parse_count, plan_tally_import, ColumnMap, ImportContext, ImportField,
    RefusedRow, RowProblem, TallyImportPlan,
};
pub use validate::{
    validate_campaign, validate_metric, validate_office, validate_petition, validate_tally,
    Problem, ProblemKind,
};
pub use workflow::StepRefused;
