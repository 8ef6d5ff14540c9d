use super::*;
use crate::domain::petition::tests::day;
use crate::domain::record::tests::stamp;
use crate::domain::record::{Extra, Meta};
use crate::domain::tallies::tests::tally;
use crate::domain::{Campaign, Ledger, Scope};
use crate::report::report::build_report;
use crate::report::report::tests::{a_small_city, august};

/// The seed, whole: the document the default template must keep, word for word but for
/// its figures and the differences `tests/seed/allowed.json` lists (the end-to-end test of
/// the printed report reads both too).
const SEED: &str = include_str!("../../../tests/seed/seed.txt");

/// Where the default template's words differ from the seed's, seed → template (`*` is a
/// figure): the date, the year and the month come from the period and a campaign; the
/// changes of 两个下降 are worded from the figures; the seed's slips are mended (办结案件N件,
/// 刑事拘留); a rate brings its own %.
fn allowed() -> Vec<(String, String)> {
    let pairs: Vec<[String; 2]> =
        serde_json::from_str(include_str!("../../../tests/seed/allowed.json")).unwrap();
    pairs.into_iter().map(|[from, to]| (from, to)).collect()
}

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
    let mut seed = SEED.trim_end().to_string();
    for (from, to) in allowed() {
        assert!(seed.contains(&from), "{from}");
        seed = seed.replace(&from, &to);
    }
    let mut at = 0;
    for sentence in sentences(&seed) {
        let found = find_pieces(&out.text, at, &wildcards(&sentence));
        at = found.unwrap_or_else(|| panic!("missing: {sentence}\nafter: {}", &out.text[at..]));
    }
    assert!(out.text.starts_with("尊敬的各位巡视组领导，同志们：\n"));
    assert_eq!(out.text.lines().count(), SEED.trim_end().lines().count());
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

#[test]
fn a_line_longer_than_any_template_needs_is_refused_at_its_line() {
    let template = format!("第一行\n{}", "台".repeat(70_000));
    let error = error_of(&template);
    assert_eq!(error.kind, TemplateErrorKind::LineTooLong);
    assert_eq!(error.line, Some(2));
}
