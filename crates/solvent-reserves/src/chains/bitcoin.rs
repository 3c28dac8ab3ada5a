//! Bitcoin-family signed messages (BIP-137 compact signatures).
//!
//! Digest: `sha256d(varstr(header) ‖ varstr(message))` with the coin's header,
//! e.g. `"Bitcoin Signed Message:\n"`. Signature: base64 of 65 bytes, the first
//! a header byte: 27-30 uncompressed key, 31-34 compressed key, 35-38
//! P2SH-P2WPKH, 39-42 P2WPKH; its low two bits are the recovery id.

use base64::Engine as _;
use ripemd::Ripemd160;
use sha2::{Digest as _, Sha256};

use super::cashaddr;
use super::secp::recover;
use super::{OwnershipScheme, RowOutcome};
use crate::encoding::{has_prefix, varstr};
use crate::error::{DecodeError, Problem, ScriptError, SignatureError};
use crate::file::ReserveRow;
use crate::Status;

/// Per-coin constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coin {
    pub name: &'static str,
    pub message_header: &'static str,
    pub p2pkh_versions: &'static [u8],
    pub p2sh_versions: &'static [u8],
    pub bech32_hrp: Option<&'static str>,
    /// Bitcoin Cash's CashAddr prefix, where the coin has one.
    pub cashaddr_prefix: Option<&'static str>,
}

pub const BITCOIN: Coin = Coin {
    name: "BTC",
    message_header: "Bitcoin Signed Message:\n",
    p2pkh_versions: &[0x00],
    p2sh_versions: &[0x05],
    bech32_hrp: Some("bc"),
    cashaddr_prefix: None,
};
pub const LITECOIN: Coin = Coin {
    name: "LTC",
    message_header: "Litecoin Signed Message:\n",
    p2pkh_versions: &[0x30],
    p2sh_versions: &[0x32, 0x05],
    bech32_hrp: Some("ltc"),
    cashaddr_prefix: None,
};
pub const DOGECOIN: Coin = Coin {
    name: "DOGE",
    message_header: "Dogecoin Signed Message:\n",
    p2pkh_versions: &[0x1e],
    p2sh_versions: &[0x16],
    bech32_hrp: None,
    cashaddr_prefix: None,
};
pub const DASH: Coin = Coin {
    name: "DASH",
    message_header: "DarkCoin Signed Message:\n",
    p2pkh_versions: &[0x4c],
    p2sh_versions: &[0x10],
    bech32_hrp: None,
    cashaddr_prefix: None,
};

pub const BITCOIN_CASH: Coin = Coin {
    name: "BCH",
    message_header: "Bitcoin Signed Message:\n",
    p2pkh_versions: &[0x00],
    p2sh_versions: &[0x05],
    bech32_hrp: None,
    cashaddr_prefix: Some("bitcoincash"),
};

/// A decoded address: what it commits to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    P2pkh([u8; 20]),
    P2sh([u8; 20]),
    P2wpkh([u8; 20]),
    P2wsh([u8; 32]),
    /// The output key (BIP-341).
    Taproot([u8; 32]),
}

pub fn message_digest(coin: &Coin, message: &str) -> [u8; 32] {
    let mut data = Vec::new();
    varstr(&mut data, coin.message_header.as_bytes());
    varstr(&mut data, message.as_bytes());
    Sha256::digest(Sha256::digest(&data)).into()
}

pub fn hash160(bytes: &[u8]) -> [u8; 20] {
    Ripemd160::digest(Sha256::digest(bytes)).into()
}

