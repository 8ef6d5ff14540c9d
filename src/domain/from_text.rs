//! Reading a value from a string of a document without a `String` of its own on the way:
//! the parser gets the text where it lies (a cold start reads millions of them).

use std::fmt;

use serde::de::{Deserializer, Error, Visitor};

/// Reads a string and makes the value with `make`; its error is the reading's.
pub fn from_text<'de, D, T, M>(
    deserializer: D,
    expecting: &'static str,
    make: impl FnOnce(&str) -> Result<T, M>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    M: fmt::Display,
{
    struct Text<F>(&'static str, F);
    impl<T, M: fmt::Display, F: FnOnce(&str) -> Result<T, M>> Visitor<'_> for Text<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: Error>(self, text: &str) -> Result<T, E> {
            (self.1)(text).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(Text(expecting, make))
}
