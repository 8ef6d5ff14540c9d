//! The petition list and the dashboard as data: which cases a filter shows and in which
//! order, the serial number to propose for a new case, and the dashboard's counts
//! (PRODUCT §2, §4, §10).
//!
//! Pure functions with "today" as a parameter. The list's filters and the dashboard's counts
//! use the same rules (`deadline` and [`handling_office`]), so following a count on the
//! dashboard to the list shows exactly the cases it counted. The list filters some 100,000
//! petitions per keystroke, so [`PetitionFilter::matches`] allocates nothing.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::calendar::Calendar;
use super::deadline::Timing;
use super::petition::{Channel, Petition, Status};

closed_set! {
    /// A condition on a case on a day: the dashboard counts each and the list filters by
    /// each, by the one rule here.
    pub enum Condition {
        /// Not concluded by the day.
        Open => "open",
        /// Overdue, on the main deadline or a 复查/复核 stage's (`Timing::overdue`).
        Overdue => "overdue",
        /// Due within the coming days (`Timing::due_soon`).
        DueSoon => "soon",
        /// Waiting too long for a decision on acceptance (受理超期).
        Unaccepted => "unaccepted",
        /// A 复查 or 复核 open.
        InReview => "review",
        /// A supervision (督办) past its report-by day unanswered.
        SupervisionLate => "supervision_late",
    }
}

const CONDITIONS: usize = Condition::ALL.len();

impl Condition {
    /// Whether the case meets the condition on `today`.
    pub fn holds(self, timing: &Timing, today: NaiveDate, calendar: &Calendar) -> bool {
        !timing.deleted
            && match self {
                Condition::Open => !timing.concluded_by(today),
                Condition::Overdue => timing.overdue(today),
                Condition::DueSoon => timing.due_soon(today),
                Condition::Unaccepted => timing.needs_acceptance_flag(today, calendar),
                Condition::InReview => timing.stage_open(today),
                Condition::SupervisionLate => timing.supervision_late(today),
            }
    }
}

/// A set of conditions, each at most once; allocates nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Conditions(u8);

impl Conditions {
    fn bit(condition: Condition) -> u8 {
        let index = Condition::ALL.iter().position(|c| *c == condition);
        1 << index.unwrap_or_default()
    }

    pub fn has(self, condition: Condition) -> bool {
        self.0 & Conditions::bit(condition) != 0
    }

    pub fn set(&mut self, condition: Condition, on: bool) {
        if on {
            self.0 |= Conditions::bit(condition);
        } else {
            self.0 &= !Conditions::bit(condition);
        }
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The conditions in the set, in the order of `Condition::ALL`.
    pub fn iter(self) -> impl Iterator<Item = Condition> {
        // By position, not `has`: the filter asks this of every row, and `has` looks each
        // condition up in `ALL`.
        Condition::ALL
            .iter()
            .enumerate()
            .filter(move |(at, _)| self.0 & (1 << at) != 0)
            .map(|(_, condition)| *condition)
    }
}

impl FromIterator<Condition> for Conditions {
    fn from_iter<I: IntoIterator<Item = Condition>>(conditions: I) -> Conditions {
        let mut set = Conditions::default();
        for condition in conditions {
            set.set(condition, true);
        }
        set
    }
}

impl PetitionFilter {
    /// A filter of the one condition.
    pub fn only(condition: Condition) -> PetitionFilter {
        PetitionFilter {
            conditions: [condition].into_iter().collect(),
            ..PetitionFilter::default()
        }
    }
}

/// The office that handles the case: the one it was assigned to, else the registering office.
pub fn handling_office(p: &Petition) -> &str {
    match p.assigned_to.as_deref() {
        Some(office) if p.is_assigned() => office,
        _ => &p.office_id,
    }
}

/// What the petition list shows. Every condition that is set must hold; deleted petitions
/// never match. An empty (or blank) `text` and an empty `office` set no condition.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PetitionFilter {
    /// Words separated by whitespace; each must occur in the serial, the petitioner's name,
    /// the subject or the ID number, ignoring the case of ASCII letters.
    pub text: String,
    pub status: Option<Status>,
    pub channel: Option<Channel>,
    /// The id of the handling office ([`handling_office`]).
    pub office: Option<String>,
    pub law_related: Option<bool>,
    /// Conditions on the case today, each as the dashboard counts it.
    pub conditions: Conditions,
    /// Received on or after this day.
    pub from: Option<NaiveDate>,
    /// Received on or before this day.
    pub to: Option<NaiveDate>,
}

impl PetitionFilter {
    /// Whether the list shows `p` on `today`.
    pub fn matches(&self, p: &Petition, today: NaiveDate, calendar: &Calendar) -> bool {
        let office = self.office.as_deref().filter(|o| !o.is_empty());
        self.accepts(
            &Facts::of(p, handling_office(p)),
            office.as_ref(),
            today,
            calendar,
        ) && self.text.split_whitespace().all(|word| mentions(p, word))
    }

