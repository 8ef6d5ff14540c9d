//! Persistence and usage of this site's storage (`navigator.storage`).

use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

fn manager() -> Option<web_sys::StorageManager> {
    Some(web_sys::window()?.navigator().storage())
}

/// Asks the browser not to evict the ledger under storage pressure. Returns whether it agreed.
pub async fn request_persistence() -> bool {
    answer(manager().and_then(|m| m.persist().ok())).await
}

/// Whether the browser has already granted persistence.
pub async fn is_persisted() -> bool {
    answer(manager().and_then(|m| m.persisted().ok())).await
}

/// A yes-or-no promise's answer; no where the browser lacks the API or refuses.
async fn answer(promise: Option<js_sys::Promise>) -> bool {
    let Some(promise) = promise else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Bytes used and bytes available to this site, as the browser estimates them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    pub used: f64,
    pub quota: f64,
}

pub async fn usage() -> Option<Usage> {
    let estimate = JsFuture::from(manager()?.estimate().ok()?).await.ok()?;
    let number = |field: &str| {
        Reflect::get(&estimate, &JsValue::from_str(field))
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some(Usage {
        used: number("usage")?,
        quota: number("quota")?,
    })
}
