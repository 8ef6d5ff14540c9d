//! Long work done a slice at a time: `next_turn` hands the browser a turn (to paint the
//! progress and take input) before the next slice runs.

/// Resolves on a later task of the event loop, after the browser had its chance to paint and
/// to handle input: a message to itself through a `MessageChannel`. Not a zero-delay timer:
/// timers set from timers are held back at least 4 ms once five deep, which a long import,
/// handing over hundreds of turns, spent idle.
pub async fn next_turn() {
    match message_to_self() {
        // The channel is held until its message arrives.
        Some((channel, arrived)) => {
            let _ = wasm_bindgen_futures::JsFuture::from(arrived).await;
            channel.port1().set_onmessage(None);
        }
        None => gloo_timers::future::TimeoutFuture::new(0).await,
    }
}

/// A message posted to a new channel, and the promise of its arrival; `None` where the
/// browser refuses either (the caller then waits on a timer).
fn message_to_self() -> Option<(web_sys::MessageChannel, js_sys::Promise)> {
    let channel = web_sys::MessageChannel::new().ok()?;
    let port = channel.port1();
    let arrived = js_sys::Promise::new(&mut |resolve, _| port.set_onmessage(Some(&resolve)));
    channel
        .port2()
        .post_message(&wasm_bindgen::JsValue::UNDEFINED)
        .ok()?;
    Some((channel, arrived))
}

pub use crate::exchange::{Progress, Stage};
