//! Planning an import before anything is written: what each record of a file adds, updates,
//! leaves alone or conflicts on, merged by the domain's rule (PRODUCT §7); applying the
//! plan; and undoing an import later.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::record::timestamp;
use crate::domain::{
    document_digest, merge_owned, restore_loser, AnyRecord, Conflict, Id, Ledger, LedgerTable,
    MergeOutcome, Meta, RecordKind, Stamp,
};

/// What an import does to the records of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    pub add: usize,
    pub update: usize,
    pub unchanged: usize,
    pub conflict: usize,
}

/// What importing a file would do, worked out without touching the ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportPlan {
    /// One entry per kind of record, every kind present.
    pub counts: BTreeMap<RecordKind, KindCounts>,
    /// Same id, same version, different content. The winner is among the writes (unless
    /// the ledger's record won unchanged); the loser is kept here so the user can restore it.
    pub conflicts: Vec<Conflict>,
    /// The records to store, new or changed by the merge, by kind then id.
    pub writes: Vec<AnyRecord>,
    /// Records of the file left out because they have problems.
    pub skipped_invalid: usize,
    /// What each of `writes` was in the ledger the plan was made against (`None`: absent),
    /// in the same order: an import is written only over that (PRODUCT §7, no lost update).
    #[serde(default)]
    pub bases: Vec<Option<Base>>,
}

/// A record as a plan or an undo found it: its version and a digest of its content, so
/// that a change at the same version (a merge adds to the log without raising it) shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Base {
    pub version: u32,
    pub digest: u64,
}

impl Base {
    pub fn of(record: &AnyRecord) -> Base {
        thread_local! {
            // One buffer for every record's document: a large import takes 600,000 digests.
            static JSON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let digest = JSON.with_borrow_mut(|json| {
            json.clear();
            let written = match record {
                AnyRecord::Office(r) => serde_json::to_writer(&mut *json, r),
                AnyRecord::Metric(r) => serde_json::to_writer(&mut *json, r),
                AnyRecord::Campaign(r) => serde_json::to_writer(&mut *json, r),
                AnyRecord::Petition(r) => serde_json::to_writer(&mut *json, r),
                AnyRecord::Tally(r) => serde_json::to_writer(&mut *json, r),
            };
            if written.is_err() {
                json.clear();
            }
            let digest = document_digest(record.kind(), json);
            if json.capacity() > 1 << 20 {
                *json = Vec::new();
            }
            digest
        });
        Base {
            version: record.meta().version,
            digest,
        }
    }

    /// The record `kind`/`id` as `ledger` holds it now.
    pub fn now(ledger: &Ledger, kind: RecordKind, id: &str) -> Option<Base> {
        ledger.get_any(kind, id).as_ref().map(Base::of)
    }
}

impl ImportPlan {
    pub fn total(&self) -> KindCounts {
        self.counts
            .values()
            .fold(KindCounts::default(), |sum, c| KindCounts {
                add: sum.add + c.add,
                update: sum.update + c.update,
                unchanged: sum.unchanged + c.unchanged,
                conflict: sum.conflict + c.conflict,
            })
    }

    /// Whether applying the plan changes the ledger at all.
    pub fn changes_anything(&self) -> bool {
        !self.writes.is_empty()
    }

    /// The records the plan writes that `ledger` no longer holds as they were when the
    /// plan was made (an edit here or in another tab, or another import, since): the plan
    /// must be made again before it is written.
    pub fn changed_since(&self, ledger: &Ledger) -> Vec<(RecordKind, String)> {
        self.writes
            .iter()
            .zip(&self.bases)
            .filter(|(write, base)| Base::now(ledger, write.kind(), &write.meta().id) != **base)
            .map(|(write, _)| (write.kind(), write.meta().id.to_string()))
            .collect()
    }
}

/// Plans the import of `records` into `ledger` in one go. See `Planner` to plan a large
/// file in slices.
pub fn plan_import(ledger: &Ledger, records: impl IntoIterator<Item = AnyRecord>) -> ImportPlan {
    let mut planner = Planner::new();
    planner.feed(ledger, records);
    planner.finish()
}

/// Plans an import a slice at a time, so that the page stays responsive between slices;
/// the result is the same as `plan_import` over all the slices in order.
///
/// A record whose id came earlier in the same file is merged with what the earlier one
/// left, so the plan is what applying the records one by one would do.
///
/// The planner takes the file's records: one it adds, or keeps as a conflict's loser, is
/// moved into the plan rather than copied, so a large file's records are held once. The
/// ledger is passed to each slice rather than held, so that the page can lend the one it
/// keeps in memory between frames without copying it.
#[derive(Default)]
pub struct Planner {
    /// The records the plan changes so far: the ledger as it would be, where it differs.
    staged: Ledger,
    counts: BTreeMap<RecordKind, KindCounts>,
    conflicts: Vec<Conflict>,
    skipped_invalid: usize,
    /// What each record written was in the ledger, taken when it was first written; only
    /// those the ledger held (a record added has no base), so an import into an empty
    /// ledger keeps none.
    bases: BTreeMap<(RecordKind, Id), Base>,
}

impl Planner {
    pub fn new() -> Self {
        Planner {
            staged: Ledger::default(),
            counts: RecordKind::ALL
                .iter()
                .map(|kind| (*kind, KindCounts::default()))
                .collect(),
            conflicts: Vec::new(),
            skipped_invalid: 0,
            bases: BTreeMap::new(),
        }
    }

