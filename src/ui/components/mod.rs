//! Widgets shared by pages.

pub mod after_load;
pub mod choices;
pub mod draft;
pub mod form;
pub mod inputs;
pub mod metric_select;
pub mod office_fields;
pub mod operator;
pub mod paper;
