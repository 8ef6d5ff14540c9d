//! Interned names: the ids that many records repeat (an office, a metric, a campaign, the
//! device that made an edit), each text held once however many records name it.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A short text that many records repeat, shared rather than copied: 500,000 tallies of a
/// few dozen offices and metrics hold a few dozen texts. Reads, compares, orders and hashes
/// as its text.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Name(Arc<str>);

thread_local! {
    /// Every name made on this thread. Names are ids of offices, metrics, campaigns and
    /// devices, so there are few; the table keeps each one for the page's life.
    static NAMES: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::new());
}

impl Name {
    pub fn new(text: &str) -> Name {
        NAMES.with(|names| {
            let mut names = names.borrow_mut();
            if let Some(held) = names.get(text) {
                return Name(Arc::clone(held));
            }
            let held: Arc<str> = Arc::from(text);
            names.insert(Arc::clone(&held));
            Name(held)
        })
    }

    /// A text that may repeat, held as a name: interned when short (a date, a key, an id, a
    /// person's name), else kept on its own, so that a long one-off text goes with what holds
    /// it instead of staying in the table for the page's life.
    pub fn shared(text: &str) -> Name {
        if text.len() <= SHARED_MAX {
            Name::new(text)
        } else {
            Name(Arc::from(text))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest text `Name::shared` interns.
const SHARED_MAX: usize = 64;

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::new(&text)
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name::new(text)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.0.to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Name, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Name, E> {
                Ok(Name::new(text))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_is_held_once_and_a_name_reads_and_travels_as_its_text() {
        let a = Name::from("office-1".to_string());
        let b: Name = serde_json::from_str("\"office-1\"").unwrap();
        assert!(Arc::ptr_eq(&a.0, &b.0), "the same text is shared");
        assert_eq!(a, "office-1");
        assert_eq!("office-1".to_string(), a);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"office-1\"");
        assert!(Name::new("a") < Name::new("b"));
        let mut map = std::collections::HashMap::new();
        map.insert(a.clone(), 1);
        assert_eq!(map.get("office-1"), Some(&1));
        assert_eq!(format!("{a}|{a:?}"), "office-1|\"office-1\"");
    }

    #[test]
    fn a_shared_text_is_interned_only_when_short() {
        let short = "2022-08-21";
        assert!(Arc::ptr_eq(&Name::shared(short).0, &Name::new(short).0));
        let long = "长".repeat(30);
        let (a, b) = (Name::shared(&long), Name::shared(&long));
        assert!(
            !Arc::ptr_eq(&a.0, &b.0),
            "a long text is not kept in the table"
        );
        assert_eq!(a, b);
        assert_eq!(a, long);
    }
}
