//! Links the app's wasm with its relocations kept, which `wasm-split-cli` reads to cut the
//! pages marked `#[lazy]` into chunks of their own (tools/split.mjs). Only the page's own
//! binary: the office worker and the tests are not split.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=taizhang=--emit-relocs");
    }
}
