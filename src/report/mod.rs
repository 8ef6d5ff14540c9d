//! The report of PRODUCT §6 as data and files: the narrative from a template bound to the
//! figures, the tables and chart series with last year's figures, and the downloads
//! (JSON, CSV, DOCX, XLSX). Plain Rust: no browser, tested natively.
//!
//! The report is an official Chinese document, so the wording produced here is Chinese
//! whatever language the interface is shown in.

mod breakdown;
pub mod csv;
pub mod document;
pub mod docx;
pub mod draft;
pub mod json;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod measure;
mod names;
pub mod notice;
// The report proper: its parent holds the files made from it, hence the shared name.
#[allow(clippy::module_inception)]
pub mod report;
pub mod table;
pub mod template;
pub mod wording;
pub mod xlsx;

pub use self::csv::figures_csv;
pub use self::json::report_json;
pub use self::report::{build_report, file_stem, Report, ReportBase, TallyBar, WeekPoint};
pub use document::{Archived, Document, Level, Paper};
pub use table::{Table, TableCell};
pub use template::{
    blank_label, blanks, figure_names, render, Filled, Omitted, Rendered, TemplateError,
    TemplateErrorKind, Warning, DEFAULT_TEMPLATE,
};
