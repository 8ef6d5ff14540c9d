//! The report as a Word document laid out as a GB/T 9704-2012 official document: A4 with the
//! standard margins, a 小标宋 title, 仿宋 body in 22 lines of 28 characters, bordered tables
//! and a "— 1 —" page number.

use std::io::Cursor;

use docx_rs as word;

use super::table::{Table, TableCell};
use super::xlsx::display_width;

// Lengths in twips (1/20 pt; 1 mm ≈ 56.7 twips).
const PAGE_WIDTH: u32 = 11906; // 210 mm
const PAGE_HEIGHT: u32 = 16838; // 297 mm
const MARGIN_TOP: i32 = 2098; // 37 mm
const MARGIN_BOTTOM: i32 = 1984; // 35 mm
const MARGIN_LEFT: i32 = 1588; // 28 mm
const MARGIN_RIGHT: i32 = 1474; // 26 mm
/// The text block is 156 mm wide.
const TEXT_WIDTH: i32 = PAGE_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT;
/// 225 mm / 22 lines = 28.95 pt.
const LINE_PITCH: i32 = 579;
/// 16 pt characters set 0.25 pt closer, so that 28 of them (28 × 315 twips) fill the 156 mm
/// line and a 29th does not. The character grid (`w:charSpace`) that Word templates use for
/// this spreads a 16 pt character over two cells in LibreOffice, so plain spacing it is.
const BODY_CHARACTER_SPACING: i32 = -5;
/// The advance of one body character: 16 pt (320 twips) plus the spacing.
const BODY_CHARACTER_PITCH: i32 = BODY_SIZE as i32 * 10 + BODY_CHARACTER_SPACING;
const _: () = assert!(
    28 * BODY_CHARACTER_PITCH <= TEXT_WIDTH && 29 * BODY_CHARACTER_PITCH > TEXT_WIDTH,
    "a body line holds 28 characters"
);
/// Two characters.
const FIRST_LINE_INDENT: i32 = 2 * BODY_CHARACTER_PITCH;
/// Word's usual 15 mm; the report has no header.
const HEADER_DISTANCE: i32 = 851;
/// Puts the top of the page number about 7 mm under the text block, as the standard asks.
const FOOTER_DISTANCE: i32 = 1247; // 22 mm

// Font sizes in half-points.
const TITLE_SIZE: usize = 44; // 二号, 22 pt
const BODY_SIZE: usize = 32; // 三号, 16 pt
const TABLE_SIZE: usize = 28; // 四号, 14 pt
const PAGE_NUMBER_SIZE: usize = 28; // 四号, 14 pt
/// Table rules in eighths of a point: 0.5 pt, not docx-rs's hairline ¼ pt.
const TABLE_BORDER_SIZE: usize = 4;

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const PAGE_NUMBER_FONT: &str = "宋体";

/// The report as DOCX bytes: the title, one paragraph per non-empty line of `narrative`, then
/// each table under its title.
pub fn report_docx(title: &str, narrative: &str, tables: &[Table]) -> Result<Vec<u8>, String> {
    let mut document = word::Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            word::PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(HEADER_DISTANCE)
                .footer(FOOTER_DISTANCE),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .footer(word::Footer::new().add_paragraph(page_number()));
    // No document grid: the exact line spacing alone gives 22 lines, and LibreOffice fits
    // one line fewer on a page when a line grid is set as well.
    document.document = document.document.doc_grid(word::DocGrid::with_empty());

    document = document.add_paragraph(
        word::Paragraph::new()
            .add_run(
                word::Run::new()
                    .add_text(title.trim())
                    .fonts(fonts(TITLE_FONT))
                    .size(TITLE_SIZE),
            )
            .align(word::AlignmentType::Center)
            .line_spacing(exact_line()),
    );
    // The standard leaves one empty line between the title and the text.
    document = document.add_paragraph(word::Paragraph::new().line_spacing(exact_line()));

    for line in narrative
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
    {
        document = document.add_paragraph(
            body_paragraph(body_run(line))
                .align(word::AlignmentType::Both)
                .indent(
                    None,
                    Some(word::SpecialIndentType::FirstLine(FIRST_LINE_INDENT)),
                    None,
                    None,
                ),
        );
    }

    for table in tables {
        document = document
            .add_paragraph(word::Paragraph::new().line_spacing(exact_line()))
            .add_paragraph(
                body_paragraph(body_run(&table.title).bold())
                    .align(word::AlignmentType::Center)
                    .keep_next(true),
            )
            .add_table(word_table(table));
    }

    let mut package = document.build();
    package.document = repeat_header_rows(&package.document)?;
    package.font_table = font_table();
    let mut bytes = Cursor::new(Vec::new());
    package
        .pack(&mut bytes)
        .map_err(|error| format!("DOCX: {error}"))?;
    Ok(bytes.into_inner())
}

