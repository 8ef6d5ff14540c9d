//! Turning a spreadsheet into tallies before anything is written: the user maps columns,
//! sees what would be added, changed or refused (every row, with every reason), then confirms.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};

use super::campaign::Campaign;
use super::ledger::Ledger;
use super::metric::Metric;
use super::metrics::available_metrics;
use super::name::Id;
use super::record::{Extra, Meta, Stamp};
use super::tallies::set_count;
use super::tally::Tally;
use super::validate::{validate_tally, ProblemKind};
use crate::sheet::{Cell, Sheet};

/// Which column (0-based) holds what. No office column: every row is the importing
/// office's; no campaign column: every row belongs to the campaign chosen for the import.
///
/// Two layouts: one row per figure (a metric column and a value column), or one column per
/// indicator, as offices keep tallies in Excel (`日期 | 单位 | 破获刑事案件 | 查处治安案件 …`):
/// then `metrics` names the metric of each such column, and each filled cell is a tally.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnMap {
    pub date: Option<usize>,
    pub office: Option<usize>,
    pub metric: Option<usize>,
    pub value: Option<usize>,
    pub campaign: Option<usize>,
    pub note: Option<usize>,
    /// Columns that each hold one metric's counts: (column, metric key).
    pub metrics: Vec<(usize, String)>,
}

impl ColumnMap {
    /// One column per indicator, not a metric column and a value column.
    pub fn is_wide(&self) -> bool {
        self.metric.is_none() && !self.metrics.is_empty()
    }
}

/// Header names (lower case) that each column is guessed from.
const DATE_NAMES: &[&str] = &["日期", "date", "on", "统计日期"];
const OFFICE_NAMES: &[&str] = &["单位", "office", "单位名称", "office_id"];
const METRIC_NAMES: &[&str] = &["指标", "metric", "统计指标", "项目"];
const VALUE_NAMES: &[&str] = &["数值", "数量", "value", "count", "数"];
const CAMPAIGN_NAMES: &[&str] = &["专项行动", "campaign", "行动"];
const NOTE_NAMES: &[&str] = &["备注", "note"];

/// A header as it is matched: without a BOM, spaces, case, or a unit in brackets at its end
/// (`破获刑事案件（起）`, `Arrests (people)`, `走访户数[户]`).
fn header_name(cell: &Cell) -> String {
    let text = cell.as_text();
    let mut name = text
        .trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_string();
    for (open, close) in [('（', '）'), ('(', ')'), ('[', ']'), ('【', '】')] {
        if name.ends_with(close) {
            if let Some(at) = name.rfind(open).filter(|at| *at > 0) {
                name.truncate(at);
                break;
            }
        }
    }
    name.trim().to_lowercase()
}

/// What a header row says: the named columns, the metric of each column named after one,
/// and the headers that are neither (for the user to map or leave out).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderGuess {
    pub map: ColumnMap,
    /// (column, header as written) of headers that name nothing known.
    pub unknown: Vec<(usize, String)>,
}

/// The columns a header row names (`guess_columns`) and, where no metric column is named,
/// each column named after a metric of the ledger (key, Chinese or English label).
pub fn guess_header(header: &[Cell], ledger: &Ledger) -> HeaderGuess {
    let mut map = guess_columns(header);
    let named = [
        map.date,
        map.office,
        map.metric,
        map.value,
        map.campaign,
        map.note,
    ];
    let metrics = available_metrics(ledger);
    let names = metric_names(&metrics);
    let mut unknown = Vec::new();
    if map.metric.is_none() {
        for (column, cell) in header.iter().enumerate() {
            if named.contains(&Some(column)) || cell.as_text().trim().is_empty() {
                continue;
            }
            match names.get(&header_name(cell)) {
                Some(metric) => map.metrics.push((column, metric.key().to_string())),
                None => unknown.push((column, cell.as_text().trim().to_string())),
            }
        }
        if !map.metrics.is_empty() {
            // A wide sheet has no value column: a header 数 or 数量 is one to map or leave out.
            if let Some(column) = map.value.take() {
                let text = header.get(column).map(Cell::as_text).unwrap_or_default();
                unknown.push((column, text.trim().to_string()));
                unknown.sort();
            }
        }
    }
    HeaderGuess { map, unknown }
}

/// The columns a header row names; the first column with a name wins.
pub fn guess_columns(header: &[Cell]) -> ColumnMap {
    let mut map = ColumnMap::default();
    for (column, cell) in header.iter().enumerate() {
        let name = header_name(cell);
        let slot = [
            (&mut map.date, DATE_NAMES),
            (&mut map.office, OFFICE_NAMES),
            (&mut map.metric, METRIC_NAMES),
            (&mut map.value, VALUE_NAMES),
            (&mut map.campaign, CAMPAIGN_NAMES),
            (&mut map.note, NOTE_NAMES),
        ]
        .into_iter()
        .find(|(_, names)| names.contains(&name.as_str()));
        if let Some((slot, _)) = slot {
            slot.get_or_insert(column);
        }
    }
    map
}

