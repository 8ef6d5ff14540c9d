//! Validation problems and office kinds in the user's language.

use super::{format_date, Lang};
use crate::domain::{IdNumberError, ProblemKind};

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
        ProblemKind::RefersToItself => pick("不能指向自己。", "Cannot refer to itself."),
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
