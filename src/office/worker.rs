//! The office worker in the browser (gloo-worker): inside the worker, `register` answers
//! each task with `perform`; on the page, the worker is spawned the first time a task is
//! asked for (its wasm fetched then, or taken from the service worker's cache) and kept for
//! the next, so the page's own wasm holds none of the office formats.

use std::cell::RefCell;

use gloo_worker::oneshot::{oneshot, OneshotBridge};
use gloo_worker::{Registrable, Spawnable};

use super::task::{perform, Answer, Task};
use crate::exchange::KeyBytes;
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

async fn ask(task: Task) -> Answer {
    let mut bridge = BRIDGE.with(|slot| {
        slot.borrow_mut()
            .get_or_insert_with(|| OfficeWorker::spawner().spawn_with_loader(LOADER))
            .fork()
    });
    bridge.run(task).await
}

/// Each task has its own answer; another would be a bug in this module.
const MISMATCH: &str = "the office worker gave an answer of another task";

/// `paper` as a DOCX file.
pub async fn docx(paper: Paper) -> Result<Vec<u8>, String> {
    match ask(Task::Docx(paper)).await {
        Answer::File(made) => made,
        _ => Err(MISMATCH.into()),
    }
}

/// `tables` as an XLSX workbook.
pub async fn xlsx(tables: Vec<Table>) -> Result<Vec<u8>, String> {
    match ask(Task::Xlsx(tables)).await {
        Answer::File(made) => made,
        _ => Err(MISMATCH.into()),
    }
}

/// The sheets of the XLSX workbook in `bytes`.
pub async fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Sheet>, SheetError> {
    match ask(Task::ReadXlsx(bytes)).await {
        Answer::Sheets(read) => read,
        _ => Err(SheetError::Unreadable(MISMATCH.into())),
    }
}

/// A sealed file's key, derived in the worker (for pages without WebCrypto).
pub async fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> KeyBytes {
    let task = Task::DeriveKey {
        passphrase: passphrase.into(),
        salt: salt.into(),
        iterations,
    };
    match ask(task).await {
        Answer::Key(key) => key,
        _ => unreachable!("{MISMATCH}"),
    }
}
