//! Names of the closed sets of PRODUCT §3 (channel, status, outcome …) and the few
//! phrases that carry a number, in both languages.

use super::{Lang, T};
use crate::domain::figures::{ChangeWording, PetitionFigure};
use crate::domain::{
    Acceptance, ActionKind, Category, Channel, Condition, Metric, MetricGroup, NoticeKind,
    OfficeKind, Outcome, ReviewLevel, ReviewOutcome, Satisfaction, Status,
};

pub fn office_kind_text(kind: OfficeKind) -> T {
    match kind {
        OfficeKind::Committee => T::KindCommittee,
        OfficeKind::PublicSecurity => T::KindPublicSecurity,
        OfficeKind::Procuratorate => T::KindProcuratorate,
        OfficeKind::Court => T::KindCourt,
        OfficeKind::Justice => T::KindJustice,
        OfficeKind::Township => T::KindTownship,
        OfficeKind::Other => T::KindOther,
    }
}

pub fn channel_text(channel: Channel) -> T {
    match channel {
        Channel::Visit => T::ChannelVisit,
        Channel::Letter => T::ChannelLetter,
        Channel::Phone => T::ChannelPhone,
        Channel::Online => T::ChannelOnline,
        Channel::LeaderReception => T::ChannelLeaderReception,
        Channel::Referral => T::ChannelReferral,
    }
}

pub fn category_text(category: Category) -> T {
    match category {
        Category::PublicSecurity => T::CategoryPublicSecurity,
        Category::Procuratorate => T::CategoryProcuratorate,
        Category::Court => T::CategoryCourt,
        Category::Justice => T::CategoryJustice,
        Category::Other => T::CategoryOther,
    }
}

pub fn status_text(status: Status) -> T {
    match status {
        Status::Registered => T::StatusRegistered,
        Status::Assigned => T::StatusAssigned,
        Status::InProgress => T::StatusInProgress,
        Status::Concluded => T::StatusConcluded,
    }
}

pub fn outcome_text(outcome: Outcome) -> T {
    match outcome {
        Outcome::Supported => T::OutcomeSupported,
        Outcome::Explained => T::OutcomeExplained,
        Outcome::NotSupported => T::OutcomeNotSupported,
        Outcome::Mediated => T::OutcomeMediated,
        Outcome::Withdrawn => T::OutcomeWithdrawn,
    }
}

pub fn satisfaction_text(satisfaction: Satisfaction) -> T {
    match satisfaction {
        Satisfaction::Satisfied => T::SatisfactionSatisfied,
        Satisfaction::BasicallySatisfied => T::SatisfactionBasically,
        Satisfaction::Unsatisfied => T::SatisfactionUnsatisfied,
    }
}

pub fn acceptance_text(decision: Acceptance) -> T {
    match decision {
        Acceptance::Accepted => T::DecisionAccepted,
        Acceptance::NotAccepted => T::DecisionNotAccepted,
        Acceptance::Forwarded => T::DecisionForwarded,
    }
}

pub fn review_level_text(level: ReviewLevel) -> T {
    match level {
        ReviewLevel::Review => T::LevelReview,
        ReviewLevel::Recheck => T::LevelRecheck,
    }
}

pub fn review_outcome_text(outcome: ReviewOutcome) -> T {
    match outcome {
        ReviewOutcome::Upheld => T::ReviewUpheld,
        ReviewOutcome::Changed => T::ReviewChanged,
        ReviewOutcome::Revoked => T::ReviewRevoked,
    }
}

pub fn notice_text(kind: NoticeKind) -> T {
    match kind {
        NoticeKind::Accepted => T::NoticeAccepted,
        NoticeKind::NotAccepted => T::NoticeNotAccepted,
        NoticeKind::Reply => T::NoticeReply,
    }
}

pub fn condition_text(condition: Condition) -> T {
    match condition {
        Condition::Open => T::Open,
        Condition::Overdue => T::Overdue,
        Condition::DueSoon => T::DueSoon,
        Condition::Unaccepted => T::Unaccepted,
        Condition::InReview => T::InReview,
        Condition::SupervisionLate => T::SupervisionLate,
    }
}