    /// Notes records of the file that are left out for their problems.
    pub fn skip_invalid(&mut self, count: usize) {
        self.skipped_invalid += count;
    }

    /// Plans the next slice of records against `ledger`, the same ledger for every slice.
    pub fn feed(&mut self, ledger: &Ledger, chunk: impl IntoIterator<Item = AnyRecord>) {
        for record in chunk {
            self.take(ledger, record);
        }
    }

    fn take(&mut self, ledger: &Ledger, record: AnyRecord) {
        match record {
            AnyRecord::Office(r) => self.merge(ledger, r),
            AnyRecord::Metric(r) => self.merge(ledger, r),
            AnyRecord::Campaign(r) => self.merge(ledger, r),
            AnyRecord::Petition(r) => self.merge(ledger, *r),
            AnyRecord::Tally(r) => self.merge(ledger, r),
        }
    }

    fn merge<R: LedgerTable>(&mut self, ledger: &Ledger, incoming: R) {
        let id = incoming.meta().id.clone();
        let local = R::table(&self.staged)
            .get(&id)
            .or_else(|| R::table(ledger).get(&id));
        let counts = self.counts.entry(R::KIND).or_default();
        let stored = match merge_owned(local, incoming) {
            MergeOutcome::Insert(new) => {
                counts.add += 1;
                Some(new)
            }
            MergeOutcome::Update(merged) => {
                counts.update += 1;
                Some(merged)
            }
            MergeOutcome::Unchanged => {
                counts.unchanged += 1;
                None
            }
            MergeOutcome::Conflict { winner, loser } => {
                counts.conflict += 1;
                let local_changed = local != Some(&winner);
                // The loser is the ledger's record exactly when the ledger's lost.
                let local_won = local != Some(&loser);
                self.conflicts.push(Conflict {
                    kind: R::KIND,
                    id: id.to_string(),
                    local_won,
                    local_changed,
                    winner: winner.clone().into_any(),
                    loser: loser.into_any(),
                });
                local_changed.then_some(winner)
            }
        };
        if let Some(record) = stored {
            let first_written = !R::table(&self.staged).contains_key(&id);
            if let Some(base) = Base::now(ledger, R::KIND, &id).filter(|_| first_written) {
                self.bases.insert((R::KIND, id.clone()), base);
            }
            R::table_mut(&mut self.staged).insert(record.meta().id.clone(), record);
        }
    }

    pub fn finish(self) -> ImportPlan {
        let staged = self.staged;
        let mut writes = Vec::with_capacity(staged.len());
        writes.extend(
            std::iter::empty()
                .chain(staged.offices.into_values().map(LedgerTable::into_any))
                .chain(staged.metrics.into_values().map(LedgerTable::into_any))
                .chain(staged.campaigns.into_values().map(LedgerTable::into_any))
                .chain(staged.petitions.into_values().map(LedgerTable::into_any))
                .chain(staged.tallies.into_values().map(LedgerTable::into_any)),
        );
        let mut bases = self.bases;
        let bases = writes
            .iter()
            .map(|w: &AnyRecord| bases.remove(&(w.kind(), w.meta().id.clone())))
            .collect();
        ImportPlan {
            counts: self.counts,
            conflicts: self.conflicts,
            writes,
            skipped_invalid: self.skipped_invalid,
            bases,
        }
    }
}

/// Applies a plan to a ledger in memory: stores its writes. Storage writes the same records
/// in one transaction and applies them here only once that has committed.
pub fn apply(ledger: &mut Ledger, plan: &ImportPlan) {
    for record in &plan.writes {
        record.clone().put_into(ledger);
    }
}

/// The digest of each of `writes`, in order: what an undo entry keeps of them.
fn digests_of(writes: &[AnyRecord]) -> Vec<u64> {
    writes.iter().map(|w| Base::of(w).digest).collect()
}

/// What it takes to undo one import: every record it wrote as it was before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UndoEntry {
    pub id: String,
    /// When the import was applied.
    #[serde(with = "timestamp")]
    pub at: DateTime<Utc>,
    pub file_name: String,
    pub counts: BTreeMap<RecordKind, KindCounts>,
    /// Each record the import wrote, as it was before (`None`: it did not exist). Boxed, so
    /// that each record a large import added costs a word, not a record's room.
    pub before: Vec<(RecordKind, Id, Option<Box<AnyRecord>>)>,
    /// Each record's version right after the import, to tell whether it changed since.
    pub after_versions: Vec<(RecordKind, Id, u32)>,
    /// A digest of each record's content right after the import, in the same order: a
    /// later import can change a record at the same version (entries of the log). Absent
    /// from entries of earlier releases, which compare versions only.
    #[serde(default)]
    pub after_digests: Vec<u64>,
}

