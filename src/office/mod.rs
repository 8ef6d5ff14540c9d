//! The office formats and the slow sums, kept out of the page's wasm: DOCX and XLSX made,
//! a workbook read, a sealed file's key derived. `task` says what can be asked and does it
//! (plain Rust, tested natively); in the browser `worker` runs it in a Web Worker of its
//! own wasm (`src/bin/office.rs`), fetched the first time a page asks for it.

mod task;

pub use task::{perform, Answer, Task};

#[cfg(target_arch = "wasm32")]
mod worker;

#[cfg(target_arch = "wasm32")]
pub use worker::{derive_key, docx, read_xlsx, register, xlsx, OfficeError};
