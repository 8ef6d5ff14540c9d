//! A deterministic generator of realistic ledgers for benchmarks and load tests: a city's
//! offices, campaigns, petitions in every channel, category and status (with their logs,
//! extensions, repeats and deletions), and tallies of every built-in metric. The same seed
//! and sizes give the same ledger, byte for byte, natively and in the browser.
//!
//! Plain Rust like the domain. Its own small random number generator (SplitMix64) keeps the
//! output the same across library versions, which a benchmark's baseline depends on.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::domain::catalogue::builtin_metrics;
use crate::domain::deadline::max_extension;
use crate::domain::id_number::check_character;
use crate::domain::record::Extra;
use crate::domain::{
    Acceptance, Calendar, Campaign, Category, Channel, Ledger, Meta, Name, NewPetition, Office,
    OfficeKind, Outcome, Petition, Petitioner, Satisfaction, Stamp, Tally,
};

/// How big a ledger to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub petitions: usize,
    pub tallies: usize,
}

impl Size {
    pub const SMALL: Size = Size {
        petitions: 10_000,
        tallies: 50_000,
    };
    pub const LARGE: Size = Size {
        petitions: 100_000,
        tallies: 500_000,
    };
}

/// SplitMix64: tiny, fast, and fixed forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A version 4 UUID made from the generator's bits.
    fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
}

const SURNAMES: [&str; 16] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
];
const GIVEN: [&str; 16] = [
    "建国", "秀英", "桂兰", "志强", "海燕", "明", "伟", "芳", "军", "丽", "国华", "玉兰", "德胜",
    "春梅", "小红", "永福",
];
const SUBJECTS: [&str; 12] = [
    "对判决结果不服",
    "执行款长期未到位",
    "邻里宅基地纠纷",
    "拖欠农民工工资",
    "反映派出所不作为",
    "不服不起诉决定",
    "征地补偿标准异议",
    "物业服务纠纷",
    "医疗纠纷赔偿",
    "婚姻家庭纠纷",
    "反映电信诈骗损失",
    "要求追究违法责任",
];
const STREETS: [&str; 6] = ["人民路", "解放路", "建设路", "中山路", "新华街", "光明巷"];
const LEADERS: [&str; 4] = ["赵副书记", "钱局长", "孙院长", "李检察长"];
const DEVICES: [&str; 4] = ["device-ga", "device-fy", "device-jcy", "device-zfw"];

/// The city's offices: the committee, then each district's four political-legal units.
fn offices(rng: &mut Rng, start: DateTime<Utc>) -> Vec<Office> {
    let mut offices = vec![("市委政法委", OfficeKind::Committee, "ZFW".to_string())];
    for (district, code) in [("东城", "DC"), ("西城", "XC"), ("南湖", "NH")] {
        for (unit, kind, short) in [
            ("公安分局", OfficeKind::PublicSecurity, "GA"),
            ("人民法院", OfficeKind::Court, "FY"),
            ("人民检察院", OfficeKind::Procuratorate, "JCY"),
            ("司法局", OfficeKind::Justice, "SFJ"),
        ] {
            offices.push((
                Box::leak(format!("{district}区{unit}").into_boxed_str()),
                kind,
                format!("{code}{short}"),
            ));
        }
    }
    offices
        .into_iter()
        .map(|(name, kind, code)| Office {
            meta: meta(rng.uuid(), start, DEVICES[3]),
            name: name.to_string(),
            kind,
            code,
            extra: Extra::new(),
        })
        .collect()
}

fn meta(id: String, at: DateTime<Utc>, device: &str) -> Meta {
    Meta::new(
        id,
        &Stamp {
            device: device.to_string(),
            now: at,
            office: None,
            by_name: String::new(),
        },
    )
}

/// An 18-character ID number with a valid check character, born 1940–2000.
fn id_number(rng: &mut Rng) -> String {
    let area = ["110101", "310104", "420102", "440305", "510107"][rng.below(5)];
    let birth =
        NaiveDate::from_ymd_opt(1940, 1, 1).unwrap() + Duration::days(rng.below(21_900) as i64);
    let first17 = format!("{area}{}{:03}", birth.format("%Y%m%d"), rng.below(1000));
    let check = check_character(&first17).expect("17 digits");
    format!("{first17}{check}")
}

