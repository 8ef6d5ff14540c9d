//! Reading an exchange file as it arrives, a piece at a time, so that a large file never
//! has to be held whole, nor as one JSON tree: the browser reads the file in slices and
//! hands each slice's text to `StreamReader::push`, yielding to the page in between.
//!
//! A small resumable splitter walks the top-level object byte by byte: key strings, then
//! values. Each element of the five record arrays is cut out as its raw text (depth,
//! strings and escapes tracked), checked for JSON syntax at once and kept as a compact
//! `Box<str>`; every other top-level value (the header, unknown fields) is small, so its
//! text is collected and parsed whole. The header is checked as soon as it is known, so an
//! encrypted file or one of a newer version is refused with its first piece. `end` hands
//! over a `FileReader`, which checks the records in slices as before, turning each raw
//! record into a JSON value only when its turn comes. Once the tally array begins after
//! every other array (as the app writes files), the `FileReader` is made at once and
//! `check` checks the records as they are cut out, so the tallies' raw text, the bulk of
//! a large file, is never held whole.
//!
//! **What it holds:** the raw text of every record not checked yet (about the size of the
//! file up to the tallies: the whitespace between records is dropped), the header's values,
//! and the text of the one key, value or record being cut out. Never a JSON tree of the
//! whole file.
//!
//! A record array named twice is refused (`RepeatedArray`): a JSON object would keep the
//! last, silently dropping the first array's records, and the tallies may already be
//! checked when a second array of them begins.
//!
//! A file is refused as soon as it is known to be bad, with the same `FileError` as reading
//! it whole gives, and for JSON mistakes the same line and column in the whole file (counted
//! from 1; the column in bytes, as serde_json counts). Where a file is bad in more than one
//! way, the first the reading meets wins: a header problem is refused when the header is
//! read, before a JSON mistake further on is seen, and a top-level value that is not an
//! object is refused at its first character.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::crypto::ENVELOPE_FORMAT;
use super::file::{Source, FORMAT, VERSION};
use super::read::{FileReader, ParsedFile, RawRecords};
use super::shape::{FileError, ARRAYS};
use crate::domain::record::timestamp;
use crate::domain::{Calendar, Ledger, RecordKind};

/// The header fields, in the order their problems are reported.
const HEADER: [&str; 5] = ["format", "version", "exported_at", "source", "redacted"];

/// serde_json refuses the 128th bracket opened inside another: reading a file whole does.
const MAX_DEPTH: usize = 128;

/// Where a piece of text starts in the whole file: its line (from 1) and the bytes before it
/// on that line.
#[derive(Debug, Clone, Copy)]
struct At {
    line: usize,
    column: usize,
}

impl At {
    /// The place of an error serde_json found at (line, column) of a text starting here.
    fn of(self, line: usize, column: usize) -> FileError {
        if line <= 1 {
            FileError::NotJson {
                line: self.line,
                column: self.column + column,
            }
        } else {
            FileError::NotJson {
                line: self.line + line - 1,
                column,
            }
        }
    }

    fn of_error(self, error: &serde_json::Error) -> FileError {
        self.of(error.line(), error.column())
    }

