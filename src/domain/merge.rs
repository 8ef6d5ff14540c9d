//! Merging records and ledgers from other offices (PRODUCT §7).
//!
//! **The rule.** Records are matched by id. Of two records with one id, the winner is the
//! one with the higher `version`; on equal versions the later `updated_at`, then the greater
//! `updated_by` (string comparison), then — only if all three are equal yet the records
//! differ — the greater canonical JSON (keys sorted, append-only logs left out), so the
//! choice never depends on which side is local. Two different records with the same
//! version are a *conflict*: the winner is chosen the same way and the loser is handed back
//! so the user can see and restore it. Petition `actions` are an append-only log and merge
//! as a union by action id whichever record wins, ordered by (`on`, `id`); an entry held
//! never changes, and an incoming copy of it with other content makes the record a conflict
//! (the incoming record kept to see). A petition's personal data merges on its own
//! (`redaction.rs`): a redacted copy's blanks never replace it. Tombstones (`deleted`) are
//! ordinary edits and follow the same rule.
//!
//! Because the winner is the greatest record under one total order and the logs are
//! unions, merging is idempotent (the same file twice changes nothing), commutative
//! (A then B equals B then A) and associative; `merge_props` checks this on random ledgers.
//! Merging never raises a version: that would make the result depend on the order.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ledger::{AnyRecord, Ledger, LedgerTable};
use super::record::{Record, RecordKind, Stamp};

/// What merging one incoming record into the local ledger does.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeOutcome<R> {
    /// No local record with this id: store the incoming one.
    Insert(R),
    /// The merged record replaces the local one.
    Update(R),
    /// The local record stays as it is.
    Unchanged,
    /// Same version, different content. Store `winner` (which may equal the local record);
    /// `loser` is the other side, unchanged, to be shown to the user.
    Conflict { winner: R, loser: R },
}

/// Orders two records with the same id by the rule above; `Equal` only when they differ
/// at most in their append-only logs.
pub fn precedence<R: Record>(a: &R, b: &R) -> Ordering {
    let (ma, mb) = (a.meta(), b.meta());
    ma.version
        .cmp(&mb.version)
        .then(ma.updated_at.cmp(&mb.updated_at))
        .then_with(|| ma.updated_by.cmp(&mb.updated_by))
        .then_with(|| {
            if a == b {
                Ordering::Equal
            } else {
                a.core_json()
                    .cmp(&b.core_json())
                    .then_with(|| a.personal_key().cmp(&b.personal_key()))
                    .then_with(|| a.personal_json().cmp(&b.personal_json()))
            }
        })
}

/// Whether two copies of one version are different records: their cores differ, or they
/// hold the same version's personal data and it differs.
fn disagree<R: Record>(a: &R, b: &R) -> bool {
    a != b
        && (a.core_json() != b.core_json()
            || (a.personal_key() == b.personal_key() && a.personal_json() != b.personal_json()))
}

/// Merges one incoming record into what the ledger holds under its id.
pub fn merge_record<R: Record>(local: Option<&R>, incoming: &R) -> MergeOutcome<R> {
    if local == Some(incoming) {
        return MergeOutcome::Unchanged;
    }
    merge_owned(local, incoming.clone())
}

/// As `merge_record`, taking the incoming record: a record inserted or kept as the loser is
/// moved, not copied, so planning a large import holds each of its records once.
pub fn merge_owned<R: Record>(local: Option<&R>, incoming: R) -> MergeOutcome<R> {
    let Some(local) = local else {
        return MergeOutcome::Insert(incoming);
    };
    if *local == incoming {
        return MergeOutcome::Unchanged;
    }
    let incoming_wins = precedence(local, &incoming) == Ordering::Less;
    let mut merged = if incoming_wins {
        incoming.clone()
    } else {
        local.clone()
    };
    let logs_disagree = merged.absorb_log(local, &incoming);
    merged.absorb_personal_data(local, &incoming);
    let same_version = local.meta().version == incoming.meta().version;
    if same_version && disagree(local, &incoming) {
        let loser = if incoming_wins {
            local.clone()
        } else {
            incoming
        };
        MergeOutcome::Conflict {
            winner: merged,
            loser,
        }
    } else if logs_disagree {
        // The log is append-only: the entries held stay, the other copy is kept to see.
        MergeOutcome::Conflict {
            winner: merged,
            loser: incoming,
        }
    } else if merged == *local {
        MergeOutcome::Unchanged
    } else {
        MergeOutcome::Update(merged)
    }
}

