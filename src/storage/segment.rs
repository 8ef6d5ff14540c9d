//! The stored layout of records (schema 2): each kind's records in a fixed number of
//! segments, one IndexedDB value each, and a journal of single records written since.
//!
//! A segment is `{heads, docs}`: `docs` is the records' JSON documents one after another as
//! UTF-8 bytes (a `Uint8Array`, cloned by the browser as one block), `heads` a line
//! `id\tversion\tbytes` per document, so a version or one document is found without
//! parsing the rest. A record's segment is fixed by its id (`segment_of`), so a write
//! touches only the segments of the records it writes.
//!
//! JSON documents rather than a binary serde format: records carry the fields this build
//! does not know (`Extra`, flattened), which only a self-describing format keeps.

use std::borrow::Cow;
use std::collections::BTreeMap;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use super::error::{Result, StorageError};
use crate::domain::{document_digest, RecordKind};

/// How many segments hold each kind: sized so that 100,000 petitions and 500,000 tallies
/// make segments of about 1,500–2,000 records (a few MB), and a small ledger stays a
/// handful of small values.
pub fn segment_count(kind: RecordKind) -> u32 {
    match kind {
        RecordKind::Office | RecordKind::Metric | RecordKind::Campaign => 1,
        RecordKind::Petition => 64,
        RecordKind::Tally => 256,
    }
}

/// The name a kind goes by in keys (`petition/…`).
pub fn kind_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Office => "office",
        RecordKind::Metric => "metric",
        RecordKind::Campaign => "campaign",
        RecordKind::Petition => "petition",
        RecordKind::Tally => "tally",
    }
}

/// The segment a record lives in: FNV-1a of its id, so the same on every device and build.
pub fn segment_of(kind: RecordKind, id: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in id.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % segment_count(kind)
}

/// The key of a kind's segment `n` in the `segments` store.
pub fn segment_key(kind: RecordKind, n: u32) -> String {
    format!("{}/{n:05}", kind_name(kind))
}

/// The key of a record's row in the `journal` store.
pub fn journal_key(kind: RecordKind, id: &str) -> String {
    format!("{}/{id}", kind_name(kind))
}

/// The keys of one kind in either store: every key starts `kind/`.
pub fn kind_range(kind: RecordKind) -> Result<idb::Query> {
    let from = format!("{}/", kind_name(kind));
    let to = format!("{}/\u{ffff}", kind_name(kind));
    Ok(idb::Query::KeyRange(idb::KeyRange::bound(
        &JsValue::from_str(&from),
        &JsValue::from_str(&to),
        None,
        None,
    )?))
}

/// One record as stored: its id, version and JSON document.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub version: u32,
    pub doc: Vec<u8>,
}

/// A record's JSON document as a write holds it: bytes already made (read back, or made
/// at once), or the record itself, written out only when its segment or journal row is;
/// then `digest`, if given, takes the document's `document_digest`.
pub enum Doc<'a> {
    Bytes(Vec<u8>),
    Record(&'a dyn WriteJson, Option<Digest<'a>>),
}

/// Where a record's digest goes once its document is written: an import's undo entry
/// keeps them, and the write makes each document anyway.
pub struct Digest<'a> {
    pub kind: RecordKind,
    pub into: &'a std::cell::Cell<u64>,
}

impl Doc<'_> {
    /// Appends the document to `out`.
    pub fn write_to(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            Doc::Bytes(bytes) => out.extend_from_slice(bytes),
            Doc::Record(record, digest) => {
                let start = out.len();
                record.write_json(out)?;
                if let Some(Digest { kind, into }) = digest {
                    into.set(document_digest(*kind, &out[start..]));
                }
            }
        }
        Ok(())
    }
}

/// A value that writes itself as JSON: `Serialize` as a trait object.
pub trait WriteJson {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
}

impl<T: serde::Serialize> WriteJson for T {
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, self)
    }
}