/// Decodes an address of `coin`. Anything that does not decode is an error,
/// which a caller must report as FAILED.
pub fn decode_address(coin: &Coin, text: &str) -> Result<Address, DecodeError> {
    let error = |problem| DecodeError::address(text, problem);
    if let Some(hrp) = coin.bech32_hrp {
        if has_prefix(text, &[hrp, "1"]) {
            let (decoded_hrp, version, program) =
                bech32::segwit::decode(text).map_err(|e| error(Problem::Segwit(e.to_string())))?;
            if !decoded_hrp.as_str().eq_ignore_ascii_case(hrp) {
                return Err(error(Problem::OtherCoin(coin.name)));
            }
            return match (version.to_u8(), program.len()) {
                (0, 20) => Ok(Address::P2wpkh(program.try_into().expect("20 bytes"))),
                (0, 32) => Ok(Address::P2wsh(program.try_into().expect("32 bytes"))),
                (1, 32) => Ok(Address::Taproot(program.try_into().expect("32 bytes"))),
                (version, len) => Err(error(Problem::WitnessProgram { version, len })),
            };
        }
    }
    if let Some(prefix) = coin.cashaddr_prefix {
        let body = if has_prefix(text, &[prefix, ":"]) {
            &text[prefix.len() + 1..]
        } else {
            text
        };
        if body.starts_with(['q', 'p', 'Q', 'P']) {
            return cashaddr::decode(prefix, &body.to_ascii_lowercase()).map(|(version, hash)| {
                if version == cashaddr::P2PKH {
                    Address::P2pkh(hash)
                } else {
                    Address::P2sh(hash)
                }
            });
        }
    }
    let bytes = bs58::decode(text)
        .with_check(None)
        .into_vec()
        .map_err(|e| error(Problem::Base58Check(e.to_string())))?;
    from_base58_payload(coin, &bytes).map_err(error)
}

/// The address of `coin` in a base58check payload (version byte and hash,
/// checksum already checked and removed).
pub fn from_base58_payload(coin: &Coin, payload: &[u8]) -> Result<Address, Problem> {
    let (&version, hash) = payload.split_first().ok_or(Problem::PayloadLength(0))?;
    let hash: [u8; 20] = hash
        .try_into()
        .map_err(|_| Problem::PayloadLength(payload.len()))?;
    if coin.p2pkh_versions.contains(&version) {
        Ok(Address::P2pkh(hash))
    } else if coin.p2sh_versions.contains(&version) {
        Ok(Address::P2sh(hash))
    } else {
        Err(Problem::VersionByte {
            byte: version,
            coin: coin.name,
        })
    }
}

impl Address {
    /// The output script (`scriptPubKey`) the address pays to: one address in
    /// every spelling (base58check, bech32 in either case, CashAddr) gives
    /// one script.
    pub fn script(&self) -> Vec<u8> {
        let push = |prefix: &[u8], hash: &[u8], suffix: &[u8]| {
            let mut script = prefix.to_vec();
            script.push(hash.len() as u8);
            script.extend_from_slice(hash);
            script.extend_from_slice(suffix);
            script
        };
        // OP_DUP OP_HASH160 … OP_EQUALVERIFY OP_CHECKSIG; OP_HASH160 … OP_EQUAL;
        // OP_0 …; OP_1 ….
        match self {
            Address::P2pkh(h) => push(&[0x76, 0xa9], h, &[0x88, 0xac]),
            Address::P2sh(h) => push(&[0xa9], h, &[0x87]),
            Address::P2wpkh(h) => push(&[0x00], h, &[]),
            Address::P2wsh(h) => push(&[0x00], h, &[]),
            Address::Taproot(k) => push(&[0x51], k, &[]),
        }
    }
}

/// A recovered signer: the key and whether the signature said compressed.
struct Signer {
    key: k256::ecdsa::VerifyingKey,
    compressed: bool,
}

fn recover_signer(
    coin: &Coin,
    message: &str,
    signature_base64: &str,
) -> Result<Signer, SignatureError> {
    let sig = match base64::engine::general_purpose::STANDARD.decode(signature_base64.trim()) {
        Ok(s) if s.len() == 65 => s,
        _ => return Err(SignatureError::Base64),
    };
    let header = sig[0];
    if !(27..=42).contains(&header) {
        return Err(SignatureError::Header {
            byte: header,
            range: "27..=42",
        });
    }
    let recovery_id = (header - 27) & 3;
    let rs: [u8; 64] = sig[1..].try_into().expect("64 bytes");
    let key = recover(&message_digest(coin, message), &rs, recovery_id)?;
    Ok(Signer {
        key,
        compressed: header >= 31,
    })
}