/// A spreadsheet to fill in, as CSV for Excel (a UTF-8 BOM): one row per figure
/// (`日期,单位,指标,数值,备注`, a row per metric) or one column per indicator (`日期,单位,`
/// then each metric's label with its unit), for the campaign's metrics (every shown metric
/// without one), dated `today` for this office.
pub fn tally_template(
    ledger: &Ledger,
    campaign: Option<&Campaign>,
    office_code: &str,
    today: NaiveDate,
    wide: bool,
) -> String {
    let metrics = available_metrics(ledger);
    let chosen: Vec<&Metric> = match campaign {
        Some(c) => c
            .metrics
            .iter()
            .filter_map(|key| metrics.get(key.as_str()))
            .collect(),
        None => metrics.values().filter(|m| !m.hidden).collect(),
    };
    let day = today.to_string();
    let rows: Vec<Vec<String>> = if wide {
        let mut header = vec!["日期".to_string(), "单位".to_string()];
        header.extend(chosen.iter().map(|m| match m.unit_zh.trim() {
            "" => m.label_zh.clone(),
            unit => format!("{}（{unit}）", m.label_zh),
        }));
        let mut example = vec![day, office_code.to_string()];
        example.extend(chosen.iter().map(|_| String::new()));
        vec![header, example]
    } else {
        let header = ["日期", "单位", "指标", "数值", "备注"]
            .map(String::from)
            .to_vec();
        std::iter::once(header)
            .chain(chosen.iter().map(|m| {
                vec![
                    day.clone(),
                    office_code.to_string(),
                    m.label_zh.clone(),
                    String::new(),
                    String::new(),
                ]
            }))
            .collect()
    };
    crate::sheet::write_csv(&rows)
}

/// What an import is checked against.
#[derive(Debug, Clone, Copy)]
pub struct ImportContext<'a> {
    pub ledger: &'a Ledger,
    /// The office of rows without an office column.
    pub this_office: &'a str,
    /// The campaign of rows without a campaign column or with that cell blank.
    pub campaign: Option<&'a str>,
    pub today: NaiveDate,
}

closed_set! {
    /// A column every row needs.
    pub enum ImportField {
        Date => "date",
        Office => "office",
        Metric => "metric",
        Value => "value",
    }
}

/// Why a row is refused. The texts are the cell as the user typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    Missing(ImportField),
    BadDate(String),
    InTheFuture,
    UnknownOffice(String),
    UnknownMetric(String),
    UnknownCampaign(String),
    BadValue(String),
    Negative,
    /// A fraction for a metric counted in whole numbers.
    NotWhole,
    NoteTooLong {
        max: usize,
    },
    /// The same office, metric, day and campaign as this earlier row (its number): one
    /// tally per day, so the file contradicts itself.
    DuplicateOf(usize),
}

impl RowProblem {
    /// Problems are listed in the order of the columns they are about.
    fn order(&self) -> u8 {
        match self {
            RowProblem::Missing(ImportField::Date) | RowProblem::BadDate(_) => 0,
            RowProblem::InTheFuture => 0,
            RowProblem::Missing(ImportField::Office) | RowProblem::UnknownOffice(_) => 1,
            RowProblem::Missing(ImportField::Metric) | RowProblem::UnknownMetric(_) => 2,
            RowProblem::UnknownCampaign(_) => 3,
            RowProblem::Missing(ImportField::Value) | RowProblem::BadValue(_) => 4,
            RowProblem::Negative | RowProblem::NotWhole => 4,
            RowProblem::NoteTooLong { .. } => 5,
            RowProblem::DuplicateOf(_) => 6,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRow {
    /// The row number as the spreadsheet shows it (from 1, header rows included).
    pub row: usize,
    /// In a sheet of one column per indicator, the metric of the refused cell: each cell
    /// is refused on its own, with its own problems.
    pub metric: Option<String>,
    pub problems: Vec<RowProblem>,
}

/// What confirming the import would write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TallyImportPlan {
    pub adds: Vec<Tally>,
    /// Existing tallies with the new value, version raised.
    pub updates: Vec<Tally>,
    /// Rows that say what the ledger already holds.
    pub unchanged: usize,
    pub refused: Vec<RefusedRow>,
}

/// Office id, metric key, day, campaign id: what makes a tally the one of its day.
type TallyKey = (String, String, NaiveDate, Option<String>);

/// A row that passed every check.
struct Entry {
    key: TallyKey,
    value: f64,
    note: Option<String>,
}

/// Plans the import of `sheet` below its `header_rows`. Blank rows are skipped; an
/// existing tally of the same day with the same value is left alone, with another value
/// updated; everything else is added.
pub fn plan_tally_import(
    sheet: &Sheet,
    header_rows: usize,
    map: &ColumnMap,
    ctx: &ImportContext,
    stamp: &Stamp,
) -> TallyImportPlan {
    let metrics = available_metrics(ctx.ledger);
    let metric_names = metric_names(&metrics);
    let mut plan = TallyImportPlan::default();
    let mut entries: Vec<Entry> = Vec::new();
    let mut first_row_of: HashMap<TallyKey, usize> = HashMap::new();
    for (index, row) in sheet.rows.iter().enumerate().skip(header_rows) {
        if row.iter().all(|cell| cell.as_text().trim().is_empty()) {
            continue;
        }
        let number = index + 1;
        // Each figure of the row: the row itself, or each filled cell of an indicator column.
        let figures: Vec<(Option<&Metric>, Option<usize>)> = if map.is_wide() {
            map.metrics
                .iter()
                .filter(|(column, _)| {
                    row.get(*column)
                        .is_some_and(|c| !c.as_text().trim().is_empty())
                })
                .filter_map(|(column, key)| Some((Some(metrics.get(key.as_str())?), Some(*column))))
                .collect()
        } else {
            vec![(None, map.value)]
        };
        for (fixed_metric, value_column) in figures {
            let source = match fixed_metric {
                Some(metric) => MetricSource::Fixed(metric),
                None => MetricSource::Column(map.metric),
            };
            let (read, mut problems) =
                read_row(row, map, source, value_column, ctx, &metric_names, stamp);
            if let Some(first) = read.key.as_ref().and_then(|key| first_row_of.get(key)) {
                problems.push(RowProblem::DuplicateOf(*first));
            }
            match (read.key, read.value) {
                (Some(key), Some(value)) if problems.is_empty() => {
                    first_row_of.insert(key.clone(), number);
                    entries.push(Entry {
                        key,
                        value,
                        note: read.note,
                    });
                }
                _ => {
                    problems.sort_by_key(RowProblem::order);
                    plan.refused.push(RefusedRow {
                        row: number,
                        metric: fixed_metric.map(|m| m.key().to_string()),
                        problems,
                    });
                }
            }
        }
    }

    let existing = existing_tallies(ctx.ledger, &entries);
    for (entry, existing) in entries.into_iter().zip(existing) {
        let (office_id, metric, on, campaign_id) = &entry.key;
        if let Some(tally) = existing {
            let same_note = entry.note.as_ref().is_none_or(|note| *note == tally.note);
            if tally.value == entry.value && same_note {
                plan.unchanged += 1;
                continue;
            }
        }
        let tally = set_count(
            existing,
            office_id,
            metric,
            *on,
            campaign_id.as_deref(),
            entry.value,
            entry.note,
            stamp,
        );
        match existing {
            Some(_) => plan.updates.push(tally),
            None => plan.adds.push(tally),
        }
    }
    plan
}

/// The live tally each entry would replace, found in one pass over the ledger (the
/// first by id, as `find_tally` would).
fn existing_tallies<'a>(ledger: &'a Ledger, entries: &[Entry]) -> Vec<Option<&'a Tally>> {
    let wanted: HashMap<(&str, &str, NaiveDate, Option<&str>), usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let (office, metric, on, campaign) = &e.key;
            (
                (office.as_str(), metric.as_str(), *on, campaign.as_deref()),
                i,
            )
        })
        .collect();
    let mut found = vec![None; entries.len()];
    for t in super::tallies::counted(ledger.tallies.values()) {
        let key = (
            t.office_id.as_str(),
            t.metric.as_str(),
            t.on,
            t.campaign_id.as_deref(),
        );
        if let Some(&i) = wanted.get(&key) {
            found[i].get_or_insert(t);
        }
    }
    found
}

