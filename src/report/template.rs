//! The report's narrative (PRODUCT §6): a text template in the seed's words with named
//! placeholders bound to the figures, which the user may edit; an unknown placeholder is an
//! error that names it, never blank text.
//!
//! Templates are minijinja syntax (`{{ visits }}`, `{{ t.households_visited | wan }}`),
//! rendered as plain text: no HTML escaping, since the page shows the result as text.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Object, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};

use super::report::Report;
use super::wording;
use crate::domain::catalogue::BUILTIN;
use crate::domain::figures::OFFICERS_DISCIPLINED;
use crate::domain::PetitionFigures;

/// Paragraph 二 of the seed, with the title line and the sentence on thank-you letters and
/// banners from the paragraph after it; every `*` is a placeholder.
pub const DEFAULT_TEMPLATE: &str = "二、执法巡视工作的高效开展，是对{{ blank.city }}扭转政法工作被动局面的有力促进\n\
执法巡视组在项巡视几个月来，共接待来访群众{{ visits }}起{{ visit_people }}人次，受理来信{{ letters }}封，重访{{ repeat }}起，实际涉法涉诉信访案件{{ law_related }}件，并对所有信访案件进行了交办。现已办结案件{{ concluded }}，结案率{{ closure_rate }}，其余案件正在积极办理中。在巡视组的督导指挥下，我们春节期间开展了以打黑除恶为重点的“铁血风暴”“春雷”等专项严打行动，成功打掉了以{{ blank.gang_leader_1 }}、{{ blank.gang_leader_2 }}、{{ blank.gang_leader_3 }}为首的黑恶势力犯罪团伙{{ t.gangs_busted }}个，其它恶势力团伙{{ t.evil_groups_busted }}个，抓获各类犯罪嫌疑人{{ t.suspects_caught }}人，批捕{{ t.arrests_approved }}人。同时，对{{ blank.case_place }}涉黑案进行了重新审查，对在逃的涉黑团伙成员，加大了追捕和打击力度，有力地震慑了犯罪分子。当地群众拍手称快，奔走相告，并在执法巡视组驻地燃放鞭炮庆贺。2022年10月份以来，我们组织开展春季严打整治斗争，单月破获各类刑事案件{{ t.criminal_cases_solved }}起，查处治安案件{{ t.public_security_cases }}起，刑事{{ t.criminal_detentions }}人，逮捕{{ t.arrests }}人。组织{{ t.police_deployed }}余名警力，开展巡逻大防控行动，构筑了特巡警控点、交警管线、派出所护面的全天候、立体化防控网络，实现了城区无缝隙网格化巡逻，做到了“白天见警察，晚上见警灯”，降低了“双抢”案件的发案率，城区治安形势明显好转。对突出治安问题开展专项集中治理，相继组织开展{{ t.cleanup_operations }}次集中清理清查活动，清查宾馆、游戏厅、网吧等公共场所{{ t.venues_inspected }}多家，捣毁赌博窝点{{ t.gambling_dens_destroyed }}处，拘留{{ t.administrative_detentions }}人，收缴销毁赌博机{{ t.gambling_machines_seized }}台。为整治政法队伍，我们共处理违法违纪干警{{ t.officers_disciplined }}名，其中，批捕了{{ t.officers_arrested }}名严重违法干警，辞退{{ t.officers_dismissed }}名，撤职{{ t.officers_removed }}名，给予党政纪处分{{ t.officers_sanctioned }}名，收到了良好的教育和警示效果。为进一步密切警民关系，树立政法队伍形象，在全市还开展了“民警进万家，警情暖民心”大走访活动，全市共走访群众{{ t.households_visited | wan }}户{{ t.residents_visited | wan(\"余\") }}人次，化解矛盾纠纷{{ t.disputes_resolved }}余起，核对人口信息{{ t.population_records_checked }}余条，办理户籍业务{{ t.household_registrations }}余起，送“二代身份证”上门{{ t.id_cards_delivered }}余次，召开法律宣讲会{{ t.legal_lectures }}多场，受到了群众的欢迎。在城区组织特巡警、交警开展24小时网格化巡逻，提高了市民见警率，降低了“双抢”案件的发案率。进一步加大了对涉法涉诉信访问题工作的处理力度，对涉法涉诉信访案件全部落实了领导包案制度，明确了解决期限和责任。坚持开展一把手接访活动，开通了公检法“三长”热线，加强了接处访力量。进一步加强了基层基础工作，在镇村两级成立了专职巡防队和治安巡逻队，对已建成的{{ t.police_rooms_improved }}个警务室进行了完善，市财政为乡镇办事处每月增拨了{{ t.funding_added }}万元的综治工作专项经费。在农村大力推广“平安互助网”技防系统，在城市和乡镇办事处推广了视频监控系统，高标准的110指挥中心已列入{{ blank.city }}市2022年“十大工程”，至年底可建成全市同一平台的治安防控网络。\n\
广大群众以不同方式表达对巡视组的欢迎和感激之情，巡视组收到感谢信{{ t.thank_you_letters }}多封、锦旗{{ t.banners_received }}面。";

