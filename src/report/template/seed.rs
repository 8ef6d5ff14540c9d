//! The default template: the seed's whole document, from its salutation to its last line,
//! every `*` a figure or a blank, and the Chinese names of its blanks.

/// The blanks of the default template that the user fills in: name, Chinese label, English
/// label.
pub const BLANK_LABELS: [(&str, &str, &str); 5] = [
    ("city", "市名（如：临汾）", "City (e.g. 临汾)"),
    ("gang_leader_1", "黑恶团伙主犯姓名一", "Gang leader, first"),
    ("gang_leader_2", "黑恶团伙主犯姓名二", "Gang leader, second"),
    ("gang_leader_3", "黑恶团伙主犯姓名三", "Gang leader, third"),
    ("case_place", "涉黑案件所在地", "Place of the gang case"),
];

/// The seed, one paragraph a line. Where the seed claims something of all cases or of a
/// change, the figures word it; years and months come from the period or a campaign.
pub const DEFAULT_TEMPLATE: &str = concat!(
    "尊敬的各位巡视组领导，同志们：\n",
    "省委政法委专项执法巡视组{{ period.from }}进驻{{ blank.city }}以来，得到了全市广大干部群众的欢迎和拥护，各项工作进展顺利，取得了扎实的工作成效。",
    "具体讲，做到了“六个一批”，即：侦破了一批有影响的案件，解决了一批群众反映强烈的治安热点、难点问题，办理了一批涉及群众切身利益的好事、实事，化解了一批影响社会稳定的社会矛盾和纠纷，组建了一批维护社区和农村稳定的群防群治队伍，追究了一批违法违纪干警；",
    "{% if t.preventable_cases < prev.t.preventable_cases and law_related < prev.law_related %}",
    "实现了“两个下降、三个提高”，即：辖区各类可防性案件同比{{ change.t.preventable_cases }}，涉法涉诉上访事件同比{{ change.law_related }}；",
    "{% else %}",
    "同比来看，辖区各类可防性案件{{ change.t.preventable_cases }}，涉法涉诉上访事件{{ change.law_related }}；",
    "{% endif %}",
    "政法机关服务群众、服务基层工作能力和水平明显提高，社会治安防控能力和群众自我防范意识明显提高，社会治安明显好转，",
    "{% if \"下降\" in change.satisfaction_rate %}",
    "群众对政法机关执法的满意率为{{ satisfaction_rate }}，同比{{ change.satisfaction_rate }}。",
    "{% else %}",
    "群众安全感和对政法机关执法的满意度明显提高。",
    "{% endif %}\n",
    "对省委政法委组织的这次专项执法巡视，我们有以下三点看法和感受：\n",
    "一、省委政法委开展执法巡视的正确决策，为新时期加强和改进党对政法工作的领导指明了方向\n",
    "通过这次专项执法巡视活动，我市一大批涉法涉诉信访案件得到解决，社会治安状况明显好转，政法机关存在的突出问题得到解决，政法队伍形象得到提升。执法巡视工作真正做到了使领导干部有触动，政法干部有震动，人民群众受感动，政法工作初步扭转被动，收到了人民群众满意、地方党委政府满意、政法干部满意的良好效果。我们真切地感到，省委政法委开展专项执法巡视工作的决策是完全正确的，十分符合基层政法工作的实际，开展执法巡视确实是解决当前政法工作存在问题的有效方法；省委常委、政法委书记李新民同志就对执法巡视工作的一系列重要指示，明确了新形势下如何加强党对政法工作的领导，如何加强执法监督、维护人民的权益，如何加强政法队伍建设、提高执法能力，非常及时、非常必要。开展执法巡视是政法工作领导方式和领导方法的重要创新，为我们做好政法工作指明了方向，拓宽了思路。\n",
    "二、执法巡视工作的高效开展，是对{{ blank.city }}扭转政法工作被动局面的有力促进\n",
    "执法巡视组在项巡视几个月来，共接待来访群众{{ visits }}起{{ visit_people }}人次，受理来信{{ letters }}封，重访{{ repeat }}起，实际涉法涉诉信访案件{{ law_related }}件，",
    "{% if assigned == law_related %}并对所有信访案件进行了交办{% else %}并对其中{{ assigned }}件进行了交办{% endif %}。",
    "现已办结案件{{ concluded }}件，结案率{{ closure_rate }}{% if pending %}，其余案件正在积极办理中{% endif %}。",
    "在巡视组的督导指挥下，我们春节期间开展了以打黑除恶为重点的“铁血风暴”“春雷”等专项严打行动，成功打掉了以{{ blank.gang_leader_1 }}、{{ blank.gang_leader_2 }}、{{ blank.gang_leader_3 }}为首的黑恶势力犯罪团伙{{ campaign(\"铁血风暴\", \"春雷\").gangs_busted }}个，其它恶势力团伙{{ campaign(\"铁血风暴\", \"春雷\").evil_groups_busted }}个，抓获各类犯罪嫌疑人{{ campaign(\"铁血风暴\", \"春雷\").suspects_caught }}人，批捕{{ campaign(\"铁血风暴\", \"春雷\").arrests_approved }}人。",
    "同时，对{{ blank.case_place }}涉黑案进行了重新审查，对在逃的涉黑团伙成员，加大了追捕和打击力度，有力地震慑了犯罪分子。当地群众拍手称快，奔走相告，并在执法巡视组驻地燃放鞭炮庆贺。",
    "{{ campaign(\"春季严打整治斗争\").start_month }}以来，我们组织开展春季严打整治斗争，单月破获各类刑事案件{{ best_month.criminal_cases_solved }}起，查处治安案件{{ best_month.public_security_cases }}起，刑事拘留{{ best_month.criminal_detentions }}人，逮捕{{ best_month.arrests }}人。",
    "组织{{ t.police_deployed | approx }}名警力，开展巡逻大防控行动，构筑了特巡警控点、交警管线、派出所护面的全天候、立体化防控网络，实现了城区无缝隙网格化巡逻，做到了“白天见警察，晚上见警灯”，降低了“双抢”案件的发案率，城区治安形势明显好转。",
    "对突出治安问题开展专项集中治理，相继组织开展{{ t.cleanup_operations }}次集中清理清查活动，清查宾馆、游戏厅、网吧等公共场所{{ t.venues_inspected | approx(\"多\") }}家，捣毁赌博窝点{{ t.gambling_dens_destroyed }}处，拘留{{ t.administrative_detentions }}人，收缴销毁赌博机{{ t.gambling_machines_seized }}台。",
    "为整治政法队伍，我们共处理违法违纪干警{{ t.officers_disciplined }}名，其中，批捕了{{ t.officers_arrested }}名严重违法干警，辞退{{ t.officers_dismissed }}名，撤职{{ t.officers_removed }}名，给予党政纪处分{{ t.officers_sanctioned }}名，收到了良好的教育和警示效果。",
    "为进一步密切警民关系，树立政法队伍形象，在全市还开展了“民警进万家，警情暖民心”大走访活动，全市共走访群众{{ t.households_visited | wan }}户{{ t.residents_visited | wan(\"余\") }}人次，化解矛盾纠纷{{ t.disputes_resolved | approx }}起，核对人口信息{{ t.population_records_checked | approx }}条，办理户籍业务{{ t.household_registrations | approx }}起，送“二代身份证”上门{{ t.id_cards_delivered | approx }}次，召开法律宣讲会{{ t.legal_lectures | approx(\"多\") }}场，受到了群众的欢迎。",
    "在城区组织特巡警、交警开展24小时网格化巡逻，提高了市民见警率，降低了“双抢”案件的发案率。",
    "进一步加大了对涉法涉诉信访问题工作的处理力度，对涉法涉诉信访案件{% if assigned == law_related and law_related %}全部{% else %}中的{{ assigned }}件{% endif %}落实了领导包案制度，明确了解决期限和责任。",
    "坚持开展一把手接访活动，开通了公检法“三长”热线，加强了接处访力量。",
    "进一步加强了基层基础工作，在镇村两级成立了专职巡防队和治安巡逻队，对已建成的{{ t.police_rooms_improved }}个警务室进行了完善，市财政为乡镇办事处每月增拨了{{ t.funding_added }}万元的综治工作专项经费。",
    "在农村大力推广“平安互助网”技防系统，在城市和乡镇办事处推广了视频监控系统，高标准的110指挥中心已列入{{ blank.city }}市{{ period.year }}年“十大工程”，至年底可建成全市同一平台的治安防控网络。\n",
    "巡视期间，执法巡视组各位成员废寝忘食的敬业精神、深入细致的工作作风、分秒必争的工作效率、心系群众的宗旨意识和廉洁自律的高尚情操，给我市广大基层干部树立了很好的榜样。广大群众以不同方式表达对巡视组的欢迎和感激之情，巡视组收到感谢信{{ t.thank_you_letters | approx(\"多\") }}封、锦旗{{ t.banners_received }}面。\n",
    "三、基层党委、政府和广大群众的配合、参与和支持，是执法巡视工作深入开展的重要保障\n",
    "{{ blank.city }}市委、政府对省委政法委选派执法巡视工作组到我市工作，非常拥护，高度重视。市委多次召开常委会和政法工作大会，认真学习贯彻李新民书记和省委政法委关于开展专项执法巡视工作的重要指示精神，对配合执法巡视各个方面的工作，作出了周密的安排部署。通过巡视组和市委、市政府的宣传动员，政法各部门和广大干部群众积极配合、参与和支持巡视组的工作，使政法部门和政法工作中的一些突出问题得到了纠正，一批历史积案得到解决，人民群众的合法权益得到保护，进一步坚定了人民群众依靠党委、政府解决问题的信心。广大群众踊跃参与平安创建建设活动，为我市政法工作的深入开展增添了动力，党委、政府和政法机关的威信进一步提升，党的执政基础进一步巩固和加强。\n",
    "实践证明，开展执法巡视是推进基层政法工作行之有效的好方法，十分有助于基层政法工作各种问题的解决。在今后的工作中，我们建议省委政法委将开展执法巡视的做法长期坚持下去，给基层政法工作的开展给予更多的指导和帮助。我们也将正视差距，知耻后勇，强化措施，连续作战，进一步扭转我市政法工作被动局面，向省委政法委和我市人民交上一份满意的答卷。",
);
