//! Every figure of §5.1 and §5.2 with the same period last year and the change.

use leptos::prelude::*;

use crate::domain::figures::{derived_tally, FigureKind, PETITION_FIGURES};
use crate::i18n::{change_of_text, figure_name, metric_label, Lang, T};
use crate::report::report::Report;
use crate::report::wording::{count, percent};
use crate::ui::state::AppState;
use crate::ui::I18n;

/// One line of the figures table.
struct Line {
    key: String,
    name: String,
    current: String,
    previous: String,
    change: String,
}

#[component]
pub fn FiguresTable(report: Memo<Option<Report>>) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let petition_lines = move || {
        let lang = i18n.lang();
        report.with(|r| {
            let Some(r) = r else { return Vec::new() };
            let (now, before) = (&r.current.petitions, &r.previous.petitions);
            PETITION_FIGURES
                .iter()
                .map(|figure| {
                    let (c, p) = (
                        now.get(figure.key).flatten(),
                        before.get(figure.key).flatten(),
                    );
                    let shown = |value: Option<f64>| match figure.kind {
                        FigureKind::Rate => percent(value),
                        _ => count(value.unwrap_or(0.0)),
                    };
                    Line {
                        key: figure.key.to_string(),
                        name: figure_name(figure, lang),
                        current: shown(c),
                        previous: shown(p),
                        change: change_of_text(figure.kind.change_wording(), c, p, lang),
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let tally_lines = move || {
        let lang = i18n.lang();
        let metrics = state.metrics();
        report.with(|r| {
            let Some(r) = r else { return Vec::new() };
            let mut keys: Vec<&String> = r
                .current
                .tallies
                .keys()
                .chain(r.previous.tallies.keys())
                .collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .map(|key| {
                    let c = r.current.tallies.get(key).copied();
                    let p = r.previous.tallies.get(key).copied();
                    let name = match (metrics.get(key.as_str()), derived_tally(key)) {
                        (Some(m), _) => metric_label(m, lang).to_string(),
                        (None, Some(derived)) => match lang {
                            Lang::Zh => derived.zh.to_string(),
                            Lang::En => derived.en.to_string(),
                        },
                        (None, None) => key.clone(),
                    };
                    Line {
                        key: key.clone(),
                        name,
                        current: count(c.unwrap_or(0.0)),
                        previous: count(p.unwrap_or(0.0)),
                        change: change_of_text(FigureKind::Amount.change_wording(), c, p, lang),
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let table = move |testid: &'static str, lines: Vec<Line>| {
        view! {
            <table class="table figures-table" data-testid=testid>
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(T::ColumnFigure)}</th>
                        <th scope="col" class="num">{move || i18n.t(T::ColumnThisPeriod)}</th>
                        <th scope="col" class="num">{move || i18n.t(T::ColumnLastYear)}</th>
                        <th scope="col" class="num">{move || i18n.t(T::ColumnChange)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|line| view! {
                        <tr data-testid="figure-row" data-key=line.key>
                            <th scope="row">{line.name}</th>
                            <td class="num" data-testid="figure-current">{line.current}</td>
                            <td class="num" data-testid="figure-previous">{line.previous}</td>
                            <td class="num">{line.change}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <section class="report-screen-only">
            <h2>{move || i18n.t(T::FiguresTitle)}</h2>
            <div class="figures-columns">
                <div>
                    <h3>{move || i18n.t(T::PetitionFiguresTitle)}</h3>
                    {move || table("report-petition-figures", petition_lines())}
                </div>
                <div>
                    <h3>{move || i18n.t(T::TallyFiguresTitle)}</h3>
                    {move || table("report-tally-figures", tally_lines())}
                </div>
            </div>
        </section>
    }
}