fn fonts(east_asian: &str) -> word::RunFonts {
    word::RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .east_asia(east_asian)
}

fn exact_line() -> word::LineSpacing {
    word::LineSpacing::new()
        .line_rule(word::LineSpacingType::Exact)
        .line(LINE_PITCH)
        .before(0)
        .after(0)
}

fn body_run(text: &str) -> word::Run {
    word::Run::new()
        .add_text(text)
        .fonts(fonts(BODY_FONT))
        .size(BODY_SIZE)
        .character_spacing(BODY_CHARACTER_SPACING)
}

fn body_paragraph(run: word::Run) -> word::Paragraph {
    word::Paragraph::new()
        .add_run(run)
        .line_spacing(exact_line())
        // Every page carries its full 22 lines, a paragraph's last line alone on the next
        // page or not.
        .widow_control(false)
}

/// "— 1 —": the PAGE field between two dashes, all in 宋体 including the digits.
fn page_number() -> word::Paragraph {
    let page_number_run = || {
        word::Run::new()
            .fonts(
                word::RunFonts::new()
                    .ascii(PAGE_NUMBER_FONT)
                    .hi_ansi(PAGE_NUMBER_FONT)
                    .east_asia(PAGE_NUMBER_FONT),
            )
            .size(PAGE_NUMBER_SIZE)
    };
    word::Paragraph::new()
        .add_run(page_number_run().add_text("— "))
        .add_run(
            page_number_run()
                .add_field_char(word::FieldCharType::Begin, false)
                .add_instr_text(word::InstrText::PAGE(word::InstrPAGE::new()))
                .add_field_char(word::FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(word::FieldCharType::End, false),
        )
        .add_run(page_number_run().add_text(" —"))
        .align(word::AlignmentType::Center)
}

/// A bordered table across the text block, columns as wide as their contents ask.
fn word_table(table: &Table) -> word::Table {
    let column_widths = column_widths(table);
    let header = word::TableRow::new(
        table
            .headers
            .iter()
            .zip(&column_widths)
            .map(|(header, &width)| table_cell(header, word::AlignmentType::Center, width, true))
            .collect(),
    )
    .cant_split();
    let rows = table.rows.iter().map(|row| {
        word::TableRow::new(
            row.iter()
                .zip(&column_widths)
                .map(|(cell, &width)| {
                    let alignment = match cell {
                        TableCell::Number { .. } | TableCell::Percent(_) => {
                            word::AlignmentType::Right
                        }
                        TableCell::Text(_) | TableCell::Empty => word::AlignmentType::Left,
                    };
                    table_cell(&cell.display(), alignment, width, false)
                })
                .collect(),
        )
        .cant_split()
    });
    let mut borders = word::TableBorders::new();
    for position in [
        word::TableBorderPosition::Top,
        word::TableBorderPosition::Left,
        word::TableBorderPosition::Bottom,
        word::TableBorderPosition::Right,
        word::TableBorderPosition::InsideH,
        word::TableBorderPosition::InsideV,
    ] {
        borders = borders.set(word::TableBorder::new(position).size(TABLE_BORDER_SIZE));
    }
    word::Table::new(std::iter::once(header).chain(rows).collect())
        .set_borders(borders)
        .set_grid(column_widths)
        .width(TEXT_WIDTH as usize, word::WidthType::Dxa)
        .layout(word::TableLayoutType::Fixed)
        .align(word::TableAlignmentType::Center)
}

fn table_cell(
    text: &str,
    alignment: word::AlignmentType,
    width: usize,
    bold: bool,
) -> word::TableCell {
    let mut run = word::Run::new()
        .add_text(text)
        .fonts(fonts(BODY_FONT))
        .size(TABLE_SIZE);
    if bold {
        run = run.bold();
    }
    word::TableCell::new()
        .add_paragraph(
            word::Paragraph::new()
                .add_run(run)
                .align(alignment)
                // Off the character grid: a cell's text keeps its natural width.
                .snap_to_grid(false)
                .line_spacing(
                    word::LineSpacing::new()
                        .line_rule(word::LineSpacingType::Auto)
                        .line(240)
                        .before(0)
                        .after(0),
                ),
        )
        .width(width, word::WidthType::Dxa)
        .vertical_align(word::VAlignType::Center)
}

/// Column widths in twips that add up to the text block, each in proportion to the widest
/// text in the column (with a floor, so short numbers still get a readable column).
fn column_widths(table: &Table) -> Vec<usize> {
    let columns = table
        .headers
        .len()
        .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return Vec::new();
    }
    let mut wants = vec![4usize; columns];
    for (column, header) in table.headers.iter().enumerate() {
        wants[column] = wants[column].max(display_width(header));
    }
    for row in &table.rows {
        for (column, cell) in row.iter().enumerate() {
            wants[column] = wants[column].max(display_width(&cell.display()));
        }
    }
    let total: usize = wants.iter().sum();
    let text_width = TEXT_WIDTH as usize;
    let mut widths: Vec<usize> = wants.iter().map(|want| text_width * want / total).collect();
    let rounding = text_width - widths.iter().sum::<usize>();
    widths[0] += rounding;
    widths
}