    /// Every condition but the text, on the facts of one row. `office` is the filter's
    /// office in the form the facts hold it (an id, or an index into a table of ids).
    pub(super) fn accepts<O: PartialEq>(
        &self,
        facts: &Facts<O>,
        office: Option<&O>,
        today: NaiveDate,
        calendar: &Calendar,
    ) -> bool {
        let timing = &facts.timing;
        !timing.deleted
            && self.status.is_none_or(|status| facts.status == status)
            && self.channel.is_none_or(|channel| facts.channel == channel)
            && self.law_related.is_none_or(|law| facts.law_related == law)
            && self.from.is_none_or(|from| timing.received_on >= from)
            && self.to.is_none_or(|to| timing.received_on <= to)
            && office.is_none_or(|office| facts.office == *office)
            && self
                .conditions
                .iter()
                .all(|condition| condition.holds(timing, today, calendar))
    }

    /// Whether the filter sets no condition, so the list shows every live petition.
    pub fn is_empty(&self) -> bool {
        let PetitionFilter {
            text,
            status,
            channel,
            office,
            law_related,
            conditions,
            from,
            to,
        } = self;
        text.trim().is_empty()
            && status.is_none()
            && channel.is_none()
            && office.as_deref().is_none_or(str::is_empty)
            && law_related.is_none()
            && conditions.is_empty()
            && from.is_none()
            && to.is_none()
    }

    /// The filter as address query parameters, only those that set a condition:
    /// `q`, `status`, `channel`, `office`, `law` (`1`/`0`), each condition's key (`open`,
    /// `overdue`, `soon`, `unaccepted`, `review`, `supervision_late`: `1`), `from`, `to`
    /// (`YYYY-MM-DD`).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        let text = self.text.trim();
        if !text.is_empty() {
            query.push(("q", text.to_string()));
        }
        if let Some(status) = self.status {
            query.push(("status", status.key().to_string()));
        }
        if let Some(channel) = self.channel {
            query.push(("channel", channel.key().to_string()));
        }
        if let Some(office) = self.office.as_deref().filter(|o| !o.is_empty()) {
            query.push(("office", office.to_string()));
        }
        if let Some(law) = self.law_related {
            query.push(("law", if law { "1" } else { "0" }.to_string()));
        }
        for condition in self.conditions.iter() {
            query.push((condition.key(), "1".to_string()));
        }
        if let Some(from) = self.from {
            query.push(("from", from.to_string()));
        }
        if let Some(to) = self.to {
            query.push(("to", to.to_string()));
        }
        query
    }

    /// The filter read back from address query parameters (`get` returns a parameter's
    /// value). Unknown or malformed values set no condition, so an old bookmark still opens.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> PetitionFilter {
        let flag = |key: &str| get(key).as_deref() == Some("1");
        let date = |key: &str| get(key).and_then(|value| super::strict::parse_date(value.trim()));
        PetitionFilter {
            text: get("q").map(|q| q.trim().to_string()).unwrap_or_default(),
            status: get("status").and_then(|key| Status::from_key(&key)),
            channel: get("channel").and_then(|key| Channel::from_key(&key)),
            office: get("office").filter(|office| !office.is_empty()),
            law_related: match get("law").as_deref() {
                Some("1") => Some(true),
                Some("0") => Some(false),
                _ => None,
            },
            conditions: Condition::ALL
                .iter()
                .copied()
                .filter(|condition| flag(condition.key()))
                .collect(),
            from: date("from"),
            to: date("to"),
        }
    }
}

/// What the filter's conditions (all but the text) read of one petition, with its handling
/// office as `O`: the id itself, or its number in a compact index.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Facts<O> {
    pub timing: Timing,
    pub status: Status,
    pub channel: Channel,
    pub law_related: bool,
    pub office: O,
}

impl<O> Facts<O> {
    pub fn of(p: &Petition, office: O) -> Facts<O> {
        Facts {
            timing: Timing::of(p),
            status: p.status,
            channel: p.channel,
            law_related: p.law_related,
            office,
        }
    }
}

/// The fields the text filter looks at, in one place for the filter and the index.
pub(super) fn searched_fields(p: &Petition) -> [&str; 4] {
    [
        p.serial.as_str(),
        p.petitioner.name.as_str(),
        p.subject.as_str(),
        p.petitioner.id_number.as_str(),
    ]
}

/// Whether one search word occurs in a field the text filter looks at.
fn mentions(p: &Petition, word: &str) -> bool {
    searched_fields(p)
        .into_iter()
        .any(|field| contains_ignore_ascii_case(field, word))
}

/// Whether `needle` occurs in `haystack`, ignoring the case of ASCII letters only.
///
/// Comparing bytes is sound for UTF-8: a match can only start on a character boundary,
/// because a needle starts with a leading byte and continuation bytes never equal one.
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if haystack.len() < needle.len() {
        return false;
    }
    (0..=haystack.len() - needle.len()).any(|at| {
        haystack[at].eq_ignore_ascii_case(&first)
            && haystack[at + 1..at + needle.len()].eq_ignore_ascii_case(rest)
    })
}

