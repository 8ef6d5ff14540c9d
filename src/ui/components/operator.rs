//! The person at this device (经办人): named once, asked for where steps are taken while
//! no one is named, changed in settings. Every step records the name.

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::errors::storage_message;
use crate::ui::state::AppState;
use crate::ui::I18n;

/// The name at this device, tracked.
fn operator() -> String {
    AppState::expect()
        .session
        .with(|s| s.as_ref().map(|s| s.operator.clone()))
        .unwrap_or_default()
}

/// An input for the name and its save button; `testid` names the input, `{testid}-save`
/// the button.
#[component]
fn NameForm(testid: &'static str, hint: T) -> impl IntoView {
    let i18n = I18n::expect();
    let state = AppState::expect();
    let name = RwSignal::new(operator());
    let message = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_string();
        leptos::task::spawn_local(async move {
            match state.set_operator(typed).await {
                Ok(()) => {
                    failure.set(None);
                    message.set(Some(i18n.t(T::OperatorSaved).to_string()));
                }
                Err(error) => failure.set(Some(storage_message(&error, i18n.lang()))),
            }
        });
    };
    view! {
        <form class="form operator-form" on:submit=submit novalidate>
            <div class="field">
                <label for=testid>{move || i18n.t(T::OperatorTitle)}</label>
                <input id=testid data-testid=testid maxlength="50" autocomplete="name"
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                <p class="hint">{move || i18n.t(hint)}</p>
            </div>
            <button type="submit" data-testid=format!("{testid}-save")>{move || i18n.t(T::OperatorSave)}</button>
            {move || message.get().map(|text| view! { <p class="saved" role="status" data-testid=format!("{testid}-saved")>{text}</p> })}
            <crate::ui::components::form::StorageAlert message=failure/>
        </form>
    }
}

/// Asks for the name while no one at this device has given it.
#[component]
pub fn OperatorPrompt() -> impl IntoView {
    view! {
        <Show when=move || operator().is_empty()>
            <div class="notice" data-testid="operator-prompt">
                <NameForm testid="operator-ask" hint=T::OperatorAsk/>
            </div>
        </Show>
    }
}

/// The name in settings (`operator-name`), to change when someone else takes the device.
#[component]
pub fn OperatorSetting() -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <section class="settings-section" data-testid="settings-operator">
            <h2>{move || i18n.t(T::OperatorTitle)}</h2>
            <NameForm testid="operator-name" hint=T::OperatorHint/>
        </section>
    }
}