/// What the import history shows of an entry, kept beside it so that the history is
/// listed without reading the entries: a large import's entry names every record it wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: String,
    #[serde(with = "timestamp")]
    pub at: DateTime<Utc>,
    pub file_name: String,
    pub counts: BTreeMap<RecordKind, KindCounts>,
    /// How many records undoing it changes back. Read from an entry itself too (entries of
    /// earlier releases have no summary), where it is the length of `before`.
    #[serde(alias = "before", deserialize_with = "count_or_length")]
    pub records: usize,
}

/// A count, or the length of a list, read without keeping the list's items.
fn count_or_length<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    struct CountOrLength;
    impl<'de> serde::de::Visitor<'de> for CountOrLength {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a count or a list")
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<usize, E> {
            usize::try_from(n).map_err(E::custom)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
            let mut n = 0;
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                n += 1;
            }
            Ok(n)
        }
    }
    deserializer.deserialize_any(CountOrLength)
}

impl UndoEntry {
    /// The entry for `plan`, taken from the ledger before the plan is applied.
    pub fn new(
        id: String,
        at: DateTime<Utc>,
        file_name: String,
        ledger_before: &Ledger,
        plan: &ImportPlan,
    ) -> Self {
        let mut entry = UndoEntry::awaiting_digests(id, at, file_name, ledger_before, plan);
        entry.after_digests = digests_of(&plan.writes);
        entry
    }

    /// The entry for `plan` as `new` makes it but for the digests of its writes, left for
    /// the write to give as it writes each record's document (`document_digest`), in the
    /// order of `plan.writes`: a large import then writes each document out once.
    pub fn awaiting_digests(
        id: String,
        at: DateTime<Utc>,
        file_name: String,
        ledger_before: &Ledger,
        plan: &ImportPlan,
    ) -> Self {
        let mut entry = UndoEntry::before_writes(id, at, file_name, ledger_before, &plan.writes);
        entry.counts = plan.counts.clone();
        entry
    }

    /// The entry for a step of the app's own that writes `writes` (merging two offices),
    /// taken from the ledger before they are written; it is undone like an import.
    pub fn of_writes(
        id: String,
        at: DateTime<Utc>,
        name: String,
        ledger_before: &Ledger,
        writes: &[AnyRecord],
    ) -> Self {
        let mut entry = UndoEntry::before_writes(id, at, name, ledger_before, writes);
        entry.after_digests = digests_of(writes);
        entry
    }

    /// The entry for `writes` without their digests.
    fn before_writes(
        id: String,
        at: DateTime<Utc>,
        name: String,
        ledger_before: &Ledger,
        writes: &[AnyRecord],
    ) -> Self {
        let mut before = Vec::with_capacity(writes.len());
        let mut after_versions = Vec::with_capacity(writes.len());
        let mut counts: BTreeMap<RecordKind, KindCounts> = BTreeMap::new();
        for write in writes {
            let (kind, meta) = (write.kind(), write.meta());
            let was = find(ledger_before, kind, &meta.id);
            let count = counts.entry(kind).or_default();
            if was.is_some() {
                count.update += 1;
            } else {
                count.add += 1;
            }
            before.push((kind, meta.id.clone(), was.map(Box::new)));
            after_versions.push((kind, meta.id.clone(), meta.version));
        }
        UndoEntry {
            id,
            at: timestamp::to_millis(at),
            file_name: name,
            counts,
            before,
            after_versions,
            after_digests: Vec::new(),
        }
    }

