//! Validation problems and office kinds in the user's language.

use super::{format_date, Lang, T};
use crate::domain::{IdNumberError, ImportField, ProblemKind, RowProblem};
use crate::report::template::{TemplateError, TemplateErrorKind};

/// What is wrong, as one short sentence for the message next to the field.
pub fn problem_text(kind: &ProblemKind, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let pick = |zh_text: &str, en_text: &str| if zh { zh_text } else { en_text }.to_string();
    match kind {
        ProblemKind::Required => pick("必须填写。", "Required."),
        ProblemKind::TooLong { max } => {
            if zh {
                format!("不能超过 {max} 个字。")
            } else {
                format!("At most {max} characters.")
            }
        }
        ProblemKind::NotARealDate => pick("不是有效日期。", "Not a real date."),
        ProblemKind::InTheFuture => pick("不能晚于今天。", "Cannot be after today."),
        ProblemKind::BeforeReceived => pick("不能早于收到日期。", "Cannot be before the date received."),
        ProblemKind::BeforeDue => pick("不能早于原办理期限。", "Cannot be before the original deadline."),
        ProblemKind::EndsBeforeStart => pick("结束日期不能早于开始日期。", "Ends before it starts."),
        ProblemKind::OutcomeRequired => pick("办结时必须选择办理结果。", "A concluded case needs an outcome."),
        ProblemKind::AssigneeRequired => pick("必须选择交办单位。", "Choose the office it is assigned to."),
        ProblemKind::ExtensionTooLong { max } => {
            if zh {
                format!("最多延期 30 日，即不晚于{}。", format_date(*max, lang))
            } else {
                format!("At most 30 days' extension: {} at the latest.", format_date(*max, lang))
            }
        }
        ProblemKind::HeadcountBelowOne => pick("人数至少为 1。", "At least one person."),
        ProblemKind::NegativeValue => pick("不能为负数。", "Cannot be negative."),
        ProblemKind::NotFinite => pick("不是有效数字。", "Not a number."),
        ProblemKind::NotWhole => pick("只能填整数。", "Whole numbers only."),
        ProblemKind::BadMetricKey => pick(
            "指标代码须以小写字母开头，只含小写字母、数字和下划线。",
            "A metric key starts with a lower-case letter and has only lower-case letters, digits and underscores.",
        ),
        ProblemKind::BadOfficeCode => pick(
            "简称代码只能是大写字母和数字。",
            "The short code takes capital letters and digits only.",
        ),
        ProblemKind::NotAUuid => pick("编号格式不对。", "Not a valid record id."),
        ProblemKind::SerialTaken => pick("本单位已有这个编号。", "This office already uses this serial number."),
        ProblemKind::IdNumber { error } => id_number_text(*error, lang),
        ProblemKind::UnknownMetric => pick("没有这个统计指标。", "No such metric."),
        ProblemKind::VersionBelowOne => pick("版本号至少为 1。", "The version is at least 1."),
        ProblemKind::Duplicate => pick("重复。", "Duplicate."),
        ProblemKind::CodeTaken => pick(
            "已有单位使用这个代码；同一单位请勿重复添加。",
            "Another office has this code; do not add the same office twice.",
        ),
        ProblemKind::RefersToItself => pick("不能指向自己。", "Cannot refer to itself."),
        ProblemKind::ExtendedTwice => pick(
            "办理期限只能延长一次（《信访工作条例》），记录里已有两次延期。",
            "A deadline may be extended once only (Petition Work Regulations); the log has two extensions.",
        ),
        ProblemKind::TooEarly => pick("早于它所跟随的日期。", "Earlier than the date it follows."),
        ProblemKind::NothingToReview => pick(
            "申请复查须在书面答复之后，且上一次复查复核已出具意见。",
            "A review follows the written reply, once any earlier review is decided.",
        ),
        ProblemKind::NoReviewToRecheck => pick(
            "申请复核须在复查意见出具之后。",
            "A recheck follows a decided review.",
        ),
        ProblemKind::ReviewTooLate { last } => {
            if zh {
                format!("已超过 30 日的申请期限（最后一日为{}）。", format_date(*last, lang))
            } else {
                format!("Past the 30 days to ask: the last day was {}.", format_date(*last, lang))
            }
        }
        ProblemKind::UnknownStage => pick(
            "这一项已不在记录中，请重新打开本件。",
            "This entry is no longer in the record; open the case again.",
        ),
    }
}

