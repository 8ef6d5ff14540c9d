//! Reading spreadsheets (CSV, a paste from Excel, XLSX) into rows of cells, as the user
//! sees them, for the tally import to map. Plain Rust, used natively and in the browser.
//!
//! Rows keep their place: row `i` here is row `i + 1` in the spreadsheet, blank rows
//! included, so that a refused row can be named by the number the user sees.

use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx, XlsxError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One cell's content. Text is trimmed; blank text is `Empty`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date-formatted cell of a workbook.
    Date(NaiveDate),
}

impl Cell {
    /// The cell as the user would type it: whole numbers without `.0`, dates `YYYY-MM-DD`.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            // Rust prints whole floats without a fraction; only -0 needs help.
            Cell::Number(n) if *n == 0.0 => "0".to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(day) => day.format("%Y-%m-%d").to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    fn text(text: &str) -> Cell {
        match text.trim() {
            "" => Cell::Empty,
            trimmed => Cell::Text(trimmed.to_string()),
        }
    }
}

/// One sheet of a workbook, or the whole of a CSV file (whose name is empty).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a workbook could not be read. The texts are the reader's own, for a bug report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SheetError {
    /// The workbook holds no cell with anything in it.
    Empty,
    /// Not an XLSX file at all (perhaps an old `.xls`, or a CSV renamed).
    NotXlsx(String),
    /// An XLSX file whose content could not be read.
    Unreadable(String),
    /// A sheet whose filled cells span more than `MAX_ROWS` rows or `MAX_CELLS` cells.
    TooLarge { sheet: String },
}

const BOM: char = '\u{feff}';

/// Rows as CSV for Excel and WPS (PRODUCT §6): a UTF-8 BOM so the Chinese shows, CRLF line
/// ends, RFC 4180 quoting (the `csv` crate), and no text cell that a spreadsheet would take
/// for a formula.
pub fn write_csv<R: AsRef<[String]>>(rows: &[R]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(
            row.as_ref()
                .iter()
                .map(|cell| never_a_formula(cell).into_owned()),
        );
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// A text cell that Excel or WPS would read as a formula (`=`, `+`, `-`, `@`, or a tab or
/// carriage return before one) gets a leading apostrophe, so it is read as text; numbers,
/// negative ones included, stay numbers.
pub fn never_a_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Reads CSV text, already decoded. The delimiter is whichever of `,` tab `;` the first
/// line holds most of (tab is what a paste from Excel gives).
pub fn read_csv(text: &str) -> Sheet {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let end_of_last = reader.position().byte() as usize;
        // Input that is already text cannot fail to read; stop rather than loop if it did.
        if !reader.read_record(&mut record).unwrap_or(false) {
            break;
        }
        // The reader skips blank lines; they are rows to the user, so they are put back.
        for _ in 0..blank_lines_at(text.as_bytes(), end_of_last) {
            rows.push(Vec::new());
        }
        rows.push(record.iter().map(Cell::text).collect());
    }
    drop_trailing_blank_rows(&mut rows);
    Sheet {
        name: String::new(),
        rows,
    }
}

/// How many empty lines start at byte `at`, where the last record ended.
fn blank_lines_at(bytes: &[u8], mut at: usize) -> usize {
    // A record ended by CR LF leaves the reader between the two.
    if at > 0 && bytes[at - 1] == b'\r' && bytes.get(at) == Some(&b'\n') {
        at += 1;
    }
    let mut lines = 0;
    loop {
        match bytes.get(at) {
            Some(b'\n') => at += 1,
            Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => at += 2,
            Some(b'\r') => at += 1,
            _ => return lines,
        }
        lines += 1;
    }
}

/// The delimiter the first line uses most, outside quotes; a comma when there is none.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0), (b'\t', 0), (b';', 0)];
    let mut quoted = false;
    for byte in text.bytes() {
        if byte == b'\n' && !quoted {
            break;
        }
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (delimiter, count) in counts.iter_mut() {
                if byte == *delimiter {
                    *count += 1;
                }
            }
        }
    }
    // On a tie the earlier (the comma) wins.
    counts
        .iter()
        .fold((b',', 0), |best, &c| if c.1 > best.1 { c } else { best })
        .0
}

fn is_blank(row: &[Cell]) -> bool {
    row.iter().all(Cell::is_empty)
}

fn drop_trailing_blank_rows(rows: &mut Vec<Vec<Cell>>) {
    while rows.last().is_some_and(|row| is_blank(row)) {
        rows.pop();
    }
}

/// The most cells (blank ones up to the last filled cell of each row included) and rows a
/// sheet may span: far beyond a campaign's tallies, and small enough to hold in memory. A
/// sheet whose filled cells reach further is refused before anything is allocated for it.
pub const MAX_CELLS: usize = 2_000_000;
pub const MAX_ROWS: usize = 200_000;

