//! The petition's fields declared once (PRODUCT §3): each field's key in the file, its
//! Chinese and English labels, whether it is personal data, and the shape the file must
//! give it. The form's labels, the conflicts page, the exchange file's shape check, the
//! redacted export and the JSON Schema test all read these tables; a test fails when the
//! record has a field the table lacks.

use serde_json::{Map, Value};

use super::petition::{
    Acceptance, ActionKind, Category, Channel, Outcome, ReviewLevel, ReviewOutcome, Satisfaction,
    Status,
};
use super::workflow::key;

/// What a field must hold, as serde reads it.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    Text,
    Bool,
    /// A whole number from 0 to 2³² − 1.
    Count,
    /// A record's version: a whole number from 1 to `strict::MAX_VERSION`.
    Version,
    Number,
    /// `YYYY-MM-DD`.
    Date,
    /// UTC with milliseconds.
    Timestamp,
    /// A key of a closed set.
    Key(fn(&str) -> bool),
    /// An array of texts.
    Texts,
    /// An object of texts by name.
    TextMap,
    /// An object with these fields.
    Object(&'static [Field]),
    /// An array of objects with these fields.
    Objects(&'static [Field]),
}

/// Whether a field may be absent or `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Serde refuses the record without it.
    Required,
    /// Absent means its default (`#[serde(default)]`).
    Optional,
    /// An `Option`: absent or `null` means none.
    Nullable,
}

/// One field of a record as the exchange file carries it.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// Personal data (PRODUCT §9): blanked in an export without personal data.
    pub personal: bool,
    pub presence: Presence,
    pub shape: Shape,
}

const fn field(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    presence: Presence,
    shape: Shape,
) -> Field {
    Field {
        key,
        zh,
        en,
        personal: false,
        presence,
        shape,
    }
}

const fn personal(key: &'static str, zh: &'static str, en: &'static str) -> Field {
    Field {
        key,
        zh,
        en,
        personal: true,
        presence: Presence::Optional,
        shape: Shape::Text,
    }
}

/// A free text, which may hold anything about the person: personal data (PRODUCT §9
/// revision 2).
const fn free_text(field: Field) -> Field {
    Field {
        personal: true,
        ..field
    }
}

/// The free texts inside a log entry's `data` (a leader's, an approver's name); its other
/// entries are dates, keys and ids that word the log.
pub const FREE_TEXT_DATA: &[&str] = &[key::LEADER, key::APPROVED_BY];

use Presence::{Nullable, Optional, Required};

