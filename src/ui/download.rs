//! Handing a file the app made to the browser as a download (a Blob and a temporary link).

use wasm_bindgen::JsCast;

fn fail(error: wasm_bindgen::JsValue) -> String {
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// The type of a DOCX file.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/// The type of an XLSX file.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Offers `bytes` as a file called `name` of type `mime`.
pub fn download(bytes: &[u8], name: &str, mime: &str) -> Result<(), String> {
    let mut file = FileInPieces::default();
    file.push(bytes)?;
    file.download(name, mime)
}

/// Held parts are folded into one Blob past this many bytes.
const FOLD_AT: usize = 16 << 20;

/// A file made a piece at a time: each piece is copied out of wasm memory as it comes, and
/// the pieces are folded into a Blob every few megabytes, so neither the wasm memory nor the
/// JS heap ever holds the whole file (a 270 MB export once took 770 MB of wasm memory).
#[derive(Default)]
pub struct FileInPieces {
    blob: Option<web_sys::Blob>,
    parts: Vec<js_sys::Uint8Array>,
    held: usize,
}

impl FileInPieces {
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.parts.push(js_sys::Uint8Array::from(bytes));
        self.held += bytes.len();
        if self.held >= FOLD_AT {
            self.fold(None)?;
        }
        Ok(())
    }

    fn fold(&mut self, mime: Option<&str>) -> Result<(), String> {
        let parts = js_sys::Array::new();
        if let Some(blob) = self.blob.take() {
            parts.push(&blob);
        }
        for part in self.parts.drain(..) {
            parts.push(&part);
        }
        let options = web_sys::BlobPropertyBag::new();
        if let Some(mime) = mime {
            options.set_type(mime);
        }
        self.blob = Some(
            web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
                .map_err(fail)?,
        );
        self.held = 0;
        Ok(())
    }

    /// Offers the file as `name` of type `mime`.
    pub fn download(mut self, name: &str, mime: &str) -> Result<(), String> {
        self.fold(Some(mime))?;
        let blob = self.blob.take().expect("a fold leaves a blob");
        offer(&blob, name)
    }
}

fn offer(blob: &web_sys::Blob, name: &str) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
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