fn id_number_text(error: IdNumberError, lang: Lang) -> String {
    let (zh, en) = match error {
        IdNumberError::WrongLength => (
            "身份证号应为 18 位（旧证 15 位）。",
            "An ID number has 18 characters (15 on old cards).",
        ),
        IdNumberError::NotDigits => (
            "身份证号除最后一位可为 X 外，只能是数字。",
            "An ID number is digits only, except a final X.",
        ),
        IdNumberError::BadBirthDate => (
            "身份证号中的出生日期不存在。",
            "The birth date inside the ID number is not a real date.",
        ),
        IdNumberError::BadCheckCharacter => (
            "身份证号校验位不对，请核对是否输错。",
            "The ID number's check character does not match: check for a typing mistake.",
        ),
    };
    if lang == Lang::Zh { zh } else { en }.to_string()
}

/// Why a spreadsheet row is refused, quoting the cell as typed.
pub fn row_problem_text(problem: &RowProblem, lang: Lang) -> String {
    let field = |f: &ImportField| match (f, lang) {
        (ImportField::Date, Lang::Zh) => "日期",
        (ImportField::Office, Lang::Zh) => "单位",
        (ImportField::Metric, Lang::Zh) => "指标",
        (ImportField::Value, Lang::Zh) => "数值",
        (ImportField::Date, Lang::En) => "date",
        (ImportField::Office, Lang::En) => "office",
        (ImportField::Metric, Lang::En) => "metric",
        (ImportField::Value, Lang::En) => "count",
    };
    match (problem, lang) {
        (RowProblem::Missing(f), Lang::Zh) => format!("缺少{}", field(f)),
        (RowProblem::Missing(f), Lang::En) => format!("no {}", field(f)),
        (RowProblem::BadDate(text), Lang::Zh) => format!("“{text}”不是日期"),
        (RowProblem::BadDate(text), Lang::En) => format!("“{text}” is not a date"),
        (RowProblem::InTheFuture, Lang::Zh) => "日期晚于今天".into(),
        (RowProblem::InTheFuture, Lang::En) => "the date is after today".into(),
        (RowProblem::UnknownOffice(text), Lang::Zh) => format!("没有名为“{text}”的单位"),
        (RowProblem::UnknownOffice(text), Lang::En) => format!("no office called “{text}”"),
        (RowProblem::UnknownMetric(text), Lang::Zh) => format!("没有名为“{text}”的指标"),
        (RowProblem::UnknownMetric(text), Lang::En) => format!("no metric called “{text}”"),
        (RowProblem::UnknownCampaign(text), Lang::Zh) => format!("没有名为“{text}”的专项行动"),
        (RowProblem::UnknownCampaign(text), Lang::En) => format!("no campaign called “{text}”"),
        (RowProblem::BadValue(text), Lang::Zh) => format!("“{text}”不是数字"),
        (RowProblem::BadValue(text), Lang::En) => format!("“{text}” is not a number"),
        (RowProblem::Negative, Lang::Zh) => "数值不能为负数".into(),
        (RowProblem::Negative, Lang::En) => "a count cannot be negative".into(),
        (RowProblem::NotWhole, Lang::Zh) => "这项指标只能填整数".into(),
        (RowProblem::NotWhole, Lang::En) => "this metric takes whole numbers only".into(),
        (RowProblem::NoteTooLong { max }, Lang::Zh) => format!("备注超过 {max} 字"),
        (RowProblem::NoteTooLong { max }, Lang::En) => {
            format!("the note is longer than {max} characters")
        }
        (RowProblem::DuplicateOf(row), Lang::Zh) => {
            format!("与第 {row} 行是同一单位同一天的同一指标")
        }
        (RowProblem::DuplicateOf(row), Lang::En) => {
            format!("the same office, metric and day as row {row}")
        }
    }
}

