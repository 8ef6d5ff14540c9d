//! The translation layer: the two languages, the text table and date wording.
//!
//! Plain Rust so that it is tested natively; the UI reads it through a `Lang` signal.

mod dates;
mod labels;
mod log;
mod problems;
mod records;
mod texts;

pub use dates::format_date;
pub use labels::*;
pub use log::happened_text;
pub use problems::{problem_text, record_problem_text, row_problem_text, template_error_text};
pub use records::{field_value_text, metric_name, office_name, record_title};
pub use texts::T;

use crate::domain::fields::{petition_field, Field};

/// A visible label: a text of the table, or a field's name as the petition's field table
/// declares it.
#[derive(Clone, Copy, Debug)]
pub enum Label {
    Text(T),
    Field(Field),
}

impl Label {
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Label::Text(text) => text.get(lang),
            Label::Field(field) => field_label(field, lang),
        }
    }
}

impl From<T> for Label {
    fn from(text: T) -> Label {
        Label::Text(text)
    }
}

impl From<Field> for Label {
    fn from(field: Field) -> Label {
        Label::Field(field)
    }
}

/// A field's name in `lang`.
pub fn field_label(field: Field, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => field.zh,
        Lang::En => field.en,
    }
}

/// The name of the petition field a problem's path names (`reviews[0].due_on`), if the
/// table has it.
pub fn petition_field_label(path: &str, lang: Lang) -> Option<&'static str> {
    petition_field(path).map(|field| field_label(field, lang))
}

/// A language the interface can be shown in. Chinese is the default (PRODUCT §10).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The BCP 47 tag, used for `<html lang>` and in stored settings.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Reads a tag as written by people and URLs: `zh`, `zh-CN`, `en`, `en-GB`, any case.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The colon between a label and its value: full-width in Chinese.
    pub fn colon(self) -> &'static str {
        match self {
            Lang::Zh => "：",
            Lang::En => ": ",
        }
    }

    /// The name of the language in itself, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_accept_regional_variants() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::from_tag("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("zh_TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Lang::default(), Lang::Zh);
    }
}