    /// How many records undoing it changes back.
    pub fn record_count(&self) -> usize {
        self.before.len()
    }

    /// The entry's fields but its lists, which are left empty.
    fn summary_fields(&self) -> UndoEntry {
        UndoEntry {
            id: self.id.clone(),
            at: self.at,
            file_name: self.file_name.clone(),
            counts: self.counts.clone(),
            before: Vec::new(),
            after_versions: Vec::new(),
            after_digests: Vec::new(),
        }
    }

    /// What the history shows of it.
    pub fn summary(&self) -> ImportSummary {
        ImportSummary {
            id: self.id.clone(),
            at: self.at,
            file_name: self.file_name.clone(),
            counts: self.counts.clone(),
            records: self.record_count(),
        }
    }
}

/// An entry's JSON, exactly what `serde_json::to_string` makes of it, made a piece at a
/// time: a large import's entry names every record it wrote, and the write gives the page a
/// turn between pieces.
pub struct EntryJson {
    /// The entry without its three lists, cut where each list goes.
    shell: [String; 4],
    /// The list being written (0 `before`, 1 `after_versions`, 2 `after_digests`, 3 done)
    /// and how far.
    list: usize,
    at: usize,
    per_piece: usize,
}

impl EntryJson {
    /// Pieces of at most `per_piece` items of a list each. Only the entry's other fields
    /// are read here; its lists are read as each piece is made.
    pub fn new(entry: &UndoEntry, per_piece: usize) -> serde_json::Result<EntryJson> {
        let mut rest = serde_json::to_string(&entry.summary_fields())?;
        // The three lists are the entry's last fields, so the last three `[]` are theirs
        // (a file's name may hold `[]` too, but comes before them).
        let mut cut = [String::new(), String::new(), String::new(), String::new()];
        for at in (1..4).rev() {
            let Some(list) = rest.rfind("[]") else {
                return Err(serde::ser::Error::custom("an entry without its lists"));
            };
            cut[at] = rest.split_off(list + 1);
        }
        cut[0] = rest;
        Ok(EntryJson {
            shell: cut,
            list: 0,
            at: 0,
            per_piece: per_piece.max(1),
        })
    }

    /// The next piece of `entry`'s JSON, `None` once it is whole.
    pub fn next_piece(&mut self, entry: &UndoEntry) -> Option<serde_json::Result<String>> {
        if self.list > 3 {
            return None;
        }
        let mut piece = if self.at == 0 {
            std::mem::take(&mut self.shell[self.list])
        } else {
            String::new()
        };
        if self.list == 3 {
            self.list = 4;
            return Some(Ok(piece));
        }
        let len = [
            entry.before.len(),
            entry.after_versions.len(),
            entry.after_digests.len(),
        ][self.list];
        let end = (self.at + self.per_piece).min(len);
        let items = match self.list {
            0 => serde_json::to_string(&entry.before[self.at..end]),
            1 => serde_json::to_string(&entry.after_versions[self.at..end]),
            _ => serde_json::to_string(&entry.after_digests[self.at..end]),
        };
        let items = match items {
            Ok(items) => items,
            Err(error) => return Some(Err(error)),
        };
        // The items without the brackets the slice is written in.
        let inner = &items[1..items.len() - 1];
        if self.at > 0 && !inner.is_empty() {
            piece.push(',');
        }
        piece.push_str(inner);
        if end == len {
            self.list += 1;
            self.at = 0;
        } else {
            self.at = end;
        }
        Some(Ok(piece))
    }
}

