//! The steps of a case under the regulations, each deadline worked out by hand from the
//! State Council's notices (国庆 2022: 1–7 October off, Saturday 8 and Sunday 9 October
//! working; 春节 2023: 21–27 January off, Saturday 28 and Sunday 29 January working).

use super::*;
use crate::domain::deadline::{is_overdue, Timing};
use crate::domain::petition::tests::{day, new_petition};
use crate::domain::record::tests::stamp;

fn calendar() -> Calendar {
    Calendar::shipped()
}

/// Received Monday 1 August 2022, registered.
fn registered() -> Petition {
    Petition::register(new_petition(), &calendar(), &stamp("dev", 0))
}

/// Received 1 August, accepted Friday 5 August 2022.
fn accepted() -> Petition {
    let mut p = registered();
    p.decide(
        Acceptance::Accepted,
        day("2022-08-05"),
        String::new(),
        Some(day("2022-08-06")),
        &calendar(),
        &stamp("dev", 1),
    );
    p
}

#[test]
fn before_a_decision_the_deadline_runs_from_receipt() {
    // 1 August + 60 days = Friday 30 September, a working day.
    assert_eq!(registered().due_on, day("2022-09-30"));
}

#[test]
fn accepting_sets_the_deadline_sixty_days_from_acceptance_off_the_national_day_holiday() {
    // 5 August + 60 days = 4 October, inside 国庆 (1–7 October); Saturday 8 October is a
    // working day by the 2022 notice, so the case is due then.
    let p = accepted();
    assert_eq!(p.acceptance, Some(Acceptance::Accepted));
    assert_eq!(p.accepted_on, Some(day("2022-08-05")));
    assert_eq!(p.notified_on, Some(day("2022-08-06")));
    assert_eq!(p.due_on, day("2022-10-08"));
    assert!(!is_overdue(&p, day("2022-10-08")));
    assert!(is_overdue(&p, day("2022-10-09")));
    // Due on 1 October by receipt, it would not be overdue on 2 October, mid-holiday.
    let entry = p.actions.last().unwrap();
    assert_eq!(entry.kind, ActionKind::Acceptance);
    assert_eq!(&entry.data["decision"], "accepted");
    assert_eq!(&entry.data["due_on"], "2022-10-08");
}

#[test]
fn a_case_not_accepted_keeps_its_reason_and_has_no_handling_deadline() {
    let mut p = registered();
    p.decide(
        Acceptance::NotAccepted,
        day("2022-08-10"),
        "属于诉讼程序".into(),
        Some(day("2022-08-10")),
        &calendar(),
        &stamp("dev", 1),
    );
    assert_eq!(p.acceptance_note, "属于诉讼程序");
    assert_eq!(
        p.due_on,
        day("2022-09-30"),
        "the due date is left as it was"
    );
    assert!(!is_overdue(&p, day("2023-01-01")));
    assert_eq!(p.actions.last().unwrap().text, "属于诉讼程序");
}

#[test]
fn a_forwarded_case_names_the_body() {
    let mut p = registered();
    p.decide(
        Acceptance::Forwarded,
        day("2022-08-03"),
        "市人力资源和社会保障局".into(),
        None,
        &calendar(),
        &stamp("dev", 1),
    );
    assert_eq!(p.acceptance, Some(Acceptance::Forwarded));
    assert_eq!(p.acceptance_note, "市人力资源和社会保障局");
    assert!(!Timing::of(&p).overdue(day("2023-01-01")));
}

#[test]
fn an_extension_once_at_most_thirty_days_with_its_approver() {
    let mut p = accepted(); // due Saturday 8 October 2022 (a working day)
                            // 8 October + 30 days = Monday 7 November.
    assert_eq!(
        p.extend(
            day("2022-11-08"),
            "案情复杂".into(),
            "王主任".into(),
            &calendar(),
            &stamp("dev", 2)
        ),
        Err(StepRefused::ExtensionTooLong {
            latest: day("2022-11-07")
        })
    );
    let version = p.meta.version;
    p.extend(
        day("2022-11-07"),
        "案情复杂".into(),
        "王主任".into(),
        &calendar(),
        &stamp("dev", 2),
    )
    .unwrap();
    assert_eq!(p.meta.version, version + 1);
    assert_eq!(p.effective_due(), day("2022-11-07"));
    assert_eq!(p.extension_approved_by, "王主任");
    assert_eq!(&p.actions.last().unwrap().data["approved_by"], "王主任");
    assert_eq!(
        p.extend(
            day("2022-11-01"),
            "再次延期".into(),
            "王主任".into(),
            &calendar(),
            &stamp("dev", 3)
        ),
        Err(StepRefused::AlreadyExtended)
    );
    assert_eq!(
        p.meta.version,
        version + 1,
        "a refused step changes nothing"
    );
}

