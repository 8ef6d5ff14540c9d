//! Taizhang (台账): an offline-first ledger of petition cases and campaign tallies.
//!
//! The plain-Rust parts (`domain`, `exchange`, `sheet`, `report`, `i18n`) build everywhere and are tested natively;
//! the browser parts (`ui`) exist only in the wasm build.

pub mod domain;
pub mod exchange;
pub mod generate;
pub mod i18n;
pub mod office;
pub mod report;
pub mod sheet;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;

#[cfg(target_arch = "wasm32")]
pub mod marks;

#[cfg(target_arch = "wasm32")]
pub mod storage;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub use ui::start;
