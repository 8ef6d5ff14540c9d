//! The service worker (`public/sw.js`): registered at start; a new version only on the user's word.
//!
//! The first worker takes the page at once (it has nothing to replace). A later build's
//! worker installs beside the running one and waits; this module then shows "a new version
//! is ready" and, when the user accepts, tells the waiting worker to take over and reloads
//! the page once it has. Nothing reloads by itself: a person typing keeps the version they
//! started with until they choose, or until every tab of the app is closed.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

use super::I18n;
use crate::i18n::T;

const WORKER: &str = "/sw.js";
/// The browser looks for a new worker on every navigation; a tab left open all day also asks.
const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);
/// What `public/sw.js` takes as "take over now".
const SKIP_WAITING: &str = "skip-waiting";

/// The page's service worker container, absent where the browser offers none (an insecure
/// origin, or service workers turned off).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = window().navigator();
    let value = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    value.dyn_into().ok()
}

/// Registers the worker and shows the notice when a new version waits; mounted once, in the shell.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let i18n = I18n::expect();
    let ready = RwSignal::new(false);
    let accepted = Arc::new(AtomicBool::new(false));

    if let Some(workers) = container() {
        listen(&workers, ready, accepted.clone());
        leptos::task::spawn_local(register(workers, ready));
    }

    let accept = move |_| {
        accepted.store(true, Ordering::Relaxed);
        leptos::task::spawn_local(take_new_version());
    };

    view! {
        <Show when=move || ready.get()>
            <div class="update-ready" role="status" data-testid="update-ready">
                <span>{move || i18n.t(T::UpdateReady)}</span>
                <span class="hint">{move || i18n.t(T::UpdateSaveFirst)}</span>
                <button type="button" class="primary" data-testid="update-accept" on:click=accept.clone()>
                    {move || i18n.t(T::UpdateAccept)}
                </button>
            </div>
        </Show>
    }
}

/// When another worker takes control: after the user accepted, reload into the new version;
/// otherwise, if this page was already controlled, another tab accepted an update and this
/// page is the old version, so it offers to reload. The first worker's claim changes nothing.
fn listen(workers: &ServiceWorkerContainer, ready: RwSignal<bool>, accepted: Arc<AtomicBool>) {
    let controlled = Cell::new(workers.controller().is_some());
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if accepted.load(Ordering::Relaxed) {
            let _ = window().location().reload();
        } else if controlled.get() {
            ready.set(true);
        }
        controlled.set(true);
    });
    workers.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget(); // lives as long as the page
}

async fn register(workers: ServiceWorkerContainer, ready: RwSignal<bool>) {
    // Not a registration where the browser keeps service workers off (a test harness can).
    let registration = match JsFuture::from(workers.register(WORKER)).await {
        Ok(value) => match value.dyn_into::<ServiceWorkerRegistration>() {
            Ok(registration) => registration,
            Err(_) => return,
        },
        Err(error) => {
            leptos::logging::warn!("service worker not registered: {error:?}");
            return;
        }
    };
    // A worker of a newer build may already wait from an earlier visit.
    if registration.waiting().is_some() && workers.controller().is_some() {
        ready.set(true);
    }
    if let Some(installing) = registration.installing() {
        watch(installing, workers.clone(), ready);
    }
    let found = {
        let registration = registration.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = registration.installing() {
                watch(installing, workers.clone(), ready);
            }
        })
    };
    registration.set_onupdatefound(Some(found.as_ref().unchecked_ref()));
    found.forget();

    set_interval(
        move || {
            if let Ok(promise) = registration.update() {
                leptos::task::spawn_local(async move {
                    let _ = JsFuture::from(promise).await; // offline: the next check tries again
                });
            }
        },
        CHECK_EVERY,
    );
}

/// A worker being installed is a new version once it is installed and another one controls
/// the page (without a controller it is the first worker, which takes the page by itself).
fn watch(worker: ServiceWorker, workers: ServiceWorkerContainer, ready: RwSignal<bool>) {
    let this = worker.clone();
    let changed = Closure::<dyn FnMut()>::new(move || {
        if this.state() == ServiceWorkerState::Installed && workers.controller().is_some() {
            ready.set(true);
        }
    });
    worker.set_onstatechange(Some(changed.as_ref().unchecked_ref()));
    changed.forget();
}

/// Tells the waiting worker to take over; the page reloads when it has (see `listen`). With
/// no worker waiting (another tab already took the new version) the page just reloads.
async fn take_new_version() {
    let waiting = match container() {
        Some(workers) => JsFuture::from(workers.get_registration())
            .await
            .ok()
            .and_then(|value| value.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|registration| registration.waiting()),
        None => None,
    };
    match waiting {
        Some(worker) => {
            let _ = worker.post_message(&JsValue::from_str(SKIP_WAITING));
        }
        None => {
            let _ = window().location().reload();
        }
    }
}