    /// The place serde_json gives for the byte at `index` of `text`, which starts here.
    fn of_byte(self, text: &str, index: usize) -> FileError {
        let before = &text.as_bytes()[..=index];
        match before.iter().rposition(|b| *b == b'\n') {
            Some(newline) => FileError::NotJson {
                line: self.line + before.iter().filter(|b| **b == b'\n').count(),
                column: index - newline,
            },
            None => FileError::NotJson {
                line: self.line,
                column: self.column + index + 1,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the top-level value.
    Start,
    /// After `{`: a key or `}`.
    FirstKey,
    /// After `,` between fields: a key.
    Key,
    /// Inside a key's string.
    InKey,
    Colon,
    Value,
    /// Inside a top-level value other than a record array.
    Raw,
    /// After a record array's `[`: its first record or `]`.
    FirstRecord,
    /// After `,` in a record array.
    Record,
    /// Inside a record.
    InRecord,
    /// After a top-level value: `,` or `}`.
    AfterValue,
    /// After the top-level object: only whitespace may follow.
    Done,
}

/// What the field being read is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Header(usize),
    Array(usize),
    Other,
}

/// What became of a record array's field.
enum Slot {
    Absent,
    NotAnArray,
    Records(RawRecords),
}

/// Reads an exchange file given a piece of its text at a time; see the module.
pub struct StreamReader {
    today: NaiveDate,
    calendar: Calendar,
    state: State,
    /// Bytes taken, the byte order mark included.
    taken: usize,
    /// Bytes scanned after the byte order mark, the line (from 1) and where it starts:
    /// the places errors are given in.
    offset: usize,
    line: usize,
    line_start: usize,
    /// The text of the key, value or record being cut out, and where it starts.
    token: String,
    token_at: At,
    /// Inside the token: the brackets open, and whether in a string and after a backslash.
    stack: Vec<u8>,
    in_string: bool,
    escaped: bool,
    field: Field,
    header: [Option<Value>; 5],
    arrays: [Slot; 5],
    /// Checks the records as soon as every record they may depend on is read: made when the
    /// tally array begins after all the others (see `CHECKED_AS_CUT`).
    checker: Option<FileReader>,
    refused: Option<FileError>,
    /// The start of a character the last piece of bytes cut off (`push_bytes`).
    cut_off: Vec<u8>,
}

/// The array whose records are checked as they are cut out of the file, once every other
/// array is read before it (as the app writes them): the tallies, the bulk of a large file.
/// No record refers to a tally, and a tally's checks look only at records of the arrays
/// before it (its office, campaign and metric) and at the tallies before it (a repeated
/// id), so checking each as it comes finds what checking them after the whole file finds.
const CHECKED_AS_CUT: usize = ARRAYS.len() - 1;

/// The header of a file that passed.
struct Header {
    exported_at: DateTime<Utc>,
    source: Source,
    redacted: bool,
}

impl StreamReader {
    /// A reader for a file to be imported on `today` (see `FileReader`).
    pub fn new(today: NaiveDate) -> Self {
        StreamReader {
            today,
            calendar: Calendar::shipped(),
            state: State::Start,
            taken: 0,
            offset: 0,
            line: 1,
            line_start: 0,
            token: String::new(),
            token_at: At { line: 1, column: 0 },
            stack: Vec::new(),
            in_string: false,
            escaped: false,
            field: Field::Other,
            header: Default::default(),
            arrays: [const { Slot::Absent }; 5],
            checker: None,
            refused: None,
            cut_off: Vec::new(),
        }
    }

    /// The next piece of the file's text, in order; pieces may split anywhere (inside a
    /// string, between a backslash and what it escapes, inside a number, between records).
    /// Refuses as soon as the file is known to be bad: not JSON (with the line and column in
    /// the whole file), not a `taizhang` object, encrypted, of a newer version, a bad header
    /// field, a record array's field that is not an array. Once refused, every later call
    /// gives the same error. A leading byte order mark is ignored.
    ///
    /// `ledger` is the one the file will be imported into (see `FileReader`): once the
    /// records can be checked as they come, `check` checks those cut out so far.
    pub fn push(&mut self, piece: &str, ledger: &Ledger) -> Result<(), FileError> {
        if let Some(error) = &self.refused {
            return Err(error.clone());
        }
        let text = if self.taken == 0 {
            piece.strip_prefix('\u{feff}').unwrap_or(piece)
        } else {
            piece
        };
        self.taken += piece.len();
        let result = self.scan(text);
        if let Err(error) = &result {
            self.refuse(error.clone());
        }
        self.start_checking(ledger);
        result
    }

    /// The next piece of the file's bytes, in order, as `push` takes text: a character cut
    /// between two pieces is read with the next one, and bytes that are not UTF-8 refuse
    /// the file (`NotUtf8`; never replaced, whose garbled copy could win a merge on a tie).
    /// The page reads a file as bytes: decoding it in the browser and passing the text in
    /// was about a tenth of checking a large file.
    pub fn push_bytes(&mut self, piece: &[u8], ledger: &Ledger) -> Result<(), FileError> {
        if let Some(error) = &self.refused {
            return Err(error.clone());
        }
        let mut joined = std::mem::take(&mut self.cut_off);
        let bytes = if joined.is_empty() {
            piece
        } else {
            joined.extend_from_slice(piece);
            &joined
        };
        // The first run of valid text, then what follows it: nothing, the start of a
        // character the piece cut off (the last run, which more bytes could finish), or
        // bytes that no continuation makes UTF-8.
        let mut chunks = bytes.utf8_chunks();
        let (text, rest) = chunks
            .next()
            .map_or(("", &[][..]), |chunk| (chunk.valid(), chunk.invalid()));
        let cut_off = chunks.next().is_none()
            && std::str::from_utf8(rest).is_err_and(|error| error.error_len().is_none());
        if !rest.is_empty() && !cut_off {
            self.refuse(FileError::NotUtf8);
            return Err(FileError::NotUtf8);
        }
        self.cut_off = rest.to_vec();
        self.push(text, ledger)
    }

    /// Checks up to `max_records` of the records cut out so far, once they can be checked
    /// before the file's end (see `CHECKED_AS_CUT`); true when none is left waiting.
    pub fn check(&mut self, ledger: &Ledger, max_records: usize) -> bool {
        self.checker
            .as_mut()
            .is_none_or(|checker| checker.read(ledger, max_records))
    }

    /// Whether records are checked while the file is read.
    pub fn checking(&self) -> bool {
        self.checker.is_some()
    }

    /// Hands the records cut out so far to a `FileReader` once the array checked as it is
    /// cut has begun after every other one.
    fn start_checking(&mut self, ledger: &Ledger) {
        let begun = self.field == Field::Array(CHECKED_AS_CUT)
            && matches!(
                self.state,
                State::FirstRecord | State::Record | State::InRecord | State::AfterValue
            );
        let others_read = self
            .arrays
            .iter()
            .all(|slot| matches!(slot, Slot::Records(_)));
        if self.checker.is_some() || self.refused.is_some() || !begun || !others_read {
            return;
        }
        let arrays = self
            .arrays
            .iter_mut()
            .map(|slot| match slot {
                Slot::Records(records) => std::mem::take(records),
                Slot::Absent | Slot::NotAnArray => RawRecords::default(),
            })
            .collect();
        self.checker = Some(FileReader::from_parts(
            ledger,
            self.today,
            std::mem::take(&mut self.calendar),
            arrays,
            Some(CHECKED_AS_CUT),
        ));
    }

    /// Bytes taken so far (for the progress bar).
    pub fn bytes_read(&self) -> usize {
        self.taken
    }

    /// After the last piece: a truncated file is `NotJson` at its end; a missing header field
    /// or array gives the same `FileError` as reading the file whole. Hands over a
    /// `FileReader` to check the records in slices against `ledger`, the one the file is to
    /// be imported into.
    pub fn end(mut self, ledger: &Ledger) -> Result<FileReader, FileError> {
        if let Some(error) = self.refused.take() {
            return Err(error);
        }
        if !self.cut_off.is_empty() {
            return Err(FileError::NotUtf8);
        }
        let eof = FileError::NotJson {
            line: self.line,
            column: self.offset - self.line_start,
        };
        match self.state {
            State::Done => {}
            State::InKey => {
                return Err(match serde_json::from_str::<String>(&self.token) {
                    Err(error) if !error.is_eof() => self.token_at.of_error(&error),
                    _ => eof,
                })
            }
            State::Raw | State::InRecord => {
                return Err(first_error(&self.token, self.token_at).unwrap_or(eof))
            }
            _ => return Err(eof),
        }
        let header =
            verdict(&self.header, &self.arrays, true)?.expect("at the end every field is known");
        let mut reader = match self.checker {
            Some(checker) => checker,
            None => {
                let arrays = self
                    .arrays
                    .into_iter()
                    .map(|slot| match slot {
                        Slot::Records(records) => records,
                        // `verdict` refused absent arrays and those that are not arrays.
                        Slot::Absent | Slot::NotAnArray => RawRecords::default(),
                    })
                    .collect();
                FileReader::from_parts(
                    ledger,
                    self.today,
                    std::mem::take(&mut self.calendar),
                    arrays,
                    None,
                )
            }
        };
        reader.close(header.source, header.exported_at, header.redacted);
        Ok(reader)
    }

    /// Checks deadlines (an extension's limit) by `calendar` instead of the shipped one.
    pub fn with_calendar(mut self, calendar: Calendar) -> Self {
        self.calendar = calendar;
        self
    }

    fn refuse(&mut self, error: FileError) {
        self.refused = Some(error);
        self.token = String::new();
        self.stack = Vec::new();
        self.header = Default::default();
        self.arrays = [const { Slot::Absent }; 5];
        self.checker = None;
    }

    fn scan(&mut self, text: &str) -> Result<(), FileError> {
        let bytes = text.as_bytes();
        let base = self.offset;
        let mut i = 0;
        while i < bytes.len() {
            if matches!(self.state, State::InKey | State::Raw | State::InRecord) {
                i = self.scan_token(text, base, i)?;
                continue;
            }
            let byte = bytes[i];
            match byte {
                b'\n' => {
                    self.line += 1;
                    self.line_start = base + i + 1;
                    i += 1;
                    continue;
                }
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            match (self.state, byte) {
                (State::Start, b'{') => self.state = State::FirstKey,
                (State::Start, b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') => {
                    return Err(FileError::NotTaizhang)
                }
                (State::FirstKey | State::Key, b'"') => {
                    self.start_token(State::InKey, base + i);
                    self.token.push('"');
                    self.in_string = true;
                }
                (State::FirstKey, b'}') | (State::AfterValue, b'}') => self.state = State::Done,
                (State::Colon, b':') => self.state = State::Value,
                (State::Value, b'[') if matches!(self.field, Field::Array(_)) => {
                    if let Field::Array(k) = self.field {
                        self.arrays[k] = Slot::Records(RawRecords::default());
                    }
                    self.state = State::FirstRecord;
                }
                (State::Value, _) => {
                    self.start_token(State::Raw, base + i);
                    continue;
                }
                (State::FirstRecord, b']') => self.state = State::AfterValue,
                (State::FirstRecord | State::Record, _) => {
                    self.start_token(State::InRecord, base + i);
                    continue;
                }
                (State::AfterValue, b',') => self.state = State::Key,
                _ => return Err(self.byte_error(base + i)),
            }
            i += 1;
        }
        self.offset = base + bytes.len();
        Ok(())
    }

    /// The place of the byte at `offset`, on the line being scanned.
    fn byte_error(&self, offset: usize) -> FileError {
        FileError::NotJson {
            line: self.line,
            column: offset + 1 - self.line_start,
        }
    }

    fn start_token(&mut self, state: State, offset: usize) {
        self.state = state;
        self.token.clear();
        self.token_at = At {
            line: self.line,
            column: offset - self.line_start,
        };
        self.stack.clear();
        self.in_string = false;
        self.escaped = false;
    }

    /// Scans the token from `text[from..]` to its end or the end of the piece; gives where
    /// the scan stopped.
    fn scan_token(&mut self, text: &str, base: usize, from: usize) -> Result<usize, FileError> {
        let bytes = text.as_bytes();
        let (closer, depth) = match self.state {
            State::InRecord => (b']', 2),
            State::Raw => (b'}', 1),
            _ => (b'"', 0),
        };
        let mut i = from;
        while i < bytes.len() {
            let byte = bytes[i];
            if byte == b'\n' {
                self.line += 1;
                self.line_start = base + i + 1;
            }
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if byte == b'\\' {
                    self.escaped = true;
                } else if byte == b'"' {
                    self.in_string = false;
                    if self.state == State::InKey {
                        self.token.push_str(&text[from..=i]);
                        self.end_key()?;
                        return Ok(i + 1);
                    }
                }
            } else {
                match byte {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => {
                        if depth + self.stack.len() + 1 >= MAX_DEPTH {
                            return Err(self.broken(text, from, i));
                        }
                        self.stack.push(byte);
                    }
                    b'}' | b']' => match self.stack.last() {
                        // `{` and `}`, `[` and `]` are two apart in ASCII.
                        Some(open) if *open + 2 == byte => drop(self.stack.pop()),
                        None if byte == closer => {
                            self.token.push_str(&text[from..=i]);
                            self.end_value(byte)?;
                            return Ok(i + 1);
                        }
                        _ => return Err(self.broken(text, from, i)),
                    },
                    b',' if self.stack.is_empty() => {
                        self.token.push_str(&text[from..=i]);
                        self.end_value(byte)?;
                        return Ok(i + 1);
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        self.token.push_str(&text[from..]);
        Ok(i)
    }

    /// The error of a token whose byte `text[at]` cannot be JSON there (a bracket that does
    /// not match, or one too deep): the first mistake serde_json finds up to it, or that byte.
    fn broken(&mut self, text: &str, from: usize, at: usize) -> FileError {
        self.token.push_str(&text[from..=at]);
        let last = self.token.len() - 1;
        first_error(&self.token, self.token_at).unwrap_or(self.token_at.of_byte(&self.token, last))
    }

    fn end_key(&mut self) -> Result<(), FileError> {
        let key: String =
            serde_json::from_str(&self.token).map_err(|e| self.token_at.of_error(&e))?;
        self.field = if let Some(k) = HEADER.iter().position(|h| *h == key) {
            Field::Header(k)
        } else if let Some(k) = ARRAYS.iter().position(|(_, name)| *name == key) {
            if !matches!(self.arrays[k], Slot::Absent) {
                return Err(FileError::RepeatedArray(ARRAYS[k].1));
            }
            Field::Array(k)
        } else {
            Field::Other
        };
        self.state = State::Colon;
        Ok(())
    }

    /// A record or a top-level value ended at `delimiter`, the token's last byte.
    fn end_value(&mut self, delimiter: u8) -> Result<(), FileError> {
        let at = self.token_at;
        if self.state == State::InRecord {
            // One reading checks the syntax and picks the fields the reader indexes.
            let (keys, end) = parse_value::<Keys>(&self.token, at)?;
            if let Field::Array(k) = self.field {
                match (&mut self.checker, &mut self.arrays[k]) {
                    (Some(checker), _) if k == CHECKED_AS_CUT => {
                        checker.queue(self.token[..end].into());
                    }
                    (_, Slot::Records(records)) => {
                        let serial = keys.live_serial(ARRAYS[k].0);
                        records.push(self.token[..end].into(), keys.id, serial);
                    }
                    _ => {}
                }
            }
            self.state = if delimiter == b',' {
                State::Record
            } else {
                State::AfterValue
            };
            return Ok(());
        }
        match self.field {
            Field::Header(k) => self.header[k] = Some(parse_value::<Value>(&self.token, at)?.0),
            Field::Array(k) => {
                parse_value::<Skip>(&self.token, at)?;
                self.arrays[k] = Slot::NotAnArray;
            }
            Field::Other => {
                parse_value::<Skip>(&self.token, at)?;
            }
        }
        self.state = if delimiter == b',' {
            State::Key
        } else {
            State::Done
        };
        verdict(&self.header, &self.arrays, false).map(drop)
    }
}

/// The header's verdict in the order reading a whole file gives it: format, version,
/// `exported_at`, `source`, `redacted`, then each record array. Before the end of the file
/// a field not read yet is not held against it; nothing but the format and version is
/// judged before both are known. `None` while a field is still to come.
fn verdict(
    header: &[Option<Value>; 5],
    arrays: &[Slot; 5],
    at_end: bool,
) -> Result<Option<Header>, FileError> {
    let [format, version, exported_at, source, redacted] = header;
    let Some(format) = format else {
        return if at_end {
            Err(FileError::NotTaizhang)
        } else {
            Ok(None)
        };
    };
    match format.as_str() {
        Some(FORMAT) => {}
        Some(ENVELOPE_FORMAT) => return Err(FileError::Encrypted),
        _ => return Err(FileError::NotTaizhang),
    }
    let bad = |field| FileError::BadHeader { field };
    let Some(version) = version else {
        return if at_end {
            Err(bad("version"))
        } else {
            Ok(None)
        };
    };
    let version = version
        .as_u64()
        .filter(|version| *version >= 1)
        .ok_or(bad("version"))?;
    if version > u64::from(VERSION) {
        return Err(FileError::NewerVersion { version });
    }
    let exported_at = match exported_at {
        None if !at_end => None,
        value => Some(
            value
                .as_ref()
                .and_then(Value::as_str)
                .and_then(timestamp::parse)
                .ok_or(bad("exported_at"))?,
        ),
    };
    let source = match source {
        None if !at_end => None,
        value => Some(
            value
                .clone()
                .and_then(|source| serde_json::from_value::<Source>(source).ok())
                .ok_or(bad("source"))?,
        ),
    };
    let redacted = match redacted {
        None | Some(Value::Null) => false,
        Some(Value::Bool(redacted)) => *redacted,
        Some(_) => return Err(bad("redacted")),
    };
    for (slot, (_, name)) in arrays.iter().zip(ARRAYS) {
        match slot {
            Slot::Absent if at_end => return Err(FileError::MissingArray(name)),
            Slot::NotAnArray => return Err(FileError::NotAnArray(name)),
            _ => {}
        }
    }
    Ok(exported_at.zip(source).map(|(exported_at, source)| Header {
        exported_at,
        source,
        redacted,
    }))
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

/// Parses the value that `text` holds before its last byte, the delimiter that ended it
/// (`,`, `]` or `}`); gives the value and where it ends. Errors are placed in the whole
/// file (`text` starts at `at`) as reading it whole places them: serde_json sees the same
/// bytes, the delimiter included, up to the mistake.
fn parse_value<T: DeserializeOwned>(text: &str, at: At) -> Result<(T, usize), FileError> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<T>();
    match values.next() {
        Some(Ok(value)) => {
            let end = values.byte_offset();
            match text.as_bytes()[end..].iter().position(|b| !is_space(*b)) {
                Some(rest) if end + rest + 1 < text.len() => Err(at.of_byte(text, end + rest)),
                _ => Ok((value, end)),
            }
        }
        Some(Err(error)) => Err(at.of_error(&error)),
        // Not reached: the delimiter is there.
        None => Err(at.of_byte(text, text.len() - 1)),
    }
}

/// The first mistake serde_json finds in the unfinished value `text` (which starts at
/// `at`), if it finds one before the text runs out.
fn first_error(text: &str, at: At) -> Option<FileError> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Skip>();
    match values.next() {
        Some(Ok(Skip)) => {
            let end = values.byte_offset();
            let rest = text.as_bytes()[end..].iter().position(|b| !is_space(*b))?;
            Some(at.of_byte(text, end + rest))
        }
        Some(Err(error)) if !error.is_eof() => Some(at.of_error(&error)),
        _ => None,
    }
}

/// The fields of a record that `FileReader` indexes, read as `Value::get` reads them: a
/// field that is not text is none, the last of two fields of one name counts, and a record
/// that is not an object has none. Everything else is read as `Skip` reads it.
#[derive(Default)]
struct Keys {
    id: Option<String>,
    serial: Option<String>,
    office_id: Option<String>,
    /// `deleted` is `true`.
    deleted: bool,
}

impl Keys {
    /// (office, trimmed serial) of a live petition with a serial.
    fn live_serial(&self, kind: RecordKind) -> Option<(String, String)> {
        if kind != RecordKind::Petition || self.deleted {
            return None;
        }
        let serial = self.serial.as_deref().unwrap_or_default().trim();
        (!serial.is_empty()).then(|| {
            (
                self.office_id.clone().unwrap_or_default(),
                serial.to_string(),
            )
        })
    }
}

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeysVisitor)
    }
}

struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = Keys;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
        let mut keys = Keys::default();
        while let Some(name) = map.next_key::<KeyName>()? {
            match name {
                KeyName::Id => keys.id = map.next_value::<Lenient>()?.text,
                KeyName::Serial => keys.serial = map.next_value::<Lenient>()?.text,
                KeyName::OfficeId => keys.office_id = map.next_value::<Lenient>()?.text,
                KeyName::Deleted => keys.deleted = map.next_value::<Lenient>()?.flag == Some(true),
                KeyName::Other => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(keys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Keys, A::Error> {
        SkipVisitor.visit_seq(seq).map(|_| Keys::default())
    }

    fn visit_bool<E>(self, _: bool) -> Result<Keys, E> {
        Ok(Keys::default())
    }

    fn visit_i64<E>(self, _: i64) -> Result<Keys, E> {
        Ok(Keys::default())
    }

    fn visit_u64<E>(self, _: u64) -> Result<Keys, E> {
        Ok(Keys::default())
    }

    fn visit_f64<E>(self, _: f64) -> Result<Keys, E> {
        Ok(Keys::default())
    }

    fn visit_str<E>(self, _: &str) -> Result<Keys, E> {
        Ok(Keys::default())
    }

    fn visit_unit<E>(self) -> Result<Keys, E> {
        Ok(Keys::default())
    }
}

enum KeyName {
    Id,
    Serial,
    OfficeId,
    Deleted,
    Other,
}

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl Visitor<'_> for NameVisitor {
            type Value = KeyName;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_str<E>(self, name: &str) -> Result<KeyName, E> {
                Ok(match name {
                    "id" => KeyName::Id,
                    "serial" => KeyName::Serial,
                    "office_id" => KeyName::OfficeId,
                    "deleted" => KeyName::Deleted,
                    _ => KeyName::Other,
                })
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}

/// Any value: its text if it is a string, its truth if it is a boolean.
#[derive(Default)]
struct Lenient {
    text: Option<String>,
    flag: Option<bool>,
}

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor)
    }
}

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Lenient;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, text: &str) -> Result<Lenient, E> {
        Ok(Lenient {
            text: Some(text.to_string()),
            flag: None,
        })
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Lenient, E> {
        Ok(Lenient {
            text: None,
            flag: Some(flag),
        })
    }

    fn visit_i64<E>(self, _: i64) -> Result<Lenient, E> {
        Ok(Lenient::default())
    }

    fn visit_u64<E>(self, _: u64) -> Result<Lenient, E> {
        Ok(Lenient::default())
    }

    fn visit_f64<E>(self, _: f64) -> Result<Lenient, E> {
        Ok(Lenient::default())
    }

    fn visit_unit<E>(self) -> Result<Lenient, E> {
        Ok(Lenient::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Lenient, A::Error> {
        SkipVisitor.visit_seq(seq).map(|_| Lenient::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Lenient, A::Error> {
        SkipVisitor.visit_map(map).map(|_| Lenient::default())
    }
}

/// Any JSON value, read the way `serde_json::Value` reads it (so numbers out of range are
/// refused alike) and dropped.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// The refusal reading `text` whole gives, as `FileReader::open` gave it before it read
/// files as streams: serde_json's verdict on the whole text, then the header's.
#[cfg(test)]
pub(super) fn refusal_reading_whole(text: &str) -> Option<FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return Some(FileError::NotJson {
                line: error.line(),
                column: error.column(),
            })
        }
    };
    let Value::Object(file) = value else {
        return Some(FileError::NotTaizhang);
    };
    let header = HEADER.map(|name| file.get(name).cloned());
    let arrays = ARRAYS.map(|(_, name)| match file.get(name) {
        Some(Value::Array(_)) => Slot::Records(RawRecords::default()),
        Some(_) => Slot::NotAnArray,
        None => Slot::Absent,
    });
    if let Err(error) = verdict(&header, &arrays, true) {
        return Some(error);
    }
    // A `Value` keeps the last of two fields of one name: the keys are read once more.
    struct Keys(Vec<String>);
    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Names;
            impl<'de> Visitor<'de> for Names {
                type Value = Keys;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(key) = map.next_key::<String>()? {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        keys.push(key);
                    }
                    Ok(Keys(keys))
                }
            }
            deserializer.deserialize_map(Names)
        }
    }
    let Keys(keys) = serde_json::from_str(text).ok()?;
    ARRAYS.iter().find_map(|(_, name)| {
        (keys.iter().filter(|key| key == name).count() > 1)
            .then_some(FileError::RepeatedArray(name))
    })
}