pub fn action_kind_text(kind: ActionKind) -> T {
    match kind {
        ActionKind::Registered => T::ActionRegistered,
        ActionKind::Assigned => T::ActionAssigned,
        ActionKind::Extended => T::ActionExtended,
        ActionKind::Note => T::ActionNote,
        ActionKind::Reply => T::ActionReply,
        ActionKind::Concluded => T::ActionConcluded,
        ActionKind::Reopened => T::ActionReopened,
        ActionKind::Edited => T::ActionEdited,
        ActionKind::Deleted => T::ActionDeleted,
        ActionKind::Restored => T::ActionRestored,
        ActionKind::Acceptance => T::ActionAcceptance,
        ActionKind::ReviewRequested => T::ActionReviewRequested,
        ActionKind::ReviewConcluded => T::ActionReviewConcluded,
        ActionKind::Supervised => T::ActionSupervised,
        ActionKind::SupervisionAnswered => T::ActionSupervisionAnswered,
        ActionKind::Urged => T::ActionUrged,
    }
}

pub fn metric_group_text(group: MetricGroup) -> T {
    match group {
        MetricGroup::Crackdown => T::GroupCrackdown,
        MetricGroup::Prevention => T::GroupPrevention,
        MetricGroup::Discipline => T::GroupDiscipline,
        MetricGroup::Outreach => T::GroupOutreach,
        MetricGroup::Grassroots => T::GroupGrassroots,
        MetricGroup::Feedback => T::GroupFeedback,
        MetricGroup::Other => T::GroupOther,
    }
}

/// A metric's name in `lang`; a user metric without an English name shows its Chinese one.
pub fn metric_label(metric: &Metric, lang: Lang) -> &str {
    match lang {
        Lang::En if !metric.label_en.trim().is_empty() => &metric.label_en,
        _ => &metric.label_zh,
    }
}

/// A metric's unit in `lang`, falling back to the Chinese unit.
pub fn metric_unit(metric: &Metric, lang: Lang) -> &str {
    match lang {
        Lang::En if !metric.unit_en.trim().is_empty() => &metric.unit_en,
        _ => &metric.unit_zh,
    }
}

/// A count with its unit: "12 人" / "12 people"; fractions as typed (`12.5 万元`).
pub fn count_text(value: f64, unit: &str) -> String {
    let number = if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    };
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
}

/// A petition figure's name as a heading in `lang`: `来访（起）` / `Visits (cases)`.
pub fn figure_name(figure: &PetitionFigure, lang: Lang) -> String {
    match lang {
        Lang::Zh => figure.label_zh(),
        Lang::En => figure.en.to_string(),
    }
}

/// The change from last year worded as the figure's kind asks, in `lang`.
pub fn change_of_text(
    wording: ChangeWording,
    current: Option<f64>,
    previous: Option<f64>,
    lang: Lang,
) -> String {
    match wording {
        ChangeWording::Relative => {
            change_text(current.unwrap_or(0.0), previous.unwrap_or(0.0), lang)
        }
        ChangeWording::Points => change_points_text(current, previous, lang),
    }
}

/// The change from last year: the report's Chinese wording ("提高12.5%", "下降3.0%", "持平",
/// "新增5"), or the English equivalent.
pub fn change_text(current: f64, previous: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh => crate::report::wording::change(current, previous),
        Lang::En if current == previous => "no change".into(),
        Lang::En if previous == 0.0 => format!("new: {}", crate::report::wording::count(current)),
        Lang::En => {
            let rate = (current - previous) / previous * 100.0;
            let direction = if rate > 0.0 { "up" } else { "down" };
            format!("{direction} {:.1}%", rate.abs())
        }
    }
}

/// The change of a rate in percentage points ("提高5.2个百分点" / "up 5.2 points").
pub fn change_points_text(current: Option<f64>, previous: Option<f64>, lang: Lang) -> String {
    match (lang, current, previous) {
        (Lang::Zh, _, _) => crate::report::wording::change_points(current, previous),
        (Lang::En, Some(c), Some(p)) if (c - p).abs() < 1e-9 => "no change".into(),
        (Lang::En, Some(c), Some(p)) => {
            let points = (c - p) * 100.0;
            let direction = if points > 0.0 { "up" } else { "down" };
            format!("{direction} {:.1} points", points.abs())
        }
        (Lang::En, _, _) => "—".into(),
    }
}

/// A spreadsheet row as the user sees it: "第 3 行" / "Row 3".
pub fn row_text(row: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第 {row} 行"),
        Lang::En => format!("Row {row}"),
    }
}

