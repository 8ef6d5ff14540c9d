//! `performance.measure` marks around the slow steps (start-up, loading the ledger), so a
//! Chromium trace or `make bench` can tell where the time goes. Browser-only; a mark is
//! never needed for anything to work, so a missing `performance` is ignored.

use wasm_bindgen::JsValue;

/// The page's clock in milliseconds, or 0 when it has none.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Records `taizhang:<name>` from `since` (a `now()` taken before) until now.
pub fn measure(name: &str, since: f64) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &JsValue::from_f64(since));
    let _ = js_sys::Reflect::set(
        &options,
        &"end".into(),
        &JsValue::from_f64(performance.now()),
    );
    // Called through Reflect: web-sys's typed form needs two more features for one call.
    if let Ok(measure) = js_sys::Reflect::get(&performance, &"measure".into()) {
        let measure: js_sys::Function = measure.into();
        let name = JsValue::from_str(&format!("taizhang:{name}"));
        let _ = measure.call2(&performance, &name, &options);
    }
}
