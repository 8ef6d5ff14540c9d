//! Long work done a slice at a time: `next_turn` hands the browser a turn (to paint the
//! progress and take input) before the next slice runs.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Resolves on a later task of the event loop (a zero-delay timer), after the browser had
/// its chance to paint and to handle input.
pub async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().map(|window| {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0)
        });
        if !matches!(scheduled, Some(Ok(_))) {
            // No window or no timer: go on at once rather than never.
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

pub use crate::exchange::{Progress, Stage};
