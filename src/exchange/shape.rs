//! The shape of the exchange file (PRODUCT §7): the arrays and the order they are read in,
//! each record kind's fields and what each must hold, the bounds on a record's size and
//! depth, and what is wrong when a file or a record is refused. The stream reader and the
//! record reader both read it; neither reads the other's insides for it.

use serde_json::{Map, Value};

use crate::domain::fields::{Field, Presence, Shape, PETITION_FIELDS};
use crate::domain::record::timestamp;
use crate::domain::strict::{parse_date, MAX_VERSION};
use crate::domain::{MetricGroup, OfficeKind, ProblemKind, RecordKind};

/// Why a whole file is refused. Nothing of it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// Not JSON; where the reading stopped (both counted from 1).
    NotJson { line: usize, column: usize },
    /// JSON, but not an object whose `format` is `taizhang`.
    NotTaizhang,
    /// An encrypted file (`taizhang-encrypted`): it needs the passphrase first.
    Encrypted,
    /// Written by a newer version of the app than this one.
    NewerVersion { version: u64 },
    /// A header field (`version`, `exported_at`, `source`, `redacted`) is missing or malformed.
    BadHeader { field: &'static str },
    /// A required record array is absent.
    MissingArray(&'static str),
    /// A record array's field holds something other than an array.
    NotAnArray(&'static str),
    /// A record array's field is named twice: which records the file means is not clear.
    RepeatedArray(&'static str),
    /// Bytes that are not UTF-8 (refused, never repaired: a repaired copy could win a merge).
    NotUtf8,
}

/// What is wrong at one place of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordProblemKind {
    /// The record (or an action in it) is not a JSON object.
    NotAnObject,
    /// A required field is absent.
    Missing,
    /// The field holds the wrong kind of value, e.g. a number where text belongs.
    WrongType,
    /// Not a real date written `YYYY-MM-DD`.
    NotADate,
    /// Not an RFC 3339 timestamp.
    NotATimestamp,
    /// Not one of the keys of its closed set (`channel: "fax"`).
    NotInSet,
    /// A number out of the field's range: a negative or fractional count, a version outside
    /// 1 to 1,000,000,000.
    OutOfRange,
    /// Has the shape of a record yet could not be read as one.
    Unreadable,
    /// Breaks a rule of PRODUCT §3/§4 (a malformed id is `Rule(ProblemKind::NotAUuid)`).
    Rule(ProblemKind),
    /// A tally's metric is neither built in, nor in the file, nor in the ledger.
    UnknownMetric,
    /// The record's text is longer than any record may be (`MAX_RECORD_BYTES`).
    TooLarge,
    /// The record nests deeper than any record may (`MAX_DEPTH`).
    TooDeep,
    /// It refers to a record of the file that has problems (at this place) and that the
    /// ledger does not hold: a tally of a refused metric, a petition of a refused office.
    /// Refused with it, so that importing only the valid records never brings one half.
    DependsOnRefused(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordProblem {
    /// `petitions[12].received_on`; just `petitions[12]` when the whole record is meant.
    pub place: String,
    pub kind: RecordProblemKind,
}

/// The arrays of a file in the order they are read: metrics before tallies, so a tally's
/// metric from the same file is known by the time the tally is checked.
pub const ARRAYS: [(RecordKind, &str); 5] = [
    (RecordKind::Office, "offices"),
    (RecordKind::Metric, "metrics"),
    (RecordKind::Campaign, "campaigns"),
    (RecordKind::Petition, "petitions"),
    (RecordKind::Tally, "tallies"),
];

/// A field of a record kind the petition's table does not describe (its shape only).
const fn required(key: &'static str, shape: Shape) -> Field {
    shape_of(key, Presence::Required, shape)
}

const fn optional(key: &'static str, shape: Shape) -> Field {
    shape_of(key, Presence::Optional, shape)
}

const fn nullable(key: &'static str, shape: Shape) -> Field {
    shape_of(key, Presence::Nullable, shape)
}

const fn shape_of(key: &'static str, presence: Presence, shape: Shape) -> Field {
    Field {
        key,
        zh: "",
        en: "",
        personal: false,
        presence,
        shape,
    }
}

const META: &[Field] = &[
    required("id", Shape::Text),
    required("version", Shape::Version),
    required("updated_at", Shape::Timestamp),
    required("updated_by", Shape::Text),
    optional("deleted", Shape::Bool),
];

const OFFICE: &[Field] = &[
    required("name", Shape::Text),
    required("kind", Shape::Key(OfficeKind::is_key)),
    required("code", Shape::Text),
];

const METRIC: &[Field] = &[
    required("label_zh", Shape::Text),
    required("label_en", Shape::Text),
    required("unit_zh", Shape::Text),
    required("unit_en", Shape::Text),
    required("group", Shape::Key(MetricGroup::is_key)),
    required("integer", Shape::Bool),
    required("builtin", Shape::Bool),
    optional("hidden", Shape::Bool),
];

const CAMPAIGN: &[Field] = &[
    required("name", Shape::Text),
    required("starts_on", Shape::Date),
    nullable("ends_on", Shape::Date),
    optional("description", Shape::Text),
    optional("metrics", Shape::Texts),
];

const TALLY: &[Field] = &[
    required("office_id", Shape::Text),
    required("metric", Shape::Text),
    required("on", Shape::Date),
    required("value", Shape::Number),
    nullable("campaign_id", Shape::Text),
    optional("note", Shape::Text),
];

/// The fields of a record kind after the metadata every record has.
pub(super) fn fields_of(kind: RecordKind) -> &'static [Field] {
    match kind {
        RecordKind::Office => OFFICE,
        RecordKind::Metric => METRIC,
        RecordKind::Campaign => CAMPAIGN,
        RecordKind::Petition => PETITION_FIELDS,
        RecordKind::Tally => TALLY,
    }
}

/// The longest text of one record: far beyond any real petition (whose details are at most
/// 5,000 characters), so that no single record can hold the page.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// How deep a record may nest (unknown fields included): a petition's own fields nest three
/// levels; the rest is room for what other tools add.
pub const MAX_DEPTH: usize = 32;

/// How deep `value` nests: a text or a number is 0, an object of texts 1. Walks with its own
/// stack, so no input can exhaust the program's.
pub(super) fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((value, level)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(object) => Box::new(object.values()),
            _ => continue,
        };
        deepest = deepest.max(level + 1);
        if deepest > MAX_DEPTH {
            return deepest;
        }
        stack.extend(children.map(|child| (child, level + 1)));
    }
    deepest
}

/// Where a value is in its record: written out (`actions[2].data.on`) only when a problem
/// is found there. Made for every field of every record of a file of 100,000s, the written
/// paths were about 5% of checking it.
#[derive(Clone, Copy)]
pub(super) enum FieldPath<'a> {
    Record,
    Field(&'a FieldPath<'a>, &'a str),
    Item(&'a FieldPath<'a>, usize),
}

impl std::fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldPath::Record => Ok(()),
            FieldPath::Field(FieldPath::Record, key) => f.write_str(key),
            FieldPath::Field(parent, key) => write!(f, "{parent}.{key}"),
            FieldPath::Item(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Checks a record's metadata and `fields`, adding (field path, problem) for every mistake.
/// An optional text written `null` (as DuckDB or a spreadsheet export writes it) is taken
/// as none: it becomes `""`. Fields not named here are unknown and kept as they are.
pub(super) fn check_fields(
    object: &mut Map<String, Value>,
    fields: &[Field],
    at: &FieldPath,
    problems: &mut Vec<(String, RecordProblemKind)>,
) {
    let meta: &[Field] = if matches!(at, FieldPath::Record) {
        META
    } else {
        &[]
    };
    for field in meta.iter().chain(fields) {
        let path = FieldPath::Field(at, field.key);
        match object.get_mut(field.key) {
            None if field.presence == Presence::Required => {
                problems.push((path.to_string(), RecordProblemKind::Missing))
            }
            None => {}
            Some(Value::Null) if field.presence == Presence::Nullable => {}
            Some(value @ Value::Null)
                if field.presence == Presence::Optional && matches!(field.shape, Shape::Text) =>
            {
                *value = Value::String(String::new());
            }
            Some(value) => check_value(value, field.shape, &path, problems),
        }
    }
}

fn check_value(
    value: &mut Value,
    shape: Shape,
    path: &FieldPath,
    problems: &mut Vec<(String, RecordProblemKind)>,
) {
    let problem = match (shape, value) {
        (Shape::Text, Value::String(_)) | (Shape::Bool, Value::Bool(_)) => None,
        (Shape::Number, Value::Number(_)) => None,
        (Shape::Count, Value::Number(n)) => match n.as_u64() {
            Some(n) if u32::try_from(n).is_ok() => None,
            _ => Some(RecordProblemKind::OutOfRange),
        },
        (Shape::Version, Value::Number(n)) => match n.as_u64() {
            Some(n) if (1..=u64::from(MAX_VERSION)).contains(&n) => None,
            _ => Some(RecordProblemKind::OutOfRange),
        },
        (Shape::Date, Value::String(s)) if parse_date(s).is_some() => None,
        (Shape::Date, _) => Some(RecordProblemKind::NotADate),
        (Shape::Timestamp, Value::String(s)) if timestamp::parse(s).is_some() => None,
        (Shape::Timestamp, _) => Some(RecordProblemKind::NotATimestamp),
        (Shape::Key(is_member), Value::String(s)) => {
            (!is_member(s)).then_some(RecordProblemKind::NotInSet)
        }
        (Shape::Texts, Value::Array(items)) => {
            for (i, item) in items.iter_mut().enumerate() {
                check_value(item, Shape::Text, &FieldPath::Item(path, i), problems);
            }
            None
        }
        (Shape::TextMap, Value::Object(object)) => {
            for (key, item) in object.iter_mut() {
                check_value(item, Shape::Text, &FieldPath::Field(path, key), problems);
            }
            None
        }
        (Shape::Object(fields), Value::Object(object)) => {
            check_fields(object, fields, path, problems);
            None
        }
        (Shape::Objects(fields), Value::Array(items)) => {
            for (i, item) in items.iter_mut().enumerate() {
                let at = FieldPath::Item(path, i);
                match item {
                    Value::Object(object) => check_fields(object, fields, &at, problems),
                    _ => problems.push((at.to_string(), RecordProblemKind::NotAnObject)),
                }
            }
            None
        }
        _ => Some(RecordProblemKind::WrongType),
    };
    if let Some(problem) = problem {
        problems.push((path.to_string(), problem));
    }
}