/// Reads every sheet of an XLSX workbook, in the workbook's order, cell by cell (the
/// workbook's own dimension is not trusted: a sheet may claim the whole grid).
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::Empty);
    }
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|error| match error {
        XlsxError::Zip(_) => SheetError::NotXlsx(error.to_string()),
        other => SheetError::Unreadable(other.to_string()),
    })?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let unreadable = |error: XlsxError| SheetError::Unreadable(error.to_string());
        let mut reader = book.worksheet_cells_reader(&name).map_err(unreadable)?;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut cells = 0usize;
        while let Some(cell) = reader.next_cell().map_err(unreadable)? {
            let value = xlsx_cell(&Data::from(cell.get_value().clone()));
            if value.is_empty() {
                continue;
            }
            let (row, column) = cell.get_position();
            let (row, column) = (row as usize, column as usize);
            if row >= MAX_ROWS {
                return Err(SheetError::TooLarge { sheet: name });
            }
            if rows.len() <= row {
                rows.resize_with(row + 1, Vec::new);
            }
            let cells_of_row = &mut rows[row];
            if cells_of_row.len() <= column {
                cells += column + 1 - cells_of_row.len();
                if cells > MAX_CELLS {
                    return Err(SheetError::TooLarge { sheet: name });
                }
                cells_of_row.resize(column + 1, Cell::Empty);
            }
            cells_of_row[column] = value;
        }
        drop(reader);
        drop_trailing_blank_rows(&mut rows);
        sheets.push(Sheet { name, rows });
    }
    if sheets.iter().all(|sheet| sheet.rows.is_empty()) {
        return Err(SheetError::Empty);
    }
    Ok(sheets)
}

