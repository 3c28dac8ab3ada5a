//! Bitcoin-family signed messages (BIP-137 compact signatures).
//!
//! Digest: `sha256d(varstr(header) ‖ varstr(message))` with the coin's header,
//! e.g. `"Bitcoin Signed Message:\n"`. Signature: base64 of 65 bytes, the first
//! a header byte: 27-30 uncompressed key, 31-34 compressed key, 35-38
//! P2SH-P2WPKH, 39-42 P2WPKH; its low two bits are the recovery id.

use base64::Engine as _;
use ripemd::Ripemd160;
use sha2::{Digest as _, Sha256};

use crate::secp::recover;
use crate::Status;

/// Per-coin constants.
#[derive(Debug, Clone, Copy)]
pub struct Coin {
    pub name: &'static str,
    pub message_header: &'static str,
    pub p2pkh_versions: &'static [u8],
    pub p2sh_versions: &'static [u8],
    pub bech32_hrp: Option<&'static str>,
}

pub const BITCOIN: Coin = Coin {
    name: "BTC",
    message_header: "Bitcoin Signed Message:\n",
    p2pkh_versions: &[0x00],
    p2sh_versions: &[0x05],
    bech32_hrp: Some("bc"),
};
pub const LITECOIN: Coin = Coin {
    name: "LTC",
    message_header: "Litecoin Signed Message:\n",
    p2pkh_versions: &[0x30],
    p2sh_versions: &[0x32, 0x05],
    bech32_hrp: Some("ltc"),
};
pub const DOGECOIN: Coin = Coin {
    name: "DOGE",
    message_header: "Dogecoin Signed Message:\n",
    p2pkh_versions: &[0x1e],
    p2sh_versions: &[0x16],
    bech32_hrp: None,
};
pub const DASH: Coin = Coin {
    name: "DASH",
    message_header: "DarkCoin Signed Message:\n",
    p2pkh_versions: &[0x4c],
    p2sh_versions: &[0x10],
    bech32_hrp: None,
};

/// A decoded address: what it commits to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    P2pkh([u8; 20]),
    P2sh([u8; 20]),
    P2wpkh([u8; 20]),
    P2wsh([u8; 32]),
    Taproot,
}

fn varstr(out: &mut Vec<u8>, bytes: &[u8]) {
    let n = bytes.len() as u64;
    match n {
        0..=0xfc => out.push(n as u8),
        0xfd..=0xffff => {
            out.push(0xfd);
            out.extend_from_slice(&(n as u16).to_le_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(0xfe);
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        _ => {
            out.push(0xff);
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
    out.extend_from_slice(bytes);
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
pub fn decode_address(coin: &Coin, text: &str) -> Result<Address, String> {
    if let Some(hrp) = coin.bech32_hrp {
        if text.to_ascii_lowercase().starts_with(&format!("{hrp}1")) {
            let (decoded_hrp, version, program) =
                bech32::segwit::decode(text).map_err(|e| format!("address `{text}`: {e}"))?;
            if decoded_hrp.as_str() != hrp {
                return Err(format!("address `{text}` is not a {} address", coin.name));
            }
            return match (version.to_u8(), program.len()) {
                (0, 20) => Ok(Address::P2wpkh(program.try_into().expect("20 bytes"))),
                (0, 32) => Ok(Address::P2wsh(program.try_into().expect("32 bytes"))),
                (1, 32) => Ok(Address::Taproot),
                (v, n) => Err(format!(
                    "address `{text}`: unsupported witness v{v} program of {n} bytes"
                )),
            };
        }
    }
    let bytes = bs58::decode(text)
        .with_check(None)
        .into_vec()
        .map_err(|e| format!("address `{text}` is not valid base58check: {e}"))?;
    if bytes.len() != 21 {
        return Err(format!(
            "address `{text}` has a {}-byte payload",
            bytes.len()
        ));
    }
    let hash: [u8; 20] = bytes[1..].try_into().expect("20 bytes");
    if coin.p2pkh_versions.contains(&bytes[0]) {
        Ok(Address::P2pkh(hash))
    } else if coin.p2sh_versions.contains(&bytes[0]) {
        Ok(Address::P2sh(hash))
    } else {
        Err(format!(
            "address `{text}` has version byte {:#04x}, not a {} address",
            bytes[0], coin.name
        ))
    }
}

/// Verifies a single-key signed message against `address`.
pub fn verify(coin: &Coin, address: &str, message: &str, signature_base64: &str) -> Status {
    let decoded = match decode_address(coin, address) {
        Ok(a) => a,
        Err(e) => return Status::Failed(e),
    };
    match decoded {
        Address::Taproot => {
            return Status::Unverified(
                "Taproot (BIP-322) message signatures are not supported yet".into(),
            )
        }
        Address::P2wsh(_) => {
            return Status::Unverified(
                "P2WSH multisig needs the witness script; not supported yet".into(),
            )
        }
        _ => {}
    }
    let sig = match base64::engine::general_purpose::STANDARD.decode(signature_base64.trim()) {
        Ok(s) if s.len() == 65 => s,
        _ => return Status::Failed("signature is not 65 bytes of base64".into()),
    };
    let header = sig[0];
    if !(27..=42).contains(&header) {
        return Status::Failed(format!("signature header byte {header} is not 27..=42"));
    }
    let recovery_id = (header - 27) & 3;
    let compressed = header >= 31;
    let rs: [u8; 64] = sig[1..].try_into().expect("64 bytes");
    let key = match recover(&message_digest(coin, message), &rs, recovery_id) {
        Ok(k) => k,
        Err(e) => return Status::Failed(e),
    };
    let key_hash = hash160(key.to_encoded_point(compressed).as_bytes());
    let matches = match decoded {
        Address::P2pkh(h) => h == key_hash,
        Address::P2wpkh(h) => compressed && h == key_hash,
        Address::P2sh(h) => {
            // P2SH-wrapped P2WPKH: the script is `0 <hash160(compressed key)>`.
            let mut script = vec![0x00, 0x14];
            script.extend_from_slice(&key_hash);
            if compressed && hash160(&script) == h {
                true
            } else {
                return Status::Unverified(
                    "P2SH address: not P2SH-P2WPKH of the signing key; multisig redeem scripts are not supported yet".into(),
                );
            }
        }
        Address::P2wsh(_) | Address::Taproot => unreachable!("handled above"),
    };
    if matches {
        Status::Verified
    } else {
        Status::Failed(format!(
            "the signature recovers to a key whose address is not {address} (wrong message, wrong key, or wrong address)"
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

    /// A real 2-of-3 P2WSH row from OKX's 2025 file: reported, never passed,
    /// until multisig verification lands.
    #[test]
    fn okx_published_p2wsh_row_is_unverified_for_now() {
        let address = "bc1q82aks5ft2at48wp0sa6rr5vtzutvgzr8azts6w8nlu0dqc2dx24qvzwspk";
        assert!(matches!(
            decode_address(&BITCOIN, address),
            Ok(Address::P2wsh(_))
        ));
        let status = verify(
            &BITCOIN,
            address,
            "OKC_DTT_AUP2025",
            "ICCxeipsfRZUurcUKGkXzA9p3WVrDeNzdAg1yojDRrCBGY/2fRe6Sg9F0tgQ6a4THqIJoCSIlmyxay6QQ6FSfcY=",
        );
        assert_eq!(status.label(), "UNVERIFIED");
        assert!(status.reason().unwrap().contains("P2WSH"));
    }
}
