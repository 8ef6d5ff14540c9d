//! `/reports`: the period and offices, every figure with last year's and the change, the
//! text from the template (the form kept per office as a draft), the document as it prints
//! with its tables and charts, the downloads, and the archive of reports as issued.

mod archive;
mod charts;
mod document;
mod figures;
mod narrative;

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::domain::Scope;
use crate::i18n::T;
use crate::report::document::{Archived, Document, Paper};
use crate::report::report::{Report, ReportBase};
use crate::report::template::{render, Filled, Rendered, TemplateError};
use crate::ui::clock::{parse_date_input, today};
use crate::ui::components::choices::OfficePicker;
use crate::ui::components::inputs::DateFilter;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// The default period starts at the first record of this year (the inspection under way),
/// or on 1 January when there is none yet.
fn default_from(base: &ReportBase, today: NaiveDate) -> NaiveDate {
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    base.first_day_in(year_start, today).unwrap_or(year_start)
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let today = today();
    // Gathered again only when the ledger changes, so a new period costs milliseconds; never
    // compared (it holds a row for every petition and tally). While the records are read,
    // from the report's facts kept beside the ledger.
    let base = Memo::new_with_compare(
        move |_| {
            let started = crate::marks::now();
            let base = match state.report_facts.get() {
                Some((_, facts)) => state.ledger.with(|l| ReportBase::with_facts(l, facts)),
                None => state.ledger.with(ReportBase::of),
            };
            crate::marks::measure("report-base", started);
            base
        },
        |_, _| true,
    );
    // Facts gathered here from the ledger are kept beside it: the next cold reports page is
    // drawn from them.
    Effect::new(move |_| {
        if state.report_facts.with_untracked(Option::is_none) {
            base.with(|base| state.keep_report_facts(base.facts()));
        }
    });
    let form = narrative::ReportForm::new(base.with_untracked(|b| default_from(b, today)), today);

    let scope = Memo::new(move |_| {
        let (Some(from), Some(to)) = (
            form.from.with(|d| parse_date_input(d)),
            form.to.with(|d| parse_date_input(d)),
        ) else {
            return None;
        };
        if to < from {
            return None;
        }
        let mut scope = Scope::new(from, to, form.offices.get());
        if let Some(day) = form.as_of.with(|d| parse_date_input(d)) {
            scope.as_of = day;
        }
        Some(scope)
    });
    let report: Memo<Option<Report>> = Memo::new_with_compare(
        move |_| {
            let scope = scope.get()?;
            let started = crate::marks::now();
            let report = base.with(|base| base.report(&scope));
            crate::marks::measure("report", started);
            Some(report)
        },
        |_, _| true,
    );
    let rendered: Memo<Option<Result<Rendered, TemplateError>>> = Memo::new(move |_| {
        let filled = Filled {
            blanks: form.blanks.get(),
            keep: form.keep.get(),
        };
        let started = crate::marks::now();
        let rendered = form
            .template
            .with(|t| report.with(|r| r.as_ref().map(|r| render(t, r, &filled))));
        crate::marks::measure("narrative", started);
        rendered
    });
    // The document as it would be issued now: the user's text once edited, else the
    // generated one.
    let current: Memo<Option<Document>> = Memo::new(move |_| {
        let report = report.get()?;
        let text = match form.edited.get() {
            Some(own) => own.text,
            None => rendered.with(|r| match r {
                Some(Ok(out)) => out.text.clone(),
                _ => String::new(),
            }),
        };
        Some(Document {
            paper: Paper {
                title: form.title.get(),
                text,
                issuer: form.issuer.get(),
                issued_on: form
                    .issued_on
                    .with(|d| parse_date_input(d))
                    .unwrap_or(today),
            },
            report,
        })
    });
    let opened: RwSignal<Option<Archived>> = RwSignal::new(None);
    // What prints and downloads: the archived report opened, else the current one.
    let shown: Signal<Option<Document>> = Signal::derive(move || match opened.get() {
        Some(archived) => Some(archived.document),
        None => current.get(),
    });
    let has_report = Memo::new(move |_| report.with(Option::is_some));

    view! {
        <section class="page reports-page">
            <div class="report-controls">
                <div class="page-head">
                    <h1 data-testid="page-title">{move || i18n.t(T::NavReports)}</h1>
                    <p class="count">{move || i18n.t(T::ReportsIntro)}</p>
                </div>
                <div class="filters">
                    <DateFilter label=T::ReportFrom testid="report-from" value=form.from/>
                    <DateFilter label=T::ReportTo testid="report-to" value=form.to/>
                    <div class="field field-date">
                        <label for="report-as-of">{move || i18n.t(T::ReportAsOf)}</label>
                        <input type="date" id="report-as-of" data-testid="report-as-of"
                            prop:value=move || if form.as_of.with(String::is_empty) { form.to.get() } else { form.as_of.get() }
                            on:change=move |ev| form.as_of.set(event_target_value(&ev))/>
                    </div>
                    <OfficePicker offices=form.offices testid="report-office"/>
                </div>
                <document::Downloads document=shown/>
            </div>
            {move || opened.get().map(|archived| view! {
                <div class="notice report-screen-only" role="status" data-testid="report-archive-viewing">
                    {move || i18n.t(T::ArchiveViewing)}{archived.document.paper.title.clone()}" "
                    <button type="button" data-testid="report-archive-close" on:click=move |_| opened.set(None)>
                        {move || i18n.t(T::ArchiveClose)}
                    </button>
                </div>
            })}
            {move || (has_report.get() && opened.with(Option::is_none)).then(|| view! {
                <figures::FiguresTable report/>
                <narrative::Narrative form report rendered/>
            })}
            <document::PrintedDocument document=shown/>
            <archive::Archive current opened/>
        </section>
    }
}