/// The columns the petition list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    Serial,
    ReceivedOn,
    Channel,
    Petitioner,
    Subject,
    /// The handling office's name.
    Office,
    /// In workflow order (registered … concluded).
    Status,
    /// The effective due date.
    Due,
}

impl SortKey {
    /// Every column, in the order of the list.
    pub const ALL: &'static [SortKey] = &[
        SortKey::Serial,
        SortKey::ReceivedOn,
        SortKey::Channel,
        SortKey::Petitioner,
        SortKey::Subject,
        SortKey::Office,
        SortKey::Status,
        SortKey::Due,
    ];

    /// The key used in the address.
    pub fn key(&self) -> &'static str {
        match self {
            SortKey::Serial => "serial",
            SortKey::ReceivedOn => "received_on",
            SortKey::Channel => "channel",
            SortKey::Petitioner => "petitioner",
            SortKey::Subject => "subject",
            SortKey::Office => "office",
            SortKey::Status => "status",
            SortKey::Due => "due",
        }
    }

    /// The column with this key, if there is one.
    pub fn from_key(key: &str) -> Option<Self> {
        SortKey::ALL.iter().copied().find(|k| k.key() == key)
    }
}

/// The order of the petition list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    /// Newest first.
    fn default() -> Self {
        Sort {
            key: SortKey::ReceivedOn,
            descending: true,
        }
    }
}

impl Sort {
    /// The order as address query parameters `sort` and `desc` (`1`); none for the default.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        if *self == Sort::default() {
            return Vec::new();
        }
        let mut query = vec![("sort", self.key.key().to_string())];
        if self.descending {
            query.push(("desc", "1".to_string()));
        }
        query
    }

    /// The order read back from address query parameters; the default without a known `sort`.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Sort {
        match get("sort").as_deref().and_then(SortKey::from_key) {
            Some(key) => Sort {
                key,
                descending: get("desc").as_deref() == Some("1"),
            },
            None => Sort::default(),
        }
    }
}

/// The value a row is sorted by, extracted once per row.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum SortValue<'a> {
    Text(&'a str),
    Date(NaiveDate),
    Channel(Channel),
    Status(Status),
    /// Position of the handling office in name order.
    Rank(usize),
}

/// Sorts the rows in place. Ties are broken by serial, then id, so the order is total;
/// descending is the exact reverse of ascending. `office_name` maps an office id to the name
/// shown, and is asked once per office.
pub fn sort_petitions(rows: &mut [&Petition], sort: Sort, office_name: impl Fn(&str) -> String) {
    let order = sorted_positions(rows, sort, office_name);
    let sorted: Vec<&Petition> = order.iter().map(|&i| rows[i as usize]).collect();
    rows.copy_from_slice(&sorted);
}

/// The order of [`sort_petitions`] as positions into `rows`, for a list that keeps its
/// rows where they are (the UI's rows live in the ledger) and only needs their order.
pub fn sorted_positions<'a>(
    rows: &[&'a Petition],
    sort: Sort,
    office_name: impl Fn(&str) -> String,
) -> Vec<u32> {
    let ranks = match sort.key {
        SortKey::Office => office_ranks(rows, office_name),
        _ => BTreeMap::new(),
    };
    let value = |p: &'a Petition| match sort.key {
        SortKey::Serial => SortValue::Text(&p.serial),
        SortKey::ReceivedOn => SortValue::Date(p.received_on),
        SortKey::Channel => SortValue::Channel(p.channel),
        SortKey::Petitioner => SortValue::Text(&p.petitioner.name),
        SortKey::Subject => SortValue::Text(&p.subject),
        SortKey::Office => SortValue::Rank(ranks[handling_office(p)]),
        SortKey::Status => SortValue::Status(p.status),
        SortKey::Due => SortValue::Date(p.effective_due()),
    };
    let mut keyed: Vec<(SortValue<'a>, u32)> = rows
        .iter()
        .enumerate()
        .map(|(i, &p)| (value(p), i as u32))
        .collect();
    keyed.sort_unstable_by(|(value_a, a), (value_b, b)| {
        let (a, b) = (rows[*a as usize], rows[*b as usize]);
        let order: Ordering = value_a
            .cmp(value_b)
            .then_with(|| a.serial.cmp(&b.serial))
            .then_with(|| a.meta.id.cmp(&b.meta.id));
        if sort.descending {
            order.reverse()
        } else {
            order
        }
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Each handling office among the rows, numbered in order of name (then id).
fn office_ranks<'a>(
    rows: &[&'a Petition],
    office_name: impl Fn(&str) -> String,
) -> BTreeMap<&'a str, usize> {
    let mut names: BTreeMap<&'a str, String> = BTreeMap::new();
    for &p in rows {
        let office = handling_office(p);
        names.entry(office).or_insert_with(|| office_name(office));
    }
    let mut by_name: Vec<(String, &'a str)> =
        names.into_iter().map(|(id, name)| (name, id)).collect();
    by_name.sort();
    by_name
        .into_iter()
        .enumerate()
        .map(|(rank, (_, id))| (id, rank))
        .collect()
}

/// The serial to propose for an office's next case: `<code>-<year>-<NNNN>`, one past the
/// largest sequence among `serials` of exactly that form (other serials, such as hand-edited
/// ones, are ignored). Pass all the office's serials, deleted cases included, so a number is
/// never handed out twice.
pub fn propose_serial<'a>(
    code: &str,
    year: i32,
    serials: impl IntoIterator<Item = &'a str>,
) -> String {
    let prefix = format!("{code}-{year}-");
    let last = serials
        .into_iter()
        .filter_map(|serial| serial.strip_prefix(prefix.as_str()))
        .filter(|sequence| !sequence.is_empty() && sequence.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|sequence| sequence.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:04}", last.saturating_add(1))
}

/// The dashboard's counts of live petitions on a day, one per condition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DashboardCounts([u32; CONDITIONS]);

impl DashboardCounts {
    fn of(timing: &Timing, today: NaiveDate, calendar: &Calendar) -> DashboardCounts {
        let mut counts = DashboardCounts::default();
        for (i, condition) in Condition::ALL.iter().enumerate() {
            counts.0[i] = u32::from(condition.holds(timing, today, calendar));
        }
        counts
    }

    /// How many cases meet `condition`.
    pub fn get(&self, condition: Condition) -> u32 {
        Condition::ALL
            .iter()
            .position(|c| *c == condition)
            .map_or(0, |i| self.0[i])
    }

    fn add(&mut self, other: DashboardCounts) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }
}

/// The dashboard: counts over all live petitions and per handling office.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dashboard {
    pub total: DashboardCounts,
    /// Keyed by handling office id; offices whose four counts are all zero are left out.
    pub by_office: BTreeMap<String, DashboardCounts>,
}