/// Why a record of an imported file is refused, after its place (`petitions[12].received_on`).
pub fn record_problem_text(kind: &crate::exchange::RecordProblemKind, lang: Lang) -> String {
    use crate::exchange::RecordProblemKind as K;
    let (zh, en) = match kind {
        K::NotAnObject => ("不是一个对象", "not an object"),
        K::Missing => ("缺少这个字段", "missing"),
        K::WrongType => ("类型不对", "of the wrong type"),
        K::NotADate => (
            "不是 1900 至 2100 年间写作 YYYY-MM-DD 的日期",
            "not a date written YYYY-MM-DD between 1900 and 2100",
        ),
        K::NotATimestamp => ("不是 RFC 3339 格式的时间", "not an RFC 3339 timestamp"),
        K::NotInSet => ("不是允许的取值", "not one of the allowed values"),
        K::OutOfRange => ("数值超出范围", "out of range"),
        K::Unreadable => ("无法读取", "unreadable"),
        K::UnknownMetric => ("指标不存在", "an unknown metric"),
        K::TooLarge => ("这条记录过大（超过 1 MB）", "too large (over 1 MB)"),
        K::TooDeep => ("这条记录嵌套过深", "nested too deeply"),
        K::Rule(rule) => return problem_text(rule, lang),
        K::DependsOnRefused(place) => {
            return match lang {
                Lang::Zh => format!("它所依赖的记录 {place} 有问题，一并不导入"),
                Lang::En => {
                    format!("depends on {place}, which has problems, so it is left out too")
                }
            }
        }
    };
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// What is wrong with a template (the report's, a notice's), with its line.
pub fn template_error_text(error: &TemplateError, lang: Lang) -> String {
    let line = error.line.map(|l| match lang {
        Lang::Zh => format!("（第 {l} 行）"),
        Lang::En => format!(" (line {l})"),
    });
    let name = error.name.clone().unwrap_or_default();
    let what = match &error.kind {
        TemplateErrorKind::UnknownPlaceholder => {
            format!("{}{name}", T::UnknownPlaceholder.get(lang))
        }
        TemplateErrorKind::NotAllowed => format!("{}{name}", T::TemplateNotAllowed.get(lang)),
        TemplateErrorKind::TooManySteps => T::TemplateTooManySteps.get(lang).to_string(),
        TemplateErrorKind::TooLong => T::TemplateTooLong.get(lang).to_string(),
        TemplateErrorKind::LineTooLong => T::TemplateLineTooLong.get(lang).to_string(),
        TemplateErrorKind::Syntax(why) => format!("{}{why}", T::TemplateSyntax.get(lang)),
    };
    format!("{what}{}", line.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn messages_carry_their_limits() {
        let too_long = ProblemKind::TooLong { max: 50 };
        assert_eq!(problem_text(&too_long, Lang::Zh), "不能超过 50 个字。");
        assert_eq!(problem_text(&too_long, Lang::En), "At most 50 characters.");
        let max = NaiveDate::from_ymd_opt(2022, 11, 20).unwrap();
        let extension = ProblemKind::ExtensionTooLong { max };
        assert_eq!(
            problem_text(&extension, Lang::Zh),
            "最多延期 30 日，即不晚于2022年11月20日。"
        );
    }

    #[test]
    fn a_wrong_check_character_says_so_in_both_languages() {
        let kind = ProblemKind::IdNumber {
            error: IdNumberError::BadCheckCharacter,
        };
        assert!(problem_text(&kind, Lang::Zh).contains("校验位"));
        assert!(problem_text(&kind, Lang::En).contains("check character"));
    }
}
