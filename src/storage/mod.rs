//! Everything the app keeps in the browser. Only this module touches browser storage.

pub mod prefs;
