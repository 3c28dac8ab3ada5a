//! EOS / Vaulta: `SIG_K1_` signatures over `sha256(varstr("OKX Signed
//! Message:\n") ‖ varstr(message))`, recovered and compared with the row's
//! `EOS…` (or `PUB_K1_…`) public key.
//!
//! An EOS account name (`okbwallet1tr`) is bound to keys by on-chain
//! permissions, which an offline check cannot see; what is verified is that
//! the listed key signed. The row's note says so.

use ripemd::Ripemd160;
use sha2::{Digest as _, Sha256};

use super::secp::recover;
use super::{single_signature, OwnershipScheme, RowOutcome};
use crate::encoding::okx_message;
use crate::error::{DecodeError, Problem, SignatureError};
use crate::file::ReserveRow;
use crate::Status;

fn ripemd160(parts: &[&[u8]]) -> [u8; 20] {
    let mut h = Ripemd160::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// Decodes `EOS…` (legacy checksum) or `PUB_K1_…` into a compressed key.
pub fn decode_public_key(text: &str) -> Result<k256::PublicKey, DecodeError> {
    let error = |problem| DecodeError::public_key(text, problem);
    let (body, suffix): (&str, &[u8]) = if let Some(b) = text.strip_prefix("PUB_K1_") {
        (b, b"K1")
    } else if let Some(b) = text.strip_prefix("EOS") {
        (b, b"")
    } else {
        return Err(error(Problem::NotEosKey));
    };
    let bytes = bs58::decode(body)
        .into_vec()
        .map_err(|e| error(Problem::Base58(e.to_string())))?;
    if bytes.len() != 37 || ripemd160(&[&bytes[..33], suffix])[..4] != bytes[33..] {
        return Err(error(Problem::KeyChecksum));
    }
    k256::PublicKey::from_sec1_bytes(&bytes[..33]).map_err(|_| error(Problem::NotSecp256k1Point))
}

pub fn encode_public_key(key: &k256::PublicKey) -> String {
    use k256::elliptic_curve::sec1::ToEncodedPoint as _;
    let point = key.to_encoded_point(true);
    let mut bytes = point.as_bytes().to_vec();
    let check = ripemd160(&[&bytes]);
    bytes.extend_from_slice(&check[..4]);
    format!("EOS{}", bs58::encode(bytes).into_string())
}

/// Decodes `SIG_K1_…` into `r ‖ s` and a recovery id.
pub fn decode_signature(text: &str) -> Result<([u8; 64], u8), SignatureError> {
    let body = text
        .strip_prefix("SIG_K1_")
        .ok_or(SignatureError::Sigk1Prefix)?;
    let bytes = bs58::decode(body)
        .into_vec()
        .map_err(|e| SignatureError::Base58(e.to_string()))?;
    if bytes.len() != 69 || ripemd160(&[&bytes[..65], b"K1"])[..4] != bytes[65..] {
        return Err(SignatureError::Sigk1Checksum);
    }
    let header = bytes[0];
    if !(27..=34).contains(&header) {
        return Err(SignatureError::Header {
            byte: header,
            range: "27..=34",
        });
    }
    Ok((
        bytes[1..65].try_into().expect("64 bytes"),
        (header - 27) & 3,
    ))
}

pub fn encode_signature(rs: &[u8; 64], recovery_id: u8) -> String {
    let mut bytes = vec![31 + recovery_id];
    bytes.extend_from_slice(rs);
    let check = ripemd160(&[&bytes, b"K1"]);
    bytes.extend_from_slice(&check[..4]);
    format!("SIG_K1_{}", bs58::encode(bytes).into_string())
}

pub fn message_digest(message: &str) -> [u8; 32] {
    Sha256::digest(okx_message(message)).into()
}

/// EOS's ownership scheme: a signature by the public key the row lists. That
/// the key controls the account is on-chain permission state, so a VERIFIED
/// row says so in its note.
pub struct Eos;

impl OwnershipScheme for Eos {
    fn verify(&self, row: &ReserveRow) -> RowOutcome {
        let Some(key) = row.script_or_key.as_deref() else {
            return Status::Failed("no public key listed for the EOS account".into()).into();
        };
        let status = match single_signature(row) {
            Ok(sig) => verify(&row.message, sig, key),
            Err(status) => status,
        };
        let note = (status == Status::Verified).then(|| {
            format!(
                "key {key} signed; that it controls account `{}` is on-chain permission state, not checked offline",
                row.address
            )
        });
        RowOutcome { status, note }
    }
}

pub fn verify(message: &str, signature: &str, public_key: &str) -> Status {
    let expected = match decode_public_key(public_key.trim()) {
        Ok(k) => k,
        Err(e) => return Status::Failed(e.to_string()),
    };
    let (rs, recovery_id) = match decode_signature(signature.trim()) {
        Ok(s) => s,
        Err(e) => return Status::Failed(e.to_string()),
    };
    match recover(&message_digest(message), &rs, recovery_id) {
        Ok(key) if k256::PublicKey::from(&key) == expected => Status::Verified,
        Ok(_) => Status::Failed(format!(
            "the signature recovers to another key than {public_key} (wrong message or key)"
        )),
        Err(e) => Status::Failed(e.to_string()),
    }
}

/// An account name (`eosio.token`, `binancecleos`): 1 to 12 of `a-z`,
/// `1-5` and `.`, not ending in `.`; its bytes are its key. (The 13th
/// character names allow is not taken: exchanges' accounts do not use it.)
pub fn decode_account_name(text: &str) -> Result<Vec<u8>, DecodeError> {
    let b = text.as_bytes();
    let valid = (1..=12).contains(&b.len())
        && b.iter()
            .all(|c| matches!(c, b'a'..=b'z' | b'1'..=b'5' | b'.'))
        && !text.ends_with('.');
    if !valid {
        return Err(DecodeError::address(
            text,
            Problem::Not("an EOS account name (1 to 12 of a-z, 1-5 and dots)"),
        ));
    }
    Ok(b.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::ecdsa::SigningKey;

    #[test]
    fn okx_published_eos_row_verifies() {
        let status = verify(
            "OKC_DTT_AUP2025",
            "SIG_K1_K1fyBKSBw62ioqwFAFUhuFeCF5SbjbDv387RMAoQVy2VqmM1MhEXZSQ4A38PX7g128NBAanXMkwqYErAD1LNZR2ZWQigJz",
            "EOS7nGMZSQxyvJkH5WDnuGsSQMp7yCRYA5AX4GMAXh6WtmqnMT79X",
        );
        assert_eq!(status, Status::Verified, "{status:?}");
    }

    #[test]
    fn generated_keys_pass_and_forgeries_fail() {
        let key = SigningKey::random(&mut rand::thread_rng());
        let other = SigningKey::random(&mut rand::thread_rng());
        let public = encode_public_key(&k256::PublicKey::from(key.verifying_key()));
        let sign = |k: &SigningKey, m: &str| {
            let (sig, id) = k.sign_prehash_recoverable(&message_digest(m)).unwrap();
            encode_signature(&sig.to_bytes().into(), id.to_byte())
        };
        let sig = sign(&key, "m");
        assert_eq!(verify("m", &sig, &public), Status::Verified);
        assert_eq!(verify("other", &sig, &public).label(), "FAILED");
        assert_eq!(verify("m", &sign(&other, "m"), &public).label(), "FAILED");
        let mut broken = sig.clone();
        broken.pop();
        broken.push(if sig.ends_with('2') { '3' } else { '2' });
        assert_eq!(verify("m", &broken, &public).label(), "FAILED");
        assert_eq!(verify("m", &sig, "EOS1111").label(), "FAILED");
    }
}