/// How an unfilled blank is printed, so that the gap shows on paper.
pub const UNFILLED_BLANK: &str = "＿＿＿";

/// A text blank of the template that the user fills in: `{{ blank.<name> }}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blank {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TemplateError {
    /// 1-based line of the template, when known.
    pub line: Option<usize>,
    /// The placeholder or filter at fault, when known.
    pub name: Option<String>,
    pub kind: TemplateErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TemplateErrorKind {
    /// A placeholder or filter that the report does not have.
    UnknownPlaceholder,
    /// The template cannot be read or evaluated; the engine's own (English) detail.
    Syntax(String),
}

/// The filters a template may use.
const FILTERS: [&str; 2] = ["wan", "count"];

/// Every placeholder and filter that can be used, with its Chinese description: for a legend.
pub fn figure_names() -> Vec<(String, String)> {
    let petitions = wording::PETITION_FIGURE_NAMES.iter().map(|(key, name)| {
        let name = match *key {
            "closure_rate" | "satisfaction_rate" => format!("{name}（如87.3%）"),
            _ => name.to_string(),
        };
        (key.to_string(), name)
    });
    let tallies = BUILTIN
        .iter()
        .map(|(key, label, _, unit, _, _)| (format!("t.{key}"), format!("{label}（{unit}）")))
        .chain([(
            format!("t.{OFFICERS_DISCIPLINED}"),
            format!("{}（名）", wording::OFFICERS_DISCIPLINED_NAME),
        )]);
    let others = [
        (
            "blank.<名称>",
            "由您填写的文字空白，如 blank.city；未填写时印为＿＿＿",
        ),
        (
            "wan",
            "以万为单位：23456 写作 2万多，wan(\"余\") 写作 2万余",
        ),
        ("count", "普通数字，如 58、1.5"),
    ]
    .map(|(name, description)| (name.to_string(), description.to_string()));
    petitions.chain(tallies).chain(others).collect()
}

