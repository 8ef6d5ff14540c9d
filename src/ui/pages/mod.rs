//! Screens, one module per area of PRODUCT §10.

pub mod dashboard;
pub mod petitions;
mod placeholder;
pub mod settings;
pub mod setup;

pub use dashboard::DashboardPage;
pub use petitions::{PetitionListPage, PetitionPage, RegisterPage};
pub use placeholder::{NotFound, Planned};
pub use settings::SettingsPage;
pub use setup::SetupPage;