#[test]
fn an_extension_needs_its_reason_and_who_approved_it() {
    let mut p = accepted();
    assert_eq!(
        p.extend(
            day("2022-10-20"),
            " ".into(),
            String::new(),
            &calendar(),
            &stamp("dev", 2)
        ),
        Err(StepRefused::ExtensionUnexplained {
            reason: true,
            approver: true
        })
    );
    let refused = p
        .extend(
            day("2022-10-20"),
            "案情复杂".into(),
            " ".into(),
            &calendar(),
            &stamp("dev", 2),
        )
        .unwrap_err();
    assert_eq!(
        refused.problems(),
        [Problem {
            field: "extension_approved_by".into(),
            kind: ProblemKind::Required
        }]
    );
    assert_eq!(p.extended_to, None);
}

#[test]
fn an_extension_in_the_log_counts_even_when_the_field_was_cleared() {
    let mut p = accepted();
    p.extend(
        day("2022-10-20"),
        "案情复杂".into(),
        "王主任".into(),
        &calendar(),
        &stamp("dev", 2),
    )
    .unwrap();
    p.extended_to = None;
    assert_eq!(
        p.extend(
            day("2022-10-25"),
            "再次".into(),
            "王主任".into(),
            &calendar(),
            &stamp("dev", 3)
        ),
        Err(StepRefused::AlreadyExtended)
    );
}

#[test]
fn reopening_sets_a_new_due_date_so_the_case_is_not_overdue_at_once() {
    let mut p = accepted();
    p.conclude(
        day("2022-09-20"),
        Outcome::Explained,
        None,
        &stamp("dev", 2),
    );
    // Reopened Thursday 10 November 2022: + 60 days = Monday 9 January 2023.
    let due = Petition::reopened_due(day("2022-11-10"), &calendar());
    assert_eq!(due, day("2023-01-09"));
    p.reopen("当事人补充材料".into(), due, &stamp("dev", 3));
    assert_eq!(p.status, Status::Registered);
    assert_eq!(p.due_on, day("2023-01-09"));
    assert!(!is_overdue(&p, day("2022-11-11")));
    assert!(is_overdue(&p, day("2023-01-10")));
    assert_eq!(&p.actions.last().unwrap().data["due_on"], "2023-01-09");
}

#[test]
fn review_then_recheck_each_within_thirty_days_with_its_own_deadline() {
    let mut p = accepted();
    assert_eq!(
        p.request_review(
            ReviewLevel::Review,
            day("2022-10-21"),
            "o9".into(),
            &calendar(),
            &stamp("dev", 2)
        ),
        Err(StepRefused::NothingToReview),
        "no written reply yet"
    );
    p.reply(day("2022-10-20"), "答复意见".into(), &stamp("dev", 2));
    p.conclude(
        day("2022-10-20"),
        Outcome::NotSupported,
        Some(Satisfaction::Unsatisfied),
        &stamp("dev", 3),
    );
    // Reply Thursday 20 October + 30 days = Saturday 19 November: the last day to ask is
    // Monday 21 November.
    assert_eq!(
        p.request_review(
            ReviewLevel::Review,
            day("2022-11-22"),
            "o9".into(),
            &calendar(),
            &stamp("dev", 4)
        ),
        Err(StepRefused::ReviewTooLate {
            last: day("2022-11-21")
        })
    );
    assert_eq!(
        p.request_review(
            ReviewLevel::Recheck,
            day("2022-11-21"),
            "o9".into(),
            &calendar(),
            &stamp("dev", 4)
        ),
        Err(StepRefused::NoReviewToRecheck)
    );
    p.request_review(
        ReviewLevel::Review,
        day("2022-11-21"),
        "o9".into(),
        &calendar(),
        &stamp("dev", 4),
    )
    .unwrap();
    let review = p.reviews[0].clone();
    // 21 November + 30 days = Wednesday 21 December.
    assert_eq!(review.due_on, Some(day("2022-12-21")));
    assert_eq!(review.accepted_on, Some(day("2022-11-21")));
    assert!(!is_overdue(&p, day("2022-12-21")));
    assert!(
        is_overdue(&p, day("2022-12-22")),
        "an open 复查 past its deadline"
    );
    assert_eq!(
        p.request_review(
            ReviewLevel::Review,
            day("2022-11-21"),
            "o9".into(),
            &calendar(),
            &stamp("dev", 5)
        ),
        Err(StepRefused::NothingToReview),
        "one open stage at a time"
    );
    p.conclude_review(
        &review.id,
        day("2022-12-15"),
        ReviewOutcome::Upheld,
        "维持原答复意见".into(),
        &stamp("dev", 5),
    )
    .unwrap();
    assert!(!is_overdue(&p, day("2022-12-22")));
    // 复核 asked for on 28 December: + 30 days = 27 January 2023, the last day of 春节;
    // Saturday 28 January is a working day by the 2023 notice.
    p.request_review(
        ReviewLevel::Recheck,
        day("2022-12-28"),
        "o1".into(),
        &calendar(),
        &stamp("dev", 6),
    )
    .unwrap();
    assert_eq!(p.reviews[1].due_on, Some(day("2023-01-28")));
    assert_eq!(p.reviews[1].level, ReviewLevel::Recheck);
    assert!(Timing::of(&p).stage_open(day("2023-01-01")));
    assert_eq!(
        p.conclude_review(
            "missing",
            day("2023-01-05"),
            ReviewOutcome::Upheld,
            String::new(),
            &stamp("dev", 7)
        ),
        Err(StepRefused::Unknown)
    );
}

