//! Widgets shared by pages.

pub mod form;