/// Verifies a Bitcoin-family ownership row: `signatures` (base64, BIP-137)
/// over `message`, and for script addresses the redeem or witness `script`
/// (hex, `OP_m <keys> OP_n OP_CHECKMULTISIG`), which must hash to the address.
pub fn verify_row(
    coin: &Coin,
    address: &str,
    message: &str,
    signatures: &[&str],
    script: Option<&str>,
) -> Status {
    let decoded = match decode_address(coin, address) {
        Ok(a) => a,
        Err(e) => return Status::Failed(e.to_string()),
    };
    if matches!(decoded, Address::Taproot(_)) {
        return Status::Unverified(
            "Taproot (BIP-322) message signatures are not supported; the row is not counted".into(),
        );
    }
    if signatures.is_empty() {
        return Status::Failed("no signature".into());
    }
    match script.map(str::trim).filter(|s| !s.is_empty()) {
        Some(script) => verify_multisig(coin, &decoded, address, message, signatures, script),
        None => match decoded {
            Address::P2wsh(_) => Status::Unverified(
                "P2WSH address without its witness script: nothing binds a key to it".into(),
            ),
            _ if signatures.len() > 1 => Status::Failed(format!(
                "{} signatures for a single-key address without a redeem script",
                signatures.len()
            )),
            _ => verify_single_key(coin, &decoded, address, message, signatures[0]),
        },
    }
}

impl OwnershipScheme for Coin {
    fn verify(&self, row: &ReserveRow) -> RowOutcome {
        let signatures: Vec<&str> = row.signatures.iter().map(String::as_str).collect();
        verify_row(
            self,
            &row.address,
            &row.message,
            &signatures,
            row.script_or_key.as_deref(),
        )
        .into()
    }
}

/// Verifies a single-key signed message against `address`.
pub fn verify(coin: &Coin, address: &str, message: &str, signature_base64: &str) -> Status {
    verify_row(coin, address, message, &[signature_base64], None)
}

/// The key recovered from one signature must hash to the (single-key)
/// address `decoded`.
fn verify_single_key(
    coin: &Coin,
    decoded: &Address,
    address: &str,
    message: &str,
    signature_base64: &str,
) -> Status {
    let signer = match recover_signer(coin, message, signature_base64) {
        Ok(s) => s,
        Err(e) => return Status::Failed(e.to_string()),
    };
    let compressed = signer.compressed;
    let key_hash = hash160(signer.key.to_encoded_point(compressed).as_bytes());
    let matches = match *decoded {
        Address::P2pkh(h) => h == key_hash,
        Address::P2wpkh(h) => compressed && h == key_hash,
        Address::P2sh(h) => {
            // P2SH-wrapped P2WPKH: the script is `0 <hash160(compressed key)>`.
            let mut script = vec![0x00, 0x14];
            script.extend_from_slice(&key_hash);
            if compressed && hash160(&script) == h {
                true
            } else {
                return Status::Failed(
                    "P2SH address without a redeem script: the signing key's P2SH-P2WPKH script does not hash to it".into(),
                );
            }
        }
        Address::P2wsh(_) | Address::Taproot(_) => unreachable!("handled by verify_row"),
    };
    if matches {
        Status::Verified
    } else {
        Status::Failed(format!(
            "the signature recovers to a key whose address is not {address} (wrong message, wrong key, or wrong address)"
        ))
    }
}

/// A parsed `OP_m <key>… OP_n OP_CHECKMULTISIG` script.
#[derive(Debug)]
pub struct Multisig {
    pub threshold: usize,
    pub keys: Vec<k256::PublicKey>,
}

/// Parses a bare m-of-n multisig script. Any other script is refused, so a
/// row can only pass with a script whose meaning solvent knows exactly.
pub fn parse_multisig(script: &[u8]) -> Result<Multisig, ScriptError> {
    let small_int = |op: u8| (0x51..=0x60).contains(&op).then(|| usize::from(op - 0x50));
    let (&first, rest) = script.split_first().ok_or(ScriptError::Empty)?;
    let threshold = small_int(first).ok_or(ScriptError::Threshold)?;
    let mut keys = Vec::new();
    let mut cursor = rest;
    while let Some((&push, tail)) = cursor.split_first() {
        if push != 0x21 && push != 0x41 {
            break;
        }
        let len = usize::from(push);
        if tail.len() < len {
            return Err(ScriptError::Truncated);
        }
        let key = k256::PublicKey::from_sec1_bytes(&tail[..len]).map_err(|_| ScriptError::Key {
            index: keys.len() + 1,
        })?;
        keys.push(key);
        cursor = &tail[len..];
    }
    match cursor {
        [n_op, 0xae] if small_int(*n_op) == Some(keys.len()) => {}
        _ => return Err(ScriptError::NotMultisig),
    }
    if threshold == 0 || threshold > keys.len() {
        return Err(ScriptError::ThresholdOfKeys {
            threshold,
            keys: keys.len(),
        });
    }
    Ok(Multisig { threshold, keys })
}

