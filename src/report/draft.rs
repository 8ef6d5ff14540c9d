//! What the reports page keeps per office between visits (PRODUCT §6): the period, offices
//! and day judged, the title, issuing body and date, the filled blanks, the sentences kept,
//! and a text the user edited, with the figures it was written against, so that a text whose
//! figures have since changed is marked stale with what changed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::report::Report;
use super::template::DEFAULT_TEMPLATE;
use super::wording;
use crate::domain::figures::{derived_tally, FigureKind};
use crate::i18n::{format_date, Lang};

/// The report's default title.
pub const DEFAULT_TITLE: &str = "关于专项执法巡视工作情况的汇报";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The day judged; `None` for the period's last day.
    pub as_of: Option<NaiveDate>,
    /// Office ids; `None` for all.
    pub offices: Option<BTreeSet<String>>,
    pub title: Option<String>,
    pub issuer: String,
    /// The document's date; `None` for today.
    pub issued_on: Option<NaiveDate>,
    pub blanks: BTreeMap<String, String>,
    /// Sentences kept although their figures are all zero.
    pub keep: BTreeSet<String>,
    /// The user's own text, once they edit the generated one.
    pub edited: Option<EditedText>,
}

/// A text the user edited, and the figures as they stood when it was last edited or kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditedText {
    pub text: String,
    pub figures: Figures,
}

/// The figures a text may state, by their Chinese name, as the report words them.
pub type Figures = BTreeMap<String, String>;

/// A figure that changed since the text was edited: its name, then and now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub name: String,
    pub then: String,
    pub now: String,
}

/// What a text states of `report`: the period, the day judged, every petition figure and
/// every tally sum of both years.
pub fn figures_of(report: &Report) -> Figures {
    let mut figures = Figures::new();
    let period = |scope: &crate::domain::Scope| {
        format!(
            "{}至{}",
            format_date(scope.from, Lang::Zh),
            format_date(scope.to, Lang::Zh)
        )
    };
    figures.insert("期间".into(), period(&report.scope));
    figures.insert(
        "统计截止日".into(),
        format_date(report.scope.as_of, Lang::Zh),
    );
    for (year, prefix) in [(&report.current, ""), (&report.previous, "去年同期")] {
        for (figure, value) in year.petitions.entries() {
            let worded = match figure.kind {
                FigureKind::Rate => wording::percent(value),
                _ => wording::count(value.unwrap_or(0.0)),
            };
            figures.insert(format!("{prefix}{}", figure.label_zh()), worded);
        }
        for (key, sum) in &year.tallies {
            let name = match derived_tally(key) {
                Some(derived) => format!("{}（合计）", derived.zh),
                None => report
                    .tally_bars
                    .iter()
                    .find(|bar| bar.metric == *key)
                    .map_or_else(|| key.clone(), |bar| bar.label.clone()),
            };
            figures.insert(format!("{prefix}{name}"), wording::count(*sum));
        }
    }
    figures
}

/// The figures that differ between `then` and `now`, by name; one missing on either side
/// reads as 0.
pub fn changed(then: &Figures, now: &Figures) -> Vec<Changed> {
    let names: BTreeSet<&String> = then.keys().chain(now.keys()).collect();
    names
        .into_iter()
        .filter_map(|name| {
            let read = |figures: &Figures| figures.get(name).cloned().unwrap_or_else(|| "0".into());
            let (was, is) = (read(then), read(now));
            (was != is).then(|| Changed {
                name: name.clone(),
                then: was,
                now: is,
            })
        })
        .collect()
}

/// The FNV-1a hash of a text: enough to recognise a template saved unchanged.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The hash of the first release's default template (paragraph 二 of the seed alone).
const FIRST_RELEASE_DEFAULT: u64 = 0x2967_fbb6_360f_fb4d;

/// The template an office saved, or today's default where it saved the first release's
/// default unchanged (which held only paragraph 二).
pub fn saved_template(saved: &str) -> &str {
    if fnv(saved) == FIRST_RELEASE_DEFAULT {
        DEFAULT_TEMPLATE
    } else {
        saved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::petition::tests::day;
    use crate::domain::Scope;
    use crate::report::report::build_report;
    use crate::report::report::tests::{a_small_city, august};

    #[test]
    fn a_draft_reads_back_and_an_empty_one_is_the_default() {
        let draft = Draft {
            from: Some(day("2022-08-01")),
            issuer: "某市政法委".into(),
            blanks: BTreeMap::from([("city".into(), "临汾".into())]),
            edited: Some(EditedText {
                text: "改过的文字".into(),
                figures: Figures::from([("来访（起）".into(), "12".into())]),
            }),
            ..Draft::default()
        };
        let json = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), draft);
        assert_eq!(
            serde_json::from_str::<Draft>("{}").unwrap(),
            Draft::default()
        );
    }

    #[test]
    fn a_text_goes_stale_when_a_figure_or_the_period_it_states_changes() {
        let ledger = a_small_city();
        let then = figures_of(&build_report(&ledger, &august()));
        assert_eq!(then["来访（起）"], "12");
        assert_eq!(then["去年同期来访（起）"], "2");
        assert_eq!(then["结案率"], "66.7%");
        assert_eq!(then["抓获犯罪嫌疑人"], "120");
        assert_eq!(then["处理违法违纪干警（合计）"], "12");
        assert_eq!(changed(&then, &then), []);
        let mut more = ledger.clone();
        let mut letter = more.petitions["l0"].clone();
        letter.meta.id = "l9".into();
        more.put(letter);
        let now = figures_of(&build_report(&more, &august()));
        let names: Vec<String> = changed(&then, &now).into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["收件总数（件）", "来信（封）"]);
        let september = Scope::new(day("2022-08-01"), day("2022-09-30"), None);
        let later = figures_of(&build_report(&ledger, &september));
        let period = changed(&then, &later)
            .into_iter()
            .find(|c| c.name == "期间")
            .unwrap();
        assert_eq!(period.now, "2022年8月1日至2022年9月30日");
    }

    #[test]
    fn the_first_releases_default_template_saved_unchanged_becomes_todays() {
        let first_release = concat!(
            "二、执法巡视工作的高效开展，是对{{ blank.city }}扭转政法工作被动局面的有力促进\n",
            "执法巡视组在项巡视几个月来，",
        );
        assert_eq!(saved_template(first_release), first_release);
        // The first release's default, word for word.
        let saved = include_str!("template/first_release.txt");
        assert_eq!(saved_template(saved), DEFAULT_TEMPLATE);
        assert_eq!(saved_template(&format!("{saved} ")), format!("{saved} "));
        assert_eq!(saved_template("我的模板"), "我的模板");
        assert_eq!(fnv(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
