//! Reading an exchange file before anything is written: the header first, then every record
//! on its own, so that one bad record does not hide the others. Every problem has its place
//! in the file (`petitions[12].received_on`).
//!
//! Each record is checked field by field against the shapes of PRODUCT §3 before serde
//! turns it into a record, because serde stops at the first mistake and does not say where
//! it was. Records that take shape are then checked by the domain's `validate_*` rules.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use super::file::Source;
use super::shape::{
    check_fields, depth, fields_of, FieldPath, RecordProblem, RecordProblemKind, ARRAYS, MAX_DEPTH,
    MAX_RECORD_BYTES,
};
use crate::domain::metric::is_valid_key;
use crate::domain::{
    builtin_metrics, validate_campaign, validate_metric, validate_office, validate_petition,
    validate_tally, AnyRecord, Calendar, Id, Ledger, Metric, Petition, Problem, ProblemKind,
    RecordKind, Tally,
};

/// A file read and checked, with nothing written yet.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    pub source: Source,
    pub exported_at: DateTime<Utc>,
    /// Personal data was stripped when the file was written. Petitions that the ledger
    /// already holds keep their petitioner from the ledger (see `FileReader`).
    pub redacted: bool,
    /// Every record that could be read, valid or not, with its place (`petitions[12]`).
    pub records: Vec<(String, AnyRecord)>,
    /// Every problem, in file order.
    pub problems: Vec<RecordProblem>,
    /// The places of the records with at least one problem, in file order.
    pub invalid_records: Vec<String>,
    /// References (`office_id`, `assigned_to`, `repeat_of`, `campaign_id`) to ids found
    /// neither in the file nor in the ledger: (place, id). Kept, not refused: files often
    /// carry part of a ledger.
    pub unknown_references: Vec<(String, String)>,
}

impl ParsedFile {
    /// The records without problems, in file order: what "import only the valid records"
    /// imports.
    pub fn valid_records(&self) -> impl Iterator<Item = &AnyRecord> + '_ {
        let invalid: HashSet<&str> = self.invalid_records.iter().map(String::as_str).collect();
        self.records
            .iter()
            .filter(move |(place, _)| !invalid.contains(place.as_str()))
            .map(|(_, record)| record)
    }
}

/// Reads a file's records a slice at a time, so that a large file does not hold the page:
/// a `StreamReader` cuts the file into its header and the raw text of each record, piece by
/// piece (`open` does it for a whole text at once); each `read` checks up to so many
/// records, turning each raw text into JSON only then; `finish` checks the rest and hands
/// over the result, the same as `parse` gives.
///
/// The ledger is the one the file will be imported into: it is asked for serial numbers
/// already taken, references it can resolve, metrics it holds and, for a redacted file,
/// the petitioners it already knows. It is lent to each call rather than held, so that the
/// page can lend the ledger it keeps in memory between frames without copying it; lend
/// the same ledger to every call.
pub struct FileReader {
    today: NaiveDate,
    calendar: Calendar,
    parsed: ParsedFile,
    /// The raw text of each record not read yet (JSON syntax already checked), array by array.
    arrays: Vec<VecDeque<Box<str>>>,
    /// The array still being cut out of the file while its records are read (`queue`), if
    /// any: reading waits at its end for more until the file's end closes it.
    open: Option<usize>,
    /// The next record to read: array, then index in it.
    array: usize,
    next: usize,
    read: usize,
    total: usize,
    /// Ids of each kind present in the file.
    file_ids: HashMap<RecordKind, HashSet<String>>,
    /// Ids already read, to find the same id twice in one array.
    seen: HashMap<RecordKind, HashSet<Id>>,
    /// Live petitions by (office, trimmed serial): the file's, and the ledger's whose id the
    /// file does not carry. An index, because checking every petition against all others
    /// would take hours for a large file.
    serials: HashMap<(String, String), Vec<Id>>,
    /// Metrics by key: the file's as read so far, over the built-in catalogue.
    file_metrics: HashMap<Id, Metric>,
    builtins: HashMap<Id, Metric>,
}

