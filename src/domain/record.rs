//! What every record carries (id, version, last change, tombstone) and the one place an edit is stamped.

use super::name::{Id, Name};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

type Fields = serde_json::Map<String, serde_json::Value>;

/// Fields unknown to this version of the app, kept so that they travel on (PRODUCT §7).
/// Nearly every record and log entry has none, so none is one word, not an empty map's
/// three (a million records and entries in a large ledger); it reads and writes as a map.
#[derive(Clone, Default)]
pub struct Extra(Option<Box<Fields>>);

impl Extra {
    pub fn new() -> Extra {
        Extra(None)
    }
}

impl std::ops::Deref for Extra {
    type Target = Fields;
    fn deref(&self) -> &Fields {
        static NONE: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
        self.0
            .as_deref()
            .unwrap_or_else(|| NONE.get_or_init(Fields::new))
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Fields {
        self.0.get_or_insert_with(Default::default)
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Extra) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Extra {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Extra, D::Error> {
        let fields = Fields::deserialize(deserializer)?;
        Ok(Extra((!fields.is_empty()).then(|| Box::new(fields))))
    }
}

/// Who makes an edit, and when. Built by the app from its device id, its office and the
/// clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub device: String,
    pub now: DateTime<Utc>,
    /// The office working at this device, which a petition's log names.
    pub office: Option<String>,
    /// The person working at this device (经办人), which a petition's log names.
    pub by_name: String,
}

/// The metadata of PRODUCT §3, flattened into every record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub id: Id,
    pub version: u32,
    #[serde(with = "timestamp")]
    pub updated_at: DateTime<Utc>,
    pub updated_by: Name,
    #[serde(default)]
    pub deleted: bool,
}

/// One version of a record, named by what orders versions: version, then last change,
/// then device (see `domain::merge`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VersionKey {
    pub version: u32,
    #[serde(with = "timestamp")]
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

impl Meta {
    /// The version this metadata names.
    pub fn key(&self) -> VersionKey {
        VersionKey {
            version: self.version,
            updated_at: self.updated_at,
            updated_by: self.updated_by.to_string(),
        }
    }

    /// The metadata of a record created now: version 1.
    pub fn new(id: impl Into<Id>, stamp: &Stamp) -> Self {
        Meta {
            id: id.into(),
            version: 1,
            updated_at: timestamp::to_millis(stamp.now),
            updated_by: stamp.device.as_str().into(),
            deleted: false,
        }
    }

    /// Records one edit: the version goes up by one and the stamp becomes the last change.
    pub fn touch(&mut self, stamp: &Stamp) {
        self.version = self.version.saturating_add(1);
        // Kept to the millisecond so that a record read back from a file equals the one written.
        self.updated_at = timestamp::to_millis(stamp.now);
        self.updated_by = stamp.device.as_str().into();
    }

    /// Deletes the record as a tombstone, which is an edit like any other so that it travels.
    pub fn tombstone(&mut self, stamp: &Stamp) {
        self.deleted = true;
        self.touch(stamp);
    }
}

/// A fresh record id (UUID v4).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The five kinds of records in a ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Office,
    Metric,
    Campaign,
    Petition,
    Tally,
}

impl RecordKind {
    pub const ALL: &'static [RecordKind] = &[
        RecordKind::Office,
        RecordKind::Metric,
        RecordKind::Campaign,
        RecordKind::Petition,
        RecordKind::Tally,
    ];
}

/// A digest of a record's content from its JSON document (serde_json's output for the
/// record): what an import's undo keeps to tell a change made at the same version. It is
/// the digest of the record written as `AnyRecord` (`{"kind":…,"record":…}`), as entries
/// kept by earlier releases hold it, taken from the record's own document so that a write,
/// which makes that document anyway, need not make it twice.
pub fn document_digest(kind: RecordKind, document: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    /// Feeds what serde_json writes to the hasher; SipHash reads bytes written in pieces
    /// as it reads them written at once.
    struct Feed<'h>(&'h mut DefaultHasher);
    impl std::io::Write for Feed<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hasher = DefaultHasher::new();
    hasher.write(b"{\"kind\":");
    // A unit variant's name: serde_json cannot fail on it.
    let _ = serde_json::to_writer(Feed(&mut hasher), &kind);
    hasher.write(b",\"record\":");
    hasher.write(document);
    hasher.write(b"}");
    hasher.finish()
}

/// A ledger record: what storage and merge need to handle every kind alike.
pub trait Record: Clone + PartialEq + Serialize + DeserializeOwned {
    const KIND: RecordKind;

