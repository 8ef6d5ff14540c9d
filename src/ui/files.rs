//! Files the user chooses: their bytes, and text decoded as UTF-8 or, failing that, GB18030
//! (what Excel on a Chinese Windows writes to CSV).

/// The whole content of a chosen file.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    gloo_file::futures::read_as_bytes(&gloo_file::File::from(file.clone()))
        .await
        .map_err(|error| error.to_string())
}

/// Text of a file: UTF-8 when it is valid UTF-8, else GB18030 through the browser's decoder.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    web_sys::TextDecoder::new_with_label("gb18030")
        .and_then(|decoder| decoder.decode_with_u8_array(bytes))
        .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned())
}

/// Whether the bytes are a ZIP container (XLSX is one).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The first file of an `<input type="file">` change event.
pub fn chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    ev.target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?
        .files()?
        .get(0)
}

/// The first file dropped in a drag-and-drop event.
pub fn dropped_file(ev: &leptos::ev::DragEvent) -> Option<web_sys::File> {
    ev.data_transfer()?.files()?.get(0)
}