/// A segment in memory, its records by id: those read back, and those a write puts in,
/// which may still be records that are written out only by `to_value`.
#[derive(Default)]
pub struct Segment<'a> {
    pub entries: BTreeMap<Cow<'a, str>, (u32, Doc<'a>)>,
}

fn field(value: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(value, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
}

fn set(row: &Object, name: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(row, &JsValue::from_str(name), value);
}

fn corrupt(what: &str) -> StorageError {
    StorageError::Corrupt(format!("a stored segment has {what}"))
}

/// The heads of a stored segment: `(id, version, start, end)` of each document in `docs`.
fn heads(value: &JsValue) -> Result<Vec<(String, u32, usize, usize)>> {
    let text = field(value, "heads")
        .and_then(|h| h.as_string())
        .ok_or_else(|| corrupt("no heads"))?;
    let mut start = 0;
    let mut out = Vec::new();
    for line in text.lines() {
        let mut parts = line.split('\t');
        let (Some(id), Some(version), Some(len), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(corrupt("a broken head"));
        };
        let version = version.parse().map_err(|_| corrupt("a broken version"))?;
        let len: usize = len.parse().map_err(|_| corrupt("a broken length"))?;
        out.push((id.to_string(), version, start, start + len));
        start += len;
    }
    Ok(out)
}

fn docs(value: &JsValue) -> Result<Uint8Array> {
    field(value, "docs")
        .filter(|d| d.is_instance_of::<Uint8Array>())
        .map(Uint8Array::from)
        .ok_or_else(|| corrupt("no documents"))
}

impl<'a> Segment<'a> {
    /// Reads a stored segment whole.
    pub fn from_value(value: &JsValue, scratch: &mut Vec<u8>) -> Result<Segment<'a>> {
        let mut entries = BTreeMap::new();
        Segment::each_doc(value, scratch, |id, version, doc| {
            entries.insert(
                Cow::Owned(id.to_string()),
                (version, Doc::Bytes(doc.to_vec())),
            );
            Ok(())
        })?;
        Ok(Segment { entries })
    }

    /// Calls `f(id, version, document)` for each record of a stored segment. Its documents
    /// are copied out of the browser into `scratch`, a buffer the caller keeps from one
    /// segment to the next instead of a new block per segment.
    pub fn each_doc(
        value: &JsValue,
        scratch: &mut Vec<u8>,
        mut f: impl FnMut(&str, u32, &[u8]) -> Result<()>,
    ) -> Result<()> {
        let heads = heads(value)?;
        let docs = docs(value)?;
        // Only the part the buffer grows by is zeroed: `copy_to` writes over the rest, and
        // zeroing all of it again for every segment was 4-5% of decoding at a cold start.
        let length = docs.length() as usize;
        if scratch.len() < length {
            scratch.resize(length, 0);
        }
        scratch.truncate(length);
        docs.copy_to(scratch);
        for (id, version, start, end) in heads {
            let doc = scratch
                .get(start..end)
                .ok_or_else(|| corrupt("documents shorter than its heads"))?;
            f(&id, version, doc)?;
        }
        Ok(())
    }

    /// Calls `f(id, version)` for each record of a stored segment, reading no document.
    pub fn each_head(value: &JsValue, mut f: impl FnMut(&str, u32)) -> Result<()> {
        for (id, version, ..) in heads(value)? {
            f(&id, version);
        }
        Ok(())
    }

    /// The stored version of `id` in a stored segment, read from its heads alone.
    pub fn version_in(value: &JsValue, id: &str) -> Result<Option<u32>> {
        Ok(heads(value)?
            .into_iter()
            .find(|(held, ..)| held == id)
            .map(|(_, version, ..)| version))
    }

    /// The document of `id` in a stored segment, copying only that document.
    pub fn doc_in(value: &JsValue, id: &str) -> Result<Option<Vec<u8>>> {
        let Some((_, _, start, end)) = heads(value)?.into_iter().find(|(held, ..)| held == id)
        else {
            return Ok(None);
        };
        let docs = docs(value)?;
        if end as u32 > docs.length() {
            return Err(corrupt("documents shorter than its heads"));
        }
        Ok(Some(docs.subarray(start as u32, end as u32).to_vec()))
    }

    /// How many records a stored segment holds, from its heads.
    pub fn len_of(value: &JsValue) -> usize {
        field(value, "heads")
            .and_then(|h| h.as_string())
            .map_or(0, |h| h.lines().count())
    }

    /// Puts a record read back (a journal row, a schema-1 row) in.
    pub fn put(&mut self, entry: Entry) {
        self.entries
            .insert(Cow::Owned(entry.id), (entry.version, Doc::Bytes(entry.doc)));
    }

    /// Puts a record of a write in.
    pub fn put_doc(&mut self, id: Cow<'a, str>, version: u32, doc: Doc<'a>) {
        self.entries.insert(id, (version, doc));
    }

    /// The value to store: heads and documents, the documents laid out in `scratch` (see
    /// `each_doc`), records written out there as they come, before the browser copies them.
    pub fn to_value(&self, scratch: &mut Vec<u8>) -> Result<JsValue> {
        let mut heads = String::with_capacity(self.entries.len() * 48);
        scratch.clear();
        for (id, (version, doc)) in &self.entries {
            let start = scratch.len();
            doc.write_to(scratch)?;
            heads.push_str(id);
            heads.push('\t');
            heads.push_str(&version.to_string());
            heads.push('\t');
            heads.push_str(&(scratch.len() - start).to_string());
            heads.push('\n');
        }
        let row = Object::new();
        set(&row, "heads", &JsValue::from_str(&heads));
        set(&row, "docs", &Uint8Array::from(scratch.as_slice()).into());
        Ok(row.into())
    }
}