/// Shown metrics by lower-case key, Chinese label and English label. Keys come first,
/// then labels, so that a label never takes the place of a key.
fn metric_names(metrics: &BTreeMap<Id, Metric>) -> HashMap<String, &Metric> {
    let names_of: [fn(&Metric) -> String; 3] = [
        |m| m.key().to_lowercase(),
        |m| m.label_zh.trim().to_lowercase(),
        |m| m.label_en.trim().to_lowercase(),
    ];
    let mut names = HashMap::new();
    for name_of in names_of {
        for metric in metrics.values().filter(|m| !m.hidden) {
            let name = name_of(metric);
            if !name.is_empty() {
                names.entry(name).or_insert(metric);
            }
        }
    }
    names
}

/// Where a row's metric comes from: its metric column, or the indicator column read.
#[derive(Clone, Copy)]
enum MetricSource<'m> {
    Column(Option<usize>),
    Fixed(&'m Metric),
}

/// What could be read of a row; the key only when all its parts were.
struct RowRead {
    key: Option<TallyKey>,
    value: Option<f64>,
    note: Option<String>,
}

fn read_row<'m>(
    row: &[Cell],
    map: &ColumnMap,
    metric_source: MetricSource<'m>,
    value_column: Option<usize>,
    ctx: &ImportContext,
    metric_names: &HashMap<String, &'m Metric>,
    stamp: &Stamp,
) -> (RowRead, Vec<RowProblem>) {
    let mut problems = Vec::new();
    let cell = |column: Option<usize>| column.and_then(|c| row.get(c)).unwrap_or(&Cell::Empty);
    let mut required = |column: Option<usize>, field: ImportField| {
        let cell = cell(column);
        if cell.as_text().trim().is_empty() {
            problems.push(RowProblem::Missing(field));
            None
        } else {
            Some(cell)
        }
    };
    let date_cell = required(map.date, ImportField::Date);
    let office_cell = match map.office {
        Some(_) => required(map.office, ImportField::Office),
        None => None,
    };
    let metric_cell = match metric_source {
        MetricSource::Column(column) => required(column, ImportField::Metric),
        MetricSource::Fixed(_) => None,
    };
    let value_cell = required(value_column, ImportField::Value);

    let on = date_cell.and_then(|cell| {
        let on = read_date(cell);
        if on.is_none() {
            problems.push(RowProblem::BadDate(cell.as_text()));
        }
        on
    });
    let office_id = match (map.office, office_cell) {
        (None, _) => Some(ctx.this_office.to_string()),
        (Some(_), None) => None,
        (Some(_), Some(cell)) => {
            let text = cell.as_text();
            let office = find_office(ctx.ledger, text.trim());
            if office.is_none() {
                problems.push(RowProblem::UnknownOffice(text));
            }
            office
        }
    };
    let metric = match metric_source {
        MetricSource::Fixed(metric) => Some(metric),
        MetricSource::Column(_) => metric_cell.and_then(|cell| {
            let text = cell.as_text();
            let metric = metric_names.get(&text.trim().to_lowercase()).copied();
            if metric.is_none() {
                problems.push(RowProblem::UnknownMetric(text));
            }
            metric
        }),
    };
    let campaign_text = cell(map.campaign).as_text();
    let campaign_id = match campaign_text.trim() {
        "" => Some(ctx.campaign.map(str::to_string)),
        text => {
            let campaign = find_campaign(ctx.ledger, text);
            if campaign.is_none() {
                problems.push(RowProblem::UnknownCampaign(campaign_text.clone()));
            }
            campaign.map(Some)
        }
    };
    let value = value_cell.and_then(|cell| {
        let value = read_value(cell);
        if value.is_none() {
            problems.push(RowProblem::BadValue(cell.as_text()));
        }
        value
    });
    let note = Some(cell(map.note).as_text()).filter(|note| !note.trim().is_empty());

    // The rules of a tally's day, value and note are validate_tally's; the placeholders
    // stand for what could not be read, and their problems are already listed.
    let provisional = Tally {
        meta: Meta::new(String::new(), stamp),
        office_id: office_id.clone().unwrap_or_default().into(),
        metric: metric.map(|m| m.key().into()).unwrap_or_default(),
        on: on.unwrap_or(ctx.today),
        value: value.unwrap_or(0.0),
        campaign_id: None,
        note: note.clone().unwrap_or_default(),
        extra: Extra::new(),
    };
    for problem in validate_tally(&provisional, metric, ctx.today) {
        problems.extend(match (problem.field.as_str(), problem.kind) {
            ("on", ProblemKind::InTheFuture) => Some(RowProblem::InTheFuture),
            ("value", _) if value.is_none() => None,
            ("value", ProblemKind::NegativeValue) => Some(RowProblem::Negative),
            ("value", ProblemKind::NotWhole) => Some(RowProblem::NotWhole),
            ("value", ProblemKind::NotFinite) => {
                Some(RowProblem::BadValue(cell(value_column).as_text()))
            }
            ("note", ProblemKind::TooLong { max }) => Some(RowProblem::NoteTooLong { max }),
            // The id is made on writing; office and metric problems are listed above.
            _ => None,
        });
    }

    let key = match (office_id, metric, on, campaign_id) {
        (Some(office), Some(metric), Some(on), Some(campaign)) => {
            Some((office, metric.key().to_string(), on, campaign))
        }
        _ => None,
    };
    (RowRead { key, value, note }, problems)
}

