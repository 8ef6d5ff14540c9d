//! `/`: today's open, overdue, due-soon, unaccepted, in-review and late-supervision
//! petitions, in all and per handling office; every number links to the list filtered to
//! exactly those cases.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::domain::backup::{backup_state, Backup};
use crate::domain::record::timestamp;
use crate::domain::{dashboard, dashboard_of, Condition, PetitionFilter, Sort};
use crate::exchange::ExportOptions;
use crate::i18n::{condition_text, T};
use crate::ui::components::form::StorageAlert;
use crate::ui::pages::exchange::{export_now, LAST_EXPORT_KEY};
use crate::ui::pages::petitions::list_href;
use crate::ui::state::{AppState, Load};
use crate::ui::I18n;

fn href(office: Option<&str>, condition: Condition) -> String {
    let filter = PetitionFilter {
        office: office.map(str::to_string),
        ..PetitionFilter::only(condition)
    };
    list_href(&filter, Sort::default())
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    // From the kept first screen while the petitions are read, then from the petitions:
    // the same counts, by the same rule.
    let board = Memo::new(move |_| {
        let today = state.today.get();
        state
            .calendar
            .with(|calendar| match state.first_screen.get() {
                Some(screen) => {
                    dashboard_of(screen.rows.iter().map(|(o, t)| (o, t)), today, calendar)
                }
                None => state
                    .ledger
                    .with(|l| dashboard(l.petitions.values(), today, calendar)),
            })
    });
    let office_name = move |id: &str| {
        state
            .ledger
            .with_untracked(|l| l.offices.get(id).map(|o| o.name.clone()))
            .unwrap_or_else(|| format!("{} ({id})", T::UnknownOffice.get(i18n.lang())))
    };
    view! {
        <section class="page dashboard">
            <h1 data-testid="page-title">{move || i18n.t(T::NavDashboard)}</h1>
            <p class="intro">{move || i18n.t(T::DashboardIntro)} " " {move || i18n.date(state.today.get())}</p>
            <BackupReminder/>
            <div class="cards">
                {Condition::ALL.iter().map(|&condition| {
                    let id = condition.key();
                    view! {
                        <A href=href(None, condition) attr:class=format!("card card-{id}") attr:data-testid=format!("dash-{id}")>
                            <span class="card-number">{move || board.with(|b| b.total.get(condition))}</span>
                            <span class="card-label">{move || i18n.t(condition_text(condition))}</span>
                        </A>
                    }
                }).collect_view()}
            </div>
            <h2>{move || i18n.t(T::ByOffice)}</h2>
            <p class="hint">{move || i18n.t(T::DashboardHandlingHint)}</p>
            <Show
                when=move || board.with(|b| !b.by_office.is_empty())
                fallback=move || view! { <p data-testid="dash-nothing-open">{move || i18n.t(T::NothingOpen)}</p> }
            >
                <table class="table dash-table" data-testid="dash-offices">
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(T::HandlingOffice)}</th>
                            {Condition::ALL.iter().map(|&condition| view! {
                                <th scope="col" class="num">{move || i18n.t(condition_text(condition))}</th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || board.with(|b| b.by_office.clone()).into_iter().map(|(office, counts)| {
                            let name = office_name(&office);
                            view! {
                                <tr data-testid="dash-office-row" data-office=office.clone()>
                                    <th scope="row">{name}</th>
                                    {Condition::ALL.iter().map(|&condition| {
                                        let n = counts.get(condition);
                                        view! {
                                            <td class="num">
                                                <A href=href(Some(&office), condition) attr:data-testid=format!("dash-office-{}", condition.key())>{n}</A>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

/// The reminder of PRODUCT §8, with the full export one click away.
#[component]
fn BackupReminder() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let last = RwSignal::new(None::<Option<chrono::DateTime<chrono::Utc>>>);
    leptos::task::spawn_local(async move {
        let at = state
            .read_setting::<String>(LAST_EXPORT_KEY)
            .await
            .ok()
            .flatten()
            .and_then(|text| timestamp::parse(&text));
        last.set(Some(at));
    });
    let failure = RwSignal::new(None::<String>);
    let holds_work = move || {
        state
            .ledger
            .with(|l| !l.petitions.is_empty() || !l.tallies.is_empty())
    };
    let reminder = move || {
        let last = last.get()?;
        // Judged, and exported, once the tallies read in behind the first screen are in.
        if state.tallies.get() != Load::Ready {
            return None;
        }
        match backup_state(last, chrono::Utc::now(), holds_work()) {
            Backup::Fresh => None,
            Backup::Never => Some(i18n.t(T::BackupNever).to_string()),
            Backup::Stale { days } => Some(format!(
                "{}{days}{}",
                i18n.t(T::BackupStaleBefore),
                i18n.t(T::BackupStaleAfter)
            )),
        }
    };
    let export = move |_| match export_now(state, ExportOptions::default(), None, i18n.lang()) {
        Ok(exported) => {
            failure.set(None);
            if let Some(at) = exported.full_at.as_deref().and_then(timestamp::parse) {
                last.set(Some(Some(at)));
            }
        }
        Err(why) => failure.set(Some(why)),
    };
    view! {
        {move || reminder().map(|text| view! {
            <div class="notice" role="status" data-testid="backup-reminder">
                <span>{text}</span>
                " "
                <button type="button" data-testid="backup-export" on:click=export>{move || i18n.t(T::BackupExportNow)}</button>
            </div>
        })}
        <StorageAlert message=failure/>
    }
}
