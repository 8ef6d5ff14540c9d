//! The report's text (PRODUCT §6): a template in the seed's words with named placeholders
//! bound to the figures, which the user may edit. An unknown placeholder is an error that
//! names it, never blank text; a campaign or month the report lacks prints ＿＿＿ and is
//! listed as a warning; a sentence whose figures are all zero is left out (and listed, so
//! the user can keep it); rendering has a budget, so no template can hang the page.
//!
//! Templates are minijinja syntax (`{{ visits }}`, `{{ t.households_visited | wan }}`),
//! rendered as plain text: no HTML escaping, since the page shows the result as text.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::sync::{Arc, Mutex};

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Object, Rest, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};

use chrono::{Datelike, NaiveDate};

use super::report::{CampaignSums, Report, Sums};
use super::wording;
use crate::domain::catalogue::BUILTIN;
use crate::domain::figures::{
    derived_tally, petition_figure, FigureKind, PetitionFigures, DERIVED_TALLIES, PETITION_FIGURES,
};
use crate::domain::Figures;
use crate::i18n::{format_date, Lang};

mod seed;
pub use seed::{BLANK_LABELS, DEFAULT_TEMPLATE};

/// How an unfilled blank, or a figure of a campaign or month the report lacks, is printed,
/// so that the gap shows on paper.
pub const UNFILLED_BLANK: &str = "＿＿＿";

/// At most this many steps of the template engine: the whole seed takes a few thousand;
/// a loop that would run for minutes stops in well under a second.
const FUEL: u64 = 2_000_000;
/// At most this much text: the whole seed is some 8 KB.
const MAX_OUTPUT: usize = 512 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateError {
    /// 1-based line of the template, when known.
    pub line: Option<usize>,
    /// The placeholder or filter at fault, when known.
    pub name: Option<String>,
    pub kind: TemplateErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplateErrorKind {
    /// A placeholder or filter that the report does not have.
    UnknownPlaceholder,
    /// Something the report's templates may not do (`set`, `*`, `~`): they could make
    /// text without bound. `name` is what was used.
    NotAllowed,
    /// The template ran past its budget of steps (a loop that would not end).
    TooManySteps,
    /// The template wrote more text than a report can hold.
    TooLong,
    /// A line of the template is longer than any template needs (`MAX_LINE_CHARS`); the
    /// engine counts columns in 16 bits.
    LineTooLong,
    /// The template cannot be read or evaluated; the engine's own (English) detail.
    Syntax(String),
}

/// Something the user should know about a text that did render.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Warning {
    /// `campaign("…")` names no campaign with a tally in the period.
    NoCampaign(String),
    /// `month("…")` names a month outside this period and last year's.
    NoMonth(String),
}

/// A sentence left out because every figure in it is zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omitted {
    /// The sentence's words without its figures: what "keep it" remembers.
    pub key: String,
    /// The sentence as it would print.
    pub text: String,
}

/// The text a template makes for a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub text: String,
    pub warnings: Vec<Warning>,
    pub omitted: Vec<Omitted>,
}

/// What the user gives a template besides the report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filled {
    /// The user's text for each blank.
    pub blanks: BTreeMap<String, String>,
    /// Sentences (by `Omitted::key`) to keep although their figures are all zero.
    pub keep: BTreeSet<String>,
}

/// A blank's label for the user: its Chinese name, or the name itself for a blank of the
/// user's own.
pub fn blank_label(name: &str, lang: Lang) -> String {
    BLANK_LABELS
        .iter()
        .find(|(key, _, _)| *key == name)
        .map_or_else(
            || name.to_string(),
            |(_, zh, en)| match lang {
                Lang::Zh => zh.to_string(),
                Lang::En => en.to_string(),
            },
        )
}

