//! Passphrase encryption of exchange files (PRODUCT §7): a key from PBKDF2-SHA256, the file
//! sealed with AES-256-GCM, both wrapped in the `taizhang-encrypted` envelope.
//!
//! The salt and IV come from the caller (the UI draws them with `crypto.getRandomValues`),
//! so this module needs no source of randomness and encrypting is a pure function. The
//! `data` is the ciphertext followed by the 16-byte tag, with no associated data: what
//! WebCrypto's `AES-GCM` produces, so other tools can open the files with standard APIs.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The `format` of an encrypted file.
pub const ENVELOPE_FORMAT: &str = "taizhang-encrypted";
/// The newest envelope `version` this app writes and reads.
pub const ENVELOPE_VERSION: u32 = 1;
/// PBKDF2 iterations this app writes, and the fewest it accepts (PRODUCT §7).
pub const ITERATIONS: u32 = 600_000;
/// The most iterations a file may ask for (PRODUCT §7 revision 2); a file outside the
/// bounds is refused as damaged, never tried.
pub const MAX_ITERATIONS: u32 = 10_000_000;

const KDF: &str = "PBKDF2-SHA256";
const CIPHER: &str = "AES-256-GCM";

/// Why an encrypted file cannot be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CryptoError {
    /// Not a `taizhang-encrypted` envelope, or one with missing or malformed fields.
    NotAnEnvelope,
    /// An envelope of a newer version than this app reads.
    NewerVersion { version: u64 },
    /// A key derivation other than PBKDF2-SHA256.
    UnsupportedKdf,
    /// A cipher other than AES-256-GCM with a 12-byte IV.
    UnsupportedCipher,
    /// Iterations outside `ITERATIONS` to `MAX_ITERATIONS`: no file of this app has them.
    Damaged,
    /// The passphrase is wrong or the file was changed or cut short: the two cannot be told
    /// apart, by design of the cipher.
    WrongPassphraseOrDamaged,
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    version: u64,
    kdf: Kdf,
    cipher: Cipher,
    data: String,
}

#[derive(Serialize, Deserialize)]
struct Kdf {
    name: String,
    iterations: u64,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct Cipher {
    name: String,
    iv: String,
}

/// An AES-256 key.
pub type KeyBytes = [u8; 32];

/// The key for `passphrase` (its UTF-8 bytes, as typed) and `salt`, in the calling thread.
/// The browser derives it with WebCrypto instead (`ui/keys.rs`), which does not hold the
/// page; both are PBKDF2-HMAC-SHA256 and give the same key (a browser test checks it).
pub fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> KeyBytes {
    let mut key = KeyBytes::default();
    pbkdf2::pbkdf2_hmac::<Sha256>(passphrase.as_bytes(), salt, iterations, &mut key);
    key
}

/// `plain` sealed in an envelope with `key`, derived from the passphrase, `salt` and
/// `iterations`. `salt` and `iv` must be fresh random bytes for every file.
pub fn seal(plain: &str, key: &KeyBytes, salt: [u8; 16], iv: [u8; 12], iterations: u32) -> String {
    let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key));
    let mut data = plain.as_bytes().to_vec();
    // Only fails for plaintexts beyond 64 GiB, which a browser cannot hold.
    cipher
        .encrypt_in_place(Nonce::from_slice(&iv), b"", &mut data)
        .expect("plaintext within AES-GCM's limit");
    let envelope = Envelope {
        format: ENVELOPE_FORMAT.into(),
        version: ENVELOPE_VERSION.into(),
        kdf: Kdf {
            name: KDF.into(),
            iterations: iterations.into(),
            salt: BASE64.encode(salt),
        },
        cipher: Cipher {
            name: CIPHER.into(),
            iv: BASE64.encode(iv),
        },
        data: BASE64.encode(&data),
    };
    serde_json::to_string(&envelope).expect("an envelope serializes to JSON")
}

/// `plain` sealed with a key derived here; `iterations` is `ITERATIONS` except in tests.
pub fn encrypt(
    plain: &str,
    passphrase: &str,
    salt: [u8; 16],
    iv: [u8; 12],
    iterations: u32,
) -> String {
    seal(
        plain,
        &derive_key(passphrase, &salt, iterations),
        salt,
        iv,
        iterations,
    )
}

/// The file sealed in `envelope`, opened with `passphrase` (its key derived here).
pub fn decrypt(envelope: &str, passphrase: &str) -> Result<String, CryptoError> {
    let sealed = Sealed::read(envelope)?;
    let key = derive_key(passphrase, sealed.salt(), sealed.iterations());
    sealed.open(&key)
}

/// Whether `text` looks like an encrypted file, to ask for the passphrase before reading.
pub fn is_encrypted(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Format<'a> {
        #[serde(borrow)]
        format: Option<&'a str>,
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str::<Format>(text).is_ok_and(|f| f.format == Some(ENVELOPE_FORMAT))
}

