//! The documents a petitioner receives, worded: 受理告知书, 不予受理告知书 and 答复意见书,
//! each from a template the user can edit (like the report's, with the same budget), the
//! case's fields filled in, printed and downloaded as a document on paper (GB/T 9704-2012).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::document::Paper;
use super::template::{render_texts, TemplateError};
use crate::domain::{ActionKind, Ledger, NoticeKind, Petition};
use crate::i18n::{format_date, office_name, Lang};

/// The default text of each document. `{{ name }}` and the others are the case's fields
/// (`NOTICE_FIELDS`); no article number is quoted, since the clerk's office cites the
/// regulations as its own practice does.
pub fn default_template(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Accepted => {
            "{{ name }}：
你于{{ received_on }}提出的信访事项（{{ subject }}，编号{{ serial }}）收悉。经审查，该事项属于本机关职责范围，根据《信访工作条例》的有关规定，本机关决定予以受理。
本机关将自受理之日起60日内办结，并向你出具书面答复意见；情况复杂的，经批准可以适当延长办理期限，延长期限不超过30日，并将延期理由告知你。本件办理期限至{{ due_on }}。
特此告知。
"
        }
        NoticeKind::NotAccepted => {
            "{{ name }}：
你于{{ received_on }}提出的信访事项（{{ subject }}，编号{{ serial }}）收悉。经审查，本机关认为：{{ reason }}。
根据《信访工作条例》的有关规定，本机关决定不予受理，请你通过相应途径依法反映和解决。
特此告知。
"
        }
        NoticeKind::Reply => {
            "{{ name }}：
你于{{ received_on }}提出的信访事项（{{ subject }}，编号{{ serial }}），本机关已于{{ accepted_on }}受理。经调查核实，现答复如下：
{{ reply }}
如对本答复意见不服，可以自收到本答复意见书之日起30日内向本机关的上一级机关请求复查。
特此答复。
"
        }
    }
}

/// The fields a notice template can name, with their Chinese labels for the editor's help.
pub const NOTICE_FIELDS: &[(&str, &str)] = &[
    ("name", "信访人姓名"),
    ("serial", "编号"),
    ("received_on", "收到日期"),
    ("subject", "反映事项"),
    ("accepted_on", "决定日期"),
    ("reason", "不予受理理由或转送机关"),
    ("due_on", "办理期限"),
    ("replied_on", "书面答复日期"),
    ("reply", "答复内容"),
    ("office", "本机关"),
    ("handling_office", "承办单位"),
    ("leader", "包案领导"),
];

/// The case's fields as a notice reads them, in Chinese (the document is Chinese whatever
/// the interface's language); a date the case lacks is a blank to fill in by hand.
pub fn notice_values(
    p: &Petition,
    ledger: &Ledger,
    office: &str,
) -> BTreeMap<&'static str, String> {
    let date =
        |d: Option<NaiveDate>| d.map_or_else(|| "＿＿＿".to_string(), |d| format_date(d, Lang::Zh));
    let reply = p
        .actions
        .iter()
        .rev()
        .find(|a| a.kind == ActionKind::Reply)
        .map(|a| a.text.trim().to_string())
        .unwrap_or_default();
    let name = p.petitioner.name.trim();
    let handling = crate::domain::handling_office(p);
    let values = [
        (
            "name",
            if name.is_empty() {
                "信访人".to_string()
            } else {
                name.to_string()
            },
        ),
        ("serial", p.serial.trim().to_string()),
        ("received_on", date(Some(p.received_on))),
        ("subject", p.subject.trim().to_string()),
        ("accepted_on", date(p.accepted_on)),
        (
            "reason",
            p.acceptance_note
                .trim()
                .trim_end_matches(['。', '.', '；', ';'])
                .to_string(),
        ),
        ("due_on", date(Some(p.effective_due()))),
        ("replied_on", date(p.replied_on)),
        ("reply", reply),
        ("office", office.to_string()),
        ("handling_office", office_name(ledger, handling, Lang::Zh)),
        ("leader", p.leader.trim().to_string()),
    ];
    debug_assert!(values
        .iter()
        .map(|(k, _)| k)
        .eq(NOTICE_FIELDS.iter().map(|(k, _)| k)));
    values.into_iter().collect()
}