/// A ledger of `size` for the city, seeded: petitions received in 2021 and 2022 (up to
/// `today`), tallies on consecutive days over the same years.
pub fn ledger(seed: u64, size: Size, today: NaiveDate) -> Ledger {
    let mut rng = Rng(seed);
    let first_day = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap();
    let start = Utc.from_utc_datetime(&first_day.and_hms_opt(0, 0, 0).unwrap());
    let mut ledger = Ledger::default();

    let offices = offices(&mut rng, start);
    let metrics = builtin_metrics();
    let campaigns: Vec<Campaign> = [
        // The seed's campaigns, which the default report names: 铁血风暴 over 春节 2021.
        ("铁血风暴", "2021-01-15", Some("2021-02-28")),
        ("春雷", "2021-02-01", Some("2021-04-30")),
        ("春季严打整治斗争", "2021-03-01", None),
    ]
    .into_iter()
    .map(|(name, starts, ends)| Campaign {
        meta: meta(rng.uuid(), start, DEVICES[3]),
        name: name.to_string(),
        starts_on: starts.parse().unwrap(),
        ends_on: ends.map(|e| e.parse().unwrap()),
        description: String::new(),
        metrics: metrics.iter().map(|m| m.meta.id.to_string()).collect(),
        extra: Extra::new(),
    })
    .collect();

    let span = (today - first_day).num_days().max(1) as usize;
    let mut serials: Vec<u32> = vec![0; offices.len()];
    let mut ids: Vec<String> = Vec::with_capacity(size.petitions);
    // Received dates in order, so serials rise with them as a clerk's would.
    let mut days: Vec<usize> = (0..size.petitions).map(|_| rng.below(span)).collect();
    days.sort_unstable();
    for day in days {
        let received_on = first_day + Duration::days(day as i64);
        let office = rng.below(offices.len());
        serials[office] += 1;
        let petition = petition(
            &mut rng,
            &offices,
            office,
            serials[office],
            received_on,
            today,
            &ids,
        );
        ids.push(petition.meta.id.to_string());
        ledger.petitions.insert(petition.meta.id.clone(), petition);
    }

    // Tallies: every office, metric and day in turn (with or without a campaign), so that
    // no two share the key of PRODUCT §3, with a few days left out at random.
    let mut made = 0;
    let mut day = first_day;
    'days: while made < size.tallies {
        for office in &offices {
            for metric in &metrics {
                if made >= size.tallies {
                    break 'days;
                }
                if rng.chance(10) {
                    continue;
                }
                let campaign = campaigns
                    .iter()
                    .find(|c| c.runs_on(day) && rng.chance(60))
                    .map(|c| c.meta.id.clone());
                let value = if metric.integer {
                    rng.below(40) as f64
                } else {
                    (rng.below(100_000) as f64) / 100.0
                };
                let at = Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).unwrap());
                let tally = Tally {
                    meta: meta(rng.uuid(), at, DEVICES[rng.below(DEVICES.len())]),
                    office_id: office.meta.id.as_str().into(),
                    metric: metric.meta.id.as_str().into(),
                    on: day,
                    value,
                    campaign_id: campaign.map(|c| Name::new(&c)),
                    note: String::new(),
                    extra: Extra::new(),
                };
                ledger.tallies.insert(tally.meta.id.clone(), tally);
                made += 1;
            }
        }
        day += Duration::days(1);
    }

    for office in offices {
        ledger.offices.insert(office.meta.id.clone(), office);
    }
    for campaign in campaigns {
        ledger.campaigns.insert(campaign.meta.id.clone(), campaign);
    }
    ledger
}

