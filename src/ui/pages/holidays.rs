//! Settings: the calendar of rest days that every deadline reads (PRODUCT §4): the State
//! Council's arrangement of each year shipped with the app, with its notice, and the days
//! this device adds (a coming year's, once its notice is out) or takes away.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use crate::domain::calendar::arrangements;
use crate::domain::{Calendar, DayKind, DayOverride};
use crate::i18n::T;
use crate::ui::clock::parse_date_input;
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// Where a special day comes from.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    Shipped,
    Added,
    /// A shipped day this device took away.
    Removed,
}

fn kind_text(kind: DayKind) -> T {
    match kind {
        DayKind::Rest => T::CalendarRest,
        DayKind::Work => T::CalendarWork,
    }
}

/// The special days of `year`: shipped, added here, and shipped but taken away here.
fn rows(year: i32, overrides: &[DayOverride]) -> Vec<(NaiveDate, DayKind, Source)> {
    let mut days: BTreeMap<NaiveDate, (DayKind, Source)> = Calendar::shipped()
        .special_days(year)
        .into_iter()
        .map(|(day, kind)| (day, (kind, Source::Shipped)))
        .collect();
    for o in overrides.iter().filter(|o| o.on.year() == year) {
        match (o.kind, days.get(&o.on).copied()) {
            (Some(kind), _) => {
                days.insert(o.on, (kind, Source::Added));
            }
            (None, Some((kind, _))) => {
                days.insert(o.on, (kind, Source::Removed));
            }
            (None, None) => {}
        }
    }
    days.into_iter()
        .map(|(day, (kind, source))| (day, kind, source))
        .collect()
}

#[component]
pub fn HolidaySettings() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let this_year = state.today.get_untracked().year();
    let year = RwSignal::new(this_year);
    let years = move || {
        let mut all: Vec<i32> = arrangements().iter().map(|a| a.year).collect();
        all.extend([this_year, this_year + 1]);
        all.extend(
            state
                .calendar_days
                .with(|d| d.iter().map(|o| o.on.year()).collect::<Vec<_>>()),
        );
        all.sort_unstable();
        all.dedup();
        all
    };
    let date = RwSignal::new(String::new());
    let kind = RwSignal::new(DayKind::Rest);
    let failure = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    // Keeps the overrides with `day` set to `kind` (`None`: as the shipped calendar has it).
    let set_day = move |day: NaiveDate, change: Option<Option<DayKind>>| {
        let mut days = state.calendar_days.get_untracked();
        days.retain(|o| o.on != day);
        if let Some(kind) = change {
            days.push(DayOverride { on: day, kind });
        }
        days.sort_by_key(|o| o.on);
        leptos::task::spawn_local(async move {
            match state.set_calendar_days(days).await {
                Ok(()) => failure.set(None),
                Err(error) => failure.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(day) = parse_date_input(&date.get_untracked()) else {
            problem.set(Some(crate::i18n::problem_text(
                &crate::domain::ProblemKind::NotARealDate,
                i18n.lang(),
            )));
            return;
        };
        problem.set(None);
        let chosen = kind.get_untracked();
        // A day the shipped calendar already has so needs no entry of its own.
        let change = if Calendar::shipped().special(day) == Some(chosen) {
            None
        } else {
            Some(Some(chosen))
        };
        set_day(day, change);
        year.set(day.year());
        date.set(String::new());
    };
    let notice = move || {
        let y = year.get();
        arrangements()
            .iter()
            .find(|a| a.year == y)
            .map(|a| a.notice.clone())
            .unwrap_or_else(|| i18n.t(T::CalendarNoNotice).to_string())
    };
    view! {
        <section class="settings-section" data-testid="settings-holidays">
            <h2>{move || i18n.t(T::CalendarTitle)}</h2>
            <p class="hint">{move || i18n.t(T::CalendarHint)}</p>
            <form class="form holiday-add" on:submit=add novalidate>
                <div class="field field-date">
                    <label for="holiday-date">{move || i18n.t(T::CalendarDate)}</label>
                    <input type="date" id="holiday-date" data-testid="holiday-date" prop:value=date
                        on:input=move |ev| date.set(event_target_value(&ev))/>
                    {move || problem.get().map(|text| view! {
                        <p class="field-error" role="alert" data-testid="holiday-problem">{text}</p>
                    })}
                </div>
                <div class="field">
                    <label for="holiday-kind">{move || i18n.t(T::CalendarKind)}</label>
                    <select id="holiday-kind" data-testid="holiday-kind"
                        on:change=move |ev| kind.set(DayKind::from_key(&event_target_value(&ev)).unwrap_or(DayKind::Rest))>
                        {DayKind::ALL.iter().map(|&k| view! {
                            <option value=k.key() selected=move || kind.get() == k>{move || i18n.t(kind_text(k))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" data-testid="holiday-add">{move || i18n.t(T::CalendarAdd)}</button>
            </form>
            <crate::ui::components::form::StorageAlert message=failure/>
            <div class="field">
                <label for="holiday-year">{move || i18n.t(T::CalendarYear)}</label>
                <select id="holiday-year" data-testid="holiday-year"
                    on:change=move |ev| { if let Ok(y) = event_target_value(&ev).parse() { year.set(y); } }>
                    {move || years().into_iter().map(|y| view! {
                        <option value=y.to_string() selected=move || year.get() == y>{y}</option>
                    }).collect_view()}
                </select>
            </div>
            <p class="hint" data-testid="holiday-notice">{notice}</p>
            <table class="table" data-testid="holiday-table">
                <thead><tr>
                    <th scope="col">{move || i18n.t(T::CalendarDate)}</th>
                    <th scope="col">{move || i18n.t(T::CalendarKind)}</th>
                    <th scope="col"></th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>
                    {move || {
                        let y = year.get();
                        state.calendar_days.with(|days| rows(y, days)).into_iter().map(|(day, kind, source)| {
                            let (source_text, button, change) = match source {
                                Source::Shipped => (T::CalendarShipped, T::CalendarRemove, Some(None)),
                                Source::Added => (T::CalendarAdded, T::CalendarRemove, None),
                                Source::Removed => (T::CalendarRemoved, T::CalendarRestore, None),
                            };
                            view! {
                                <tr data-testid="holiday-row" data-date=day.to_string() data-kind=kind.key()
                                    class:removed=source == Source::Removed>
                                    <td>{move || i18n.date(day)}</td>
                                    <td>{move || i18n.t(kind_text(kind))}</td>
                                    <td>{move || i18n.t(source_text)}</td>
                                    <td><button type="button" data-testid="holiday-remove"
                                        on:click=move |_| set_day(day, change)>{move || i18n.t(button)}</button></td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </section>
    }
}