/// Every placeholder, function and filter a template may use, with its Chinese
/// description: for the legend beside the editor.
pub fn figure_names() -> Vec<(String, String)> {
    let petitions = PETITION_FIGURES.iter().map(|figure| {
        let name = match figure.kind {
            FigureKind::Rate => format!("{}（如87.3%）", figure.zh),
            _ => figure.label_zh(),
        };
        (figure.key.to_string(), name)
    });
    let tallies = BUILTIN
        .iter()
        .map(|(key, label, _, unit, _, _)| (format!("t.{key}"), format!("{label}（{unit}）")))
        .chain(DERIVED_TALLIES.iter().map(|derived| {
            (
                format!("t.{}", derived.key),
                format!("{}合计（{}）", derived.zh, derived.unit_zh),
            )
        }));
    let others = [
        ("prev.<名称>", "去年同期的同一数字，如 prev.visits、prev.t.arrests"),
        (
            "change.<名称>",
            "与去年同期相比：下降12.5%、提高3.2个百分点、持平、新增5",
        ),
        (
            "campaign(\"名称\").<指标>",
            "某专项行动本期的数字，如 campaign(\"铁血风暴\").gangs_busted；可写多个名称相加；.starts_on、.start_month 为开始日期、月份",
        ),
        (
            "month(\"2022-10\").<指标>",
            "某月（本期或去年同期内）的数字",
        ),
        ("best_month.<指标>", "本期单月最高的数字"),
        (
            "period.from / period.to / period.as_of",
            "期间的起止日与统计截止日，如 2022年8月21日",
        ),
        ("period.year", "期间末日所在年份，如 2022"),
        (
            "blank.<名称>",
            "由您填写的文字空白，如 blank.city；未填写时印为＿＿＿",
        ),
        (
            "wan",
            "以万为单位：23456 写作 2万多，wan(\"余\") 写作 2万余",
        ),
        (
            "approx",
            "取两位有效数字：1234 写作 1200余，approx(\"多\") 写作 1200多；整数不加余、多",
        ),
        ("count", "普通数字，如 58、1.5"),
    ]
    .map(|(name, description)| (name.to_string(), description.to_string()));
    petitions.chain(tallies).chain(others).collect()
}

