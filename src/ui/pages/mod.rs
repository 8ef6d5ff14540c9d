//! Screens, one module per area of PRODUCT §10.

pub mod campaigns;
pub mod dashboard;
pub mod petitions;
mod placeholder;
pub mod reports;
pub mod settings;
pub mod setup;
pub mod tallies;

pub use campaigns::{CampaignPage, CampaignsPage};
pub use dashboard::DashboardPage;
pub use petitions::{PetitionListPage, PetitionPage, RegisterPage};
pub use placeholder::{NotFound, Planned};
pub use reports::ReportsPage;
pub use settings::SettingsPage;
pub use setup::SetupPage;
pub use tallies::TalliesPage;
