//! Documents on paper (PRODUCT §6): a title, the text, the issuing body and the date, set
//! as GB/T 9704-2012 sets them; the report as issued is one, with the report it was made
//! from, and so are the notices a petitioner receives. One shape for what prints, what the
//! DOCX holds and what the archive keeps, so an archived report prints and downloads exactly
//! as it was issued.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::report::Report;
use crate::i18n::{format_date, Lang};

/// What prints: the title, the text, the issuing body and the date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paper {
    pub title: String,
    /// The text, one paragraph a line.
    pub text: String,
    /// The issuing body (发文机关署名), printed under the text.
    pub issuer: String,
    /// The date of the document (成文日期), printed under the issuer.
    pub issued_on: NaiveDate,
}

/// The report as issued: its paper and the report it was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    #[serde(flatten)]
    pub paper: Paper,
    pub report: Report,
}

/// A report kept as issued (存档).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Archived {
    pub id: String,
    /// When it was kept.
    pub archived_at: DateTime<Utc>,
    pub document: Document,
}

/// How a paragraph of the text is set (GB/T 9704-2012).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The addressee (主送机关, a first line ending in a colon): flush left.
    Salutation,
    /// `一、…`: 黑体.
    Heading,
    /// `（一）…`: 楷体.
    Subheading,
    /// Indented two characters.
    Body,
}

impl Paper {
    /// The text's paragraphs: its non-empty lines, trimmed, with what no document may hold
    /// (control characters) taken out, each with how it is set.
    pub fn paragraphs(&self) -> Vec<(Level, String)> {
        self.text
            .lines()
            .map(printable)
            .filter(|line| !line.is_empty())
            .enumerate()
            .map(|(at, line)| (level_of(at, &line), line))
            .collect()
    }

    /// The date as the document prints it: `2022年9月5日`.
    pub fn date_text(&self) -> String {
        format_date(self.issued_on, Lang::Zh)
    }

    /// How far from the right margin the issuing body and the date end, in characters
    /// (GB/T 9704-2012 7.3.5.2, a document without a seal): the body two characters in, the
    /// date under it starting two characters further right; a date longer than the body
    /// ends two characters in and pushes the body right.
    pub fn signature_indents(&self) -> (f32, f32) {
        let (issuer, date) = (width(&printable(&self.issuer)), width(&self.date_text()));
        let date_indent = issuer - date;
        if date_indent >= 2.0 {
            (2.0, date_indent)
        } else {
            (date - issuer + 4.0, 2.0)
        }
    }
}

/// A text's width in characters of the body font: a digit or a Latin letter is half.
fn width(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// A text as a document may hold it: trimmed (ideographic spaces too, since the first-line
/// indent does their work), without control characters or what XML cannot carry.
pub fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect::<String>()
        .trim_matches(|c: char| c.is_whitespace())
        .to_string()
}

const NUMERALS: &str = "一二三四五六七八九十";

/// What follows a Chinese numeral at the start of `text`, if it starts with one.
fn after_numeral(text: &str) -> Option<&str> {
    let numeral_end = text
        .char_indices()
        .find(|(_, c)| !NUMERALS.contains(*c))
        .map_or(text.len(), |(i, _)| i);
    (numeral_end > 0).then(|| &text[numeral_end..])
}

fn level_of(at: usize, line: &str) -> Level {
    let numbered = after_numeral;
    if numbered(line).is_some_and(|rest| rest.starts_with('、')) {
        Level::Heading
    } else if line
        .strip_prefix('（')
        .and_then(numbered)
        .is_some_and(|rest| rest.starts_with('）'))
    {
        Level::Subheading
    } else if at == 0 && (line.ends_with('：') || line.ends_with(':')) {
        Level::Salutation
    } else {
        Level::Body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::report::build_report;
    use crate::report::report::tests::{a_small_city, august};

    fn document(text: &str) -> Paper {
        Paper {
            title: "标题".into(),
            text: text.into(),
            issuer: "某市政法委".into(),
            issued_on: "2022-09-05".parse().unwrap(),
        }
    }

    #[test]
    fn paragraphs_are_set_by_what_they_begin_with() {
        let doc = document(
            "尊敬的各位领导，同志们：\n\n一、总体情况\n（二）具体做法\n正文一、不是标题。\n十一、第十一\n　　缩进的正文\n",
        );
        assert_eq!(
            doc.paragraphs(),
            [
                (Level::Salutation, "尊敬的各位领导，同志们：".into()),
                (Level::Heading, "一、总体情况".into()),
                (Level::Subheading, "（二）具体做法".into()),
                (Level::Body, "正文一、不是标题。".into()),
                (Level::Heading, "十一、第十一".into()),
                (Level::Body, "缩进的正文".into()),
            ]
        );
        // Only a first line is an addressee.
        assert_eq!(document("正文。\n如下：").paragraphs()[1].0, Level::Body);
    }

    #[test]
    fn control_characters_never_reach_a_document() {
        let doc = document("第一段\u{0}\u{7}有\u{1b}[31m控制符\u{fffe}。\r\n第二段");
        assert_eq!(
            doc.paragraphs(),
            [
                (Level::Body, "第一段有[31m控制符。".into()),
                (Level::Body, "第二段".into())
            ]
        );
        assert_eq!(printable("\t标题\u{8}\n"), "标题");
    }

    #[test]
    fn the_date_is_written_in_chinese() {
        assert_eq!(document("").date_text(), "2022年9月5日");
    }

    #[test]
    fn the_date_starts_two_characters_right_of_the_issuing_body() {
        // 某市政法委 is 5 characters, 2022年9月5日 is 6: the date ends two in, the body 5.
        let doc = document("");
        assert_eq!(doc.signature_indents(), (5.0, 2.0));
        let long = Paper {
            issuer: "中共某某市委政法委员会办公室".into(),
            ..doc
        };
        // 14 characters: the body ends two in, the date 14 − 6 = 8 in.
        assert_eq!(long.signature_indents(), (2.0, 8.0));
    }

    #[test]
    fn an_archived_report_reads_back_as_it_was_kept() {
        let kept = Archived {
            id: "a1".into(),
            archived_at: "2022-09-05T02:00:00Z".parse().unwrap(),
            document: Document {
                paper: document("一、总体情况\n正文。"),
                report: build_report(&a_small_city(), &august()),
            },
        };
        let json = serde_json::to_string(&kept).unwrap();
        // Kept as the first archive of revision 2 kept it: the paper's fields beside the report.
        let fields: Vec<String> = serde_json::from_str::<serde_json::Value>(&json).unwrap()
            ["document"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(fields, ["issued_on", "issuer", "report", "text", "title"]);
        let back: Archived = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(
            back.document.paper.paragraphs(),
            kept.document.paper.paragraphs()
        );
    }
}
