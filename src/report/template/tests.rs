use super::*;
use crate::domain::petition::tests::day;
use crate::domain::record::tests::stamp;
use crate::domain::record::{Extra, Meta};
use crate::domain::tallies::tests::tally;
use crate::domain::{Campaign, Ledger, Scope};
use crate::report::report::build_report;
use crate::report::report::tests::{a_small_city, august};

/// The seed, whole: the document the default template must keep, word for word but for
/// its figures and the differences `ALLOWED` lists.
const SEED: &str = "尊敬的各位巡视组领导，同志们：
省委政法委专项执法巡视组2022年8月21日进驻**以来，得到了全市广大干部群众的欢迎和拥护，各项工作进展顺利，取得了扎实的工作成效。具体讲，做到了“六个一批”，即：侦破了一批有影响的案件，解决了一批群众反映强烈的治安热点、难点问题，办理了一批涉及群众切身利益的好事、实事，化解了一批影响社会稳定的社会矛盾和纠纷，组建了一批维护社区和农村稳定的群防群治队伍，追究了一批违法违纪干警；实现了“两个下降、三个提高”，即：辖区各类可防性案件明显下降，涉法涉诉上访事件大幅度下降；政法机关服务群众、服务基层工作能力和水平明显提高，社会治安防控能力和群众自我防范意识明显提高，社会治安明显好转，群众安全感和对政法机关执法的满意度明显提高。
对省委政法委组织的这次专项执法巡视，我们有以下三点看法和感受：
一、省委政法委开展执法巡视的正确决策，为新时期加强和改进党对政法工作的领导指明了方向
通过这次专项执法巡视活动，我市一大批涉法涉诉信访案件得到解决，社会治安状况明显好转，政法机关存在的突出问题得到解决，政法队伍形象得到提升。执法巡视工作真正做到了使领导干部有触动，政法干部有震动，人民群众受感动，政法工作初步扭转被动，收到了人民群众满意、地方党委政府满意、政法干部满意的良好效果。我们真切地感到，省委政法委开展专项执法巡视工作的决策是完全正确的，十分符合基层政法工作的实际，开展执法巡视确实是解决当前政法工作存在问题的有效方法；省委常委、政法委书记李新民同志就对执法巡视工作的一系列重要指示，明确了新形势下如何加强党对政法工作的领导，如何加强执法监督、维护人民的权益，如何加强政法队伍建设、提高执法能力，非常及时、非常必要。开展执法巡视是政法工作领导方式和领导方法的重要创新，为我们做好政法工作指明了方向，拓宽了思路。
二、执法巡视工作的高效开展，是对**扭转政法工作被动局面的有力促进
执法巡视组在项巡视几个月来，共接待来访群众***起****人次，受理来信***封，重访***起，实际涉法涉诉信访案件***件，并对所有信访案件进行了交办。现已办结案件***，结案率**％，其余案件正在积极办理中。在巡视组的督导指挥下，我们春节期间开展了以打黑除恶为重点的“铁血风暴”“春雷”等专项严打行动，成功打掉了以***、***、***为首的黑恶势力犯罪团伙*个，其它恶势力团伙*个，抓获各类犯罪嫌疑人***人，批捕***人。同时，对**涉黑案进行了重新审查，对在逃的涉黑团伙成员，加大了追捕和打击力度，有力地震慑了犯罪分子。当地群众拍手称快，奔走相告，并在执法巡视组驻地燃放鞭炮庆贺。2022年10月份以来，我们组织开展春季严打整治斗争，单月破获各类刑事案件**起，查处治安案件***起，刑事**人，逮捕**人。组织***余名警力，开展巡逻大防控行动，构筑了特巡警控点、交警管线、派出所护面的全天候、立体化防控网络，实现了城区无缝隙网格化巡逻，做到了“白天见警察，晚上见警灯”，降低了“双抢”案件的发案率，城区治安形势明显好转。对突出治安问题开展专项集中治理，相继组织开展*次集中清理清查活动，清查宾馆、游戏厅、网吧等公共场所***多家，捣毁赌博窝点*处，拘留**人，收缴销毁赌博机**台。为整治政法队伍，我们共处理违法违纪干警**名，其中，批捕了*名严重违法干警，辞退*名，撤职*名，给予党政纪处分*名，收到了良好的教育和警示效果。为进一步密切警民关系，树立政法队伍形象，在全市还开展了“民警进万家，警情暖民心”大走访活动，全市共走访群众**万多户**万余人次，化解矛盾纠纷****余起，核对人口信息****余条，办理户籍业务****余起，送“二代身份证”上门****余次，召开法律宣讲会***多场，受到了群众的欢迎。在城区组织特巡警、交警开展24小时网格化巡逻，提高了市民见警率，降低了“双抢”案件的发案率。进一步加大了对涉法涉诉信访问题工作的处理力度，对涉法涉诉信访案件全部落实了领导包案制度，明确了解决期限和责任。坚持开展一把手接访活动，开通了公检法“三长”热线，加强了接处访力量。进一步加强了基层基础工作，在镇村两级成立了专职巡防队和治安巡逻队，对已建成的***个警务室进行了完善，市财政为乡镇办事处每月增拨了*万元的综治工作专项经费。在农村大力推广“平安互助网”技防系统，在城市和乡镇办事处推广了视频监控系统，高标准的110指挥中心已列入**市2022年“十大工程”，至年底可建成全市同一平台的治安防控网络。
巡视期间，执法巡视组各位成员废寝忘食的敬业精神、深入细致的工作作风、分秒必争的工作效率、心系群众的宗旨意识和廉洁自律的高尚情操，给我市广大基层干部树立了很好的榜样。广大群众以不同方式表达对巡视组的欢迎和感激之情，巡视组收到感谢信**多封、锦旗*面。
三、基层党委、政府和广大群众的配合、参与和支持，是执法巡视工作深入开展的重要保障
**市委、政府对省委政法委选派执法巡视工作组到我市工作，非常拥护，高度重视。市委多次召开常委会和政法工作大会，认真学习贯彻李新民书记和省委政法委关于开展专项执法巡视工作的重要指示精神，对配合执法巡视各个方面的工作，作出了周密的安排部署。通过巡视组和市委、市政府的宣传动员，政法各部门和广大干部群众积极配合、参与和支持巡视组的工作，使政法部门和政法工作中的一些突出问题得到了纠正，一批历史积案得到解决，人民群众的合法权益得到保护，进一步坚定了人民群众依靠党委、政府解决问题的信心。广大群众踊跃参与平安创建建设活动，为我市政法工作的深入开展增添了动力，党委、政府和政法机关的威信进一步提升，党的执政基础进一步巩固和加强。
实践证明，开展执法巡视是推进基层政法工作行之有效的好方法，十分有助于基层政法工作各种问题的解决。在今后的工作中，我们建议省委政法委将开展执法巡视的做法长期坚持下去，给基层政法工作的开展给予更多的指导和帮助。我们也将正视差距，知耻后勇，强化措施，连续作战，进一步扭转我市政法工作被动局面，向省委政法委和我市人民交上一份满意的答卷。";

