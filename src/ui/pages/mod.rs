//! Screens, one module per area of PRODUCT §10.

mod placeholder;
pub mod settings;
pub mod setup;

pub use placeholder::{NotFound, Planned};
pub use settings::SettingsPage;
pub use setup::SetupPage;
