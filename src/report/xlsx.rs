//! The report's tables as an Excel workbook: one worksheet per table, numbers and
//! percentages kept as numbers so they can be summed and charted.

use std::collections::HashMap;

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::table::{Table, TableCell};

/// Excel's limit on a sheet name, counted in UTF-16 units.
const SHEET_NAME_LIMIT: usize = 31;
const CHARACTERS_EXCEL_FORBIDS: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];
const MIN_COLUMN_WIDTH: usize = 6;
const MAX_COLUMN_WIDTH: usize = 60;

/// The tables as XLSX bytes, one worksheet each, in the order given.
pub fn report_xlsx(tables: &[Table]) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    let mut sheet_names: Vec<String> = Vec::with_capacity(tables.len());
    for table in tables {
        let name = unique_sheet_name(&sheet_name(&table.title, &table.key), &sheet_names);
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&name).map_err(xlsx_error)?;
        write_table(worksheet, table)?;
        sheet_names.push(name);
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> String {
    format!("XLSX: {error}")
}

fn write_table(worksheet: &mut Worksheet, table: &Table) -> Result<(), String> {
    let header_format = Format::new().set_bold();
    let percent_format = Format::new().set_num_format("0.0%");
    let mut number_formats: HashMap<u8, Format> = HashMap::new();
    let mut widths: Vec<usize> = Vec::new();
    let mut fit = |column: usize, text: &str| {
        if widths.len() <= column {
            widths.resize(column + 1, MIN_COLUMN_WIDTH);
        }
        widths[column] = widths[column].max(display_width(text) + 2);
    };

    for (column, header) in table.headers.iter().enumerate() {
        worksheet
            .write_string_with_format(0, column as u16, header, &header_format)
            .map_err(xlsx_error)?;
        fit(column, header);
    }
    for (index, row) in table.rows.iter().enumerate() {
        let row_number = index as u32 + 1;
        for (column, cell) in row.iter().enumerate() {
            let column_number = column as u16;
            match cell {
                TableCell::Text(text) => {
                    worksheet
                        .write_string(row_number, column_number, text)
                        .map_err(xlsx_error)?;
                }
                TableCell::Number { value, decimals } => {
                    let format = number_formats
                        .entry(*decimals)
                        .or_insert_with(|| Format::new().set_num_format(number_format(*decimals)));
                    worksheet
                        .write_number_with_format(row_number, column_number, *value, format)
                        .map_err(xlsx_error)?;
                }
                TableCell::Percent(rate) => {
                    worksheet
                        .write_number_with_format(row_number, column_number, *rate, &percent_format)
                        .map_err(xlsx_error)?;
                }
                TableCell::Empty => {}
            }
            fit(column, &cell.display());
        }
    }

    for (column, width) in widths.into_iter().enumerate() {
        worksheet
            .set_column_width(column as u16, width.min(MAX_COLUMN_WIDTH) as f64)
            .map_err(xlsx_error)?;
    }
    if !table.headers.is_empty() {
        worksheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    }
    Ok(())
}

/// `0`, `0.0`, `0.00`, … for a number shown with `decimals` digits.
fn number_format(decimals: u8) -> String {
    if decimals == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(usize::from(decimals)))
    }
}

