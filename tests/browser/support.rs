//! Helpers for browser tests: a fresh host element, clicks and a wait for the DOM to settle.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A new `<div>` in the test document for one test's app to mount into.
pub fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
}

/// Lets the reactive system and the browser run queued work (effects, microtasks, a frame).
pub async fn settle() {
    gloo_timers::future::TimeoutFuture::new(20).await;
}

pub fn clear_local_storage() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}
