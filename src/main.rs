//! Entry point: installs the panic hook and mounts the app (see `ui::start`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    taizhang::start();
}
