//! `/reports`: the period and offices, every figure with last year's and the change, the
//! narrative from the template, the tables and charts, printing and the downloads.

mod charts;
mod document;
mod figures;
mod narrative;

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::domain::Scope;
use crate::i18n::T;
use crate::report::report::{Report, ReportBase};
use crate::ui::clock::{parse_date_input, today};
use crate::ui::components::choices::OfficePicker;
use crate::ui::components::inputs::DateFilter;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// The default period starts at the first record of this year (the inspection under way),
/// or on 1 January when there is none yet.
fn default_from(state: AppState, today: NaiveDate) -> NaiveDate {
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    state.ledger.with_untracked(|l| {
        let petitions = l
            .petitions
            .values()
            .filter(|p| !p.meta.deleted)
            .map(|p| p.received_on);
        let tallies = l.tallies.values().filter(|t| !t.meta.deleted).map(|t| t.on);
        petitions
            .chain(tallies)
            .filter(|d| *d >= year_start && *d <= today)
            .min()
            .unwrap_or(year_start)
    })
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let today = today();
    let from = RwSignal::new(default_from(state, today).to_string());
    let to = RwSignal::new(today.to_string());
    // Empty: judged as of the period's end (§5).
    let as_of = RwSignal::new(String::new());
    let offices: RwSignal<Option<BTreeSet<String>>> = RwSignal::new(None);
    let narrative = narrative::NarrativeState::new();

    let scope = Memo::new(move |_| {
        let (Some(from), Some(to)) = (parse_date_input(&from.get()), parse_date_input(&to.get()))
        else {
            return None;
        };
        if to < from {
            return None;
        }
        let mut scope = Scope::new(from, to, offices.get());
        if let Some(day) = parse_date_input(&as_of.get()) {
            scope.as_of = day;
        }
        Some(scope)
    });
    // Gathered again only when the ledger changes, so a new period costs milliseconds; never
    // compared (it holds a row for every petition and tally).
    let base = Memo::new_with_compare(
        move |_| {
            let started = crate::marks::now();
            let base = state.ledger.with(ReportBase::of);
            crate::marks::measure("report-base", started);
            base
        },
        |_, _| true,
    );
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

    // The figures and the document follow the report themselves: they are made once, not
    // again for every period.
    let has_report = Memo::new(move |_| report.with(Option::is_some));

    view! {
        <section class="page reports-page">
            <div class="report-controls">
                <div class="page-head">
                    <h1 data-testid="page-title">{move || i18n.t(T::NavReports)}</h1>
                    <p class="count">{move || i18n.t(T::ReportsIntro)}</p>
                </div>
                <div class="filters">
                    <DateFilter label=T::ReportFrom testid="report-from" value=from/>
                    <DateFilter label=T::ReportTo testid="report-to" value=to/>
                    <div class="field field-date">
                        <label for="report-as-of">{move || i18n.t(T::ReportAsOf)}</label>
                        <input type="date" id="report-as-of" data-testid="report-as-of"
                            prop:value=move || if as_of.with(String::is_empty) { to.get() } else { as_of.get() }
                            on:change=move |ev| as_of.set(event_target_value(&ev))/>
                    </div>
                    <OfficePicker offices testid="report-office"/>
                </div>
                <document::Downloads report narrative/>
            </div>
            {move || has_report.get().then(|| view! {
                <figures::FiguresTable report/>
                <narrative::Narrative report narrative/>
            })}
        </section>
    }
}
