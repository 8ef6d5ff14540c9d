//! Shared texts: interned names, the ids that many records repeat (an office, a metric, a
//! campaign, the device that made an edit), each text held once however many records name
//! it; and a record's own id, held once for the record and its ledger table's key.

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
    /// devices, and the short texts of log entries' data (dates, keys, people's names), so
    /// there are a few thousand; the table keeps each one for the page's life.
    static NAMES: RefCell<HashSet<Arc<str>, foldhash::fast::RandomState>> =
        RefCell::new(HashSet::default());
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

/// The traits of a text held behind an `Arc<str>` (`Name`, `Id`): it reads, compares,
/// orders, hashes and (de)serializes as its text; `$make` makes one from a text.
macro_rules! shared_text {
    ($ty:ident, $make:path) => {
        impl Deref for $ty {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $ty {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $ty {
            fn from(text: &str) -> $ty {
                $make(text)
            }
        }

        impl From<String> for $ty {
            fn from(text: String) -> $ty {
                $make(&text)
            }
        }

        impl From<&String> for $ty {
            fn from(text: &String) -> $ty {
                $make(text)
            }
        }

        impl From<$ty> for String {
            fn from(name: $ty) -> String {
                name.0.to_string()
            }
        }

        impl PartialEq<str> for $ty {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $ty {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl PartialEq<String> for $ty {
            fn eq(&self, other: &String) -> bool {
                *self.0 == **other
            }
        }

        impl PartialEq<$ty> for String {
            fn eq(&self, other: &$ty) -> bool {
                **self == *other.0
            }
        }

        impl PartialEq<$ty> for str {
            fn eq(&self, other: &$ty) -> bool {
                *self == *other.0
            }
        }

        impl PartialEq<$ty> for &str {
            fn eq(&self, other: &$ty) -> bool {
                **self == *other.0
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&*self.0, f)
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                super::from_text::from_text(deserializer, "a string", |text| {
                    Ok::<_, std::convert::Infallible>($make(text))
                })
            }
        }
    };
}

shared_text!(Name, Name::new);

/// A record's id, held once and shared by the record and the key its ledger table files it
/// under (500,000 tallies hold 500,000 ids, not a million `String`s). Not interned: each
/// names one record, and goes with it.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Id(Arc<str>);

impl Id {
    pub fn new(text: &str) -> Id {
        Id(Arc::from(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

shared_text!(Id, Id::new);

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