/// One petition, taken as far along its life as its age allows.
fn petition(
    rng: &mut Rng,
    offices: &[Office],
    office: usize,
    serial: u32,
    received_on: NaiveDate,
    today: NaiveDate,
    earlier: &[String],
) -> Petition {
    let registrar = &offices[office];
    let device = DEVICES[office % DEVICES.len()];
    let at = |day: NaiveDate, minutes: i64| Stamp {
        device: device.to_string(),
        now: Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).unwrap()) + Duration::minutes(minutes),
        office: None,
        by_name: String::new(),
    };
    let name = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
    let new = NewPetition {
        office_id: registrar.meta.id.to_string(),
        serial: format!(
            "{}-{}-{serial:05}",
            registrar.code,
            received_on.format("%Y")
        ),
        channel: *rng.pick(Channel::ALL),
        received_on,
        petitioner: Petitioner {
            name,
            id_number: if rng.chance(85) {
                id_number(rng)
            } else {
                String::new()
            },
            phone: if rng.chance(70) {
                format!("13{:09}", rng.below(1_000_000_000))
            } else {
                String::new()
            },
            address: format!("{}{}号", rng.pick(&STREETS), rng.below(300) + 1),
            extra: Extra::new(),
        },
        headcount: if rng.chance(90) {
            1
        } else {
            2 + rng.below(8) as u32
        },
        law_related: rng.chance(30),
        category: *rng.pick(Category::ALL),
        subject: rng.pick(&SUBJECTS).to_string(),
        details: String::new(),
        repeat_of: (rng.chance(8) && !earlier.is_empty())
            .then(|| earlier[earlier.len() - 1 - rng.below(earlier.len().min(500))].clone()),
    };
    let calendar = Calendar::shipped();
    let mut p = Petition::register(new, &calendar, &at(received_on, 0));
    p.meta.id = rng.uuid().into();
    let age = (today - received_on).num_days();

    if age > 3 && rng.chance(85) {
        let decided = received_on + Duration::days(rng.below(4) as i64);
        p.decide(
            Acceptance::Accepted,
            decided,
            String::new(),
            Some(decided),
            &calendar,
            &at(decided, 5),
        );
        let to = rng.below(offices.len());
        let on = (decided + Duration::days(rng.below(3) as i64)).min(today);
        let leader = rng.pick(&LEADERS).to_string();
        p.assign(offices[to].meta.id.to_string(), leader, on, &at(on, 10));
        if age > 20 && rng.chance(50) {
            let on = on + Duration::days(10);
            p.reply(on, "承办单位已书面答复".into(), &at(on, 20));
        }
        if age > 50 && rng.chance(8) {
            let latest = max_extension(p.due_on, &calendar);
            let to = (latest - Duration::days(rng.below(20) as i64)).max(p.due_on);
            let on = received_on + Duration::days(50);
            // The first extension of a new case: the step cannot refuse it.
            let _ = p.extend(
                to,
                "案情复杂，需进一步调查".into(),
                rng.pick(&LEADERS).to_string(),
                &calendar,
                &at(on, 30),
            );
        }
        if age > 30 && rng.chance(75) {
            let latest = (p.effective_due() - received_on).num_days().min(age) + 10;
            let on =
                received_on + Duration::days(15 + rng.below(latest.max(16) as usize - 15) as i64);
            let on = on.min(today);
            let satisfaction = [
                Some(Satisfaction::Satisfied),
                Some(Satisfaction::BasicallySatisfied),
                Some(Satisfaction::Unsatisfied),
                None,
            ];
            p.conclude(
                on,
                *rng.pick(Outcome::ALL),
                *rng.pick(&satisfaction),
                &at(on, 40),
            );
            if rng.chance(3) {
                let due = Petition::reopened_due(on, &calendar);
                p.reopen("群众不满意，重新办理".into(), due, &at(on, 50));
            }
        }
    } else if age > 10 && rng.chance(30) {
        let decided = received_on + Duration::days(rng.below(10) as i64);
        p.decide(
            Acceptance::NotAccepted,
            decided,
            "已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决".into(),
            Some(decided),
            &calendar,
            &at(decided, 5),
        );
    }
    if rng.chance(1) {
        p.delete(&at(received_on, 60));
    }
    for action in &mut p.actions {
        action.id = rng.uuid().into();
    }
    p
}

/// The median time of five runs of `f`, for the measurements kept as ignored tests.
#[cfg(test)]
pub fn median_of_five(f: &mut dyn FnMut()) -> std::time::Duration {
    let mut runs: Vec<_> = (0..5)
        .map(|_| {
            let started = std::time::Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    runs.sort();
    runs[2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{validate_petition, Status};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 8, 21).unwrap()
    }

    const TINY: Size = Size {
        petitions: 2_000,
        tallies: 5_000,
    };

    #[test]
    fn the_same_seed_gives_the_same_ledger_and_another_seed_another() {
        let a = ledger(7, TINY, today());
        assert_eq!(a, ledger(7, TINY, today()));
        assert_ne!(a, ledger(8, TINY, today()));
        assert_eq!(a.petitions.len(), TINY.petitions);
        assert_eq!(a.tallies.len(), TINY.tallies);
    }

    #[test]
    fn every_channel_category_and_status_occurs_and_every_petition_is_valid() {
        let l = ledger(1, TINY, today());
        for channel in Channel::ALL {
            assert!(
                l.petitions.values().any(|p| p.channel == *channel),
                "{channel:?}"
            );
        }
        for category in Category::ALL {
            assert!(
                l.petitions.values().any(|p| p.category == *category),
                "{category:?}"
            );
        }
        for status in [
            Status::Registered,
            Status::Assigned,
            Status::InProgress,
            Status::Concluded,
        ] {
            assert!(
                l.petitions.values().any(|p| p.status == status),
                "{status:?}"
            );
        }
        assert!(l.petitions.values().any(|p| p.extended_to.is_some()));
        assert!(l.petitions.values().any(|p| p.is_repeat()));
        assert!(l.petitions.values().any(|p| p.meta.deleted));
        for p in l.petitions.values() {
            let others = l.petitions.values().filter(|o| o.meta.id != p.meta.id);
            let problems = validate_petition(p, today(), &Calendar::shipped(), others);
            assert!(problems.is_empty(), "{}: {problems:?}", p.serial);
        }
    }

    #[test]
    fn tallies_cover_every_metric_and_never_share_a_key() {
        let l = ledger(1, TINY, today());
        let keys: std::collections::HashSet<_> = l
            .tallies
            .values()
            .map(|t| (&t.office_id, &t.metric, t.on, &t.campaign_id))
            .collect();
        assert_eq!(keys.len(), l.tallies.len());
        for metric in builtin_metrics() {
            assert!(
                l.tallies.values().any(|t| t.metric == *metric.meta.id),
                "{}",
                metric.meta.id
            );
        }
    }
}
