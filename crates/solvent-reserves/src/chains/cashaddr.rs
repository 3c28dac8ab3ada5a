//! Bitcoin Cash CashAddr addresses (`bitcoincash:q…` / `p…`): base32 with a
//! 40-bit BCH checksum over the prefix and payload. This is an address
//! encoding, not cryptography; the spec is short and fixed.

use crate::error::{DecodeError, Problem};

const CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn polymod(values: impl Iterator<Item = u8>) -> u64 {
    const GENERATORS: [u64; 5] = [
        0x98_f2bc_8e61,
        0x79_b76d_99e2,
        0xf3_3e5f_b3c4,
        0xae_2eab_e2a8,
        0x1e_4f43_e470,
    ];
    let mut c: u64 = 1;
    for d in values {
        let top = c >> 35;
        c = ((c & 0x07_ffff_ffff) << 5) ^ u64::from(d);
        for (i, g) in GENERATORS.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                c ^= g;
            }
        }
    }
    c ^ 1
}

/// The version byte of a pay-to-pubkey-hash CashAddr.
pub const P2PKH: u8 = 0x00;
/// The version byte of a pay-to-script-hash CashAddr.
pub const P2SH: u8 = 0x08;

/// Decodes the part after `prefix:` (already lowercase) into its version
/// byte ([`P2PKH`] or [`P2SH`]) and 20-byte hash.
pub fn decode(prefix: &str, body: &str) -> Result<(u8, [u8; 20]), DecodeError> {
    let error = |problem| DecodeError::address(&format!("{prefix}:{body}"), problem);
    let values: Vec<u8> = body
        .bytes()
        .map(|c| CHARSET.iter().position(|x| *x == c).map(|p| p as u8))
        .collect::<Option<_>>()
        .ok_or_else(|| error(Problem::CashAddrCharacter))?;
    if values.len() != 42 {
        return Err(error(Problem::Not("a 20-byte CashAddr")));
    }
    let checked = prefix
        .bytes()
        .map(|c| c & 0x1f)
        .chain([0])
        .chain(values.iter().copied());
    if polymod(checked) != 0 {
        return Err(error(Problem::Checksum("CashAddr")));
    }
    // 34 five-bit groups = 170 bits: a version byte, 20 bytes, 2 zero bits.
    let mut bytes = Vec::with_capacity(21);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in &values[..34] {
        acc = (acc << 5) | u32::from(*v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
        }
    }
    if acc & ((1 << bits) - 1) != 0 {
        return Err(error(Problem::Padding));
    }
    let hash: [u8; 20] = bytes[1..21].try_into().expect("20 bytes");
    match bytes[0] {
        v @ (P2PKH | P2SH) => Ok((v, hash)),
        v => Err(error(Problem::CashAddrVersion(v))),
    }
}

/// Encodes a 20-byte hash as CashAddr (for tests and messages).
pub fn encode(prefix: &str, version: u8, hash: &[u8; 20]) -> String {
    let mut payload = vec![version];
    payload.extend_from_slice(hash);
    let mut values = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in payload {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            values.push(((acc >> bits) & 31) as u8);
        }
    }
    if bits > 0 {
        values.push(((acc << (5 - bits)) & 31) as u8);
    }
    let checksum_input = prefix
        .bytes()
        .map(|c| c & 0x1f)
        .chain([0])
        .chain(values.iter().copied())
        .chain([0; 8]);
    let checksum = polymod(checksum_input);
    for i in 0..8 {
        values.push(((checksum >> (5 * (7 - i))) & 31) as u8);
    }
    let body: String = values
        .iter()
        .map(|v| CHARSET[*v as usize] as char)
        .collect();
    format!("{prefix}:{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CashAddr spec's test vector for the all-zero-ish P2PKH hash
    /// `F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9`.
    #[test]
    fn spec_vector() {
        let hash: [u8; 20] = hex::decode("f5bf48b397dae70be82b3cca4793f8eb2b6cdac9")
            .unwrap()
            .try_into()
            .unwrap();
        let address = encode("bitcoincash", 0x00, &hash);
        assert_eq!(
            address,
            "bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2"
        );
        let body = address.split_once(':').unwrap().1;
        assert_eq!(decode("bitcoincash", body), Ok((P2PKH, hash)));
        let mut broken = body.to_string();
        broken.replace_range(5..6, if &body[5..6] == "q" { "p" } else { "q" });
        assert!(decode("bitcoincash", &broken).is_err());
    }
}