    /// Top-level fields that are append-only logs, merged as unions instead of won or lost.
    const APPEND_ONLY_FIELDS: &'static [&'static str] = &[];

    fn meta(&self) -> &Meta;
    fn meta_mut(&mut self) -> &mut Meta;

    fn id(&self) -> &str {
        &self.meta().id
    }

    fn is_deleted(&self) -> bool {
        self.meta().deleted
    }

    /// The content that wins or loses as a whole, as canonical JSON: everything but the
    /// parts merged on their own (append-only logs, a petition's personal data).
    fn core_json(&self) -> String {
        canonical_json(self, Self::APPEND_ONLY_FIELDS)
    }

    /// The version whose personal data this copy holds (`None`: removed, or no such data);
    /// between two copies the greater one's personal data stays.
    fn personal_key(&self) -> Option<VersionKey> {
        None
    }

    /// The personal data this copy holds, as canonical JSON.
    fn personal_json(&self) -> String {
        String::new()
    }

    /// Merges into `self`, the winner's copy, the append-only logs of `local` and
    /// `incoming` as a union where an entry already held stays as it is. Returns whether the
    /// logs disagreed (one entry id with other content). Records without logs do nothing.
    fn absorb_log(&mut self, _local: &Self, _incoming: &Self) -> bool {
        false
    }

    /// Gives `self` the personal data of whichever of `local` and `incoming` has the
    /// greater `personal_key`. Records without personal data do nothing.
    fn absorb_personal_data(&mut self, _local: &Self, _incoming: &Self) {}
}

/// Implements `Record` for a struct with a `meta: Meta` field.
macro_rules! impl_record {
    ($ty:ty, $kind:expr $(, append_only = $fields:expr)?) => {
        impl $crate::domain::record::Record for $ty {
            const KIND: $crate::domain::record::RecordKind = $kind;
            $(const APPEND_ONLY_FIELDS: &'static [&'static str] = $fields;)?
            fn meta(&self) -> &$crate::domain::record::Meta {
                &self.meta
            }
            fn meta_mut(&mut self) -> &mut $crate::domain::record::Meta {
                &mut self.meta
            }
        }
    };
}
pub(crate) use impl_record;

/// JSON of a value with object keys sorted at every level, for deterministic tie-breaks.
pub fn canonical_json<T: Serialize>(value: &T, skip_top_level: &[&str]) -> String {
    let mut json = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(map) = &mut json {
        for field in skip_top_level {
            map.remove(*field);
        }
    }
    let mut out = String::new();
    write_canonical(&json, &mut out);
    out
}

