//! `/petitions`: every petition in a virtualised table, filtered and sorted from the
//! address bar, so a filtered view can be bookmarked and survives a reload.
//!
//! Only the rows in view are in the page. The order (by the chosen column) is computed when
//! the ledger or the sort changes; each keystroke only filters that order, in memory.

use leptos::html::Div;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::domain::deadline::{is_due_soon, is_overdue};
use crate::domain::fields;
use crate::domain::{
    handling_office, id_number, sorted_positions, Channel, Condition, Petition, PetitionFilter,
    PetitionIndex, Sort, SortKey, Status,
};
use crate::i18n::{
    channel_text, condition_text, field_label, format_date, shown_of_text, status_text, Label, T,
};
use crate::ui::state::AppState;
use crate::ui::I18n;

/// Height of one row in pixels; the stylesheet sets the same (`.petition-table tr`).
const ROW_HEIGHT: f64 = 34.0;
/// Rows drawn above and below the visible ones, so fast scrolling shows no gap.
const OVERSCAN: usize = 5;
/// How long the filter waits after a change before it is written to the address.
const ADDRESS_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

/// The address of the list with this filter and sort.
pub fn list_href(filter: &PetitionFilter, sort: Sort) -> String {
    let params = web_sys::UrlSearchParams::new().expect("URLSearchParams exists");
    for (key, value) in filter.to_query().into_iter().chain(sort.to_query()) {
        params.append(key, &value);
    }
    let query = String::from(params.to_string());
    if query.is_empty() {
        "/petitions".into()
    } else {
        format!("/petitions?{query}")
    }
}

/// What a visible row shows.
struct Row {
    id: String,
    serial: String,
    received_on: chrono::NaiveDate,
    channel: Channel,
    name: String,
    masked_id: String,
    subject: String,
    office: String,
    status: Status,
    due: chrono::NaiveDate,
    overdue: bool,
    due_soon: bool,
    /// The due date of an open 复查/复核.
    stage_due: Option<chrono::NaiveDate>,
}