/// The `blank.*` names the template uses, once each, in order of appearance.
pub fn blanks(template: &str) -> Result<Vec<String>, TemplateError> {
    let env = environment();
    env.template_from_str(template).map_err(syntax_error)?;
    let mut names: Vec<String> = Vec::new();
    for reference in references(template) {
        let Some(rest) = reference.name.strip_prefix("blank.") else {
            continue;
        };
        let name = rest.split('.').next().unwrap_or(rest);
        if !reference.filter && !names.iter().any(|known| known == name) {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

/// The narrative with the report's figures and the user's text for the blanks.
pub fn render(
    template: &str,
    report: &Report,
    blank_values: &BTreeMap<String, String>,
) -> Result<String, TemplateError> {
    let env = environment();
    let compiled = env.template_from_str(template).map_err(syntax_error)?;
    let tallies = Tallies::of(report);
    let undeclared = compiled.undeclared_variables(true);
    let unknown: BTreeSet<&str> = undeclared
        .iter()
        .map(String::as_str)
        .filter(|name| !is_known(name, &tallies))
        .collect();
    if let Some(error) = first_unknown(template, &unknown) {
        return Err(error);
    }
    let context = FigureContext {
        petitions: report.current.petitions.clone(),
        tallies: Value::from_object(tallies),
        blanks: Value::from_object(Blanks(blank_values.clone())),
    };
    compiled
        .render(Value::from_object(context))
        .map_err(render_error)
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    if let Ok(syntax) = SyntaxConfig::builder().keep_trailing_newline(true).build() {
        env.set_syntax(syntax);
    }
    env.set_formatter(|out, _state, value| {
        let number = Some(value).filter(|v| v.is_number());
        let text = match number.and_then(|v| f64::try_from(v.clone()).ok()) {
            Some(number) => wording::count(number),
            None => value.to_string(),
        };
        out.write_str(&text)
            .map_err(|_| Error::from(ErrorKind::WriteFailure))
    });
    env.add_filter("wan", |n: f64, more: Option<String>| {
        wording::wan_with(n, more.as_deref().unwrap_or("多"))
    });
    env.add_filter("count", wording::count);
    env
}

fn syntax_error(error: Error) -> TemplateError {
    TemplateError {
        line: error.line(),
        name: None,
        kind: TemplateErrorKind::Syntax(detail(&error)),
    }
}

fn detail(error: &Error) -> String {
    error
        .detail()
        .map_or_else(|| error.kind().to_string(), str::to_string)
}

/// Errors found only while rendering: names used in ways the check beforehand cannot see.
fn render_error(error: Error) -> TemplateError {
    match error.kind() {
        ErrorKind::UndefinedError | ErrorKind::UnknownFilter | ErrorKind::UnknownFunction => {
            TemplateError {
                line: error.line(),
                name: None,
                kind: TemplateErrorKind::UnknownPlaceholder,
            }
        }
        _ => syntax_error(error),
    }
}

/// Whether a name the template reads is a figure: a §5.1 key, `t.<metric>` for a built-in
/// metric or one the report counts, or any `blank.<name>`.
fn is_known(name: &str, tallies: &Tallies) -> bool {
    if PetitionFigures::KEYS.contains(&name) {
        return true;
    }
    match name.split_once('.') {
        Some(("t", key)) => tallies.0.contains_key(key),
        Some(("blank", key)) => !key.contains('.'),
        _ => false,
    }
}

/// The unknown name or filter that comes first in the template, as an error.
fn first_unknown(template: &str, unknown: &BTreeSet<&str>) -> Option<TemplateError> {
    let references = references(template);
    let place = |name: &str| {
        let variables = || references.iter().enumerate().filter(|(_, r)| !r.filter);
        variables()
            .find(|(_, r)| r.name == name)
            .or_else(|| variables().find(|(_, r)| names_the_same(&r.name, name)))
            .map(|(at, _)| at)
    };
    let names = unknown.iter().map(|name| (place(name), name.to_string()));
    let filters = references
        .iter()
        .enumerate()
        .filter(|(_, r)| r.filter && !FILTERS.contains(&r.name.as_str()))
        .map(|(at, r)| (Some(at), r.name.clone()));
    // A name the scan cannot place (read as `t["…"]`) comes after every placed one.
    let (at, name) = names
        .chain(filters)
        .min_by_key(|(at, _)| at.unwrap_or(usize::MAX))?;
    Some(TemplateError {
        line: at.map(|at| references[at].line),
        name: Some(name),
        kind: TemplateErrorKind::UnknownPlaceholder,
    })
}

/// `reference` is `name` or reads further into it (`t.x.y` reads `t.x`).
fn names_the_same(reference: &str, name: &str) -> bool {
    reference
        .strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// A dotted name or a filter name inside a template's tags.
#[derive(Debug, Clone, PartialEq)]
struct Reference {
    name: String,
    line: usize,
    filter: bool,
}

/// The names inside `{{ … }}` and `{% … %}` in order, skipping comments and quoted text.
/// Enough to place a name the engine reported as unknown; the engine does the parsing.
fn references(template: &str) -> Vec<Reference> {
    let bytes = template.as_bytes();
    let mut found = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let mut in_tag = false;
    let mut after_pipe = false;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if !in_tag {
            if rest.starts_with(b"{#") {
                let end = find(bytes, i + 2, b"#}");
                line += count_newlines(&bytes[i..end]);
                i = end;
            } else if rest.starts_with(b"{{") || rest.starts_with(b"{%") {
                in_tag = true;
                after_pipe = false;
                i += 2;
            } else {
                line += usize::from(bytes[i] == b'\n');
                i += 1;
            }
            continue;
        }
        match bytes[i] {
            b'}' | b'%' if rest.get(1) == Some(&b'}') => {
                in_tag = false;
                i += 2;
            }
            quote @ (b'"' | b'\'') => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != quote {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                line += count_newlines(&bytes[i..j.min(bytes.len())]);
                i = j + 1;
                after_pipe = false;
            }
            b'|' => {
                after_pipe = true;
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || bytes[i] == b'_'
                        || (bytes[i] == b'.'
                            && bytes
                                .get(i + 1)
                                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')))
                {
                    i += 1;
                }
                found.push(Reference {
                    name: template[start..i].to_string(),
                    line,
                    filter: after_pipe,
                });
                after_pipe = false;
            }
            c if c.is_ascii_digit() => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                    i += 1;
                }
                after_pipe = false;
            }
            c => {
                line += usize::from(c == b'\n');
                if !c.is_ascii_whitespace() {
                    after_pipe = false;
                }
                i += 1;
            }
        }
    }
    found
}

/// Where `needle` ends, searching from `from`; the end of the text if it is not there.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
        .map_or(bytes.len(), |at| from + at + needle.len())
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// What a template reads at the top level: the §5.1 figures, `t` and `blank`.
#[derive(Debug)]
struct FigureContext {
    petitions: PetitionFigures,
    tallies: Value,
    blanks: Value,
}

impl Object for FigureContext {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "t" => Some(self.tallies.clone()),
            "blank" => Some(self.blanks.clone()),
            key => {
                let figure = self.petitions.get(key)?;
                if key.ends_with("_rate") {
                    // Read already worded: `结案率{{ closure_rate }}` gives 结案率87.3%.
                    Some(Value::from(wording::percent(figure)))
                } else {
                    figure.map(Value::from)
                }
            }
        }
    }
}