#[test]
fn a_supervision_unanswered_by_its_day_is_late_and_the_answer_ends_it() {
    let mut p = accepted();
    p.supervise(
        day("2022-09-01"),
        "committee".into(),
        day("2022-09-10"),
        "请于9月10日前报送办理情况".into(),
        &stamp("dev", 2),
    );
    let supervision = p.supervisions[0].clone();
    assert!(!supervision.late(day("2022-09-10")));
    assert!(supervision.late(day("2022-09-11")));
    p.answer_supervision(
        &supervision.id,
        day("2022-09-12"),
        "已报送".into(),
        &stamp("dev", 3),
    )
    .unwrap();
    let answered = &p.supervisions[0];
    assert!(
        answered.late(day("2022-09-11")),
        "late on the days before the answer"
    );
    assert!(!answered.late(day("2022-09-12")));
    p.urge("请加快办理".into(), &stamp("dev", 4));
    assert_eq!(p.actions.last().unwrap().kind, ActionKind::Urged);
}

#[test]
fn each_step_names_the_person_and_office_and_keeps_what_happened_as_data() {
    let mut p = registered();
    let mut by_clerk = stamp("dev", 1);
    by_clerk.by_name = "张科员".into();
    by_clerk.office = Some("o1".into());
    p.assign(
        "court".into(),
        "李副院长".into(),
        day("2022-08-02"),
        &by_clerk,
    );
    let entry = p.actions.last().unwrap();
    assert_eq!(entry.by_name, "张科员");
    assert_eq!(entry.office_id.as_deref(), Some("o1"));
    assert_eq!(entry.text, "", "no sentence in the language of the moment");
    assert_eq!(&entry.data["office_id"], "court");
    assert_eq!(&entry.data["leader"], "李副院长");
    assert_eq!(&entry.data["on"], "2022-08-02");
}

#[test]
fn every_step_lands_in_the_log_and_raises_the_version_once() {
    let mut p = registered();
    p.decide(
        Acceptance::Accepted,
        day("2022-08-02"),
        String::new(),
        None,
        &calendar(),
        &stamp("dev", 1),
    );
    p.assign(
        "court".into(),
        "李副院长".into(),
        day("2022-08-02"),
        &stamp("dev", 2),
    );
    assert_eq!(p.status, Status::Assigned);
    p.reply(day("2022-08-20"), "已答复".into(), &stamp("dev", 3));
    assert_eq!(p.status, Status::InProgress);
    p.extend(
        day("2022-10-30"),
        "需补充调查".into(),
        "王主任".into(),
        &calendar(),
        &stamp("dev", 4),
    )
    .unwrap();
    p.conclude(
        day("2022-10-01"),
        Outcome::Explained,
        Some(Satisfaction::Satisfied),
        &stamp("dev", 5),
    );
    assert!(p.concluded_by(day("2022-10-01")));
    assert!(!p.concluded_by(day("2022-09-30")));
    p.reopen("当事人不服".into(), day("2022-12-01"), &stamp("dev", 6));
    assert_eq!(p.status, Status::InProgress);
    assert_eq!(
        (p.concluded_on, p.outcome, p.extended_to),
        (None, None, None)
    );
    let kinds: Vec<_> = p.actions.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            ActionKind::Registered,
            ActionKind::Acceptance,
            ActionKind::Assigned,
            ActionKind::Reply,
            ActionKind::Extended,
            ActionKind::Concluded,
            ActionKind::Reopened
        ]
    );
    assert_eq!(p.meta.version, 7);
    p.delete(&stamp("dev", 7));
    assert!(p.meta.deleted);
    p.restore(&stamp("dev", 8));
    assert!(!p.meta.deleted);
    assert_eq!(p.actions.last().map(|a| a.kind), Some(ActionKind::Restored));
    assert_eq!(p.meta.version, 9);
}
