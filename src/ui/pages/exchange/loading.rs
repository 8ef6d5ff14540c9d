//! Reading, checking and planning an import a slice at a time, so that a file of 100 MB
//! leaves the page responsive and shows how far it is: the file is read in pieces of 1 MB
//! (never whole, unless it is sealed), records are checked and planned 2,000 at a time,
//! and the browser gets a turn between slices. The tallies are checked as they are read
//! (once every array before them is), so their raw text is never held all at once.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::{
    GetUntracked, GetValue, LocalStorage, SetValue, StoredValue, UpdateValue, WithUntracked,
};

use crate::domain::AnyRecord;
pub use crate::exchange::Stop;
use crate::exchange::{FileError, ImportPlan, ParsedFile, Planner, StreamReader};
use crate::ui::clock::today;
use crate::ui::keys::open_sealed;
use crate::ui::pace::{next_turn, Progress, Stage};
use crate::ui::state::AppState;

/// Bytes of the file read and decoded at a time.
const PIECE: usize = 1 << 20;
/// Records checked or planned between two turns of the browser.
const RECORDS_PER_TURN: usize = 2_000;

/// A piece of the file, read by gloo-file's `FileReader` future.
async fn bytes_of(blob: &gloo_file::Blob) -> Result<js_sys::Uint8Array, String> {
    let buffer = gloo_file::futures::read_as_array_buffer(blob)
        .await
        .map_err(|error| error.to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer))
}

/// Reads and checks an exchange file in slices, telling `progress` how far it is.
pub async fn read_file(
    state: AppState,
    file: &web_sys::File,
    progress: &dyn Fn(Progress),
) -> Result<ParsedFile, Stop> {
    let file = gloo_file::File::from(file.clone());
    let total = file.size() as usize;
    let mut reader = StreamReader::new(today()).with_calendar(state.calendar.get_untracked());
    let mut start = 0;
    while start < total {
        let end = (start + PIECE).min(total);
        let piece = file.slice(start as u64, end as u64);
        let bytes = bytes_of(&piece).await.map_err(Stop::Unreadable)?.to_vec();
        match state
            .ledger
            .with_untracked(|l| reader.push_bytes(&bytes, l))
        {
            Ok(()) => {}
            Err(FileError::Encrypted) => {
                let whole = bytes_of(&file).await.map_err(Stop::Unreadable)?;
                let text = String::from_utf8(whole.to_vec())
                    .map_err(|_| Stop::Refused(FileError::NotUtf8))?;
                return Err(Stop::Sealed(text));
            }
            Err(error) => return Err(Stop::Refused(error)),
        }
        start = end;
        check_cut(state, &mut reader, start, total, progress).await;
    }
    check(state, reader, progress).await
}

/// Checks the records the reading has cut out so far, if they can be checked before the
/// file's end, a slice at a time; the progress is the part of the file read.
async fn check_cut(
    state: AppState,
    reader: &mut StreamReader,
    done: usize,
    total: usize,
    progress: &dyn Fn(Progress),
) {
    loop {
        let stage = if reader.checking() {
            Stage::Checking
        } else {
            Stage::Reading
        };
        progress(Progress { stage, done, total });
        if state
            .ledger
            .with_untracked(|l| reader.check(l, RECORDS_PER_TURN))
        {
            return;
        }
        next_turn().await;
    }
}

/// The file the user chose, and the passphrase that opened it if it is sealed: what it
/// takes to read it again once a plan took its records (a plan made again, a restore
/// tried again).
#[derive(Clone, Copy)]
pub struct Chosen(StoredValue<Option<(web_sys::File, Option<String>)>, LocalStorage>);

impl Chosen {
    pub fn new() -> Chosen {
        Chosen(StoredValue::new_local(None))
    }

    pub fn choose(self, file: &web_sys::File) {
        self.0.set_value(Some((file.clone(), None)));
    }

    /// The chosen file was sealed and `passphrase` opened it.
    pub fn opened_with(self, passphrase: &str) {
        self.0.update_value(|chosen| {
            if let Some((_, opened_with)) = chosen {
                *opened_with = Some(passphrase.to_string());
            }
        });
    }