pub const OFFICE_ID: Field = field(
    "office_id",
    "登记单位",
    "Registered by",
    Required,
    Shape::Text,
);
pub const SERIAL: Field = field("serial", "编号", "Serial number", Required, Shape::Text);
pub const CHANNEL: Field = field(
    "channel",
    "来源渠道",
    "Channel",
    Required,
    Shape::Key(Channel::is_key),
);
pub const RECEIVED_ON: Field = field(
    "received_on",
    "收到日期",
    "Received on",
    Required,
    Shape::Date,
);
pub const PETITIONER_NAME: Field = personal("name", "信访人姓名", "Petitioner's name");
pub const ID_NUMBER: Field = personal("id_number", "身份证号码", "ID number");
pub const PHONE: Field = personal("phone", "联系电话", "Phone");
pub const ADDRESS: Field = personal("address", "住址", "Address");
pub const PETITIONER: Field = Field {
    personal: true,
    ..field(
        "petitioner",
        "信访人",
        "Petitioner",
        Required,
        Shape::Object(PETITIONER_FIELDS),
    )
};
pub const HEADCOUNT: Field = field(
    "headcount",
    "来访人数",
    "People who came",
    Required,
    Shape::Count,
);
pub const LAW_RELATED: Field = field(
    "law_related",
    "涉法涉诉",
    "Law-related",
    Required,
    Shape::Bool,
);
pub const CATEGORY: Field = field(
    "category",
    "问题类别",
    "Category",
    Required,
    Shape::Key(Category::is_key),
);
pub const SUBJECT: Field = field("subject", "反映事项", "Subject", Required, Shape::Text);
pub const DETAILS: Field = free_text(field(
    "details",
    "详细情况",
    "Details",
    Optional,
    Shape::Text,
));
pub const REPEAT_OF: Field = field("repeat_of", "重复访", "Repeat of", Nullable, Shape::Text);
pub const ASSIGNED_TO: Field = field(
    "assigned_to",
    "承办单位",
    "Assigned to",
    Nullable,
    Shape::Text,
);
pub const ASSIGNED_ON: Field = field(
    "assigned_on",
    "交办日期",
    "Assigned on",
    Nullable,
    Shape::Date,
);
pub const LEADER: Field = free_text(field(
    "leader",
    "包案领导",
    "Responsible leader",
    Optional,
    Shape::Text,
));
pub const DUE_ON: Field = field("due_on", "办理期限", "Due on", Required, Shape::Date);
pub const EXTENDED_TO: Field = field(
    "extended_to",
    "延期至",
    "Extended to",
    Nullable,
    Shape::Date,
);
pub const EXTENSION_REASON: Field = free_text(field(
    "extension_reason",
    "延期理由",
    "Reason for the extension",
    Optional,
    Shape::Text,
));
pub const STATUS: Field = field(
    "status",
    "状态",
    "Status",
    Required,
    Shape::Key(Status::is_key),
);
pub const CONCLUDED_ON: Field = field(
    "concluded_on",
    "办结日期",
    "Concluded on",
    Nullable,
    Shape::Date,
);
pub const OUTCOME: Field = field(
    "outcome",
    "办理结果",
    "Outcome",
    Nullable,
    Shape::Key(Outcome::is_key),
);
pub const SATISFACTION: Field = field(
    "satisfaction",
    "群众满意度",
    "Satisfaction",
    Nullable,
    Shape::Key(Satisfaction::is_key),
);
pub const ACTIONS: Field = field(
    "actions",
    "办理记录",
    "Action log",
    Optional,
    Shape::Objects(ACTION_FIELDS),
);
pub const ACCEPTANCE: Field = field(
    "acceptance",
    "受理决定",
    "Decision",
    Nullable,
    Shape::Key(Acceptance::is_key),
);
pub const ACCEPTED_ON: Field = field(
    "accepted_on",
    "决定日期",
    "Decided on",
    Nullable,
    Shape::Date,
);
pub const ACCEPTANCE_NOTE: Field = free_text(field(
    "acceptance_note",
    "不予受理理由或转送机关",
    "Reason, or the body forwarded to",
    Optional,
    Shape::Text,
));
pub const NOTIFIED_ON: Field = field(
    "notified_on",
    "告知日期",
    "Petitioner told on",
    Nullable,
    Shape::Date,
);
pub const EXTENSION_APPROVED_BY: Field = free_text(field(
    "extension_approved_by",
    "延期批准人",
    "Extension approved by",
    Optional,
    Shape::Text,
));
pub const REPLIED_ON: Field = field(
    "replied_on",
    "书面答复日期",
    "Written reply on",
    Nullable,
    Shape::Date,
);
pub const REVIEWS: Field = field(
    "reviews",
    "复查复核",
    "Reviews",
    Optional,
    Shape::Objects(REVIEW_FIELDS),
);
pub const SUPERVISIONS: Field = field(
    "supervisions",
    "督办",
    "Supervisions",
    Optional,
    Shape::Objects(SUPERVISION_FIELDS),
);

pub const REDACTED: Field = field(
    "redacted",
    "个人信息已脱敏",
    "Personal data removed",
    Optional,
    Shape::Bool,
);
pub const PERSONAL_OF: Field = field(
    "personal_of",
    "个人信息所属版本",
    "Personal data of version",
    Nullable,
    Shape::Object(VERSION_KEY_FIELDS),
);

/// A version of a record, named by what orders versions (see `domain::merge`).
pub const VERSION_KEY_FIELDS: &[Field] = &[
    field("version", "版本", "Version", Required, Shape::Version),
    field(
        "updated_at",
        "修改时间",
        "Changed at",
        Required,
        Shape::Timestamp,
    ),
    field(
        "updated_by",
        "修改设备",
        "Changed by",
        Required,
        Shape::Text,
    ),
];

/// A petition's fields after the metadata every record has, in the order of PRODUCT §3.
pub const PETITION_FIELDS: &[Field] = &[
    OFFICE_ID,
    SERIAL,
    CHANNEL,
    RECEIVED_ON,
    PETITIONER,
    HEADCOUNT,
    LAW_RELATED,
    CATEGORY,
    SUBJECT,
    DETAILS,
    REPEAT_OF,
    ASSIGNED_TO,
    ASSIGNED_ON,
    LEADER,
    DUE_ON,
    EXTENDED_TO,
    EXTENSION_REASON,
    STATUS,
    CONCLUDED_ON,
    OUTCOME,
    SATISFACTION,
    ACTIONS,
    ACCEPTANCE,
    ACCEPTED_ON,
    ACCEPTANCE_NOTE,
    NOTIFIED_ON,
    EXTENSION_APPROVED_BY,
    REPLIED_ON,
    REVIEWS,
    SUPERVISIONS,
    REDACTED,
    PERSONAL_OF,
];

