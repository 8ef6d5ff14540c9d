//! The report's text: a template with named placeholders (saved per office), the names the
//! seed leaves blank filled in by the user, and the generated text, which the user may edit.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::T;
use crate::report::report::Report;
use crate::report::template::{
    blanks, figure_names, render, Filled, TemplateError, TemplateErrorKind, DEFAULT_TEMPLATE,
};
use crate::ui::errors::storage_message;
use crate::ui::pages::reports::document::Document;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// The default title of the report.
pub const DEFAULT_TITLE: &str = "关于专项执法巡视工作情况的汇报";

/// What is kept per office.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SavedTemplate {
    title: String,
    template: String,
    blanks: BTreeMap<String, String>,
}

fn setting_key(office_id: &str) -> String {
    format!("report_template:{office_id}")
}

/// The narrative's state, shared by the editor, the printed document and the downloads.
#[derive(Clone, Copy)]
pub struct NarrativeState {
    pub title: RwSignal<String>,
    pub template: RwSignal<String>,
    pub blank_values: RwSignal<BTreeMap<String, String>>,
    /// The text that prints: the generated text until the user edits it.
    pub text: RwSignal<String>,
    pub edited: RwSignal<bool>,
}

impl NarrativeState {
    pub fn new() -> NarrativeState {
        let state = AppState::expect();
        let narrative = NarrativeState {
            title: RwSignal::new(DEFAULT_TITLE.to_string()),
            template: RwSignal::new(DEFAULT_TEMPLATE.to_string()),
            blank_values: RwSignal::new(BTreeMap::new()),
            text: RwSignal::new(String::new()),
            edited: RwSignal::new(false),
        };
        let key = setting_key(&state.office_id());
        leptos::task::spawn_local(async move {
            if let Ok(Some(saved)) = state.read_setting::<SavedTemplate>(&key).await {
                narrative.title.set(saved.title);
                narrative.template.set(saved.template);
                narrative.blank_values.set(saved.blanks);
            }
        });
        narrative
    }
}

fn error_text(error: &TemplateError, lang: crate::i18n::Lang) -> String {
    let line = error.line.map(|l| match lang {
        crate::i18n::Lang::Zh => format!("（第 {l} 行）"),
        crate::i18n::Lang::En => format!(" (line {l})"),
    });
    let what = match &error.kind {
        TemplateErrorKind::UnknownPlaceholder => format!(
            "{}{}",
            T::UnknownPlaceholder.get(lang),
            error.name.clone().unwrap_or_default()
        ),
        TemplateErrorKind::Syntax(why) => format!("{}{why}", T::TemplateSyntax.get(lang)),
        _ => format!("{:?}", error.kind),
    };
    format!("{what}{}", line.unwrap_or_default())
}

#[component]
pub fn Narrative(report: Memo<Option<Report>>, narrative: NarrativeState) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let NarrativeState {
        title,
        template,
        blank_values,
        text,
        edited,
    } = narrative;
    let saved_note = RwSignal::new(None::<String>);

    let rendered = Memo::new(move |_| {
        let values = blank_values.get();
        let started = crate::marks::now();
        let filled = Filled {
            blanks: values,
            ..Filled::default()
        };
        let rendered = template.with(|t| {
            report.with(|r| {
                r.as_ref()
                    .map(|r| render(t, r, &filled).map(|out| out.text))
            })
        });
        crate::marks::measure("narrative", started);
        rendered
    });
    // The text follows the template and the figures until the user edits it.
    Effect::new(move |_| {
        if let Some(Ok(generated)) = rendered.get() {
            if !edited.get_untracked() {
                text.set(generated);
            }
        }
    });
    let names = Memo::new(move |_| template.with(|t| blanks(t).unwrap_or_default()));
    let save = move |_| {
        let saved = SavedTemplate {
            title: title.get_untracked(),
            template: template.get_untracked(),
            blanks: blank_values.get_untracked(),
        };
        let key = setting_key(&state.office_id());
        leptos::task::spawn_local(async move {
            let note = match state.save_setting(&key, &saved).await {
                Ok(()) => T::TemplateSaved.get(i18n.lang()).to_string(),
                Err(error) => storage_message(&error, i18n.lang()),
            };
            saved_note.set(Some(note));
        });
    };
    let regenerate = move |_| {
        edited.set(false);
        if let Some(Ok(generated)) = rendered.get_untracked() {
            text.set(generated);
        }
    };

    view! {
        <section class="report-screen-only narrative-editor">
            <h2>{move || i18n.t(T::NarrativeTitle)}</h2>
            <div class="field">
                <label for="report-title">{move || i18n.t(T::ReportTitleLabel)}</label>
                <input id="report-title" data-testid="report-title" prop:value=title
                    on:input=move |ev| title.set(event_target_value(&ev))/>
            </div>
            <Show when=move || names.with(|n| !n.is_empty())>
                <fieldset class="blanks">
                    <legend>{move || i18n.t(T::BlanksTitle)}</legend>
                    {move || names.get().into_iter().map(|name| {
                        let shown = name.clone();
                        let typed = name.clone();
                        view! {
                            <div class="field">
                                <label for=format!("report-blank-{name}")>{name.clone()}</label>
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
            <div class="narrative-columns">
                <div class="field">
                    <label for="report-template">{move || i18n.t(T::TemplateLabel)}</label>
                    <textarea id="report-template" data-testid="report-template" rows="14" aria-describedby="report-template-hint"
                        prop:value=template on:input=move |ev| template.set(event_target_value(&ev))></textarea>
                    <p class="hint" id="report-template-hint">{move || i18n.t(T::TemplateHint)}</p>
                    {move || match rendered.get() {
                        Some(Err(error)) => Some(view! {
                            <div class="problems" role="alert" data-testid="report-template-error">{error_text(&error, i18n.lang())}</div>
                        }),
                        _ => None,
                    }}
                    <div class="actions">
                        <button type="button" data-testid="report-template-save" on:click=save>{move || i18n.t(T::TemplateSave)}</button>
                        <button type="button" data-testid="report-template-reset" on:click=move |_| {
                            template.set(DEFAULT_TEMPLATE.to_string());
                            edited.set(false);
                        }>{move || i18n.t(T::TemplateReset)}</button>
                        <span class="saved" role="status">{move || saved_note.get()}</span>
                    </div>
                </div>
                <div class="field">
                    <label for="report-text">{move || i18n.t(T::GeneratedText)}</label>
                    <textarea id="report-text" data-testid="report-text" rows="14"
                        prop:value=text on:input=move |ev| { edited.set(true); text.set(event_target_value(&ev)); }></textarea>
                    <div class="actions">
                        <button type="button" data-testid="report-regenerate" on:click=regenerate disabled=move || !edited.get()>
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
        <Document report narrative/>
    }
}
