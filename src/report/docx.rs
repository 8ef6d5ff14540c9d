//! A document on paper (the report, a notice to a petitioner) as a Word document laid out
//! as a GB/T 9704-2012 official document, as it prints: A4 with the standard margins, a 小标宋 title, 仿宋 body in 22 lines of 28
//! characters, headings 一、 in 黑体 and （一） in 楷体, the issuing body and the date under
//! the text, and a "— 1 —" page number. The tables go in the XLSX download.

use std::io::Cursor;

use docx_rs as word;

use super::document::{printable, Level, Paper};

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
const PAGE_NUMBER_SIZE: usize = 28; // 四号, 14 pt

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEADING_FONT: &str = "黑体";
const SUBHEADING_FONT: &str = "楷体_GB2312";
const PAGE_NUMBER_FONT: &str = "宋体";

/// The document as DOCX bytes: the title, an empty line, one paragraph per line of the
/// text, an empty line, the issuing body and the date.
pub fn paper_docx(doc: &Paper) -> Result<Vec<u8>, String> {
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
                    .add_text(printable(&doc.title))
                    .fonts(fonts(TITLE_FONT))
                    .size(TITLE_SIZE),
            )
            .align(word::AlignmentType::Center)
            .line_spacing(exact_line()),
    );
    // The standard leaves one empty line between the title and the text.
    document = document.add_paragraph(empty_line());

    for (level, line) in doc.paragraphs() {
        let font = match level {
            Level::Heading => HEADING_FONT,
            Level::Subheading => SUBHEADING_FONT,
            Level::Salutation | Level::Body => BODY_FONT,
        };
        let indent = match level {
            Level::Salutation => 0,
            _ => FIRST_LINE_INDENT,
        };
        document = document.add_paragraph(
            body_paragraph(body_run(&line, font))
                .align(word::AlignmentType::Both)
                .indent(
                    None,
                    Some(word::SpecialIndentType::FirstLine(indent)),
                    None,
                    None,
                ),
        );
    }

    // The issuing body an empty line under the text, the date under it (GB/T 9704 7.3.5.2).
    document = document.add_paragraph(empty_line());
    let (issuer_indent, date_indent) = doc.signature_indents();
    for (text, indent) in [
        (printable(&doc.issuer), issuer_indent),
        (doc.date_text(), date_indent),
    ] {
        let right = (indent * BODY_CHARACTER_PITCH as f32).round() as i32;
        document = document.add_paragraph(
            body_paragraph(body_run(&text, BODY_FONT))
                .align(word::AlignmentType::Right)
                .indent(None, None, Some(right), None),
        );
    }

    let mut package = document.build();
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

fn empty_line() -> word::Paragraph {
    word::Paragraph::new().line_spacing(exact_line())
}

fn body_run(text: &str, font: &str) -> word::Run {
    word::Run::new()
        .add_text(text)
        .fonts(fonts(font))
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
            "{title}{body}{heading}{subheading}{page_number}</w:fonts>"
        ),
        title = chinese_font(TITLE_FONT, "宋体"),
        body = chinese_font(BODY_FONT, "仿宋"),
        heading = chinese_font(HEADING_FONT, "SimHei"),
        subheading = chinese_font(SUBHEADING_FONT, "楷体"),
        page_number = chinese_font(PAGE_NUMBER_FONT, "SimSun"),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn document(title: &str, text: &str) -> Paper {
        Paper {
            title: title.into(),
            text: text.into(),
            issuer: "某市<政法委>".into(),
            issued_on: "2022-09-05".parse().unwrap(),
        }
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
        let doc = document(
            "关于2024年信访工作情况的报告",
            "尊敬的各位领导：\n　　今年以来，全县共受理信访事项1234件。\n\n二、主要做法\n（一）接访\n<合计> & 其他\u{1}\u{b}。",
        );
        part(&paper_docx(&doc).expect("a DOCX"), "word/document.xml")
    }

    #[test]
    fn document_carries_title_text_issuer_and_date() {
        let xml = sample_document_xml();
        assert!(xml.contains(">关于2024年信访工作情况的报告<"));
        // Leading ideographic spaces go: the first-line indent does their work.
        assert!(xml.contains(">今年以来，全县共受理信访事项1234件。<"));
        assert!(xml.contains(">二、主要做法<"));
        assert!(xml.contains("&lt;合计&gt; &amp; 其他。<"));
        assert!(xml.contains(">某市&lt;政法委&gt;<"));
        assert!(xml.contains(">2022年9月5日<"));
        // Four indented paragraphs; the addressee stands flush left.
        let indented = xml.matches(r#"<w:ind w:left="0" w:right="0" w:firstLine="630" />"#);
        assert_eq!(indented.count(), 4);
        assert!(xml.contains(r#"w:firstLine="0""#));
    }

    #[test]
    fn control_characters_never_reach_the_document() {
        let xml = sample_document_xml();
        assert!(!xml
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')));
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
        assert!(xml.contains(r#"w:eastAsia="黑体""#));
        assert!(xml.contains(r#"w:eastAsia="楷体_GB2312""#));
        assert!(xml.contains(r#"<w:sz w:val="44" />"#));
        assert!(xml.contains(r#"<w:sz w:val="32" />"#));
        let font_table = part(
            &paper_docx(&document("标题", "正文。")).expect("a DOCX"),
            "word/fontTable.xml",
        );
        assert!(font_table.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" />"#));
        assert!(font_table.contains(r#"<w:font w:name="黑体"><w:altName w:val="SimHei" />"#));
    }

    #[test]
    fn the_issuer_and_the_date_stand_right_with_their_indents() {
        let xml = sample_document_xml();
        // 某市<政法委> is as wide as 2022年9月5日 (6 characters): the date ends two
        // characters in (2 × 315 twips) and the body, starting two further left, four in.
        assert!(xml.contains(r#"<w:jc w:val="right" />"#));
        let issuer = xml.find(">某市&lt;政法委&gt;<").unwrap();
        let date = xml.find(">2022年9月5日<").unwrap();
        let indent_before = |at: usize| {
            let start = xml[..at].rfind("<w:ind ").unwrap();
            xml[start..at].split('"').nth(3).unwrap().to_string()
        };
        assert_eq!(indent_before(issuer), "1260");
        assert_eq!(indent_before(date), "630");
    }

    #[test]
    fn footer_numbers_pages_between_dashes() {
        let docx = paper_docx(&document("标题", "正文。")).expect("a DOCX");
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
        let docx = paper_docx(&document("", "")).expect("a DOCX");
        assert!(part(&docx, "word/document.xml").contains("<w:body>"));
    }
}