/// Marks the first row of every table as a header row that Word repeats on each page
/// (`w:tblHeader`), which docx-rs cannot express.
fn repeat_header_rows(document_xml: &[u8]) -> Result<Vec<u8>, String> {
    let xml = std::str::from_utf8(document_xml).map_err(|error| format!("DOCX: {error}"))?;
    let mut marked = String::with_capacity(xml.len() + 64);
    let mut rest = xml;
    while let Some(table_start) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(table_start);
        marked.push_str(before);
        let Some(row_property) = table.find("<w:trPr>") else {
            return Err("DOCX: a table without a header row".to_owned());
        };
        let after_row_property = row_property + "<w:trPr>".len();
        marked.push_str(&table[..after_row_property]);
        marked.push_str("<w:tblHeader />");
        rest = &table[after_row_property..];
    }
    marked.push_str(rest);
    Ok(marked.into_bytes())
}

/// The fonts the document names, with the face Word should take where a machine lacks one
/// (`w:altName`) and the GB2312 character set so a substitute is chosen among Chinese faces.
fn font_table() -> Vec<u8> {
    let chinese_font = |name: &str, fallback: &str| {
        format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{fallback}" /><w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#
        )
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
            r#"<w:font w:name="Times New Roman"><w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font>"#,
            "{title}{body}{page_number}</w:fonts>"
        ),
        title = chinese_font(TITLE_FONT, "宋体"),
        body = chinese_font(BODY_FONT, "仿宋"),
        page_number = chinese_font(PAGE_NUMBER_FONT, "SimSun"),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn sample_tables() -> Vec<Table> {
        vec![Table {
            key: "petitions_by_office".into(),
            title: "信访件按单位统计".to_owned(),
            headers: vec!["单位".to_owned(), "件数".to_owned(), "办结率".to_owned()],
            rows: vec![
                vec![
                    TableCell::Text("县公安局".to_owned()),
                    TableCell::count(1234),
                    TableCell::Percent(0.873),
                ],
                vec![
                    TableCell::Text("<合计> & 其他".to_owned()),
                    TableCell::count(1300),
                    TableCell::Empty,
                ],
            ],
        }]
    }

    fn part(docx: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip archive");
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the archive"))
            .read_to_string(&mut text)
            .expect("UTF-8 XML");
        text
    }

    fn sample_document_xml() -> String {
        let docx = report_docx(
            "关于2024年信访工作情况的报告",
            "　　今年以来，全县共受理信访事项1234件。\n\n二、主要做法\n",
            &sample_tables(),
        )
        .expect("a DOCX");
        part(&docx, "word/document.xml")
    }

    #[test]
    fn document_carries_title_narrative_and_table_cells() {
        let xml = sample_document_xml();
        assert!(xml.contains(">关于2024年信访工作情况的报告<"));
        // Leading ideographic spaces go: the first-line indent does their work.
        assert!(xml.contains(">今年以来，全县共受理信访事项1234件。<"));
        assert!(xml.contains(">二、主要做法<"));
        assert!(xml.contains(">信访件按单位统计<"));
        assert!(xml.contains(">县公安局<"));
        assert!(xml.contains(">1234<"));
        assert!(xml.contains(">87.3%<"));
        assert!(xml.contains("&lt;合计&gt; &amp; 其他"));
        // One paragraph per non-empty narrative line, plus the title and the line after it.
        let body_paragraphs = xml.matches(r#"<w:ind w:left="0" w:right="0" w:firstLine="630" />"#);
        assert_eq!(body_paragraphs.count(), 2);
    }

    #[test]
    fn page_is_a4_with_the_official_margins_and_22_lines_of_28() {
        let xml = sample_document_xml();
        assert!(
            xml.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#),
            "{xml}"
        );
        for margin in [
            r#"w:top="2098""#,
            r#"w:bottom="1984""#,
            r#"w:left="1588""#,
            r#"w:right="1474""#,
        ] {
            assert!(xml.contains(margin), "{margin} missing");
        }
        assert!(xml.contains(r#"<w:docGrid w:type="default" />"#));
        assert!(xml.contains(r#"<w:spacing w:val="-5" />"#));
        assert!(xml.contains(r#"w:line="579" w:lineRule="exact""#));
        assert!(xml.contains(r#"w:firstLine="630""#));
    }

    #[test]
    fn fonts_and_sizes_follow_the_standard() {
        let xml = sample_document_xml();
        assert!(xml.contains(r#"w:eastAsia="方正小标宋简体""#));
        assert!(xml.contains(r#"w:eastAsia="仿宋_GB2312""#));
        assert!(xml.contains(r#"<w:sz w:val="44" />"#));
        assert!(xml.contains(r#"<w:sz w:val="32" />"#));
        let font_table = part(
            &report_docx("标题", "正文。", &[]).expect("a DOCX"),
            "word/fontTable.xml",
        );
        assert!(font_table.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" />"#));
    }

    #[test]
    fn table_rows_do_not_split_and_the_header_repeats() {
        let xml = sample_document_xml();
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1);
        assert_eq!(xml.matches("<w:cantSplit />").count(), 3);
        assert!(xml.contains(r#"<w:insideV w:val="single" w:sz="4""#));
        assert!(xml.contains("<w:b />"));
        assert!(xml.contains(r#"<w:jc w:val="right" />"#));
    }

    #[test]
    fn footer_numbers_pages_between_dashes() {
        let docx = report_docx("标题", "正文。", &sample_tables()).expect("a DOCX");
        let footer = part(&docx, "word/footer1.xml");
        assert!(
            footer.contains("<w:instrText>PAGE</w:instrText>"),
            "{footer}"
        );
        assert!(footer.contains(">— <") && footer.contains("> —<"));
        assert!(footer.contains(r#"<w:jc w:val="center" />"#));
        assert!(footer.contains(r#"w:ascii="宋体""#));
    }

    #[test]
    fn empty_report_is_still_a_document() {
        let docx = report_docx("", "", &[]).expect("a DOCX");
        assert!(part(&docx, "word/document.xml").contains("<w:body>"));
    }
}