/// A journal row: `{kind, id, version, doc}`, the document as JSON text.
pub fn journal_row(kind: RecordKind, id: &str, version: u32, doc: &Doc) -> Result<JsValue> {
    let mut json = Vec::new();
    doc.write_to(&mut json)?;
    let row = Object::new();
    set(&row, "kind", &JsValue::from_str(kind_name(kind)));
    set(&row, "id", &JsValue::from_str(id));
    set(&row, "version", &JsValue::from(version));
    // Documents are serde_json's output, always UTF-8.
    set(
        &row,
        "doc",
        &JsValue::from_str(std::str::from_utf8(&json).unwrap_or_default()),
    );
    Ok(row.into())
}

/// Reads a row `{id, version, doc, …}` as an entry: a journal row, or a schema-1 row (`what`
/// names it in the refusal).
pub fn row_entry(row: &JsValue, what: &str) -> Result<Entry> {
    let text = |name: &str| field(row, name).and_then(|v| v.as_string());
    let broken = || StorageError::Corrupt(format!("{what} without id, version or document"));
    let id = text("id").ok_or_else(broken)?;
    let version = field(row, "version")
        .and_then(|v| v.as_f64())
        .filter(|v| v.fract() == 0.0 && *v >= 0.0 && *v <= f64::from(u32::MAX))
        .ok_or_else(broken)? as u32;
    let doc = text("doc").ok_or_else(broken)?.into_bytes();
    Ok(Entry { id, version, doc })
}

/// Reads a journal row back: its kind and entry.
pub fn journal_entry(row: &JsValue) -> Result<(RecordKind, Entry)> {
    let kind = field(row, "kind")
        .and_then(|v| v.as_string())
        .and_then(|k| {
            RecordKind::ALL
                .iter()
                .copied()
                .find(|kind| kind_name(*kind) == k)
        })
        .ok_or_else(|| StorageError::Corrupt("a journal row of no known kind".into()))?;
    Ok((kind, row_entry(row, "a journal row")?))
}