/// The width of `text` in Excel's column units, roughly: CJK and other wide characters take
/// two, ASCII one.
pub(super) fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The title as Excel accepts it for a sheet name: forbidden characters replaced, at most 31
/// UTF-16 units, no apostrophe at either end; the table's key where nothing is left.
fn sheet_name(title: &str, key: &str) -> String {
    let cleaned: String = title
        .trim()
        .chars()
        .map(|c| {
            if CHARACTERS_EXCEL_FORBIDS.contains(&c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cut = cut_to_utf16_units(cleaned.trim_matches('\''), SHEET_NAME_LIMIT);
    let name = cut.trim_matches('\'').trim();
    if name.is_empty() {
        cut_to_utf16_units(key, SHEET_NAME_LIMIT).to_owned()
    } else {
        name.to_owned()
    }
}

fn cut_to_utf16_units(text: &str, limit: usize) -> &str {
    let mut units = 0;
    for (index, c) in text.char_indices() {
        units += c.len_utf16();
        if units > limit {
            return &text[..index];
        }
    }
    text
}

/// `name`, or `name (2)`, `name (3)`, … cut to fit, whichever no earlier sheet has: Excel
/// compares sheet names without regard to case.
fn unique_sheet_name(name: &str, taken: &[String]) -> String {
    let is_taken = |candidate: &str| {
        let candidate = candidate.to_lowercase();
        taken.iter().any(|name| name.to_lowercase() == candidate)
    };
    if !is_taken(name) {
        return name.to_owned();
    }
    (2..)
        .map(|number| {
            let suffix = format!(" ({number})");
            let stem = cut_to_utf16_units(name, SHEET_NAME_LIMIT - suffix.len());
            format!("{}{suffix}", stem.trim_end())
        })
        .find(|candidate| !is_taken(candidate))
        .expect("some number is free")
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

    use super::*;

    fn sample_tables() -> Vec<Table> {
        vec![
            Table {
                key: "petitions_by_office".into(),
                title: "信访件按单位统计".to_owned(),
                headers: vec![
                    "单位".to_owned(),
                    "件数".to_owned(),
                    "上年同期".to_owned(),
                    "办结率".to_owned(),
                ],
                rows: vec![
                    vec![
                        TableCell::Text("县公安局".to_owned()),
                        TableCell::count(1234),
                        TableCell::count(1100),
                        TableCell::Percent(0.873),
                    ],
                    vec![
                        TableCell::Text("县法院".to_owned()),
                        TableCell::count(56),
                        TableCell::Empty,
                        TableCell::Percent(1.0),
                    ],
                ],
            },
            Table {
                key: "tallies_by_metric".into(),
                title: "专项工作台账:按指标/单位统计[2024]?以及一个很长很长很长的标题".to_owned(),
                headers: vec!["指标".to_owned(), "数值".to_owned()],
                rows: vec![vec![
                    TableCell::Text("排查矛盾纠纷".to_owned()),
                    TableCell::Number {
                        value: 12.5,
                        decimals: 1,
                    },
                ]],
            },
        ]
    }

    fn read_back(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes)).expect("an XLSX calamine reads")
    }

    #[test]
    fn one_sheet_per_table_named_by_its_title() {
        let workbook = read_back(report_xlsx(&sample_tables()).expect("an XLSX"));
        let names = workbook.sheet_names();
        assert_eq!(names[0], "信访件按单位统计");
        assert!(!names[1].contains(['[', ']', ':', '/', '\\', '?', '*']));
        assert!(names[1].starts_with("专项工作台账_按指标_单位统计_2024_"));
        assert!(names[1].encode_utf16().count() <= 31);
    }

    #[test]
    fn headers_are_text_and_figures_are_numbers() {
        let mut workbook = read_back(report_xlsx(&sample_tables()).expect("an XLSX"));
        let sheet = workbook
            .worksheet_range("信访件按单位统计")
            .expect("the first sheet");
        assert_eq!(sheet.get((0, 0)), Some(&Data::String("单位".to_owned())));
        assert_eq!(sheet.get((0, 3)), Some(&Data::String("办结率".to_owned())));
        assert_eq!(
            sheet.get((1, 0)),
            Some(&Data::String("县公安局".to_owned()))
        );
        assert_eq!(sheet.get((1, 1)), Some(&Data::Float(1234.0)));
        assert_eq!(sheet.get((1, 3)), Some(&Data::Float(0.873)));
        assert_eq!(sheet.get((2, 2)), Some(&Data::Empty));

        let second = workbook.sheet_names()[1].clone();
        let sheet = workbook.worksheet_range(&second).expect("the second sheet");
        assert_eq!(sheet.get((1, 1)), Some(&Data::Float(12.5)));
    }

    #[test]
    fn formats_show_decimals_and_percentages() {
        let bytes = report_xlsx(&sample_tables()).expect("an XLSX");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut styles = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("xl/styles.xml").expect("styles"),
            &mut styles,
        )
        .expect("UTF-8 XML");
        assert!(styles.contains(r#"formatCode="0.0%""#), "{styles}");
        assert!(styles.contains(r#"formatCode="0.0""#));
        assert!(styles.contains("<b/>"));
    }

    #[test]
    fn sheet_names_are_cut_cleaned_and_unique() {
        assert_eq!(sheet_name("a/b:c", "key"), "a_b_c");
        assert_eq!(sheet_name("'引号'", "key"), "引号");
        assert_eq!(
            sheet_name("  ", "petitions_by_office"),
            "petitions_by_office"
        );
        let long = "统".repeat(40);
        assert_eq!(sheet_name(&long, "key"), "统".repeat(31));
        let taken = vec!["统计".to_owned()];
        assert_eq!(unique_sheet_name("统计", &taken), "统计 (2)");
        let taken = vec!["统".repeat(31)];
        let renamed = unique_sheet_name(&"统".repeat(31), &taken);
        assert_eq!(renamed, format!("{} (2)", "统".repeat(27)));
    }

    #[test]
    fn widths_count_chinese_characters_double() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("县公安局"), 8);
        assert_eq!(number_format(0), "0");
        assert_eq!(number_format(2), "0.00");
    }

    #[test]
    fn no_tables_make_an_empty_but_valid_workbook() {
        // rust_xlsxwriter adds a blank sheet when none was added.
        let workbook = read_back(report_xlsx(&[]).expect("an XLSX"));
        assert_eq!(workbook.sheet_names().len(), 1);
    }
}