/// The notice on paper: its title, the template's text for the case, this office as the
/// issuer, dated the day of the decision or the reply (today where the case lacks it).
pub fn notice_paper(
    kind: NoticeKind,
    p: &Petition,
    ledger: &Ledger,
    template: &str,
    office: &str,
    today: NaiveDate,
) -> Result<Paper, TemplateError> {
    let text = render_texts(template, &notice_values(p, ledger, office))?;
    Ok(Paper {
        title: kind.title().to_string(),
        text,
        issuer: office.to_string(),
        issued_on: kind.dated(p).unwrap_or(today),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::record::tests::stamp;
    use crate::domain::{Acceptance, Calendar};
    use crate::report::template::TemplateErrorKind;

    fn refused() -> Petition {
        let mut p = sample("a");
        p.petitioner.name = "张三".into();
        p.subject = "邻里纠纷".into();
        p.decide(
            Acceptance::NotAccepted,
            day("2022-05-12"),
            "已经通过诉讼途径解决。".into(),
            Some(day("2022-05-12")),
            &Calendar::shipped(),
            &stamp("dev", 1),
        );
        p
    }

    #[test]
    fn a_notice_of_non_acceptance_names_the_petitioner_and_the_reason() {
        let kind = NoticeKind::NotAccepted;
        let paper = notice_paper(
            kind,
            &refused(),
            &Ledger::default(),
            default_template(kind),
            "某市公安局",
            day("2022-08-21"),
        )
        .unwrap();
        assert_eq!(paper.title, "不予受理告知书");
        assert!(paper.text.starts_with("张三：\n"), "{}", paper.text);
        assert!(paper.text.contains("本机关认为：已经通过诉讼途径解决。"));
        assert!(!paper.text.contains("。。"));
        assert_eq!(paper.issuer, "某市公安局");
        assert_eq!(paper.issued_on, day("2022-05-12"));
        // Set as a letter: the name flush left as its addressee.
        assert_eq!(paper.paragraphs()[0].0, crate::report::Level::Salutation);
    }

    #[test]
    fn every_default_template_reads_only_fields_a_notice_has() {
        let mut p = refused();
        p.reply(
            day("2022-06-01"),
            "经核实，答复如下。".into(),
            &stamp("dev", 2),
        );
        for &kind in NoticeKind::ALL {
            let paper = notice_paper(
                kind,
                &p,
                &Ledger::default(),
                default_template(kind),
                "某局",
                day("2022-08-21"),
            );
            assert!(paper.is_ok(), "{kind:?}: {paper:?}");
        }
    }

    #[test]
    fn an_edited_template_naming_an_unknown_field_or_looping_without_end_is_refused() {
        let p = refused();
        let ledger = Ledger::default();
        let unknown = notice_paper(
            NoticeKind::NotAccepted,
            &p,
            &ledger,
            "{{ nam }}：",
            "某局",
            day("2022-08-21"),
        );
        assert_eq!(
            unknown.unwrap_err().kind,
            TemplateErrorKind::UnknownPlaceholder
        );
        let runaway = (0..9)
            .map(|i| format!("{{% for c{i} in \"0123456789\" %}}"))
            .collect::<String>()
            + &"{% endfor %}".repeat(9);
        let stopped = notice_paper(
            NoticeKind::NotAccepted,
            &p,
            &ledger,
            &runaway,
            "某局",
            day("2022-08-21"),
        );
        assert_eq!(stopped.unwrap_err().kind, TemplateErrorKind::TooManySteps);
    }
}