pub const PETITIONER_FIELDS: &[Field] = &[PETITIONER_NAME, ID_NUMBER, PHONE, ADDRESS];

pub const ACTION_FIELDS: &[Field] = &[
    field("id", "编号", "Id", Required, Shape::Text),
    field("on", "时间", "When", Required, Shape::Timestamp),
    field(
        "kind",
        "类型",
        "Kind",
        Required,
        Shape::Key(ActionKind::is_key),
    ),
    free_text(field("text", "内容", "Text", Optional, Shape::Text)),
    field("by", "设备", "Device", Required, Shape::Text),
    field("office_id", "单位", "Office", Optional, Shape::Text),
    field("by_name", "经办人", "Done by", Optional, Shape::Text),
    // Personal only in its free texts (`FREE_TEXT_DATA`): the rest words the log.
    free_text(field(
        "data",
        "事项",
        "What happened",
        Optional,
        Shape::TextMap,
    )),
];

pub const REVIEW_LEVEL: Field = field(
    "level",
    "层级",
    "Level",
    Required,
    Shape::Key(ReviewLevel::is_key),
);
pub const REVIEW_REQUESTED_ON: Field = field(
    "requested_on",
    "申请日期",
    "Requested on",
    Required,
    Shape::Date,
);
pub const REVIEW_OFFICE: Field = field(
    "office_id",
    "复查复核机关",
    "Reviewing office",
    Required,
    Shape::Text,
);
pub const REVIEW_CONCLUDED_ON: Field = field(
    "concluded_on",
    "意见日期",
    "Decided on",
    Nullable,
    Shape::Date,
);
pub const REVIEW_OUTCOME: Field = field(
    "outcome",
    "复查复核意见",
    "Decision",
    Nullable,
    Shape::Key(ReviewOutcome::is_key),
);
pub const REVIEW_NOTE: Field = free_text(field("note", "说明", "Note", Optional, Shape::Text));

pub const REVIEW_FIELDS: &[Field] = &[
    field("id", "编号", "Id", Required, Shape::Text),
    REVIEW_LEVEL,
    REVIEW_REQUESTED_ON,
    REVIEW_OFFICE,
    field(
        "accepted_on",
        "受理日期",
        "Accepted on",
        Nullable,
        Shape::Date,
    ),
    field("due_on", "办理期限", "Due on", Nullable, Shape::Date),
    REVIEW_CONCLUDED_ON,
    REVIEW_OUTCOME,
    REVIEW_NOTE,
];

pub const SUPERVISION_ON: Field = field("on", "督办日期", "Supervised on", Required, Shape::Date);
pub const SUPERVISION_REPORT_BY: Field =
    field("report_by", "报告期限", "Report by", Required, Shape::Date);
pub const SUPERVISION_NOTE: Field = free_text(field(
    "note",
    "督办要求",
    "Instructions",
    Optional,
    Shape::Text,
));
pub const SUPERVISION_ANSWERED_ON: Field = field(
    "answered_on",
    "回复日期",
    "Answered on",
    Nullable,
    Shape::Date,
);

pub const SUPERVISION_FIELDS: &[Field] = &[
    field("id", "编号", "Id", Required, Shape::Text),
    SUPERVISION_ON,
    field(
        "by_office_id",
        "督办单位",
        "Supervised by",
        Required,
        Shape::Text,
    ),
    SUPERVISION_REPORT_BY,
    SUPERVISION_NOTE,
    SUPERVISION_ANSWERED_ON,
];

/// The field a problem's path names (`petitioner.name`, `reviews[1].due_on`), if any.
pub fn petition_field(path: &str) -> Option<Field> {
    let mut fields = PETITION_FIELDS;
    let mut found = None;
    for part in path.split('.') {
        let key = part.split('[').next().unwrap_or(part);
        let field = *fields.iter().find(|f| f.key == key)?;
        fields = match field.shape {
            Shape::Object(inner) | Shape::Objects(inner) => inner,
            _ => &[],
        };
        found = Some(field);
    }
    found
}

