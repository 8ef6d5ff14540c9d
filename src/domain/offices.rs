//! The offices a ledger knows (PRODUCT §2.1, revision 2): the usual member offices of a
//! city that a committee adds on its first day, the rule that a code is unique among live
//! offices, and merging two offices that are one (the same office typed here and brought
//! by a file), which moves every reference to the one kept.

use super::ledger::{AnyRecord, Ledger};
use super::office::{Office, OfficeKind};
use super::record::{new_id, Extra, Meta, Stamp};

/// The member offices a city's political-legal committee usually has: name, kind, code.
pub const MEMBER_OFFICES: [(&str, OfficeKind, &str); 4] = [
    ("公安局", OfficeKind::PublicSecurity, "GA"),
    ("检察院", OfficeKind::Procuratorate, "JC"),
    ("法院", OfficeKind::Court, "FY"),
    ("司法局", OfficeKind::Justice, "SF"),
];

/// A new office record, made now.
pub fn new_office(name: &str, kind: OfficeKind, code: &str, stamp: &Stamp) -> Office {
    Office {
        meta: Meta::new(new_id(), stamp),
        name: name.trim().to_string(),
        kind,
        code: code.trim().to_uppercase(),
        extra: Extra::new(),
    }
}

/// Whether another live office of the ledger already has `office`'s code.
pub fn code_taken(ledger: &Ledger, office: &Office) -> bool {
    ledger
        .offices
        .values()
        .any(|o| !o.meta.deleted && o.meta.id != office.meta.id && o.code == office.code)
}

/// Live offices that share a code with another: `(kept, merged)` pairs, the office to keep
/// first. This office (`mine`) is always kept; otherwise the older record (then the smaller
/// id) is, so every office that sees the pair makes the same choice.
pub fn same_code_pairs(ledger: &Ledger, mine: &str) -> Vec<(String, String)> {
    let mut live: Vec<&Office> = ledger
        .offices
        .values()
        .filter(|o| !o.meta.deleted)
        .collect();
    live.sort_by(|a, b| {
        let rank = |o: &Office| (o.meta.id != mine, o.meta.updated_at, o.meta.id.clone());
        (a.code.as_str(), rank(a)).cmp(&(b.code.as_str(), rank(b)))
    });
    let mut pairs = Vec::new();
    for pair in live.windows(2) {
        if pair[0].code == pair[1].code {
            let kept = pairs
                .iter()
                .find(|(_, merged): &&(String, String)| *merged == pair[0].meta.id)
                .map_or_else(|| pair[0].meta.id.to_string(), |(kept, _)| kept.clone());
            pairs.push((kept, pair[1].meta.id.to_string()));
        }
    }
    pairs
}

/// The edits that merge office `merged` into `kept`: every petition registered by or
/// assigned to `merged` and every tally of it now names `kept` (a new version each), and
/// `merged` is retired (a tombstone). Serials stay as they were.
pub fn merge_offices(ledger: &Ledger, kept: &str, merged: &str, stamp: &Stamp) -> Vec<AnyRecord> {
    let mut writes = Vec::new();
    for p in ledger.petitions.values() {
        let registered = p.office_id == merged;
        let assigned = p.assigned_to.as_deref() == Some(merged);
        if registered || assigned {
            let mut moved = p.clone();
            if registered {
                moved.office_id = kept.into();
            }
            if assigned {
                moved.assigned_to = Some(kept.into());
            }
            moved.meta.touch(stamp);
            writes.push(AnyRecord::Petition(Box::new(moved)));
        }
    }
    for t in ledger.tallies.values().filter(|t| t.office_id == merged) {
        let mut moved = t.clone();
        moved.office_id = kept.into();
        moved.meta.touch(stamp);
        writes.push(AnyRecord::Tally(moved));
    }
    if let Some(office) = ledger.offices.get(merged) {
        let mut retired = office.clone();
        retired.meta.tombstone(stamp);
        writes.push(AnyRecord::Office(retired));
    }
    writes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::sample;
    use crate::domain::record::tests::stamp;
    use crate::domain::tallies::tests::tally;

    fn office(id: &str, code: &str, secs: i64) -> Office {
        Office {
            meta: Meta::new(id, &stamp("dev", secs)),
            name: format!("单位{id}"),
            kind: OfficeKind::Court,
            code: code.into(),
            extra: Extra::new(),
        }
    }

    #[test]
    fn a_code_is_unique_among_live_offices() {
        let mut ledger = Ledger::default();
        ledger.put(office("a", "FY", 0));
        let mut retired = office("b", "JC", 0);
        retired.meta.deleted = true;
        ledger.put(retired);
        assert!(code_taken(&ledger, &office("c", "FY", 0)));
        assert!(!code_taken(&ledger, &office("c", "JC", 0)));
        // An office keeps its own code when renamed.
        assert!(!code_taken(&ledger, &office("a", "FY", 5)));
    }

    #[test]
    fn offices_sharing_a_code_pair_up_keeping_this_office_or_else_the_older() {
        let mut ledger = Ledger::default();
        for o in [
            office("x", "FY", 10),
            office("y", "FY", 0),
            office("z", "FY", 20),
            office("w", "GA", 0),
        ] {
            ledger.put(o);
        }
        assert_eq!(
            same_code_pairs(&ledger, "none"),
            [
                ("y".to_string(), "x".to_string()),
                ("y".to_string(), "z".to_string())
            ]
        );
        assert_eq!(
            same_code_pairs(&ledger, "z"),
            [
                ("z".to_string(), "y".to_string()),
                ("z".to_string(), "x".to_string())
            ]
        );
    }

    #[test]
    fn merging_moves_every_reference_and_retires_the_merged_office() {
        let mut ledger = Ledger::default();
        ledger.put(office("kept", "FY", 0));
        ledger.put(office("merged", "FY", 0));
        let mut registered = sample("p1");
        registered.office_id = "merged".into();
        let mut handled = sample("p2");
        handled.assigned_to = Some("merged".into());
        let other = sample("p3");
        for p in [registered, handled, other] {
            ledger.put(p);
        }
        ledger.put(tally("t1", "merged", "arrests", "2022-05-01", 2.0));
        ledger.put(tally("t2", "o1", "arrests", "2022-05-01", 3.0));
        let writes = merge_offices(&ledger, "kept", "merged", &stamp("dev", 60));
        assert_eq!(writes.len(), 4);
        for write in &writes {
            write.clone().put_into(&mut ledger);
        }
        assert_eq!(ledger.petitions["p1"].office_id, "kept");
        assert_eq!(ledger.petitions["p1"].meta.version, 2);
        assert_eq!(ledger.petitions["p2"].assigned_to.as_deref(), Some("kept"));
        assert_eq!(ledger.petitions["p3"].meta.version, 1);
        assert_eq!(ledger.tallies["t1"].office_id, "kept");
        assert!(ledger.offices["merged"].meta.deleted);
        assert_eq!(ledger.petitions["p1"].serial, "GA-2022-p1");
    }

    #[test]
    fn the_usual_member_offices_have_distinct_codes() {
        let codes: std::collections::BTreeSet<&str> = MEMBER_OFFICES.iter().map(|m| m.2).collect();
        assert_eq!(codes.len(), MEMBER_OFFICES.len());
        let made = new_office(
            " 公安局 ",
            OfficeKind::PublicSecurity,
            "ga",
            &stamp("dev", 0),
        );
        assert_eq!((made.name.as_str(), made.code.as_str()), ("公安局", "GA"));
        assert!(crate::domain::validate_office(&made).is_empty());
    }
}
