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

/// A database of this name, deleted first so each test starts from nothing.
pub async fn fresh_db(name: &str) -> taizhang::storage::Db {
    taizhang::storage::Db::delete(name).await.unwrap();
    taizhang::storage::Db::open_named(name, taizhang::storage::OpenEvents::default())
        .await
        .unwrap()
}

/// Milliseconds from the page's clock, for the timings printed by the bulk tests.
pub fn millis() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}