/// Sets every personal part of a record as JSON from the same record as `from` holds it,
/// or blanks it when `from` is `None` (a text emptied, an object of personal data emptied
/// of its unknown fields too). Entries of nested lists are matched by `id`, and their
/// unknown fields, which may hold anything, count as personal. The record's own unknown
/// fields are the caller's: they live outside the table.
pub fn set_personal_data(
    record: &mut Map<String, Value>,
    from: Option<&Map<String, Value>>,
    fields: &[Field],
) {
    for field in fields {
        let source = from.and_then(|from| from.get(field.key));
        let taking = from.is_some();
        match field.shape {
            Shape::Objects(inner) => {
                let Some(Value::Array(items)) = record.get_mut(field.key) else {
                    continue;
                };
                let others = match source {
                    Some(Value::Array(others)) => others.as_slice(),
                    _ => &[],
                };
                for item in items.iter_mut() {
                    let Value::Object(item) = item else { continue };
                    let matching = others.iter().find_map(|other| match other {
                        Value::Object(other) if other.get("id") == item.get("id") => Some(other),
                        _ => None,
                    });
                    if taking && matching.is_none() {
                        continue;
                    }
                    let known = |key: &str| inner.iter().any(|f| f.key == key);
                    item.retain(|key, _| known(key));
                    if let Some(other) = matching {
                        let unknown = other.iter().filter(|(key, _)| !known(key));
                        item.extend(unknown.map(|(key, value)| (key.clone(), value.clone())));
                    }
                    set_personal_data(item, matching, inner);
                }
            }
            _ if !field.personal => {}
            Shape::TextMap => {
                let Some(Value::Object(map)) = record.get_mut(field.key) else {
                    continue;
                };
                for key in FREE_TEXT_DATA {
                    let text = if taking {
                        source.and_then(|source| source.get(*key)).cloned()
                    } else {
                        map.get(*key).map(|_| Value::from(""))
                    };
                    match text {
                        Some(text) => drop(map.insert(key.to_string(), text)),
                        None => drop(map.remove(*key)),
                    }
                }
            }
            Shape::Object(inner) if !taking => {
                if let Some(Value::Object(object)) = record.get_mut(field.key) {
                    object.retain(|key, _| inner.iter().any(|f| f.key == key));
                    set_personal_data(object, None, inner);
                }
            }
            _ if taking => match source {
                Some(source) => drop(record.insert(field.key.to_string(), source.clone())),
                None => drop(record.remove(field.key)),
            },
            _ => {
                if let Some(value) = record.get_mut(field.key) {
                    *value = Value::String(String::new());
                }
            }
        }
    }
}

