//! Two SVG charts drawn from the report's series, readable in black and white: petitions per
//! week (this period solid, last year dashed) and each metric this period against last year
//! (solid bar against outlined bar, each row on its own scale with the numbers written).

use leptos::prelude::*;

use crate::i18n::T;
use crate::report::report::Report;
use crate::report::wording::count;
use crate::ui::I18n;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 30.0;
const TOP: f64 = 30.0;

fn polyline(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn WeeklyChart(report: Signal<Option<Report>>) -> impl IntoView {
    let i18n = I18n::expect();
    let drawing = move || {
        report.with(|r| {
            let weeks = r.as_ref().map(|r| r.weekly.clone()).unwrap_or_default();
            if weeks.is_empty() {
                return None;
            }
            let max = weeks
                .iter()
                .map(|w| w.current.max(w.previous))
                .max()
                .unwrap_or(0)
                .max(1) as f64;
            let step = (WIDTH - LEFT - 10.0) / (weeks.len().max(2) - 1) as f64;
            let y = |v: u64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - v as f64 / max);
            let current: Vec<(f64, f64)> = weeks
                .iter()
                .enumerate()
                .map(|(i, w)| (LEFT + i as f64 * step, y(w.current)))
                .collect();
            let previous: Vec<(f64, f64)> = weeks
                .iter()
                .enumerate()
                .map(|(i, w)| (LEFT + i as f64 * step, y(w.previous)))
                .collect();
            let labels: Vec<(f64, String)> = weeks
                .iter()
                .enumerate()
                .filter(|(i, _)| weeks.len() <= 12 || i % (weeks.len() / 12 + 1) == 0)
                .map(|(i, w)| (LEFT + i as f64 * step, w.week.to_string()))
                .collect();
            Some((
                polyline(&current),
                polyline(&previous),
                labels,
                max,
                current,
            ))
        })
    };
    view! {
        <figure class="doc-chart" data-testid="report-chart-weekly">
            <figcaption>{move || i18n.t(T::ChartWeekly)}</figcaption>
            {move || drawing().map(|(current, previous, labels, max, dots)| view! {
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=move || i18n.t(T::ChartWeekly)>
                    <line x1=LEFT y1=HEIGHT - BOTTOM x2=WIDTH - 10.0 y2=HEIGHT - BOTTOM stroke="#000" stroke-width="1"/>
                    <line x1=LEFT y1=TOP x2=LEFT y2=HEIGHT - BOTTOM stroke="#000" stroke-width="1"/>
                    <text x=LEFT - 6.0 y=TOP + 4.0 text-anchor="end" font-size="11">{count(max)}</text>
                    <line x1=LEFT - 3.0 y1=TOP x2=LEFT y2=TOP stroke="#000" stroke-width="1"/>
                    <text x=LEFT - 6.0 y=HEIGHT - BOTTOM text-anchor="end" font-size="11">"0"</text>
                    <polyline points=previous fill="none" stroke="#000" stroke-width="1.5" stroke-dasharray="5 4"/>
                    <polyline points=current fill="none" stroke="#000" stroke-width="2.5"/>
                    {dots.into_iter().map(|(x, y)| view! { <circle cx=x cy=y r="2.5" fill="#000"/> }).collect_view()}
                    {labels.into_iter().map(|(x, label)| view! {
                        <text x=x y=HEIGHT - BOTTOM + 14.0 text-anchor="middle" font-size="11">{label}</text>
                    }).collect_view()}
                    <g font-size="11">
                        <line x1=WIDTH - 190.0 y1="8" x2=WIDTH - 165.0 y2="8" stroke="#000" stroke-width="2.5"/>
                        <text x=WIDTH - 160.0 y="12">{move || i18n.t(T::ColumnThisPeriod)}</text>
                        <line x1=WIDTH - 110.0 y1="8" x2=WIDTH - 85.0 y2="8" stroke="#000" stroke-width="1.5" stroke-dasharray="5 4"/>
                        <text x=WIDTH - 80.0 y="12">{move || i18n.t(T::ColumnLastYear)}</text>
                    </g>
                </svg>
            })}
        </figure>
    }
}

#[component]
pub fn TallyChart(report: Signal<Option<Report>>) -> impl IntoView {
    let i18n = I18n::expect();
    const ROW: f64 = 26.0;
    const LABEL: f64 = 170.0;
    let bars =
        move || report.with(|r| r.as_ref().map(|r| r.tally_bars.clone()).unwrap_or_default());
    view! {
        <Show when=move || !bars().is_empty()>
            <figure class="doc-chart" data-testid="report-chart-tallies">
                <figcaption>{move || i18n.t(T::ChartTallies)}</figcaption>
                {move || {
                    let bars = bars();
                    let height = 24.0 + ROW * bars.len() as f64;
                    let span = WIDTH - LABEL - 90.0;
                    view! {
                        <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=move || i18n.t(T::ChartTallies)>
                            <g font-size="11">
                                <rect x=LABEL y="2" width="20" height="8" fill="#000"/>
                                <text x=LABEL + 25.0 y="10">{move || i18n.t(T::ColumnThisPeriod)}</text>
                                <rect x=LABEL + 110.0 y="2" width="20" height="8" fill="#fff" stroke="#000"/>
                                <text x=LABEL + 135.0 y="10">{move || i18n.t(T::ColumnLastYear)}</text>
                            </g>
                            {bars.into_iter().enumerate().map(|(i, bar)| {
                                let top = 20.0 + i as f64 * ROW;
                                let scale = bar.current.max(bar.previous).max(1e-9);
                                let (now, before) = (span * bar.current / scale, span * bar.previous / scale);
                                view! {
                                    <g font-size="11">
                                        <text x=LABEL - 6.0 y=top + 14.0 text-anchor="end">{bar.label.clone()}</text>
                                        <rect x=LABEL y=top + 2.0 width=now height="9" fill="#000"/>
                                        <rect x=LABEL y=top + 12.0 width=before height="9" fill="#fff" stroke="#000" stroke-width="1"/>
                                        <text x=LABEL + now + 4.0 y=top + 10.0>{format!("{} {}", count(bar.current), bar.unit)}</text>
                                        <text x=LABEL + before + 4.0 y=top + 20.0>{count(bar.previous)}</text>
                                    </g>
                                }
                            }).collect_view()}
                        </svg>
                    }
                }}
            </figure>
        </Show>
    }
}