/// The records that undo an import, as new edits by `stamp`, so that the undo travels and
/// wins wherever the import went: a record the import added becomes a tombstone; one it
/// changed gets its old content back under the next version. Petition actions stay, as
/// the log is append-only everywhere; a record that only gained actions is left alone.
///
/// Refused with the ids of the records whose version changed since the import (edited
/// here, or changed by a later import): undoing would overwrite those changes.
pub fn undo_writes(
    ledger: &Ledger,
    entry: &UndoEntry,
    stamp: &Stamp,
) -> Result<Vec<AnyRecord>, Vec<String>> {
    // Changed since: another version, or the same version with other content.
    let digests = entry
        .after_digests
        .iter()
        .map(Some)
        .chain(std::iter::repeat(None));
    let changed: Vec<String> = entry
        .after_versions
        .iter()
        .zip(digests)
        .filter(|((kind, id, version), digest)| {
            let now = Base::now(ledger, *kind, id);
            now.map(|b| b.version) != Some(*version)
                || digest.is_some_and(|d| now.map(|b| b.digest) != Some(*d))
        })
        .map(|((_, id, _), _)| id.to_string())
        .collect();
    if !changed.is_empty() {
        return Err(changed);
    }
    let mut writes = Vec::new();
    for (kind, id, before) in &entry.before {
        let Some(current) = find(ledger, *kind, id) else {
            continue;
        };
        let undone = match before {
            None if current.meta().deleted => None,
            None => {
                let mut tombstone = current.clone();
                meta_mut(&mut tombstone).tombstone(stamp);
                Some(tombstone)
            }
            Some(old) => restore(old, &current, stamp).filter(|restored| {
                let mut unstamped = restored.clone();
                // Who and when aside; whether it is deleted is content, so an import (or a
                // merge) that only deleted a record is undone too.
                let deleted = restored.meta().deleted;
                *meta_mut(&mut unstamped) = current.meta().clone();
                meta_mut(&mut unstamped).deleted = deleted;
                unstamped != current
            }),
        };
        writes.extend(undone);
    }
    Ok(writes)
}

fn find(ledger: &Ledger, kind: RecordKind, id: &str) -> Option<AnyRecord> {
    ledger.get_any(kind, id)
}

fn meta_mut(record: &mut AnyRecord) -> &mut Meta {
    match record {
        AnyRecord::Office(r) => &mut r.meta,
        AnyRecord::Metric(r) => &mut r.meta,
        AnyRecord::Campaign(r) => &mut r.meta,
        AnyRecord::Petition(r) => &mut r.meta,
        AnyRecord::Tally(r) => &mut r.meta,
    }
}