/// How many records of one kind a merge inserts, updates, leaves alone and conflicts on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeCounts {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub conflicts: usize,
}

/// Two different versions of one record; `winner` is stored, `loser` can be brought back
/// with `restore_loser`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: RecordKind,
    pub id: String,
    /// Whether the record already in the ledger won.
    pub local_won: bool,
    /// Whether the stored record changes: the incoming side won, or the local one gained actions.
    pub local_changed: bool,
    pub winner: AnyRecord,
    pub loser: AnyRecord,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MergeReport {
    /// One entry per kind of record, every kind present.
    pub counts: BTreeMap<RecordKind, MergeCounts>,
    pub conflicts: Vec<Conflict>,
}

impl MergeReport {
    pub fn total(&self) -> MergeCounts {
        self.counts
            .values()
            .fold(MergeCounts::default(), |sum, c| MergeCounts {
                inserted: sum.inserted + c.inserted,
                updated: sum.updated + c.updated,
                unchanged: sum.unchanged + c.unchanged,
                conflicts: sum.conflicts + c.conflicts,
            })
    }

    /// Whether merging changes the local ledger at all.
    pub fn changes_anything(&self) -> bool {
        let total = self.total();
        total.inserted + total.updated > 0 || self.conflicts.iter().any(|c| c.local_changed)
    }
}

fn merge_table<R: LedgerTable>(local: &mut Ledger, incoming: &Ledger, report: &mut MergeReport) {
    let mut counts = MergeCounts::default();
    for record in R::table(incoming).values() {
        let id = record.id();
        let table = R::table_mut(local);
        match merge_record(table.get(id), record) {
            MergeOutcome::Insert(new) => {
                counts.inserted += 1;
                table.insert(new.meta().id.clone(), new);
            }
            MergeOutcome::Update(merged) => {
                counts.updated += 1;
                table.insert(merged.meta().id.clone(), merged);
            }
            MergeOutcome::Unchanged => counts.unchanged += 1,
            MergeOutcome::Conflict { winner, loser } => {
                counts.conflicts += 1;
                let local_won = loser == *record;
                let local_changed = table.get(id) != Some(&winner);
                table.insert(winner.meta().id.clone(), winner.clone());
                report.conflicts.push(Conflict {
                    kind: R::KIND,
                    id: id.to_string(),
                    local_won,
                    local_changed,
                    winner: winner.into_any(),
                    loser: loser.into_any(),
                });
            }
        }
    }
    report.counts.insert(R::KIND, counts);
}

/// The loser of a conflict brought back as a new edit of the current record, so that it
/// wins everywhere it travels: its content, the next version, the current actions kept.
pub fn restore_loser<R: Record>(loser: &R, current: &R, stamp: &Stamp) -> R {
    let mut restored = loser.clone();
    restored.absorb_log(current, loser);
    if loser.personal_key().is_none() {
        // A redacted copy brought back keeps the personal data the record holds.
        restored.absorb_personal_data(current, loser);
    }
    let meta = restored.meta_mut();
    meta.version = current.meta().version.max(loser.meta().version);
    meta.touch(stamp);
    restored
}

/// Merges `incoming` into `local` in place.
pub fn merge_into(local: &mut Ledger, incoming: &Ledger) -> MergeReport {
    let mut report = MergeReport::default();
    merge_table::<super::office::Office>(local, incoming, &mut report);
    merge_table::<super::metric::Metric>(local, incoming, &mut report);
    merge_table::<super::campaign::Campaign>(local, incoming, &mut report);
    merge_table::<super::petition::Petition>(local, incoming, &mut report);
    merge_table::<super::tally::Tally>(local, incoming, &mut report);
    report
}

