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
