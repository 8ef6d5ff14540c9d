//! A petition's log entry worded in the language of the moment, from what it stores as
//! data (PRODUCT §3 revision 2); entries of earlier versions stored only their text, shown
//! as it is.

use super::labels::{
    acceptance_text, outcome_text, review_level_text, review_outcome_text, satisfaction_text,
};
use super::{format_date, office_name, Lang, T};
use crate::domain::{Action, ActionKind, Ledger};

/// What the entry says happened, in `lang`; empty where the data says nothing (the kind
/// and the person's own text then say it all).
pub fn happened_text(action: &Action, ledger: &Ledger, lang: Lang) -> String {
    let h = action.happened();
    let zh = lang == Lang::Zh;
    let date = |d| format_date(d, lang);
    let office = |id: &Option<String>| {
        id.as_deref()
            .map(|id| office_name(ledger, id, lang))
            .unwrap_or_default()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut say = |zh_text: String, en_text: String| parts.push(if zh { zh_text } else { en_text });
    match action.kind {
        ActionKind::Acceptance => {
            if let (Some(decision), Some(on)) = (h.decision, h.on) {
                let decided = acceptance_text(decision).get(lang);
                say(
                    format!("{}{decided}", date(on)),
                    format!("{decided} on {}", date(on)),
                );
            }
            if let Some(told) = h.notified_on {
                say(
                    format!("{}告知信访人", date(told)),
                    format!("petitioner told on {}", date(told)),
                );
            }
            if let (Some(crate::domain::Acceptance::Accepted), Some(due)) = (h.decision, h.due_on) {
                say(
                    format!("办理期限{}", date(due)),
                    format!("due {}", date(due)),
                );
            }
        }
        ActionKind::Assigned => {
            if h.office_id.is_some() {
                let to = office(&h.office_id);
                say(format!("交办{to}"), format!("assigned to {to}"));
            }
            if let Some(leader) = &h.leader {
                say(
                    format!("包案领导{leader}"),
                    format!("responsible leader {leader}"),
                );
            }
            if let Some(on) = h.on {
                say(format!("交办日期{}", date(on)), format!("on {}", date(on)));
            }
        }
        ActionKind::Extended => {
            if let Some(to) = h.to {
                say(
                    format!("延期至{}", date(to)),
                    format!("extended to {}", date(to)),
                );
            }
            if let Some(by) = &h.approved_by {
                say(format!("批准人{by}"), format!("approved by {by}"));
            }
        }
        ActionKind::Reply => {
            if let Some(on) = h.on {
                say(
                    format!("{}书面答复", date(on)),
                    format!("written reply on {}", date(on)),
                );
            }
        }
        ActionKind::Concluded => {
            if let Some(on) = h.on {
                say(
                    format!("办结日期{}", date(on)),
                    format!("concluded on {}", date(on)),
                );
            }
            if let Some(outcome) = h.outcome {
                let outcome = outcome_text(outcome).get(lang);
                say(
                    format!("办理结果：{outcome}"),
                    format!("outcome: {outcome}"),
                );
            }
            if h.on.is_some() {
                let rating = h
                    .satisfaction
                    .map(satisfaction_text)
                    .unwrap_or(T::NotRated)
                    .get(lang);
                say(
                    format!("群众满意度：{rating}"),
                    format!("satisfaction: {rating}"),
                );
            }
        }
        ActionKind::Reopened => {
            if let Some(due) = h.due_on {
                say(
                    format!("新的办理期限{}", date(due)),
                    format!("now due {}", date(due)),
                );
            }
        }
        ActionKind::ReviewRequested => {
            if let (Some(level), Some(on)) = (h.level, h.on) {
                let level = review_level_text(level).get(lang);
                say(
                    format!("{}申请{level}", date(on)),
                    format!("{level} requested on {}", date(on)),
                );
            }
            if h.office_id.is_some() {
                let by = office(&h.office_id);
                say(format!("由{by}办理"), format!("handled by {by}"));
            }
            if let Some(due) = h.due_on {
                say(format!("期限{}", date(due)), format!("due {}", date(due)));
            }
        }
        ActionKind::ReviewConcluded => {
            if let (Some(level), Some(outcome)) = (h.level, h.review_outcome) {
                let (level, outcome) = (
                    review_level_text(level).get(lang),
                    review_outcome_text(outcome).get(lang),
                );
                say(
                    format!("{level}意见：{outcome}"),
                    format!("{level} decided: {outcome}"),
                );
            }
            if let Some(on) = h.on {
                say(format!("意见日期{}", date(on)), format!("on {}", date(on)));
            }
        }
        ActionKind::Supervised => {
            if h.office_id.is_some() {
                let by = office(&h.office_id);
                say(format!("{by}督办"), format!("supervised by {by}"));
            }
            if let Some(by) = h.report_by {
                say(
                    format!("{}前报告办理情况", date(by)),
                    format!("report by {}", date(by)),
                );
            }
        }
        ActionKind::SupervisionAnswered => {
            if let Some(on) = h.on {
                say(
                    format!("{}回复督办", date(on)),
                    format!("answered on {}", date(on)),
                );
            }
        }
        ActionKind::Registered
        | ActionKind::Note
        | ActionKind::Edited
        | ActionKind::Deleted
        | ActionKind::Restored
        | ActionKind::Urged => {}
    }
    let text = parts.join(if zh { "，" } else { ", " });
    // An English entry is a sentence: its first word capitalised.
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if !zh => first.to_uppercase().chain(chars).collect(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::{day, sample};
    use crate::domain::record::tests::stamp;
    use crate::domain::{Calendar, Outcome};

    #[test]
    fn the_same_entry_reads_in_either_language() {
        let mut p = sample("a");
        p.assign(
            "o2".into(),
            "李副院长".into(),
            day("2022-05-11"),
            &stamp("dev", 1),
        );
        p.conclude(
            day("2022-06-01"),
            Outcome::Explained,
            None,
            &stamp("dev", 2),
        );
        let ledger = Ledger::default();
        let assigned = &p.actions[0];
        assert_eq!(
            happened_text(assigned, &ledger, Lang::Zh),
            format!(
                "交办{}，包案领导李副院长，交办日期2022年5月11日",
                office_name(&ledger, "o2", Lang::Zh)
            )
        );
        assert!(happened_text(assigned, &ledger, Lang::En).starts_with("Assigned to "));
        assert!(happened_text(assigned, &ledger, Lang::En)
            .ends_with("responsible leader 李副院长, on 11 May 2022"));
        let concluded = &p.actions[1];
        assert_eq!(
            happened_text(concluded, &ledger, Lang::En),
            "Concluded on 1 Jun 2022, outcome: Explained, satisfaction: Not rated"
        );
    }

    #[test]
    fn an_entry_of_an_earlier_version_says_nothing_beyond_its_text() {
        let mut p = sample("a");
        p.assign(
            "o2".into(),
            String::new(),
            day("2022-05-11"),
            &stamp("dev", 1),
        );
        p.actions[0].data.clear();
        assert_eq!(
            happened_text(&p.actions[0], &Ledger::default(), Lang::Zh),
            ""
        );
    }

    #[test]
    fn a_decision_to_accept_names_the_new_deadline() {
        let mut p = sample("a");
        p.decide(
            crate::domain::Acceptance::Accepted,
            day("2022-08-05"),
            String::new(),
            Some(day("2022-08-05")),
            &Calendar::shipped(),
            &stamp("dev", 1),
        );
        assert_eq!(
            happened_text(&p.actions[0], &Ledger::default(), Lang::Zh),
            "2022年8月5日受理，2022年8月5日告知信访人，办理期限2022年10月8日"
        );
    }
}