/// A sealed file's envelope, read and checked: what opening it needs besides the key.
#[derive(Debug)]
pub struct Sealed {
    salt: Vec<u8>,
    iterations: u32,
    iv: Vec<u8>,
    data: Vec<u8>,
}

impl Sealed {
    /// Reads an envelope; refuses one whose iterations are outside the bounds before any
    /// key is derived for it.
    pub fn read(envelope: &str) -> Result<Sealed, CryptoError> {
        Sealed::read_within(envelope, ITERATIONS..=MAX_ITERATIONS)
    }

    fn read_within(
        envelope: &str,
        bounds: std::ops::RangeInclusive<u32>,
    ) -> Result<Sealed, CryptoError> {
        let envelope = envelope.strip_prefix('\u{feff}').unwrap_or(envelope);
        let envelope: Envelope =
            serde_json::from_str(envelope).map_err(|_| CryptoError::NotAnEnvelope)?;
        if envelope.format != ENVELOPE_FORMAT {
            return Err(CryptoError::NotAnEnvelope);
        }
        if envelope.version > u64::from(ENVELOPE_VERSION) {
            return Err(CryptoError::NewerVersion {
                version: envelope.version,
            });
        }
        if envelope.kdf.name != KDF {
            return Err(CryptoError::UnsupportedKdf);
        }
        let iterations = u32::try_from(envelope.kdf.iterations)
            .ok()
            .filter(|n| bounds.contains(n))
            .ok_or(CryptoError::Damaged)?;
        let decode = |text: &str| BASE64.decode(text).map_err(|_| CryptoError::NotAnEnvelope);
        let salt = decode(&envelope.kdf.salt)?;
        let iv = decode(&envelope.cipher.iv)?;
        let data = decode(&envelope.data)?;
        if envelope.cipher.name != CIPHER || iv.len() != 12 {
            return Err(CryptoError::UnsupportedCipher);
        }
        Ok(Sealed {
            salt,
            iterations,
            iv,
            data,
        })
    }