/// A live office by id, by code (any case) or by its exact name.
fn find_office(ledger: &Ledger, text: &str) -> Option<String> {
    let live = || ledger.offices.values().filter(|o| !o.meta.deleted);
    live()
        .find(|o| o.meta.id == text)
        .or_else(|| live().find(|o| o.code.eq_ignore_ascii_case(text)))
        .or_else(|| live().find(|o| o.name.trim() == text))
        .map(|o| o.meta.id.to_string())
}

/// A live campaign by id or by its exact name.
fn find_campaign(ledger: &Ledger, text: &str) -> Option<String> {
    let live = || ledger.campaigns.values().filter(|c| !c.meta.deleted);
    live()
        .find(|c| c.meta.id == text)
        .or_else(|| live().find(|c| c.name.trim() == text))
        .map(|c| c.meta.id.to_string())
}

/// Full-width forms (`１２３`, `，`, `－`) as ASCII, as a Chinese input method types them.
fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A date cell; a number as an Excel serial date; text as `2022-08-21`, `2022/8/21`,
/// `2022.8.21`, `2022年8月21日` or `20220821`, a time after it ignored.
/// Only days a ledger may hold (`strict::in_range`) are read.
fn read_date(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(day) => Some(*day),
        Cell::Number(serial) => excel_serial_date(*serial),
        Cell::Text(text) => date_from_text(&half_width(text)),
        Cell::Empty => None,
    }
    .filter(|day| super::strict::in_range(*day))
}

fn date_from_text(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let text = text.split([' ', 'T']).next().unwrap_or(text);
    let number = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day) = if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        (&text[..4], &text[4..6], &text[6..])
    } else {
        let text = text.strip_suffix('日').unwrap_or(text);
        let mut parts = text.split(['-', '/', '.', '年', '月']);
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(year), Some(month), Some(day), None) => (year, month, day),
            _ => return None,
        }
    };
    NaiveDate::from_ymd_opt(
        i32::try_from(number(year, 4..=4)?).ok()?,
        number(month, 1..=2)?,
        number(day, 1..=2)?,
    )
}

/// An Excel serial date of the 1900 system: 44794 is 2022-08-21. Any time of day is
/// dropped. Excel counts a 29 February 1900 that never was, so from day 61 on the count
/// starts one day earlier, and day 60 is no date.
fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    // 2958465 is 9999-12-31, Excel's last day.
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as u64;
    let day_zero = match days {
        ..60 => NaiveDate::from_ymd_opt(1899, 12, 31)?,
        60 => return None,
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?,
    };
    day_zero.checked_add_days(Days::new(days))
}

/// A number cell, or text read by `parse_count`.
fn read_value(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(text) => parse_count(text),
        Cell::Date(_) | Cell::Empty => None,
    }
}

/// A count as typed in a form, a grid cell or a file: `12`, `2.5`, `1,234`, `１２３`.
/// A sign is kept, so that a negative count is refused as negative, not as unreadable.
pub fn parse_count(text: &str) -> Option<f64> {
    number_from_text(half_width(text).trim())
}