/// The personal parts of a record as JSON, as `set_personal_data` reads them: what two
/// copies compare when only their personal data may differ.
pub fn personal_data(record: &Map<String, Value>, fields: &[Field]) -> Map<String, Value> {
    let mut out = Map::new();
    for field in fields {
        let Some(value) = record.get(field.key) else {
            continue;
        };
        match (field.shape, value) {
            (Shape::Objects(inner), Value::Array(items)) => {
                let parts = items.iter().filter_map(|item| {
                    let Value::Object(item) = item else {
                        return None;
                    };
                    let mut part = personal_data(item, inner);
                    for (key, value) in item {
                        if key == "id" || !inner.iter().any(|f| f.key == key) {
                            part.insert(key.clone(), value.clone());
                        }
                    }
                    Some(Value::Object(part))
                });
                out.insert(field.key.to_string(), Value::Array(parts.collect()));
            }
            (Shape::TextMap, Value::Object(map)) if field.personal => {
                let free = map
                    .iter()
                    .filter(|(key, _)| FREE_TEXT_DATA.contains(&key.as_str()));
                let free = free
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect();
                out.insert(field.key.to_string(), Value::Object(free));
            }
            (_, value) if field.personal => drop(out.insert(field.key.to_string(), value.clone())),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::domain::petition::tests::sample;
    use crate::domain::petition::{Review, Supervision};
    use crate::domain::record::Extra;

    /// A petition with every optional field filled in and every list holding one entry, so
    /// that its JSON shows every field the record has.
    pub(crate) fn every_field_filled() -> crate::domain::Petition {
        let mut p = sample("a");
        let day = |d: &str| d.parse().unwrap();
        p.repeat_of = Some("b".into());
        p.assigned_to = Some("o2".into());
        p.assigned_on = Some(day("2022-05-11"));
        p.extended_to = Some(day("2022-08-01"));
        p.extension_reason = "r".into();
        p.status = Status::Concluded;
        p.concluded_on = Some(day("2022-07-01"));
        p.outcome = Some(Outcome::Explained);
        p.satisfaction = Some(Satisfaction::Satisfied);
        p.acceptance = Some(Acceptance::Accepted);
        p.accepted_on = Some(day("2022-05-11"));
        p.acceptance_note = "n".into();
        p.notified_on = Some(day("2022-05-12"));
        p.extension_approved_by = "王".into();
        p.replied_on = Some(day("2022-06-01"));
        p.actions
            .push(crate::domain::petition::tests::note("a1", 0));
        p.actions[0].text = "t".into();
        p.actions[0].office_id = Some("o1".into());
        p.actions[0].by_name = "张".into();
        p.actions[0].data.insert("on", "2022-05-10");
        p.reviews.push(Review {
            id: "r".into(),
            level: ReviewLevel::Review,
            requested_on: day("2022-06-10"),
            office_id: "o3".into(),
            accepted_on: Some(day("2022-06-10")),
            due_on: Some(day("2022-07-11")),
            concluded_on: Some(day("2022-07-01")),
            outcome: Some(ReviewOutcome::Upheld),
            note: "n".into(),
            extra: Extra::new(),
        });
        p.redacted = true;
        p.personal_of = Some(p.meta.key());
        p.supervisions.push(Supervision {
            id: "s".into(),
            on: day("2022-05-20"),
            by_office_id: "o1".into(),
            report_by: day("2022-05-30"),
            note: "n".into(),
            answered_on: Some(day("2022-05-29")),
            extra: Extra::new(),
        });
        p
    }

    const META: &[&str] = &["id", "version", "updated_at", "updated_by", "deleted"];

    /// Every key of `object` not in `fields` (nested ones as `outer.inner`).
    fn undeclared(object: &Map<String, Value>, fields: &[Field], prefix: &str) -> Vec<String> {
        let mut missing = Vec::new();
        for (key, value) in object {
            if prefix.is_empty() && META.contains(&key.as_str()) {
                continue;
            }
            match fields.iter().find(|f| f.key == key) {
                None => missing.push(format!("{prefix}{key}")),
                Some(field) => match (field.shape, value) {
                    (Shape::Object(inner), Value::Object(o)) => {
                        missing.extend(undeclared(o, inner, &format!("{prefix}{key}.")))
                    }
                    (Shape::Objects(inner), Value::Array(items)) => {
                        for item in items {
                            if let Value::Object(o) = item {
                                missing.extend(undeclared(o, inner, &format!("{prefix}{key}[].")));
                            }
                        }
                    }
                    _ => {}
                },
            }
        }
        missing
    }

    #[test]
    fn every_field_of_the_record_is_in_the_table() {
        let json = serde_json::to_value(every_field_filled()).unwrap();
        let missing = undeclared(json.as_object().unwrap(), PETITION_FIELDS, "");
        assert!(
            missing.is_empty(),
            "fields of the record missing from the table: {missing:?}"
        );
    }

    #[test]
    fn every_field_in_the_table_is_a_field_of_the_record() {
        let json = serde_json::to_value(every_field_filled()).unwrap();
        let object = json.as_object().unwrap();
        let keys: BTreeSet<_> = object.keys().map(String::as_str).collect();
        for field in PETITION_FIELDS {
            assert!(
                keys.contains(field.key),
                "{} is not in the record",
                field.key
            );
        }
    }

    #[test]
    fn every_field_has_both_labels_and_keys_are_unique() {
        fn check(fields: &[Field]) {
            let keys: BTreeSet<_> = fields.iter().map(|f| f.key).collect();
            assert_eq!(keys.len(), fields.len());
            for f in fields {
                assert!(!f.zh.is_empty() && !f.en.is_empty(), "{}", f.key);
                if let Shape::Object(inner) | Shape::Objects(inner) = f.shape {
                    check(inner);
                }
            }
        }
        check(PETITION_FIELDS);
    }

    #[test]
    fn a_problem_path_finds_its_field() {
        assert_eq!(
            petition_field("petitioner.name").map(|f| f.zh),
            Some("信访人姓名")
        );
        assert_eq!(
            petition_field("reviews[1].due_on").map(|f| f.key),
            Some("due_on")
        );
        assert_eq!(petition_field("subject").map(|f| f.en), Some("Subject"));
        assert!(petition_field("nothing").is_none());
        assert!(petition_field("subject.inner").is_none());
    }

    #[test]
    fn blanking_personal_data_empties_the_petitioner_and_keeps_what_is_counted() {
        let mut p = every_field_filled();
        p.petitioner.name = "张三".into();
        p.petitioner.id_number = "11010519491231002X".into();
        p.petitioner.extra.insert("ethnicity".into(), "汉".into());
        let mut json = serde_json::to_value(&p).unwrap();
        set_personal_data(json.as_object_mut().unwrap(), None, PETITION_FIELDS);
        assert_eq!(
            json["petitioner"],
            serde_json::json!({"name": "", "id_number": "", "phone": "", "address": ""})
        );
        assert_eq!(json["serial"], p.serial.as_str());
        assert_eq!(json["headcount"], p.headcount);
        assert_eq!(json["reviews"][0]["office_id"], "o3");
    }
}
