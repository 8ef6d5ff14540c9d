//! The fault screen (PRODUCT §7 revision 2): if the app ever panics, the page says so in
//! both languages, with the reason to copy and a way to reload, instead of freezing where
//! it was. Written with the DOM alone, since the app that failed can no longer be trusted
//! to draw it; the reload is a plain link, which needs no code after the fault. Stored
//! data is untouched: every write is one transaction, and one cut short is rolled back.

use std::sync::Once;

use wasm_bindgen::prelude::*;

const TITLE: &str = "程序出错，已停止运行 · The app stopped on an error";
const SAID: &str = "已保存的数据不受影响。请重新载入页面；如果再次出现，请把下面的内容发给技术人员。\
Nothing stored is lost. Reload the page; if this happens again, send the text below to whoever supports you.";
const RELOAD: &str = "重新载入 · Reload";

/// Shows the fault screen after the console has the panic, for every panic from now on.
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            show(&info.to_string());
        }));
    });
    offer_test_fault();
}

/// Puts the fault screen over the page. Only DOM calls: nothing here can panic again.
fn show(reason: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if document.get_element_by_id("fault-screen").is_some() {
        return;
    }
    let here = document.location().and_then(|l| l.href().ok());
    let element = |tag: &str, text: Option<&str>| {
        let element = document.create_element(tag).ok()?;
        if let Some(text) = text {
            element.set_text_content(Some(text));
        }
        Some(element)
    };
    let (Some(screen), Some(title), Some(said), Some(reload), Some(why)) = (
        element("div", None),
        element("h1", Some(TITLE)),
        element("p", Some(SAID)),
        element("a", Some(RELOAD)),
        element("pre", Some(reason)),
    ) else {
        return;
    };
    let _ = screen.set_attribute("id", "fault-screen");
    let _ = screen.set_attribute("class", "fault-screen");
    let _ = screen.set_attribute("role", "alert");
    let _ = screen.set_attribute("data-testid", "fault-screen");
    let _ = reload.set_attribute("href", here.as_deref().unwrap_or("/"));
    // The router's click handler is app code; `external` leaves the reload to the browser.
    let _ = reload.set_attribute("rel", "external");
    let _ = reload.set_attribute("class", "button primary");
    let _ = reload.set_attribute("data-testid", "fault-reload");
    let _ = why.set_attribute("data-testid", "fault-reason");
    for child in [&title, &said, &reload, &why] {
        let _ = screen.append_child(child);
    }
    let _ = body.append_child(&screen);
}

/// With `fault-test` in the address, `window.taizhangFaultTest()` panics, so the end-to-end
/// tests can see the fault screen. Nothing else can reach it.
fn offer_test_fault() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let asked = window
        .location()
        .search()
        .is_ok_and(|search| search.contains("fault-test"));
    if !asked {
        return;
    }
    let fault = Closure::<dyn Fn()>::new(|| panic!("a fault forced by the test hook"));
    let _ = js_sys::Reflect::set(&window, &"taizhangFaultTest".into(), fault.as_ref());
    fault.forget();
}
