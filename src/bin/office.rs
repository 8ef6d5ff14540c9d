//! The office worker's entry point: a wasm of its own, loaded in a Web Worker the first
//! time a page asks for a DOCX, an XLSX, a workbook read or a key (see `office`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    taizhang::office::register();
}
