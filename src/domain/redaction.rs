//! The redaction mark (PRODUCT §7 and §9, revision 2). An export without personal data
//! blanks every personal field of the table (`fields.rs`: the petitioner, every free text,
//! unknown fields) and marks each petition `redacted`. The mark stays through later edits
//! and exports, and a merge never lets a copy's blanks replace personal data: a petition's
//! personal data is merged on its own, taken from the copy whose `personal_key` is the
//! greatest, whichever copy wins the rest.
//!
//! A copy's personal key is the version whose personal data it holds: none when redacted,
//! `personal_of` when a merge took the data from another version, else its own version.
//! So the merged personal data is that of the greatest unredacted version of the record,
//! which keeps merging idempotent, commutative and associative.

use serde_json::{Map, Value};

use super::fields::{personal_data, set_personal_data, ACTION_FIELDS, PETITION_FIELDS};
use super::petition::{Action, Petition};
use super::record::{canonical_text, VersionKey};

/// The log's key in a petition's JSON.
const LOG: &str = super::fields::ACTIONS.key;

/// The copy an export without personal data writes: personal data blanked, marked.
pub fn redacted(petition: &Petition) -> Petition {
    let mut copy = with_json(petition, |json| {
        set_personal_data(json, None, PETITION_FIELDS)
    });
    copy.extra.clear();
    copy.redacted = true;
    copy.personal_of = None;
    copy
}

/// The version whose personal data `petition` holds; `None` when it was removed. A
/// `personal_of` later than the copy itself is taken as its own version, so a crafted file
/// cannot make its personal data outrank newer versions.
pub fn personal_key(petition: &Petition) -> Option<VersionKey> {
    if petition.redacted {
        return None;
    }
    let own = petition.meta.key();
    Some(
        petition
            .personal_of
            .clone()
            .map_or(own.clone(), |of| of.min(own)),
    )
}

/// Everything but the log and the personal data, as canonical JSON: what wins or loses as
/// a whole.
pub fn core_json(petition: &Petition) -> String {
    let mut core = petition.clone();
    core.actions.clear();
    core.extra.clear();
    core.redacted = false;
    core.personal_of = None;
    let mut json = serde_json::to_value(&core).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut json {
        set_personal_data(map, None, PETITION_FIELDS);
    }
    canonical_text(&json)
}

/// The personal data `petition` holds outside its log, as canonical JSON.
pub fn personal_json(petition: &Petition) -> String {
    let Ok(Value::Object(mut json)) = serde_json::to_value(petition) else {
        return String::new();
    };
    json.remove(LOG);
    let mut parts = personal_data(&json, PETITION_FIELDS);
    parts.insert("extra".into(), Value::Object((*petition.extra).clone()));
    canonical_text(&Value::Object(parts))
}

/// Of two copies of one log entry, the one to keep when they differ only in that one is
/// the redacted copy of the other (its personal parts blanked): the other. `None` when they
/// differ otherwise: an entry never changes, so that is a disagreement.
pub fn fuller_copy<'a>(a: &'a Action, b: &'a Action) -> Option<&'a Action> {
    let json = |action: &Action| match serde_json::to_value(action) {
        Ok(Value::Object(json)) => json,
        _ => Map::new(),
    };
    let (a_json, b_json) = (json(a), json(b));
    let blank = |json: &Map<String, Value>| {
        let mut json = json.clone();
        set_personal_data(&mut json, None, ACTION_FIELDS);
        json
    };
    let (a_blank, b_blank) = (blank(&a_json), blank(&b_json));
    if a_blank != b_blank {
        return None;
    }
    if a_json == a_blank {
        Some(b)
    } else if b_json == b_blank {
        Some(a)
    } else {
        None
    }
}

/// Gives `merged` (the winner of a merge, its log already united) the personal data of
/// whichever of `local` and `incoming` holds the greater personal key.
pub fn keep_best_personal_data(merged: &mut Petition, local: &Petition, incoming: &Petition) {
    // Ranked by what the merged copy keeps of it (its key and the data), so that merging
    // stays associative; copies of one version that differ in personal data are a conflict.
    let rank = |p: &Petition| (personal_key(p), personal_json(p));
    let best = if rank(incoming) > rank(local) {
        incoming
    } else {
        local
    };
    let Some(key) = personal_key(best) else {
        return;
    };
    let Ok(Value::Object(from)) = serde_json::to_value(best) else {
        return;
    };
    let mut taken = with_json(merged, |json| {
        // The log is not personal data held by a version: its entries merge one by one.
        let log = json.remove(LOG);
        set_personal_data(json, Some(&from), PETITION_FIELDS);
        json.extend(log.map(|log| (LOG.to_string(), log)));
    });
    taken.extra = best.extra.clone();
    taken.redacted = false;
    taken.personal_of = (key != taken.meta.key()).then_some(key);
    *merged = taken;
}