/// Reads `pieces` one after another into `ledger`, to the end.
#[cfg(test)]
pub(super) fn read_pieces<'a>(
    pieces: impl IntoIterator<Item = &'a str>,
    ledger: &Ledger,
    today: NaiveDate,
) -> Result<super::ParsedFile, FileError> {
    let mut reader = StreamReader::new(today);
    for piece in pieces {
        reader.push(piece, ledger)?;
        reader.check(ledger, 7);
    }
    Ok(reader.end(ledger)?.finish(ledger))
}

/// `text` cut at these byte offsets, each moved back to a character boundary.
#[cfg(test)]
pub(super) fn cut<'a>(text: &'a str, cuts: &[usize]) -> Vec<&'a str> {
    let mut at: Vec<usize> = cuts
        .iter()
        .map(|cut| {
            let mut cut = (*cut).min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            cut
        })
        .collect();
    at.push(0);
    at.push(text.len());
    at.sort_unstable();
    at.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

impl FileReader {
    /// Reads the whole `text` as one piece of a `StreamReader` and checks the header; no
    /// record is checked yet. A leading byte order mark is ignored.
    pub fn open(text: &str, ledger: &Ledger, today: NaiveDate) -> Result<Self, FileError> {
        let mut stream = StreamReader::new(today);
        stream.push(text, ledger)?;
        stream.end(ledger)
    }
}