/// The `blank.*` names the template uses, once each, in order of appearance.
pub fn blanks(template: &str) -> Result<Vec<String>, TemplateError> {
    if let Some(error) = too_long_line(template) {
        return Err(error);
    }
    let env = environment();
    env.template_from_str(template).map_err(syntax_error)?;
    let mut names: Vec<String> = Vec::new();
    for reference in references(template) {
        let Some(rest) = reference.name.strip_prefix("blank.") else {
            continue;
        };
        let name = rest.split('.').next().unwrap_or(rest);
        if !reference.filter && !names.iter().any(|known| known == name) {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

/// The text of `template` for `report`, with the user's blanks and kept sentences.
pub fn render(template: &str, report: &Report, filled: &Filled) -> Result<Rendered, TemplateError> {
    if let Some(error) = not_allowed(template) {
        return Err(error);
    }
    let notes: Arc<Mutex<Notes>> = Arc::default();
    let mut env = environment();
    add_functions(&mut env, report, &notes);
    let compiled = env.template_from_str(template).map_err(syntax_error)?;
    let context = Context::of(report, &filled.blanks, &notes);
    refuse_unknown(template, &compiled, |name| context.knows(name))?;
    let mut written = Bounded::default();
    let result = compiled.render_captured_to(Value::from_object(context), &mut written);
    if let Err(error) = result {
        let asked = lock(&notes).unknown.clone();
        return Err(render_error(error, asked, written.overflowed));
    }
    let raw = String::from_utf8_lossy(&written.bytes);
    let (text, omitted) = settle(&raw, &filled.keep);
    let warnings = std::mem::take(&mut lock(&notes).warnings)
        .into_iter()
        .collect();
    Ok(Rendered {
        text,
        warnings,
        omitted,
    })
}

/// The text of a template whose placeholders are plain texts (a notice's fields), with the
/// same refusals and budget as a report's template.
pub fn render_texts(
    template: &str,
    values: &BTreeMap<&'static str, String>,
) -> Result<String, TemplateError> {
    if let Some(error) = not_allowed(template) {
        return Err(error);
    }
    let env = environment();
    let compiled = env.template_from_str(template).map_err(syntax_error)?;
    refuse_unknown(template, &compiled, |name| values.contains_key(name))?;
    let mut written = Bounded::default();
    if let Err(error) = compiled.render_captured_to(values, &mut written) {
        return Err(render_error(error, None, written.overflowed));
    }
    Ok(without_marks(&String::from_utf8_lossy(&written.bytes)))
}

/// Refuses a template that names a placeholder `knows` does not know, at its first use.
fn refuse_unknown(
    template: &str,
    compiled: &minijinja::Template<'_, '_>,
    knows: impl Fn(&str) -> bool,
) -> Result<(), TemplateError> {
    let undeclared = compiled.undeclared_variables(true);
    let unknown: BTreeSet<&str> = undeclared
        .iter()
        .map(String::as_str)
        .filter(|name| !knows(name))
        .collect();
    match first_unknown(template, &unknown) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// What rendering noticed: warnings, and the first name asked of an object that lacks it.
#[derive(Debug, Default)]
struct Notes {
    warnings: BTreeSet<Warning>,
    unknown: Option<String>,
}

fn lock(notes: &Mutex<Notes>) -> std::sync::MutexGuard<'_, Notes> {
    notes
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A writer that takes at most `MAX_OUTPUT` bytes.
#[derive(Default)]
struct Bounded {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.overflowed = true;
            return Err(io::Error::other("the report's text is too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// Figures are written between marks so that a sentence whose figures are all zero can be
// found after rendering; the marks never reach the text.
const FIGURE: char = '\u{E000}';
const ZERO_FIGURE: char = '\u{E001}';
const FIGURE_END: char = '\u{E002}';

fn marked(text: &str, zero: bool) -> String {
    let start = if zero { ZERO_FIGURE } else { FIGURE };
    format!("{start}{text}{FIGURE_END}")
}

fn marked_number(n: f64, text: String) -> Value {
    Value::from(marked(&text, n == 0.0))
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_fuel(Some(FUEL));
    if let Ok(syntax) = SyntaxConfig::builder().keep_trailing_newline(true).build() {
        env.set_syntax(syntax);
    }
    env.set_formatter(|out, _state, value| {
        let number = Some(value)
            .filter(|v| v.is_number())
            .and_then(|v| f64::try_from(v.clone()).ok());
        let text = match number {
            Some(number) => marked(&wording::count(number), number == 0.0),
            None => value.to_string(),
        };
        out.write_str(&text)
            .map_err(|_| Error::from(ErrorKind::WriteFailure))
    });
    env.add_filter("wan", |n: f64, more: Option<String>| {
        marked_number(n, wording::wan_with(n, more.as_deref().unwrap_or("多")))
    });
    env.add_filter("approx", |n: f64, more: Option<String>| {
        marked_number(n, wording::approx(n, more.as_deref().unwrap_or("余")))
    });
    env.add_filter("count", |n: f64| marked_number(n, wording::count(n)));
    env
}

const FILTERS: [&str; 3] = ["wan", "approx", "count"];
const FUNCTIONS: [&str; 2] = ["campaign", "month"];

/// `campaign("名称", …)` and `month("YYYY-MM")`, bound to the report's sums.
fn add_functions(env: &mut Environment<'static>, report: &Report, notes: &Arc<Mutex<Notes>>) {
    let known = Arc::new(known_metrics(report));
    let campaigns = Arc::new(report.campaigns.clone());
    let (for_campaigns, for_months) = (notes.clone(), notes.clone());
    let metrics = known.clone();
    env.add_function("campaign", move |names: Rest<String>| {
        let found: Vec<&CampaignSums> = names.iter().filter_map(|n| campaigns.get(n)).collect();
        for name in names.iter().filter(|n| !campaigns.contains_key(*n)) {
            lock(&for_campaigns)
                .warnings
                .insert(Warning::NoCampaign(name.clone()));
        }
        let all_found = found.len() == names.len() && !names.is_empty();
        let starts_on = found
            .iter()
            .map(|c| c.starts_on)
            .min()
            .filter(|_| all_found);
        let sums = all_found.then(|| {
            let mut total = Sums::new();
            for campaign in found {
                for (key, sum) in &campaign.sums {
                    *total.entry(key.clone()).or_default() += sum;
                }
            }
            total
        });
        Value::from_object(Campaign {
            starts_on,
            tallies: Value::from_object(Tallies::new(sums, &metrics, &for_campaigns)),
        })
    });
    let months = Arc::new(report.months.clone());
    let month_range = month_range(report);
    env.add_function("month", move |month: String| {
        let sums = month_range
            .contains(&month)
            .then(|| months.get(&month).cloned().unwrap_or_default());
        if sums.is_none() {
            lock(&for_months).warnings.insert(Warning::NoMonth(month));
        }
        Value::from_object(Tallies::new(sums, &known, &for_months))
    });
}

/// The months `month()` may name: those of this period and of last year's, as `YYYY-MM`.
fn month_range(report: &Report) -> BTreeSet<String> {
    let mut months = BTreeSet::new();
    for scope in [&report.scope, &report.previous_scope] {
        let mut day = scope.from;
        while day <= scope.to {
            months.insert(day.format("%Y-%m").to_string());
            let Some(next) = day
                .with_day(1)
                .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
            else {
                break;
            };
            day = next;
        }
    }
    months
}

/// Every metric key a template may name: the catalogue, the derived sums and any metric the
/// report counts in either year.
fn known_metrics(report: &Report) -> BTreeSet<String> {
    BUILTIN
        .iter()
        .map(|entry| entry.0.to_string())
        .chain(DERIVED_TALLIES.iter().map(|d| d.key.to_string()))
        .chain(report.current.tallies.keys().cloned())
        .chain(report.previous.tallies.keys().cloned())
        .collect()
}

fn syntax_error(error: Error) -> TemplateError {
    TemplateError {
        line: error.line(),
        name: None,
        kind: TemplateErrorKind::Syntax(detail(&error)),
    }
}

fn detail(error: &Error) -> String {
    error
        .detail()
        .map_or_else(|| error.kind().to_string(), str::to_string)
}

/// Errors found only while rendering: names used in ways the check beforehand cannot see,
/// and the budget running out.
fn render_error(error: Error, asked: Option<String>, overflowed: bool) -> TemplateError {
    let kind = match error.kind() {
        _ if overflowed => TemplateErrorKind::TooLong,
        ErrorKind::OutOfFuel => TemplateErrorKind::TooManySteps,
        ErrorKind::UndefinedError | ErrorKind::UnknownFilter | ErrorKind::UnknownFunction => {
            TemplateErrorKind::UnknownPlaceholder
        }
        _ => return syntax_error(error),
    };
    let name = match kind {
        TemplateErrorKind::UnknownPlaceholder => asked,
        _ => None,
    };
    TemplateError {
        line: error.line(),
        name,
        kind,
    }
}

/// The first thing a report template may not do: `{% set %}`, `*` or `~`, with which a
/// few characters could build text too large for the page.
/// The longest line a template may have, in characters.
pub const MAX_LINE_CHARS: usize = 10_000;

fn too_long_line(template: &str) -> Option<TemplateError> {
    let at = template
        .split('\n')
        .position(|line| line.chars().count() > MAX_LINE_CHARS)?;
    Some(TemplateError {
        line: Some(at + 1),
        name: None,
        kind: TemplateErrorKind::LineTooLong,
    })
}

fn not_allowed(template: &str) -> Option<TemplateError> {
    if let Some(error) = too_long_line(template) {
        return Some(error);
    }
    let mut line = 1;
    let mut in_tag = false;
    let mut chars = template.char_indices().peekable();
    let error = |name: &str, line| TemplateError {
        line: Some(line),
        name: Some(name.to_string()),
        kind: TemplateErrorKind::NotAllowed,
    };
    while let Some((at, c)) = chars.next() {
        let rest = &template[at..];
        if c == '\n' {
            line += 1;
        }
        if !in_tag {
            if rest.starts_with("{{") || rest.starts_with("{%") {
                in_tag = true;
                let statement = rest[2..].trim_start_matches(['-', '+']).trim_start();
                let word: String = statement
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                if rest.starts_with("{%") && word == "set" {
                    return Some(error("set", line));
                }
                chars.next();
            } else if rest.starts_with("{#") {
                // A comment: skip to its end.
                let end = rest.find("#}").map_or(rest.len(), |end| end + 2);
                line += rest[..end].matches('\n').count();
                while chars.peek().is_some_and(|(next, _)| *next < at + end) {
                    chars.next();
                }
            }
            continue;
        }
        match c {
            '}' | '%' if rest[1..].starts_with('}') => {
                in_tag = false;
                chars.next();
            }
            '"' | '\'' => {
                // A quoted text: skip to its closing quote.
                while let Some((_, inner)) = chars.next() {
                    if inner == '\n' {
                        line += 1;
                    }
                    if inner == '\\' {
                        chars.next();
                    } else if inner == c {
                        break;
                    }
                }
            }
            '*' => return Some(error("*", line)),
            '~' => return Some(error("~", line)),
            _ => {}
        }
    }
    None
}

/// The unknown name or filter that comes first in the template, as an error.
fn first_unknown(template: &str, unknown: &BTreeSet<&str>) -> Option<TemplateError> {
    let references = references(template);
    let place = |name: &str| {
        let variables = || references.iter().enumerate().filter(|(_, r)| !r.filter);
        variables()
            .find(|(_, r)| r.name == name)
            .or_else(|| variables().find(|(_, r)| names_the_same(&r.name, name)))
            .map(|(at, _)| at)
    };
    let names = unknown.iter().map(|name| (place(name), name.to_string()));
    let filters = references
        .iter()
        .enumerate()
        .filter(|(_, r)| r.filter && !FILTERS.contains(&r.name.as_str()))
        .map(|(at, r)| (Some(at), r.name.clone()));
    // A name the scan cannot place (read as `t["…"]`) comes after every placed one.
    let (at, name) = names
        .chain(filters)
        .min_by_key(|(at, _)| at.unwrap_or(usize::MAX))?;
    Some(TemplateError {
        line: at.map(|at| references[at].line),
        name: Some(name),
        kind: TemplateErrorKind::UnknownPlaceholder,
    })
}

/// `reference` is `name` or reads further into it (`t.x.y` reads `t.x`).
fn names_the_same(reference: &str, name: &str) -> bool {
    reference
        .strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A dotted name or a filter name inside a template's tags.
#[derive(Debug, Clone, PartialEq)]
struct Reference {
    name: String,
    line: usize,
    filter: bool,
}

/// The names inside `{{ … }}` and `{% … %}` in order, skipping comments and quoted text.
/// Enough to place a name the engine reported as unknown; the engine does the parsing.
fn references(template: &str) -> Vec<Reference> {
    let bytes = template.as_bytes();
    let mut found = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let mut in_tag = false;
    let mut after_pipe = false;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if !in_tag {
            if rest.starts_with(b"{#") {
                let end = find(bytes, i + 2, b"#}");
                line += count_newlines(&bytes[i..end]);
                i = end;
            } else if rest.starts_with(b"{{") || rest.starts_with(b"{%") {
                in_tag = true;
                after_pipe = false;
                i += 2;
            } else {
                line += usize::from(bytes[i] == b'\n');
                i += 1;
            }
            continue;
        }
        match bytes[i] {
            b'}' | b'%' if rest.get(1) == Some(&b'}') => {
                in_tag = false;
                i += 2;
            }
            quote @ (b'"' | b'\'') => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != quote {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                line += count_newlines(&bytes[i..j.min(bytes.len())]);
                i = j + 1;
                after_pipe = false;
            }
            b'|' => {
                after_pipe = true;
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || bytes[i] == b'_'
                        || (bytes[i] == b'.'
                            && bytes
                                .get(i + 1)
                                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')))
                {
                    i += 1;
                }
                found.push(Reference {
                    name: template[start..i].to_string(),
                    line,
                    filter: after_pipe,
                });
                after_pipe = false;
            }
            c if c.is_ascii_digit() => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                    i += 1;
                }
                after_pipe = false;
            }
            c => {
                line += usize::from(c == b'\n');
                if !c.is_ascii_whitespace() {
                    after_pipe = false;
                }
                i += 1;
            }
        }
    }
    found
}

/// Where `needle` ends, searching from `from`; the end of the text if it is not there.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
        .map_or(bytes.len(), |at| from + at + needle.len())
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// What a template reads at the top level: this period's figures and `t`, `prev`,
/// `change`, `period`, `best_month` and `blank`.
#[derive(Debug)]
struct Context {
    current: Value,
    previous: Value,
    change: Value,
    period: Value,
    best_month: Value,
    blanks: Value,
    known: Arc<BTreeSet<String>>,
}

impl Context {
    fn of(
        report: &Report,
        blanks: &BTreeMap<String, String>,
        notes: &Arc<Mutex<Notes>>,
    ) -> Context {
        let known = Arc::new(known_metrics(report));
        let year = |figures: &Figures| {
            Value::from_object(Year {
                petitions: figures.petitions.clone(),
                tallies: Value::from_object(Tallies::new(
                    Some(figures.tallies.clone()),
                    &known,
                    notes,
                )),
            })
        };
        let period = BTreeMap::from([
            ("from", format_date(report.scope.from, Lang::Zh)),
            ("to", format_date(report.scope.to, Lang::Zh)),
            ("as_of", format_date(report.scope.as_of, Lang::Zh)),
            ("year", report.scope.to.format("%Y").to_string()),
        ]);
        Context {
            current: year(&report.current),
            previous: year(&report.previous),
            change: Value::from_object(Change {
                current: report.current.clone(),
                previous: report.previous.clone(),
                known: known.clone(),
            }),
            period: Value::from(period),
            best_month: Value::from_object(Tallies::new(
                Some(report.best_month.clone()),
                &known,
                notes,
            )),
            blanks: Value::from_object(Blanks(blanks.clone())),
            known,
        }
    }

    /// Whether a name the template reads (`visits`, `prev.t.arrests`, `blank.city`) is one
    /// the report has.
    fn knows(&self, name: &str) -> bool {
        let metric = |key: &str| self.known.contains(key);
        let figure = |key: &str| match key.split_once('.') {
            Some(("t", key)) => metric(key),
            None => petition_figure(key).is_some(),
            _ => false,
        };
        if figure(name) || FUNCTIONS.contains(&name) {
            return true;
        }
        match name.split_once('.') {
            Some(("prev" | "change", rest)) => figure(rest),
            Some(("best_month", key)) => metric(key),
            Some(("period", key)) => ["from", "to", "as_of", "year"].contains(&key),
            Some(("blank", key)) => !key.contains('.'),
            _ => false,
        }
    }
}

impl Object for Context {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "prev" => Some(self.previous.clone()),
            "change" => Some(self.change.clone()),
            "period" => Some(self.period.clone()),
            "best_month" => Some(self.best_month.clone()),
            "blank" => Some(self.blanks.clone()),
            key => self
                .current
                .get_attr(key)
                .ok()
                .filter(|v| !v.is_undefined()),
        }
    }
}

/// One year's figures: the petition figures by key and the tallies as `t`.
#[derive(Debug)]
struct Year {
    petitions: PetitionFigures,
    tallies: Value,
}

impl Object for Year {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        if key == "t" {
            return Some(self.tallies.clone());
        }
        let figure = petition_figure(key)?;
        let value = self.petitions.get(key)?;
        Some(match figure.kind {
            // Read already worded: `结案率{{ closure_rate }}` gives 结案率87.3%.
            FigureKind::Rate => Value::from(marked(
                &wording::percent(value),
                value.is_none_or(|rate| rate == 0.0),
            )),
            _ => Value::from(value.unwrap_or(0.0)),
        })
    }
}

/// Tally sums by metric key: every known metric reads 0 when it has no tally. `None` sums
/// stand for a campaign or month the report lacks: every metric then prints ＿＿＿.
#[derive(Debug)]
struct Tallies {
    sums: Option<Sums>,
    known: Arc<BTreeSet<String>>,
    notes: Arc<Mutex<Notes>>,
}

impl Tallies {
    fn new(
        sums: Option<Sums>,
        known: &Arc<BTreeSet<String>>,
        notes: &Arc<Mutex<Notes>>,
    ) -> Tallies {
        Tallies {
            sums,
            known: known.clone(),
            notes: notes.clone(),
        }
    }
}

impl Object for Tallies {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        if !self.known.contains(key) {
            lock(&self.notes)
                .unknown
                .get_or_insert_with(|| key.to_string());
            return None;
        }
        Some(match &self.sums {
            Some(sums) => Value::from(sums.get(key).copied().unwrap_or(0.0)),
            None => Value::from(UNFILLED_BLANK),
        })
    }
}

/// What `campaign("…")` gives: the campaigns' sums, and when the first of them started.
#[derive(Debug)]
struct Campaign {
    starts_on: Option<NaiveDate>,
    tallies: Value,
}

impl Object for Campaign {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let text = |word: fn(NaiveDate) -> String| {
            Value::from(
                self.starts_on
                    .map_or_else(|| UNFILLED_BLANK.to_string(), word),
            )
        };
        match key.as_str()? {
            "starts_on" => Some(text(|day| format_date(day, Lang::Zh))),
            "start_month" => Some(text(|day| format!("{}年{}月份", day.year(), day.month()))),
            _ => self
                .tallies
                .get_attr(key.as_str()?)
                .ok()
                .filter(|v| !v.is_undefined()),
        }
    }
}

/// The change of each figure from last year, worded as its kind asks (§5.4).
#[derive(Debug)]
struct Change {
    current: Figures,
    previous: Figures,
    known: Arc<BTreeSet<String>>,
}

impl Object for Change {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        if key == "t" {
            return Some(Value::from_object(TallyChange(self.clone())));
        }
        let figure = petition_figure(key)?;
        Some(Value::from(wording::change_of(
            figure.kind.change_wording(),
            self.current.petitions.get(key)?,
            self.previous.petitions.get(key)?,
        )))
    }
}