    pub fn salt(&self) -> &[u8] {
        &self.salt
    }

    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// The file's text, opened with the key derived from the passphrase.
    pub fn open(self, key: &KeyBytes) -> Result<String, CryptoError> {
        let Sealed { iv, mut data, .. } = self;
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key));
        cipher
            .decrypt_in_place(Nonce::from_slice(&iv), b"", &mut data)
            .map_err(|_| CryptoError::WrongPassphraseOrDamaged)?;
        String::from_utf8(data).map_err(|_| CryptoError::WrongPassphraseOrDamaged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Ledger;
    use crate::exchange::file::ExportOptions;
    use crate::exchange::testing::{exported, sample_ledger, today};
    use crate::exchange::{parse, FileError};

    const SALT: [u8; 16] = *b"0123456789abcdef";
    const IV: [u8; 12] = *b"unique-nonce";
    /// Few iterations, so the tests run fast; `decrypt` itself refuses so few.
    const FEW: u32 = 1_000;

    fn open(envelope: &str, passphrase: &str) -> Result<String, CryptoError> {
        let sealed = Sealed::read_within(envelope, FEW..=MAX_ITERATIONS)?;
        let key = derive_key(passphrase, sealed.salt(), sealed.iterations());
        sealed.open(&key)
    }

    fn fields(envelope: &str) -> serde_json::Value {
        serde_json::from_str(envelope).unwrap()
    }

    #[test]
    fn an_encrypted_export_opens_with_its_passphrase_and_reads_as_the_original() {
        let text = exported(&sample_ledger(), &ExportOptions::default());
        let envelope = encrypt(&text, "政法委 2022!", SALT, IV, FEW);
        assert!(!envelope.contains("张三") && text.contains("张三"));
        assert!(is_encrypted(&envelope));
        assert!(!is_encrypted(&text));
        assert_eq!(
            parse(&envelope, &Ledger::default(), today()),
            Err(FileError::Encrypted)
        );
        let opened = open(&envelope, "政法委 2022!").unwrap();
        assert_eq!(opened, text);
        assert_eq!(
            parse(&opened, &Ledger::default(), today())
                .unwrap()
                .problems,
            []
        );
    }

    #[test]
    fn the_envelope_has_the_fields_of_section_7_in_base64() {
        let envelope = fields(&encrypt("{}", "pass", SALT, IV, FEW));
        assert_eq!(envelope["format"], "taizhang-encrypted");
        assert_eq!(envelope["version"], 1);
        assert_eq!(envelope["kdf"]["name"], "PBKDF2-SHA256");
        assert_eq!(envelope["kdf"]["iterations"], FEW);
        assert_eq!(envelope["kdf"]["salt"], "MDEyMzQ1Njc4OWFiY2RlZg==");
        assert_eq!(envelope["cipher"]["name"], "AES-256-GCM");
        assert_eq!(envelope["cipher"]["iv"], "dW5pcXVlLW5vbmNl");
        // Two bytes of text and the 16-byte tag.
        let data = BASE64.decode(envelope["data"].as_str().unwrap()).unwrap();
        assert_eq!(data.len(), 2 + 16);
    }

    #[test]
    fn a_wrong_passphrase_is_refused() {
        let envelope = encrypt("{\"secret\":1}", "right", SALT, IV, FEW);
        assert_eq!(
            open(&envelope, "wrong"),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        assert_eq!(
            open(&envelope, ""),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
    }

    #[test]
    fn a_damaged_or_cut_file_is_refused() {
        let envelope = encrypt("{\"secret\":1}", "right", SALT, IV, FEW);
        let mut data = BASE64
            .decode(fields(&envelope)["data"].as_str().unwrap())
            .unwrap();
        data[0] ^= 1;
        let mut flipped = fields(&envelope);
        flipped["data"] = BASE64.encode(&data).into();
        assert_eq!(
            open(&flipped.to_string(), "right"),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        let mut cut = fields(&envelope);
        cut["data"] = BASE64.encode(&data[..4]).into();
        assert_eq!(
            open(&cut.to_string(), "right"),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
        assert_eq!(
            open(&envelope[..envelope.len() - 10], "right"),
            Err(CryptoError::NotAnEnvelope)
        );
        let mut bad_base64 = fields(&envelope);
        bad_base64["data"] = "not base64!".into();
        assert_eq!(
            open(&bad_base64.to_string(), "right"),
            Err(CryptoError::NotAnEnvelope)
        );
    }

    #[test]
    fn files_that_are_not_envelopes_or_use_other_algorithms_are_refused_saying_which() {
        let envelope = fields(&encrypt("{}", "pass", SALT, IV, FEW));
        let with = |path: &[&str], value: serde_json::Value| {
            let mut changed = envelope.clone();
            let mut at = &mut changed;
            for key in path {
                at = &mut at[*key];
            }
            *at = value;
            open(&changed.to_string(), "pass")
        };
        assert_eq!(open("[]", "pass"), Err(CryptoError::NotAnEnvelope));
        assert_eq!(
            with(&["format"], "taizhang".into()),
            Err(CryptoError::NotAnEnvelope)
        );
        assert_eq!(
            with(&["version"], 2.into()),
            Err(CryptoError::NewerVersion { version: 2 })
        );
        assert_eq!(
            with(&["kdf", "name"], "scrypt".into()),
            Err(CryptoError::UnsupportedKdf)
        );
        assert_eq!(
            with(&["kdf", "iterations"], u64::MAX.into()),
            Err(CryptoError::Damaged)
        );
        assert_eq!(
            with(&["cipher", "name"], "AES-128-CBC".into()),
            Err(CryptoError::UnsupportedCipher)
        );
        assert_eq!(
            with(&["cipher", "iv"], BASE64.encode([0u8; 16]).into()),
            Err(CryptoError::UnsupportedCipher)
        );
    }

    #[test]
    fn iterations_outside_600000_to_10000000_are_refused_as_damaged_before_any_key_is_derived() {
        let envelope = encrypt("{}", "pass", SALT, IV, FEW);
        assert_eq!(decrypt(&envelope, "pass"), Err(CryptoError::Damaged));
        let mut twelve_million = fields(&envelope);
        twelve_million["kdf"]["iterations"] = 12_000_000.into();
        assert_eq!(
            Sealed::read(&twelve_million.to_string()).map(|_| ()),
            Err(CryptoError::Damaged)
        );
        let mut at_the_bounds = fields(&envelope);
        for n in [ITERATIONS, MAX_ITERATIONS] {
            at_the_bounds["kdf"]["iterations"] = n.into();
            assert!(Sealed::read(&at_the_bounds.to_string()).is_ok(), "{n}");
        }
    }

    /// The real work factor; slow in an unoptimised build, so it runs with `--release`.
    #[test]
    #[cfg_attr(debug_assertions, ignore = "600,000 iterations take long unoptimised")]
    fn a_file_sealed_with_600000_iterations_opens_with_decrypt() {
        let envelope = encrypt("{\"a\":\"台账\"}", "口令", SALT, IV, ITERATIONS);
        assert_eq!(fields(&envelope)["kdf"]["iterations"], 600_000);
        assert_eq!(decrypt(&envelope, "口令").unwrap(), "{\"a\":\"台账\"}");
        assert_eq!(
            decrypt(&envelope, "口今"),
            Err(CryptoError::WrongPassphraseOrDamaged)
        );
    }

    #[test]
    fn the_key_is_pbkdf2_sha256_as_in_rfc_7914() {
        // RFC 7914 §11, PBKDF2-HMAC-SHA256 with P="passwd", S="salt", c=1 (first 32 bytes).
        let key = derive_key("passwd", b"salt", 1);
        assert_eq!(key[..8], [0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f]);
    }
}
