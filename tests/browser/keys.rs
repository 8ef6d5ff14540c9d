//! A sealed file's key, derived by the browser's WebCrypto off the page's thread, is the key
//! the Rust derivation gives, so files sealed in one open in the other.

use taizhang::exchange::{derive_key, encrypt};
use taizhang::ui::keys::{open_sealed, web_crypto_key};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn web_crypto_derives_the_key_the_rust_derivation_does() {
    let salt = b"0123456789abcdef";
    for (passphrase, iterations) in [("政法委 2022!", 1_000), ("", 1), ("口令", 600_000)] {
        let web = web_crypto_key(passphrase, salt, iterations)
            .await
            .expect("WebCrypto on a page served from localhost");
        assert_eq!(
            web,
            derive_key(passphrase, salt, iterations),
            "{passphrase}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_file_sealed_with_600000_iterations_opens_through_web_crypto() {
    let envelope = encrypt(
        "{\"a\":\"台账\"}",
        "口令",
        *b"0123456789abcdef",
        *b"unique-nonce",
        600_000,
    );
    assert_eq!(
        open_sealed(&envelope, "口令").await.unwrap(),
        "{\"a\":\"台账\"}"
    );
    assert!(open_sealed(&envelope, "口今").await.is_err());
}
