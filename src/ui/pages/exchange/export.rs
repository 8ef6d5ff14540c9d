//! Export: the whole ledger or a period, optionally without personal data, optionally sealed
//! with a passphrase; the time of the last full export is kept for the backup reminder.

use leptos::prelude::*;

use crate::exchange::{
    export, export_in_pieces, file_name, seal as seal_text, ExportOptions, KeyBytes, Source,
    ITERATIONS,
};
use crate::i18n::{Lang, T};
use crate::ui::clock::{parse_date_input, today};
use crate::ui::components::choices::OfficePicker;
use crate::ui::components::form::StorageAlert;
use crate::ui::components::inputs::DateFilter;
use crate::ui::download::{download, FileInPieces};
use crate::ui::keys::derive_key;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// The setting that holds the time of the last full export (PRODUCT §8 reminder).
pub const LAST_EXPORT_KEY: &str = "last_full_export_at";

/// `N` random bytes from the browser's cryptographic generator.
fn random_bytes<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    window()
        .crypto()
        .ok()?
        .get_random_values_with_u8_array(&mut bytes)
        .ok()?;
    Some(bytes)
}

#[component]
pub fn Export() -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let redact = RwSignal::new(false);
    let passphrase = RwSignal::new(String::new());
    let passphrase_again = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let offices = RwSignal::new(None::<std::collections::BTreeSet<String>>);
    let done = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let last = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        if let Ok(at) = state.read_setting::<String>(LAST_EXPORT_KEY).await {
            last.set(at);
        }
    });

    let working = RwSignal::new(false);
    let run = move |_| {
        let options = ExportOptions {
            from: parse_date_input(&from.get_untracked()),
            to: parse_date_input(&to.get_untracked()),
            offices: offices.get_untracked(),
            redact: redact.get_untracked(),
        };
        let typed = passphrase.get_untracked();
        if typed != passphrase_again.get_untracked() {
            failure.set(Some(i18n.t(T::ExportPassphraseMismatch).to_string()));
            return;
        }
        done.set(None);
        working.set(true);
        leptos::task::spawn_local(async move {
            // A sealed file's key is derived off the page's thread before anything is written.
            let seal = match typed.is_empty() {
                true => Ok(None),
                false => match random_bytes::<16>() {
                    Some(salt) => Ok(Some((derive_key(&typed, &salt, ITERATIONS).await, salt))),
                    None => Err(T::DownloadFailed.get(i18n.lang()).to_string()),
                },
            };
            let exported = seal.and_then(|seal| export_now(state, options, seal, i18n.lang()));
            working.set(false);
            match exported {
                Ok(exported) => {
                    failure.set(None);
                    done.set(Some(exported.file_name));
                    if let Some(at) = exported.full_at {
                        last.set(Some(at));
                    }
                }
                Err(why) => failure.set(Some(why)),
            }
        });
    };

    view! {
        <section class="exchange-export">
            <h2>{move || i18n.t(T::ExportTitle)}</h2>
            <p class="hint" data-testid="last-export">
                {move || match last.get() {
                    Some(at) => match crate::domain::record::timestamp::parse(&at) {
                        Some(at) => format!("{}{}", i18n.t(T::LastExport), i18n.moment(at)),
                        None => format!("{}{at}", i18n.t(T::LastExport)),
                    },
                    None => i18n.t(T::NeverExported).to_string(),
                }}
            </p>
            <div class="filters">
                <DateFilter label=T::ReportFrom testid="export-from" value=from/>
                <DateFilter label=T::ReportTo testid="export-to" value=to/>
                <OfficePicker offices testid="export-office"/>
                <label class="check">
                    <input type="checkbox" data-testid="export-redact" prop:checked=redact
                        on:change=move |ev| redact.set(event_target_checked(&ev))/>
                    {move || i18n.t(T::ExportRedact)}
                </label>
                <div class="field">
                    <label for="export-passphrase">{move || i18n.t(T::ExportPassphrase)}</label>
                    <input type="password" id="export-passphrase" data-testid="export-passphrase" autocomplete="new-password"
                        aria-describedby="export-passphrase-hint" prop:value=passphrase
                        on:input=move |ev| passphrase.set(event_target_value(&ev))/>
                    <p class="hint" id="export-passphrase-hint">{move || i18n.t(T::ExportPassphraseHint)}</p>
                </div>
                <Show when=move || passphrase.with(|p| !p.is_empty())>
                    <div class="field">
                        <label for="export-passphrase-again">{move || i18n.t(T::ExportPassphraseAgain)}</label>
                        <input type="password" id="export-passphrase-again" data-testid="export-passphrase-again"
                            autocomplete="new-password" prop:value=passphrase_again
                            on:input=move |ev| passphrase_again.set(event_target_value(&ev))/>
                    </div>
                </Show>
            </div>
            <div class="actions">
                <button type="button" class="primary" data-testid="export-all" disabled=working on:click=run>{move || i18n.t(T::ExportAll)}</button>
                <Show when=move || done.with(Option::is_some)>
                    <span class="saved" role="status" data-testid="export-done">{move || format!("{}{}", i18n.t(T::ExportDone), done.get().unwrap_or_default())}</span>
                </Show>
            </div>
            <StorageAlert message=failure/>
        </section>
    }
}

/// What an export wrote.
pub struct Exported {
    pub file_name: String,
    /// When it was a full export (everything, nothing stripped): its time, now recorded as
    /// the last backup.
    pub full_at: Option<String>,
}

/// Writes the export file and hands it to the browser as a download; a full export is
/// recorded as the last backup (PRODUCT §8). Sealed with `seal`'s key (derived from the
/// passphrase with its salt) when given.
pub fn export_now(
    state: AppState,
    options: ExportOptions,
    seal: Option<(KeyBytes, [u8; 16])>,
    lang: Lang,
) -> Result<Exported, String> {
    let Some(session) = state.session.get_untracked() else {
        return Err(T::DownloadFailed.get(lang).to_string());
    };
    let full = options.from.is_none()
        && options.to.is_none()
        && options.offices.is_none()
        && !options.redact;
    let source = Source {
        device: session.device_id.clone(),
        office_id: session.office.meta.id.to_string(),
        app_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let now = chrono::Utc::now();
    let sealed = seal.is_some();
    let file_name = file_name(&session.office.code, today(), &options, sealed);
    let failed = |why: String| format!("{}{why}", T::DownloadFailed.get(lang));
    if let Some((key, salt)) = seal {
        // Sealing covers the whole text at once.
        let text = state
            .ledger
            .with_untracked(|l| export(l, &options, &source, now));
        let Some(iv) = random_bytes::<12>() else {
            return Err(T::DownloadFailed.get(lang).to_string());
        };
        let body = seal_text(&text, &key, salt, iv, ITERATIONS);
        download(body.as_bytes(), &file_name, "application/json").map_err(failed)?;
    } else {
        let mut file = FileInPieces::default();
        let mut trouble = Ok(());
        state.ledger.with_untracked(|l| {
            export_in_pieces(l, &options, &source, now, &mut |piece| {
                if trouble.is_ok() {
                    trouble = file.push(piece.as_bytes());
                }
            })
        });
        trouble.map_err(failed)?;
        file.download(&file_name, "application/json")
            .map_err(failed)?;
    }
    let full_at = full.then(|| {
        let at = crate::domain::record::timestamp::format(&now);
        let saved = at.clone();
        leptos::task::spawn_local(async move {
            let _ = state.save_setting(LAST_EXPORT_KEY, &saved).await;
        });
        at
    });
    Ok(Exported { file_name, full_at })
}