/// JSON text of a value with object keys sorted at every level.
pub fn canonical_text(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Timestamps as RFC 3339 in UTC with exactly three fractional digits: `2022-08-21T08:00:00.000Z`.
///
/// Reading accepts any RFC 3339 offset and precision, converts to UTC and keeps milliseconds.
pub mod timestamp {
    use chrono::{DateTime, Datelike, SubsecRound, Timelike, Utc};
    use serde::{Deserializer, Serializer};

    /// The form every time stamp is written in, to the millisecond.
    pub const FORM: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

    pub fn to_millis(at: DateTime<Utc>) -> DateTime<Utc> {
        at.trunc_subsecs(3)
    }

    /// `at` in `FORM`. Years 0 to 9999 outside a leap second are written digit by digit:
    /// chrono reads its format string again for every stamp, which was 8% of writing a large
    /// import. The rest, as chrono writes them.
    pub fn format(at: &DateTime<Utc>) -> String {
        let (year, nanos) = (at.year(), at.nanosecond());
        if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
            return at.format(FORM).to_string();
        }
        let mut out = String::with_capacity(24);
        let mut digits = |value: u32, width: u32, after: char| {
            for place in (0..width).rev() {
                let digit = value / 10u32.pow(place) % 10;
                out.push(char::from_digit(digit, 10).unwrap_or('0'));
            }
            out.push(after);
        };
        digits(year.unsigned_abs(), 4, '-');
        digits(at.month(), 2, '-');
        digits(at.day(), 2, 'T');
        digits(at.hour(), 2, ':');
        digits(at.minute(), 2, ':');
        digits(at.second(), 2, '.');
        digits(nanos / 1_000_000, 3, 'Z');
        out
    }

    /// An RFC 3339 timestamp read strictly (`strict::parse_timestamp`), to the millisecond.
    pub fn parse(text: &str) -> Option<DateTime<Utc>> {
        crate::domain::strict::parse_timestamp(text).map(to_millis)
    }

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format(at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        crate::domain::from_text::from_text(deserializer, "an RFC 3339 timestamp", |text| {
            parse(text).ok_or_else(|| format!("not an RFC 3339 timestamp: {text}"))
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod timestamp_props {
    use chrono::{DateTime, TimeDelta, Utc};

    proptest::proptest! {
        /// Written digit by digit or not, a stamp reads as chrono writes it: any instant from
        /// before year 0 to after 9999, leap seconds included.
        #[test]
        fn a_stamp_is_written_as_chrono_writes_it(
            seconds in -70_000_000_000i64..260_000_000_000,
            nanos in 0u32..2_000_000_000,
        ) {
            let Some(at) = DateTime::<Utc>::from_timestamp(seconds, nanos) else {
                return Ok(());
            };
            proptest::prop_assert_eq!(super::timestamp::format(&at), at.format(super::timestamp::FORM).to_string());
        }
    }

    #[test]
    fn the_edges_of_the_digit_by_digit_form_are_written_as_chrono_writes_them() {
        let year = |y: i32| {
            chrono::NaiveDate::from_ymd_opt(y, 1, 1)
                .unwrap()
                .and_hms_milli_opt(0, 0, 0, 7)
                .unwrap()
                .and_utc()
        };
        let leap_second = DateTime::<Utc>::from_timestamp(1_483_228_799, 1_500_000_000).unwrap();
        for at in [
            year(0),
            year(9999) + TimeDelta::days(364),
            year(-1),
            year(10000),
            year(1970) - TimeDelta::milliseconds(1),
            leap_second,
        ] {
            assert_eq!(
                super::timestamp::format(&at),
                at.format(super::timestamp::FORM).to_string()
            );
        }
    }
}

/// Days as `YYYY-MM-DD`, as chrono writes and reads them. Read through `strict::parse_date`
/// first, which reads the form every stored day has in less than half of chrono's general
/// parser's time (that parser was a twelfth of decoding a petition), and by chrono when that
/// fails, so what reads, and what it reads as, stay chrono's.
pub mod day {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer};

    use crate::domain::{from_text::from_text, strict};

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        from_text(deserializer, "a date", |text| {
            strict::parse_date(text).map_or_else(|| text.parse::<NaiveDate>(), Ok)
        })
    }

    /// The same for a day that may be missing or `null`.
    pub fn option<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        struct Day(NaiveDate);
        impl<'de> Deserialize<'de> for Day {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
                deserialize(deserializer).map(Day)
            }
        }
        Ok(Option::<Day>::deserialize(deserializer)?.map(|Day(day)| day))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn stamp(device: &str, secs: i64) -> Stamp {
        Stamp {
            device: device.to_string(),
            now: Utc.timestamp_opt(1_661_068_800 + secs, 0).unwrap(),
            office: None,
            by_name: String::new(),
        }
    }

    #[test]
    fn timestamp_is_written_with_exactly_milliseconds_in_utc() {
        let at = Utc.with_ymd_and_hms(2022, 8, 21, 8, 0, 0).unwrap();
        assert_eq!(timestamp::format(&at), "2022-08-21T08:00:00.000Z");
        let meta = Meta::new(
            "x",
            &Stamp {
                device: "d".into(),
                now: at,
                office: None,
                by_name: String::new(),
            },
        );
        let json = serde_json::to_value(&meta).unwrap();
        assert_eq!(json["updated_at"], "2022-08-21T08:00:00.000Z");
    }

    #[test]
    fn timestamp_read_from_another_offset_is_converted_to_utc_and_kept_to_milliseconds() {
        let at = timestamp::parse("2022-08-21T16:00:00.123456+08:00").unwrap();
        assert_eq!(timestamp::format(&at), "2022-08-21T08:00:00.123Z");
        assert!(timestamp::parse("2022-08-21 08:00").is_none());
    }

    #[test]
    fn each_edit_raises_the_version_by_one_and_records_who_and_when() {
        let mut meta = Meta::new("x", &stamp("a", 0));
        assert_eq!((meta.version, meta.updated_by.as_str()), (1, "a"));
        meta.touch(&stamp("b", 60));
        assert_eq!(meta.version, 2);
        assert_eq!(meta.updated_by, "b");
        assert_eq!(meta.updated_at, stamp("b", 60).now);
        meta.tombstone(&stamp("c", 120));
        assert!(meta.deleted);
        assert_eq!(meta.version, 3);
    }

    #[test]
    fn canonical_json_sorts_keys_and_drops_the_named_fields() {
        let value =
            serde_json::json!({"b": 1, "a": {"d": [1, {"z": 0, "y": 1}], "c": null}, "log": [1]});
        assert_eq!(
            canonical_json(&value, &["log"]),
            r#"{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}"#
        );
    }
}
