//! Spotting a probable repeat petition (重访) before a new one is saved (PRODUCT §2.2).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::id_number;
use super::petition::Petition;

/// Subjects whose character-bigram Dice similarity reaches this are "similar".
/// Chinese subjects have no spaces, so words are out; bigrams catch shared phrases
/// (`拆迁补偿` in `拆迁补偿款未到位` and `要求落实拆迁补偿`) while one shared character
/// does not. 0.5 means about half of the bigrams are shared: a rewording of the same
/// matter tends to reach it, another matter of the same person tends not to. It only
/// points a case out to the user, who decides, so erring towards showing is cheap.
pub const SIMILAR_SUBJECT: f64 = 0.5;

/// The petition being registered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepeatQuery<'a> {
    /// Its own id when editing, so it does not match itself.
    pub id: Option<&'a str>,
    /// When given, only petitions received on or before it are earlier.
    pub received_on: Option<NaiveDate>,
    pub name: &'a str,
    pub id_number: &'a str,
    pub subject: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepeatReason {
    SameIdNumber,
    SameNameSimilarSubject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatCandidate {
    pub petition_id: String,
    /// Higher is more likely: 1–2 for the same ID number (plus subject similarity),
    /// 0.5–1 for the same name with a similar subject.
    pub score: f64,
    pub reason: RepeatReason,
}

/// The earlier, live petitions that are probably the same matter, best first
/// (then the most recently received, then by id).
pub fn find_repeats<'a>(
    query: &RepeatQuery,
    petitions: impl IntoIterator<Item = &'a Petition>,
) -> Vec<RepeatCandidate> {
    let id_number = id_number::normalize(query.id_number);
    let name = query.name.trim();
    let subject = bigrams(query.subject);
    let mut found: Vec<(RepeatCandidate, NaiveDate)> = Vec::new();
    for p in petitions {
        if p.meta.deleted
            || query.id == Some(p.meta.id.as_str())
            || query.received_on.is_some_and(|on| p.received_on > on)
        {
            continue;
        }
        let same_id =
            !id_number.is_empty() && id_number == id_number::normalize(&p.petitioner.id_number);
        let same_name = !name.is_empty() && name == p.petitioner.name.trim();
        if !same_id && !same_name {
            continue;
        }
        let similarity = dice(&subject, &bigrams(&p.subject));
        let (score, reason) = if same_id {
            (1.0 + similarity, RepeatReason::SameIdNumber)
        } else if similarity >= SIMILAR_SUBJECT {
            (similarity, RepeatReason::SameNameSimilarSubject)
        } else {
            continue;
        };
        let candidate = RepeatCandidate {
            petition_id: p.meta.id.to_string(),
            score,
            reason,
        };
        found.push((candidate, p.received_on));
    }
    found.sort_by(|(a, a_on), (b, b_on)| {
        b.score
            .total_cmp(&a.score)
            .then(b_on.cmp(a_on))
            .then(a.petition_id.cmp(&b.petition_id))
    });
    found.into_iter().map(|(candidate, _)| candidate).collect()
}

/// The sorted character bigrams of a text, ignoring spaces and punctuation and case.
/// A single character counts as one "bigram" of itself so that one-character subjects compare.
fn bigrams(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let mut pairs: Vec<(char, char)> = match chars.len() {
        0 => Vec::new(),
        1 => vec![(chars[0], chars[0])],
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    };
    pairs.sort_unstable();
    pairs
}

/// Dice coefficient of two sorted bigram multisets: 2·|A∩B| / (|A|+|B|).
fn dice(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Similarity of two subjects in 0..=1.
pub fn subject_similarity(a: &str, b: &str) -> f64 {
    dice(&bigrams(a), &bigrams(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::{day, sample};

    fn with(id: &str, name: &str, id_number: &str, subject: &str) -> Petition {
        let mut p = sample(id);
        p.petitioner.name = name.into();
        p.petitioner.id_number = id_number.into();
        p.subject = subject.into();
        p
    }

    fn query<'a>(name: &'a str, id_number: &'a str, subject: &'a str) -> RepeatQuery<'a> {
        RepeatQuery {
            id: None,
            received_on: None,
            name,
            id_number,
            subject,
        }
    }

    #[test]
    fn similarity_is_one_for_the_same_text_and_ignores_punctuation() {
        assert_eq!(
            subject_similarity("拆迁补偿款未到位", "拆迁补偿款未到位。"),
            1.0
        );
        assert_eq!(subject_similarity("", "拆迁"), 0.0);
        assert!(subject_similarity("拆迁补偿款未到位", "要求落实拆迁补偿款") >= SIMILAR_SUBJECT);
        assert!(subject_similarity("拆迁补偿款未到位", "儿子被打伤无人处理") < 0.1);
    }

    #[test]
    fn same_id_number_ranks_above_same_name_and_ignores_case_and_legacy_form() {
        let by_id = with("p1", "李四", "11010519491231002x", "工资拖欠");
        let by_legacy = with("p2", "", "110105491231002", "别的事");
        let by_name = with("p3", "张三", "", "拆迁补偿款未到位");
        let unrelated = with("p4", "张三", "", "儿子被打伤无人处理");
        let ledger = [&by_name, &unrelated, &by_legacy, &by_id];
        let found = find_repeats(
            &query(" 张三 ", "11010519491231002X", "要求落实拆迁补偿款"),
            ledger,
        );
        let ids: Vec<_> = found.iter().map(|c| c.petition_id.as_str()).collect();
        assert_eq!(ids, ["p1", "p2", "p3"]);
        assert_eq!(found[0].reason, RepeatReason::SameIdNumber);
        assert_eq!(found[2].reason, RepeatReason::SameNameSimilarSubject);
    }

    #[test]
    fn deleted_later_and_own_petitions_are_not_repeats() {
        let mut deleted = with("p1", "张三", "", "拆迁补偿款未到位");
        deleted.meta.deleted = true;
        let mut later = with("p2", "张三", "", "拆迁补偿款未到位");
        later.received_on = day("2022-09-01");
        let own = with("p3", "张三", "", "拆迁补偿款未到位");
        let q = RepeatQuery {
            id: Some("p3"),
            received_on: Some(day("2022-08-01")),
            ..query("张三", "", "拆迁补偿款未到位")
        };
        assert!(find_repeats(&q, [&deleted, &later, &own]).is_empty());
    }

    #[test]
    fn empty_name_and_id_number_never_match_anything() {
        let anonymous = with("p1", "", "", "拆迁补偿款未到位");
        assert!(find_repeats(&query("", "", "拆迁补偿款未到位"), [&anonymous]).is_empty());
    }
}
