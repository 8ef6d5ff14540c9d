//! The office worker in the browser (gloo-worker): inside the worker, `register` answers
//! each task with `perform`; on the page, the worker is spawned the first time a task is
//! asked for (its wasm fetched then, or taken from the service worker's cache) and kept for
//! the next, so the page's own wasm holds none of the office formats.
//!
//! A worker whose script cannot be fetched never answers (gloo-worker reports no load
//! error), so before the first spawn the page fetches the loader itself: offline before the
//! service worker had cached the build, the task is refused with a reason instead of
//! waiting for ever.

use std::cell::RefCell;

use gloo_worker::oneshot::{oneshot, OneshotBridge};
use gloo_worker::{Registrable, Spawnable};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::task::{perform, Answer, Task};
use crate::exchange::KeyBytes;
use crate::i18n::{Lang, T};
use crate::report::{Paper, Table};
use crate::sheet::{Sheet, SheetError};

/// The worker's loader, as trunk writes it (index.html: `data-bin="office"`,
/// `data-type="worker"`, `data-loader-shim`).
const LOADER: &str = "/office_loader.js";

#[oneshot]
async fn OfficeWorker(task: Task) -> Answer {
    perform(task)
}

/// The worker's start (`src/bin/office.rs`): answers tasks until the page goes.
pub fn register() {
    console_error_panic_hook::set_once();
    OfficeWorker::registrar().register();
}

thread_local! {
    static BRIDGE: RefCell<Option<OneshotBridge<OfficeWorker>>> = const { RefCell::new(None) };
}

/// Why the office worker gave no file.
#[derive(Debug, Clone, PartialEq)]
pub enum OfficeError {
    /// The worker could not be started: its loader could not be fetched (the browser's
    /// reason). Nothing was asked of it; the next task tries again.
    Unavailable(String),
    /// The worker could not make the file (the writer's own words, for a bug report).
    Failed(String),
}

impl OfficeError {
    /// What the page says.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            OfficeError::Unavailable(why) => format!("{}{why}", T::OfficeUnavailable.get(lang)),
            OfficeError::Failed(why) => why.clone(),
        }
    }
}

async fn ask(task: Task) -> Result<Answer, OfficeError> {
    if BRIDGE.with(|slot| slot.borrow().is_none()) {
        loadable().await?;
    }
    let mut bridge = BRIDGE.with(|slot| {
        slot.borrow_mut()
            .get_or_insert_with(|| OfficeWorker::spawner().spawn_with_loader(LOADER))
            .fork()
    });
    Ok(bridge.run(task).await)
}

/// Whether the worker's loader can be fetched (from the service worker's cache, or the
/// network), so that a worker spawned now will start.
async fn loadable() -> Result<(), OfficeError> {
    let unavailable = |error: wasm_bindgen::JsValue| {
        let why = error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{error:?}"));
        OfficeError::Unavailable(why)
    };
    let window = web_sys::window().ok_or_else(|| OfficeError::Unavailable("no window".into()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(LOADER))
        .await
        .map_err(unavailable)?
        .unchecked_into();
    if response.ok() {
        Ok(())
    } else {
        Err(OfficeError::Unavailable(format!(
            "{LOADER}: HTTP {}",
            response.status()
        )))
    }
}

/// Each task has its own answer; another would be a bug in this module.
const MISMATCH: &str = "the office worker gave an answer of another task";

/// `paper` as a DOCX file.
pub async fn docx(paper: Paper) -> Result<Vec<u8>, OfficeError> {
    match ask(Task::Docx(paper)).await? {
        Answer::File(made) => made.map_err(OfficeError::Failed),
        _ => Err(OfficeError::Failed(MISMATCH.into())),
    }
}

/// `tables` as an XLSX workbook.
pub async fn xlsx(tables: Vec<Table>) -> Result<Vec<u8>, OfficeError> {
    match ask(Task::Xlsx(tables)).await? {
        Answer::File(made) => made.map_err(OfficeError::Failed),
        _ => Err(OfficeError::Failed(MISMATCH.into())),
    }
}

/// The sheets of the XLSX workbook in `bytes`, or why the workbook could not be read; the
/// outer error says the worker could not be started.
pub async fn read_xlsx(bytes: Vec<u8>) -> Result<Result<Vec<Sheet>, SheetError>, OfficeError> {
    match ask(Task::ReadXlsx(bytes)).await? {
        Answer::Sheets(read) => Ok(read),
        _ => Err(OfficeError::Failed(MISMATCH.into())),
    }
}

/// A sealed file's key, derived in the worker (for pages without WebCrypto); on the page's
/// own thread if the worker cannot be started.
pub async fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> KeyBytes {
    let task = Task::DeriveKey {
        passphrase: passphrase.into(),
        salt: salt.into(),
        iterations,
    };
    match ask(task).await {
        Ok(Answer::Key(key)) => key,
        _ => crate::exchange::derive_key(passphrase, salt, iterations),
    }
}
