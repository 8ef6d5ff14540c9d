//! The office record: the committee and each member office that keeps a ledger (PRODUCT §3).

use serde::{Deserialize, Serialize};

use super::record::{impl_record, Extra, Meta, RecordKind};

closed_set! {
    /// What kind of office this is.
    pub enum OfficeKind {
        Committee => "committee",
        PublicSecurity => "public_security",
        Procuratorate => "procuratorate",
        Court => "court",
        Justice => "justice",
        Township => "township",
        Other => "other",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Office {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    pub kind: OfficeKind,
    /// Short code used in petition serial numbers, e.g. `GA` in `GA-2022-0042`.
    pub code: String,
    #[serde(flatten)]
    pub extra: Extra,
}

impl_record!(Office, RecordKind::Office);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::tests::stamp;

    #[test]
    fn office_serializes_with_the_field_names_of_the_exchange_file() {
        let office = Office {
            meta: Meta::new("8c0e0d0b-0000-4000-8000-000000000001", &stamp("dev", 0)),
            name: "市公安局".into(),
            kind: OfficeKind::PublicSecurity,
            code: "GA".into(),
            extra: Extra::new(),
        };
        let json = serde_json::to_value(&office).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "8c0e0d0b-0000-4000-8000-000000000001", "version": 1,
                "updated_at": "2022-08-21T08:00:00.000Z", "updated_by": "dev", "deleted": false,
                "name": "市公安局", "kind": "public_security", "code": "GA"
            })
        );
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let text = r#"{"id":"o1","version":3,"updated_at":"2022-08-21T08:00:00.000Z",
            "updated_by":"dev","deleted":false,"name":"法院","kind":"court","code":"FY",
            "phone":"0371-1234","future":{"nested":[1,2]}}"#;
        let office: Office = serde_json::from_str(text).unwrap();
        assert_eq!(office.meta.version, 3);
        assert_eq!(office.kind, OfficeKind::Court);
        assert_eq!(office.extra.len(), 2);
        let back = serde_json::to_value(&office).unwrap();
        assert_eq!(back["phone"], "0371-1234");
        assert_eq!(back["future"]["nested"][1], 2);
    }

    #[test]
    fn every_kind_key_is_its_serde_name_and_reads_back() {
        for kind in OfficeKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.key());
            assert_eq!(OfficeKind::from_key(kind.key()), Some(*kind));
        }
        assert_eq!(OfficeKind::ALL.len(), 7);
        assert_eq!(OfficeKind::from_key("police"), None);
    }
}
