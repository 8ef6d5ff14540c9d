//! The report's text: the form behind it (kept per office as a draft, the template saved
//! per office), the blanks with their Chinese labels, the template and what it says of
//! itself (errors, warnings, sentences left out), and the text, which the user may edit and
//! which is marked stale when its figures change.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{template_error_text, Lang, T};
use crate::report::draft::{changed, figures_of, saved_template, Draft, EditedText, DEFAULT_TITLE};
use crate::report::report::Report;
use crate::report::template::{
    blank_label, blanks, figure_names, Rendered, TemplateError, Warning, DEFAULT_TEMPLATE,
};
use crate::ui::clock::parse_date_input;
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// The template as an office saves it. Drafts of the first release kept the title and the
/// blanks here too; they are read once into the draft.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct SavedTemplate {
    template: String,
    title: Option<String>,
    blanks: BTreeMap<String, String>,
}

fn template_key(office_id: &str) -> String {
    format!("report_template:{office_id}")
}

fn draft_key(office_id: &str) -> String {
    format!("report_draft:{office_id}")
}

/// How long the page waits after the last change before it keeps the draft.
const DRAFT_DELAY: std::time::Duration = std::time::Duration::from_millis(400);

/// Everything the user sets on the reports page, as signals: the period, the offices and
/// the day judged, the document's title, issuing body and date, the template, its blanks,
/// the sentences kept, and the text once edited.
#[derive(Clone, Copy)]
pub struct ReportForm {
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
    /// Empty: judged as of the period's last day (§5).
    pub as_of: RwSignal<String>,
    pub offices: RwSignal<Option<BTreeSet<String>>>,
    pub title: RwSignal<String>,
    pub issuer: RwSignal<String>,
    /// Empty: today.
    pub issued_on: RwSignal<String>,
    pub template: RwSignal<String>,
    pub blanks: RwSignal<BTreeMap<String, String>>,
    pub keep: RwSignal<BTreeSet<String>>,
    pub edited: RwSignal<Option<EditedText>>,
    /// Whether the kept draft has been read (nothing is kept before it is).
    loaded: RwSignal<bool>,
}

fn date_text(day: Option<NaiveDate>) -> String {
    day.map(|day| day.to_string()).unwrap_or_default()
}

impl ReportForm {
    /// A form for this office, filled in from its kept draft and template once they are read;
    /// every later change is kept again as the draft.
    pub fn new(from: NaiveDate, to: NaiveDate) -> ReportForm {
        let state = AppState::expect();
        let form = ReportForm {
            from: RwSignal::new(from.to_string()),
            to: RwSignal::new(to.to_string()),
            as_of: RwSignal::new(String::new()),
            offices: RwSignal::new(None),
            title: RwSignal::new(DEFAULT_TITLE.to_string()),
            issuer: RwSignal::new(String::new()),
            issued_on: RwSignal::new(String::new()),
            template: RwSignal::new(DEFAULT_TEMPLATE.to_string()),
            blanks: RwSignal::new(BTreeMap::new()),
            keep: RwSignal::new(BTreeSet::new()),
            edited: RwSignal::new(None),
            loaded: RwSignal::new(false),
        };
        let office = state.office_id();
        leptos::task::spawn_local(async move {
            let saved = state
                .read_setting::<SavedTemplate>(&template_key(&office))
                .await;
            if let Ok(Some(saved)) = saved {
                form.template
                    .set(saved_template(&saved.template).to_string());
                if let Some(title) = saved.title {
                    form.title.set(title);
                }
                form.blanks.set(saved.blanks);
            }
            if let Ok(Some(draft)) = state.read_setting::<Draft>(&draft_key(&office)).await {
                form.apply(draft);
            }
            form.loaded.set(true);
        });
        // Kept a moment after the last change: a later change's timer takes over.
        let changes = StoredValue::new(0_u64);
        Effect::new(move |_| {
            let draft = form.draft();
            if !form.loaded.get() {
                return;
            }
            changes.update_value(|n| *n += 1);
            let this_change = changes.get_value();
            let key = draft_key(&office_of(state));
            set_timeout(
                move || {
                    if changes.try_get_value() == Some(this_change) {
                        leptos::task::spawn_local(async move {
                            if let Err(error) = state.save_setting(&key, &draft).await {
                                leptos::logging::warn!(
                                    "the report's draft was not kept: {error:?}"
                                );
                            }
                        });
                    }
                },
                DRAFT_DELAY,
            );
        });
        form
    }

    /// The form as a draft (read tracked, so an effect follows it).
    fn draft(&self) -> Draft {
        let day = |signal: RwSignal<String>| signal.with(|text| parse_date_input(text));
        let title = self.title.get();
        Draft {
            from: day(self.from),
            to: day(self.to),
            as_of: day(self.as_of),
            offices: self.offices.get(),
            title: (title != DEFAULT_TITLE).then_some(title),
            issuer: self.issuer.get(),
            issued_on: day(self.issued_on),
            blanks: self.blanks.get(),
            keep: self.keep.get(),
            edited: self.edited.get(),
        }
    }

