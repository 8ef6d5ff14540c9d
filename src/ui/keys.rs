//! A sealed file's key, derived in the browser with WebCrypto's PBKDF2-HMAC-SHA256, which
//! the browser runs off the page's thread: the page paints and takes keys while 600,000 to
//! 10,000,000 iterations run. Where WebCrypto is missing (a page served over plain HTTP
//! from another machine), the Rust derivation of `exchange::crypto` runs instead, in the
//! office worker; both give the same key (a browser test checks it).

use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::exchange::{CryptoError, KeyBytes, Sealed};

/// The key for `passphrase` and `salt` after `iterations`.
pub async fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> KeyBytes {
    match web_crypto_key(passphrase, salt, iterations).await {
        Some(key) => key,
        None => crate::office::derive_key(passphrase, salt, iterations).await,
    }
}

/// The file sealed in `envelope`, opened with `passphrase`; the iterations are checked
/// before any key is derived.
pub async fn open_sealed(envelope: &str, passphrase: &str) -> Result<String, CryptoError> {
    let sealed = Sealed::read(envelope)?;
    let key = derive_key(passphrase, sealed.salt(), sealed.iterations()).await;
    sealed.open(&key)
}

/// WebCrypto's derivation, or `None` where the page has no `crypto.subtle`.
pub async fn web_crypto_key(passphrase: &str, salt: &[u8], iterations: u32) -> Option<KeyBytes> {
    let crypto = web_sys::window()?.crypto().ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    if subtle.is_undefined() || subtle.is_null() {
        return None;
    }
    let subtle: web_sys::SubtleCrypto = subtle.unchecked_into();
    let usages = Array::of1(&"deriveBits".into());
    let raw: Object = Uint8Array::from(passphrase.as_bytes()).into();
    let imported = subtle
        .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
        .ok()?;
    let base: web_sys::CryptoKey = JsFuture::from(imported).await.ok()?.unchecked_into();
    let salt: Object = Uint8Array::from(salt).into();
    let params =
        web_sys::Pbkdf2Params::new("PBKDF2", &JsValue::from_str("SHA-256"), iterations, &salt);
    let bits = subtle.derive_bits_with_object(&params, &base, 256).ok()?;
    let bits: ArrayBuffer = JsFuture::from(bits).await.ok()?.unchecked_into();
    Uint8Array::new(&bits).to_vec().try_into().ok()
}
