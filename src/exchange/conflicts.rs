//! Conflicts kept after an import (PRODUCT §7): both versions of a record edited apart from
//! the same version, the one the merge set aside kept so that the user can compare them
//! field by field and bring it back as a new version.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::plan::{restore, ImportPlan};
use crate::domain::record::timestamp;
use crate::domain::{AnyRecord, RecordKind, Stamp};

/// One conflict of one import, as stored until the user restores or dismisses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptConflict {
    /// The same for the same record, version and set-aside content, so that importing a
    /// file twice keeps one entry, not two.
    pub id: String,
    pub kind: RecordKind,
    pub record_id: String,
    /// When the import that met it was applied, and from which file.
    #[serde(with = "timestamp")]
    pub at: DateTime<Utc>,
    pub import_id: String,
    pub file_name: String,
    /// Whether the ledger's own version won and the file's was set aside.
    pub local_won: bool,
    /// The version the merge set aside: what "restore" brings back.
    pub set_aside: AnyRecord,
}

impl KeptConflict {
    /// The conflicts of `plan`, to keep with the import that applies it.
    pub fn from_plan(
        plan: &ImportPlan,
        import_id: &str,
        at: DateTime<Utc>,
        file_name: &str,
    ) -> Vec<KeptConflict> {
        plan.conflicts
            .iter()
            .map(|c| KeptConflict {
                id: conflict_id(&c.loser),
                kind: c.kind,
                record_id: c.id.clone(),
                at: timestamp::to_millis(at),
                import_id: import_id.to_string(),
                file_name: file_name.to_string(),
                local_won: c.local_won,
                set_aside: c.loser.clone(),
            })
            .collect()
    }

    /// The set-aside version as a new edit over `current` (the record as the ledger holds it
    /// now): its content, a version above both, `current`'s log entries kept.
    pub fn restore(&self, current: &AnyRecord, stamp: &Stamp) -> Option<AnyRecord> {
        restore(&self.set_aside, current, stamp)
    }
}

/// `kind/id/version/hash of the content`, FNV-1a over the record's JSON: stable across
/// runs and builds, unlike the standard library's hasher.
fn conflict_id(record: &AnyRecord) -> String {
    let json = serde_json::to_string(record).unwrap_or_default();
    let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let meta = record.meta();
    format!(
        "{:?}/{}/{}/{hash:016x}",
        record.kind(),
        meta.id,
        meta.version
    )
    .to_lowercase()
}

/// One field whose value differs between two versions of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDifference {
    /// The field's path in the file format: `subject`, `petitioner.name`, `actions`.
    pub field: String,
    /// Each side's value as text (`—` when absent), dates and keys as the file writes them.
    pub current: String,
    pub other: String,
}

/// Fields left out of the comparison: who changed a record when (not what it holds), and a
/// petition's log, which is append-only and merged from both sides, so neither loses it.
const NOT_COMPARED: [&str; 4] = ["version", "updated_at", "updated_by", "actions"];

/// The fields in which `current` and `other` differ, in the order the format writes them;
/// objects are compared field by field (`petitioner.name`), arrays as wholes.
pub fn differences(current: &AnyRecord, other: &AnyRecord) -> Vec<FieldDifference> {
    let (Ok(a), Ok(b)) = (as_value(current), as_value(other)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    compare("", &a, &b, &mut found);
    found.retain(|d| !NOT_COMPARED.contains(&d.field.as_str()));
    found
}

/// The record's fields as the file format writes them.
fn as_value(record: &AnyRecord) -> serde_json::Result<Value> {
    match record {
        AnyRecord::Office(r) => serde_json::to_value(r),
        AnyRecord::Metric(r) => serde_json::to_value(r),
        AnyRecord::Campaign(r) => serde_json::to_value(r),
        AnyRecord::Petition(r) => serde_json::to_value(r),
        AnyRecord::Tally(r) => serde_json::to_value(r),
    }
}

fn compare(path: &str, a: &Value, b: &Value, found: &mut Vec<FieldDifference>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            for key in keys {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                compare(
                    &path,
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                    found,
                );
            }
        }
        _ => found.push(FieldDifference {
            field: path.to_string(),
            current: as_text(a),
            other: as_text(b),
        }),
    }
}

