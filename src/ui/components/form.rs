//! Form pieces: a field's own error line and the summary of every problem (`role="alert"`).

use leptos::prelude::*;

use crate::domain::Problem;
use crate::i18n::{problem_text, Lang, T};
use crate::ui::I18n;

/// The problems of the last attempt to save a form.
pub type Problems = RwSignal<Vec<Problem>>;

/// The message under one field, empty when the field is fine.
#[component]
pub fn FieldError(problems: Problems, field: &'static str) -> impl IntoView {
    let i18n = I18n::expect();
    let text = move || {
        problems.with(|all| {
            all.iter()
                .filter(|p| p.field == field)
                .map(|p| problem_text(&p.kind, i18n.lang()))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    view! {
        <Show when=move || !text().is_empty()>
            <p class="field-error" id=format!("{field}-error") data-problem-field=field>{text}</p>
        </Show>
    }
}

/// Moves the keyboard to the input of `field`: the control in the same `.field` as its
/// error line. Whether it found one.
pub fn focus_field(field: &str) -> bool {
    let selector = format!("[data-problem-field=\"{field}\"]");
    let control = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .and_then(|error| error.closest(".field").ok().flatten())
        .and_then(|container| {
            container
                .query_selector("input, select, textarea")
                .ok()
                .flatten()
        });
    match control.and_then(|c| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(c).ok()) {
        Some(control) => control.focus().is_ok(),
        None => false,
    }
}

/// Every problem, with the label of its field, announced to screen readers.
#[component]
pub fn ProblemSummary(
    problems: Problems,
    /// Labels of the form's own fields, by problem path.
    labels: &'static [(&'static str, T)],
    /// Labels of a record's declared fields, by problem path, looked up first.
    #[prop(optional)]
    table: Option<fn(&str, Lang) -> Option<&'static str>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let label_of = move |field: &str| {
        let lang = i18n.lang();
        table
            .and_then(|table| table(field, lang))
            .or_else(|| {
                labels
                    .iter()
                    .find(|(name, _)| *name == field)
                    .map(|(_, label)| label.get(lang))
            })
            .unwrap_or(field)
            .to_string()
    };
    // A refused save moves the keyboard to the first problem's field, once it is drawn.
    Effect::new(move |_| {
        let first = problems.with(|p| p.first().map(|p| p.field.clone()));
        if let Some(field) = first {
            request_animation_frame(move || {
                focus_field(&field);
            });
        }
    });
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div class="problems" role="alert" data-testid="form-problems">
                <p>{move || i18n.t(T::FixTheseProblems)}</p>
                <ul>
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|p| {
                                let lang = i18n.lang();
                                let text = format!("{}{}{}", label_of(&p.field), lang.colon(), problem_text(&p.kind, lang));
                                let field = p.field.clone();
                                // Each problem links to its field.
                                view! {
                                    <li>
                                        <a href=format!("#{}-error", p.field) data-testid="problem-link"
                                            on:click=move |ev| { ev.prevent_default(); focus_field(&field); }>
                                            {text}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// What the office worker is doing, announced while `when` holds: "Making the file…" (a
/// DOCX or XLSX) unless `reading` (a workbook being read).
#[component]
pub fn Preparing(when: RwSignal<bool>, #[prop(optional)] reading: bool) -> impl IntoView {
    let i18n = crate::ui::I18n::expect();
    let (text, testid) = if reading {
        (crate::i18n::T::WorkbookReading, "workbook-reading")
    } else {
        (crate::i18n::T::DownloadPreparing, "download-preparing")
    };
    view! {
        <Show when=move || when.get()>
            <p class="saved" role="status" data-testid=testid>{move || i18n.t(text)}</p>
        </Show>
    }
}

/// A message from storage (a refused save), announced; empty when there is none.
#[component]
pub fn StorageAlert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <div class="problems" role="alert" data-testid="storage-alert">
                {move || message.get().unwrap_or_default()}
            </div>
        </Show>
    }
}