fn verify_multisig(
    coin: &Coin,
    decoded: &Address,
    address: &str,
    message: &str,
    signatures: &[&str],
    script_hex: &str,
) -> Status {
    let script = match hex::decode(script_hex.strip_prefix("0x").unwrap_or(script_hex)) {
        Ok(s) => s,
        Err(_) => return Status::Failed("redeem/witness script is not hex".into()),
    };
    let witness_program: [u8; 32] = Sha256::digest(&script).into();
    let bound = match decoded {
        Address::P2sh(h) => {
            let mut nested = vec![0x00, 0x20];
            nested.extend_from_slice(&witness_program);
            hash160(&script) == *h || hash160(&nested) == *h
        }
        Address::P2wsh(program) => witness_program == *program,
        Address::P2pkh(_) | Address::P2wpkh(_) => {
            return Status::Failed(format!(
                "{address} is a single-key address but the row lists a script"
            ))
        }
        Address::Taproot(_) => unreachable!("handled by the caller"),
    };
    if !bound {
        return Status::Failed(format!("the script does not hash to {address}"));
    }
    let multisig = match parse_multisig(&script) {
        Ok(m) => m,
        Err(e) => return Status::Unverified(format!("unsupported script: {e}")),
    };
    let mut signed_by = vec![false; multisig.keys.len()];
    for (i, signature) in signatures.iter().enumerate() {
        let signer = match recover_signer(coin, message, signature) {
            Ok(s) => s,
            Err(e) => return Status::Failed(format!("signature {}: {e}", i + 1)),
        };
        let recovered = k256::PublicKey::from(&signer.key);
        match multisig.keys.iter().position(|k| *k == recovered) {
            Some(member) if signed_by[member] => {
                return Status::Failed(format!(
                    "signature {} is by script key {} again: a key counts once",
                    i + 1,
                    member + 1
                ))
            }
            Some(member) => signed_by[member] = true,
            None => {
                return Status::Failed(format!(
                "signature {} recovers to a key that is not in the script (wrong message or key)",
                i + 1
            ))
            }
        }
    }
    let distinct = signed_by.iter().filter(|s| **s).count();
    if distinct >= multisig.threshold {
        Status::Verified
    } else {
        Status::Failed(format!(
            "{distinct} distinct key(s) signed a {}-of-{} script",
            multisig.threshold,
            multisig.keys.len()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::ecdsa::SigningKey;

    fn sign(coin: &Coin, key: &SigningKey, message: &str, header_base: u8) -> String {
        let (sig, id) = key
            .sign_prehash_recoverable(&message_digest(coin, message))
            .unwrap();
        let mut bytes = vec![header_base + id.to_byte()];
        bytes.extend_from_slice(&sig.to_bytes());
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    fn p2pkh(version: u8, hash: [u8; 20]) -> String {
        let mut payload = vec![version];
        payload.extend_from_slice(&hash);
        bs58::encode(payload).with_check().into_string()
    }

    #[test]
    fn single_key_scripts_verify_and_forgeries_fail() {
        let key = SigningKey::random(&mut rand::thread_rng());
        let other = SigningKey::random(&mut rand::thread_rng());
        let message = "solvent reserves 2026-11";
        let compressed = hash160(key.verifying_key().to_encoded_point(true).as_bytes());
        let uncompressed = hash160(key.verifying_key().to_encoded_point(false).as_bytes());

        let legacy = p2pkh(0x00, compressed);
        assert_eq!(
            verify(
                &BITCOIN,
                &legacy,
                message,
                &sign(&BITCOIN, &key, message, 31)
            ),
            Status::Verified
        );
        let legacy_u = p2pkh(0x00, uncompressed);
        assert_eq!(
            verify(
                &BITCOIN,
                &legacy_u,
                message,
                &sign(&BITCOIN, &key, message, 27)
            ),
            Status::Verified
        );
        // The compression flag must match the address.
        assert_eq!(
            verify(
                &BITCOIN,
                &legacy_u,
                message,
                &sign(&BITCOIN, &key, message, 31)
            )
            .label(),
            "FAILED"
        );

        let hrp = bech32::Hrp::parse("bc").unwrap();
        let segwit = bech32::segwit::encode(hrp, bech32::segwit::VERSION_0, &compressed).unwrap();
        assert_eq!(
            verify(
                &BITCOIN,
                &segwit,
                message,
                &sign(&BITCOIN, &key, message, 39)
            ),
            Status::Verified
        );

        let mut script = vec![0x00, 0x14];
        script.extend_from_slice(&compressed);
        let wrapped = p2pkh(0x05, hash160(&script));
        assert_eq!(
            verify(
                &BITCOIN,
                &wrapped,
                message,
                &sign(&BITCOIN, &key, message, 35)
            ),
            Status::Verified
        );

        let sig = sign(&BITCOIN, &key, message, 31);
        assert_eq!(
            verify(&BITCOIN, &legacy, "another message", &sig).label(),
            "FAILED"
        );
        assert_eq!(
            verify(
                &BITCOIN,
                &legacy,
                message,
                &sign(&BITCOIN, &other, message, 31)
            )
            .label(),
            "FAILED"
        );
        let other_addr = p2pkh(
            0x00,
            hash160(other.verifying_key().to_encoded_point(true).as_bytes()),
        );
        assert_eq!(
            verify(&BITCOIN, &other_addr, message, &sig).label(),
            "FAILED"
        );
        // Another coin's header or address version fails.
        assert_eq!(
            verify(&LITECOIN, &p2pkh(0x30, compressed), message, &sig).label(),
            "FAILED"
        );
        assert_eq!(verify(&LITECOIN, &legacy, message, &sig).label(), "FAILED");
        let ltc_sig = sign(&LITECOIN, &key, message, 31);
        assert_eq!(
            verify(&LITECOIN, &p2pkh(0x30, compressed), message, &ltc_sig),
            Status::Verified
        );
        let doge_sig = sign(&DOGECOIN, &key, message, 31);
        assert_eq!(
            verify(&DOGECOIN, &p2pkh(0x1e, compressed), message, &doge_sig),
            Status::Verified
        );
    }

    #[test]
    fn undecodable_and_unsupported_addresses_never_pass() {
        let key = SigningKey::random(&mut rand::thread_rng());
        let sig = sign(&BITCOIN, &key, "m", 31);
        assert_eq!(
            verify(&BITCOIN, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "m", &sig).label(),
            "FAILED"
        );
        assert_eq!(
            verify(&BITCOIN, "not-an-address", "m", &sig).label(),
            "FAILED"
        );
        // A real Taproot address is reported, not passed.
        let taproot = "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297";
        assert_eq!(verify(&BITCOIN, taproot, "m", &sig).label(), "UNVERIFIED");
        assert_eq!(
            verify(&BITCOIN, "1BoatSLRHtKNngkdXEeobR76b53LETtpyU", "m", "!!").label(),
            "FAILED"
        );
    }

    /// Real 2-of-3 rows from OKX's 2025 file (test.csv).
    #[test]
    fn okx_published_multisig_rows_verify() {
        let btc = verify_row(
            &BITCOIN,
            "bc1q82aks5ft2at48wp0sa6rr5vtzutvgzr8azts6w8nlu0dqc2dx24qvzwspk",
            "OKC_DTT_AUP2025",
            &[
                "ICCxeipsfRZUurcUKGkXzA9p3WVrDeNzdAg1yojDRrCBGY/2fRe6Sg9F0tgQ6a4THqIJoCSIlmyxay6QQ6FSfcY=",
                "H3CfdwwB+klW7yPNpHeuQhpzxdmXEWczUSp4UziFimaLCdzg9bpw/KP+TwawJlOhD5EZS++Y1A9EU4pkps5VWRE=",
            ],
            Some("522103cf1f7e2d8e428e5dfc36d9eacd679a0bf7356a8e05dd02c8a9a12db36bb1c92421027b961ddea8ae2e81d47804685cf2ab820a4d59cdcb10f70adeeaf0e4d8817eae2102813215371e992904e68b3b77752898b22d89d7ca1c2562e8403040fd5e807c1453ae"),
        );
        assert_eq!(btc, Status::Verified, "{btc:?}");
        let doge = verify_row(
            &DOGECOIN,
            "AB98NMrZQ48RAj7jRS7L7AcT6d8SCvu2Uq",
            "OKC_DTT_AUP2025",
            &[
                "ICIByz72Kv9dDYC/0m85B+50FnZSG08Zw9Ll22HX1omVbFXQFXas2+E+QuTc9BcIUy1cqt7JogICQOMa5sdX4ek=",
                "H7Sp60puyJSnxMO3y2IPAyIRIJqUr6vfm8oNarS1zPUMBqpLrryL4Bli9ymQWpsHyL6sPm6AuhRsTJtLfST7Lfc=",
            ],
            Some("5221020b65f1fd63f160d509740c03d4f8f13eb16bc50c6df3cc2e3b19420faad235b621024f32d5d4d361270b65cf9b838833635ebfad40d9b0e37b12b9fd6281083143f821031423c97389660dc5104f75b64c64d1af05a6c21516a1f3a6fe93e14e9ba5801653ae"),
        );
        assert_eq!(doge, Status::Verified, "{doge:?}");
        // The same row with one signature twice is not 2-of-3.
        let twice = verify_row(
            &DOGECOIN,
            "AB98NMrZQ48RAj7jRS7L7AcT6d8SCvu2Uq",
            "OKC_DTT_AUP2025",
            &[
                "ICIByz72Kv9dDYC/0m85B+50FnZSG08Zw9Ll22HX1omVbFXQFXas2+E+QuTc9BcIUy1cqt7JogICQOMa5sdX4ek=",
                "ICIByz72Kv9dDYC/0m85B+50FnZSG08Zw9Ll22HX1omVbFXQFXas2+E+QuTc9BcIUy1cqt7JogICQOMa5sdX4ek=",
            ],
            Some("5221020b65f1fd63f160d509740c03d4f8f13eb16bc50c6df3cc2e3b19420faad235b621024f32d5d4d361270b65cf9b838833635ebfad40d9b0e37b12b9fd6281083143f821031423c97389660dc5104f75b64c64d1af05a6c21516a1f3a6fe93e14e9ba5801653ae"),
        );
        assert_eq!(twice.label(), "FAILED");
        // Without its script a P2WSH row cannot be bound to any key.
        let bare = verify(
            &BITCOIN,
            "bc1q82aks5ft2at48wp0sa6rr5vtzutvgzr8azts6w8nlu0dqc2dx24qvzwspk",
            "OKC_DTT_AUP2025",
            "ICCxeipsfRZUurcUKGkXzA9p3WVrDeNzdAg1yojDRrCBGY/2fRe6Sg9F0tgQ6a4THqIJoCSIlmyxay6QQ6FSfcY=",
        );
        assert_eq!(bare.label(), "UNVERIFIED");
    }

    fn multisig_script(m: u8, keys: &[&SigningKey]) -> Vec<u8> {
        let mut script = vec![0x50 + m];
        for k in keys {
            script.push(0x21);
            script.extend_from_slice(k.verifying_key().to_encoded_point(true).as_bytes());
        }
        script.push(0x50 + keys.len() as u8);
        script.push(0xae);
        script
    }

    #[test]
    fn multisig_needs_threshold_distinct_members() {
        let keys: Vec<SigningKey> = (0..4)
            .map(|_| SigningKey::random(&mut rand::thread_rng()))
            .collect();
        let (a, b, c, outsider) = (&keys[0], &keys[1], &keys[2], &keys[3]);
        let message = "solvent reserves 2026-11";
        let script = multisig_script(2, &[a, b, c]);
        let script_hex = hex::encode(&script);
        let hrp = bech32::Hrp::parse("bc").unwrap();
        let program: [u8; 32] = Sha256::digest(&script).into();
        let p2wsh = bech32::segwit::encode(hrp, bech32::segwit::VERSION_0, &program).unwrap();
        let p2sh = p2pkh(0x05, hash160(&script));
        let mut nested = vec![0x00, 0x20];
        nested.extend_from_slice(&program);
        let p2sh_p2wsh = p2pkh(0x05, hash160(&nested));
        let sig = |k: &SigningKey, msg: &str| sign(&BITCOIN, k, msg, 31);
        let (sa, sb, sc) = (sig(a, message), sig(b, message), sig(c, message));

        for address in [&p2wsh, &p2sh, &p2sh_p2wsh] {
            let check =
                |sigs: &[&str]| verify_row(&BITCOIN, address, message, sigs, Some(&script_hex));
            assert_eq!(check(&[&sa, &sb]), Status::Verified);
            assert_eq!(check(&[&sc, &sa]), Status::Verified);
            assert_eq!(check(&[&sa, &sb, &sc]), Status::Verified);
            // The same signature twice, or the same key twice, is one key.
            assert_eq!(check(&[&sa, &sa]).label(), "FAILED");
            let sa_again = sign(&BITCOIN, a, message, 27); // uncompressed flag, same key
            assert_eq!(check(&[&sa, &sa_again]).label(), "FAILED");
            // One signature for a 2-of-3.
            let one = check(&[&sb]);
            assert_eq!(one.label(), "FAILED");
            assert!(one.reason().unwrap().contains("2-of-3"), "{one:?}");
            // A key outside the script, or a signature over another message.
            assert_eq!(check(&[&sa, &sig(outsider, message)]).label(), "FAILED");
            assert_eq!(check(&[&sa, &sig(b, "other")]).label(), "FAILED");
        }
        // A script that does not hash to the address.
        let other_script = hex::encode(multisig_script(2, &[a, b, outsider]));
        assert_eq!(
            verify_row(&BITCOIN, &p2wsh, message, &[&sa, &sb], Some(&other_script)).label(),
            "FAILED"
        );
        // A 1-of-3 set of signatures is not enough for 2-of-3; a 1-of-3
        // script is satisfied by one.
        let one_of_three = multisig_script(1, &[a, b, c]);
        let program1: [u8; 32] = Sha256::digest(&one_of_three).into();
        let addr1 = bech32::segwit::encode(hrp, bech32::segwit::VERSION_0, &program1).unwrap();
        assert_eq!(
            verify_row(
                &BITCOIN,
                &addr1,
                message,
                &[&sc],
                Some(&hex::encode(&one_of_three))
            ),
            Status::Verified
        );
        // A non-multisig script is reported, never passed.
        let odd = vec![0x51, 0x51, 0xae];
        let odd_program: [u8; 32] = Sha256::digest(&odd).into();
        let odd_addr =
            bech32::segwit::encode(hrp, bech32::segwit::VERSION_0, &odd_program).unwrap();
        assert_eq!(
            verify_row(
                &BITCOIN,
                &odd_addr,
                message,
                &[&sa],
                Some(&hex::encode(&odd))
            )
            .label(),
            "UNVERIFIED"
        );
    }

    #[test]
    fn bitcoin_cash_legacy_and_cashaddr() {
        let key = SigningKey::random(&mut rand::thread_rng());
        let hash = hash160(key.verifying_key().to_encoded_point(true).as_bytes());
        let sig = sign(&BITCOIN_CASH, &key, "m", 31);
        let cash = cashaddr::encode("bitcoincash", 0x00, &hash);
        assert_eq!(verify(&BITCOIN_CASH, &cash, "m", &sig), Status::Verified);
        let bare = cash.split_once(':').unwrap().1;
        assert_eq!(verify(&BITCOIN_CASH, bare, "m", &sig), Status::Verified);
        assert_eq!(
            verify(&BITCOIN_CASH, &p2pkh(0x00, hash), "m", &sig),
            Status::Verified
        );
        assert_eq!(verify(&BITCOIN_CASH, &cash, "x", &sig).label(), "FAILED");
    }
}
