//! A document on paper as it prints (title, text, issuing body and date on A4; see
//! `style/print.css`): the report as issued, a notice to a petitioner.

use leptos::prelude::*;

use crate::report::document::{Level, Paper};

fn level_class(level: Level) -> &'static str {
    match level {
        Level::Salutation => "salutation",
        Level::Heading => "heading",
        Level::Subheading => "subheading",
        Level::Body => "body",
    }
}

/// The paper; `testid` names the article, `{testid}`'s text `report-narrative`-like hooks
/// are given by `body_testid` and `signature_testid`.
#[component]
pub fn PrintedPaper(
    paper: Signal<Option<Paper>>,
    testid: &'static str,
    body_testid: &'static str,
    signature_testid: &'static str,
) -> impl IntoView {
    let paragraphs = move || paper.with(|d| d.as_ref().map(Paper::paragraphs).unwrap_or_default());
    let signature = move || {
        paper.with(|d| {
            d.as_ref().map(|d| {
                let (issuer_indent, date_indent) = d.signature_indents();
                (
                    d.issuer.clone(),
                    format!("padding-right: {issuer_indent}em"),
                    d.date_text(),
                    format!("padding-right: {date_indent}em"),
                )
            })
        })
    };
    view! {
        <article class="report-document" data-testid=testid>
            <h1 class="doc-title">{move || paper.with(|d| d.as_ref().map(|d| d.title.clone()))}</h1>
            <div class="doc-body" data-testid=body_testid>
                {move || paragraphs().into_iter().map(|(level, text)| view! {
                    <p class=level_class(level)>{text}</p>
                }).collect_view()}
            </div>
            {move || signature().map(|(issuer, issuer_style, date, date_style)| view! {
                <div class="doc-signature" data-testid=signature_testid>
                    <p style=issuer_style>{issuer}</p>
                    <p style=date_style>{date}</p>
                </div>
            })}
        </article>
    }
}
