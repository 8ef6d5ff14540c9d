//! Import counts from a CSV or XLSX file (or a pasted table): map the columns, preview what
//! will be added, updated, left alone and refused (with every reason), then write it all in
//! one transaction on the user's word.

use leptos::prelude::*;

use crate::domain::tally_import::{guess_header, tally_template};
use crate::domain::{plan_tally_import, AnyRecord, ColumnMap, ImportContext, TallyImportPlan};
use crate::i18n::{count_text, metric_label, metric_name, row_problem_text, T};
use crate::sheet::{read_csv, Sheet, SheetError};
use crate::ui::clock::today;
use crate::ui::components::choices::CampaignSelect;
use crate::ui::components::form::StorageAlert;
use crate::ui::download::download;
use crate::ui::errors::storage_message;
use crate::ui::files::{chosen_file, decode_text, is_zip, read_bytes};
use crate::ui::state::AppState;
use crate::ui::I18n;

/// Rows of the preview that are listed; the counts cover them all.
const LISTED: usize = 50;

fn sheet_error_text(error: &SheetError, lang: crate::i18n::Lang) -> String {
    match error {
        SheetError::Empty => T::ImportEmpty.get(lang).to_string(),
        SheetError::NotXlsx(why) => format!("{}{why}", T::ImportNotXlsx.get(lang)),
        SheetError::Unreadable(why) => format!("{}{why}", T::ImportUnreadable.get(lang)),
        SheetError::TooLarge { sheet } => format!("{}{sheet}", T::ImportTooLarge.get(lang)),
    }
}

