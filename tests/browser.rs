//! Tests that need a real browser (DOM, storage), run by wasm-bindgen-test in headless Chromium.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "browser/support.rs"]
mod support;

#[path = "browser/shell.rs"]
mod shell;

#[path = "browser/fixture_v1.rs"]
mod fixture_v1;

#[path = "browser/storage.rs"]
mod storage;

#[path = "browser/segments.rs"]
mod segments;

#[path = "browser/keys.rs"]
mod keys;

#[path = "browser/first_screen.rs"]
mod first_screen;
