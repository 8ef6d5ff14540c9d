//! Every user-visible string, in Chinese and English.
//!
//! The `texts!` macro makes a key without both languages a compile error; the tests
//! catch empty entries and English text that was left in Chinese.

use super::Lang;

macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A key into the text table. `T::Key.get(lang)` gives the text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Zh) => $zh, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    AppName => "台账", "Taizhang";
    AppSubtitle => "信访与专项行动台账", "Petition and campaign ledger";
    SkipToContent => "跳到正文", "Skip to content";
    MainNavigation => "主导航", "Main navigation";
    Language => "语言", "Language";

    NavDashboard => "工作台", "Dashboard";
    NavPetitions => "信访件", "Petitions";
    NavNewPetition => "登记信访件", "Register a petition";
    NavCampaigns => "专项行动", "Campaigns";
    NavTallies => "统计台账", "Tallies";
    NavReports => "汇报材料", "Reports";
    NavExchange => "数据交换", "Exchange";
    NavSettings => "设置", "Settings";


    NotFoundTitle => "找不到这个页面", "Page not found";
    NotFoundBody => "地址有误或页面已移动。", "The address is wrong or the page has moved.";
    BackToDashboard => "返回工作台", "Back to the dashboard";
    Loading => "正在打开台账……", "Opening the ledger…";
    Reload => "重新载入", "Reload";
    PetitionsLoading => "正在读取信访件……", "Reading the petitions…";
    TalliesLoading => "正在读取统计台账……", "Reading the tallies…";
    PageLoading => "正在载入页面……", "Loading the page…";
    PageMissing => "无法载入这一页，请联网后刷新页面再试。", "This page could not be loaded; connect to the network, reload the page and try again.";
    Save => "保存", "Save";
    Saved => "已保存。", "Saved.";
    FixTheseProblems => "请更正以下问题：", "Please correct these problems:";

    SetupTitle => "首次使用：登记本单位", "First run: name this office";
    SetupIntro =>
        "台账保存在本浏览器中。请填写本单位的名称、类别和简称代码，简称代码用于信访件编号（如 GA-2022-0042 中的 GA）。",
        "The ledger is kept in this browser. Give this office's name, kind and short code; the code starts every petition serial number (GA in GA-2022-0042).";
    OfficeName => "单位名称", "Office name";
    OfficeKindLabel => "单位类别", "Kind of office";
    OfficeCode => "简称代码", "Short code";
    OfficeCodeHint => "大写字母或数字，最多 8 位，如 GA", "Capital letters or digits, up to 8, e.g. GA";
    SetupSubmit => "开始使用", "Start";

    KindCommittee => "政法委", "Political-legal committee";
    KindPublicSecurity => "公安局", "Public security bureau";
    KindProcuratorate => "检察院", "Procuratorate";
    KindCourt => "法院", "Court";
    KindJustice => "司法局", "Justice bureau";
    KindTownship => "乡镇/街道", "Township or sub-district";
    KindOther => "其他", "Other";

    SettingsThisOffice => "本单位", "This office";
    SettingsDevice => "本设备编号", "This device's id";
    SettingsStorage => "浏览器存储", "Browser storage";
    StorageUsage => "已用", "Used";
    StorageQuota => "上限", "Limit";
    StorageUnknown => "此浏览器不提供存储用量。", "This browser does not report storage use.";
    Persisted =>
        "浏览器已同意持久保存台账，空间紧张时不会自动清除。",
        "The browser has agreed to keep the ledger: it will not be cleared when space runs low.";
    NotPersisted =>
        "浏览器尚未同意持久保存：空间紧张时记录可能被清除，请定期导出备份。",
        "The browser has not agreed to keep the ledger: it may be cleared when space runs low, so export a backup regularly.";
    SettingsOffices => "单位", "Offices";
    ColumnName => "名称", "Name";
    ColumnKind => "类别", "Kind";
    ColumnCode => "代码", "Code";
    ThisOfficeMark => "（本单位）", " (this office)";
    DraftRestored => "已恢复上次未保存的内容（草稿）。", "The unsaved text from last time is back (a draft).";
    DraftDiscard => "放弃草稿", "Discard the draft";
    SaveAndNext => "保存并登记下一件（Ctrl+Enter）", "Save and register the next (Ctrl+Enter)";
    RegisteredNote => "已登记：", "Registered: ";
    TemplateDownload => "下载空白模板：", "Download a blank template:";
    TemplateNarrow => "每行一个数", "One row per figure";
    TemplateWide => "每列一个指标", "One column per indicator";
    WideLayout => "这张表每列是一个指标（列名即指标名，括号中的单位不计）；每个填了数的格子是一条统计数：", "This sheet has one column per indicator (its header names the metric; a unit in brackets is ignored); each filled cell is one count:";
    UnknownHeader => "未识别的列", "Column not recognised";
    LeaveOut => "不导入", "Leave out";
    OutsideCampaign => "这一天不在专项行动期间内", "this day is outside the campaign";
    UndoAsk => "撤销后将改回 ", "Undoing changes back ";
    UndoAskRecords => " 条记录。确定撤销吗？", " records. Undo it?";
    UndoConfirm => "确定撤销", "Undo it";
    ConflictOnlyLog => "两个版本的内容相同，只是办理记录（日志）或修改时间不同。办理记录只增不改：本地已有的每一条保持原样，另一方新增的已经并入，无需决定。", "The two versions hold the same content and differ only in the log or the time of the change. The log is never rewritten: every entry held here stays as it is, and the other side's new entries are already in, so there is nothing to decide.";
    ConflictUnderstood => "知道了", "Understood";
    RetiredMark => "（已停用）", " (retired)";
    OfficesHint => "交办时可以选择这里的单位。可在此添加成员单位，也会随导入的文件带来；同一单位若出现两次（代码相同），可合并为一个，合并可在“数据交换”的导入记录中撤销。", "Cases can be assigned to the offices listed here. Add member offices here; files you import bring theirs too. If one office shows twice (the same code), merge them into one; a merge can be undone in the import history on the Exchange page.";
    OfficeAddTitle => "添加单位", "Add an office";
    OfficeAdd => "添加", "Add";
    OfficeAdded => "单位已添加。", "Office added.";
    OfficeRename => "修改", "Edit";
    OfficeRetire => "停用", "Retire";
    OfficeRestore => "恢复", "Restore";
    OfficeRetired => "单位已停用：不再出现在选择中，原有记录不变。", "Office retired: it is no longer offered, and its records stay as they are.";
    OfficeRestored => "单位已恢复。", "Office restored.";
    MergeInto => "合并到 ", "Merge into ";
    MergeHistoryName => "合并单位：", "Offices merged: ";
    OfficesMerged => "已合并，改动的记录数：", "Merged; records changed: ";
    SetupNew => "开始新的台账", "Start a new ledger";
    SetupMembers => "同时添加本市常见的成员单位（可取消勾选，以后也可在“设置”中添加）：", "Also add the city's usual member offices (untick any; you can add offices later in Settings):";
    RestoreTitle => "从备份恢复", "Restore from a backup";
    RestoreIntro => "换了电脑、清理了浏览器或接手工作时，选择本单位以前导出的全部数据文件，再指明哪个单位是本单位。", "On a new PC, after clearing the browser or when taking over, pick a full export this office made and say which office in it is this one.";
    RestoreFile => "备份文件", "Backup file";
    RestoreWhichOffice => "哪个单位是本单位", "Which office is this one";
    RestoreSubmit => "恢复为本单位", "Restore as this office";
    RestoreHasProblems => "这个文件有问题，不能用来恢复；请换一个完整的备份。问题数：", "This file has problems and cannot be restored from; pick a complete backup. Problems: ";
    RestoreNoOffice => "这个文件中没有单位，不能用来恢复。", "This file holds no office, so it cannot be restored from.";

    ErrUnavailable =>
        "此浏览器不能使用本地数据库（可能是无痕或隐私窗口，或被管理策略禁用），台账无法保存记录。请在普通窗口中打开。",
        "This browser cannot use its local database (a private window, or disabled by policy), so the ledger cannot keep records. Open it in a normal window.";
    ErrQuota =>
        "浏览器存储空间已满，本次没有写入任何内容，已有记录完好。请先导出备份，再清理浏览器空间。",
        "The browser's storage is full. Nothing was written and the records already kept are intact. Export a backup, then free space in the browser.";
    ErrBlocked =>
        "另一个标签页仍打开着旧版本的台账，升级被阻止。请关闭其他台账标签页后重新载入。",
        "Another tab still has the older version of the ledger open, which blocks the upgrade. Close the other ledger tabs, then reload.";
    ErrNewerSchema =>
        "这个浏览器中的台账是由更新版本的程序建立的，本版本无法打开。请使用最新版本。",
        "The ledger in this browser was made by a newer version of the app, which this version cannot open. Use the latest version.";
    ErrVersionChanged =>
        "台账已在另一个标签页中升级，本页已停止写入。请重新载入。",
        "The ledger was upgraded in another tab; this page has stopped writing. Please reload.";
    ErrStale =>
        "这条记录在您打开之后已被另一个标签页修改，本次保存没有写入。请重新载入后再修改。",
        "This record was changed in another tab after you opened it; your save was not written. Reload it, then make your change again.";
    ErrCorrupt => "有一条保存的记录无法读取：", "A stored record could not be read: ";
    ErrAborted => "保存没有完成，没有写入任何内容：", "The save did not complete and nothing was written: ";

    ChannelVisit => "来访", "Visit";
    ChannelLetter => "来信", "Letter";
    ChannelPhone => "来电", "Phone call";
    ChannelOnline => "网上信访", "Online";
    ChannelLeaderReception => "领导接访", "Leader's reception day";
    ChannelReferral => "上级转交", "Referred by a higher office";

    CategoryPublicSecurity => "公安", "Public security";
    CategoryProcuratorate => "检察", "Procuratorate";
    CategoryCourt => "法院", "Court";
    CategoryJustice => "司法行政", "Justice administration";
    CategoryOther => "其他", "Other";

    StatusRegistered => "已登记", "Registered";
    StatusAssigned => "已交办", "Assigned";
    StatusInProgress => "办理中", "In progress";
    StatusConcluded => "已办结", "Concluded";

    OutcomeSupported => "支持", "Supported";
    OutcomeExplained => "解释说明", "Explained";
    OutcomeNotSupported => "不支持", "Not supported";
    OutcomeMediated => "调解", "Mediated";
    OutcomeWithdrawn => "撤回", "Withdrawn";

    SatisfactionSatisfied => "满意", "Satisfied";
    SatisfactionBasically => "基本满意", "Basically satisfied";
    SatisfactionUnsatisfied => "不满意", "Unsatisfied";
    NotRated => "未评价", "Not rated";

    ActionRegistered => "登记", "Registered";
    ActionAssigned => "交办", "Assigned";
    ActionExtended => "延期", "Extended";
    ActionNote => "备注", "Note";
    ActionReply => "答复", "Reply";
    ActionConcluded => "办结", "Concluded";
    ActionReopened => "重新办理", "Reopened";
    ActionEdited => "修改", "Edited";
    ActionDeleted => "删除", "Deleted";
    ActionRestored => "恢复", "Restored";
    ActionAcceptance => "受理决定", "Acceptance decision";
    ActionReviewRequested => "申请复查复核", "Review requested";
    ActionReviewConcluded => "复查复核意见", "Review decided";
    ActionSupervised => "督办", "Supervised";
    ActionSupervisionAnswered => "督办回复", "Supervision answered";
    ActionUrged => "催办", "Urged";

    DecisionAccepted => "受理", "Accepted";
    DecisionNotAccepted => "不予受理", "Not accepted";
    DecisionForwarded => "转送", "Forwarded";
    LevelReview => "复查", "Review";
    LevelRecheck => "复核", "Recheck";
    ReviewUpheld => "维持", "Upheld";
    ReviewChanged => "变更", "Changed";
    ReviewRevoked => "撤销", "Revoked";
    AcceptTitle => "受理决定", "Decide on acceptance";
    AcceptHint => "收到之日起 15 日内作出受理、不予受理或转送决定并告知信访人（《信访工作条例》）；受理后办理期限自受理之日起算", "Decide within 15 days of receipt and tell the petitioner (Petition Work Regulations); once accepted, the deadline runs from acceptance";
    AcceptNoteHint => "不予受理写明理由；转送写明转送机关", "For not accepting, the reason; for forwarding, the body it goes to";
    AcceptSave => "记录决定", "Record the decision";
    AcceptDecisionBy => "须在此日前作出决定：", "Decide by ";
    ExtendApproverHint => "写明批准延期的领导", "Name who approved the extension";
    EntryOn => "答复日期", "Reply date";
    ReopenDueHint => "默认为重新办理之日起 60 日，可修改", "By default 60 days after reopening; you may change it";
    SuperviseTitle => "督办", "Supervise";
    SuperviseSave => "督办", "Supervise";
    SuperviseAnswerTitle => "回复督办", "Answer the supervision";
    SuperviseAnswerSave => "回复", "Answer";
    SupervisionLateFlag => "逾期未报", "Late";
    SupervisionAnswered => "已回复", "Answered";
    ReviewTitle => "复查 / 复核申请", "Review or recheck requested";
    ReviewHint => "信访人对书面答复不服，可自收到之日起 30 日内请求复查；对复查意见不服，可自收到之日起 30 日内请求复核。复查、复核机关自受理之日起 30 日内提出意见。", "A petitioner may ask for a review within 30 days of the written reply, and for a recheck within 30 days of the review's opinion; each is decided within 30 days of acceptance.";
    ReviewSave => "登记申请", "Record the request";
    ReviewConcludeTitle => "复查 / 复核意见", "Review decision";
    ReviewConcludeSave => "记录意见", "Record the decision";
    ReviewOpen => "办理中", "Open";
    NoticesTitle => "文书", "Documents";
    NoticeAccepted => "受理告知书", "Notice of acceptance";
    NoticeNotAccepted => "不予受理告知书", "Notice of non-acceptance";
    NoticeReply => "答复意见书", "Written reply";
    NoticeTemplate => "文书模板", "Template";
    NoticeTemplateHint => "可修改模板，{{ }} 中为本件的内容；改动按本单位保存。", "Edit the template; what is in {{ }} comes from the case. Changes are kept for this office.";
    NoticeReset => "恢复默认模板", "Restore the default template";
    NoticeSaved => "模板已保存", "Template saved";
    NoticeBack => "返回信访件", "Back to the petition";
    OperatorTitle => "经办人", "Person at this device";
    OperatorHint => "每一步办理都会记下经办人姓名。换人时在此修改。", "Every step records this name. Change it when someone else takes over this device.";
    OperatorAsk => "请填写经办人姓名，办理记录将署此名。", "Enter your name: each step you record will carry it.";
    OperatorSave => "保存", "Save";
    OperatorSaved => "已保存经办人", "Saved";
    LogByName => "经办人", "by";
    LogUnsigned => "未署名", "unsigned";
    CalendarTitle => "节假日安排", "Holidays";
    CalendarHint => "期限的最后一日遇法定节假日或休息日顺延至下一工作日；调休上班的周末按工作日计。内置 2020–2026 年国务院办公厅通知；以后年份请按通知添加。", "A deadline whose last day is a rest day moves to the next working day; weekend days made working days count as working days. The State Council's notices for 2020–2026 are built in; add later years from their notices.";
    CalendarYear => "年份", "Year";
    CalendarDate => "日期", "Date";
    CalendarKind => "类型", "Kind";
    CalendarAdd => "添加", "Add";
    CalendarRemove => "移除", "Remove";
    CalendarRestore => "恢复", "Put back";
    CalendarRest => "休息日", "Rest day";
    CalendarWork => "上班", "Working day";
    CalendarAdded => "本机添加", "Added here";
    CalendarRemoved => "本机移除", "Removed here";
    CalendarShipped => "国务院通知", "State Council notice";
    CalendarNoNotice => "没有内置这一年的通知，请按通知添加。", "No notice for this year is built in: add its days.";
    StageDue => "复查复核期限", "Review due";
    StepsPanel => "办理", "Work on the case";

    HeadcountHint => "来访和领导接访填写人数；其他渠道按 1 计", "For visits and reception days; other channels count as 1";
    GroupVisit => "集体访（5 人及以上）", "Group visit (5 or more people)";
    SerialHint => "按“单位代码-年份-顺序号”自动生成，可修改，本单位内不得重复", "Proposed as code-year-sequence; you may change it, but it must be unique in this office";
    DueHint => "受理之日起 60 日内办结；作出受理决定前按收到之日起算，遇法定节假日顺延（《信访工作条例》）", "60 days from acceptance; until a decision, from receipt; a last day on a rest day moves to the next working day (Petition Work Regulations)";
    DueBeforeDecision => "（受理后自受理之日起重算）", " (counted again from acceptance once accepted)";
    FieldStatus => "状态", "Status";
    FieldEntryKind => "类型", "Kind";
    FieldEntryText => "内容", "Text";
    FieldReopenReason => "重新办理理由", "Reason for reopening";
    Yes => "是", "Yes";
    No => "否", "No";
    Any => "不限", "Any";

    RegisterSave => "登记", "Register";
    RepeatTitle => "可能的重复访", "Possible repeat petitions";
    RepeatIntro => "以下是同一人的在先信访件。如是同一事项，请标记为重复访。", "These earlier petitions are probably from the same person. If it is the same matter, mark this one as a repeat.";
    RepeatSameId => "身份证号码相同", "Same ID number";
    RepeatSameName => "姓名相同、事项相近", "Same name, similar subject";
    RepeatChoose => "标记为此件的重复访", "Mark as a repeat of this";
    RepeatChosen => "已标记为此件的重复访", "Marked as a repeat of this";
    RepeatClear => "不是重复访", "Not a repeat";

    PetitionNotFound => "找不到这件信访件，可能地址有误。", "There is no petition at this address.";
    BackToList => "返回列表", "Back to the list";
    ChangedElsewhere => "这件信访件已在别处修改（另一个标签页或导入）。重新载入后可看到最新内容；在此之前保存会被拒绝。", "This petition was changed elsewhere (another tab or an import). Reload to see the latest; until then saving is refused.";
    DeletedBanner => "此件已删除：不再出现在列表和统计中，删除记录会随导出文件传递。", "This petition is deleted: it no longer shows in lists or figures, and the deletion travels with exports.";
    RedactedBanner => "这是一份脱敏副本：信访人信息和文字内容已删除。它回到持有原件的单位时，那里的个人信息保持不变。", "This is a copy without personal data: the petitioner and the free texts were removed. When it goes back to an office that holds the original, the personal data there stays.";
    Restore => "恢复", "Restore";
    Edit => "修改登记信息", "Edit details";
    Cancel => "取消", "Cancel";
    SaveChanges => "保存修改", "Save changes";
    Delete => "删除", "Delete";
    DeleteQuestion => "确定删除这件信访件？删除后可在此页恢复。", "Delete this petition? You can restore it from this page.";
    DeleteConfirm => "确定删除", "Yes, delete";
    AssignTitle => "交办", "Assign";
    AssignSave => "交办", "Assign";
    Reassign => "改为交办", "Reassign";
    ExtendTitle => "延期", "Extend the deadline";
    ExtendHint => "只能延期一次，最多延长 30 日，须写明理由（《信访工作条例》）", "Once only, by at most 30 days, with a reason (Petition Work Regulations)";
    ExtendSave => "延期", "Extend";
    EntryTitle => "答复与备注", "Replies and notes";
    EntrySave => "记录", "Record";
    ConcludeTitle => "办结", "Conclude";
    ConcludeSave => "办结", "Conclude";
    ReopenTitle => "重新办理", "Reopen";
    ReopenSave => "重新办理", "Reopen";
    ThisDevice => "本设备", "this device";
    Device => "设备", "device";
    UnknownOffice => "未知单位", "Unknown office";
    Overdue => "逾期", "Overdue";
    DueSoon => "7日内到期", "Due within 7 days";
    Unaccepted => "受理超期", "No decision after 15 days";
    InReview => "复查复核中", "In review";
    SupervisionLate => "督办逾期未报", "Supervision overdue";
    Open => "在办", "Open";

    Search => "查找", "Search";
    ColumnPetitioner => "信访人", "Petitioner";
    Choose => "请选择", "Choose…";
    SearchHint => "姓名、编号、反映事项或身份证号码", "Name, serial, subject or ID number";
    AllStatuses => "全部状态", "All statuses";
    AllChannels => "全部渠道", "All channels";
    AllOffices => "全部单位", "All offices";
    ReceivedFrom => "收到日期自", "Received from";
    ReceivedTo => "至", "to";
    ClearFilters => "清除筛选", "Clear filters";
    Filters => "筛选", "Filters";
    NoPetitionsMatch => "没有符合条件的信访件。", "No petitions match.";
    NoPetitionsYet => "还没有登记信访件。", "No petitions registered yet.";
    SortBy => "排序", "Sort";
    Ascending => "升序", "ascending";
    Descending => "降序", "descending";

    DashboardIntro => "今日需要关注的信访件，点击数字查看名单。", "Petitions that need attention today; click a number to see them.";
    ByOffice => "按承办单位", "By handling office";
    AllOfficesTotal => "全部单位合计", "All offices";
    HandlingOffice => "承办单位", "Handling office";
    DashboardHandlingHint => "已交办的按承办单位计，未交办的按登记单位计。", "Assigned cases count for the office they were assigned to; unassigned ones for the office that registered them.";
    NothingOpen => "目前没有在办的信访件。", "No open petitions at the moment.";

    GroupCrackdown => "打击整治", "Crackdown";
    GroupPrevention => "防范管控", "Prevention";
    GroupDiscipline => "队伍整治", "Discipline";
    GroupOutreach => "走访服务", "Outreach";
    GroupGrassroots => "基层基础", "Grassroots";
    GroupFeedback => "群众评价", "Feedback";
    GroupOther => "其他", "Other";

    CampaignsIntro => "专项行动规定起止日期和要统计的指标；各单位按日录入的数自动累计。", "A campaign has dates and the metrics it tracks; each office's daily counts add up by themselves.";
    NewCampaign => "新建专项行动", "New campaign";
    EditCampaign => "修改专项行动", "Edit campaign";
    CampaignName => "行动名称", "Name";
    StartsOn => "开始日期", "Starts on";
    EndsOn => "结束日期", "Ends on";
    EndsOnHint => "不填表示仍在进行", "Leave empty while it runs";
    Description => "说明", "Description";
    TrackedMetrics => "统计指标", "Metrics it tracks";
    CampaignRunning => "进行中", "Running";
    CampaignEnded => "已结束", "Ended";
    CampaignClose => "结束行动", "Close the campaign";
    CampaignDeleteQuestion => "确定删除这个专项行动？已录入的统计数保留，但不再归入此行动。", "Delete this campaign? Counts already entered stay, but no longer belong to it.";
    NoCampaigns => "还没有专项行动。", "No campaigns yet.";
    CampaignNotFound => "找不到这个专项行动。", "There is no campaign at this address.";
    Period => "期间", "Period";
    Total => "合计", "Total";
    TotalsByMetric => "按指标和单位累计", "Totals by metric and office";
    TotalsByWeek => "按周累计", "Totals by week";
    WeekOf => "周（起）", "Week of";
    NoCountsYet => "还没有录入统计数。", "No counts entered yet.";
    MetricsCount => "项指标", "metrics";
    Unit => "单位", "Unit";

    MetricsTitle => "统计指标目录", "Metric catalogue";
    MetricsIntro => "内置指标对应汇报材料中的各项数字；也可以添加本单位需要的指标。已使用的指标不能删除，只能隐藏。", "Built-in metrics are the figures of the report; add your own as needed. A metric in use cannot be removed, only hidden.";
    NewMetric => "添加指标", "Add a metric";
    MetricLabelZh => "中文名称", "Chinese name";
    MetricLabelEn => "英文名称", "English name";
    MetricUnitZh => "中文单位", "Chinese unit";
    MetricUnitEn => "英文单位", "English unit";
    MetricGroupLabel => "类别", "Group";
    MetricInteger => "只能填整数", "Whole numbers only";
    MetricKey => "指标代码", "Key";
    MetricKeyHint => "小写字母、数字和下划线，由英文名称自动生成，可修改", "Lower-case letters, digits and underscores; made from the English name, and you may change it";
    BuiltIn => "内置", "Built-in";
    Custom => "自定义", "Custom";
    Hidden => "已隐藏", "Hidden";
    Hide => "隐藏", "Hide";
    Show => "恢复显示", "Show";
    KeyTaken => "这个代码已被其他指标使用。", "Another metric already uses this key.";

    TalliesIntro => "一条统计数是一个单位某一天某项指标的数；合计总是由各条相加得出。", "A count is one office's figure for one metric on one day; totals are always sums of counts.";
    TabEntry => "录入", "Enter";
    TabList => "明细", "Entries";
    TabImport => "导入", "Import";
    QuickEntry => "录入一条", "Enter one count";
    FieldMetric => "指标", "Metric";
    FieldDate => "日期", "Date";
    FieldValue => "数值", "Count";
    FieldCampaign => "专项行动", "Campaign";
    FieldOffice => "单位", "Office";
    FieldNote => "备注", "Note";
    NoCampaign => "不属于专项行动", "No campaign";
    ExistingCount => "该日已有数：", "Already entered for that day: ";
    ReplacesIt => "，保存将替换。", "; saving replaces it.";
    CountSaved => "已保存。", "Saved.";
    GridTitle => "按日录入表", "Daily grid";
    GridIntro => "在格子中输入数字，按回车或离开格子即保存；方向键在格子间移动。清空格子即删除该日的数。", "Type a number and press Enter or leave the cell to save it; arrow keys move between cells. Clearing a cell removes that day's count.";
    GridRowsLabel => "显示", "Rows";
    GridRowsDays => "按日", "By day";
    GridRowsWeeks => "按周（只读）", "By week (read only)";
    GridAddMetric => "添加列", "Add a column";
    GridNoMetrics => "请选择专项行动，或添加要录入的指标列。", "Choose a campaign, or add the metric columns to enter.";
    From => "自", "From";
    To => "至", "To";
    Day => "日期", "Day";
    EntriesShown => "显示最近的", "Showing the latest";
    EntriesOf => "条，共", "of";
    EntriesUnit => "条", "counts";
    Remove => "删除", "Delete";
    EditShort => "修改", "Edit";
    ReadIt => "读取", "Read it";
    RemoveCountQuestion => "删除这条统计数？", "Delete this count?";
    NoEntriesMatch => "没有符合条件的统计数。", "No counts match.";
    AllMetrics => "全部指标", "All metrics";
    AllCampaigns => "全部", "All";

    ImportTitle => "从表格导入", "Import from a spreadsheet";
    ImportIntro => "选择 CSV 或 Excel（XLSX）文件，或把表格内容粘贴到下面。先预览，确认后才写入。", "Choose a CSV or Excel (XLSX) file, or paste the table below. Nothing is written until you confirm the preview.";
    ImportFile => "文件", "File";
    ImportPaste => "或粘贴表格内容", "Or paste the table";
    ImportSheet => "工作表", "Sheet";
    HeaderRows => "表头行数", "Header rows";
    ColumnFor => "对应的列", "Column";
    NotInFile => "（文件中没有）", "(not in the file)";
    ThisOfficeForAll => "（全部记为本单位）", "(all for this office)";
    CampaignForAll => "专项行动（文件未注明时）", "Campaign (where the file names none)";
    ImportPreview => "预览", "Preview";
    WillAdd => "新增", "to add";
    WillUpdate => "更新", "to update";
    Unchanged => "不变", "unchanged";
    Refused => "拒绝", "refused";
    RefusedRows => "以下行不会导入：", "These rows will not be imported:";
    ImportConfirm => "确认导入", "Import";
    ImportDone => "导入完成：", "Imported: ";
    ImportNothing => "没有可以导入的行。", "There are no rows to import.";
    ImportUnreadable => "无法读取这个文件：", "This file cannot be read: ";
    ImportTooLarge => "表格过大（超过 20 万行或 200 万个单元格），请分成几个文件导入。工作表：", "The sheet is too large (over 200,000 rows or 2,000,000 cells): split it into several files. Sheet: ";
    ImportEmpty => "文件中没有内容。", "The file is empty.";
    ImportNotXlsx => "这不是有效的 Excel（XLSX）文件：", "This is not a valid Excel (XLSX) file: ";
    MoreRows => "另有", "and";
    MoreRowsSuffix => "行未列出", "more rows not listed";


    ReportsIntro => "选择期间和单位，数字即时重算，并与去年同期比较。", "Choose a period and offices; every figure is recomputed at once and compared with the same period last year.";
    ReportFrom => "期间自", "From";
    ReportTo => "至", "To";
    ReportAsOf => "统计截至", "As of";
    ReportOffices => "单位", "Offices";
    ReportAllOffices => "全部单位", "All offices";
    FiguresTitle => "数字", "Figures";
    PetitionFiguresTitle => "信访", "Petitions";
    TallyFiguresTitle => "专项行动", "Campaign tallies";
    ColumnFigure => "项目", "Figure";
    ColumnThisPeriod => "本期", "This period";
    ColumnLastYear => "去年同期", "Same period last year";
    ColumnChange => "变化", "Change";
    NarrativeTitle => "汇报材料", "Report text";
    ReportTitleLabel => "标题", "Title";
    TemplateLabel => "模板", "Template";
    TemplateHint => "用 {{ visits }} 这样的名称引用数字；可用的名称见下表。", "Refer to figures by name, like {{ visits }}; the names are listed below.";
    TemplateSave => "保存模板", "Save the template";
    TemplateReset => "恢复默认模板", "Back to the default template";
    TemplateSaved => "模板已保存（本单位）。", "Template saved for this office.";
    BlanksTitle => "需要填写的名称", "Names to fill in";
    GeneratedText => "生成的文字（可修改）", "Generated text (you may edit it)";
    Regenerate => "按模板重新生成", "Regenerate from the template";
    PlaceholderLegend => "可用的名称", "Names you can use";
    UnknownPlaceholder => "模板中有未知的名称：", "The template uses an unknown name: ";
    TemplateSyntax => "模板格式有误：", "The template has a syntax error: ";
    TemplateNotAllowed => "报告模板不能使用：", "Report templates may not use: ";
    TemplateTooManySteps => "模板运行步数超出上限（可能有循环），已停止。请修改模板或恢复默认模板。", "The template ran past its budget of steps (a loop?) and was stopped. Change it or go back to the default template.";
    TemplateLineTooLong => "模板中有一行超过一万字，无法使用。请分成几行。", "A line of the template is longer than 10,000 characters and cannot be used. Split it into several lines.";
    TemplateTooLong => "模板生成的文字过长，已停止。请修改模板或恢复默认模板。", "The template made too much text and was stopped. Change it or go back to the default template.";
    IssuerLabel => "发文机关署名", "Issuing body";
    IssuedOnLabel => "成文日期", "Date of the document";
    WarningNoCampaign => "台账中没有这个专项行动，相应数字印为＿＿＿：", "No campaign of this name in the ledger; its figures print as ＿＿＿: ";
    WarningNoMonth => "这个月份不在本期或去年同期内，相应数字印为＿＿＿：", "This month lies outside this period and last year's; its figures print as ＿＿＿: ";
    OmittedTitle => "以下句子的数字都是零，已从文字中略去：", "These sentences have only zeros and were left out of the text:";
    KeepSentence => "保留这句", "Keep this sentence";
    KeptTitle => "数字为零但已保留的句子：", "Sentences kept although their figures are zero:";
    DropSentence => "略去", "Leave out";
    StaleTitle => "文字修改后，其中的数字已有变化：", "Figures have changed since the text was edited:";
    StaleRegenerate => "按新数字重新生成", "Regenerate with the new figures";
    StaleKeep => "仍用我修改的文字", "Keep my text as it is";
    ArchiveTitle => "已存档的汇报", "Archived reports";
    ArchiveNow => "存档（按现在的样子保存）", "Archive as issued";
    ArchiveEmpty => "尚无存档。存档的汇报以后原样打开、打印和下载，不随台账变化。", "Nothing archived yet. An archived report opens, prints and downloads as it was, whatever the ledger says later.";
    ArchiveDone => "已存档。", "Archived.";
    ArchiveOpen => "打开", "Open";
    ArchivedAt => "存档于", "archived";
    ArchiveViewing => "正在查看存档的汇报（不随台账变化）：", "Viewing an archived report (it does not follow the ledger): ";
    ArchiveClose => "返回当前汇报", "Back to the current report";
    TablesTitle => "表格", "Tables";
    ChartsTitle => "图表", "Charts";
    ChartWeekly => "每周收件数（本期与去年同期）", "Petitions received per week (this period and last year)";
    ChartTallies => "专项行动主要数字（本期与去年同期）", "Campaign figures (this period and last year)";
    Print => "打印", "Print";
    DownloadJson => "下载数字（JSON）", "Download figures (JSON)";
    DownloadCsv => "下载数字（CSV）", "Download figures (CSV)";
    DownloadDocx => "下载汇报（DOCX）", "Download report (DOCX)";
    DownloadXlsx => "下载表格（XLSX）", "Download tables (XLSX)";
    DownloadFailed => "无法生成文件：", "The file could not be made: ";
    DownloadPreparing => "正在生成文件……", "Making the file…";
    WorkbookReading => "正在读取工作簿……", "Reading the workbook…";
    OfficeUnavailable => "无法载入处理 DOCX、XLSX 文件的组件，请联网后刷新页面再试。原因：", "The part of the app that makes and reads DOCX and XLSX files could not be loaded; connect to the network, reload the page and try again. Reason: ";

    ExchangeIntro => "把本单位台账导出为文件交给其他单位，或导入其他单位的文件。导入前先预览新增、更新、不变和冲突，确认后一次写入。", "Export this ledger to a file for other offices, or import theirs. Before anything is written you see what a file adds, updates, leaves alone and conflicts on; then it is written at once.";
    ExportTitle => "导出", "Export";
    ImportHistory => "最近的导入", "Recent imports";
    NoImports => "还没有导入过文件。", "No file imported yet.";
    Undo => "撤销", "Undo";
    RecordsWritten => "写入", "written";
    UndoDone => "已撤销这次导入。", "The import was undone.";
    UndoGone => "这次导入已不在记录中（可能已在另一个窗口撤销），没有再撤销。", "This import is no longer on record (perhaps undone in another window), so nothing was undone.";
    UndoRefused => "以下记录在导入后又被修改，撤销会覆盖这些修改，所以没有撤销：", "These records changed after the import, and undoing would overwrite that, so nothing was undone: ";
    ExportRedact => "去除个人信息（信访人姓名、身份证号码、电话、住址，以及详细情况、办理记录等文字内容）", "Strip personal data (the petitioner's name, ID number, phone and address, and free texts such as details and log entries)";
    ExportPassphrase => "加密口令（可不填）", "Passphrase to encrypt (optional)";
    ExportPassphraseHint => "填写后文件用 AES-256-GCM 加密，导入时须输入同一口令。", "With a passphrase the file is encrypted (AES-256-GCM); importing it asks for the same passphrase.";
    ExportAll => "导出", "Export";
    ExportDone => "已导出：", "Exported: ";
    LastExport => "上次导出：", "Last export: ";
    NeverExported => "尚未导出过。", "Never exported yet.";
    ImportExchangeTitle => "导入", "Import";
    ImportExchangeFile => "台账文件（.json）", "Ledger file (.json)";
    ImportDropHint => "也可以把文件拖到这里。", "Or drop the file here.";
    ProgressReading => "正在读取文件", "Reading the file";
    ProgressChecking => "正在检查记录", "Checking the records";
    ProgressPlanning => "正在与台账比对", "Comparing with the ledger";
    ProgressWriting => "正在写入", "Writing";
    ImportPassphrase => "口令", "Passphrase";
    ImportDecrypt => "解密", "Decrypt";
    ImportEncryptedHint => "这个文件已加密，请输入导出时的口令。", "This file is encrypted: enter the passphrase it was exported with.";
    ImportProblems => "以下记录有问题：", "These records have problems:";
    ImportValidOnly => "只导入没有问题的记录", "Import only the records without problems";
    ImportUnknownRefs => "条引用指向文件和台账中都没有的记录，已保留并标为未知。", "references point to records in neither the file nor the ledger; they are kept and shown as unknown.";
    ImportPlanTitle => "导入后将：", "Importing will:";
    ColumnKindOfRecord => "记录", "Records";
    WillConflict => "冲突", "conflict";
    ConflictsTitle => "冲突（版本相同、内容不同；按规则选出一方，另一方保留备查）", "Conflicts (same version, different content: one side is chosen by the rule, the other kept)";
    BackupNever => "台账还从未完整导出过。浏览器中的数据一旦丢失便无法找回，请导出一份备份。", "This ledger was never exported in full. Data lost from the browser cannot be recovered: export a backup.";
    BackupStaleBefore => "上次完整导出已是 ", "The last full export was ";
    BackupStaleAfter => " 天前。请再导出一份备份。", " days ago. Export a new backup.";
    BackupExportNow => "立即导出全部", "Export everything now";
    ConflictsPageTitle => "冲突", "Conflicts";
    ConflictsIntro => "两个单位从同一版本分别修改了同一条记录。导入时按合并规则保留了一方，另一方保存在这里：可以逐项对照；恢复另一方后，它成为新版本，并随下次导出传到其他单位。", "Two offices edited the same record from the same version. The import kept one side by the merge rule and kept the other here: compare them field by field; a restored version becomes the newest and travels with the next export.";
    BackToExchange => "返回数据交换", "Back to exchange";
    DuplicateTalliesTitle => "重复录入的统计数", "Counts entered twice";
    DuplicateTalliesIntro => "同一单位、同一指标、同一天（同一专项行动）有两个以上的统计数，可能是两人分别录入了同一个数。统计只计入标明“计入统计”的一个；请保留正确的一个，其余的将被删除，删除会随导出传到其他单位。", "One office has two or more counts for one metric on one day (and campaign): perhaps two people entered the same count. The figures count only the one marked counted; keep the right one and the others are deleted, a deletion that travels with exports.";
    DuplicateCounted => "计入统计", "Counted";
    DuplicateChanged => "录入或修改时间", "Entered or changed";
    DuplicateKeep => "保留这个数", "Keep this count";
    DuplicateKept => "已保留所选的数，其余已删除。", "The chosen count is kept and the others deleted.";
    NoConflicts => "没有待处理的冲突。", "No conflicts to settle.";
    ConflictOursKept => "保留了本机版本，文件中的版本在右侧", "our version was kept; the file's is on the right";
    ConflictTheirsTaken => "采用了文件中的版本，本机原来的版本在右侧", "the file's version was taken; ours is on the right";
    ConflictField => "字段", "Field";
    ConflictCurrent => "当前版本", "Current version";
    VersionShort => "版本", "version";
    ConflictOther => "另一版本", "Other version";
    ConflictRestore => "恢复另一版本", "Restore the other version";
    ConflictKeep => "保留当前版本", "Keep the current version";
    ConflictRestored => "已恢复另一版本，它现在是最新版本。", "The other version is restored and is now the newest.";
    ConflictDismissed => "已保留当前版本。", "The current version is kept.";
    ConflictRecordGone => "这条记录已不在台账中，无法恢复。", "This record is no longer in the ledger and cannot be restored.";
    ConflictsKept => "处冲突已保存，可对照并恢复：", "conflicts are kept to compare and restore: ";
    ConflictsLink => "查看冲突", "See the conflicts";
    FieldDeleted => "已删除", "Deleted";
    KeptLocal => "保留本地", "kept ours";
    TookIncoming => "采用文件", "took the file's";
    ImportConfirmExchange => "确认导入", "Import";
    ImportExchangeDone => "已导入：", "Imported: ";
    ImportNothingNew => "这个文件没有带来任何变化。", "This file changes nothing.";
    KindOffices => "单位", "Offices";
    KindMetrics => "指标", "Metrics";
    KindCampaigns => "专项行动", "Campaigns";
    KindPetitions => "信访件", "Petitions";
    KindTallies => "统计数", "Tallies";
    FileNotJson => "这不是 JSON 文件（读到第", "This is not a JSON file (reading stopped at line ";
    FileNotTaizhang => "这不是台账导出的文件（format 不是 taizhang）。", "This is not a Taizhang file (its format is not taizhang).";
    FileNotUtf8 => "文件中有不是 UTF-8 编码的字节（文件可能已损坏，或被其他程序另存为其他编码），没有导入任何内容。", "The file holds bytes that are not UTF-8 (it may be damaged, or saved in another encoding by another program); nothing was imported.";
    FileNewer => "这个文件由更新版本的程序导出（版本", "This file was written by a newer version of the app (version ";
    FileBadHeader => "文件头缺少或写错了字段：", "The file's header lacks or garbles the field: ";
    FileMissingArray => "文件缺少记录数组：", "The file lacks the record array: ";
    FileRepeatedArray => "文件中同一记录数组出现了两次：", "The file holds the same record array twice: ";
    FileEncrypted => "这个文件已加密，需要口令。", "This file is encrypted and needs its passphrase.";
    CryptoWrong => "口令不对，或者文件已损坏；没有写入任何内容。", "The passphrase is wrong or the file is damaged; nothing was written.";
    CryptoDamaged => "文件已损坏：其加密参数超出本程序使用的范围（60 万至 1000 万次迭代），没有尝试解密。", "The file is damaged: its key parameters are outside what this app uses (600,000 to 10,000,000 iterations); it was not tried.";
    ImportReplanned => "预览之后，台账中有记录被修改（本页或其他标签页）。已按现在的台账重新计算，请再看一遍后确认。", "Records of the ledger changed after the preview (here or in another tab). The preview is worked out again against the ledger as it is now: look at it once more, then confirm.";
    ImportUnsealing => "正在验证口令并解密，页面可继续使用……", "Checking the passphrase and decrypting; the page stays usable…";
    ExportPassphraseAgain => "再次输入口令", "Passphrase again";
    ExportPassphraseMismatch => "两次输入的口令不一致，没有导出。", "The two passphrases differ; nothing was exported.";
    CryptoUnsupported => "这个加密文件的格式本程序不支持。", "This encrypted file uses a format this app does not support.";

    UpdateReady => "新版本已就绪。", "A new version is ready.";
    UpdateSaveFirst =>
        "更新会重新载入页面，请先保存正在填写的内容。",
        "Updating reloads the page: save what you are typing first.";
    UpdateAccept => "更新到新版本", "Update now";

    StoredLocally =>
        "全部记录只保存在本浏览器中，不上传任何服务器。",
        "All records stay in this browser; nothing is sent to any server.";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_cjk(text: &str) -> bool {
        text.chars().any(|c| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
        })
    }

    #[test]
    fn every_key_has_text_in_both_languages() {
        for key in T::ALL {
            for lang in Lang::ALL {
                assert!(
                    !key.get(lang).trim().is_empty(),
                    "{key:?} is empty in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn english_text_is_not_left_in_chinese() {
        for key in T::ALL {
            let en = key.get(Lang::En);
            assert!(
                !has_cjk(en),
                "{key:?} has Chinese in its English text: {en}"
            );
        }
    }

    #[test]
    fn chinese_text_is_translated() {
        // Every Chinese entry carries Chinese characters; a copied English line would not.
        for key in T::ALL {
            let zh = key.get(Lang::Zh);
            assert!(has_cjk(zh), "{key:?} has no Chinese: {zh}");
        }
    }
}
