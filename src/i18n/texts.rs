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

    NotYetDashboard =>
        "尚未开放：这里将显示今天在办、逾期、7日内到期和超过15日未交办的信访件数，按单位分列。",
        "Not yet available: this page will show today's open, overdue, due-within-7-days and unassigned-after-15-days petitions, per office.";
    NotYetPetitions =>
        "尚未开放：这里将列出全部信访件，可按状态、渠道、单位、日期筛选和排序。",
        "Not yet available: this page will list every petition, filtered and sorted by status, channel, office and date.";
    NotYetNewPetition =>
        "尚未开放：这里将是登记信访件的表单，自动填写办理期限并提示可能的重复访。",
        "Not yet available: this page will hold the form to register a petition, with its deadline filled in and possible repeats pointed out.";
    NotYetPetition =>
        "尚未开放：这里将显示一件信访件的全部信息和办理记录，并可交办、延期、办结、重新办理。",
        "Not yet available: this page will show one petition with its action log, and let you assign, extend, conclude and reopen it.";
    NotYetCampaigns =>
        "尚未开放：这里将定义专项行动（名称、起止日期、统计指标）并显示各单位的累计数。",
        "Not yet available: this page will define campaigns (name, dates, metrics) and show each office's running totals.";
    NotYetTallies =>
        "尚未开放：这里将按日期录入各单位的统计数，或从表格文件（CSV/XLSX）导入。",
        "Not yet available: this page will take each office's counts by date, typed in a grid or imported from a spreadsheet (CSV/XLSX).";
    NotYetReports =>
        "尚未开放：这里将按期间和单位生成汇报材料，填好全部数字并与去年同期对比，可打印和下载。",
        "Not yet available: this page will write the report for a period and offices, every figure filled in and compared with last year, to print or download.";
    NotYetExchange =>
        "尚未开放：这里将导出本单位台账文件，导入其他单位的文件，并在写入前显示新增、更新和冲突。",
        "Not yet available: this page will export this office's ledger to a file and import other offices' files, showing what they add, change or conflict on before writing.";
    NotYetSettings =>
        "尚未开放：这里将设置本单位名称和简称，并显示浏览器存储用量。",
        "Not yet available: this page will set this office's name and code and show how much browser storage the ledger uses.";

    NotFoundTitle => "找不到这个页面", "Page not found";
    NotFoundBody => "地址有误或页面已移动。", "The address is wrong or the page has moved.";
    BackToDashboard => "返回工作台", "Back to the dashboard";
    Loading => "正在打开台账……", "Opening the ledger…";
    Reload => "重新载入", "Reload";
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
