//! The built-in metric catalogue: every count the seed report asks for (PRODUCT §5.3).

use chrono::{DateTime, Utc};

use super::metric::{Metric, MetricGroup};
use super::record::{Extra, Meta};

/// One built-in metric: key, Chinese label, English label, Chinese unit, English unit, group.
#[rustfmt::skip]
type Entry = (&'static str, &'static str, &'static str, &'static str, &'static str, MetricGroup);

use MetricGroup::{Crackdown, Discipline, Feedback, Grassroots, Outreach, Prevention};

// One line per metric, to read as the table of §5.3.
#[rustfmt::skip]
pub const BUILTIN: &[Entry] = &[
    ("gangs_busted", "打掉黑恶势力犯罪团伙", "Organised crime gangs broken up", "个", "gangs", Crackdown),
    ("evil_groups_busted", "打掉其他恶势力团伙", "Other criminal cliques broken up", "个", "groups", Crackdown),
    ("suspects_caught", "抓获犯罪嫌疑人", "Suspects caught", "人", "people", Crackdown),
    ("arrests_approved", "批捕", "Arrests approved", "人", "people", Crackdown),
    ("criminal_cases_solved", "破获刑事案件", "Criminal cases solved", "起", "cases", Crackdown),
    ("public_security_cases", "查处治安案件", "Public order cases dealt with", "起", "cases", Crackdown),
    ("criminal_detentions", "刑事拘留", "Criminal detentions", "人", "people", Crackdown),
    ("arrests", "逮捕", "Arrests", "人", "people", Crackdown),
    ("police_deployed", "出动警力", "Police deployed", "人次", "officer deployments", Prevention),
    ("cleanup_operations", "集中清理清查", "Concentrated clean-up sweeps", "次", "operations", Prevention),
    ("venues_inspected", "清查公共场所", "Public venues inspected", "家", "venues", Prevention),
    ("gambling_dens_destroyed", "捣毁赌博窝点", "Gambling dens shut down", "处", "dens", Prevention),
    ("administrative_detentions", "治安拘留", "Administrative detentions", "人", "people", Prevention),
    ("gambling_machines_seized", "收缴销毁赌博机", "Gambling machines seized and destroyed", "台", "machines", Prevention),
    ("preventable_cases", "可防性案件发案", "Preventable crimes reported", "起", "cases", Prevention),
    ("officers_arrested", "批捕违法干警", "Officers arrested for offences", "名", "officers", Discipline),
    ("officers_dismissed", "辞退干警", "Officers dismissed", "名", "officers", Discipline),
    ("officers_removed", "撤职干警", "Officers removed from post", "名", "officers", Discipline),
    ("officers_sanctioned", "党政纪处分干警", "Officers given Party or administrative sanctions", "名", "officers", Discipline),
    ("households_visited", "走访群众户数", "Households visited", "户", "households", Outreach),
    ("residents_visited", "走访群众人次", "Residents visited", "人次", "visits", Outreach),
    ("disputes_resolved", "化解矛盾纠纷", "Disputes resolved", "起", "disputes", Outreach),
    ("population_records_checked", "核对人口信息", "Population records checked", "条", "records", Outreach),
    ("household_registrations", "办理户籍业务", "Household registration matters handled", "起", "matters", Outreach),
    ("id_cards_delivered", "送身份证上门", "ID cards delivered to the door", "次", "deliveries", Outreach),
    ("legal_lectures", "召开法律宣讲会", "Legal awareness sessions held", "场", "sessions", Outreach),
    ("police_rooms_improved", "完善警务室", "Community police rooms improved", "个", "rooms", Grassroots),
    ("patrol_teams_formed", "组建巡防队伍", "Patrol teams formed", "支", "teams", Grassroots),
    ("funding_added", "增拨综治经费", "Additional public-safety funding", "万元", "10,000 yuan", Grassroots),
    ("thank_you_letters", "感谢信", "Thank-you letters received", "封", "letters", Feedback),
    ("banners_received", "锦旗", "Honorary banners received", "面", "banners", Feedback),
];

/// The device name that built-in metrics are "updated by".
pub const BUILTIN_DEVICE: &str = "builtin";

/// The built-in catalogue as metric records: version 1, stamped at the Unix epoch by
/// `builtin`, so that every device holds identical records and merging them changes nothing.
pub fn builtin_metrics() -> Vec<Metric> {
    BUILTIN
        .iter()
        .map(
            |&(key, label_zh, label_en, unit_zh, unit_en, group)| Metric {
                meta: Meta {
                    id: key.into(),
                    version: 1,
                    updated_at: DateTime::<Utc>::UNIX_EPOCH,
                    updated_by: BUILTIN_DEVICE.into(),
                    deleted: false,
                },
                label_zh: label_zh.to_string(),
                label_en: label_en.to_string(),
                unit_zh: unit_zh.to_string(),
                unit_en: unit_en.to_string(),
                group,
                // Only funding (in 10,000 yuan) may be fractional.
                integer: key != "funding_added",
                builtin: true,
                hidden: false,
                extra: Extra::new(),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::metric::is_valid_key;
    use std::collections::BTreeSet;

    const SECTION_5_3_KEYS: &[&str] = &[
        "gangs_busted",
        "evil_groups_busted",
        "suspects_caught",
        "arrests_approved",
        "criminal_cases_solved",
        "public_security_cases",
        "criminal_detentions",
        "arrests",
        "police_deployed",
        "cleanup_operations",
        "venues_inspected",
        "gambling_dens_destroyed",
        "administrative_detentions",
        "gambling_machines_seized",
        "preventable_cases",
        "officers_arrested",
        "officers_dismissed",
        "officers_removed",
        "officers_sanctioned",
        "households_visited",
        "residents_visited",
        "disputes_resolved",
        "population_records_checked",
        "household_registrations",
        "id_cards_delivered",
        "legal_lectures",
        "police_rooms_improved",
        "patrol_teams_formed",
        "funding_added",
        "thank_you_letters",
        "banners_received",
    ];

    #[test]
    fn catalogue_holds_exactly_the_keys_of_section_5_3_once_each() {
        let metrics = builtin_metrics();
        let keys: Vec<&str> = metrics.iter().map(|m| m.key()).collect();
        assert_eq!(keys, SECTION_5_3_KEYS);
        assert_eq!(keys.iter().collect::<BTreeSet<_>>().len(), keys.len());
        assert!(keys.iter().all(|k| is_valid_key(k)));
    }

    #[test]
    fn only_funding_is_fractional_and_every_metric_is_labelled_and_builtin() {
        for metric in builtin_metrics() {
            assert_eq!(
                metric.integer,
                metric.key() != "funding_added",
                "{}",
                metric.key()
            );
            assert!(metric.builtin);
            assert_eq!(metric.meta.version, 1);
            assert!(!metric.label_zh.is_empty() && !metric.label_en.is_empty());
            assert!(!metric.unit_zh.is_empty() && !metric.unit_en.is_empty());
        }
        let funding = builtin_metrics()
            .into_iter()
            .find(|m| m.key() == "funding_added")
            .unwrap();
        assert_eq!(
            (funding.unit_zh.as_str(), funding.group),
            ("万元", MetricGroup::Grassroots)
        );
        let json = serde_json::to_value(&funding).unwrap();
        assert_eq!(json["updated_at"], "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn built_in_metrics_are_identical_on_every_call() {
        assert_eq!(builtin_metrics(), builtin_metrics());
    }
}