/// The period's tally sums by metric; every built-in metric and every metric the report
/// counts in either year is there, 0 when it has no tally in the period.
#[derive(Debug)]
struct Tallies(BTreeMap<String, f64>);

impl Tallies {
    fn of(report: &Report) -> Tallies {
        let known = BUILTIN
            .iter()
            .map(|entry| entry.0)
            .chain([OFFICERS_DISCIPLINED])
            .chain(report.previous.tallies.keys().map(String::as_str))
            .map(|key| (key.to_string(), 0.0));
        let mut sums: BTreeMap<String, f64> = known.collect();
        sums.extend(report.current.tallies.clone());
        Tallies(sums)
    }
}

impl Object for Tallies {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.0.get(key.as_str()?).map(|sum| Value::from(*sum))
    }
}

/// The user's text for each blank; a blank left empty prints as `UNFILLED_BLANK`.
#[derive(Debug)]
struct Blanks(BTreeMap<String, String>);

impl Object for Blanks {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let text = self.0.get(key.as_str()?).map(|text| text.trim());
        let text = text
            .filter(|text| !text.is_empty())
            .unwrap_or(UNFILLED_BLANK);
        Some(Value::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Ledger;
    use crate::report::report::build_report;
    use crate::report::report::tests::{a_small_city, august};

    /// The seed's title of paragraph 二, the paragraph, and the sentence on letters and
    /// banners, as the seed has them.
    const SEED: &str = "二、执法巡视工作的高效开展，是对**扭转政法工作被动局面的有力促进\n\
执法巡视组在项巡视几个月来，共接待来访群众***起****人次，受理来信***封，重访***起，实际涉法涉诉信访案件***件，并对所有信访案件进行了交办。现已办结案件***，结案率**％，其余案件正在积极办理中。在巡视组的督导指挥下，我们春节期间开展了以打黑除恶为重点的“铁血风暴”“春雷”等专项严打行动，成功打掉了以***、***、***为首的黑恶势力犯罪团伙*个，其它恶势力团伙*个，抓获各类犯罪嫌疑人***人，批捕***人。同时，对**涉黑案进行了重新审查，对在逃的涉黑团伙成员，加大了追捕和打击力度，有力地震慑了犯罪分子。当地群众拍手称快，奔走相告，并在执法巡视组驻地燃放鞭炮庆贺。2022年10月份以来，我们组织开展春季严打整治斗争，单月破获各类刑事案件**起，查处治安案件***起，刑事**人，逮捕**人。组织***余名警力，开展巡逻大防控行动，构筑了特巡警控点、交警管线、派出所护面的全天候、立体化防控网络，实现了城区无缝隙网格化巡逻，做到了“白天见警察，晚上见警灯”，降低了“双抢”案件的发案率，城区治安形势明显好转。对突出治安问题开展专项集中治理，相继组织开展*次集中清理清查活动，清查宾馆、游戏厅、网吧等公共场所***多家，捣毁赌博窝点*处，拘留**人，收缴销毁赌博机**台。为整治政法队伍，我们共处理违法违纪干警**名，其中，批捕了*名严重违法干警，辞退*名，撤职*名，给予党政纪处分*名，收到了良好的教育和警示效果。为进一步密切警民关系，树立政法队伍形象，在全市还开展了“民警进万家，警情暖民心”大走访活动，全市共走访群众**万多户**万余人次，化解矛盾纠纷****余起，核对人口信息****余条，办理户籍业务****余起，送“二代身份证”上门****余次，召开法律宣讲会***多场，受到了群众的欢迎。在城区组织特巡警、交警开展24小时网格化巡逻，提高了市民见警率，降低了“双抢”案件的发案率。进一步加大了对涉法涉诉信访问题工作的处理力度，对涉法涉诉信访案件全部落实了领导包案制度，明确了解决期限和责任。坚持开展一把手接访活动，开通了公检法“三长”热线，加强了接处访力量。进一步加强了基层基础工作，在镇村两级成立了专职巡防队和治安巡逻队，对已建成的***个警务室进行了完善，市财政为乡镇办事处每月增拨了*万元的综治工作专项经费。在农村大力推广“平安互助网”技防系统，在城市和乡镇办事处推广了视频监控系统，高标准的110指挥中心已列入**市2022年“十大工程”，至年底可建成全市同一平台的治安防控网络。\n\
广大群众以不同方式表达对巡视组的欢迎和感激之情，巡视组收到感谢信**多封、锦旗*面。";

    fn report() -> Report {
        build_report(&a_small_city(), &august())
    }

    fn no_blanks() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    /// Every run of `*` in the seed and every placeholder in a template, as one `*`.
    fn as_blanks(text: &str, placeholders: bool) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find(if placeholders { "{{" } else { "*" }) {
            out.push_str(&rest[..start]);
            out.push('*');
            rest = &rest[start..];
            let end = if placeholders {
                rest.find("}}").map_or(rest.len(), |end| end + 2)
            } else {
                rest.find(|c| c != '*').unwrap_or(rest.len())
            };
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn the_default_template_keeps_every_word_of_the_seed_around_its_figures() {
        // The seed writes 万 and ％ beside its blanks; the figures bring them in the template.
        let seed = as_blanks(SEED, false)
            .replace("*万多", "*")
            .replace("*万余", "*")
            .replace("*％", "*");
        assert_eq!(as_blanks(DEFAULT_TEMPLATE, true), seed);
    }

    #[test]
    fn every_placeholder_of_the_default_template_resolves_even_in_an_empty_ledger() {
        for ledger in [a_small_city(), Ledger::default()] {
            let text = render(
                DEFAULT_TEMPLATE,
                &build_report(&ledger, &august()),
                &no_blanks(),
            )
            .unwrap();
            assert!(!text.contains("{{") && !text.contains("}}"), "{text}");
            assert_eq!(text.lines().count(), 3);
        }
        let empty = build_report(&Ledger::default(), &august());
        let text = render(DEFAULT_TEMPLATE, &empty, &no_blanks()).unwrap();
        assert!(text.contains("共接待来访群众0起0人次"));
        assert!(text.contains("结案率—，"));
    }

    #[test]
    fn the_seed_sentences_come_out_with_the_figures_filled_in() {
        let blanks = BTreeMap::from(
            [
                ("city", "临汾"),
                ("gang_leader_1", "张某"),
                ("gang_leader_2", "李某"),
                ("gang_leader_3", "王某"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        let text = render(DEFAULT_TEMPLATE, &report(), &blanks).unwrap();
        for sentence in [
            "二、执法巡视工作的高效开展，是对临汾扭转政法工作被动局面的有力促进\n",
            "共接待来访群众12起58人次，受理来信7封，重访3起，实际涉法涉诉信访案件9件，\
             并对所有信访案件进行了交办。",
            "现已办结案件6，结案率66.7%，其余案件正在积极办理中。",
            "成功打掉了以张某、李某、王某为首的黑恶势力犯罪团伙3个，其它恶势力团伙5个，\
             抓获各类犯罪嫌疑人120人，批捕86人。",
            "同时，对＿＿＿涉黑案进行了重新审查，",
            "单月破获各类刑事案件45起，查处治安案件230起，刑事67人，逮捕52人。组织800余名警力，",
            "相继组织开展6次集中清理清查活动，清查宾馆、游戏厅、网吧等公共场所310多家，\
             捣毁赌博窝点4处，拘留28人，收缴销毁赌博机35台。",
            "我们共处理违法违纪干警12名，其中，批捕了2名严重违法干警，辞退3名，撤职1名，\
             给予党政纪处分6名，",
            "全市共走访群众2万多户5万余人次，化解矛盾纠纷1234余起，核对人口信息5678余条，\
             办理户籍业务2345余起，送“二代身份证”上门1500余次，召开法律宣讲会120多场，",
            "对已建成的18个警务室进行了完善，市财政为乡镇办事处每月增拨了1.5万元的综治工作专项经费。",
            "高标准的110指挥中心已列入临汾市2022年“十大工程”",
            "\n广大群众以不同方式表达对巡视组的欢迎和感激之情，巡视组收到感谢信40多封、锦旗9面。",
        ] {
            assert!(text.contains(sentence), "missing: {sentence}\nin: {text}");
        }
    }

    fn unknown(name: &str, line: usize) -> TemplateError {
        TemplateError {
            line: Some(line),
            name: Some(name.to_string()),
            kind: TemplateErrorKind::UnknownPlaceholder,
        }
    }

    #[test]
    fn an_unknown_placeholder_is_an_error_naming_it_and_its_line() {
        let text = "共接待来访群众{{ visits }}起，\n受理来信{{ visitz }}封";
        assert_eq!(
            render(text, &report(), &no_blanks()),
            Err(unknown("visitz", 2))
        );
        let text = "\n\n{% if visits %}打掉{{ t.no_such_metric | wan }}个{% endif %}";
        assert_eq!(
            render(text, &report(), &no_blanks()),
            Err(unknown("t.no_such_metric", 3))
        );
        // Found even where the text would not be printed.
        let text = "{% if false %}{{ letter }}{% endif %}";
        assert_eq!(
            render(text, &report(), &no_blanks()),
            Err(unknown("letter", 1))
        );
        let text = "{{ visits }}\n{{ visits | wam }}";
        assert_eq!(
            render(text, &report(), &no_blanks()),
            Err(unknown("wam", 2))
        );
        let text = "{{ t.arrests }}\n{{ t }}";
        assert_eq!(render(text, &report(), &no_blanks()), Err(unknown("t", 2)));
        // The first unknown in the text is the one named.
        let text = "{{ zeta }}{{ alpha }}";
        assert_eq!(
            render(text, &report(), &no_blanks()),
            Err(unknown("zeta", 1))
        );
    }

    #[test]
    fn a_known_metric_without_a_tally_this_period_counts_zero() {
        let text =
            "{{ t.preventable_cases }}|{{ t.dogs_walked }}|{{ t.patrol_teams_formed | wan }}";
        assert_eq!(render(text, &report(), &no_blanks()).unwrap(), "0|0|0");
        // A metric neither built in nor counted in the report is not a figure.
        assert_eq!(
            render("{{ t.cats_fed }}", &report(), &no_blanks()),
            Err(unknown("t.cats_fed", 1))
        );
    }

    #[test]
    fn a_syntax_error_is_an_error_with_its_line() {
        for text in ["结案率{{ closure_rate ", "第一行\n{% if visits %}未结束"] {
            let error = render(text, &report(), &no_blanks()).unwrap_err();
            assert!(
                matches!(error.kind, TemplateErrorKind::Syntax(_)),
                "{error:?}"
            );
            assert!(error.line.is_some(), "{error:?}");
        }
        let error = render("{{ closure_rate | wan }}", &report(), &no_blanks()).unwrap_err();
        assert!(
            matches!(error.kind, TemplateErrorKind::Syntax(_)),
            "{error:?}"
        );
        assert!(blanks("{{ blank.city ").is_err());
    }

    #[test]
    fn blanks_are_listed_in_order_and_printed_as_filled_in_or_as_a_visible_gap() {
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
        let text = "{{ blank.place }}、{{ blank.date }}、{{ blank.place }}";
        assert_eq!(blanks(text).unwrap(), ["place", "date"]);
        let filled = BTreeMap::from([
            ("place".to_string(), "城关镇".to_string()),
            ("date".to_string(), "  ".to_string()),
        ]);
        assert_eq!(
            render(text, &report(), &filled).unwrap(),
            "城关镇、＿＿＿、城关镇"
        );
    }

    #[test]
    fn output_is_plain_text_never_escaped_and_rates_are_worded() {
        let filled = BTreeMap::from([("who".to_string(), "<b>张&李</b>".to_string())]);
        let text =
            "{{ blank.who }}：{{ closure_rate }}，{{ satisfaction_rate }}，{{ t.funding_added }}\n";
        assert_eq!(
            render(text, &report(), &filled).unwrap(),
            "<b>张&李</b>：66.7%，—，1.5\n"
        );
        assert_eq!(
            render("{{ t.residents_visited | count }}", &report(), &no_blanks()).unwrap(),
            "56789"
        );
    }

    #[test]
    fn the_legend_lists_every_figure_and_each_one_renders() {
        let names = figure_names();
        let listed = |name: &str| names.iter().any(|(n, _)| n == name);
        assert!(PetitionFigures::KEYS.iter().all(|key| listed(key)));
        assert!(BUILTIN
            .iter()
            .all(|entry| listed(&format!("t.{}", entry.0))));
        assert!(listed("t.officers_disciplined") && listed("wan") && listed("count"));
        assert!(names
            .iter()
            .any(|(n, d)| n == "t.households_visited" && d == "走访群众户数（户）"));
        let empty = build_report(&Ledger::default(), &august());
        for (name, _) in names
            .iter()
            .filter(|(n, _)| PetitionFigures::KEYS.contains(&n.as_str()) || n.starts_with("t."))
        {
            let text = format!("{{{{ {name} }}}}");
            assert!(render(&text, &empty, &no_blanks()).is_ok(), "{name}");
        }
    }
}