/// Where the default template's words differ from the seed's, seed → template (`*` is a
/// figure): the date, the year and the month come from the period and a campaign; the
/// changes of 两个下降 are worded from the figures; the seed's slips are mended (办结案件N件,
/// 刑事拘留); a rate brings its own %.
const ALLOWED: [(&str, &str); 7] = [
    ("2022年8月21日进驻", "*进驻"),
    ("可防性案件明显下降", "可防性案件同比*"),
    ("上访事件大幅度下降", "上访事件同比*"),
    ("现已办结案件***，", "现已办结案件***件，"),
    ("刑事**人", "刑事拘留**人"),
    ("2022年10月份以来", "*以来"),
    ("**市2022年", "**市*年"),
];

/// A figure of the seed with what stands beside it: 万多, 万余, 余, 多 and ％ belong to it.
fn wildcards(seed: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = seed;
    while let Some(c) = rest.chars().next() {
        if c == '*' {
            rest = rest.trim_start_matches('*');
            for suffix in ["万多", "万余", "余", "多", "％"] {
                if let Some(after) = rest.strip_prefix(suffix) {
                    rest = after;
                    break;
                }
            }
            pieces.push(Piece::Literal(std::mem::take(&mut literal)));
            pieces.push(Piece::Figure);
        } else {
            literal.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    pieces.push(Piece::Literal(literal));
    pieces.retain(|p| *p != Piece::Literal(String::new()));
    pieces
}

#[derive(Debug, PartialEq)]
enum Piece {
    Literal(String),
    /// One or more characters, none of them a sentence's end.
    Figure,
}

/// Where `pieces` match in `text` from `from` on: the end of the first match.
fn find_pieces(text: &str, from: usize, pieces: &[Piece]) -> Option<usize> {
    fn matches_at(text: &str, at: usize, pieces: &[Piece]) -> Option<usize> {
        match pieces.split_first() {
            None => Some(at),
            Some((Piece::Literal(literal), rest)) => text[at..]
                .starts_with(literal.as_str())
                .then(|| matches_at(text, at + literal.len(), rest))
                .flatten(),
            Some((Piece::Figure, rest)) => {
                let mut end = at;
                for c in text[at..].chars() {
                    if "。；：\n".contains(c) {
                        break;
                    }
                    end += c.len_utf8();
                    if let Some(found) = matches_at(text, end, rest) {
                        return Some(found);
                    }
                }
                None
            }
        }
    }
    let starts = text[from..].char_indices().map(|(at, _)| from + at);
    starts
        .into_iter()
        .find_map(|start| matches_at(text, start, pieces))
}

/// The seed's sentences: split after 。；： and at line ends.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c == '\n' {
            out.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
        if "。；：".contains(c) {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.retain(|s| !s.trim().is_empty());
    out
}

/// A city whose every figure of the seed is counted: `a_small_city` with its campaigns
/// 铁血风暴, 春雷 and 春季严打整治斗争, every law-related case assigned, and fewer
/// preventable cases and law-related cases than last year.
fn a_whole_city() -> Ledger {
    let mut ledger = a_small_city();
    for (id, name, starts_on) in [
        ("c2", "春雷", "2022-02-01"),
        ("c3", "春季严打整治斗争", "2021-10-01"),
    ] {
        ledger.put(Campaign {
            meta: Meta::new(id, &stamp("dev", 0)),
            name: name.into(),
            starts_on: day(starts_on),
            ends_on: None,
            description: String::new(),
            metrics: Vec::new(),
            extra: Extra::new(),
        });
    }
    for (i, (metric, value)) in [("evil_groups_busted", 2.0), ("arrests_approved", 30.0)]
        .into_iter()
        .enumerate()
    {
        let mut t = tally(&format!("spring{i}"), "ga", metric, "2022-08-11", value);
        t.campaign_id = Some("c2".into());
        ledger.put(t);
    }
    ledger.put(tally(
        "prev-now",
        "ga",
        "preventable_cases",
        "2022-08-12",
        5.0,
    ));
    ledger.put(tally(
        "prev-then",
        "ga",
        "preventable_cases",
        "2021-08-12",
        8.0,
    ));
    let mut v8 = ledger.petitions["v8"].clone();
    v8.assigned_to = Some("fy".into());
    v8.status = crate::domain::Status::Assigned;
    ledger.put(v8);
    for i in 0..10 {
        let mut p = crate::domain::petition::tests::sample(&format!("old{i}"));
        p.office_id = "ga".into();
        p.received_on = day("2021-08-15");
        p.due_on = day("2021-10-14");
        ledger.put(p);
    }
    ledger
}

fn filled_in() -> Filled {
    let blanks = [
        ("city", "临汾"),
        ("gang_leader_1", "张某"),
        ("gang_leader_2", "李某"),
        ("gang_leader_3", "王某"),
        ("case_place", "城关镇"),
    ];
    Filled {
        blanks: blanks
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into_iter()
            .collect(),
        keep: BTreeSet::new(),
    }
}

fn rendered(ledger: &Ledger, template: &str) -> Rendered {
    render(template, &build_report(ledger, &august()), &filled_in()).unwrap()
}

fn text_of(template: &str) -> String {
    rendered(&a_small_city(), template).text
}

#[test]
fn every_sentence_of_the_seed_is_in_the_default_templates_text_in_order() {
    let out = rendered(&a_whole_city(), DEFAULT_TEMPLATE);
    assert_eq!(out.warnings, []);
    assert_eq!(out.omitted, []);
    let mut seed = SEED.to_string();
    for (from, to) in ALLOWED {
        assert!(seed.contains(from), "{from}");
        seed = seed.replace(from, to);
    }
    let mut at = 0;
    for sentence in sentences(&seed) {
        let found = find_pieces(&out.text, at, &wildcards(&sentence));
        at = found.unwrap_or_else(|| panic!("missing: {sentence}\nafter: {}", &out.text[at..]));
    }
    assert!(out.text.starts_with("尊敬的各位巡视组领导，同志们：\n"));
    assert_eq!(out.text.lines().count(), SEED.lines().count());
    assert!(!out.text.contains("{{") && !out.text.contains('*') && !out.text.contains('_'));
}

#[test]
fn the_default_text_fills_each_figure_of_the_seed() {
    let text = rendered(&a_whole_city(), DEFAULT_TEMPLATE).text;
    for sentence in [
        "省委政法委专项执法巡视组2022年8月1日进驻临汾以来",
        "实现了“两个下降、三个提高”，即：辖区各类可防性案件同比下降37.5%，涉法涉诉上访事件同比下降25.0%；",
        "二、执法巡视工作的高效开展，是对临汾扭转政法工作被动局面的有力促进\n",
        "共接待来访群众12起58人次，受理来信7封，重访3起，实际涉法涉诉信访案件9件，并对所有信访案件进行了交办。",
        "现已办结案件6件，结案率66.7%，其余案件正在积极办理中。",
        "成功打掉了以张某、李某、王某为首的黑恶势力犯罪团伙3个，其它恶势力团伙2个，抓获各类犯罪嫌疑人100人，批捕30人。",
        "同时，对城关镇涉黑案进行了重新审查，",
        "2021年10月份以来，我们组织开展春季严打整治斗争，单月破获各类刑事案件45起，查处治安案件230起，刑事拘留67人，逮捕52人。组织800名警力，",
        "相继组织开展6次集中清理清查活动，清查宾馆、游戏厅、网吧等公共场所310家，捣毁赌博窝点4处，拘留28人，收缴销毁赌博机35台。",
        "我们共处理违法违纪干警12名，其中，批捕了2名严重违法干警，辞退3名，撤职1名，给予党政纪处分6名，",
        "全市共走访群众2万多户5万余人次，化解矛盾纠纷1200余起，核对人口信息5600余条，办理户籍业务2300余起，送“二代身份证”上门1500次，召开法律宣讲会120场，",
        "对涉法涉诉信访案件全部落实了领导包案制度，",
        "对已建成的18个警务室进行了完善，市财政为乡镇办事处每月增拨了1.5万元的综治工作专项经费。",
        "高标准的110指挥中心已列入临汾市2022年“十大工程”",
        "巡视组收到感谢信40封、锦旗9面。",
        "\n临汾市委、政府对省委政法委",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}\nin: {text}");
    }
}

#[test]
fn a_claim_about_all_cases_says_how_many_when_not_all() {
    // In the small city eight of the nine law-related cases were assigned.
    let text = text_of(DEFAULT_TEMPLATE);
    assert!(
        text.contains("实际涉法涉诉信访案件9件，并对其中8件进行了交办。"),
        "{text}"
    );
    assert!(
        text.contains("对涉法涉诉信访案件中的8件落实了领导包案制度"),
        "{text}"
    );
    assert!(!text.contains("所有信访案件") && !text.contains("全部落实"));
}

#[test]
fn a_rise_is_not_called_a_fall() {
    // The small city has more law-related cases than last year (9 against 2).
    let text = text_of(DEFAULT_TEMPLATE);
    assert!(!text.contains("两个下降"), "{text}");
    assert!(text.contains("同比来看，辖区各类可防性案件持平，涉法涉诉上访事件提高350.0%；"));
}

#[test]
fn a_sentence_whose_figures_are_all_zero_is_left_out_and_can_be_kept() {
    let template = "一、标题\n共接待来访群众{{ visits }}起。批捕{{ t.preventable_cases }}名；逮捕{{ t.arrests }}人。\n三、{{ t.preventable_cases }}{{ t.banners_received }}";
    let report = build_report(&a_small_city(), &august());
    let out = render(template, &report, &Filled::default()).unwrap();
    assert_eq!(out.text, "一、标题\n共接待来访群众12起。逮捕52人。\n三、09");
    assert_eq!(
        out.omitted,
        [Omitted {
            key: "批捕名；".into(),
            text: "批捕0名；".into()
        }]
    );
    let keep = Filled {
        keep: BTreeSet::from(["批捕名；".to_string()]),
        ..Filled::default()
    };
    let out = render(template, &report, &keep).unwrap();
    assert!(out.text.contains("共接待来访群众12起。批捕0名；逮捕52人。"));
    assert_eq!(out.omitted, []);
    // The last sentence of a paragraph going leaves a full stop, not a semicolon.
    let out = render(
        "逮捕{{ t.arrests }}人；批捕{{ t.preventable_cases }}名。",
        &report,
        &Filled::default(),
    )
    .unwrap();
    assert_eq!(out.text, "逮捕52人。");
    // An empty ledger's default text keeps the document's parts and leaves out its counts.
    let empty = build_report(&Ledger::default(), &august());
    let out = render(DEFAULT_TEMPLATE, &empty, &Filled::default()).unwrap();
    assert!(out.text.contains("二、执法巡视工作的高效开展"));
    assert!(!out.text.contains("共接待来访群众"));
    assert!(out.omitted.iter().any(|o| o
        .text
        .starts_with("执法巡视组在项巡视几个月来，共接待来访群众0起")));
}

#[test]
fn yu_and_duo_follow_only_a_rounded_number() {
    assert_eq!(text_of("{{ t.disputes_resolved | approx }}起"), "1200余起");
    assert_eq!(text_of("{{ t.police_deployed | approx }}名"), "800名");
    assert_eq!(
        text_of("{{ t.legal_lectures | approx(\"多\") }}场"),
        "120场"
    );
    assert_eq!(text_of("{{ t.households_visited | wan }}户"), "2万多户");
    assert_eq!(
        text_of("{{ t.residents_visited | wan(\"余\") }}人次"),
        "5万余人次"
    );
    assert_eq!(text_of("{{ t.arrests | count }}"), "52");
    // Zeros stay plain (and their sentence is left out unless kept).
    let report = build_report(&Ledger::default(), &august());
    let keep_all = |template: &str| {
        let out = render(template, &report, &Filled::default()).unwrap();
        let keep = out.omitted.into_iter().map(|o| o.key).collect();
        render(
            template,
            &report,
            &Filled {
                keep,
                ..Filled::default()
            },
        )
        .unwrap()
        .text
    };
    assert_eq!(
        keep_all("化解{{ t.disputes_resolved | approx }}起"),
        "化解0起"
    );
    assert_eq!(
        keep_all("走访{{ t.households_visited | wan }}户"),
        "走访0户"
    );
}

#[test]
fn last_years_figures_and_the_change_are_worded_as_the_seed_words_them() {
    assert_eq!(
        text_of("{{ prev.visits }}|{{ prev.t.suspects_caught }}|{{ prev.closure_rate }}"),
        "2|80|100.0%"
    );
    assert_eq!(
        text_of("{{ change.visits }}|{{ change.closure_rate }}|{{ change.t.funding_added }}|{{ change.t.banners_received }}|{{ change.online }}"),
        "提高500.0%|下降33.3个百分点|提高20.0%|新增9|持平"
    );
    assert_eq!(text_of("{{ change.t.suspects_caught }}"), "提高50.0%");
    assert_eq!(text_of("{{ change.satisfaction_rate }}"), "—");
}

#[test]
fn the_period_is_worded_in_chinese() {
    let report = build_report(
        &a_small_city(),
        &Scope {
            as_of: day("2022-09-05"),
            ..august()
        },
    );
    let out = render(
        "{{ period.from }}至{{ period.to }}，截至{{ period.as_of }}，{{ period.year }}年",
        &report,
        &Filled::default(),
    )
    .unwrap();
    assert_eq!(
        out.text,
        "2022年8月1日至2022年8月31日，截至2022年9月5日，2022年"
    );
}

#[test]
fn a_campaigns_and_a_months_sums_and_the_best_month() {
    let ledger = a_whole_city();
    let out = rendered(&ledger, "{{ campaign(\"铁血风暴\").gangs_busted }}|{{ campaign(\"铁血风暴\", \"春雷\").evil_groups_busted }}|{{ campaign(\"春雷\").starts_on }}|{{ campaign(\"春雷\").start_month }}");
    assert_eq!(out.text, "3|2|2022年2月1日|2022年2月份");
    let out = rendered(&ledger, "{{ month(\"2022-08\").criminal_cases_solved }}|{{ month(\"2021-08\").suspects_caught }}|{{ best_month.arrests }}");
    assert_eq!(out.text, "45|80|52");
    assert_eq!(out.warnings, []);
}

#[test]
fn a_campaign_or_month_the_report_lacks_prints_a_gap_and_a_warning() {
    let out = rendered(&a_small_city(), "打掉{{ campaign(\"春雷\").gangs_busted }}个，{{ campaign(\"春雷\").start_month }}；{{ month(\"2020-01\").arrests }}人。");
    assert_eq!(out.text, "打掉＿＿＿个，＿＿＿；＿＿＿人。");
    assert_eq!(
        out.warnings,
        [
            Warning::NoCampaign("春雷".into()),
            Warning::NoMonth("2020-01".into())
        ]
    );
    // One name missing of two: the sum would mislead, so it is a gap too.
    let out = rendered(
        &a_small_city(),
        "{{ campaign(\"铁血风暴\", \"春雷\").gangs_busted }}",
    );
    assert_eq!(out.text, "＿＿＿");
}

fn unknown(name: &str, line: usize) -> TemplateError {
    TemplateError {
        line: Some(line),
        name: Some(name.to_string()),
        kind: TemplateErrorKind::UnknownPlaceholder,
    }
}

fn error_of(template: &str) -> TemplateError {
    render(
        template,
        &build_report(&a_small_city(), &august()),
        &Filled::default(),
    )
    .unwrap_err()
}

#[test]
fn an_unknown_placeholder_is_an_error_naming_it_and_its_line() {
    assert_eq!(
        error_of("共接待来访群众{{ visits }}起，\n受理来信{{ visitz }}封"),
        unknown("visitz", 2)
    );
    assert_eq!(
        error_of("\n\n{% if visits %}打掉{{ t.no_such_metric | wan }}个{% endif %}"),
        unknown("t.no_such_metric", 3)
    );
    // Found even where the text would not be printed.
    assert_eq!(
        error_of("{% if false %}{{ letter }}{% endif %}"),
        unknown("letter", 1)
    );
    assert_eq!(
        error_of("{{ visits }}\n{{ visits | wam }}"),
        unknown("wam", 2)
    );
    assert_eq!(error_of("{{ t.arrests }}\n{{ t }}"), unknown("t", 2));
    assert_eq!(error_of("{{ zeta }}{{ alpha }}"), unknown("zeta", 1));
    assert_eq!(error_of("{{ prev.visitz }}"), unknown("prev.visitz", 1));
    assert_eq!(error_of("{{ period.month }}"), unknown("period.month", 1));
    // A metric asked of a campaign is checked as the text renders.
    let error = error_of("第一行\n{{ campaign(\"铁血风暴\").gangz }}");
    assert_eq!(
        (error.kind, error.name),
        (TemplateErrorKind::UnknownPlaceholder, Some("gangz".into()))
    );
}

#[test]
fn a_known_metric_without_a_tally_this_period_counts_zero() {
    let report = build_report(&a_small_city(), &august());
    let out = render(
        "{{ t.preventable_cases }}|{{ t.dogs_walked }}|{{ t.patrol_teams_formed | wan }}",
        &report,
        &Filled::default(),
    )
    .unwrap();
    assert_eq!(out.omitted.len(), 1);
    assert_eq!(error_of("{{ t.cats_fed }}"), unknown("t.cats_fed", 1));
}

#[test]
fn a_syntax_error_is_an_error_with_its_line() {
    for text in ["结案率{{ closure_rate ", "第一行\n{% if visits %}未结束"] {
        let error = error_of(text);
        assert!(
            matches!(error.kind, TemplateErrorKind::Syntax(_)),
            "{error:?}"
        );
        assert!(error.line.is_some(), "{error:?}");
    }
    let error = error_of("{{ closure_rate | wan }}");
    assert!(
        matches!(error.kind, TemplateErrorKind::Syntax(_)),
        "{error:?}"
    );
    assert!(blanks("{{ blank.city ").is_err());
}

#[test]
fn a_runaway_template_stops_within_its_budget_with_a_message() {
    // Nine loops, each over ten characters: 10⁹ steps without a budget.
    let nested = (0..9)
        .map(|i| format!("{{% for c{i} in \"0123456789\" %}}"))
        .collect::<String>()
        + &"{% endfor %}".repeat(9);
    let started = std::time::Instant::now();
    assert_eq!(error_of(&nested).kind, TemplateErrorKind::TooManySteps);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // Text made from a few characters without bound is refused before it runs.
    for (template, what) in [
        ("{% for c in \"x\" * 100000000 %}{{ c }}{% endfor %}", "*"),
        ("{{ \"x\" ~ \"y\" }}", "~"),
        ("{% set a = \"xx\" %}", "set"),
        ("第一行\n{%- set a = 1 %}", "set"),
    ] {
        let error = error_of(template);
        assert_eq!(error.kind, TemplateErrorKind::NotAllowed, "{template}");
        assert_eq!(error.name.as_deref(), Some(what), "{template}");
    }
    // Quoted, they are plain words.
    assert_eq!(text_of("{{ \"a * b ~ c\" }}"), "a * b ~ c");
    // Output is bounded too: 600 KB from loops is refused.
    let long =
        "{% for a in \"0123456789\" %}{% for b in \"0123456789\" %}{% for c in \"0123456789\" %}"
            .to_string()
            + &"甲".repeat(200)
            + "{% endfor %}{% endfor %}{% endfor %}";
    assert_eq!(error_of(&long).kind, TemplateErrorKind::TooLong);
}

#[test]
fn blanks_are_listed_in_order_with_chinese_labels_and_printed_as_filled_in_or_a_gap() {
    assert_eq!(
        blanks(DEFAULT_TEMPLATE).unwrap(),
        [
            "city",
            "gang_leader_1",
            "gang_leader_2",
            "gang_leader_3",
            "case_place"
        ]
    );
    for name in blanks(DEFAULT_TEMPLATE).unwrap() {
        assert!(!blank_label(&name, Lang::Zh).is_ascii(), "{name}");
    }
    assert_eq!(blank_label("place", Lang::Zh), "place");
    let text = "{{ blank.place }}、{{ blank.date }}、{{ blank.place }}";
    assert_eq!(blanks(text).unwrap(), ["place", "date"]);
    let filled = Filled {
        blanks: BTreeMap::from([
            ("place".to_string(), "城关镇".to_string()),
            ("date".to_string(), "  ".to_string()),
        ]),
        ..Filled::default()
    };
    let report = build_report(&a_small_city(), &august());
    assert_eq!(
        render(text, &report, &filled).unwrap().text,
        "城关镇、＿＿＿、城关镇"
    );
}

#[test]
fn output_is_plain_text_never_escaped_and_rates_are_worded() {
    let filled = Filled {
        blanks: BTreeMap::from([("who".to_string(), "<b>张&李</b>\u{E001}".to_string())]),
        ..Filled::default()
    };
    let report = build_report(&a_small_city(), &august());
    let text =
        "{{ blank.who }}：{{ closure_rate }}，{{ satisfaction_rate }}，{{ t.funding_added }}\n";
    assert_eq!(
        render(text, &report, &filled).unwrap().text,
        "<b>张&李</b>：66.7%，—，1.5\n"
    );
}

#[test]
fn the_legend_lists_every_figure_and_each_one_renders() {
    let names = figure_names();
    let listed = |name: &str| names.iter().any(|(n, _)| n == name);
    assert!(PETITION_FIGURES.iter().all(|f| listed(f.key)));
    assert!(BUILTIN
        .iter()
        .all(|entry| listed(&format!("t.{}", entry.0))));
    assert!(
        listed("t.officers_disciplined") && listed("wan") && listed("approx") && listed("count")
    );
    assert!(names
        .iter()
        .any(|(n, d)| n == "t.households_visited" && d == "走访群众户数（户）"));
    let empty = build_report(&Ledger::default(), &august());
    for (name, _) in names
        .iter()
        .filter(|(n, _)| petition_figure(n).is_some() || n.starts_with("t."))
    {
        let text = format!("{{{{ {name} }}}}|{{{{ prev.{name} }}}}|{{{{ change.{name} }}}}");
        assert!(render(&text, &empty, &Filled::default()).is_ok(), "{name}");
    }
}
