//! Petitions (PRODUCT §2.2–2.4): register, list, and one petition's page.

pub mod actions;
pub mod detail;
pub mod fields;
pub mod list;
pub mod notice;
pub mod register;
pub mod repeats;

pub use detail::PetitionPage;
pub use list::{list_href, PetitionListPage};
pub use notice::NoticePage;
pub use register::RegisterPage;