impl FileReader {
    /// A reader of the records of a file, `arrays` holding the raw text of each record,
    /// array by array in the order of `ARRAYS`. The header is given by `end` once the file
    /// is read; the array `open` (if any) is still being cut out, its records given by
    /// `queue` as they are.
    pub(super) fn from_parts(
        ledger: &Ledger,
        today: NaiveDate,
        calendar: Calendar,
        arrays: Vec<RawRecords>,
        open: Option<usize>,
    ) -> Self {
        let mut file_ids = HashMap::new();
        let mut serials = HashMap::new();
        let mut raw = Vec::with_capacity(arrays.len());
        for ((kind, _), records) in ARRAYS.iter().zip(arrays) {
            file_ids.insert(*kind, records.ids);
            if *kind == RecordKind::Petition {
                serials = records.serials;
            }
            raw.push(VecDeque::from(records.raw));
        }
        let arrays = raw;
        let mut reader = FileReader {
            today,
            calendar,
            parsed: ParsedFile {
                source: Source::default(),
                exported_at: DateTime::<Utc>::MIN_UTC,
                redacted: false,
                records: Vec::new(),
                problems: Vec::new(),
                invalid_records: Vec::new(),
                unknown_references: Vec::new(),
            },
            total: arrays.iter().map(VecDeque::len).sum(),
            arrays,
            open,
            array: 0,
            next: 0,
            read: 0,
            file_ids,
            seen: HashMap::new(),
            serials,
            file_metrics: HashMap::new(),
            builtins: builtin_metrics()
                .into_iter()
                .map(|m| (m.meta.id.clone(), m))
                .collect(),
        };
        reader.index_ledger(ledger);
        reader
    }

    /// The next record of the open array, as it is cut out of the file.
    pub(super) fn queue(&mut self, raw: Box<str>) {
        if let Some(records) = self.open.and_then(|k| self.arrays.get_mut(k)) {
            records.push_back(raw);
            self.total += 1;
        }
    }

    /// The file is read: its header, and no more records to come.
    pub(super) fn close(&mut self, source: Source, exported_at: DateTime<Utc>, redacted: bool) {
        self.open = None;
        self.parsed.source = source;
        self.parsed.exported_at = exported_at;
        self.parsed.redacted = redacted;
    }

    /// Adds the live serial numbers of the ledger's petitions that the file does not carry.
    fn index_ledger(&mut self, ledger: &Ledger) {
        let in_file = &self.file_ids[&RecordKind::Petition];
        for petition in ledger.petitions.values() {
            let serial = petition.serial.trim();
            if petition.meta.deleted
                || serial.is_empty()
                || in_file.contains(petition.meta.id.as_str())
            {
                continue;
            }
            let key = (petition.office_id.to_string(), serial.to_string());
            self.serials
                .entry(key)
                .or_default()
                .push(petition.meta.id.clone());
        }
    }

