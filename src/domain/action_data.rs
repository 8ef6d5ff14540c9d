//! What a log entry records as data (`Action::data`: a few keys, each with a text), kept
//! small: a ledger of 100,000 petitions holds about 280,000 of them.
//!
//! It reads and writes as the JSON object `{key: text}` with its keys in order, exactly as
//! the `BTreeMap<String, String>` it replaces did, so stored documents, files and their
//! digests are unchanged. In memory it is one short vector of (key, text) kept sorted by
//! key, both names (`Name::shared`), instead of a map's node of eleven slots and a `String`
//! per key and text: the texts are dates, keys, office ids and people's names, which
//! thousands of entries repeat.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::name::Name;

#[derive(Clone, Default, PartialEq, Eq)]
pub struct ActionData(Vec<(Name, Name)>);

impl ActionData {
    /// The text kept under `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.position(key).ok().map(|at| &*self.0[at].1)
    }

    /// Keeps `text` under `key`, in place of what was kept there.
    pub fn insert(&mut self, key: &str, text: impl AsRef<str>) {
        self.insert_named(Name::new(key), Name::shared(text.as_ref()));
    }

    fn insert_named(&mut self, key: Name, text: Name) {
        match self.position(&key) {
            Ok(at) => self.0[at].1 = text,
            Err(at) => self.0.insert(at, (key, text)),
        }
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each key and its text, in the order of the keys.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(key, text)| (key.as_str(), &**text))
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(held, _)| held.as_str().cmp(key))
    }
}

impl<K: AsRef<str>, T: AsRef<str>> FromIterator<(K, T)> for ActionData {
    fn from_iter<I: IntoIterator<Item = (K, T)>>(entries: I) -> Self {
        let mut data = ActionData::default();
        for (key, text) in entries {
            data.insert(key.as_ref(), text);
        }
        data.0.shrink_to_fit();
        data
    }
}

impl std::ops::Index<&str> for ActionData {
    type Output = str;
    fn index(&self, key: &str) -> &str {
        self.get(key)
            .unwrap_or_else(|| panic!("no {key:?} in the entry's data"))
    }
}

impl fmt::Debug for ActionData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for ActionData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, text) in self.iter() {
            map.serialize_entry(key, text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ActionData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = ActionData;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of texts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ActionData, A::Error> {
                let mut data = ActionData::default();
                // A key written twice keeps its last text, as a map read it.
                while let Some((key, Text(text))) = map.next_entry::<Name, Text>()? {
                    data.insert_named(key, text);
                }
                data.0.shrink_to_fit();
                Ok(data)
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// A text of the data, read as `Name::shared` without a `String` of its own on the way.
struct Text(Name);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::from_text::from_text(deserializer, "a text", |text| {
            Ok::<_, std::convert::Infallible>(Text(Name::shared(text)))
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    proptest::proptest! {
        /// Read from and written to JSON exactly as the map it replaced, keys in order and
        /// the last of a key written twice kept.
        #[test]
        fn it_reads_and_writes_as_a_map_of_texts(
            entries in proptest::collection::vec(("[a-z_]{1,8}|on|due_on|办理", ".{0,12}"), 0..8),
        ) {
            let json = |text: &String| serde_json::to_string(text).unwrap();
            let json = format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{}:{}", json(k), json(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let as_map: BTreeMap<String, String> = serde_json::from_str(&json).unwrap();
            let data: ActionData = serde_json::from_str(&json).unwrap();
            proptest::prop_assert_eq!(serde_json::to_string(&data).unwrap(), serde_json::to_string(&as_map).unwrap());
            for (key, text) in &as_map {
                proptest::prop_assert_eq!(data.get(key), Some(text.as_str()));
            }
            proptest::prop_assert_eq!(data.iter().count(), as_map.len());
            let built: ActionData = entries.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            proptest::prop_assert_eq!(built, data);
        }
    }

    #[test]
    fn a_key_is_replaced_in_place_and_an_absent_key_reads_as_none() {
        let mut data: ActionData = [("on", "2022-05-10"), ("decision", "accepted")]
            .into_iter()
            .collect();
        data.insert("on", "2022-05-11");
        assert_eq!(&data["on"], "2022-05-11");
        assert_eq!(data.get("due_on"), None);
        assert_eq!(
            serde_json::to_string(&data).unwrap(),
            r#"{"decision":"accepted","on":"2022-05-11"}"#
        );
        data.clear();
        assert!(data.is_empty());
    }
}