fn xlsx_cell(data: &Data) -> Cell {
    match data {
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::String(text) => Cell::text(text),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        // Only a serial Excel can show as a date is read as one: chrono's arithmetic on an
        // absurd serial would panic.
        Data::DateTime(at) if at.is_datetime() && (0.0..2_958_466.0).contains(&at.as_f64()) => {
            data.as_date().map_or(Cell::Number(at.as_f64()), Cell::Date)
        }
        Data::DateTime(at) => Cell::Number(at.as_f64()),
        Data::DateTimeIso(text) => text
            .get(..10)
            .and_then(crate::domain::strict::parse_date)
            .map_or_else(|| Cell::text(text), Cell::Date),
        Data::DurationIso(text) => Cell::text(text),
        Data::Error(_) | Data::Empty => Cell::Empty,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn text(t: &str) -> Cell {
        Cell::Text(t.to_string())
    }

    fn texts(row: &[Cell]) -> Vec<String> {
        row.iter().map(Cell::as_text).collect()
    }

    #[test]
    fn cells_read_as_typed() {
        assert_eq!(Cell::Number(12.0).as_text(), "12");
        assert_eq!(Cell::Number(-0.0).as_text(), "0");
        assert_eq!(Cell::Number(1.5).as_text(), "1.5");
        assert_eq!(Cell::Number(1234567.0).as_text(), "1234567");
        assert_eq!(
            Cell::Date("2022-08-01".parse().unwrap()).as_text(),
            "2022-08-01"
        );
        assert_eq!(Cell::Empty.as_text(), "");
    }

    #[test]
    fn a_csv_with_a_bom_reads_its_chinese_header_and_trimmed_cells() {
        let sheet = read_csv("\u{feff}日期,单位,指标,数值\r\n2022-08-01, GA ,逮捕,3\r\n");
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(texts(&sheet.rows[0]), ["日期", "单位", "指标", "数值"]);
        assert_eq!(sheet.rows[1][1], text("GA"));
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let sheet = read_csv("a,b\n\"1,234\",\"他说\"\"好\"\"\n第二行\"\n");
        assert_eq!(sheet.rows[1], [text("1,234"), text("他说\"好\"\n第二行")]);
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_first_line() {
        let pasted = read_csv("日期\t单位\t数值\n2022-08-01\t法院\t1,5\n");
        assert_eq!(
            pasted.rows[1],
            [text("2022-08-01"), text("法院"), text("1,5")]
        );
        let european = read_csv("date;office;value\n2022-08-01;GA;2,5\n");
        assert_eq!(european.rows[1][2], text("2,5"));
        let quoted = read_csv("\"a;b\",c\n1,2\n");
        assert_eq!(quoted.rows[0], [text("a;b"), text("c")]);
    }

    #[test]
    fn blank_lines_keep_their_row_numbers_and_trailing_ones_are_dropped() {
        let sheet = read_csv("h1,h2\n\n1,2\n,\n\"x\ny\",3\n4,5\n\n , \n\n");
        assert_eq!(sheet.rows.len(), 6);
        assert!(sheet.rows[1].is_empty());
        assert_eq!(sheet.rows[2], [text("1"), text("2")]);
        assert_eq!(sheet.rows[3], [Cell::Empty, Cell::Empty]);
        assert_eq!(sheet.rows[4][0], text("x\ny"));
        assert_eq!(sheet.rows[5], [text("4"), text("5")]);
        assert_eq!(read_csv("").rows, Vec::<Vec<Cell>>::new());
        let windows = read_csv("h1,h2\r\n\r\n1,2\r\n\r\n\r\n3,4\r\n\r\n");
        assert_eq!(windows.rows.len(), 6);
        assert_eq!(windows.rows[2], [text("1"), text("2")]);
        assert_eq!(windows.rows[5], [text("3"), text("4")]);
    }

    #[test]
    fn garbage_and_empty_bytes_are_not_a_workbook() {
        assert!(matches!(
            read_xlsx(b"date,office\n2022-08-01,GA\n"),
            Err(SheetError::NotXlsx(_))
        ));
        assert_eq!(read_xlsx(b""), Err(SheetError::Empty));
    }

    /// Writes real XLSX files with `rust_xlsxwriter`, for the native tests.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) mod xlsx {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

        /// What to write in one cell.
        pub(crate) enum Put<'a> {
            Text(&'a str),
            Number(f64),
            /// A date cell formatted `yyyy-mm-dd`.
            Date(u16, u8, u8),
            Blank,
        }

        pub(crate) fn write_rows(sheet: &mut Worksheet, first_row: u32, rows: &[Vec<Put>]) {
            let date = Format::new().set_num_format("yyyy-mm-dd");
            for (r, row) in rows.iter().enumerate() {
                let r = first_row + r as u32;
                for (c, put) in row.iter().enumerate() {
                    let c = c as u16;
                    match put {
                        Put::Text(t) => sheet.write_string(r, c, *t).map(drop),
                        Put::Number(n) => sheet.write_number(r, c, *n).map(drop),
                        Put::Date(y, m, d) => {
                            let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                            sheet
                                .write_datetime_with_format(r, c, &day, &date)
                                .map(drop)
                        }
                        Put::Blank => Ok(()),
                    }
                    .unwrap();
                }
            }
        }

        /// A workbook of one sheet named `name` holding `rows` from its first row.
        pub(crate) fn workbook(name: &str, rows: &[Vec<Put>]) -> Vec<u8> {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet().set_name(name).unwrap();
            write_rows(sheet, 0, rows);
            book.save_to_buffer().unwrap()
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_sheet_spanning_the_whole_grid_is_refused_before_it_is_laid_out() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("大表").unwrap();
        sheet.write_string(0, 0, "日期").unwrap();
        // Excel's last cell, XFD1048576.
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(
            read_xlsx(&bytes),
            Err(SheetError::TooLarge {
                sheet: "大表".into()
            })
        );
        // A long row is refused by its cells: 200 rows of 16,384 columns.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("宽表").unwrap();
        for row in 0..200 {
            sheet.write_string(row, 16_383, "x").unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        assert!(matches!(
            read_xlsx(&bytes),
            Err(SheetError::TooLarge { .. })
        ));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn an_absurd_number_formatted_as_a_date_is_read_as_a_number() {
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("日期").unwrap();
        for (row, n) in [-1e300, 1e300, -1.0, 44794.0].into_iter().enumerate() {
            sheet
                .write_number_with_format(row as u32, 0, n, &date)
                .unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        let rows = read_xlsx(&bytes).unwrap().remove(0).rows;
        assert_eq!(rows[0][0], Cell::Number(-1e300));
        assert_eq!(rows[1][0], Cell::Number(1e300));
        assert_eq!(rows[2][0], Cell::Number(-1.0));
        assert_eq!(rows[3][0], Cell::Date("2022-08-21".parse().unwrap()));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn an_xlsx_reads_dates_numbers_and_chinese_text_in_their_rows() {
        use xlsx::Put::*;
        let mut book = rust_xlsxwriter::Workbook::new();
        let first = book.add_worksheet().set_name("八月").unwrap();
        // Starts in row 2, column B: the blank row and column above and before still count.
        xlsx::write_rows(
            first,
            1,
            &[
                vec![Blank, Text("日期"), Text("单位"), Text("数值")],
                vec![Blank, Date(2022, 8, 1), Text(" 市公安局 "), Number(3.0)],
                vec![Blank, Date(2022, 8, 2), Text("法院"), Number(12.5)],
            ],
        );
        let second = book.add_worksheet().set_name("说明").unwrap();
        xlsx::write_rows(second, 0, &[vec![Text("只读")]]);
        let bytes = book.save_to_buffer().unwrap();

        let sheets = read_xlsx(&bytes).unwrap();
        assert_eq!(sheets.len(), 2);
        let sheet = &sheets[0];
        assert_eq!(sheet.name, "八月");
        assert_eq!(sheet.rows.len(), 4);
        assert!(is_blank(&sheet.rows[0]));
        assert_eq!(
            sheet.rows[2],
            [
                Cell::Empty,
                Cell::Date("2022-08-01".parse().unwrap()),
                text("市公安局"),
                Cell::Number(3.0)
            ]
        );
        assert_eq!(sheet.rows[3][3], Cell::Number(12.5));
        assert_eq!(sheets[1].rows, [vec![text("只读")]]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn an_xlsx_without_any_cells_is_empty() {
        let bytes = xlsx::workbook("Sheet1", &[]);
        assert_eq!(read_xlsx(&bytes), Err(SheetError::Empty));
    }
}