    /// How many records are read, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.read, self.total)
    }

    /// Reads up to `max_records` more records (at least one); true when all those given so
    /// far are read.
    pub fn read(&mut self, ledger: &Ledger, max_records: usize) -> bool {
        let mut budget = max_records.max(1);
        while budget > 0 && self.read < self.total {
            let Some(records) = self.arrays.get_mut(self.array) else {
                break;
            };
            // The raw text is dropped as soon as its record is read.
            let Some(raw) = records.pop_front() else {
                if self.open == Some(self.array) {
                    break;
                }
                // Frees the array as soon as all its records are read.
                *records = VecDeque::new();
                self.array += 1;
                self.next = 0;
                continue;
            };
            let (kind, name) = ARRAYS[self.array];
            let place = format!("{name}[{}]", self.next);
            if raw.len() > MAX_RECORD_BYTES {
                self.refuse_record(place, RecordProblemKind::TooLarge);
            } else {
                // Its syntax was checked when it was cut out: this parses, unless it nests
                // deeper than serde_json reads (128), which the depth check refuses anyway.
                let value = serde_json::from_str(&raw).unwrap_or(Value::Null);
                drop(raw);
                if depth(&value) > MAX_DEPTH {
                    self.refuse_record(place, RecordProblemKind::TooDeep);
                } else {
                    self.read_record(ledger, kind, place, value);
                }
            }
            self.next += 1;
            self.read += 1;
            budget -= 1;
        }
        self.read >= self.total
    }

    /// Reads what is left and hands over the result.
    pub fn finish(mut self, ledger: &Ledger) -> ParsedFile {
        self.read(ledger, usize::MAX);
        self.refuse_dependents(ledger);
        if self.parsed.redacted {
            // A file of the first release marked only its header: each petition in it is a
            // redacted copy, so the merge keeps the personal data held. Done here, once the
            // header is known, which may come after the records.
            for (_, record) in &mut self.parsed.records {
                if let AnyRecord::Petition(petition) = record {
                    petition.redacted = true;
                    petition.personal_of = None;
                }
            }
        }
        self.parsed
    }

    /// Refuses each record that cannot stand without a refused one the ledger does not
    /// hold: a tally of a refused metric.
    fn refuse_dependents(&mut self, ledger: &Ledger) {
        // Only what a record cannot stand without: a tally must count a metric the app
        // knows, while an office or a campaign may be one the file does not carry (shown as
        // unknown, not refused).
        let invalid: HashSet<&str> = self
            .parsed
            .invalid_records
            .iter()
            .map(String::as_str)
            .collect();
        let refused: HashMap<&str, &str> = self
            .parsed
            .records
            .iter()
            .filter(|(place, _)| invalid.contains(place.as_str()))
            .filter_map(|(place, record)| match record {
                AnyRecord::Metric(m) => Some((m.meta.id.as_str(), place.as_str())),
                _ => None,
            })
            .filter(|(id, _)| !ledger.metrics.contains_key(*id) && !self.builtins.contains_key(*id))
            .collect();
        if refused.is_empty() {
            return;
        }
        let dependents: Vec<(String, String)> = self
            .parsed
            .records
            .iter()
            .filter(|(place, _)| !invalid.contains(place.as_str()))
            .filter_map(|(place, record)| match record {
                AnyRecord::Tally(t) => refused
                    .get(t.metric.as_str())
                    .map(|target| (place.clone(), target.to_string())),
                _ => None,
            })
            .collect();
        for (place, target) in dependents {
            self.parsed.invalid_records.push(place.clone());
            self.parsed.problems.push(RecordProblem {
                place: join(&place, "metric"),
                kind: RecordProblemKind::DependsOnRefused(target),
            });
        }
    }

    /// A record refused whole, before it is looked at.
    fn refuse_record(&mut self, place: String, kind: RecordProblemKind) {
        self.parsed.invalid_records.push(place.clone());
        self.parsed.problems.push(RecordProblem { place, kind });
    }

    fn read_record(&mut self, ledger: &Ledger, kind: RecordKind, place: String, mut value: Value) {
        let mut problems = Vec::new();
        match &mut value {
            Value::Object(object) => {
                check_fields(object, fields_of(kind), &FieldPath::Record, &mut problems)
            }
            _ => problems.push((String::new(), RecordProblemKind::NotAnObject)),
        }
        let mut record = None;
        if problems.is_empty() {
            match decode(kind, value) {
                Ok(decoded) => record = Some(decoded),
                Err(_) => problems.push((String::new(), RecordProblemKind::Unreadable)),
            }
        }
        if let Some(record) = &record {
            if !self
                .seen
                .entry(kind)
                .or_default()
                .insert(record.meta().id.clone())
            {
                problems.push(("id".into(), RecordProblemKind::Rule(ProblemKind::Duplicate)));
            }
            problems.extend(self.rule_problems(ledger, record));
            for (field, id) in self.unknown_references(ledger, record) {
                let at = join(&place, field);
                self.parsed.unknown_references.push((at, id));
            }
            if let AnyRecord::Metric(metric) = record {
                self.file_metrics
                    .insert(metric.meta.id.clone(), metric.clone());
            }
        }
        if !problems.is_empty() {
            self.parsed.invalid_records.push(place.clone());
        }
        for (field, kind) in problems {
            let place = join(&place, &field);
            self.parsed.problems.push(RecordProblem { place, kind });
        }
        if let Some(record) = record {
            self.parsed.records.push((place, record));
        }
    }

    fn rule_problems(
        &self,
        ledger: &Ledger,
        record: &AnyRecord,
    ) -> Vec<(String, RecordProblemKind)> {
        let problems = match record {
            AnyRecord::Office(office) => validate_office(office),
            AnyRecord::Metric(metric) => validate_metric(metric),
            AnyRecord::Campaign(campaign) => validate_campaign(campaign),
            AnyRecord::Petition(petition) => self.petition_problems(petition),
            AnyRecord::Tally(tally) => return self.tally_problems(ledger, tally),
        };
        problems.into_iter().map(rule).collect()
    }

    fn petition_problems(&self, petition: &Petition) -> Vec<Problem> {
        let mut problems = validate_petition(petition, self.today, &self.calendar, []);
        let serial = petition.serial.trim();
        let taken = !petition.meta.deleted
            && !serial.is_empty()
            && self
                .serials
                .get(&(petition.office_id.to_string(), serial.to_string()))
                .is_some_and(|ids| ids.iter().any(|id| *id != petition.meta.id));
        if taken {
            // Where `validate_petition` puts it when it scans the petitions itself.
            let at = position_after(
                &problems,
                &["id", "version", "updated_by", "office_id", "serial"],
            );
            problems.insert(
                at,
                Problem {
                    field: "serial".into(),
                    kind: ProblemKind::SerialTaken,
                },
            );
        }
        problems
    }

    fn tally_problems(&self, ledger: &Ledger, tally: &Tally) -> Vec<(String, RecordProblemKind)> {
        let metric = self
            .file_metrics
            .get(tally.metric.as_str())
            .or_else(|| ledger.metrics.get(tally.metric.as_str()))
            .or_else(|| self.builtins.get(tally.metric.as_str()));
        // A deleted metric still names what a tally counts; only a key known nowhere is unknown.
        let problems: Vec<_> = validate_tally(tally, metric, self.today)
            .into_iter()
            .filter(|problem| problem.kind != ProblemKind::UnknownMetric)
            .collect();
        let at = position_after(
            &problems,
            &["id", "version", "updated_by", "office_id", "metric"],
        );
        let mut problems: Vec<_> = problems.into_iter().map(rule).collect();
        if metric.is_none() && is_valid_key(&tally.metric) {
            problems.insert(at, ("metric".into(), RecordProblemKind::UnknownMetric));
        }
        problems
    }

    /// References to ids that neither the file nor the ledger holds: (field, id).
    fn unknown_references(
        &self,
        ledger: &Ledger,
        record: &AnyRecord,
    ) -> Vec<(&'static str, String)> {
        let references = references(record);
        references
            .into_iter()
            .filter_map(|(field, kind, id)| {
                let id = id.filter(|id| !id.is_empty())?;
                (!self.knows(ledger, kind, id)).then(|| (field, id.to_string()))
            })
            .collect()
    }

    fn knows(&self, ledger: &Ledger, kind: RecordKind, id: &str) -> bool {
        if self.file_ids.get(&kind).is_some_and(|ids| ids.contains(id)) {
            return true;
        }
        match kind {
            RecordKind::Office => ledger.offices.contains_key(id),
            RecordKind::Metric => ledger.metrics.contains_key(id),
            RecordKind::Campaign => ledger.campaigns.contains_key(id),
            RecordKind::Petition => ledger.petitions.contains_key(id),
            RecordKind::Tally => ledger.tallies.contains_key(id),
        }
    }
}