/// Counts the live petitions on `today`. Each count equals the number of petitions the
/// matching [`PetitionFilter`] shows (`open`, `overdue`, `due_soon` or `unaccepted`, with
/// `office` set for the per-office counts).
pub fn dashboard<'a>(
    petitions: impl IntoIterator<Item = &'a Petition>,
    today: NaiveDate,
    calendar: &Calendar,
) -> Dashboard {
    dashboard_of(dashboard_rows(petitions), today, calendar)
}

/// What the dashboard counts of each live petition: its handling office and its timing.
pub fn dashboard_rows<'a>(
    petitions: impl IntoIterator<Item = &'a Petition>,
) -> impl Iterator<Item = (&'a str, Timing)> {
    petitions
        .into_iter()
        .filter(|p| !p.meta.deleted)
        .map(|p| (handling_office(p), Timing::of(p)))
}

/// The same counts from each live petition's handling office and timing: what the stored
/// first screen keeps (`first_screen`), so the dashboard drawn from it is the same.
pub fn dashboard_of<O: AsRef<str>, T: std::borrow::Borrow<Timing>>(
    rows: impl IntoIterator<Item = (O, T)>,
    today: NaiveDate,
    calendar: &Calendar,
) -> Dashboard {
    let mut board = Dashboard::default();
    for (office, timing) in rows {
        let counts = DashboardCounts::of(timing.borrow(), today, calendar);
        if counts == DashboardCounts::default() {
            continue;
        }
        board.total.add(counts);
        let office = office.as_ref();
        match board.by_office.get_mut(office) {
            Some(office_counts) => office_counts.add(counts),
            None => {
                board.by_office.insert(office.to_string(), counts);
            }
        }
    }
    board
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::petition::Outcome;
    use crate::domain::record::tests::stamp;

    fn text(words: &str) -> PetitionFilter {
        PetitionFilter {
            text: words.into(),
            ..PetitionFilter::default()
        }
    }

    /// The ids of the petitions the filter shows, in the given order.
    fn shown<'a>(filter: &PetitionFilter, all: &'a [Petition], today: NaiveDate) -> Vec<&'a str> {
        all.iter()
            .filter(|p| filter.matches(p, today, &Calendar::shipped()))
            .map(|p| p.meta.id.as_str())
            .collect()
    }

    fn ids<'a>(rows: &[&'a Petition]) -> Vec<&'a str> {
        rows.iter().map(|p| p.meta.id.as_str()).collect()
    }

    fn query_of<'a>(pairs: &'a [(&'static str, String)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        }
    }

    /// Set directly rather than through the workflow steps, which also write the log.
    fn assigned(id: &str, office: &str) -> Petition {
        let mut p = sample(id);
        p.assigned_to = Some(office.into());
        p.assigned_on = Some(day("2022-05-12"));
        p.status = Status::Assigned;
        p
    }

    fn concluded(mut p: Petition, on: &str) -> Petition {
        p.status = Status::Concluded;
        p.concluded_on = Some(day(on));
        p.outcome = Some(Outcome::Explained);
        p
    }

    #[test]
    fn typing_part_of_a_serial_finds_it_whatever_the_case() {
        let p = sample("0001"); // GA-2022-0001
        let today = day("2022-05-20");
        assert!(text("ga-2022").matches(&p, today, &Calendar::shipped()));
        assert!(text("GA-2022-0001").matches(&p, today, &Calendar::shipped()));
        assert!(text("2022-00").matches(&p, today, &Calendar::shipped()));
        assert!(!text("ga-2023").matches(&p, today, &Calendar::shipped()));
    }

    #[test]
    fn every_word_must_occur_in_the_serial_name_subject_or_id_number() {
        let mut p = sample("0001");
        p.petitioner.id_number = "11010519491231002X".into();
        p.details = "拆迁".into(); // details are not searched
        let today = day("2022-05-20");
        assert!(
            text("x").matches(&p, today, &Calendar::shipped()),
            "lower-case x finds the ID number"
        );
        assert!(text("张三 邻里").matches(&p, today, &Calendar::shipped()));
        assert!(text("  张三\u{3000}0001 ").matches(&p, today, &Calendar::shipped()));
        assert!(!text("张三 拆迁").matches(&p, today, &Calendar::shipped()));
        assert!(!text("李四").matches(&p, today, &Calendar::shipped()));
        assert!(
            text("   ").matches(&p, today, &Calendar::shipped()),
            "a blank search shows everything"
        );
    }

    #[test]
    fn text_search_ignores_only_ascii_case_and_respects_character_boundaries() {
        assert!(contains_ignore_ascii_case("GA-2022-0001", "ga-"));
        assert!(contains_ignore_ascii_case("anything", ""));
        assert!(!contains_ignore_ascii_case("ÄRGER", "ä"));
        assert!(contains_ignore_ascii_case("邻里纠纷", "纠纷"));
        assert!(!contains_ignore_ascii_case("纠", "纠纷"));
    }

    #[test]
    fn deleted_petitions_never_show() {
        let mut p = sample("0001");
        p.delete(&stamp("dev", 1));
        let today = day("2022-05-20");
        assert!(!PetitionFilter::default().matches(&p, today, &Calendar::shipped()));
        assert!(!text("GA-2022-0001").matches(&p, today, &Calendar::shipped()));
        let open = PetitionFilter::only(Condition::Open);
        assert!(!open.matches(&p, today, &Calendar::shipped()));
    }

    #[test]
    fn deadline_filters_match_exactly_the_flagged_cases() {
        let today = day("2022-07-05");
        let soon_and_unaccepted = sample("a"); // received 05-10, due 07-09, never assigned
        let mut overdue = assigned("b", "o2");
        overdue.due_on = day("2022-07-01");
        let done = concluded(sample("c"), "2022-07-01");
        let mut fresh = sample("d");
        fresh.received_on = day("2022-06-30");
        fresh.due_on = day("2022-08-29");
        let all = [soon_and_unaccepted, overdue, done, fresh];
        let with = |condition| shown(&PetitionFilter::only(condition), &all, today);
        assert_eq!(with(Condition::Open), ["a", "b", "d"]);
        assert_eq!(with(Condition::Overdue), ["b"]);
        assert_eq!(with(Condition::DueSoon), ["a"]);
        assert_eq!(with(Condition::Unaccepted), ["a"]);
        assert_eq!(with(Condition::InReview), Vec::<&str>::new());
    }

    #[test]
    fn office_filter_follows_the_case_to_the_office_it_was_assigned_to() {
        let today = day("2022-05-20");
        let moved = assigned("a", "o2");
        let mut blank_assignment = sample("b");
        blank_assignment.assigned_to = Some(crate::domain::Name::default());
        let all = [moved, blank_assignment];
        assert_eq!(handling_office(&all[0]), "o2");
        assert_eq!(handling_office(&all[1]), "o1");
        let office = |id: &str| PetitionFilter {
            office: Some(id.into()),
            ..PetitionFilter::default()
        };
        assert_eq!(shown(&office("o2"), &all, today), ["a"]);
        assert_eq!(shown(&office("o1"), &all, today), ["b"]);
        assert_eq!(shown(&office(""), &all, today), ["a", "b"]);
    }

    #[test]
    fn status_channel_law_and_received_range_narrow_together() {
        let today = day("2022-08-01");
        let mut letter = sample("a");
        letter.channel = Channel::Letter;
        let mut early = sample("b");
        early.received_on = day("2022-05-01");
        let mut not_law = sample("c");
        not_law.law_related = false;
        let moved = assigned("d", "o2");
        let all = [letter, early, not_law, moved];
        let filter = PetitionFilter {
            status: Some(Status::Registered),
            channel: Some(Channel::Visit),
            law_related: Some(true),
            from: Some(day("2022-05-10")),
            to: Some(day("2022-05-10")),
            ..PetitionFilter::default()
        };
        assert_eq!(shown(&filter, &all, today), Vec::<&str>::new());
        let mut with_match = all.to_vec();
        with_match.push(sample("e"));
        assert_eq!(
            shown(&filter, &with_match, today),
            ["e"],
            "both range ends count"
        );
        let not_law_only = PetitionFilter {
            law_related: Some(false),
            ..PetitionFilter::default()
        };
        assert_eq!(shown(&not_law_only, &all, today), ["c"]);
    }

    #[test]
    fn a_filter_survives_the_address_bar() {
        let filter = PetitionFilter {
            text: "ga-2022 张三".into(),
            status: Some(Status::InProgress),
            channel: Some(Channel::LeaderReception),
            office: Some("o2".into()),
            law_related: Some(false),
            conditions: Condition::ALL.iter().copied().collect(),
            from: Some(day("2022-01-01")),
            to: Some(day("2022-12-31")),
        };
        let query = filter.to_query();
        let keys: Vec<&str> = query.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "q",
                "status",
                "channel",
                "office",
                "law",
                "open",
                "overdue",
                "soon",
                "unaccepted",
                "review",
                "supervision_late",
                "from",
                "to"
            ]
        );
        assert_eq!(query[1].1, "in_progress");
        assert_eq!(query[2].1, "leader_reception");
        assert_eq!(query[4].1, "0");
        assert_eq!(query[11].1, "2022-01-01");
        assert_eq!(PetitionFilter::from_query(query_of(&query)), filter);
        assert!(!filter.is_empty());
        assert!(PetitionFilter::default().to_query().is_empty());
        assert!(PetitionFilter::default().is_empty());
        assert!(text("  ").is_empty());
        assert!(text("  ").to_query().is_empty());
    }

    #[test]
    fn bad_query_values_are_ignored() {
        let bad = [
            ("q", "   ".to_string()),
            ("status", "pending".to_string()),
            ("channel", "fax".to_string()),
            ("office", String::new()),
            ("law", "yes".to_string()),
            ("open", "true".to_string()),
            ("soon", "0".to_string()),
            ("from", "2022-13-01".to_string()),
            ("to", "yesterday".to_string()),
            ("sort", "urgency".to_string()),
            ("desc", "1".to_string()),
            ("page", "3".to_string()),
        ];
        assert_eq!(
            PetitionFilter::from_query(query_of(&bad)),
            PetitionFilter::default()
        );
        assert_eq!(Sort::from_query(query_of(&bad)), Sort::default());
        let good_among_bad = [
            ("status", "concluded".to_string()),
            ("channel", "fax".to_string()),
        ];
        let filter = PetitionFilter::from_query(query_of(&good_among_bad));
        assert_eq!(filter.status, Some(Status::Concluded));
        assert_eq!(filter.channel, None);
    }

    #[test]
    fn the_sort_order_survives_the_address_bar_and_the_default_leaves_it_clean() {
        assert!(Sort::default().to_query().is_empty());
        for &key in SortKey::ALL {
            assert_eq!(SortKey::from_key(key.key()), Some(key));
            for descending in [false, true] {
                let sort = Sort { key, descending };
                assert_eq!(Sort::from_query(query_of(&sort.to_query())), sort);
            }
        }
        let due = Sort {
            key: SortKey::Due,
            descending: true,
        };
        assert_eq!(
            due.to_query(),
            [("sort", "due".to_string()), ("desc", "1".to_string())]
        );
    }

    #[test]
    fn the_list_starts_newest_first_and_descending_is_the_exact_reverse() {
        let mut old = sample("a");
        old.received_on = day("2022-01-03");
        let mut new = sample("b");
        new.received_on = day("2022-03-01");
        let mid_2 = sample("0002");
        let mid_1 = sample("0001");
        let all = [old, new, mid_2, mid_1];
        let mut rows: Vec<&Petition> = all.iter().collect();
        sort_petitions(&mut rows, Sort::default(), str::to_string);
        assert_eq!(ids(&rows), ["0002", "0001", "b", "a"]);
        sort_petitions(
            &mut rows,
            Sort {
                key: SortKey::ReceivedOn,
                descending: false,
            },
            str::to_string,
        );
        assert_eq!(
            ids(&rows),
            ["a", "b", "0001", "0002"],
            "same day: by serial"
        );
    }

    #[test]
    fn sorting_by_office_uses_the_office_name_and_asks_once_per_office() {
        let all = [
            sample("0001"),
            assigned("0002", "o2"),
            sample("0003"),
            assigned("0004", "o3"),
        ];
        let asked = Cell::new(0);
        let name = |id: &str| {
            asked.set(asked.get() + 1);
            match id {
                "o1" => "Zhenxi".to_string(),
                "o2" => "Anping".to_string(),
                _ => "Meicun".to_string(),
            }
        };
        let mut rows: Vec<&Petition> = all.iter().collect();
        let by_office = Sort {
            key: SortKey::Office,
            descending: false,
        };
        sort_petitions(&mut rows, by_office, name);
        assert_eq!(ids(&rows), ["0002", "0004", "0001", "0003"]);
        assert_eq!(asked.get(), 3);
    }

    #[test]
    fn sorting_by_due_date_uses_the_extension() {
        let mut extended = sample("a");
        extended.extended_to = Some(day("2022-08-08"));
        let mut early = sample("b");
        early.due_on = day("2022-07-01");
        let plain = sample("c"); // due 07-09
        let all = [extended, early, plain];
        let mut rows: Vec<&Petition> = all.iter().collect();
        let by_due = Sort {
            key: SortKey::Due,
            descending: false,
        };
        sort_petitions(&mut rows, by_due, str::to_string);
        assert_eq!(ids(&rows), ["b", "c", "a"]);
    }

    #[test]
    fn sorting_by_status_follows_the_workflow_and_by_name_the_name() {
        let mut li = concluded(sample("a"), "2022-06-01");
        li.petitioner.name = "Li".into();
        let mut wang = assigned("b", "o2");
        wang.petitioner.name = "Wang".into();
        let mut chen = sample("c");
        chen.petitioner.name = "Chen".into();
        let all = [li, wang, chen];
        let mut rows: Vec<&Petition> = all.iter().collect();
        let by = |key| Sort {
            key,
            descending: false,
        };
        sort_petitions(&mut rows, by(SortKey::Status), str::to_string);
        assert_eq!(ids(&rows), ["c", "b", "a"]);
        sort_petitions(&mut rows, by(SortKey::Petitioner), str::to_string);
        assert_eq!(ids(&rows), ["c", "a", "b"]);
    }

    #[test]
    fn the_next_serial_follows_the_largest_and_ignores_hand_edited_ones() {
        let serials = [
            "GA-2022-0007",
            "GA-2022-0041",
            "GA-2022-X",
            "GA-2022-",
            "GA-2022-12a",
            "GA-2022-+99",
            "GA-2021-0100",
            "JC-2022-0500",
            "ga-2022-0900",
        ];
        assert_eq!(propose_serial("GA", 2022, serials), "GA-2022-0042");
    }

    #[test]
    fn a_new_year_starts_at_0001() {
        assert_eq!(
            propose_serial("GA", 2023, ["GA-2022-0041", "GA-2022-0042"]),
            "GA-2023-0001"
        );
        assert_eq!(propose_serial("GA", 2023, []), "GA-2023-0001");
    }

    #[test]
    fn the_sequence_grows_past_four_digits() {
        assert_eq!(
            propose_serial("GA", 2022, ["GA-2022-9999"]),
            "GA-2022-10000"
        );
        assert_eq!(
            propose_serial("GA", 2022, ["GA-2022-10000", "GA-2022-9999"]),
            "GA-2022-10001"
        );
    }

    #[test]
    fn the_dashboard_counts_per_handling_office_and_leaves_out_quiet_offices() {
        let today = day("2022-07-05");
        let soon_and_unaccepted = sample("a"); // o1
        let mut overdue = assigned("b", "o2");
        overdue.due_on = day("2022-07-01");
        let done = assigned("c", "o3");
        let done = concluded(done, "2022-07-01"); // o3 has nothing to count
        let mut deleted = sample("d");
        deleted.delete(&stamp("dev", 3));
        let all = [soon_and_unaccepted, overdue, done, deleted];
        let board = dashboard(&all, today, &Calendar::shipped());
        let counts =
            |c: DashboardCounts| Condition::ALL.iter().map(|k| c.get(*k)).collect::<Vec<_>>();
        // open, overdue, soon, unaccepted, review, supervision_late
        assert_eq!(counts(board.total), [2, 1, 1, 1, 0, 0]);
        let offices: Vec<&str> = board.by_office.keys().map(String::as_str).collect();
        assert_eq!(offices, ["o1", "o2"]);
        assert_eq!(counts(board.by_office["o2"]), [1, 1, 0, 0, 0, 0]);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use chrono::Days;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::petition::tests::{day, sample};

    const OFFICES: &[&str] = &["o1", "o2", "o3"];

    fn base() -> NaiveDate {
        day("2022-01-01")
    }

    fn on(offset: u64) -> NaiveDate {
        base() + Days::new(offset)
    }

    fn petition() -> impl Strategy<Value = Petition> {
        (
            prop::sample::select(&OFFICES[..2]),
            prop::option::of(prop::sample::select(&["", "o1", "o3"][..])),
            prop::sample::select(Status::ALL),
            0u64..60,
            0u64..80,
            prop::option::of(0u64..30),
            prop::option::of(0u64..120),
            any::<bool>(),
            (
                prop::option::of((0u64..120, 0u64..40, prop::option::of(0u64..60))),
                prop::option::of((0u64..120, 0u64..20, prop::option::of(0u64..40))),
            ),
        )
            .prop_map(
                |(
                    office,
                    assigned_to,
                    status,
                    received,
                    due,
                    extension,
                    concluded,
                    deleted,
                    (review, supervision),
                )| {
                    let mut p = sample("p");
                    if let Some((requested, days, concluded)) = review {
                        p.reviews.push(crate::domain::Review {
                            id: "r".into(),
                            level: crate::domain::ReviewLevel::Review,
                            requested_on: on(requested),
                            office_id: "o3".into(),
                            accepted_on: Some(on(requested)),
                            due_on: Some(on(requested + days)),
                            concluded_on: concluded.map(|d| on(requested + d)),
                            outcome: None,
                            note: String::new(),
                            extra: Default::default(),
                        });
                    }
                    if let Some((from, days, answered)) = supervision {
                        p.supervisions.push(crate::domain::Supervision {
                            id: "s".into(),
                            on: on(from),
                            by_office_id: "o1".into(),
                            report_by: on(from + days),
                            note: String::new(),
                            answered_on: answered.map(|d| on(from + d)),
                            extra: Default::default(),
                        });
                    }
                    p.office_id = office.into();
                    p.assigned_to = assigned_to.map(crate::domain::Name::from);
                    p.status = status;
                    p.received_on = on(received);
                    p.due_on = on(received + due);
                    p.extended_to = extension.map(|days| p.due_on + Days::new(days));
                    p.concluded_on = concluded.map(on);
                    p.meta.deleted = deleted;
                    p
                },
            )
    }

    fn ledger() -> impl Strategy<Value = Vec<Petition>> {
        prop::collection::vec(petition(), 0..40).prop_map(|mut all| {
            for (i, p) in all.iter_mut().enumerate() {
                p.meta.id = format!("p{i:02}").into();
                p.serial = format!("GA-2022-{:04}", i % 7);
            }
            all
        })
    }

    fn filter() -> impl Strategy<Value = PetitionFilter> {
        (
            prop::sample::select(&["", "ga", "张三 x", "a  b", "GA-2022-0001"][..]),
            prop::option::of(prop::sample::select(Status::ALL)),
            prop::option::of(prop::sample::select(Channel::ALL)),
            prop::option::of(prop::sample::select(OFFICES)),
            prop::option::of(any::<bool>()),
            any::<[bool; 6]>(),
            prop::option::of(0u64..400),
            prop::option::of(0u64..400),
        )
            .prop_map(
                |(text, status, channel, office, law_related, flags, from, to)| PetitionFilter {
                    text: text.into(),
                    status,
                    channel,
                    office: office.map(String::from),
                    law_related,
                    conditions: Condition::ALL
                        .iter()
                        .zip(flags)
                        .filter(|(_, on)| *on)
                        .map(|(c, _)| *c)
                        .collect(),
                    from: from.map(on),
                    to: to.map(on),
                },
            )
    }

    fn get<'a>(pairs: &'a [(&'static str, String)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
        }
    }

    proptest! {
        #[test]
        fn dashboard_counts_equal_what_the_list_filters_show(
            all in ledger(),
            today in (0u64..150).prop_map(on),
        ) {
            let board = dashboard(&all, today, &Calendar::shipped());
            let shown = |office: Option<&str>, condition| {
                let filter = PetitionFilter {
                    office: office.map(String::from),
                    ..PetitionFilter::only(condition)
                };
                all.iter().filter(|p| filter.matches(p, today, &Calendar::shipped())).count() as u32
            };
            for &condition in Condition::ALL {
                prop_assert_eq!(board.total.get(condition), shown(None, condition));
                for &office in OFFICES {
                    let counts = board.by_office.get(office).copied().unwrap_or_default();
                    prop_assert_eq!(
                        counts.get(condition), shown(Some(office), condition),
                        "office {} {:?}", office, condition
                    );
                }
            }
            for (office, counts) in &board.by_office {
                prop_assert!(OFFICES.contains(&office.as_str()));
                prop_assert_ne!(*counts, DashboardCounts::default());
            }
        }

        #[test]
        fn filters_and_sort_orders_round_trip_through_the_query(
            filter in filter(),
            key in prop::sample::select(SortKey::ALL),
            descending in any::<bool>(),
        ) {
            let query = filter.to_query();
            prop_assert_eq!(PetitionFilter::from_query(get(&query)), filter.clone());
            prop_assert_eq!(filter.is_empty(), query.is_empty());
            let sort = Sort { key, descending };
            prop_assert_eq!(Sort::from_query(get(&sort.to_query())), sort);
        }

        #[test]
        fn sorting_keeps_every_row_and_descending_reverses_ascending(
            all in ledger(),
            key in prop::sample::select(SortKey::ALL),
        ) {
            let name = |id: &str| if id == "o3" { "A".to_string() } else { id.to_string() };
            let mut up: Vec<&Petition> = all.iter().collect();
            sort_petitions(&mut up, Sort { key, descending: false }, name);
            let mut down: Vec<&Petition> = all.iter().rev().collect();
            sort_petitions(&mut down, Sort { key, descending: true }, name);
            down.reverse();
            let ids = |rows: &[&Petition]| rows.iter().map(|p| p.meta.id.clone()).collect::<Vec<_>>();
            prop_assert_eq!(ids(&up), ids(&down));
            let mut sorted_ids = ids(&up);
            sorted_ids.sort();
            prop_assert_eq!(sorted_ids, ids(&all.iter().collect::<Vec<_>>()));
        }
    }
}