fn as_text(value: &Value) -> String {
    match value {
        Value::Null => "—".to_string(),
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "—".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::sample as petition;
    use crate::domain::{merge_record, MergeOutcome, Petition};
    use crate::exchange::plan_import;
    use crate::exchange::testing::stamp;

    fn stamp_at(device: &str, secs: i64) -> Stamp {
        stamp(device, secs)
    }

    fn edited(base: &Petition, subject: &str, device: &str) -> Petition {
        let mut p = base.clone();
        p.subject = subject.to_string();
        p.meta.touch(&stamp_at(device, 1));
        p
    }

    #[test]
    fn a_conflict_is_kept_with_the_set_aside_version_and_a_stable_id() {
        let base = petition("a");
        let ours = edited(&base, "我方改动", "device-1");
        let theirs = edited(&base, "对方改动", "device-2");
        let mut ledger = crate::domain::Ledger::default();
        ledger.petitions.insert(ours.meta.id.clone(), ours.clone());
        let plan = plan_import(&ledger, [AnyRecord::Petition(Box::new(theirs.clone()))]);
        let kept = KeptConflict::from_plan(&plan, "import-1", Utc::now(), "b.json");
        assert_eq!(kept.len(), 1);
        let MergeOutcome::Conflict { loser, .. } = merge_record(Some(&ours), &theirs) else {
            panic!("the two edits conflict");
        };
        assert_eq!(kept[0].set_aside, AnyRecord::Petition(Box::new(loser)));
        assert_eq!(kept[0].record_id, base.meta.id);
        let again = KeptConflict::from_plan(&plan, "import-2", Utc::now(), "b.json");
        assert_eq!(again[0].id, kept[0].id, "the same conflict keeps one id");
    }

    #[test]
    fn restoring_brings_the_set_aside_content_back_as_a_newer_version() {
        let base = petition("a");
        let winner = edited(&base, "保留的", "device-1");
        let loser = edited(&base, "被搁置的", "device-2");
        let conflict = KeptConflict {
            id: conflict_id(&AnyRecord::Petition(Box::new(loser.clone()))),
            kind: RecordKind::Petition,
            record_id: base.meta.id.to_string(),
            at: Utc::now(),
            import_id: "i".into(),
            file_name: "f".into(),
            local_won: true,
            set_aside: AnyRecord::Petition(Box::new(loser.clone())),
        };
        let current = AnyRecord::Petition(Box::new(winner.clone()));
        let restored = conflict
            .restore(&current, &stamp_at("device-1", 2))
            .unwrap();
        let AnyRecord::Petition(restored) = restored else {
            panic!("a petition");
        };
        assert_eq!(restored.subject, "被搁置的");
        assert!(restored.meta.version > winner.meta.version);
        // The restored version now wins over both sides wherever it travels.
        assert_eq!(
            merge_record(Some(&winner), &restored),
            MergeOutcome::Update((*restored).clone())
        );
    }

    #[test]
    fn differences_name_the_changed_fields_and_leave_out_bookkeeping_and_the_log() {
        let base = petition("a");
        let mut other = edited(&base, "另一事项", "device-2");
        other.petitioner.name = "李四".into();
        other.actions.push(crate::exchange::testing::note(9, 60));
        let found = differences(
            &AnyRecord::Petition(Box::new(base.clone())),
            &AnyRecord::Petition(Box::new(other)),
        );
        let fields: Vec<&str> = found.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["petitioner.name", "subject"]);
        assert_eq!(found[1].current, base.subject);
        assert_eq!(found[1].other, "另一事项");
    }

    #[test]
    fn a_field_present_on_one_side_only_differs() {
        let base = petition("a");
        let mut other = base.clone();
        other
            .extra
            .insert("note_from_other_tool".into(), Value::from("x"));
        let found = differences(
            &AnyRecord::Petition(Box::new(base)),
            &AnyRecord::Petition(Box::new(other)),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "note_from_other_tool");
        assert_eq!(
            (found[0].current.as_str(), found[0].other.as_str()),
            ("—", "x")
        );
    }
}