/// The records `record` refers to: (field, kind, id).
fn references(record: &AnyRecord) -> Vec<(&'static str, RecordKind, Option<&str>)> {
    match record {
        AnyRecord::Petition(p) => vec![
            ("office_id", RecordKind::Office, Some(p.office_id.as_str())),
            ("assigned_to", RecordKind::Office, p.assigned_to.as_deref()),
            ("repeat_of", RecordKind::Petition, p.repeat_of.as_deref()),
        ],
        AnyRecord::Tally(t) => vec![
            ("office_id", RecordKind::Office, Some(t.office_id.as_str())),
            (
                "campaign_id",
                RecordKind::Campaign,
                t.campaign_id.as_deref(),
            ),
        ],
        _ => Vec::new(),
    }
}

fn rule(problem: Problem) -> (String, RecordProblemKind) {
    (problem.field, RecordProblemKind::Rule(problem.kind))
}

/// The index just after the leading problems about these fields.
fn position_after(problems: &[Problem], fields: &[&str]) -> usize {
    problems
        .iter()
        .take_while(|p| fields.contains(&p.field.as_str()))
        .count()
}

fn join(place: &str, field: &str) -> String {
    if field.is_empty() {
        place.to_string()
    } else {
        format!("{place}.{field}")
    }
}

fn decode(kind: RecordKind, value: Value) -> Result<AnyRecord, serde_json::Error> {
    use serde_json::from_value;
    Ok(match kind {
        RecordKind::Office => AnyRecord::Office(from_value(value)?),
        RecordKind::Metric => AnyRecord::Metric(from_value(value)?),
        RecordKind::Campaign => AnyRecord::Campaign(from_value(value)?),
        RecordKind::Petition => AnyRecord::Petition(Box::new(from_value(value)?)),
        RecordKind::Tally => AnyRecord::Tally(from_value(value)?),
    })
}

/// The records of one array as they are cut out of a file: the raw text of each (its JSON
/// syntax checked) and what `FileReader` must know of them all before it reads the first,
/// gathered as each is cut so that no step goes over all of them at once.
#[derive(Default)]
pub(super) struct RawRecords {
    raw: Vec<Box<str>>,
    /// The records' ids (`id` when it is text).
    ids: HashSet<String>,
    /// Live petitions by (office, trimmed serial): their ids.
    serials: HashMap<(String, String), Vec<Id>>,
}