/// Reads a whole file at once. See `FileReader` to read a large one in slices.
pub fn parse(text: &str, ledger: &Ledger, today: NaiveDate) -> Result<ParsedFile, FileError> {
    Ok(FileReader::open(text, ledger, today)?.finish(ledger))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::file::ExportOptions;
    use crate::exchange::testing::{exported, id, sample_ledger, today};
    use crate::exchange::{parse, RecordProblemKind};

    /// The sample ledger with a petition whose texts hold quotes, backslashes, brackets,
    /// a control character and characters of several bytes, which JSON escapes or not.
    pub(in crate::exchange) fn tricky_ledger() -> Ledger {
        let mut ledger = sample_ledger();
        let mut petition = ledger.petitions[&id(11)].clone();
        petition.meta.id = id(15);
        petition.serial = "GA-\"15\"".into();
        petition.subject = "引号\"]}{[,:\\n\\\\ \u{1}\n\t 😀 é".into();
        petition.details = "\\\"".into();
        petition.extra.insert(
            "x_nested".into(),
            serde_json::json!({"a": [[], {}, [1, {"b": "]"}]], "c": "{"}),
        );
        ledger.put(petition);
        ledger
    }

    fn text() -> String {
        exported(&tricky_ledger(), &ExportOptions::default())
    }

    fn whole(text: &str) -> Result<super::super::ParsedFile, FileError> {
        parse(text, &Ledger::default(), today())
    }

    fn pieces(pieces: &[&str]) -> Result<super::super::ParsedFile, FileError> {
        read_pieces(pieces.iter().copied(), &Ledger::default(), today())
    }

    /// The refusal streaming gives, checked against reading the text whole.
    fn refusal(text: &str) -> FileError {
        let error = whole(text).unwrap_err();
        assert_eq!(Some(error.clone()), refusal_reading_whole(text), "{text}");
        error
    }

    #[test]
    fn every_cut_of_a_file_into_two_pieces_reads_as_the_whole() {
        let text = text();
        let expected = whole(&text).unwrap();
        assert_eq!(expected.problems, []);
        assert_eq!(expected.records.len(), tricky_ledger().len());
        for at in (0..=text.len()).filter(|at| text.is_char_boundary(*at)) {
            assert_eq!(
                pieces(&[&text[..at], &text[at..]]).as_ref(),
                Ok(&expected),
                "cut at {at}"
            );
        }
    }

    #[test]
    fn a_file_read_a_character_at_a_time_reads_as_the_whole() {
        let text = format!("\u{feff} \r\n\t{}", text());
        let chars: Vec<String> = text.chars().map(String::from).collect();
        let one_by_one = read_pieces(
            chars.iter().map(String::as_str),
            &Ledger::default(),
            today(),
        );
        assert_eq!(one_by_one, whole(&text));
        assert!(one_by_one.is_ok());
        let mut empty = vec![""];
        empty.extend(chars.iter().map(String::as_str));
        empty.push("");
        assert_eq!(pieces(&empty), whole(&text));
    }

    fn byte_pieces(pieces: &[&[u8]]) -> Result<super::super::ParsedFile, FileError> {
        let ledger = Ledger::default();
        let mut reader = StreamReader::new(today());
        for piece in pieces {
            reader.push_bytes(piece, &ledger)?;
            reader.check(&ledger, 7);
        }
        Ok(reader.end(&ledger)?.finish(&ledger))
    }

    #[test]
    fn every_cut_of_a_files_bytes_into_two_pieces_reads_as_the_whole() {
        let text = format!("\u{feff}{}", text());
        assert!(
            text.chars().any(|c| c.len_utf8() == 3),
            "the file holds Chinese"
        );
        let expected = whole(&text).unwrap();
        let bytes = text.as_bytes();
        for at in 0..=bytes.len() {
            assert_eq!(
                byte_pieces(&[&bytes[..at], &bytes[at..]]).as_ref(),
                Ok(&expected),
                "cut at {at}"
            );
        }
        let one_by_one: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(byte_pieces(&one_by_one).as_ref(), Ok(&expected));
    }

    #[test]
    fn bytes_that_are_not_utf8_refuse_the_file_wherever_the_pieces_are_cut() {
        let text = text();
        let at = text.find("\"subject\"").unwrap() + 12;
        // A byte never in UTF-8, a surrogate's encoding, an overlong '/', a leading byte
        // without its continuation, and a continuation byte alone.
        let bad: [&[u8]; 5] = [b"\xff", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe4a", b"\x80"];
        for bad in bad {
            let mut bytes = text.as_bytes()[..at].to_vec();
            bytes.extend_from_slice(bad);
            bytes.extend_from_slice(&text.as_bytes()[at..]);
            for cut in [0, at, at + 1, at + 2, bytes.len()] {
                assert_eq!(
                    byte_pieces(&[&bytes[..cut], &bytes[cut..]]),
                    Err(FileError::NotUtf8),
                    "{bad:?} cut at {cut}"
                );
            }
        }
    }

    #[test]
    fn a_file_whose_bytes_end_inside_a_character_is_not_utf8() {
        let text = text();
        let chinese = text
            .char_indices()
            .find(|(_, c)| c.len_utf8() == 3)
            .unwrap()
            .0;
        let bytes = &text.as_bytes()[..chinese + 2];
        assert_eq!(byte_pieces(&[bytes]), Err(FileError::NotUtf8));
        assert_eq!(
            byte_pieces(&[&bytes[..chinese + 1], &bytes[chinese + 1..]]),
            Err(FileError::NotUtf8)
        );
    }

    #[test]
    fn a_truncated_file_is_not_json_at_its_end() {
        let text = text();
        let in_record = text.find("\"subject\"").unwrap() + 3;
        let in_escape = text.find("\\\\").unwrap() + 1;
        let after_arrays = text.trim_end().len() - 1;
        for end in [in_record, in_escape, after_arrays, 1, 0] {
            let truncated = &text[..end];
            let error = refusal(truncated);
            assert!(matches!(error, FileError::NotJson { .. }), "{error:?}");
            assert_eq!(pieces(&cut(truncated, &[end / 2, end / 3])), Err(error));
        }
    }

    #[test]
    fn a_mistake_is_placed_in_the_whole_file() {
        let text = text();
        let subject = text.find("引号").unwrap();
        let cases = [
            // A raw control character in a string, a bad escape, a bad number, a missing comma.
            text.replacen("引号", "引\u{7}号", 1),
            text.replacen("引号", "\\x", 1),
            text.replacen("\"headcount\":1", "\"headcount\":1.e", 1),
            text.replacen("\"headcount\":1", "\"headcount\":1e400", 1),
            text.replacen("},\n{", "}\n{", 1),
            text.replacen("\"headcount\":1,", "\"headcount\":1", 1),
            text.replacen("\"headcount\":1", "\"headcount\":tru", 1),
            text.replacen(":[\n{", ":[,\n{", 1),
            text.replacen("}]", "},]", 1),
            text.replacen("}]", "}}", 1),
            text.replacen("\"offices\"", "offices", 1),
            text.replacen("\"offices\":", "\"offices\" ", 1),
            // Mistakes in the header and after the object.
            text.replacen("\"version\":1", "\"version\":01", 1),
            text.replacen("\"source\":{", "\"source\":{]", 1),
            format!("{text} x"),
            format!("{text}{{}}"),
            format!("{}]", &text[..subject]),
        ];
        for bad in cases {
            let error = refusal(&bad);
            assert!(matches!(error, FileError::NotJson { .. }), "{error:?}");
            for at in [1, 7, subject, subject + 3, bad.len() - 2] {
                assert_eq!(pieces(&cut(&bad, &[at])), Err(error.clone()));
            }
        }
    }

    #[test]
    fn nesting_deeper_than_serde_json_reads_is_refused_where_it_refuses_it() {
        let text = text();
        for depth in [120, 124, 125, 126, 200] {
            let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let bad = text.replacen(
                "\"x_nested\":",
                &format!("\"x_deep\":{nested},\"x_nested\":"),
                1,
            );
            assert_eq!(
                whole(&bad).err(),
                refusal_reading_whole(&bad),
                "depth {depth}"
            );
            let header = format!("{{\"x\":{nested},{}", &text[1..]);
            assert_eq!(
                whole(&header).err(),
                refusal_reading_whole(&header),
                "depth {depth}"
            );
        }
    }

    #[test]
    fn whitespace_and_a_byte_order_mark_may_lead_and_whitespace_may_follow() {
        let text = text();
        let expected = whole(&text).unwrap();
        for padded in [
            format!(" \n\t\r{text}\n\n "),
            format!("\u{feff}{text}"),
            format!("\u{feff}\n {text}"),
        ] {
            assert_eq!(pieces(&cut(&padded, &[1, 2, 3, 4])).as_ref(), Ok(&expected));
        }
        // A mark anywhere else is not JSON.
        assert_eq!(
            pieces(&[" ", "\u{feff}{}"]),
            Err(FileError::NotJson { line: 1, column: 2 })
        );
        assert_eq!(
            refusal(" \u{feff}{}"),
            FileError::NotJson { line: 1, column: 2 }
        );
    }

    #[test]
    fn the_header_may_come_after_the_arrays_and_unknown_fields_anywhere() {
        let text = text();
        let expected = whole(&text).unwrap();
        let arrays_at = text.find(",\n\"offices\"").unwrap();
        let header = &text[1..arrays_at];
        let arrays = &text[arrays_at + 2..text.rfind('}').unwrap()];
        let moved = format!(
            "{{ {arrays},\n\"x_future\": {{\"nested\": [{{\"a\": \"]\"}}, [[], \"{{\"]], \"n\": -1.5e3}},\n\
             {header}, \"x_after\": [\"}}\", null, true] }}"
        );
        assert!(moved.find("\"format\"") > moved.find("\"tallies\""));
        assert_eq!(
            pieces(&cut(&moved, &[10, 500, 2000])).as_ref(),
            Ok(&expected)
        );
        assert_eq!(whole(&moved).as_ref(), Ok(&expected));
    }

    #[test]
    fn records_with_nested_values_and_brackets_in_strings_are_cut_whole() {
        let parsed = whole(&text()).unwrap();
        let petition = parsed
            .records
            .iter()
            .find_map(|(_, record)| match record {
                crate::domain::AnyRecord::Petition(p) if p.meta.id == id(15) => Some(p),
                _ => None,
            })
            .unwrap();
        assert_eq!(**petition, tricky_ledger().petitions[&id(15)]);
    }

    #[test]
    fn a_record_array_that_is_null_or_an_object_is_not_an_array() {
        let text = text();
        for (name, value) in [
            ("offices", serde_json::json!(null)),
            ("tallies", serde_json::json!({"a": [1]})),
            ("petitions", serde_json::json!("[]")),
        ] {
            let mut file: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
            file.insert(name.into(), value);
            let bad = serde_json::to_string(&file).unwrap();
            assert_eq!(refusal(&bad), FileError::NotAnArray(name), "{bad}");
            assert_eq!(
                pieces(&cut(&bad, &[5, 50, 500])),
                Err(FileError::NotAnArray(name))
            );
        }
    }

    #[test]
    fn an_encrypted_file_or_a_newer_version_is_refused_with_its_first_piece() {
        let mut reader = StreamReader::new(today());
        assert_eq!(
            reader.push(
                r#"{"format":"taizhang-encrypted","version":1,"salt":"#,
                &Ledger::default()
            ),
            Err(FileError::Encrypted)
        );
        assert_eq!(
            reader.push("\"abc\"}", &Ledger::default()),
            Err(FileError::Encrypted)
        );
        assert!(matches!(
            reader.end(&Ledger::default()),
            Err(FileError::Encrypted)
        ));

        let mut reader = StreamReader::new(today());
        assert_eq!(
            reader.push(
                r#"{"version": 2, "format": "taizhang", "offices": ["#,
                &Ledger::default()
            ),
            Err(FileError::NewerVersion { version: 2 })
        );
        let mut reader = StreamReader::new(today());
        assert_eq!(
            reader.push(r#"[{"format": "taizhang"#, &Ledger::default()),
            Err(FileError::NotTaizhang)
        );
        let mut reader = StreamReader::new(today());
        assert_eq!(
            reader.push(r#"{"format": 1, "#, &Ledger::default()),
            Err(FileError::NotTaizhang)
        );
    }

    #[test]
    fn the_header_is_judged_in_the_order_of_reading_whole_once_format_and_version_are_known() {
        let text = text();
        // Missing header fields and arrays are only known at the end.
        let without = |field: &str| {
            let mut file: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
            file.remove(field);
            serde_json::to_string(&file).unwrap()
        };
        for (field, error) in [
            ("format", FileError::NotTaizhang),
            ("version", FileError::BadHeader { field: "version" }),
            (
                "exported_at",
                FileError::BadHeader {
                    field: "exported_at",
                },
            ),
            ("source", FileError::BadHeader { field: "source" }),
            ("metrics", FileError::MissingArray("metrics")),
        ] {
            let bad = without(field);
            assert_eq!(refusal(&bad), error);
            let mut reader = StreamReader::new(today());
            assert_eq!(reader.push(&bad, &Ledger::default()), Ok(()));
            assert_eq!(reader.end(&Ledger::default()).err(), Some(error));
        }
        // A bad field is refused as soon as it is read.
        let mut reader = StreamReader::new(today());
        let bad = text.replacen("\"source\":{", "\"source\":7,\"x\":{", 1);
        let source = bad.find("\"source\"").unwrap();
        assert_eq!(
            reader.push(&bad[..source + 15], &Ledger::default()),
            Err(FileError::BadHeader { field: "source" })
        );
        // Of two bad fields, the one read first is refused, where reading the file whole
        // named the first in the order of the header.
        let twice = r#"{"format":"taizhang","version":1,"redacted":"yes","exported_at":7}"#;
        assert_eq!(
            whole(twice),
            Err(FileError::BadHeader { field: "redacted" })
        );
        assert_eq!(
            refusal_reading_whole(twice),
            Some(FileError::BadHeader {
                field: "exported_at"
            })
        );
    }

    #[test]
    fn serials_and_ids_are_indexed_as_a_json_object_reads_them() {
        let text = text();
        let mut file: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
        let petitions = file["petitions"].as_array_mut().unwrap();
        let serial = petitions[0]["serial"].clone();
        // Deleted only when `true`: this one, refused for its `deleted`, still holds the serial.
        petitions[1]["serial"] = serial.clone();
        petitions[1]["deleted"] = "yes".into();
        // A tombstone holds none.
        petitions[2]["serial"] = serial;
        petitions[2]["deleted"] = true.into();
        petitions[3]["office_id"] = petitions[0]["office_id"].clone();
        petitions.push("not a record".into());
        petitions.push(serde_json::json!([{"id": "x", "serial": "y"}]));
        let mut bad = serde_json::to_string(&file).unwrap();
        // The last of two fields of one name counts: petition 3 takes petition 0's serial.
        let last = format!(
            "\"serial\":\"{}\"",
            tricky_ledger().petitions[&id(14)].serial
        );
        let first = file["petitions"][0]["serial"].to_string();
        bad = bad.replacen(&last, &format!("{last},\"serial\":{first}"), 1);
        let parsed = whole(&bad).unwrap();
        let taken: Vec<_> = parsed
            .problems
            .iter()
            .filter(|p| p.kind == RecordProblemKind::Rule(crate::domain::ProblemKind::SerialTaken))
            .map(|p| p.place.as_str())
            .collect();
        assert_eq!(taken, ["petitions[0].serial", "petitions[3].serial"]);
        assert!(parsed.invalid_records.contains(&"petitions[1]".to_string()));
        assert!(parsed.invalid_records.contains(&"petitions[5]".to_string()));
        assert_eq!(pieces(&cut(&bad, &[100, 1000, 3000])), Ok(parsed));
    }

    #[test]
    fn tallies_are_checked_as_they_are_read_once_every_other_array_is_read() {
        let text = text();
        let ledger = Ledger::default();
        let tallies = text.find("\"tallies\"").unwrap();
        let middle = tallies + (text.len() - tallies) / 2;
        let mut reader = StreamReader::new(today());
        reader.push(&text[..tallies], &ledger).unwrap();
        assert!(!reader.checking());
        reader.push(&text[tallies..middle], &ledger).unwrap();
        assert!(reader.checking());
        assert!(reader.check(&ledger, usize::MAX));
        reader.push(&text[middle..], &ledger).unwrap();
        let file = reader.end(&ledger).unwrap();
        let (read, total) = file.progress();
        assert_eq!(total, tricky_ledger().len());
        // Every record before the middle of the tallies was checked before the file's end.
        let before_middle = tricky_ledger().len() - tricky_ledger().tallies.len() + 1;
        assert!(read >= before_middle, "{read} of {total}");
        assert_eq!(Ok(file.finish(&ledger)), whole(&text));

        // Tallies before another array wait for the end of the file, and read the same.
        let (petitions, tallies) = (text.find("\"petitions\"").unwrap(), tallies);
        let petitions_field = text[petitions..tallies].trim_end().trim_end_matches(',');
        let rest = text[tallies..].trim_end().strip_suffix('}').unwrap();
        let moved = format!("{}{rest},{petitions_field}}}", &text[..petitions]);
        assert!(moved.find("\"tallies\"") < moved.find("\"petitions\""));
        let mut reader = StreamReader::new(today());
        reader.push(&moved, &ledger).unwrap();
        assert!(!reader.checking());
        assert_eq!(reader.end(&ledger).unwrap().progress().0, 0);
        let mut expected = whole(&text).unwrap();
        let mut got = whole(&moved).unwrap();
        expected.records.sort_by(|a, b| a.0.cmp(&b.0));
        got.records.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got, expected);
    }

    #[test]
    fn a_header_after_the_records_counts_as_before_them() {
        let options = ExportOptions {
            redact: true,
            ..ExportOptions::default()
        };
        let text = exported(&tricky_ledger(), &options);
        let parsed = whole(&text).unwrap();
        assert!(parsed.redacted);
        let last = text.replacen(",\"redacted\":true", "", 1);
        let last = format!(
            "{},\"redacted\":true}}",
            last.trim_end().strip_suffix('}').unwrap()
        );
        assert!(last.rfind("\"redacted\"") > last.find("\"tallies\""));
        assert_eq!(whole(&last), Ok(parsed.clone()));
        assert_eq!(
            pieces(&cut(&last, &[200, 2000, last.len() - 30])),
            Ok(parsed)
        );
    }

    #[test]
    fn a_record_array_named_twice_is_refused_where_its_second_name_is_read() {
        let text = text();
        for name in ["offices", "tallies"] {
            let twice = format!(
                "{},\"{name}\":[]}}",
                text.trim_end().strip_suffix('}').unwrap()
            );
            assert_eq!(refusal(&twice), FileError::RepeatedArray(name));
            let second = twice.rfind(&format!("\"{name}\"")).unwrap();
            let mut reader = StreamReader::new(today());
            let name_read = second + name.len() + 2;
            assert_eq!(
                reader.push(&twice[..name_read], &Ledger::default()),
                Err(FileError::RepeatedArray(name))
            );
        }
    }

    #[test]
    fn bytes_read_counts_every_byte_taken() {
        let text = format!("\u{feff}{}", text());
        let mut reader = StreamReader::new(today());
        let mut taken = 0;
        for piece in cut(&text, &[1, 3, 100, 1000]) {
            reader.push(piece, &Ledger::default()).unwrap();
            taken += piece.len();
            assert_eq!(reader.bytes_read(), taken);
        }
        assert_eq!(reader.bytes_read(), text.len());
        assert_eq!(
            reader.end(&Ledger::default()).unwrap().progress(),
            (0, tricky_ledger().len())
        );
    }
}
