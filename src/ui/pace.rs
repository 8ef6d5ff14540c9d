//! Long work done a slice at a time: `next_turn` hands the browser a turn (to paint the
//! progress and take input) before the next slice runs.

/// Resolves on a later task of the event loop, after the browser had its chance to paint and
/// to handle input: a message to itself through a `MessageChannel`. Not a zero-delay timer:
/// timers set from timers are held back at least 4 ms once five deep, which a long import,
/// handing over hundreds of turns, spent idle.
pub async fn next_turn() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return gloo_timers::future::TimeoutFuture::new(0).await;
    };
    let port = channel.port1();
    let arrived = js_sys::Promise::new(&mut |resolve, _| port.set_onmessage(Some(&resolve)));
    if channel
        .port2()
        .post_message(&wasm_bindgen::JsValue::UNDEFINED)
        .is_err()
    {
        return gloo_timers::future::TimeoutFuture::new(0).await;
    }
    // The channel is held until its message arrives.
    let _ = wasm_bindgen_futures::JsFuture::from(arrived).await;
    port.set_onmessage(None);
}

pub use crate::exchange::{Progress, Stage};