impl RawRecords {
    /// Adds a record: its raw text, its `id` if text, and for a live petition with a serial
    /// its (office, trimmed serial).
    pub(super) fn push(
        &mut self,
        raw: Box<str>,
        id: Option<String>,
        serial: Option<(String, String)>,
    ) {
        self.raw.push(raw);
        if let Some(key) = serial {
            let id = Id::new(id.as_deref().unwrap_or_default());
            self.serials.entry(key).or_default().push(id);
        }
        if let Some(id) = id {
            self.ids.insert(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::IdNumberError;
    use crate::exchange::file::ExportOptions;
    use crate::exchange::testing::{
        day, exported, id, sample_ledger, today, OFFICE_FY, OFFICE_GA, OWN_METRIC,
    };
    use crate::exchange::{parse, FileError};

    fn places(parsed: &ParsedFile) -> Vec<(String, RecordProblemKind)> {
        parsed
            .problems
            .iter()
            .map(|p| (p.place.clone(), p.kind.clone()))
            .collect()
    }

    fn problem(place: &str, kind: RecordProblemKind) -> (String, RecordProblemKind) {
        (place.to_string(), kind)
    }

    /// The sample ledger's export with `edit` applied to its JSON.
    fn edited(edit: impl FnOnce(&mut Value)) -> String {
        let text = exported(&sample_ledger(), &ExportOptions::default());
        let mut file: Value = serde_json::from_str(&text).unwrap();
        edit(&mut file);
        file.to_string()
    }

    fn parse_into_empty(text: &str) -> Result<ParsedFile, FileError> {
        parse(text, &Ledger::default(), today())
    }

    #[test]
    fn a_record_too_large_or_nested_too_deep_is_refused_whole_at_its_place() {
        let nested = (0..40).fold(serde_json::json!(1), |inner, _| serde_json::json!([inner]));
        let text = edited(|f| {
            f["petitions"][0]["x_future"] = nested;
            f["petitions"][1]["details"] = "台".repeat(400_000).into();
        });
        let parsed = parse_into_empty(&text).unwrap();
        let refused = |place: &str| {
            parsed
                .problems
                .iter()
                .find(|p| p.place == place)
                .map(|p| p.kind.clone())
        };
        assert_eq!(refused("petitions[0]"), Some(RecordProblemKind::TooDeep));
        assert_eq!(refused("petitions[1]"), Some(RecordProblemKind::TooLarge));
        // The others are read as ever.
        assert!(parsed
            .valid_records()
            .any(|r| matches!(r, AnyRecord::Petition(p) if p.meta.id == id(13))));
    }

    #[test]
    fn importing_only_the_valid_records_leaves_out_what_depends_on_a_refused_one() {
        // The file's own metric breaks a rule, so it is refused, and so is its tally. The
        // court's office is refused too, yet its records stand: an office a file does not
        // carry is shown as unknown, not refused.
        let text = edited(|f| {
            for metric in f["metrics"].as_array_mut().unwrap() {
                if metric["id"] == OWN_METRIC {
                    metric["label_zh"] = "".into();
                }
            }
            for office in f["offices"].as_array_mut().unwrap() {
                if office["id"] == OFFICE_FY {
                    office["name"] = "".into();
                }
            }
        });
        let parsed = parse_into_empty(&text).unwrap();
        let depending: Vec<&str> = parsed
            .problems
            .iter()
            .filter(|p| matches!(p.kind, RecordProblemKind::DependsOnRefused(_)))
            .map(|p| p.place.as_str())
            .collect();
        assert!(!depending.is_empty());
        assert!(depending
            .iter()
            .all(|p| p.starts_with("tallies[") && p.ends_with(".metric")));
        let valid: Vec<&AnyRecord> = parsed.valid_records().collect();
        assert!(valid
            .iter()
            .all(|r| !matches!(r, AnyRecord::Tally(t) if t.metric == OWN_METRIC)));
        assert!(valid
            .iter()
            .any(|r| matches!(r, AnyRecord::Petition(p) if p.office_id == OFFICE_FY)));
        // Into a ledger that holds that metric and office, nothing lacks what it refers to.
        let parsed = parse(&text, &sample_ledger(), today()).unwrap();
        assert!(!parsed
            .problems
            .iter()
            .any(|p| matches!(p.kind, RecordProblemKind::DependsOnRefused(_))));
    }

    #[test]
    fn a_clean_export_reads_back_without_problems() {
        let ledger = sample_ledger();
        let parsed = parse_into_empty(&exported(&ledger, &ExportOptions::default())).unwrap();
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.invalid_records, Vec::<String>::new());
        assert_eq!(parsed.records.len(), ledger.len());
        assert_eq!(parsed.valid_records().count(), ledger.len());
        assert_eq!(parsed.source.office_id, OFFICE_GA);
        assert_eq!(parsed.records[0].0, "offices[0]");
        assert!(!parsed.redacted);
    }

    #[test]
    fn a_file_that_is_not_json_says_where_the_reading_stopped() {
        assert_eq!(
            parse_into_empty("{\"format\": \"taizhang\",\n  \"version\": 1,,"),
            Err(FileError::NotJson {
                line: 2,
                column: 16
            })
        );
        assert!(matches!(
            parse_into_empty(""),
            Err(FileError::NotJson { .. })
        ));
    }

    #[test]
    fn a_file_of_another_format_or_a_newer_version_is_refused_saying_which() {
        assert_eq!(parse_into_empty("[1, 2]"), Err(FileError::NotTaizhang));
        assert_eq!(
            parse_into_empty(r#"{"format": "excalidraw", "version": 2}"#),
            Err(FileError::NotTaizhang)
        );
        assert_eq!(
            parse_into_empty(&edited(|f| f["version"] = 2.into())),
            Err(FileError::NewerVersion { version: 2 })
        );
        assert_eq!(
            parse_into_empty(&edited(|f| f["version"] = "1".into())),
            Err(FileError::BadHeader { field: "version" })
        );
        assert_eq!(
            parse_into_empty(&edited(|f| f["exported_at"] = "yesterday".into())),
            Err(FileError::BadHeader {
                field: "exported_at"
            })
        );
        assert_eq!(
            parse_into_empty(r#"{"format": "taizhang-encrypted", "version": 1}"#),
            Err(FileError::Encrypted)
        );
    }

    #[test]
    fn every_record_array_must_be_present() {
        assert_eq!(
            parse_into_empty(&edited(|f| drop(
                f.as_object_mut().unwrap().remove("tallies")
            ))),
            Err(FileError::MissingArray("tallies"))
        );
        assert_eq!(
            parse_into_empty(&edited(|f| f["offices"] = Value::Null)),
            Err(FileError::NotAnArray("offices"))
        );
    }

    #[test]
    fn a_leading_byte_order_mark_is_ignored() {
        let text = format!(
            "\u{feff}{}",
            exported(&sample_ledger(), &ExportOptions::default())
        );
        assert_eq!(parse_into_empty(&text).unwrap().problems, []);
    }

    #[test]
    fn bad_fields_are_each_named_with_their_place_and_the_other_records_still_read() {
        let text = edited(|f| {
            let p = &mut f["petitions"][1];
            p["received_on"] = "2022-02-30".into();
            p["headcount"] = (-2).into();
            p["channel"] = "fax".into();
            p["subject"] = 42.into();
            p.as_object_mut().unwrap().remove("status");
            p["petitioner"]["phone"] = 13800000000u64.into();
            p["actions"][0]["on"] = "2022-08-21 08:00".into();
            f["tallies"][0]["value"] = "三".into();
            f["campaigns"][0]["metrics"][1] = 7.into();
            f["offices"][1] = "法院".into();
        });
        let parsed = parse_into_empty(&text).unwrap();
        use RecordProblemKind::*;
        assert_eq!(
            places(&parsed),
            [
                problem("offices[1]", NotAnObject),
                problem("campaigns[0].metrics[1]", WrongType),
                problem("petitions[1].channel", NotInSet),
                problem("petitions[1].received_on", NotADate),
                problem("petitions[1].petitioner.phone", WrongType),
                problem("petitions[1].headcount", OutOfRange),
                problem("petitions[1].subject", WrongType),
                problem("petitions[1].status", Missing),
                problem("petitions[1].actions[0].on", NotATimestamp),
                problem("tallies[0].value", WrongType),
            ]
        );
        assert_eq!(
            parsed.invalid_records,
            ["offices[1]", "campaigns[0]", "petitions[1]", "tallies[0]"]
        );
        let total = sample_ledger().len();
        assert_eq!(parsed.records.len(), total - 4);
        assert_eq!(parsed.valid_records().count(), total - 4);
    }

    #[test]
    fn broken_rules_are_reported_with_the_field_path_of_the_record() {
        let text = edited(|f| {
            f["offices"][0]["code"] = "ga".into();
            f["petitions"][0]["id"] = "p-1".into();
            f["petitions"][0]["petitioner"]["id_number"] = "110105194912310021".into();
            f["petitions"][0]["headcount"] = 0.into();
            f["petitions"][3]["status"] = "concluded".into();
        });
        let parsed = parse_into_empty(&text).unwrap();
        use RecordProblemKind::Rule;
        assert_eq!(
            places(&parsed),
            [
                problem("offices[0].code", Rule(ProblemKind::BadOfficeCode)),
                problem("petitions[0].id", Rule(ProblemKind::NotAUuid)),
                problem(
                    "petitions[0].petitioner.id_number",
                    Rule(ProblemKind::IdNumber {
                        error: IdNumberError::BadCheckCharacter
                    })
                ),
                problem(
                    "petitions[0].headcount",
                    Rule(ProblemKind::HeadcountBelowOne)
                ),
                problem("petitions[3].concluded_on", Rule(ProblemKind::Required)),
                problem("petitions[3].outcome", Rule(ProblemKind::OutcomeRequired)),
            ]
        );
        // Records with broken rules are read, yet left out of the valid ones.
        assert_eq!(parsed.records.len(), sample_ledger().len());
        assert_eq!(parsed.valid_records().count(), sample_ledger().len() - 3);
    }

    #[test]
    fn the_same_id_twice_in_one_array_is_a_duplicate() {
        let text = edited(|f| {
            let first = f["tallies"][0].clone();
            f["tallies"].as_array_mut().unwrap().push(first);
        });
        let parsed = parse_into_empty(&text).unwrap();
        let last = sample_ledger().tallies.len();
        assert_eq!(
            places(&parsed),
            [problem(
                &format!("tallies[{last}].id"),
                RecordProblemKind::Rule(ProblemKind::Duplicate)
            )]
        );
    }

    #[test]
    fn a_serial_is_taken_by_another_live_petition_of_the_same_office_in_the_file_or_the_ledger() {
        let ledger = sample_ledger();
        let mut stranger = ledger.petitions[&id(11)].clone();
        stranger.meta.id = id(99);
        let mut local = Ledger::default();
        local.put(stranger);

        // The file carries petition 11 with the serial the ledger's petition 99 holds.
        let text = exported(&ledger, &ExportOptions::default());
        let parsed = parse(&text, &local, today()).unwrap();
        assert_eq!(
            places(&parsed),
            [problem(
                "petitions[0].serial",
                RecordProblemKind::Rule(ProblemKind::SerialTaken)
            )]
        );
        // The same petition again under its own id is no clash.
        let parsed = parse(&text, &ledger, today()).unwrap();
        assert_eq!(parsed.problems, []);

        // Two petitions of the file with one serial: both are named.
        let text = edited(|f| f["petitions"][1]["serial"] = f["petitions"][0]["serial"].clone());
        let parsed = parse_into_empty(&text).unwrap();
        let taken = RecordProblemKind::Rule(ProblemKind::SerialTaken);
        assert_eq!(
            places(&parsed),
            [
                problem("petitions[0].serial", taken.clone()),
                problem("petitions[1].serial", taken)
            ]
        );
    }

    #[test]
    fn a_tally_metric_must_be_built_in_in_the_file_or_in_the_ledger() {
        let ledger = sample_ledger();
        let without_metrics = edited(|f| f["metrics"] = Value::Array(vec![]));
        let parsed = parse_into_empty(&without_metrics).unwrap();
        // Tally 22 counts the office's own metric, which now travels nowhere.
        assert_eq!(
            places(&parsed),
            [problem(
                "tallies[1].metric",
                RecordProblemKind::UnknownMetric
            )]
        );
        let parsed = parse(&without_metrics, &ledger, today()).unwrap();
        assert_eq!(parsed.problems, []);
    }

    #[test]
    fn references_found_nowhere_are_listed_not_refused() {
        let ledger = sample_ledger();
        let august = ExportOptions {
            from: Some(day("2022-08-01")),
            ..ExportOptions::default()
        };
        let mut file: Value = serde_json::from_str(&exported(&ledger, &august)).unwrap();
        file["offices"] = Value::Array(vec![]);
        file["campaigns"] = Value::Array(vec![]);
        let text = file.to_string();

        let parsed = parse_into_empty(&text).unwrap();
        assert_eq!(parsed.problems, []);
        assert_eq!(parsed.valid_records().count(), 2 + ledger.metrics.len());
        let unknown = |place: &str, id: String| (place.to_string(), id);
        assert_eq!(
            parsed.unknown_references,
            [
                unknown("petitions[0].office_id", OFFICE_FY.to_string()),
                unknown("petitions[0].repeat_of", id(11).to_string()),
                unknown("tallies[0].office_id", OFFICE_GA.to_string()),
                unknown("tallies[0].campaign_id", id(5).to_string()),
            ]
        );
        let parsed = parse(&text, &ledger, today()).unwrap();
        assert_eq!(parsed.unknown_references, []);
    }

    #[test]
    fn a_redacted_file_keeps_the_petitioners_the_ledger_already_knows() {
        let ledger = sample_ledger();
        let text = exported(
            &ledger,
            &ExportOptions {
                redact: true,
                ..ExportOptions::default()
            },
        );
        // A file of the first release marks its header only: its petitions are marked too.
        let mut first_release: serde_json::Value = serde_json::from_str(&text).unwrap();
        for petition in first_release["petitions"].as_array_mut().unwrap() {
            petition.as_object_mut().unwrap().remove("redacted");
        }
        for text in [text, first_release.to_string()] {
            let parsed = parse(&text, &ledger, today()).unwrap();
            assert!(parsed.redacted);
            let mut incoming = Ledger::default();
            for (_, record) in &parsed.records {
                if let AnyRecord::Petition(p) = record {
                    assert!(p.redacted && p.petitioner.name.is_empty());
                    incoming.put((**p).clone());
                }
            }
            let (merged, _) = crate::domain::merge_ledger(&ledger, &incoming);
            assert!(!incoming.petitions.is_empty());
            for (id, petition) in &merged.petitions {
                assert_eq!(petition.petitioner, ledger.petitions[id].petitioner);
            }
        }
    }

    #[test]
    fn a_large_file_read_in_slices_gives_what_one_reading_gives() {
        let ledger = sample_ledger();
        let text = edited(|f| {
            f["petitions"][1]["received_on"] = "soon".into();
            f["tallies"][0]["metric"] = "no_such_metric".into();
        });
        let whole = parse(&text, &Ledger::default(), today()).unwrap();
        let mut reader = FileReader::open(&text, &Ledger::default(), today()).unwrap();
        assert_eq!(reader.progress(), (0, ledger.len()));
        assert!(!reader.read(&Ledger::default(), 2));
        assert_eq!(reader.progress(), (2, ledger.len()));
        while !reader.read(&Ledger::default(), 2) {}
        assert_eq!(reader.progress(), (ledger.len(), ledger.len()));
        assert_eq!(reader.finish(&Ledger::default()), whole);
        assert_eq!(whole.problems.len(), 2);
    }

    #[test]
    fn a_petition_extended_twice_in_a_file_is_refused_naming_it() {
        let extended = |id: &str| {
            serde_json::json!({"id": id, "on": "2022-07-01T02:00:00.000Z", "kind": "extended",
                "text": "案情复杂", "by": "other-device"})
        };
        let text = edited(|f| {
            let p = &mut f["petitions"][0];
            p["extended_to"] = p["due_on"].clone();
            p["extension_reason"] = "案情复杂".into();
            p["actions"] = serde_json::json!([extended("e1"), extended("e2")]);
        });
        let parsed = parse_into_empty(&text).unwrap();
        assert_eq!(
            parsed.problems,
            [RecordProblem {
                place: "petitions[0].extended_to".into(),
                kind: RecordProblemKind::Rule(ProblemKind::ExtendedTwice),
            }]
        );
        assert_eq!(parsed.invalid_records, ["petitions[0]"]);
    }

    #[test]
    fn a_petition_of_the_first_release_imports_unchanged_with_its_old_due_date() {
        // Written by the first release: no decision, no by_name or data in its log, and due 60
        // days after receipt even though 1 October 2022 is a holiday.
        let text = edited(|f| {
            let p = &mut f["petitions"][0];
            p["received_on"] = "2022-08-02".into();
            p["due_on"] = "2022-10-01".into();
            p["actions"] = serde_json::json!([{"id": "a1", "on": "2022-08-02T02:00:00.000Z",
                "kind": "assigned", "text": "交办市法院；包案领导：李副院长", "by": "old-device"}]);
        });
        let parsed = parse_into_empty(&text).unwrap();
        assert_eq!(parsed.problems, []);
        let first = parsed.records.iter().find_map(|(place, r)| match r {
            AnyRecord::Petition(p) if place == "petitions[0]" => Some(p),
            _ => None,
        });
        let p = first.expect("the petition is read");
        assert_eq!(p.due_on, day("2022-10-01"));
        assert_eq!(p.acceptance, None);
        assert_eq!(p.actions[0].text, "交办市法院；包案领导：李副院长");
        // Written out again, it is what it was: no field of revision 2 appears.
        let mut again = serde_json::to_value(p.as_ref()).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        again.as_object_mut().unwrap().remove("deleted");
        let mut original = original["petitions"][0].clone();
        original.as_object_mut().unwrap().remove("deleted");
        assert_eq!(again, original);
    }
}
