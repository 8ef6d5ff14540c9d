//! The report as it prints (title, text, tables, charts on A4; see `style/print.css`), and
//! the buttons that print it or download it as JSON, CSV, DOCX and XLSX.

use leptos::prelude::*;

use crate::i18n::T;
use crate::report::csv::figures_csv;
use crate::report::docx::report_docx;
use crate::report::json::report_json;
use crate::report::report::{file_stem, Report};
use crate::report::table::Table;
use crate::report::xlsx::report_xlsx;
use crate::ui::download::download;
use crate::ui::pages::reports::charts::{TallyChart, WeeklyChart};
use crate::ui::pages::reports::narrative::NarrativeState;
use crate::ui::I18n;

#[component]
pub fn Document(report: Memo<Option<Report>>, narrative: NarrativeState) -> impl IntoView {
    let i18n = I18n::expect();
    let paragraphs = move || {
        narrative
            .text
            .get()
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    view! {
        <article class="report-document" data-testid="report-document">
            <h1 class="doc-title">{move || narrative.title.get()}</h1>
            <div class="doc-body" data-testid="report-narrative">
                {move || paragraphs().into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            <section class="doc-tables">
                <h2 class="report-screen-only">{move || i18n.t(T::TablesTitle)}</h2>
                {move || report.with(|r| r.as_ref().map(|r| r.tables.clone())).unwrap_or_default()
                    .into_iter()
                    .map(|table| view! { <ReportTable table/> })
                    .collect_view()}
            </section>
            <section class="doc-charts">
                <h2 class="report-screen-only">{move || i18n.t(T::ChartsTitle)}</h2>
                <WeeklyChart report/>
                <TallyChart report/>
            </section>
        </article>
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
                                let numeric = !matches!(cell, crate::report::table::TableCell::Text(_));
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

#[component]
pub fn Downloads(report: Memo<Option<Report>>, narrative: NarrativeState) -> impl IntoView {
    let i18n = I18n::expect();
    let failure = RwSignal::new(None::<String>);
    let offer = move |kind: &'static str| {
        let made: Option<Result<Made, String>> = report.with_untracked(|r| {
            let r = r.as_ref()?;
            let stem = file_stem(&r.scope);
            Some(match kind {
                "json" => serde_json::to_vec_pretty(&report_json(r))
                    .map(|bytes| Made {
                        bytes,
                        name: format!("{stem}.json"),
                        mime: "application/json",
                    })
                    .map_err(|e| e.to_string()),
                "csv" => Ok(Made {
                    bytes: figures_csv(r).into_bytes(),
                    name: format!("{stem}.csv"),
                    mime: "text/csv;charset=utf-8",
                }),
                "docx" => report_docx(
                    &narrative.title.get_untracked(),
                    &narrative.text.get_untracked(),
                    &r.tables,
                )
                .map(|bytes| Made {
                    bytes,
                    name: format!("{stem}.docx"),
                    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                }),
                _ => report_xlsx(&r.tables).map(|bytes| Made {
                    bytes,
                    name: format!("{stem}.xlsx"),
                    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }),
            })
        });
        let result = match made {
            Some(Ok(made)) => download(&made.bytes, &made.name, made.mime),
            Some(Err(why)) => Err(why),
            None => return,
        };
        failure.set(
            result
                .err()
                .map(|why| format!("{}{why}", T::DownloadFailed.get(i18n.lang()))),
        );
    };
    view! {
        <div class="actions report-actions">
            <button type="button" class="primary" data-testid="report-print" on:click=move |_| { let _ = window().print(); }>
                {move || i18n.t(T::Print)}
            </button>
            <button type="button" data-testid="report-download-docx" on:click=move |_| offer("docx")>{move || i18n.t(T::DownloadDocx)}</button>
            <button type="button" data-testid="report-download-xlsx" on:click=move |_| offer("xlsx")>{move || i18n.t(T::DownloadXlsx)}</button>
            <button type="button" data-testid="report-download-csv" on:click=move |_| offer("csv")>{move || i18n.t(T::DownloadCsv)}</button>
            <button type="button" data-testid="report-download-json" on:click=move |_| offer("json")>{move || i18n.t(T::DownloadJson)}</button>
        </div>
        <crate::ui::components::form::StorageAlert message=failure/>
    }
}
