//! The app shell mounts and speaks the chosen language.

use crate::support::{clear_local_storage, click, find, host, settle};
use taizhang::ui::App;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn app_mounts_in_chinese_and_switches_to_english_and_back() {
    clear_local_storage();
    let host = host();
    let _app = leptos::mount::mount_to(host.clone(), App);
    settle().await;

    assert_eq!(
        find(&host, "[data-testid=app-name]")
            .text_content()
            .unwrap(),
        "台账"
    );
    assert_eq!(
        find(&host, "[data-testid=nav-petitions]")
            .text_content()
            .unwrap(),
        "信访件"
    );
    assert_eq!(
        find(&host, "[data-testid=lang-zh-CN]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );

    click(&host, "[data-testid=lang-en]");
    settle().await;
    assert_eq!(
        find(&host, "[data-testid=nav-petitions]")
            .text_content()
            .unwrap(),
        "Petitions"
    );
    assert_eq!(
        find(&host, "[data-testid=app-name]")
            .text_content()
            .unwrap(),
        "Taizhang"
    );
    let html = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));

    click(&host, "[data-testid=lang-zh-CN]");
    settle().await;
    assert_eq!(
        find(&host, "[data-testid=nav-reports]")
            .text_content()
            .unwrap(),
        "汇报材料"
    );
}

#[wasm_bindgen_test]
async fn the_chosen_language_is_remembered_for_the_next_start() {
    clear_local_storage();
    let first = host();
    let first_app = leptos::mount::mount_to(first.clone(), App);
    settle().await;
    click(&first, "[data-testid=lang-en]");
    settle().await;
    drop(first_app);

    let second = host();
    let _second_app = leptos::mount::mount_to(second.clone(), App);
    settle().await;
    assert_eq!(
        find(&second, "[data-testid=nav-settings]")
            .text_content()
            .unwrap(),
        "Settings"
    );
    clear_local_storage();
}
