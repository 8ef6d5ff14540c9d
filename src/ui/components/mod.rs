//! Widgets shared by pages.

pub mod form;
pub mod inputs;
pub mod office_fields;
