//! Handing a file the app made to the browser as a download (a Blob and a temporary link).

use wasm_bindgen::JsCast;

/// Offers `bytes` as a file called `name` of type `mime`.
pub fn download(bytes: &[u8], name: &str, mime: &str) -> Result<(), String> {
    let fail =
        |error: wasm_bindgen::JsValue| error.as_string().unwrap_or_else(|| format!("{error:?}"));
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = leptos::prelude::document();
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has started from the object URL; it is no longer needed after this task.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
