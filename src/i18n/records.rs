//! How a record and the values of its fields are named to a person (the import preview,
//! the conflicts page): a petition by its serial and subject, an office by its name, a
//! tally by its office, metric and day, keys of closed sets in the language of the moment,
//! and ids by the names of what they point to. Never an id or an English key in Chinese.

use super::labels::{
    category_text, channel_text, metric_label, office_kind_text, outcome_text, satisfaction_text,
    status_text,
};
use super::{format_date, Lang, T};
use crate::domain::{
    available_metrics, AnyRecord, Category, Channel, Ledger, OfficeKind, Outcome, RecordKind,
    Satisfaction, Status,
};

/// An office's name, or "unknown office" for an id the ledger does not hold.
pub fn office_name(ledger: &Ledger, id: &str, lang: Lang) -> String {
    ledger.offices.get(id).map_or_else(
        || T::UnknownOffice.get(lang).to_string(),
        |o| o.name.clone(),
    )
}

/// A metric's label in `lang`, or its key where the ledger no longer knows it.
pub fn metric_name(ledger: &Ledger, key: &str, lang: Lang) -> String {
    available_metrics(ledger)
        .get(key)
        .map_or_else(|| key.to_string(), |m| metric_label(m, lang).to_string())
}

/// How people know the record.
pub fn record_title(record: &AnyRecord, ledger: &Ledger, lang: Lang) -> String {
    match record {
        AnyRecord::Office(o) => format!("{}（{}）", o.name, o.code),
        AnyRecord::Metric(m) => metric_label(m, lang).to_string(),
        AnyRecord::Campaign(c) => c.name.clone(),
        AnyRecord::Petition(p) => format!("{} {}", p.serial, p.subject),
        AnyRecord::Tally(t) => format!(
            "{} · {} · {}",
            office_name(ledger, &t.office_id, lang),
            metric_name(ledger, &t.metric, lang),
            format_date(t.on, lang)
        ),
    }
}

/// A field's value as the file writes it (`text`, `—` when absent), as a person reads it.
pub fn field_value_text(
    kind: RecordKind,
    field: &str,
    text: &str,
    ledger: &Ledger,
    lang: Lang,
) -> String {
    let named = |t: T| t.get(lang).to_string();
    let closed = match field {
        "status" => Status::from_key(text).map(|s| named(status_text(s))),
        "outcome" => Outcome::from_key(text).map(|o| named(outcome_text(o))),
        "satisfaction" => Satisfaction::from_key(text).map(|s| named(satisfaction_text(s))),
        "channel" => Channel::from_key(text).map(|c| named(channel_text(c))),
        "category" => Category::from_key(text).map(|c| named(category_text(c))),
        "kind" if kind == RecordKind::Office => {
            OfficeKind::from_key(text).map(|k| named(office_kind_text(k)))
        }
        _ => None,
    };
    if let Some(closed) = closed {
        return closed;
    }
    match (field, text) {
        (_, "true") => named(T::Yes),
        (_, "false") => named(T::No),
        (_, "—") => text.to_string(),
        ("office_id" | "assigned_to", id) => office_name(ledger, id, lang),
        ("metric", key) => metric_name(ledger, key, lang),
        ("campaign_id", id) => ledger
            .campaigns
            .get(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone()),
        ("repeat_of", id) => ledger
            .petitions
            .get(id)
            .map_or_else(|| id.to_string(), |p| p.serial.clone()),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::sample;
    use crate::domain::record::tests::stamp;
    use crate::domain::record::{Extra, Meta};
    use crate::domain::tallies::tests::tally;
    use crate::domain::Office;

    fn ledger() -> Ledger {
        let mut ledger = Ledger::default();
        ledger.put(Office {
            meta: Meta::new("o1", &stamp("dev", 0)),
            name: "市公安局".into(),
            kind: OfficeKind::PublicSecurity,
            code: "GA".into(),
            extra: Extra::new(),
        });
        ledger.put(sample("p1"));
        ledger
    }

    #[test]
    fn records_are_named_by_serial_subject_office_and_metric_label() {
        let ledger = ledger();
        let petition = AnyRecord::Petition(Box::new(sample("p1")));
        assert_eq!(
            record_title(&petition, &ledger, Lang::Zh),
            "GA-2022-p1 邻里纠纷处理不公"
        );
        let count = AnyRecord::Tally(tally("t", "o1", "anti_fraud_talks", "2022-08-01", 3.0));
        assert_eq!(
            record_title(&count, &ledger, Lang::Zh),
            "市公安局 · anti_fraud_talks · 2022年8月1日"
        );
        let arrests = AnyRecord::Tally(tally("t", "o9", "arrests", "2022-08-01", 3.0));
        assert_eq!(
            record_title(&arrests, &ledger, Lang::Zh),
            "未知单位 · 逮捕 · 2022年8月1日"
        );
    }

    #[test]
    fn values_read_in_the_language_of_the_moment_never_as_keys_or_ids() {
        let ledger = ledger();
        let read =
            |field, text| field_value_text(RecordKind::Petition, field, text, &ledger, Lang::Zh);
        assert_eq!(read("outcome", "explained"), "解释说明");
        assert_eq!(read("status", "in_progress"), "办理中");
        assert_eq!(read("assigned_to", "o1"), "市公安局");
        assert_eq!(read("repeat_of", "p1"), "GA-2022-p1");
        assert_eq!(read("law_related", "true"), "是");
        assert_eq!(read("subject", "原话"), "原话");
        assert_eq!(
            field_value_text(RecordKind::Tally, "metric", "arrests", &ledger, Lang::En),
            "Arrests"
        );
    }
}
