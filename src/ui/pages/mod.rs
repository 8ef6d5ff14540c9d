//! Screens, one module per area of PRODUCT §10.

pub mod campaigns;
pub mod dashboard;
pub mod exchange;
pub mod holidays;
mod not_found;
pub mod petitions;
pub mod reports;
pub mod settings;
pub mod setup;
pub mod tallies;

pub use campaigns::{CampaignPage, CampaignsPage};
pub use dashboard::DashboardPage;
pub use exchange::{ConflictsPage, ExchangePage};
pub use not_found::NotFound;
pub use petitions::{NoticePage, PetitionListPage, PetitionPage, RegisterPage};
pub use reports::ReportsPage;
pub use settings::SettingsPage;
pub use setup::SetupPage;
pub use tallies::TalliesPage;