/// Days until a due date: "还剩 3 日" / "3 days left", "今日到期" / "due today".
pub fn days_left_text(days: i64, lang: Lang) -> String {
    match (lang, days) {
        (Lang::Zh, 0) => "今日到期".into(),
        (Lang::En, 0) => "due today".into(),
        (Lang::Zh, n) => format!("还剩 {n} 日"),
        (Lang::En, 1) => "1 day left".into(),
        (Lang::En, n) => format!("{n} days left"),
    }
}

/// Days past a due date: "逾期 4 日" / "4 days overdue".
pub fn days_overdue_text(days: i64, lang: Lang) -> String {
    match (lang, days) {
        (Lang::Zh, n) => format!("逾期 {n} 日"),
        (Lang::En, 1) => "1 day overdue".into(),
        (Lang::En, n) => format!("{n} days overdue"),
    }
}

/// How many petitions a filtered list shows: "共 12 件（全部 40 件）" / "12 of 40 petitions".
pub fn shown_of_text(shown: usize, all: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh if shown == all => format!("共 {all} 件"),
        Lang::Zh => format!("共 {shown} 件（全部 {all} 件）"),
        Lang::En if shown == all => format!("{all} petitions"),
        Lang::En => format!("{shown} of {all} petitions"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Every member of a closed set has a name, and no two members share one.
    fn distinct_names<K: Copy>(all: &[K], name: impl Fn(K) -> T) {
        for lang in Lang::ALL {
            let names: BTreeSet<&str> = all.iter().map(|k| name(*k).get(lang)).collect();
            assert_eq!(
                names.len(),
                all.len(),
                "two members share a name in {lang:?}"
            );
        }
    }

    #[test]
    fn every_closed_set_has_a_distinct_name_for_each_member() {
        distinct_names(OfficeKind::ALL, office_kind_text);
        distinct_names(Channel::ALL, channel_text);
        distinct_names(Category::ALL, category_text);
        distinct_names(Status::ALL, status_text);
        distinct_names(Outcome::ALL, outcome_text);
        distinct_names(Satisfaction::ALL, satisfaction_text);
        distinct_names(ActionKind::ALL, action_kind_text);
        distinct_names(MetricGroup::ALL, metric_group_text);
    }

    #[test]
    fn day_counts_read_naturally() {
        assert_eq!(days_left_text(0, Lang::Zh), "今日到期");
        assert_eq!(days_left_text(3, Lang::Zh), "还剩 3 日");
        assert_eq!(days_left_text(1, Lang::En), "1 day left");
        assert_eq!(days_overdue_text(4, Lang::Zh), "逾期 4 日");
        assert_eq!(days_overdue_text(2, Lang::En), "2 days overdue");
    }

    #[test]
    fn every_petition_figure_has_a_name_in_each_language() {
        for figure in &crate::domain::figures::PETITION_FIGURES {
            for lang in Lang::ALL {
                assert!(!figure_name(figure, lang).is_empty(), "{figure:?}");
            }
        }
        let letters = crate::domain::figures::petition_figure("letters").unwrap();
        assert_eq!(figure_name(letters, Lang::Zh), "来信（封）");
        assert_eq!(figure_name(letters, Lang::En), "Letters");
    }

    #[test]
    fn changes_read_in_both_languages() {
        assert_eq!(change_text(90.0, 80.0, Lang::En), "up 12.5%");
        assert_eq!(change_text(77.6, 80.0, Lang::En), "down 3.0%");
        assert_eq!(change_text(5.0, 0.0, Lang::En), "new: 5");
        assert_eq!(
            change_points_text(Some(0.9), Some(0.85), Lang::En),
            "up 5.0 points"
        );
        assert_eq!(change_points_text(None, Some(0.85), Lang::En), "—");
    }

    #[test]
    fn counts_read_without_a_trailing_zero() {
        assert_eq!(count_text(12.0, "人"), "12 人");
        assert_eq!(count_text(12.5, "万元"), "12.5 万元");
        assert_eq!(count_text(3.0, ""), "3");
    }

    #[test]
    fn a_filtered_count_names_the_whole() {
        assert_eq!(shown_of_text(40, 40, Lang::Zh), "共 40 件");
        assert_eq!(shown_of_text(12, 40, Lang::Zh), "共 12 件（全部 40 件）");
        assert_eq!(shown_of_text(12, 40, Lang::En), "12 of 40 petitions");
    }
}