    fn apply(&self, draft: Draft) {
        if let Some(from) = draft.from {
            self.from.set(from.to_string());
        }
        if let Some(to) = draft.to {
            self.to.set(to.to_string());
        }
        self.as_of.set(date_text(draft.as_of));
        self.offices.set(draft.offices);
        if let Some(title) = draft.title {
            self.title.set(title);
        }
        self.issuer.set(draft.issuer);
        self.issued_on.set(date_text(draft.issued_on));
        if !draft.blanks.is_empty() {
            self.blanks.set(draft.blanks);
        }
        self.keep.set(draft.keep);
        self.edited.set(draft.edited);
    }
}

fn office_of(state: AppState) -> String {
    state.office_id()
}

fn warning_text(warning: &Warning, lang: Lang) -> String {
    match warning {
        Warning::NoCampaign(name) => format!("{}{name}", T::WarningNoCampaign.get(lang)),
        Warning::NoMonth(month) => format!("{}{month}", T::WarningNoMonth.get(lang)),
    }
}

#[component]
pub fn Narrative(
    form: ReportForm,
    report: Memo<Option<Report>>,
    rendered: Memo<Option<Result<Rendered, TemplateError>>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let ReportForm {
        title,
        issuer,
        issued_on,
        template,
        blanks: blank_values,
        keep,
        edited,
        ..
    } = form;
    let saved_note = RwSignal::new(None::<String>);
    let names = Memo::new(move |_| template.with(|t| blanks(t).unwrap_or_default()));
    let generated = move || {
        rendered.with(|r| match r {
            Some(Ok(out)) => out.text.clone(),
            _ => String::new(),
        })
    };
    let text = move || match edited.get() {
        Some(own) => own.text,
        None => generated(),
    };
    // The figures the edited text was written against, and those that changed since.
    let stale = Memo::new(move |_| {
        let now = report.with(|r| r.as_ref().map(figures_of))?;
        edited.with(|own| own.as_ref().map(|own| changed(&own.figures, &now)))
    });
    let save = move |_| {
        let saved = SavedTemplate {
            template: template.get_untracked(),
            ..SavedTemplate::default()
        };
        let key = template_key(&state.office_id());
        leptos::task::spawn_local(async move {
            let note = match state.save_setting(&key, &saved).await {
                Ok(()) => T::TemplateSaved.get(i18n.lang()).to_string(),
                Err(error) => storage_message(&error, i18n.lang()),
            };
            saved_note.set(Some(note));
        });
    };
    let keep_current_text = move || {
        let now = report.with_untracked(|r| r.as_ref().map(figures_of));
        if let Some(now) = now {
            edited.update(|own| {
                if let Some(own) = own {
                    own.figures = now;
                }
            });
        }
    };

    view! {
        <section class="report-screen-only narrative-editor">
            <h2>{move || i18n.t(T::NarrativeTitle)}</h2>
            <div class="document-fields">
                <div class="field">
                    <label for="report-title">{move || i18n.t(T::ReportTitleLabel)}</label>
                    <input id="report-title" data-testid="report-title" prop:value=title
                        on:input=move |ev| title.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="report-issuer">{move || i18n.t(T::IssuerLabel)}</label>
                    <input id="report-issuer" data-testid="report-issuer" prop:value=issuer
                        on:input=move |ev| issuer.set(event_target_value(&ev))/>
                </div>
                <div class="field field-date">
                    <label for="report-issued-on">{move || i18n.t(T::IssuedOnLabel)}</label>
                    <input type="date" id="report-issued-on" data-testid="report-issued-on"
                        prop:value=move || if issued_on.with(String::is_empty) {
                            crate::ui::clock::today().to_string()
                        } else {
                            issued_on.get()
                        }
                        on:change=move |ev| issued_on.set(event_target_value(&ev))/>
                </div>
            </div>
            <Show when=move || names.with(|n| !n.is_empty())>
                <fieldset class="blanks">
                    <legend>{move || i18n.t(T::BlanksTitle)}</legend>
                    {move || names.get().into_iter().map(|name| {
                        let shown = name.clone();
                        let typed = name.clone();
                        let label = name.clone();
                        view! {
                            <div class="field">
                                <label for=format!("report-blank-{name}")>{move || blank_label(&label, i18n.lang())}</label>
                                <input id=format!("report-blank-{name}") data-testid=format!("report-blank-{name}")
                                    prop:value=move || blank_values.with(|b| b.get(&shown).cloned().unwrap_or_default())
                                    on:input=move |ev| {
                                        let value = event_target_value(&ev);
                                        let name = typed.clone();
                                        blank_values.update(|b| { b.insert(name, value); });
                                    }/>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            </Show>
            {move || rendered.with(|r| match r {
                Some(Ok(out)) if !out.warnings.is_empty() => Some(view! {
                    <div class="notice" role="status" data-testid="report-warnings">
                        <ul>{out.warnings.iter().map(|w| view! { <li>{warning_text(w, i18n.lang())}</li> }).collect_view()}</ul>
                    </div>
                }.into_any()),
                _ => None,
            })}
            {move || rendered.with(|r| match r {
                Some(Ok(out)) if !out.omitted.is_empty() => Some(view! {
                    <div class="notice" data-testid="report-omitted">
                        <p>{move || i18n.t(T::OmittedTitle)}</p>
                        <ul>{out.omitted.iter().map(|sentence| {
                            let key = sentence.key.clone();
                            view! {
                                <li>
                                    <span>{sentence.text.clone()}</span>" "
                                    <button type="button" class="link" data-testid="report-keep-sentence"
                                        on:click=move |_| keep.update(|k| { k.insert(key.clone()); })>
                                        {move || i18n.t(T::KeepSentence)}
                                    </button>
                                </li>
                            }
                        }).collect_view()}</ul>
                    </div>
                }.into_any()),
                _ => None,
            })}
            <Show when=move || keep.with(|k| !k.is_empty())>
                <div class="notice">
                    <p>{move || i18n.t(T::KeptTitle)}</p>
                    <ul>{move || keep.get().into_iter().map(|key| {
                        let dropped = key.clone();
                        view! {
                            <li>
                                <span>{key}</span>" "
                                <button type="button" class="link" on:click=move |_| keep.update(|k| { k.remove(&dropped); })>
                                    {move || i18n.t(T::DropSentence)}
                                </button>
                            </li>
                        }
                    }).collect_view()}</ul>
                </div>
            </Show>
            <div class="narrative-columns">
                <div class="field">
                    <label for="report-template">{move || i18n.t(T::TemplateLabel)}</label>
                    <textarea id="report-template" data-testid="report-template" rows="14" aria-describedby="report-template-hint"
                        prop:value=template on:input=move |ev| template.set(event_target_value(&ev))></textarea>
                    <p class="hint" id="report-template-hint">{move || i18n.t(T::TemplateHint)}</p>
                    {move || rendered.with(|r| match r {
                        Some(Err(error)) => Some(view! {
                            <div class="problems" role="alert" data-testid="report-template-error">{template_error_text(error, i18n.lang())}</div>
                        }),
                        _ => None,
                    })}
                    <div class="actions">
                        <button type="button" data-testid="report-template-save" on:click=save>{move || i18n.t(T::TemplateSave)}</button>
                        <button type="button" data-testid="report-template-reset" on:click=move |_| {
                            template.set(DEFAULT_TEMPLATE.to_string());
                            edited.set(None);
                        }>{move || i18n.t(T::TemplateReset)}</button>
                        <span class="saved" role="status">{move || saved_note.get()}</span>
                    </div>
                </div>
                <div class="field">
                    <label for="report-text">{move || i18n.t(T::GeneratedText)}</label>
                    {move || stale.get().filter(|c| !c.is_empty()).map(|changes| view! {
                        <div class="problems" role="alert" data-testid="report-stale">
                            <p>{move || i18n.t(T::StaleTitle)}</p>
                            <ul>{changes.into_iter().map(|c| view! {
                                <li>{format!("{}：{} → {}", c.name, c.then, c.now)}</li>
                            }).collect_view()}</ul>
                            <div class="actions">
                                <button type="button" data-testid="report-stale-regenerate" on:click=move |_| edited.set(None)>
                                    {move || i18n.t(T::StaleRegenerate)}
                                </button>
                                <button type="button" data-testid="report-stale-keep" on:click=move |_| keep_current_text()>
                                    {move || i18n.t(T::StaleKeep)}
                                </button>
                            </div>
                        </div>
                    })}
                    <textarea id="report-text" data-testid="report-text" rows="14"
                        prop:value=text on:input=move |ev| {
                            let typed = event_target_value(&ev);
                            // The figures the text was first edited against stay, until the
                            // user regenerates it or keeps it on purpose.
                            let figures = edited.with_untracked(|own| own.as_ref().map(|own| own.figures.clone()))
                                .or_else(|| report.with_untracked(|r| r.as_ref().map(figures_of)))
                                .unwrap_or_default();
                            edited.set(Some(EditedText { text: typed, figures }));
                        }></textarea>
                    <div class="actions">
                        <button type="button" data-testid="report-regenerate" on:click=move |_| edited.set(None) disabled=move || edited.with(Option::is_none)>
                            {move || i18n.t(T::Regenerate)}
                        </button>
                    </div>
                </div>
            </div>
            <details class="legend">
                <summary>{move || i18n.t(T::PlaceholderLegend)}</summary>
                <table class="table">
                    <tbody>
                        {figure_names().into_iter().map(|(name, description)| view! {
                            <tr><td><code>{format!("{{{{ {name} }}}}")}</code></td><td>{description}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}
