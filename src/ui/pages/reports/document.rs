//! The report as it prints (title, text, issuing body and date on A4; see
//! `style/print.css`), the tables and charts beside it on screen, and the buttons that print
//! it or download it as JSON, CSV, DOCX and XLSX. Whatever is shown, the current report or
//! an archived one, is what prints and downloads.

use leptos::prelude::*;

use crate::i18n::{Lang, T};
use crate::report::csv::figures_csv;
use crate::report::document::{Document, Paper};
use crate::report::json::report_json;
use crate::report::report::{file_stem, Report};
use crate::report::table::{Table, TableCell};
use crate::ui::components::paper::PrintedPaper;
use crate::ui::download::{download, DOCX, XLSX};
use crate::ui::pages::reports::charts::{TallyChart, WeeklyChart};
use crate::ui::I18n;

#[component]
pub fn PrintedDocument(document: Signal<Option<Document>>) -> impl IntoView {
    let i18n = I18n::expect();
    let report: Signal<Option<Report>> =
        Signal::derive(move || document.with(|d| d.as_ref().map(|d| d.report.clone())));
    let paper: Signal<Option<Paper>> =
        Signal::derive(move || document.with(|d| d.as_ref().map(|d| d.paper.clone())));
    view! {
        <PrintedPaper paper testid="report-document" body_testid="report-narrative"
            signature_testid="report-signature"/>
        <section class="report-screen-only doc-tables">
            <h2>{move || i18n.t(T::TablesTitle)}</h2>
            {move || report.with(|r| r.as_ref().map(|r| r.tables.clone())).unwrap_or_default()
                .into_iter()
                .map(|table| view! { <ReportTable table/> })
                .collect_view()}
        </section>
        <section class="report-screen-only doc-charts">
            <h2>{move || i18n.t(T::ChartsTitle)}</h2>
            <WeeklyChart report/>
            <TallyChart report/>
        </section>
    }
}

#[component]
fn ReportTable(table: Table) -> impl IntoView {
    view! {
        <figure class="doc-table" data-testid=format!("report-table-{}", table.key)>
            <figcaption>{table.title.clone()}</figcaption>
            <table>
                <thead>
                    <tr>{table.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {table.rows.iter().map(|row| view! {
                        <tr>
                            {row.iter().enumerate().map(|(i, cell)| {
                                let numeric = !matches!(cell, TableCell::Text(_));
                                if i == 0 {
                                    view! { <th scope="row">{cell.display()}</th> }.into_any()
                                } else {
                                    view! { <td class:num=numeric>{cell.display()}</td> }.into_any()
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}

/// A file made for download: its bytes, its name and its type.
struct Made {
    bytes: Vec<u8>,
    name: String,
    mime: &'static str,
}

/// The file of `kind` for `doc`; DOCX and XLSX are made in the office worker.
async fn made(kind: &str, doc: Document, lang: Lang) -> Result<Made, String> {
    let report = &doc.report;
    let stem = file_stem(&report.scope);
    Ok(match kind {
        "json" => Made {
            bytes: serde_json::to_vec_pretty(&report_json(report)).map_err(|e| e.to_string())?,
            name: format!("{stem}.json"),
            mime: "application/json",
        },
        "csv" => Made {
            bytes: figures_csv(report).into_bytes(),
            name: format!("{stem}.csv"),
            mime: "text/csv;charset=utf-8",
        },
        "docx" => Made {
            bytes: crate::office::docx(doc.paper)
                .await
                .map_err(|e| e.text(lang))?,
            name: format!("{stem}.docx"),
            mime: DOCX,
        },
        _ => Made {
            bytes: crate::office::xlsx(doc.report.tables)
                .await
                .map_err(|e| e.text(lang))?,
            name: format!("{stem}.xlsx"),
            mime: XLSX,
        },
    })
}

#[component]
pub fn Downloads(document: Signal<Option<Document>>) -> impl IntoView {
    let i18n = I18n::expect();
    let failure = RwSignal::new(None::<String>);
    let preparing = RwSignal::new(false);
    let offer = move |kind: &'static str| {
        let Some(doc) = document.get_untracked() else {
            return;
        };
        preparing.set(true);
        leptos::task::spawn_local(async move {
            let result = made(kind, doc, i18n.lang())
                .await
                .and_then(|made| download(&made.bytes, &made.name, made.mime));
            preparing.set(false);
            failure.set(
                result
                    .err()
                    .map(|why| format!("{}{why}", T::DownloadFailed.get(i18n.lang()))),
            );
        });
    };
    view! {
        <div class="actions report-actions">
            <button type="button" class="primary" data-testid="report-print" on:click=move |_| { let _ = window().print(); }>
                {move || i18n.t(T::Print)}
            </button>
            <button type="button" data-testid="report-download-docx" disabled=preparing on:click=move |_| offer("docx")>{move || i18n.t(T::DownloadDocx)}</button>
            <button type="button" data-testid="report-download-xlsx" disabled=preparing on:click=move |_| offer("xlsx")>{move || i18n.t(T::DownloadXlsx)}</button>
            <button type="button" data-testid="report-download-csv" on:click=move |_| offer("csv")>{move || i18n.t(T::DownloadCsv)}</button>
            <button type="button" data-testid="report-download-json" on:click=move |_| offer("json")>{move || i18n.t(T::DownloadJson)}</button>
        </div>
        <crate::ui::components::form::Preparing when=preparing/>
        <crate::ui::components::form::StorageAlert message=failure/>
    }
}