/// `petition` changed as JSON; unchanged if the change would not read back.
fn with_json(petition: &Petition, change: impl FnOnce(&mut Map<String, Value>)) -> Petition {
    let Ok(Value::Object(mut json)) = serde_json::to_value(petition) else {
        return petition.clone();
    };
    change(&mut json);
    serde_json::from_value(Value::Object(json)).unwrap_or_else(|_| petition.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::merge::{merge_record, MergeOutcome};
    use crate::domain::petition::tests::{note, sample};
    use crate::domain::record::tests::stamp;

    fn with_personal_data() -> Petition {
        let mut p = sample("p");
        p.petitioner.name = "张三".into();
        p.petitioner.phone = "13800138000".into();
        p.details = "住幸福路12号，电话13800138000".into();
        p.leader = "王局长".into();
        p.extra.insert("wechat".into(), "zhangsan".into());
        let mut action = note("a1", 0);
        action.text = "与张三面谈".into();
        p.actions.push(action);
        p
    }

    fn text_of(p: &Petition) -> String {
        serde_json::to_string(p).unwrap()
    }

    #[test]
    fn a_redacted_copy_holds_no_personal_data_and_is_marked() {
        let p = with_personal_data();
        let copy = redacted(&p);
        assert!(copy.redacted);
        let text = text_of(&copy);
        for personal in [
            "张三",
            "13800138000",
            "幸福路",
            "王局长",
            "zhangsan",
            "面谈",
        ] {
            assert!(!text.contains(personal), "{personal} leaked: {text}");
        }
        assert_eq!(copy.serial, p.serial);
        assert_eq!(copy.headcount, p.headcount);
        assert_eq!(copy.actions.len(), 1);
        assert_eq!(core_json(&copy), core_json(&p));
    }

    /// A exports without personal data, B adds a note, B exports everything, A imports.
    #[test]
    fn the_three_office_hop_keeps_the_personal_data_and_brings_the_note() {
        let at_a = with_personal_data();
        let mut at_b = redacted(&at_a);
        at_b.log(
            crate::domain::petition::ActionKind::Note,
            "补充材料已收到".into(),
            &stamp("dev-b", 500),
        );
        let MergeOutcome::Update(merged) = merge_record(Some(&at_a), &at_b) else {
            panic!("B's newer version updates A's");
        };
        assert_eq!(merged.meta, at_b.meta);
        assert_eq!(merged.petitioner, at_a.petitioner);
        assert_eq!(merged.details, at_a.details);
        assert_eq!(merged.extra, at_a.extra);
        assert!(!merged.redacted);
        assert_eq!(merged.personal_of, Some(at_a.meta.key()));
        let texts: Vec<_> = merged.actions.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["与张三面谈", "补充材料已收到"]);
        // B's file again, either way round: nothing changes, nothing conflicts.
        assert_eq!(merge_record(Some(&merged), &at_b), MergeOutcome::Unchanged);
        let MergeOutcome::Update(at_b_again) = merge_record(Some(&at_b), &merged) else {
            panic!("A's copy brings its personal data to B");
        };
        assert_eq!(at_b_again, merged);
    }

    #[test]
    fn an_edit_makes_its_version_the_holder_of_the_personal_data() {
        let at_a = with_personal_data();
        let at_b = {
            let mut b = redacted(&at_a);
            b.meta.touch(&stamp("dev-b", 500));
            b
        };
        let MergeOutcome::Update(mut merged) = merge_record(Some(&at_a), &at_b) else {
            panic!()
        };
        merged.log(
            crate::domain::petition::ActionKind::Note,
            String::new(),
            &stamp("dev-a", 900),
        );
        assert_eq!(merged.personal_of, None);
        assert_eq!(personal_key(&merged), Some(merged.meta.key()));
    }

    #[test]
    fn a_personal_of_later_than_the_copy_counts_as_its_own_version() {
        let mut p = with_personal_data();
        let mut later = p.meta.key();
        later.version += 5;
        p.personal_of = Some(later);
        assert_eq!(personal_key(&p), Some(p.meta.key()));
    }
}
