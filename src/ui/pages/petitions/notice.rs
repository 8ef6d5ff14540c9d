//! `/petitions/:id/notice/:kind`: a document the petitioner receives (受理告知书,
//! 不予受理告知书, 答复意见书) as it prints, from this office's template for it (editable
//! here, kept per office, with the default one click away), printed or downloaded as DOCX.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::domain::NoticeKind;
use crate::i18n::{notice_text, template_error_text, T};
use crate::report::document::Paper;
use crate::report::notice::{default_template, notice_paper, NOTICE_FIELDS};
use crate::ui::components::form::{Preparing, StorageAlert};
use crate::ui::components::paper::PrintedPaper;
use crate::ui::download::{download, DOCX};
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

fn template_key(kind: NoticeKind) -> String {
    format!("notice_template:{}", kind.key())
}

#[component]
pub fn NoticePage() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let kind = move || {
        params
            .read()
            .get("kind")
            .and_then(|k| NoticeKind::from_key(&k))
            .unwrap_or(NoticeKind::Accepted)
    };
    let template = RwSignal::new(String::new());
    let saved = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let kind = kind();
        template.set(default_template(kind).to_string());
        leptos::task::spawn_local(async move {
            match state.read_setting::<String>(&template_key(kind)).await {
                Ok(Some(own)) => template.set(own),
                Ok(None) => {}
                Err(error) => failure.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    });
    let petition = Memo::new(move |_| {
        let id = id();
        state.ledger.with(|l| l.petitions.get(id.as_str()).cloned())
    });
    let rendered = Memo::new(move |_| {
        let p = petition.get()?;
        let office = state
            .session
            .with(|s| s.as_ref().map(|s| s.office.name.clone()))
            .unwrap_or_default();
        let today = state.today.get();
        Some(
            state
                .ledger
                .with(|l| template.with(|t| notice_paper(kind(), &p, l, t, &office, today))),
        )
    });
    let paper: Signal<Option<Paper>> =
        Signal::derive(move || rendered.with(|r| r.as_ref().and_then(|r| r.clone().ok())));
    let problem = move || {
        rendered.with(|r| match r {
            Some(Err(error)) => Some(template_error_text(error, i18n.lang())),
            _ => None,
        })
    };
    let save = move |text: String, message: T| {
        let key = template_key(kind());
        leptos::task::spawn_local(async move {
            match state.save_setting(&key, &text).await {
                Ok(()) => saved.set(Some(i18n.t(message).to_string())),
                Err(error) => failure.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };
    let preparing = RwSignal::new(false);
    let docx = move |_| {
        let Some(p) = paper.get_untracked() else {
            return;
        };
        preparing.set(true);
        let name = format!(
            "{}_{}.docx",
            p.title,
            petition
                .with_untracked(|p| p.as_ref().map(|p| p.serial.clone()))
                .unwrap_or_default()
        );
        leptos::task::spawn_local(async move {
            let made = crate::office::docx(p)
                .await
                .map_err(|e| e.text(i18n.lang()))
                .and_then(|bytes| download(&bytes, &name, DOCX));
            preparing.set(false);
            failure.set(
                made.err()
                    .map(|why| format!("{}{why}", T::DownloadFailed.get(i18n.lang()))),
            );
        });
    };
    view! {
        <section class="page notice-page">
            <div class="report-screen-only">
                <h1 data-testid="page-title">{move || i18n.t(notice_text(kind()))}</h1>
                <p>
                    <A href=move || format!("/petitions/{}", id()) attr:data-testid="notice-back">
                        {move || i18n.t(T::NoticeBack)}
                    </A>
                </p>
                <div class="actions">
                    <button type="button" class="primary" data-testid="notice-print"
                        disabled=move || paper.with(Option::is_none)
                        on:click=move |_| { let _ = window().print(); }>
                        {move || i18n.t(T::Print)}
                    </button>
                    <button type="button" data-testid="notice-download-docx"
                        disabled=move || preparing.get() || paper.with(Option::is_none) on:click=docx>
                        {move || i18n.t(T::DownloadDocx)}
                    </button>
                </div>
                <Preparing when=preparing/>
                <StorageAlert message=failure/>
                <Show when=move || problem().is_some()>
                    <div class="problems" role="alert" data-testid="notice-error">{problem}</div>
                </Show>
            </div>
            <PrintedPaper paper testid="notice-document" body_testid="notice-text"
                signature_testid="notice-signature"/>
            <details class="report-screen-only notice-template">
                <summary>{move || i18n.t(T::NoticeTemplate)}</summary>
                <p class="hint">{move || i18n.t(T::NoticeTemplateHint)}</p>
                <ul class="hint notice-fields">
                    {NOTICE_FIELDS.iter().map(|(key, label)| view! {
                        <li><code>{format!("{{{{ {key} }}}}")}</code>{format!(" {label}")}</li>
                    }).collect_view()}
                </ul>
                <label for="notice-template">{move || i18n.t(T::NoticeTemplate)}</label>
                <textarea id="notice-template" data-testid="notice-template" rows="12"
                    prop:value=template on:input=move |ev| {
                        saved.set(None);
                        template.set(event_target_value(&ev));
                    }></textarea>
                <div class="actions">
                    <button type="button" data-testid="notice-template-save"
                        on:click=move |_| save(template.get_untracked(), T::NoticeSaved)>
                        {move || i18n.t(T::OperatorSave)}
                    </button>
                    <button type="button" data-testid="notice-template-reset"
                        on:click=move |_| {
                            let default = default_template(kind()).to_string();
                            template.set(default.clone());
                            save(default, T::NoticeSaved);
                        }>
                        {move || i18n.t(T::NoticeReset)}
                    </button>
                    <span class="saved" role="status">{move || saved.get()}</span>
                </div>
            </details>
        </section>
    }
}
