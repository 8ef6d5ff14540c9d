//! The grid: one office and one campaign (or none), a row per day (or week), a column per
//! metric. Typing a number and moving on saves that day's count; arrows move like a
//! spreadsheet; totals per row and column. Weeks are shown summed and read only.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::{
    grid, parse_count, set_count, validate_tally, AnyRecord, Grid, GridRows, Metric,
};
use crate::i18n::{count_text, metric_label, metric_unit, problem_text, T};
use crate::ui::clock::{parse_date_input, today};
use crate::ui::components::choices::{CampaignSelect, OfficeSelect};
use crate::ui::components::form::StorageAlert;
use crate::ui::components::inputs::DateFilter;
use crate::ui::components::metric_select::MetricSelect;
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// Focuses the cell at (row, column) if there is one.
fn focus_cell(row: usize, column: usize) {
    let element = document().get_element_by_id(&format!("grid-{row}-{column}"));
    if let Some(input) = element.and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        let _ = input.focus();
        input.select();
    }
}

#[component]
pub fn TallyGrid(campaign: String) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let today = today();
    let campaign = RwSignal::new(campaign);
    let office = RwSignal::new(state.office_id());
    let from = RwSignal::new((today - Days::new(6)).to_string());
    let to = RwSignal::new(today.to_string());
    let weeks = RwSignal::new(false);
    let added = RwSignal::new(Vec::<String>::new());
    let add_metric = RwSignal::new(String::new());
    let alert = RwSignal::new(None::<String>);
    // Text typed into a cell that was refused, kept (and marked) until corrected, with the
    // reason: every wrong cell keeps its own message.
    let refused = RwSignal::new(BTreeMap::<(NaiveDate, String), (String, String)>::new());
    // A campaign's days: the grid opens on them and takes no count outside them.
    let campaign_days = Memo::new(move |_| {
        let id = campaign.get();
        state.ledger.with(|l| {
            l.campaigns
                .get(id.as_str())
                .filter(|c| !id.is_empty() && !c.meta.deleted)
                .map(|c| (c.starts_on, c.ends_on))
        })
    });
    Effect::new(move |_| {
        if let Some((starts, ends)) = campaign_days.get() {
            let last = ends.unwrap_or(today).min(today).max(starts);
            // At most the 400 days the grid shows, the last of them.
            let first = starts.max(last - Days::new(399));
            from.set(first.to_string());
            to.set(last.to_string());
        }
    });

    Effect::new(move |_| {
        let key = add_metric.get();
        if !key.is_empty() {
            added.update(|a| {
                if !a.contains(&key) {
                    a.push(key.clone());
                }
            });
            add_metric.set(String::new());
        }
    });

    // The columns: the campaign's metrics, or (without a campaign) those with counts in the
    // period, then any the clerk added.
    let columns = Memo::new(move |_| {
        let metrics = state.metrics();
        let (campaign, office) = (campaign.get(), office.get());
        let (from, to) = (parse_date_input(&from.get()), parse_date_input(&to.get()));
        let mut keys: Vec<String> = state.ledger.with(|l| {
            if let Some(c) = l
                .campaigns
                .get(campaign.as_str())
                .filter(|_| !campaign.is_empty())
            {
                return c.metrics.clone();
            }
            let mut used: Vec<String> = l
                .tallies
                .values()
                .filter(|t| {
                    !t.meta.deleted
                        && t.office_id == office
                        && t.campaign_id.is_none()
                        && from.is_none_or(|f| t.on >= f)
                        && to.is_none_or(|d| t.on <= d)
                })
                .map(|t| t.metric.to_string())
                .collect();
            used.sort();
            used.dedup();
            used
        });
        for key in added.get() {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys.into_iter()
            .filter_map(|k| metrics.get(k.as_str()).cloned())
            .collect::<Vec<Metric>>()
    });
    let table = Memo::new(move |_| {
        let keys: Vec<String> = columns.with(|c| c.iter().map(|m| m.meta.id.to_string()).collect());
        let (Some(start), Some(end)) = (parse_date_input(&from.get()), parse_date_input(&to.get()))
        else {
            return None;
        };
        // Within the campaign's days, whatever the dates typed.
        let (start, end) = match campaign_days.get() {
            Some((starts, ends)) => (start.max(starts), ends.map_or(end, |ends| end.min(ends))),
            None => (start, end),
        };
        if end < start || (end - start).num_days() > 400 {
            return None;
        }
        let (office, campaign) = (office.get(), campaign.get());
        let campaign = Some(campaign.as_str()).filter(|c| !c.is_empty());
        let rows = if weeks.get() {
            GridRows::Weeks
        } else {
            GridRows::Days
        };
        Some(state.ledger.with(|l| {
            grid(
                l.tallies.values(),
                &office,
                campaign,
                &keys,
                start,
                end,
                rows,
            )
        }))
    });

    let shape = Memo::new(move |_| table.with(|t| t.as_ref().map(|g| g.rows.clone())));

    let save_cell = move |day: NaiveDate, metric: Metric, text: String| {
        let Some(stamp) = state.stamp() else {
            return;
        };
        let key = (day, metric.meta.id.to_string());
        let lang = i18n.lang();
        let refuse = |key: (NaiveDate, String), text: String, why: String| {
            let message = format!(
                "{} {}{}{}",
                crate::i18n::format_date(day, lang),
                metric_label(&metric, lang),
                lang.colon(),
                why
            );
            refused.update(|r| {
                r.insert(key, (text, message));
            });
        };
        let outside = campaign_days
            .get_untracked()
            .is_some_and(|(starts, ends)| day < starts || ends.is_some_and(|ends| day > ends));
        if outside {
            refuse(key, text, T::OutsideCampaign.get(lang).to_string());
            return;
        }
        let (office_id, campaign_id) = (office.get_untracked(), campaign.get_untracked());
        let campaign_id = Some(campaign_id).filter(|c| !c.is_empty());
        let previous = state.ledger.with_untracked(|l| {
            crate::domain::find_tally(
                l.tallies.values(),
                &office_id,
                &metric.meta.id,
                day,
                campaign_id.as_deref(),
            )
            .cloned()
        });
        let changed = if text.trim().is_empty() {
            // Clearing a cell removes that day's count.
            previous.map(|mut t| {
                t.meta.tombstone(&stamp);
                t
            })
        } else {
            let tally = parse_count(&text).map(|count| {
                set_count(
                    previous.as_ref(),
                    &office_id,
                    &metric.meta.id,
                    day,
                    campaign_id.as_deref(),
                    count,
                    None,
                    &stamp,
                )
            });
            let problems = match &tally {
                Some(t) => validate_tally(t, Some(&metric), today),
                None => vec![crate::domain::Problem {
                    field: "value".into(),
                    kind: crate::domain::ProblemKind::NotFinite,
                }],
            };
            if let Some(problem) = problems.first() {
                refuse(key, text, problem_text(&problem.kind, lang));
                return;
            }
            tally.filter(|t| previous.as_ref().is_none_or(|p| p.value != t.value))
        };
        refused.update(|r| {
            r.remove(&key);
        });
        alert.set(None);
        if let Some(tally) = changed {
            leptos::task::spawn_local(async move {
                if let Err(error) = state.save(vec![AnyRecord::Tally(tally)]).await {
                    alert.set(Some(storage_message(&error, i18n.lang())));
                }
            });
        }
    };

    view! {
        <section class="grid-section" data-testid="tally-grid">
            <h2>{move || i18n.t(T::GridTitle)}</h2>
            <p class="hint">{move || i18n.t(T::GridIntro)}</p>
            <div class="filters">
                <CampaignSelect testid="grid-campaign" value=campaign/>
                <OfficeSelect testid="grid-office" value=office/>
                <DateFilter label=T::From testid="grid-from" value=from/>
                <DateFilter label=T::To testid="grid-to" value=to/>
                <div class="field">
                    <label for="grid-rows">{move || i18n.t(T::GridRowsLabel)}</label>
                    <select id="grid-rows" data-testid="grid-rows" on:change=move |ev| weeks.set(event_target_value(&ev) == "weeks")>
                        <option value="days" selected=move || !weeks.get()>{move || i18n.t(T::GridRowsDays)}</option>
                        <option value="weeks" selected=move || weeks.get()>{move || i18n.t(T::GridRowsWeeks)}</option>
                    </select>
                </div>
                <Show when=move || campaign.with(String::is_empty)>
                    <MetricSelect label=T::GridAddMetric testid="grid-add-metric" value=add_metric blank=T::Choose/>
                </Show>
            </div>
            <StorageAlert message=alert/>
            <Show when=move || refused.with(|r| !r.is_empty())>
                <div class="problems" role="alert" data-testid="grid-problems">
                    <ul>
                        {move || refused.get().into_values().map(|(_, message)| view! { <li>{message}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            {move || {
                // Only the grid's shape re-creates the table; counts update in place, so the
                // cell being typed in keeps its focus when the one before it is saved.
                let metrics = columns.get();
                let read_only = weeks.get();
                let rows = shape.get();
                match rows {
                    None => view! { <p class="empty">{move || i18n.t(T::GridNoMetrics)}</p> }.into_any(),
                    Some(_) if metrics.is_empty() => view! { <p class="empty" data-testid="grid-empty">{move || i18n.t(T::GridNoMetrics)}</p> }.into_any(),
                    Some(rows) => view! { <GridTable rows metrics table read_only refused save_cell/> }.into_any(),
                }
            }}
        </section>
    }
}

#[component]
fn GridTable<F>(
    rows: Vec<NaiveDate>,
    metrics: Vec<Metric>,
    table: Memo<Option<Grid>>,
    read_only: bool,
    refused: RwSignal<BTreeMap<(NaiveDate, String), (String, String)>>,
    save_cell: F,
) -> impl IntoView
where
    F: Fn(NaiveDate, Metric, String) + Copy + 'static,
{
    let i18n = I18n::expect();
    let row_count = rows.len();
    let columns = metrics.len();
    // A row adds up its cells only where they count in one unit (个 and 人 do not add).
    let one_unit = metrics
        .windows(2)
        .all(|pair| pair[0].unit_zh.trim() == pair[1].unit_zh.trim());
    let value = move |key: &(NaiveDate, String)| {
        table.with(|t| {
            t.as_ref()
                .and_then(|g| g.cells.get(key))
                .map(|cell| count_text(cell.value, ""))
        })
    };
    let sum =
        move |pick: &dyn Fn(&Grid) -> f64| table.with(|t| t.as_ref().map(pick).unwrap_or(0.0));
    let on_key = move |row: usize, column: usize, ev: leptos::ev::KeyboardEvent| {
        let target = match ev.key().as_str() {
            "ArrowUp" if row > 0 => Some((row - 1, column)),
            "ArrowDown" | "Enter" if row + 1 < row_count => Some((row + 1, column)),
            "ArrowLeft" if column > 0 => Some((row, column - 1)),
            "ArrowRight" if column + 1 < columns => Some((row, column + 1)),
            _ => None,
        };
        if let Some((r, c)) = target {
            ev.prevent_default();
            focus_cell(r, c);
        }
    };
    let header = metrics.clone();
    view! {
        <div class="table-scroll">
            <table class="table grid-table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(if read_only { T::WeekOf } else { T::Day })}</th>
                        {header.into_iter().map(|m| {
                            let unit = m.clone();
                            let key = m.meta.id.to_string();
                            view! {
                                <th scope="col" class="num" data-metric=key>
                                    {move || metric_label(&m, i18n.lang()).to_string()}
                                    <span class="unit">{move || metric_unit(&unit, i18n.lang()).to_string()}</span>
                                </th>
                            }
                        }).collect_view()}
                        {one_unit.then(|| view! { <th scope="col" class="num">{move || i18n.t(T::Total)}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {rows.iter().enumerate().map(|(r, &day)| {
                        let row_total = move || count_text(sum(&|g| g.row_totals.get(&day).copied().unwrap_or(0.0)), "");
                        let cells = metrics.iter().enumerate().map(|(c, m)| {
                            let key = (day, m.meta.id.to_string());
                            let bad_key = key.clone();
                            // Per cell, so saving one cell never rewrites another being typed in.
                            let stored_key = key.clone();
                            let stored = Memo::new(move |_| value(&stored_key));
                            let text = move || refused.with(|r| r.get(&key).map(|(text, _)| text.clone())).or_else(|| stored.get()).unwrap_or_default();
                            let reason_key = bad_key.clone();
                            let invalid = move || refused.with(|r| r.contains_key(&bad_key));
                            let reason = move || refused.with(|r| r.get(&reason_key).map(|(_, why)| why.clone()));
                            let metric = m.clone();
                            view! {
                                <td class="num">
                                    <input
                                        id=format!("grid-{r}-{c}")
                                        class="cell"
                                        data-testid="grid-cell"
                                        data-day=day.to_string()
                                        data-metric=m.meta.id.to_string()
                                        inputmode="decimal"
                                        autocomplete="off"
                                        readonly=read_only
                                        aria-invalid=move || invalid().to_string()
                                        title=reason
                                        aria-label=format!("{day} {}", metric_label(m, i18n.lang_untracked()))
                                        prop:value=text
                                        on:keydown=move |ev| on_key(r, c, ev)
                                        on:change=move |ev| if !read_only { save_cell(day, metric.clone(), event_target_value(&ev)) }
                                    />
                                </td>
                            }
                        }).collect_view();
                        view! {
                            <tr data-testid="grid-row" data-day=day.to_string()>
                                <th scope="row">{move || i18n.date(day)}</th>
                                {cells}
                                {one_unit.then(|| view! { <td class="num total" data-testid="grid-row-total">{row_total}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{move || i18n.t(T::Total)}</th>
                        {metrics.iter().map(|m| {
                            let key = m.meta.id.to_string();
                            let total = move || count_text(sum(&|g| g.column_totals.get(&key).copied().unwrap_or(0.0)), "");
                            view! { <td class="num total" data-testid="grid-column-total" data-metric=m.meta.id.to_string()>{total}</td> }
                        }).collect_view()}
                        {one_unit.then(|| view! { <td class="num total" data-testid="grid-total">{move || count_text(sum(&|g| g.total), "")}</td> })}
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}