/// The merged ledger and what the merge did, leaving both inputs untouched, so the user
/// can see the report before anything is written.
pub fn merge_ledger(local: &Ledger, incoming: &Ledger) -> (Ledger, MergeReport) {
    let mut merged = local.clone();
    let report = merge_into(&mut merged, incoming);
    (merged, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::office::{Office, OfficeKind};
    use crate::domain::petition::tests::{note, sample};
    use crate::domain::petition::Petition;
    use crate::domain::record::tests::stamp;
    use crate::domain::record::{Extra, Meta};

    fn office(version: u32, secs: i64, device: &str, name: &str) -> Office {
        let mut meta = Meta::new("o1", &stamp(device, secs));
        meta.version = version;
        Office {
            meta,
            name: name.into(),
            kind: OfficeKind::Court,
            code: "FY".into(),
            extra: Extra::new(),
        }
    }

    fn petition(version: u32, secs: i64, device: &str, actions: &[&str]) -> Petition {
        let mut p = sample("p1");
        p.meta = Meta::new("p1", &stamp(device, secs));
        p.meta.version = version;
        p.actions = actions
            .iter()
            .enumerate()
            .map(|(i, id)| note(id, i as i64))
            .collect();
        p
    }

    #[test]
    fn a_new_id_is_inserted_and_an_identical_record_is_unchanged() {
        let a = office(1, 0, "d1", "法院");
        assert_eq!(merge_record(None, &a), MergeOutcome::Insert(a.clone()));
        assert_eq!(merge_record(Some(&a), &a), MergeOutcome::Unchanged);
    }

    #[test]
    fn the_higher_version_wins_whichever_side_it_is_on() {
        let old = office(2, 100, "d2", "旧名");
        let new = office(3, 0, "d1", "新名");
        assert_eq!(
            merge_record(Some(&old), &new),
            MergeOutcome::Update(new.clone())
        );
        assert_eq!(merge_record(Some(&new), &old), MergeOutcome::Unchanged);
    }

    #[test]
    fn equal_versions_conflict_and_the_later_edit_wins_then_the_greater_device() {
        let earlier = office(2, 0, "d9", "甲");
        let later = office(2, 60, "d1", "乙");
        assert_eq!(
            merge_record(Some(&earlier), &later),
            MergeOutcome::Conflict {
                winner: later.clone(),
                loser: earlier.clone()
            }
        );
        assert_eq!(
            merge_record(Some(&later), &earlier),
            MergeOutcome::Conflict {
                winner: later.clone(),
                loser: earlier.clone()
            }
        );
        let by_d1 = office(2, 0, "d1", "甲");
        let by_d2 = office(2, 0, "d2", "乙");
        assert!(matches!(
            merge_record(Some(&by_d1), &by_d2),
            MergeOutcome::Conflict { winner, .. } if winner == by_d2
        ));
    }

    #[test]
    fn a_full_tie_is_broken_by_content_the_same_way_from_both_sides() {
        let a = office(2, 0, "d1", "甲");
        let b = office(2, 0, "d1", "乙");
        let from_a = merge_record(Some(&a), &b);
        let from_b = merge_record(Some(&b), &a);
        let winner = |outcome: MergeOutcome<Office>| match outcome {
            MergeOutcome::Conflict { winner, .. } => winner,
            other => panic!("expected a conflict, got {other:?}"),
        };
        assert_eq!(winner(from_a), winner(from_b));
    }

    #[test]
    fn a_tombstone_with_a_higher_version_deletes_and_a_stale_one_does_not() {
        let live = office(2, 0, "d1", "法院");
        let mut deleted = live.clone();
        deleted.meta.tombstone(&stamp("d2", 10));
        assert_eq!(
            merge_record(Some(&live), &deleted),
            MergeOutcome::Update(deleted.clone())
        );
        let mut edited_later = live.clone();
        edited_later.meta.touch(&stamp("d1", 5));
        edited_later.meta.touch(&stamp("d1", 6));
        assert_eq!(
            merge_record(Some(&edited_later), &deleted),
            MergeOutcome::Unchanged
        );
    }

    #[test]
    fn petition_actions_are_united_whichever_record_wins() {
        let local = petition(3, 50, "d1", &["a", "b"]);
        let incoming = petition(2, 0, "d2", &["a", "c"]);
        let MergeOutcome::Update(merged) = merge_record(Some(&local), &incoming) else {
            panic!("the older record still adds its action");
        };
        assert_eq!(merged.meta, local.meta);
        let mut ids: Vec<_> = merged.actions.iter().map(|a| a.id.to_string()).collect();
        ids.sort();
        assert_eq!(ids, ["a", "b", "c"]);
        let again = merge_record(Some(&merged), &incoming);
        assert_eq!(again, MergeOutcome::Unchanged);
    }

    #[test]
    fn a_log_entry_once_held_never_changes_and_another_copy_of_it_is_a_conflict() {
        let mut local = petition(2, 0, "d1", &["a"]);
        local.actions[0].text = "已电话联系".into();
        let mut incoming = petition(5, 9, "d2", &["a", "b"]);
        incoming.actions[0].text = "改写过的记录".into();
        let MergeOutcome::Conflict { winner, loser } = merge_record(Some(&local), &incoming) else {
            panic!("another copy of a held entry is a conflict, even from a higher version");
        };
        assert_eq!(winner.meta, incoming.meta);
        assert_eq!(winner.actions[0], local.actions[0]);
        assert_eq!(winner.actions.len(), 2);
        assert_eq!(loser, incoming);
        // From a lower version too: the held entry stays.
        let MergeOutcome::Conflict { winner, .. } = merge_record(Some(&incoming), &local) else {
            panic!("either way round");
        };
        assert_eq!(winner.actions[0], incoming.actions[0]);
    }

    #[test]
    fn same_record_with_more_actions_is_an_update_not_a_conflict() {
        let local = petition(2, 0, "d1", &["a"]);
        let incoming = petition(2, 0, "d1", &["a", "b"]);
        assert_eq!(
            merge_record(Some(&local), &incoming),
            MergeOutcome::Update(incoming.clone())
        );
        assert_eq!(
            merge_record(Some(&incoming), &local),
            MergeOutcome::Unchanged
        );
    }

    #[test]
    fn a_restored_loser_wins_against_the_old_winner_and_keeps_all_actions() {
        let winner = petition(2, 60, "d2", &["a", "b"]);
        let mut loser = petition(2, 0, "d1", &["a", "c"]);
        loser.subject = "被覆盖的内容".into();
        let restored = restore_loser(&loser, &winner, &stamp("d3", 120));
        assert_eq!(restored.meta.version, 3);
        assert_eq!(restored.subject, "被覆盖的内容");
        assert_eq!(restored.actions.len(), 3);
        assert_eq!(
            merge_record(Some(&winner), &restored),
            MergeOutcome::Update(restored.clone())
        );
    }

    #[test]
    fn ledger_merge_counts_each_kind_and_lists_conflicts() {
        let mut local = Ledger::default();
        local.put(office(2, 0, "d1", "甲"));
        local.put(petition(1, 0, "d1", &["a"]));
        let mut incoming = Ledger::default();
        incoming.put(office(2, 60, "d2", "乙"));
        incoming.put(petition(1, 0, "d1", &["a"]));
        let mut new_petition = petition(1, 0, "d2", &[]);
        new_petition.meta.id = "p2".into();
        incoming.put(new_petition);

        let (merged, report) = merge_ledger(&local, &incoming);
        assert_eq!(merged.get::<Office>("o1").unwrap().name, "乙");
        assert_eq!(merged.petitions.len(), 2);
        let petitions = report.counts[&RecordKind::Petition];
        assert_eq!((petitions.inserted, petitions.unchanged), (1, 1));
        assert_eq!(report.counts[&RecordKind::Office].conflicts, 1);
        assert_eq!(report.counts.len(), 5);
        assert_eq!(report.conflicts.len(), 1);
        let conflict = &report.conflicts[0];
        assert!(!conflict.local_won && conflict.local_changed);
        assert_eq!(conflict.loser, AnyRecord::Office(office(2, 0, "d1", "甲")));
        assert!(report.changes_anything());

        let (again, second) = merge_ledger(&merged, &incoming);
        assert_eq!(again, merged);
        assert_eq!(second.total().inserted + second.total().updated, 0);
        assert!(!second.changes_anything());
    }
}