    /// Reads the chosen file once more (`None`: none was chosen), opening it with the
    /// passphrase that opened it. One that the passphrase no longer opens is handed back
    /// sealed, for the user to give it again.
    pub async fn read_again(
        self,
        state: AppState,
        progress: &dyn Fn(Progress),
    ) -> Option<Result<ParsedFile, Stop>> {
        let (file, passphrase) = self.0.get_value()?;
        Some(
            match (read_file(state, &file, progress).await, passphrase) {
                (Err(Stop::Sealed(envelope)), Some(passphrase)) => {
                    match open_sealed(&envelope, &passphrase).await {
                        Ok(text) => read_text(state, &text, progress).await,
                        Err(_) => Err(Stop::Sealed(envelope)),
                    }
                }
                (outcome, _) => outcome,
            },
        )
    }
}

/// Reads and checks the text of a file already in memory (a decrypted one), in slices.
pub async fn read_text(
    state: AppState,
    text: &str,
    progress: &dyn Fn(Progress),
) -> Result<ParsedFile, Stop> {
    let mut reader = StreamReader::new(today()).with_calendar(state.calendar.get_untracked());
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(PIECE);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (piece, after) = rest.split_at(cut);
        state
            .ledger
            .with_untracked(|l| reader.push(piece, l))
            .map_err(Stop::Refused)?;
        rest = after;
        check_cut(
            state,
            &mut reader,
            text.len() - rest.len(),
            text.len(),
            progress,
        )
        .await;
        next_turn().await;
    }
    check(state, reader, progress).await
}

async fn check(
    state: AppState,
    reader: StreamReader,
    progress: &dyn Fn(Progress),
) -> Result<ParsedFile, Stop> {
    let mut reader = state
        .ledger
        .with_untracked(|l| reader.end(l))
        .map_err(Stop::Refused)?;
    loop {
        let done = state
            .ledger
            .with_untracked(|l| reader.read(l, RECORDS_PER_TURN));
        let (read, total) = reader.progress();
        progress(Progress {
            stage: Stage::Checking,
            done: read,
            total,
        });
        if done {
            break;
        }
        next_turn().await;
    }
    Ok(state.ledger.with_untracked(|l| reader.finish(l)))
}

/// Takes a file's records out of it, moved if `file` is its only holder, else copied.
pub fn take_records(file: Arc<ParsedFile>) -> (ParsedFile, Vec<(String, AnyRecord)>) {
    let mut file = Arc::unwrap_or_clone(file);
    let records = std::mem::take(&mut file.records);
    (file, records)
}

/// Plans the import of the file's `records` (only its valid ones when `valid_only`) in
/// slices. The plan takes the records: each is held once, by the file or by the plan.
pub async fn plan(
    state: AppState,
    file: &ParsedFile,
    records: Vec<(String, AnyRecord)>,
    valid_only: bool,
    progress: &dyn Fn(Progress),
) -> ImportPlan {
    let invalid: HashSet<&str> = if valid_only {
        file.invalid_records.iter().map(String::as_str).collect()
    } else {
        HashSet::new()
    };
    let mut planner = Planner::new();
    planner.skip_invalid(if valid_only {
        file.invalid_records.len()
    } else {
        0
    });
    let total = records.len();
    // Taken from the end of the reversed list, which then gives back its room a slice at a
    // time to the plan that holds them, instead of the list's room being kept to the end.
    let mut records = records;
    records.reverse();
    let mut done = 0;
    loop {
        let slice = records.drain(records.len().saturating_sub(RECORDS_PER_TURN)..);
        let taken = slice.len();
        let chosen = slice
            .rev()
            .filter(|(place, _)| !invalid.contains(place.as_str()))
            .map(|(_, record)| record);
        state.ledger.with_untracked(|l| planner.feed(l, chosen));
        records.shrink_to_fit();
        if taken == 0 {
            break;
        }
        done += taken;
        progress(Progress {
            stage: Stage::Planning,
            done,
            total,
        });
        next_turn().await;
    }
    planner.finish()
}
