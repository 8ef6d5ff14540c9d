//! Screens, one module per area of PRODUCT §10.

mod placeholder;

pub use placeholder::{NotFound, Planned};