#[component]
pub fn PetitionListPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let query = use_query_map();
    let navigate = use_navigate();
    // The filter lives here and is written to the address a moment after the last change:
    // going through the router on every keystroke cost more than filtering 100,000 rows.
    let in_address = Memo::new(move |_| query.with(|q| PetitionFilter::from_query(|k| q.get(k))));
    let filter = RwSignal::new(in_address.get_untracked());
    // The address can change under the list (a dashboard link, Back): the list follows.
    Effect::new(move |_| {
        let wanted = in_address.get();
        if filter.with_untracked(|f| *f != wanted) {
            filter.set(wanted);
        }
    });
    let sort = Memo::new(move |_| query.with(|q| Sort::from_query(|k| q.get(k))));
    let go = move |f: PetitionFilter, s: Sort| {
        navigate(
            &list_href(&f, s),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let go = StoredValue::new(go);
    // Counts the changes, so that only the timer of the last one writes the address.
    let changes = StoredValue::new(0_u64);
    let change = move |edit: &dyn Fn(&mut PetitionFilter)| {
        filter.update(|f| edit(f));
        changes.update_value(|n| *n += 1);
        let this_change = changes.get_value();
        // Written once typing pauses: a later change's timer takes over from this one.
        set_timeout(
            move || {
                let last = changes.try_get_value() == Some(this_change);
                if last && filter.with_untracked(|f| *f != in_address.get_untracked()) {
                    go.with_value(|go| go(filter.get_untracked(), sort.get_untracked()));
                }
            },
            ADDRESS_DELAY,
        );
    };

    let office_name = move |id: &str| -> String {
        state
            .ledger
            .with_untracked(|l| l.offices.get(id).map(|o| o.name.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    // Positions into the ledger's petitions (in id order), sorted by the chosen column.
    let order = Memo::new(move |_| {
        let sort = sort.get();
        state.ledger.with(|l| {
            let all: Vec<&Petition> = l.petitions.values().collect();
            sorted_positions(&all, sort, office_name)
        })
    });
    // Rebuilt only when the ledger changes; never compared (it is as large as the text).
    let index = Memo::new_with_compare(
        move |_| {
            state
                .ledger
                .with(|l| PetitionIndex::build(l.petitions.values()))
        },
        |_, _| true,
    );
    let matches = Memo::new(move |_| {
        let filter = filter.get();
        let today = state.today.get();
        state.calendar.with(|calendar| {
            index.with(|index| order.with(|order| index.filter(&filter, today, calendar, order)))
        })
    });
    let live = Memo::new(move |_| {
        state
            .ledger
            .with(|l| l.petitions.values().filter(|p| !p.meta.deleted).count())
    });

    let scroller = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(600.0_f64);
    Effect::new(move |_| {
        if let Some(el) = scroller.get() {
            viewport.set(f64::from(el.client_height().max(200)));
        }
    });
    // A new filter starts at the top of the list.
    Effect::new(move |_| {
        filter.track();
        // Writing scrollTop makes the browser lay the list out at once: only when needed.
        if scroll_top.get_untracked() != 0.0 {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });
    let window = move || {
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let count = (viewport.get() / ROW_HEIGHT) as usize + 2 * OVERSCAN;
        matches.with(|m| {
            let first = first.min(m.len());
            let last = (first + count).min(m.len());
            (first, last, m.len(), m[first..last].to_vec())
        })
    };
    let rows = move || {
        let today = state.today.get();
        let (first, last, total, positions) = window();
        let rows: Vec<Row> = index.with(|index| {
            state.ledger.with(|l| {
                positions
                    .iter()
                    .filter_map(|&i| l.petitions.get(index.id(i)))
                    .map(|p| Row {
                        id: p.meta.id.to_string(),
                        serial: p.serial.clone(),
                        received_on: p.received_on,
                        channel: p.channel,
                        name: p.petitioner.name.clone(),
                        masked_id: id_number::mask(&p.petitioner.id_number),
                        subject: p.subject.clone(),
                        office: l
                            .offices
                            .get(handling_office(p))
                            .map(|o| o.name.clone())
                            .unwrap_or_default(),
                        status: p.status,
                        due: p.effective_due(),
                        overdue: is_overdue(p, today),
                        due_soon: is_due_soon(p, today),
                        stage_due: p
                            .reviews
                            .iter()
                            .filter(|r| r.concluded_on.is_none())
                            .find_map(|r| r.due_on),
                    })
                    .collect()
            })
        });
        (first, last, total, rows)
    };

    view! {
        <section class="page list-page">
            <div class="page-head">
                <h1 data-testid="page-title">{move || i18n.t(T::NavPetitions)}</h1>
                <p class="count" data-testid="petition-count" aria-live="polite">
                    {move || shown_of_text(matches.with(Vec::len), live.get(), i18n.lang())}
                </p>
                <A href="/petitions/new" attr:class="button primary" attr:data-testid="new-petition">
                    {move || i18n.t(T::NavNewPetition)}
                </A>
            </div>
            <FilterBar filter change/>
            <div
                class="list-scroll"
                node_ref=scroller
                on:scroll=move |ev| {
                    let el = event_target::<web_sys::HtmlElement>(&ev);
                    scroll_top.set(f64::from(el.scroll_top()));
                }
            >
                <table class="petition-table" data-testid="petition-table">
                    <thead>
                        <tr>
                            {SortKey::ALL
                                .iter()
                                .map(|&key| view! { <SortHeader key sort filter go/> })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            i18n.lang(); // rows are drawn in the language of the moment
                            let (first, last, total, rows) = rows();
                            let before = first as f64 * ROW_HEIGHT;
                            let after = (total - last) as f64 * ROW_HEIGHT;
                            view! {
                                <tr class="spacer" aria-hidden="true" style=format!("height:{before}px")></tr>
                                {rows.into_iter().map(|row| view! { <PetitionRow row/> }).collect_view()}
                                <tr class="spacer" aria-hidden="true" style=format!("height:{after}px")></tr>
                            }
                        }}
                    </tbody>
                </table>
                <Show when=move || matches.with(Vec::is_empty)>
                    <p class="empty" data-testid="petition-list-empty">
                        {move || if live.get() == 0 { i18n.t(T::NoPetitionsYet) } else { i18n.t(T::NoPetitionsMatch) }}
                    </p>
                </Show>
            </div>
        </section>
    }
}

/// One row, drawn once with the current language (the list redraws its rows when the
/// language changes): no reactive cells, so a keystroke that redraws the rows stays cheap.
#[component]
fn PetitionRow(row: Row) -> impl IntoView {
    let lang = I18n::expect().lang_untracked();
    let Row {
        id,
        serial,
        received_on,
        channel,
        name,
        masked_id,
        subject,
        office,
        status,
        due,
        overdue,
        due_soon,
        stage_due,
    } = row;
    view! {
        <tr data-testid="petition-row" class:overdue=overdue>
            <td><A href=format!("/petitions/{id}")>{serial}</A></td>
            <td>{format_date(received_on, lang)}</td>
            <td>{channel_text(channel).get(lang)}</td>
            <td>{name}<span class="masked-id">{masked_id}</span></td>
            <td class="subject" title=subject.clone()>{subject.clone()}</td>
            <td>{office}</td>
            <td>{status_text(status).get(lang)}</td>
            <td class="due-cell">
                {format_date(due, lang)}
                {overdue.then(|| view! { <span class="flag overdue-flag" data-testid="overdue-flag">{T::Overdue.get(lang)}</span> })}
                {due_soon.then(|| view! { <span class="flag soon-flag">{T::DueSoon.get(lang)}</span> })}
                {stage_due.map(|due| view! {
                    <span class="flag review-flag" data-testid="review-flag">
                        {format!("{} {}", T::InReview.get(lang), format_date(due, lang))}
                    </span>
                })}
            </td>
        </tr>
    }
}

fn sort_label(key: SortKey) -> Label {
    match key {
        SortKey::Serial => fields::SERIAL.into(),
        SortKey::ReceivedOn => fields::RECEIVED_ON.into(),
        SortKey::Channel => fields::CHANNEL.into(),
        SortKey::Petitioner => T::ColumnPetitioner.into(),
        SortKey::Subject => fields::SUBJECT.into(),
        SortKey::Office => T::HandlingOffice.into(),
        SortKey::Status => fields::STATUS.into(),
        SortKey::Due => fields::DUE_ON.into(),
    }
}

/// A column header that sorts by its column; a second click reverses the order.
#[component]
fn SortHeader<F>(
    key: SortKey,
    sort: Memo<Sort>,
    filter: RwSignal<PetitionFilter>,
    go: StoredValue<F>,
) -> impl IntoView
where
    F: Fn(PetitionFilter, Sort) + Send + Sync + 'static,
{
    let i18n = I18n::expect();
    let aria_sort = move || {
        let s = sort.get();
        if s.key != key {
            "none"
        } else if s.descending {
            "descending"
        } else {
            "ascending"
        }
    };
    view! {
        <th aria-sort=aria_sort scope="col">
            <button
                type="button"
                data-testid=format!("sort-{}", key.key())
                on:click=move |_| {
                    let current = sort.get_untracked();
                    let next = Sort {
                        key,
                        descending: if current.key == key { !current.descending } else { false },
                    };
                    go.with_value(|go| go(filter.get_untracked(), next));
                }
            >
                {move || sort_label(key).get(i18n.lang())}
                <span class="sort-mark" aria-hidden="true">
                    {move || match aria_sort() { "ascending" => "▲", "descending" => "▼", _ => "" }}
                </span>
            </button>
        </th>
    }
}

/// The filters; each change replaces the address, which drives the list.
#[component]
fn FilterBar<C>(filter: RwSignal<PetitionFilter>, change: C) -> impl IntoView
where
    C: Fn(&dyn Fn(&mut PetitionFilter)) + Copy + Send + Sync + 'static,
{
    let i18n = I18n::expect();
    let state = AppState::expect();
    let offices = move || state.office_choices();
    let check = move |condition: Condition| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=format!("filter-{}", condition.key())
                    prop:checked=move || filter.with(|f| f.conditions.has(condition))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        change(&|f| f.conditions.set(condition, on));
                    }
                />
                {move || i18n.t(condition_text(condition))}
            </label>
        }
    };
    view! {
        <form class="filters" role="search" aria-label=move || i18n.t(T::Filters) on:submit=|ev| ev.prevent_default()>
            <div class="field field-search">
                <label for="filter-text">{move || i18n.t(T::Search)}</label>
                <input
                    id="filter-text"
                    type="search"
                    data-testid="filter-text"
                    placeholder=move || i18n.t(T::SearchHint)
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        change(&|f| f.text = text.clone());
                    }
                />
            </div>
            <div class="field">
                <label for="filter-status">{move || field_label(fields::STATUS, i18n.lang())}</label>
                <select id="filter-status" data-testid="filter-status" on:change=move |ev| {
                    let status = Status::from_key(&event_target_value(&ev));
                    change(&|f| f.status = status);
                }>
                    <option value="" selected=move || filter.with(|f| f.status.is_none())>{move || i18n.t(T::AllStatuses)}</option>
                    {Status::ALL.iter().map(|&s| view! {
                        <option value=s.key() selected=move || filter.with(|f| f.status == Some(s))>{move || i18n.t(status_text(s))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-channel">{move || field_label(fields::CHANNEL, i18n.lang())}</label>
                <select id="filter-channel" data-testid="filter-channel" on:change=move |ev| {
                    let channel = Channel::from_key(&event_target_value(&ev));
                    change(&|f| f.channel = channel);
                }>
                    <option value="" selected=move || filter.with(|f| f.channel.is_none())>{move || i18n.t(T::AllChannels)}</option>
                    {Channel::ALL.iter().map(|&c| view! {
                        <option value=c.key() selected=move || filter.with(|f| f.channel == Some(c))>{move || i18n.t(channel_text(c))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-office">{move || i18n.t(T::HandlingOffice)}</label>
                <select id="filter-office" data-testid="filter-office" on:change=move |ev| {
                    let office = Some(event_target_value(&ev)).filter(|o| !o.is_empty());
                    change(&|f| f.office = office.clone());
                }>
                    <option value="" selected=move || filter.with(|f| f.office.is_none())>{move || i18n.t(T::AllOffices)}</option>
                    {move || offices().into_iter().map(|(id, name)| {
                        let selected_id = id.clone();
                        view! { <option value=id selected=move || filter.with(|f| f.office.as_deref() == Some(selected_id.as_str()))>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-law">{move || field_label(fields::LAW_RELATED, i18n.lang())}</label>
                <select id="filter-law" data-testid="filter-law" on:change=move |ev| {
                    let law = match event_target_value(&ev).as_str() { "1" => Some(true), "0" => Some(false), _ => None };
                    change(&|f| f.law_related = law);
                }>
                    <option value="" selected=move || filter.with(|f| f.law_related.is_none())>{move || i18n.t(T::Any)}</option>
                    <option value="1" selected=move || filter.with(|f| f.law_related == Some(true))>{move || i18n.t(T::Yes)}</option>
                    <option value="0" selected=move || filter.with(|f| f.law_related == Some(false))>{move || i18n.t(T::No)}</option>
                </select>
            </div>
            <div class="field field-date">
                <label for="filter-from">{move || i18n.t(T::ReceivedFrom)}</label>
                <input id="filter-from" type="date" data-testid="filter-from"
                    prop:value=move || filter.with(|f| f.from.map(|d| d.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        let day = crate::ui::clock::parse_date_input(&event_target_value(&ev));
                        change(&|f| f.from = day);
                    }/>
            </div>
            <div class="field field-date">
                <label for="filter-to">{move || i18n.t(T::ReceivedTo)}</label>
                <input id="filter-to" type="date" data-testid="filter-to"
                    prop:value=move || filter.with(|f| f.to.map(|d| d.to_string()).unwrap_or_default())
                    on:change=move |ev| {
                        let day = crate::ui::clock::parse_date_input(&event_target_value(&ev));
                        change(&|f| f.to = day);
                    }/>
            </div>
            <div class="checks">
                {Condition::ALL.iter().map(|&condition| check(condition)).collect_view()}
                <button type="button" data-testid="filter-clear" disabled=move || filter.with(PetitionFilter::is_empty)
                    on:click=move |_| change(&|f| *f = PetitionFilter::default())>
                    {move || i18n.t(T::ClearFilters)}
                </button>
            </div>
        </form>
    }
}