/// `old` as a new edit over `current` (`None` if they are of different kinds).
pub(super) fn restore(old: &AnyRecord, current: &AnyRecord, stamp: &Stamp) -> Option<AnyRecord> {
    Some(match (old, current) {
        (AnyRecord::Office(a), AnyRecord::Office(b)) => {
            AnyRecord::Office(restore_loser(a, b, stamp))
        }
        (AnyRecord::Metric(a), AnyRecord::Metric(b)) => {
            AnyRecord::Metric(restore_loser(a, b, stamp))
        }
        (AnyRecord::Campaign(a), AnyRecord::Campaign(b)) => {
            AnyRecord::Campaign(restore_loser(a, b, stamp))
        }
        (AnyRecord::Petition(a), AnyRecord::Petition(b)) => {
            AnyRecord::Petition(Box::new(restore_loser(a.as_ref(), b.as_ref(), stamp)))
        }
        (AnyRecord::Tally(a), AnyRecord::Tally(b)) => AnyRecord::Tally(restore_loser(a, b, stamp)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Petition;
    use crate::exchange::file::ExportOptions;
    use crate::exchange::parse;
    use crate::exchange::testing::{exported, id, note, sample_ledger, stamp, today, OFFICE_GA};

    fn counts(add: usize, update: usize, unchanged: usize, conflict: usize) -> KindCounts {
        KindCounts {
            add,
            update,
            unchanged,
            conflict,
        }
    }

    #[test]
    fn a_digest_from_a_records_document_is_the_digest_earlier_releases_kept() {
        use std::hash::{DefaultHasher, Hasher};
        let file = parse(
            &exported(&sample_ledger(), &ExportOptions::default()),
            &Ledger::default(),
            today(),
        )
        .unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for (_, record) in file.records {
            // How entries of earlier releases took it: the record written as `AnyRecord`.
            let mut hasher = DefaultHasher::new();
            hasher.write(&serde_json::to_vec(&record).unwrap());
            assert_eq!(Base::of(&record).digest, hasher.finish(), "{record:?}");
            kinds.insert(record.kind());
        }
        assert_eq!(kinds.len(), RecordKind::ALL.len());
    }

    /// The sample ledger's file, as the records an import reads from it.
    fn file_records(ledger: &Ledger) -> Vec<AnyRecord> {
        let text = exported(ledger, &ExportOptions::default());
        let parsed = parse(&text, &Ledger::default(), today()).unwrap();
        assert_eq!(parsed.problems, []);
        parsed.valid_records().cloned().collect()
    }

    /// A ledger that differs from the sample in one record of each outcome.
    fn diverged() -> (Ledger, Ledger) {
        let file = sample_ledger();
        let mut local = sample_ledger();
        // Petition 11: the file's is newer (update).
        let p11 = local.petitions.get_mut(&id(11)).unwrap();
        p11.meta.version -= 1;
        p11.subject = "拆迁补偿".into();
        // Petition 12: edited on both sides to the same version (conflict; local is later).
        let p12 = local.petitions.get_mut(&id(12)).unwrap();
        p12.subject = "本地改过的事由".into();
        p12.meta.updated_at = stamp("dev-fy", 600).now;
        p12.meta.updated_by = "dev-fy".into();
        // Petition 14 is not in the local ledger yet (add).
        local.petitions.remove(&id(14));
        // Tally 22: the local one is newer (unchanged).
        local.tallies.get_mut(&id(22)).unwrap().meta.version += 1;
        (local, file)
    }

    #[test]
    fn a_plan_names_the_records_it_writes_that_changed_since_it_was_made() {
        let (mut local, file) = diverged();
        let plan = plan_import(&local, file_records(&file));
        assert!(plan.changed_since(&local).is_empty());
        assert_eq!(plan.bases.len(), plan.writes.len());
        // Another tab edits petition 11, which the plan updates.
        let p11 = local.petitions.get_mut(&id(11)).unwrap();
        p11.add_entry(
            crate::domain::ActionKind::Note,
            "另一个标签页".into(),
            &stamp("dev-ga", 90),
        );
        assert_eq!(
            plan.changed_since(&local),
            [(RecordKind::Petition, id(11).to_string())]
        );
        // A record the plan adds appears meanwhile (another import).
        let mut other = local.clone();
        other
            .petitions
            .insert(id(14), file.petitions[&id(14)].clone());
        assert!(plan
            .changed_since(&other)
            .contains(&(RecordKind::Petition, id(14).to_string())));
        // Same version, other content (a merge adds to the log without raising it).
        let (mut local, file) = diverged();
        let plan = plan_import(&local, file_records(&file));
        let p11 = local.petitions.get_mut(&id(11)).unwrap();
        p11.actions.push(crate::exchange::testing::note(99, 5));
        assert_eq!(
            plan.changed_since(&local),
            [(RecordKind::Petition, id(11).to_string())]
        );
        // Made again, the plan keeps the edit: its entry is in what it writes.
        let again = plan_import(&local, file_records(&file));
        assert!(again.changed_since(&local).is_empty());
        let mut written = local.clone();
        apply(&mut written, &again);
        assert!(written.petitions[&id(11)]
            .actions
            .iter()
            .any(|a| a.id == *id(99)));
    }

    #[test]
    fn the_plan_counts_each_kind_and_lists_conflicts_without_touching_the_ledger() {
        let (local, file) = diverged();
        let before = local.clone();
        let plan = plan_import(&local, file_records(&file));
        assert_eq!(local, before);
        assert_eq!(plan.counts.len(), RecordKind::ALL.len());
        assert_eq!(plan.counts[&RecordKind::Petition], counts(1, 1, 1, 1));
        assert_eq!(
            plan.counts[&RecordKind::Tally],
            counts(0, 0, file.tallies.len(), 0)
        );
        assert_eq!(
            plan.counts[&RecordKind::Office],
            counts(0, 0, file.offices.len(), 0)
        );
        assert_eq!(plan.conflicts.len(), 1);
        let conflict = &plan.conflicts[0];
        assert_eq!(
            (conflict.kind, conflict.id.as_str()),
            (RecordKind::Petition, id(12).as_str())
        );
        assert!(conflict.local_won && !conflict.local_changed);
        assert!(
            matches!(&conflict.loser, AnyRecord::Petition(p) if p.subject == file.petitions[&id(12)].subject)
        );
        let written: Vec<_> = plan.writes.iter().map(|w| w.meta().id.clone()).collect();
        assert_eq!(written, [id(11), id(14)]);
        assert_eq!(plan.total(), counts(1, 1, file.len() - 3, 1));
        assert!(plan.changes_anything());
    }

    #[test]
    fn applying_the_plan_gives_the_merged_ledger_and_a_second_import_changes_nothing() {
        let (mut local, file) = diverged();
        let records = file_records(&file);
        let plan = plan_import(&local, records.clone());
        apply(&mut local, &plan);
        assert_eq!(local.petitions[&id(11)], file.petitions[&id(11)]);
        assert_eq!(local.petitions[&id(14)], file.petitions[&id(14)]);
        assert_eq!(local.petitions[&id(12)].subject, "本地改过的事由");
        let again = plan_import(&local, records.clone());
        assert!(!again.changes_anything());
        // The file still disagrees on petition 12, which the ledger keeps: shown again,
        // as the ledger's win, changing nothing.
        assert_eq!(again.total(), counts(0, 0, records.len() - 1, 1));
        assert_eq!(again.conflicts.len(), 1);
        assert!(again.conflicts[0].local_won && !again.conflicts[0].local_changed);
    }

    #[test]
    fn a_conflict_the_file_wins_is_written_and_the_local_side_kept_to_restore() {
        let mut local = sample_ledger();
        let p12 = local.petitions.get_mut(&id(12)).unwrap();
        p12.subject = "本地改过的事由".into();
        p12.meta.updated_at = stamp("dev-fy", -600).now;
        p12.actions.push(note(33, 5));
        let plan = plan_import(&local, file_records(&sample_ledger()));
        assert_eq!(plan.total().conflict, 1);
        let conflict = &plan.conflicts[0];
        assert!(!conflict.local_won && conflict.local_changed);
        let AnyRecord::Petition(written) = &plan.writes[0] else {
            panic!("the file's petition is written");
        };
        assert_eq!(written.subject, sample_ledger().petitions[&id(12)].subject);
        // The local action is kept whichever side wins.
        assert!(written.actions.iter().any(|a| a.id == *id(33)));
        assert!(matches!(&conflict.loser, AnyRecord::Petition(p) if p.subject == "本地改过的事由"));
    }

    #[test]
    fn planning_in_slices_gives_the_same_plan_as_planning_at_once() {
        let (local, file) = diverged();
        let records = file_records(&file);
        let whole = plan_import(&local, records.clone());
        for size in [1, 2, 5, records.len()] {
            let mut planner = Planner::new();
            for chunk in records.chunks(size) {
                planner.feed(&local, chunk.to_vec());
            }
            assert_eq!(planner.finish(), whole, "slices of {size}");
        }
    }

    #[test]
    fn invalid_records_left_out_are_counted_in_the_plan() {
        let mut planner = Planner::new();
        planner.skip_invalid(3);
        planner.feed(&Ledger::default(), file_records(&sample_ledger()));
        let plan = planner.finish();
        assert_eq!(plan.skipped_invalid, 3);
        assert_eq!(plan.total().add, sample_ledger().len());
    }

    #[test]
    fn the_same_id_twice_in_one_file_is_planned_as_two_imports_in_a_row() {
        let mut older = sample_ledger().offices[OFFICE_GA].clone();
        older.name = "旧名".into();
        let newer = {
            let mut office = older.clone();
            office.name = "新名".into();
            office.meta.touch(&stamp("dev-ga", 60));
            office
        };
        let plan = plan_import(
            &Ledger::default(),
            [older.clone().into_any(), newer.clone().into_any()],
        );
        assert_eq!(plan.counts[&RecordKind::Office], counts(1, 1, 0, 0));
        assert_eq!(plan.writes, [newer.into_any()]);
    }

    fn import(ledger: &mut Ledger, file: &Ledger) -> UndoEntry {
        let plan = plan_import(ledger, file_records(file));
        let entry = UndoEntry::new(
            "undo-1".into(),
            stamp("dev-ga", 60).now,
            "taizhang_FY_2022-08-21.json".into(),
            ledger,
            &plan,
        );
        apply(ledger, &plan);
        entry
    }

    fn apply_records(ledger: &mut Ledger, records: Vec<AnyRecord>) {
        for record in records {
            record.put_into(ledger);
        }
    }

    #[test]
    fn undo_hides_what_the_import_added_and_brings_back_what_it_changed() {
        let (mut local, file) = diverged();
        let before = local.clone();
        let entry = import(&mut local, &file);
        assert_eq!(entry.counts[&RecordKind::Petition], counts(1, 1, 1, 1));
        assert_eq!(entry.before.len(), 2);

        let undo = undo_writes(&local, &entry, &stamp("dev-ga", 120)).unwrap();
        apply_records(&mut local, undo.clone());
        let added = &local.petitions[&id(14)];
        assert!(added.meta.deleted);
        assert_eq!(added.meta.version, file.petitions[&id(14)].meta.version + 1);
        let restored: &Petition = &local.petitions[&id(11)];
        let old = &before.petitions[&id(11)];
        assert_eq!(
            restored.meta.version,
            file.petitions[&id(11)].meta.version + 1
        );
        assert_eq!(
            Petition {
                meta: old.meta.clone(),
                ..restored.clone()
            },
            *old
        );
        // The undo travels: merged into a ledger that took the import, it wins there too.
        let mut elsewhere = file.clone();
        let plan = plan_import(&elsewhere, undo);
        assert_eq!(plan.total().update, 2);
        apply(&mut elsewhere, &plan);
        assert!(elsewhere.petitions[&id(14)].meta.deleted);
        assert_eq!(elsewhere.petitions[&id(11)], local.petitions[&id(11)]);
    }

    #[test]
    fn undo_is_refused_when_a_later_import_changed_a_record_at_the_same_version() {
        let (mut local, file) = diverged();
        let entry = import(&mut local, &file);
        // A later import brings an entry to the log of petition 11: same version.
        let p11 = local.petitions.get_mut(&id(11)).unwrap();
        let version = p11.meta.version;
        p11.actions.push(crate::exchange::testing::note(98, 7));
        assert_eq!(local.petitions[&id(11)].meta.version, version);
        assert_eq!(
            undo_writes(&local, &entry, &stamp("dev-ga", 120)),
            Err(vec![id(11).to_string()])
        );
    }

    #[test]
    fn undo_is_refused_naming_the_records_changed_since_the_import() {
        let (mut local, file) = diverged();
        let entry = import(&mut local, &file);
        let p14 = local.petitions.get_mut(&id(14)).unwrap();
        p14.add_entry(
            crate::domain::ActionKind::Note,
            "已电话联系".into(),
            &stamp("dev-ga", 90),
        );
        assert_eq!(
            undo_writes(&local, &entry, &stamp("dev-ga", 120)),
            Err(vec![id(14).to_string()])
        );
    }

    #[test]
    fn undo_entries_survive_storage_as_json() {
        let (mut local, file) = diverged();
        let entry = import(&mut local, &file);
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(serde_json::from_str::<UndoEntry>(&json).unwrap(), entry);
    }

    #[test]
    fn an_entrys_json_made_in_pieces_is_the_entrys_json() {
        let (mut local, file) = diverged();
        let mut entry = import(&mut local, &file);
        entry.file_name = "台账[]\"[1]\".json".into();
        let mut small = entry.clone();
        small.before.truncate(1);
        small.after_versions.truncate(1);
        let mut bare = entry.clone();
        (bare.before, bare.after_versions, bare.after_digests) = (vec![], vec![], vec![]);
        for entry in [entry, small, bare] {
            let whole = serde_json::to_string(&entry).unwrap();
            for per_piece in [1, 2, 3, 1000] {
                let mut json = EntryJson::new(&entry, per_piece).unwrap();
                let mut pieces = Vec::new();
                while let Some(piece) = json.next_piece(&entry) {
                    pieces.push(piece.unwrap());
                }
                assert_eq!(pieces.concat(), whole, "{per_piece} a piece");
                let items = entry.before.len() + entry.after_versions.len();
                assert!(
                    pieces.len() > items / per_piece,
                    "{per_piece} a piece: {pieces:?}"
                );
            }
        }
    }

    #[test]
    fn an_entrys_summary_reads_back_from_itself_and_from_the_entry_of_an_earlier_release() {
        let (mut local, file) = diverged();
        let entry = import(&mut local, &file);
        let summary = entry.summary();
        assert_eq!(summary.records, entry.before.len());
        assert!(summary.records > 0);
        let json = serde_json::to_string(&summary).unwrap();
        assert!(
            !json.contains("before"),
            "a summary names no record: {json}"
        );
        assert_eq!(
            serde_json::from_str::<ImportSummary>(&json).unwrap(),
            summary
        );
        // An entry kept without a summary is listed from the entry itself.
        let whole = serde_json::to_string(&entry).unwrap();
        assert_eq!(
            serde_json::from_str::<ImportSummary>(&whole).unwrap(),
            summary
        );
    }

    #[test]
    fn undoing_a_step_that_only_retired_a_record_brings_it_back() {
        let mut ledger = sample_ledger();
        let office = ledger.offices[OFFICE_GA].clone();
        let mut retired = office.clone();
        retired.meta.tombstone(&stamp("dev", 100));
        let writes = vec![AnyRecord::Office(retired.clone())];
        let entry = UndoEntry::of_writes(
            "m1".into(),
            stamp("dev", 100).now,
            "合并".into(),
            &ledger,
            &writes,
        );
        assert_eq!(entry.record_count(), 1);
        ledger.put(retired);
        let undone = undo_writes(&ledger, &entry, &stamp("dev", 200)).unwrap();
        assert_eq!(undone.len(), 1);
        assert!(!undone[0].meta().deleted);
        assert_eq!(undone[0].meta().version, office.meta.version + 2);
    }
}