#[derive(Debug)]
struct TallyChange(Arc<Change>);

impl Object for TallyChange {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        let change = &self.0;
        if !change.known.contains(key) && derived_tally(key).is_none() {
            return None;
        }
        let sum = |figures: &Figures| figures.tallies.get(key).copied();
        Some(Value::from(wording::change_of(
            FigureKind::Amount.change_wording(),
            sum(&change.current),
            sum(&change.previous),
        )))
    }
}

/// The user's text for each blank; a blank left empty prints as `UNFILLED_BLANK`.
#[derive(Debug)]
struct Blanks(BTreeMap<String, String>);

impl Object for Blanks {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let text = self.0.get(key.as_str()?).map(|text| text.trim());
        let text = text
            .filter(|text| !text.is_empty())
            .unwrap_or(UNFILLED_BLANK);
        // The user's text never carries the figure marks.
        Some(Value::from(without_marks(text)))
    }
}

fn without_marks(text: &str) -> String {
    text.replace([FIGURE, ZERO_FIGURE, FIGURE_END], "")
}

/// Ends a sentence: the text after it starts the next one.
fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？')
}

/// The rendered text without its marks, and without the sentences whose figures are all
/// zero (unless kept), which are returned apart.
fn settle(raw: &str, keep: &BTreeSet<String>) -> (String, Vec<Omitted>) {
    let mut text = String::with_capacity(raw.len());
    let mut omitted = Vec::new();
    for (number, line) in raw.split('\n').enumerate() {
        if number > 0 {
            text.push('\n');
        }
        let mut kept_line = String::new();
        let mut sentence_start = 0;
        let mut sentences: Vec<&str> = Vec::new();
        for (at, c) in line.char_indices() {
            if ends_sentence(c) {
                let end = at + c.len_utf8();
                sentences.push(&line[sentence_start..end]);
                sentence_start = end;
            }
        }
        sentences.push(&line[sentence_start..]);
        let mut dropped_any = false;
        for sentence in sentences {
            let (figures, zeros) = figure_counts(sentence);
            let printed = without_marks(sentence);
            if figures > 0 && figures == zeros {
                let key = words_only(sentence);
                if !keep.contains(&key) {
                    omitted.push(Omitted {
                        key,
                        text: printed.trim().to_string(),
                    });
                    dropped_any = true;
                    continue;
                }
            }
            kept_line.push_str(&printed);
        }
        // A paragraph whose last sentence went ends with a full stop, not a semicolon.
        if dropped_any && kept_line.ends_with('；') {
            kept_line.pop();
            kept_line.push('。');
        }
        text.push_str(&kept_line);
    }
    (text, omitted)
}

/// How many figures a piece of rendered text holds, and how many of them are zero.
fn figure_counts(text: &str) -> (usize, usize) {
    let figures = text.matches([FIGURE, ZERO_FIGURE]).count();
    (figures, text.matches(ZERO_FIGURE).count())
}

/// A sentence's words without its figures: the same whatever the figures are.
fn words_only(sentence: &str) -> String {
    let mut words = String::new();
    let mut in_figure = false;
    for c in sentence.chars() {
        match c {
            FIGURE | ZERO_FIGURE => in_figure = true,
            FIGURE_END => in_figure = false,
            c if !in_figure => words.push(c),
            _ => {}
        }
    }
    words.trim().to_string()
}

#[cfg(test)]
mod tests;