#[component]
pub fn TallyImport() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let sheets = RwSignal::new(Vec::<Sheet>::new());
    let chosen = RwSignal::new(0usize);
    let header_rows = RwSignal::new(1usize);
    let map = RwSignal::new(ColumnMap::default());
    // Headers of a sheet of one column per indicator that name no metric: (column, header).
    let unknown = RwSignal::new(Vec::<(usize, String)>::new());
    let campaign = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let paste = RwSignal::new(String::new());

    let take = move |found: Result<Vec<Sheet>, SheetError>| {
        done.set(None);
        match found {
            Ok(found) if found.iter().all(|s| s.rows.is_empty()) => {
                sheets.set(Vec::new());
                problem.set(Some(T::ImportEmpty.get(i18n.lang()).to_string()));
            }
            Ok(found) => {
                problem.set(None);
                chosen.set(found.iter().position(|s| !s.rows.is_empty()).unwrap_or(0));
                sheets.set(found);
            }
            Err(error) => {
                sheets.set(Vec::new());
                problem.set(Some(sheet_error_text(&error, i18n.lang())));
            }
        }
    };
    // A new sheet (or header row count) guesses the columns again from its header: one row
    // per figure, or one column per indicator named after its metric.
    Effect::new(move |_| {
        let header = header_rows.get();
        let guessed = sheets.with(|all| {
            all.get(chosen.get())
                .and_then(|s| s.rows.get(header.saturating_sub(1)).filter(|_| header > 0))
                .map(|row| state.ledger.with_untracked(|l| guess_header(row, l)))
                .unwrap_or_default()
        });
        map.set(guessed.map);
        unknown.set(guessed.unknown);
    });
    let template = move |wide: bool| {
        let (ledger_campaign, code) = (
            campaign.get_untracked(),
            state
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.office.code.clone()))
                .unwrap_or_default(),
        );
        let text = state.ledger.with_untracked(|l| {
            let chosen = l.campaigns.get(ledger_campaign.as_str());
            tally_template(l, chosen, &code, today(), wide)
        });
        let name = if wide {
            "统计台账模板_每列一个指标.csv"
        } else {
            "统计台账模板_每行一个数.csv"
        };
        if let Err(why) = download(text.as_bytes(), name, "text/csv;charset=utf-8") {
            problem.set(Some(format!("{}{why}", T::DownloadFailed.get(i18n.lang()))));
        }
    };
    let reading_workbook = RwSignal::new(false);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match read_bytes(&file).await {
                Ok(bytes) if is_zip(&bytes) => {
                    // Read in the office worker: the page says so meanwhile.
                    reading_workbook.set(true);
                    let read = crate::office::read_xlsx(bytes).await;
                    reading_workbook.set(false);
                    match read {
                        Ok(read) => take(read),
                        Err(unavailable) => problem.set(Some(unavailable.text(i18n.lang()))),
                    }
                }
                Ok(bytes) => take(Ok(vec![read_csv(&decode_text(&bytes))])),
                Err(why) => take(Err(SheetError::Unreadable(why))),
            }
        });
    };
    let read_paste = move |_| take(Ok(vec![read_csv(&paste.get_untracked())]));

    let plan = Memo::new(move |_| {
        let (map, header, campaign) = (map.get(), header_rows.get(), campaign.get());
        let stamp = state.stamp()?;
        let this_office = state.office_id();
        sheets.with(|all| {
            let sheet = all.get(chosen.get())?;
            state.ledger.with(|ledger| {
                let ctx = ImportContext {
                    ledger,
                    this_office: &this_office,
                    campaign: Some(campaign.as_str()).filter(|c| !c.is_empty()),
                    today: today(),
                };
                Some(plan_tally_import(sheet, header, &map, &ctx, &stamp))
            })
        })
    });
    let confirm = move |_| {
        let Some(plan) = plan.get_untracked() else {
            return;
        };
        let TallyImportPlan {
            adds,
            updates,
            unchanged,
            refused,
        } = plan;
        let (added, updated) = (adds.len(), updates.len());
        let records: Vec<AnyRecord> = adds
            .into_iter()
            .chain(updates)
            .map(AnyRecord::Tally)
            .collect();
        if records.is_empty() {
            problem.set(Some(T::ImportNothing.get(i18n.lang()).to_string()));
            return;
        }
        leptos::task::spawn_local(async move {
            match state.save(records).await {
                Ok(()) => {
                    let lang = i18n.lang();
                    sheets.set(Vec::new());
                    paste.set(String::new());
                    done.set(Some(format!(
                        "{}{} {added}，{} {updated}，{} {unchanged}，{} {}",
                        T::ImportDone.get(lang),
                        T::WillAdd.get(lang),
                        T::WillUpdate.get(lang),
                        T::Unchanged.get(lang),
                        T::Refused.get(lang),
                        refused.len()
                    )));
                }
                Err(error) => problem.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };

    let column_choices = move || {
        sheets.with(|all| {
            let Some(sheet) = all.get(chosen.get()) else {
                return Vec::new();
            };
            let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
            let header = header_rows.get();
            (0..width)
                .map(|i| {
                    let name = (header > 0)
                        .then(|| {
                            sheet
                                .rows
                                .get(header - 1)
                                .and_then(|r| r.get(i))
                                .map(|c| c.as_text())
                        })
                        .flatten()
                        .filter(|t| !t.is_empty());
                    let letter = column_letter(i);
                    (i, name.map(|n| format!("{letter}：{n}")).unwrap_or(letter))
                })
                .collect::<Vec<_>>()
        })
    };
    let mapping = move |testid: &'static str,
                        label: T,
                        none: T,
                        get: fn(&ColumnMap) -> Option<usize>,
                        set: fn(&mut ColumnMap, Option<usize>)| {
        view! {
            <div class="field">
                <label for=testid>{move || i18n.t(label)}</label>
                <select id=testid data-testid=testid on:change=move |ev| {
                    let column = event_target_value(&ev).parse::<usize>().ok();
                    map.update(|m| set(m, column));
                }>
                    <option value="" selected=move || map.with(get).is_none()>{move || i18n.t(none)}</option>
                    {move || column_choices().into_iter().map(|(i, name)| view! {
                        <option value=i.to_string() selected=move || map.with(get) == Some(i)>{name}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };

    view! {
        <section class="import-section" data-testid="tally-import">
            <h2>{move || i18n.t(T::ImportTitle)}</h2>
            <p class="hint">{move || i18n.t(T::ImportIntro)}</p>
            <div class="form-grid">
                <div class="field">
                    <label for="tally-import-file">{move || i18n.t(T::ImportFile)}</label>
                    <input type="file" id="tally-import-file" data-testid="tally-import-file"
                        accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        on:change=on_file/>
                    <crate::ui::components::form::Preparing when=reading_workbook reading=true/>
                </div>
                <div class="field field-wide">
                    <label for="tally-import-paste">{move || i18n.t(T::ImportPaste)}</label>
                    <textarea id="tally-import-paste" data-testid="tally-import-paste" rows="3"
                        prop:value=paste on:input=move |ev| paste.set(event_target_value(&ev))></textarea>
                    <button type="button" data-testid="tally-import-read" on:click=read_paste
                        disabled=move || paste.with(|p| p.trim().is_empty())>{move || i18n.t(T::ReadIt)}</button>
                </div>
            </div>
            <div class="actions">
                <span class="hint">{move || i18n.t(T::TemplateDownload)}</span>
                <button type="button" data-testid="tally-template-narrow" on:click=move |_| template(false)>{move || i18n.t(T::TemplateNarrow)}</button>
                <button type="button" data-testid="tally-template-wide" on:click=move |_| template(true)>{move || i18n.t(T::TemplateWide)}</button>
            </div>
            <StorageAlert message=problem/>
            <Show when=move || done.with(Option::is_some)>
                <p class="saved" role="status" data-testid="tally-import-done">{move || done.get().unwrap_or_default()}</p>
            </Show>
            <Show when=move || sheets.with(|s| !s.is_empty())>
                <div class="filters">
                    <Show when=move || sheets.with(|s| s.len() > 1)>
                        <div class="field">
                            <label for="tally-import-sheet">{move || i18n.t(T::ImportSheet)}</label>
                            <select id="tally-import-sheet" data-testid="tally-import-sheet"
                                on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                                {move || sheets.with(|all| all.iter().enumerate().map(|(i, s)| {
                                    let name = s.name.clone();
                                    view! { <option value=i.to_string() selected=move || chosen.get() == i>{name}</option> }
                                }).collect_view())}
                            </select>
                        </div>
                    </Show>
                    <div class="field">
                        <label for="tally-import-header">{move || i18n.t(T::HeaderRows)}</label>
                        <input type="number" min="0" max="20" id="tally-import-header" data-testid="tally-import-header"
                            prop:value=move || header_rows.get().to_string()
                            on:change=move |ev| header_rows.set(event_target_value(&ev).parse().unwrap_or(1))/>
                    </div>
                    {mapping("tally-map-date", T::FieldDate, T::NotInFile, |m| m.date, |m, c| m.date = c)}
                    {mapping("tally-map-office", T::FieldOffice, T::ThisOfficeForAll, |m| m.office, |m, c| m.office = c)}
                    <Show when=move || !map.with(ColumnMap::is_wide)>
                        {mapping("tally-map-metric", T::FieldMetric, T::NotInFile, |m| m.metric, |m, c| m.metric = c)}
                        {mapping("tally-map-value", T::FieldValue, T::NotInFile, |m| m.value, |m, c| m.value = c)}
                    </Show>
                    {mapping("tally-map-campaign", T::FieldCampaign, T::NotInFile, |m| m.campaign, |m, c| m.campaign = c)}
                    {mapping("tally-map-note", T::FieldNote, T::NotInFile, |m| m.note, |m, c| m.note = c)}
                    <CampaignSelect testid="tally-import-campaign" value=campaign label=T::CampaignForAll/>
                </div>
                <Show when=move || map.with(ColumnMap::is_wide) || unknown.with(|u| !u.is_empty())>
                    <WideColumns map unknown/>
                </Show>
                {move || plan.get().map(|plan| view! { <Preview plan confirm/> })}
            </Show>
        </section>
    }
}

/// A sheet of one column per indicator: which metric each column counts, and for each
/// header that names none, a choice of the metric it counts (or to leave it out).
#[component]
fn WideColumns(map: RwSignal<ColumnMap>, unknown: RwSignal<Vec<(usize, String)>>) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let metrics = move || state.metrics();
    let set = move |column: usize, key: String| {
        map.update(|m| {
            m.metrics.retain(|(c, _)| *c != column);
            if !key.is_empty() {
                m.metrics.push((column, key));
                m.metrics.sort();
            }
        });
    };
    view! {
        <div class="wide-columns" data-testid="tally-import-wide">
            <p class="hint">{move || i18n.t(T::WideLayout)}</p>
            <ul>
                {move || map.get().metrics.into_iter().map(|(column, key)| {
                    let name = state.ledger.with_untracked(|l| metric_name(l, &key, i18n.lang()));
                    view! { <li>{format!("{} → {name}", column_letter(column))}</li> }
                }).collect_view()}
            </ul>
            {move || unknown.get().into_iter().map(|(column, header)| {
                let id = format!("tally-map-header-{column}");
                let current = move || map.with(|m| m.metrics.iter().find(|(c, _)| *c == column).map(|(_, k)| k.clone()).unwrap_or_default());
                view! {
                    <div class="field">
                        <label for=id.clone()>{format!("{}：{header}", i18n.t(T::UnknownHeader))}</label>
                        <select id=id.clone() data-testid=id on:change=move |ev| set(column, event_target_value(&ev))>
                            <option value="" selected=move || current().is_empty()>{move || i18n.t(T::LeaveOut)}</option>
                            {move || metrics().into_values().filter(|m| !m.hidden).map(|m| {
                                let key = m.meta.id.to_string();
                                let label = metric_label(&m, i18n.lang()).to_string();
                                let selected_key = key.clone();
                                view! { <option value=key selected=move || current() == selected_key>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

/// Spreadsheet column letters: A … Z, AA …
fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (index % 26) as u8) as char);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[component]
fn Preview<F>(plan: TallyImportPlan, confirm: F) -> impl IntoView
where
    F: Fn(leptos::ev::MouseEvent) + Copy + 'static,
{
    let i18n = I18n::expect();
    let state = AppState::expect();
    let (adds, updates, unchanged, refused) = (
        plan.adds.len(),
        plan.updates.len(),
        plan.unchanged,
        plan.refused.len(),
    );
    let listed: Vec<_> = plan
        .adds
        .iter()
        .chain(plan.updates.iter())
        .take(LISTED)
        .cloned()
        .collect();
    let refused_rows = plan.refused.clone();
    let names = move |office: &str, metric: &str| {
        state.ledger.with_untracked(|l| {
            let office = l
                .offices
                .get(office)
                .map(|o| o.name.clone())
                .unwrap_or_else(|| office.to_string());
            let metric = crate::domain::available_metrics(l)
                .get(metric)
                .map(|m| {
                    (
                        metric_label(m, i18n.lang_untracked()).to_string(),
                        crate::i18n::metric_unit(m, i18n.lang_untracked()).to_string(),
                    )
                })
                .unwrap_or_else(|| (metric.to_string(), String::new()));
            (office, metric)
        })
    };
    view! {
        <h3>{move || i18n.t(T::ImportPreview)}</h3>
        <p class="import-summary" data-testid="tally-import-summary">
            {move || format!(
                "{} {adds} · {} {updates} · {} {unchanged} · {} {refused}",
                i18n.t(T::WillAdd), i18n.t(T::WillUpdate), i18n.t(T::Unchanged), i18n.t(T::Refused)
            )}
        </p>
        {(!refused_rows.is_empty()).then(|| view! {
            <div class="problems" role="alert" data-testid="tally-import-refused">
                <p>{move || i18n.t(T::RefusedRows)}</p>
                <ul>
                    {refused_rows.iter().take(LISTED).map(|row| {
                        let row = row.clone();
                        view! {
                            <li data-testid="tally-import-refused-row">
                                {move || {
                                    let lang = i18n.lang();
                                    let reasons: Vec<String> = row.problems.iter().map(|p| row_problem_text(p, lang)).collect();
                                    // A cell of an indicator column names its metric.
                                    let cell = row.metric.as_ref().map(|key| {
                                        format!(" {}", state.ledger.with_untracked(|l| metric_name(l, key, lang)))
                                    });
                                    format!("{}{}{}{}", crate::i18n::row_text(row.row, lang), cell.unwrap_or_default(), lang.colon(), reasons.join("；"))
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(refused > LISTED).then(|| view! { <p>{move || format!("{} {} {}", i18n.t(T::MoreRows), refused - LISTED, i18n.t(T::MoreRowsSuffix))}</p> })}
            </div>
        })}
        {(!listed.is_empty()).then(|| view! {
            <table class="table" data-testid="tally-import-rows">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(T::FieldDate)}</th>
                        <th scope="col">{move || i18n.t(T::FieldOffice)}</th>
                        <th scope="col">{move || i18n.t(T::FieldMetric)}</th>
                        <th scope="col" class="num">{move || i18n.t(T::FieldValue)}</th>
                    </tr>
                </thead>
                <tbody>
                    {listed.into_iter().map(|t| {
                        let (office, (metric, unit)) = names(&t.office_id, &t.metric);
                        view! {
                            <tr>
                                <td>{move || i18n.date(t.on)}</td>
                                <td>{office}</td>
                                <td>{metric}</td>
                                <td class="num">{count_text(t.value, &unit)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <div class="actions">
            <button type="button" class="primary" data-testid="tally-import-confirm" on:click=confirm
                disabled=adds + updates == 0>
                {move || i18n.t(T::ImportConfirm)}
            </button>
        </div>
    }
}