fn number_from_text(text: &str) -> Option<f64> {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    // Thousands separators only in groups of three, so that `1,5` (a decimal comma) is
    // refused instead of read as fifteen.
    let whole = if whole.contains(',') {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or("");
        let grouped =
            (1..=3).contains(&first.len()) && groups.all(|group| group.len() == 3 && digits(group));
        if !grouped {
            return None;
        }
        whole.replace(',', "")
    } else {
        whole.to_string()
    };
    if (whole.is_empty() && fraction.is_empty()) || !digits(&whole) || !digits(fraction) {
        return None;
    }
    format!("{sign}{whole}.{fraction}0").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::campaign::Campaign;
    use crate::domain::catalogue::builtin_metrics;
    use crate::domain::metrics::tests::own_metric;
    use crate::domain::office::{Office, OfficeKind};
    use crate::domain::record::tests::stamp;
    use crate::domain::tallies::tests::{day, tally};
    use crate::sheet::read_csv;

    const GA: &str = "office-ga";
    const FY: &str = "office-fy";

    fn office(id: &str, name: &str, code: &str) -> Office {
        Office {
            meta: Meta::new(id, &stamp("dev", 0)),
            name: name.into(),
            kind: OfficeKind::Other,
            code: code.into(),
            extra: Extra::new(),
        }
    }

    fn campaign(id: &str, name: &str) -> Campaign {
        Campaign {
            meta: Meta::new(id, &stamp("dev", 0)),
            name: name.into(),
            starts_on: day("2022-03-01"),
            ends_on: None,
            description: String::new(),
            metrics: vec!["arrests".into()],
            extra: Extra::new(),
        }
    }

    /// Two offices and a closed one; the spring campaign and a deleted one; a user's own
    /// metric and a hidden built-in; two counts of 2022-08-01 already entered.
    fn ledger() -> Ledger {
        let mut ledger = Ledger::default();
        ledger.put(office(GA, "市公安局", "GA"));
        ledger.put(office(FY, "法院", "FY"));
        let mut closed = office("office-old", "旧派出所", "PCS");
        closed.meta.deleted = true;
        ledger.put(closed);
        ledger.put(campaign("c1", "春雷行动"));
        let mut old = campaign("c0", "旧行动");
        old.meta.deleted = true;
        ledger.put(old);
        ledger.put(own_metric("dogs_walked", "遛狗", "Dogs walked"));
        let mut hidden = builtin_metrics()
            .into_iter()
            .find(|m| m.key() == "arrests_approved")
            .unwrap();
        hidden.hidden = true;
        ledger.put(hidden);
        for (id, office, metric, value) in [
            ("t-same", GA, "arrests", 3.0),
            ("t-diff", FY, "suspects_caught", 5.0),
        ] {
            let mut t = tally(id, office, metric, "2022-08-01", value);
            t.campaign_id = Some("c1".into());
            ledger.put(t);
        }
        ledger
    }

    fn ctx<'a>(ledger: &'a Ledger, campaign: Option<&'a str>) -> ImportContext<'a> {
        ImportContext {
            ledger,
            this_office: GA,
            campaign,
            today: day("2022-08-21"),
        }
    }

    /// Date, office, metric, value: the columns of the usual file.
    const USUAL: ColumnMap = ColumnMap {
        date: Some(0),
        office: Some(1),
        metric: Some(2),
        value: Some(3),
        campaign: None,
        note: None,
        metrics: Vec::new(),
    };

    fn plan_csv(text: &str, map: &ColumnMap, ctx: &ImportContext) -> TallyImportPlan {
        plan_tally_import(&read_csv(text), 1, map, ctx, &stamp("clerk", 60))
    }

    fn refused(row: usize, problems: &[RowProblem]) -> RefusedRow {
        RefusedRow {
            row,
            metric: None,
            problems: problems.to_vec(),
        }
    }

    /// The planned tallies as (office, metric, day, value, campaign) for comparing.
    fn planned(tallies: &[Tally]) -> Vec<(&str, &str, String, f64, Option<&str>)> {
        tallies
            .iter()
            .map(|t| {
                (
                    t.office_id.as_str(),
                    t.metric.as_str(),
                    t.on.to_string(),
                    t.value,
                    t.campaign_id.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn headers_in_chinese_or_english_are_recognised_whatever_their_case() {
        let header = |names: &[&str]| -> Vec<Cell> {
            names.iter().map(|n| Cell::Text(n.to_string())).collect()
        };
        assert_eq!(
            guess_columns(&header(&[
                "\u{feff}日期",
                "单位名称",
                "统计指标",
                "数量",
                "备注"
            ])),
            ColumnMap {
                date: Some(0),
                office: Some(1),
                metric: Some(2),
                value: Some(3),
                campaign: None,
                note: Some(4),
                metrics: Vec::new(),
            }
        );
        assert_eq!(
            guess_columns(&header(&[
                "Note", "x", "Campaign", "COUNT", "Metric", " Date "
            ])),
            ColumnMap {
                date: Some(5),
                office: None,
                metric: Some(4),
                value: Some(3),
                campaign: Some(2),
                note: Some(0),
                metrics: Vec::new(),
            }
        );
        let twice = guess_columns(&header(&["日期", "date"]));
        assert_eq!(twice.date, Some(0));
        assert_eq!(guess_columns(&[]), ColumnMap::default());
    }

    #[test]
    fn a_csv_with_a_bom_and_chinese_headers_plans_adds_one_update_and_one_unchanged() {
        let ledger = ledger();
        let text = "\u{feff}日期,单位,指标,数值\r\n\
                    2022-08-01,ga,逮捕,3\r\n\
                    2022/8/1,法院,抓获犯罪嫌疑人,7\r\n\
                    \r\n\
                    2022年8月2日,office-fy,Criminal Cases SOLVED,\"1,234\"\r\n\
                    2022.8.3,市公安局,funding_added,2.5\r\n\
                    2022-08-04,GA,遛狗,1\r\n";
        let sheet = read_csv(text);
        let map = guess_columns(&sheet.rows[0]);
        assert_eq!(map, USUAL);
        let plan = plan_tally_import(
            &sheet,
            1,
            &map,
            &ctx(&ledger, Some("c1")),
            &stamp("clerk", 60),
        );

        assert_eq!(plan.refused, []);
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.updates.len(), 1);
        let update = &plan.updates[0];
        assert_eq!(update.meta.id, "t-diff");
        assert_eq!((update.value, update.meta.version), (7.0, 2));
        assert_eq!(update.meta.updated_by, "clerk");
        assert_eq!(
            planned(&plan.adds),
            [
                (
                    FY,
                    "criminal_cases_solved",
                    "2022-08-02".into(),
                    1234.0,
                    Some("c1")
                ),
                (GA, "funding_added", "2022-08-03".into(), 2.5, Some("c1")),
                (GA, "dogs_walked", "2022-08-04".into(), 1.0, Some("c1")),
            ]
        );
        assert!(plan
            .adds
            .iter()
            .all(|t| t.meta.version == 1 && t.meta.id.len() == 36));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn an_xlsx_with_one_bad_row_refuses_it_by_number_and_plans_the_others() {
        use crate::sheet::read_xlsx;
        use crate::sheet::tests::xlsx::{workbook, Put::*};
        let bytes = workbook(
            "八月",
            &[
                vec![
                    Text("日期"),
                    Text("单位"),
                    Text("指标"),
                    Text("数量"),
                    Text("备注"),
                ],
                vec![
                    Date(2022, 8, 5),
                    Text("市公安局"),
                    Text("arrests"),
                    Number(2.0),
                    Text("夜查"),
                ],
                vec![
                    Date(2022, 8, 5),
                    Text("法院"),
                    Text("逮捕"),
                    Number(1.5),
                    Blank,
                ],
                vec![
                    Date(2022, 8, 6),
                    Text("FY"),
                    Text("增拨综治经费"),
                    Number(0.5),
                    Blank,
                ],
            ],
        );
        let sheet = read_xlsx(&bytes).unwrap().remove(0);
        let map = guess_columns(&sheet.rows[0]);
        let ledger = ledger();
        let plan = plan_tally_import(&sheet, 1, &map, &ctx(&ledger, None), &stamp("clerk", 60));

        assert_eq!(plan.refused, [refused(3, &[RowProblem::NotWhole])]);
        assert_eq!(
            planned(&plan.adds),
            [
                (GA, "arrests", "2022-08-05".into(), 2.0, None),
                (FY, "funding_added", "2022-08-06".into(), 0.5, None),
            ]
        );
        assert_eq!(plan.adds[0].note, "夜查");
        assert_eq!((plan.updates.len(), plan.unchanged), (0, 0));
    }

    #[test]
    fn a_second_row_for_the_same_day_is_refused_as_a_duplicate_of_the_first() {
        let ledger = ledger();
        let text = "日期,单位,指标,数值\n\
                    2022-08-05,GA,arrests,1\n\
                    2022-08-05,GA,suspects_caught,1\n\
                    2022/8/5,市公安局,逮捕,2\n";
        let plan = plan_csv(text, &USUAL, &ctx(&ledger, None));
        assert_eq!(plan.refused, [refused(4, &[RowProblem::DuplicateOf(2)])]);
        assert_eq!(plan.adds.len(), 2);
        assert_eq!(plan.adds[0].value, 1.0);
    }

    #[test]
    fn a_refused_row_does_not_make_a_later_row_of_its_day_a_duplicate() {
        let ledger = ledger();
        let text = "日期,单位,指标,数值\n2022-08-05,GA,arrests,-1\n2022-08-05,GA,arrests,1\n";
        let plan = plan_csv(text, &USUAL, &ctx(&ledger, None));
        assert_eq!(plan.refused, [refused(2, &[RowProblem::Negative])]);
        assert_eq!(plan.adds.len(), 1);
    }

    #[test]
    fn the_same_day_in_another_campaign_is_no_duplicate() {
        let ledger = ledger();
        let map = ColumnMap {
            campaign: Some(4),
            ..USUAL
        };
        let text = "日期,单位,指标,数值,行动\n\
                    2022-08-05,GA,arrests,1,春雷行动\n\
                    2022-08-05,GA,arrests,1,\n";
        let plan = plan_csv(text, &map, &ctx(&ledger, None));
        assert_eq!(plan.refused, []);
        let campaigns: Vec<_> = plan.adds.iter().map(|t| t.campaign_id.as_deref()).collect();
        assert_eq!(campaigns, [Some("c1"), None]);
    }

    #[test]
    fn an_excel_serial_number_in_the_date_column_is_read_as_its_day() {
        let ledger = ledger();
        let text = |t: &str| Cell::Text(t.to_string());
        let sheet = Sheet {
            name: "Sheet1".into(),
            rows: vec![
                vec![
                    Cell::Number(44794.0),
                    text("GA"),
                    text("arrests"),
                    Cell::Number(4.0),
                ],
                vec![
                    Cell::Number(44775.75),
                    text("GA"),
                    text("arrests"),
                    Cell::Number(4.0),
                ],
                vec![
                    Cell::Number(60.0),
                    text("GA"),
                    text("arrests"),
                    Cell::Number(4.0),
                ],
            ],
        };
        let plan = plan_tally_import(&sheet, 0, &USUAL, &ctx(&ledger, None), &stamp("c", 0));
        let days: Vec<NaiveDate> = plan.adds.iter().map(|t| t.on).collect();
        assert_eq!(days, [day("2022-08-21"), day("2022-08-02")]);
        assert_eq!(
            plan.refused,
            [refused(3, &[RowProblem::BadDate("60".into())])]
        );
        assert_eq!(excel_serial_date(1.0), Some(day("1900-01-01")));
        assert_eq!(excel_serial_date(61.0), Some(day("1900-03-01")));
    }

    #[test]
    fn full_width_digits_and_thousands_separators_are_read_as_numbers() {
        let ledger = ledger();
        let text = "日期,单位,指标,数值\n\
                    ２０２２－０８－０７,GA,arrests,１２３\n\
                    2022-08-08,GA,arrests,\"１，２３４\"\n\
                    2022-08-09,GA,funding_added,１２.５\n\
                    2022-08-10,GA,arrests,\"1,23\"\n\
                    2022-08-11,GA,arrests,3 人\n";
        let plan = plan_csv(text, &USUAL, &ctx(&ledger, None));
        let values: Vec<f64> = plan.adds.iter().map(|t| t.value).collect();
        assert_eq!(values, [123.0, 1234.0, 12.5]);
        assert_eq!(plan.adds[0].on, day("2022-08-07"));
        assert_eq!(
            plan.refused,
            [
                refused(5, &[RowProblem::BadValue("1,23".into())]),
                refused(6, &[RowProblem::BadValue("3 人".into())]),
            ]
        );
    }

    #[test]
    fn a_day_after_today_is_refused_and_today_is_accepted() {
        let ledger = ledger();
        let text = "日期,单位,指标,数值\n2022-08-22,GA,arrests,1\n2022-08-21,GA,arrests,1\n";
        let plan = plan_csv(text, &USUAL, &ctx(&ledger, None));
        assert_eq!(plan.refused, [refused(2, &[RowProblem::InTheFuture])]);
        assert_eq!(plan.adds.len(), 1);
    }

    #[test]
    fn every_problem_of_a_row_is_listed_in_column_order() {
        let ledger = ledger();
        let map = ColumnMap {
            campaign: Some(4),
            note: Some(5),
            ..USUAL
        };
        let text = format!(
            "日期,单位,指标,数值,行动,备注\n\
             2022-02-30,公安局X,no_such,abc,无此行动,\n\
             ,,,,,只有备注\n\
             2030-01-01,GA,arrests,-2.5,,{}\n",
            "长".repeat(501)
        );
        let plan = plan_csv(&text, &map, &ctx(&ledger, None));
        use RowProblem::*;
        assert_eq!(
            plan.refused,
            [
                refused(
                    2,
                    &[
                        BadDate("2022-02-30".into()),
                        UnknownOffice("公安局X".into()),
                        UnknownMetric("no_such".into()),
                        UnknownCampaign("无此行动".into()),
                        BadValue("abc".into()),
                    ]
                ),
                refused(
                    3,
                    &[
                        Missing(ImportField::Date),
                        Missing(ImportField::Office),
                        Missing(ImportField::Metric),
                        Missing(ImportField::Value),
                    ]
                ),
                // A negative value is refused as negative, whole or not.
                refused(4, &[InTheFuture, Negative, NoteTooLong { max: 500 }]),
            ]
        );
        assert_eq!(plan.adds, []);
    }

    #[test]
    fn hidden_metrics_closed_offices_and_deleted_campaigns_are_unknown() {
        let ledger = ledger();
        let map = ColumnMap {
            campaign: Some(4),
            ..USUAL
        };
        let text = "日期,单位,指标,数值,行动\n\
                    2022-08-05,旧派出所,arrests_approved,1,旧行动\n\
                    2022-08-05,PCS,批捕,1,c0\n";
        let plan = plan_csv(text, &map, &ctx(&ledger, None));
        use RowProblem::*;
        assert_eq!(
            plan.refused,
            [
                refused(
                    2,
                    &[
                        UnknownOffice("旧派出所".into()),
                        UnknownMetric("arrests_approved".into()),
                        UnknownCampaign("旧行动".into()),
                    ]
                ),
                refused(
                    3,
                    &[
                        UnknownOffice("PCS".into()),
                        UnknownMetric("批捕".into()),
                        UnknownCampaign("c0".into()),
                    ]
                ),
            ]
        );
    }

    #[test]
    fn without_office_and_campaign_columns_rows_are_the_importing_offices_in_the_chosen_campaign() {
        let ledger = ledger();
        let map = ColumnMap {
            date: Some(0),
            metric: Some(1),
            value: Some(2),
            ..ColumnMap::default()
        };
        let text = "日期,指标,数值\n2022-08-01,arrests,3\n2022-08-01,arrests_approved,3\n";
        let plan = plan_csv(text, &map, &ctx(&ledger, Some("c1")));
        // The first row is the count already entered for the importing office in c1.
        assert_eq!(plan.unchanged, 1);
        assert_eq!(
            plan.refused,
            [refused(
                3,
                &[RowProblem::UnknownMetric("arrests_approved".into())]
            )]
        );
        let plan = plan_csv(text, &map, &ctx(&ledger, None));
        assert_eq!(
            planned(&plan.adds)[0],
            (GA, "arrests", "2022-08-01".into(), 3.0, None)
        );
    }

    #[test]
    fn a_new_note_for_the_same_count_is_an_update() {
        let ledger = ledger();
        let map = ColumnMap {
            note: Some(4),
            ..USUAL
        };
        let text = "日期,单位,指标,数值,备注\n2022-08-01,GA,arrests,3,补录\n";
        let plan = plan_csv(text, &map, &ctx(&ledger, Some("c1")));
        assert_eq!(plan.unchanged, 0);
        assert_eq!(plan.updates[0].note, "补录");
        assert_eq!(plan.updates[0].value, 3.0);
    }

    #[test]
    fn header_rows_and_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_file() {
        let ledger = ledger();
        let text = "二〇二二年八月 战果统计\n日期,单位,指标,数值\n\n,,,\n2022-08-05,GA,arrests,x\n";
        let plan = plan_tally_import(
            &read_csv(text),
            2,
            &USUAL,
            &ctx(&ledger, None),
            &stamp("c", 0),
        );
        assert_eq!(
            plan.refused,
            [refused(5, &[RowProblem::BadValue("x".into())])]
        );
    }

    #[test]
    fn counts_are_read_as_typed_with_separators_and_full_width_digits() {
        for (text, count) in [
            ("12", 12.0),
            (" 2.5 ", 2.5),
            ("1,234", 1234.0),
            ("1,234,567.5", 1234567.5),
            ("１２３", 123.0),
            ("１，２３４．５", 1234.5),
            ("-3", -3.0),
            ("+3", 3.0),
            (".5", 0.5),
        ] {
            assert_eq!(parse_count(text), Some(count), "{text}");
        }
        for text in [
            "", "-", "1,5", "12,34", "1,2345", "3 人", "1e3", "inf", "NaN", "1.2.3",
        ] {
            assert_eq!(parse_count(text), None, "{text}");
        }
    }

    #[test]
    fn dates_are_read_in_the_forms_people_type_them() {
        for text in [
            "2022-08-07",
            "2022/8/7",
            "2022.8.7",
            "2022年8月7日",
            "20220807",
            "2022-08-07 09:30",
        ] {
            assert_eq!(date_from_text(text), Some(day("2022-08-07")), "{text}");
        }
        for text in [
            "8/7/2022",
            "2022-8",
            "2022-13-01",
            "22-08-07",
            "2022-08-07-01",
            "昨天",
        ] {
            assert_eq!(date_from_text(text), None, "{text}");
        }
    }

    fn header(names: &[&str]) -> Vec<Cell> {
        names.iter().map(|n| Cell::Text(n.to_string())).collect()
    }

    #[test]
    fn a_sheet_of_one_column_per_indicator_is_read_by_its_headers_units_aside() {
        let ledger = ledger();
        let guess = guess_header(
            &header(&[
                "日期",
                "单位",
                "破获刑事案件（起）",
                "Arrests (people)",
                "遛狗",
                "负责人",
                "数",
            ]),
            &ledger,
        );
        assert!(guess.map.is_wide());
        assert_eq!(
            (guess.map.date, guess.map.office, guess.map.value),
            (Some(0), Some(1), None)
        );
        assert_eq!(
            guess.map.metrics,
            [
                (2, "criminal_cases_solved".to_string()),
                (3, "arrests".to_string()),
                (4, "dogs_walked".to_string())
            ]
        );
        assert_eq!(
            guess.unknown,
            [(5, "负责人".to_string()), (6, "数".to_string())]
        );
        // One row per figure stays as it was.
        let narrow = guess_header(&header(&["日期", "单位", "指标", "数值"]), &ledger);
        assert!(!narrow.map.is_wide());
        assert_eq!(narrow.map, USUAL);
        assert_eq!(narrow.unknown, []);
    }

    #[test]
    fn each_filled_cell_of_a_wide_sheet_is_a_tally_and_each_bad_cell_is_refused_alone() {
        let ledger = ledger();
        let text = "日期,单位,破获刑事案件（起）,逮捕（人）,增拨综治经费（万元）\n\
                    2022-08-05,GA,3,,1.5\n\
                    2022-08-06,法院,abc,2,-1\n\
                    2022-08-01,GA,,3,\n";
        let sheet = read_csv(text);
        let guess = guess_header(&sheet.rows[0], &ledger);
        let plan = plan_tally_import(
            &sheet,
            1,
            &guess.map,
            &ctx(&ledger, Some("c1")),
            &stamp("clerk", 60),
        );
        assert_eq!(
            planned(&plan.adds),
            [
                (
                    GA,
                    "criminal_cases_solved",
                    "2022-08-05".into(),
                    3.0,
                    Some("c1")
                ),
                (GA, "funding_added", "2022-08-05".into(), 1.5, Some("c1")),
                (FY, "arrests", "2022-08-06".into(), 2.0, Some("c1")),
            ]
        );
        // 2022-08-01 GA arrests 3 is what the ledger holds.
        assert_eq!(plan.unchanged, 1);
        assert_eq!(
            plan.refused,
            [
                RefusedRow {
                    row: 3,
                    metric: Some("criminal_cases_solved".into()),
                    problems: vec![RowProblem::BadValue("abc".into())],
                },
                RefusedRow {
                    row: 3,
                    metric: Some("funding_added".into()),
                    problems: vec![RowProblem::Negative],
                },
            ]
        );
    }

    #[test]
    fn templates_in_each_layout_name_the_campaigns_metrics() {
        let ledger = ledger();
        let mut campaign = ledger.campaigns["c1"].clone();
        campaign.metrics = vec!["arrests".into(), "funding_added".into()];
        let narrow = tally_template(&ledger, Some(&campaign), "GA", day("2022-08-21"), false);
        let sheet = read_csv(&narrow);
        assert_eq!(
            guess_columns(&sheet.rows[0]),
            ColumnMap {
                note: Some(4),
                ..USUAL
            }
        );
        assert_eq!(sheet.rows[1][2].as_text(), "逮捕");
        assert_eq!(sheet.rows[2][2].as_text(), "增拨综治经费");
        let wide = tally_template(&ledger, Some(&campaign), "GA", day("2022-08-21"), true);
        let sheet = read_csv(&wide);
        let guess = guess_header(&sheet.rows[0], &ledger);
        assert_eq!(
            guess.map.metrics,
            [(2, "arrests".to_string()), (3, "funding_added".to_string())]
        );
        assert_eq!(sheet.rows[0][2].as_text(), "逮捕（人）");
        assert!(wide.starts_with('\u{feff}'));
        // Without a campaign, every metric shown.
        let all = tally_template(&ledger, None, "GA", day("2022-08-21"), true);
        assert!(read_csv(&all).rows[0].len() > 20);
    }
}
