//! A log entry's id, kept in 16 bytes when it is a UUID as the app writes it (lowercase,
//! hyphenated): 100,000 petitions log about 500,000 entries, and a `String` of 36 bytes
//! costs each one an allocation of 40 bytes beside its 12-byte handle.
//!
//! It reads, writes, compares and orders exactly as its text, so documents, digests and the
//! log's order (by time, then id) are what they were when it was a `String`.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

#[derive(Clone, PartialEq, Eq, Hash)]
pub enum LogId {
    /// A UUID whose text is its lowercase hyphenated form; never held as `Text`.
    Uuid(Uuid),
    /// Any other text (entries of other tools, tests).
    Text(Box<str>),
}

impl LogId {
    pub fn new(text: &str) -> LogId {
        match Uuid::try_parse(text) {
            Ok(uuid) if written_as_the_app_writes(text) => LogId::Uuid(uuid),
            _ => LogId::Text(text.into()),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, LogId::Text(text) if text.is_empty())
    }

    /// Lends its text to `read`, written out on the stack when it is a UUID.
    pub fn with_text<T>(&self, read: impl FnOnce(&str) -> T) -> T {
        match self {
            LogId::Uuid(uuid) => read(uuid.hyphenated().encode_lower(&mut Uuid::encode_buffer())),
            LogId::Text(text) => read(text),
        }
    }
}

/// Whether a text that reads as a UUID is in the one form its UUID writes back to:
/// hyphenated, lowercase (checked by shape, which a million log entries make worth it).
fn written_as_the_app_writes(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(i, byte)| match i {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => matches!(byte, b'0'..=b'9' | b'a'..=b'f'),
        })
}

impl Default for LogId {
    fn default() -> Self {
        LogId::Text("".into())
    }
}

impl Ord for LogId {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            // Lowercase hex digits order as the nibbles they stand for, and the hyphens
            // stand at the same places, so the bytes order as the texts.
            (LogId::Uuid(a), LogId::Uuid(b)) => a.as_bytes().cmp(b.as_bytes()),
            _ => self.with_text(|a| other.with_text(|b| a.cmp(b))),
        }
    }
}

impl PartialOrd for LogId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<str> for LogId {
    fn eq(&self, other: &str) -> bool {
        self.with_text(|text| text == other)
    }
}

impl PartialEq<&str> for LogId {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl From<&str> for LogId {
    fn from(text: &str) -> LogId {
        LogId::new(text)
    }
}

impl From<String> for LogId {
    fn from(text: String) -> LogId {
        LogId::new(&text)
    }
}

impl fmt::Display for LogId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_text(|text| f.write_str(text))
    }
}

impl fmt::Debug for LogId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with_text(|text| fmt::Debug::fmt(text, f))
    }
}

impl Serialize for LogId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.with_text(|text| serializer.serialize_str(text))
    }
}

impl<'de> Deserialize<'de> for LogId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LogId, D::Error> {
        super::from_text::from_text(deserializer, "a string", |text| {
            Ok::<_, std::convert::Infallible>(LogId::new(text))
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn text_of(id: &LogId) -> String {
        id.to_string()
    }

    #[test]
    fn a_uuid_as_the_app_writes_it_is_kept_in_sixteen_bytes_and_any_other_text_as_it_is() {
        let uuid = "6a235871-3181-45cc-9429-406b6f8b6ebe";
        assert!(matches!(LogId::new(uuid), LogId::Uuid(_)));
        for other in [
            "6A235871-3181-45CC-9429-406B6F8B6EBE",
            "6a235871-3181-45cc-9429-406b6f8b6eBe",
            "6a235871318145cc9429406b6f8b6ebe",
            "{6a235871-3181-45cc-9429-406b6f8b6ebe}",
            "urn:uuid:6a235871-3181-45cc-9429-406b6f8b6ebe",
            "a",
            "",
        ] {
            let id = LogId::new(other);
            assert!(matches!(id, LogId::Text(_)), "{other}");
            assert_eq!(text_of(&id), other);
        }
        assert!(LogId::new("").is_empty() && !LogId::new(uuid).is_empty());
    }

    proptest::proptest! {
        /// Reads, writes, compares and orders as its text, UUID or not.
        #[test]
        fn it_behaves_as_its_text(
            a in "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-fA-F-]{0,40}|.{0,6}",
            b in "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-fA-F-]{0,40}|.{0,6}",
        ) {
            let (x, y) = (LogId::new(&a), LogId::new(&b));
            proptest::prop_assert_eq!(text_of(&x), a.clone());
            proptest::prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            proptest::prop_assert_eq!(x == y, a == b);
            proptest::prop_assert_eq!(serde_json::to_string(&x).unwrap(), serde_json::to_string(&a).unwrap());
            let back: LogId = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
            proptest::prop_assert_eq!(back, x);
        }
    }
}
