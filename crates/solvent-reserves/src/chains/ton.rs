//! TON wallet addresses. A TON address is the hash of the wallet's initial
//! state (`StateInit` cell: code + data), so binding a key to an address means
//! rebuilding that cell for each known wallet contract and comparing hashes.
//!
//! Cell hashing follows the TON whitepaper ("standard cell representation"):
//! `sha256(d1 ‖ d2 ‖ data ‖ depth(ref)… ‖ hash(ref)…)` with `d1` = number of
//! references, `d2` = ⌊bits/8⌋ + ⌈bits/8⌉, and the data padded with a 1 bit
//! then zeros when `bits` is not a multiple of 8.

use sha2::{Digest as _, Sha256};

use crate::encoding::hex_exact;
use crate::error::{AddressError, DecodeError, Problem, Subject};

/// A cell already hashed: what a parent needs of it.
#[derive(Clone, Copy)]
struct HashedCell {
    hash: [u8; 32],
    depth: u16,
}

/// Published wallet code cells: (representation hash, depth). These are the
/// code hashes the TON ecosystem identifies wallets by.
const WALLET_V3R1_CODE: HashedCell = HashedCell {
    hash: hex_literal("b61041a58a7980b946e8fb9e198e3c904d24799ffa36574ea4251c41a566f581"),
    depth: 0,
};
const WALLET_V3R2_CODE: HashedCell = HashedCell {
    hash: hex_literal("84dafa449f98a6987789ba232358072bc0f76dc4524002a5d0918b9a75d2d599"),
    depth: 0,
};
const HIGHLOAD_V3_CODE: HashedCell = HashedCell {
    hash: hex_literal("11acad7955844090f283bf238bc1449871f783e7cc0979408d3f4859483e8525"),
    depth: 6,
};

/// Default `wallet_id` of v3 wallets on workchain 0.
const V3_DEFAULT_WALLET_ID: u32 = 698_983_191;
/// Sub-wallet ids tried for highload v3: the one its authors recommend, the
/// v3 default and zero.
const HIGHLOAD_SUBWALLET_IDS: [u32; 3] = [0x10ad, V3_DEFAULT_WALLET_ID, 0];

/// Highload v3 stores its message `timeout` in its initial state, and a
/// reserve file does not list it: the whole minutes from 1 to 60 and the
/// whole hours from 1 to 24 are tried (the range its authors recommend).
fn highload_timeouts() -> impl Iterator<Item = u32> {
    (1..=60u32)
        .map(|m| m * 60)
        .chain((2..=24u32).map(|h| h * 3600))
}

const fn hex_literal(text: &str) -> [u8; 32] {
    let bytes = text.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(bytes[2 * i]) << 4) | nibble(bytes[2 * i + 1]);
        i += 1;
    }
    out
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("not a lowercase hex digit"),
    }
}

/// Hash of an ordinary cell of `bit_len` bits (`data` holds them, MSB first,
/// unused trailing bits zero) with `refs` as children.
fn cell_hash(data: &[u8], bit_len: usize, refs: &[HashedCell]) -> HashedCell {
    let mut hasher = Sha256::new();
    hasher.update([refs.len() as u8, (bit_len / 8 + bit_len.div_ceil(8)) as u8]);
    let mut padded = data[..bit_len.div_ceil(8)].to_vec();
    if !bit_len.is_multiple_of(8) {
        let last = padded.len() - 1;
        padded[last] |= 0x80 >> (bit_len % 8);
    }
    hasher.update(&padded);
    for r in refs {
        hasher.update(r.depth.to_be_bytes());
    }
    for r in refs {
        hasher.update(r.hash);
    }
    let depth = refs.iter().map(|r| r.depth + 1).max().unwrap_or(0);
    HashedCell {
        hash: hasher.finalize().into(),
        depth,
    }
}

/// `StateInit` with code and data and nothing else: bits `0 0 1 1 0`.
fn state_init_hash(code: HashedCell, data: HashedCell) -> [u8; 32] {
    cell_hash(&[0b0011_0000], 5, &[code, data]).hash
}

fn v3_data(public_key: &[u8; 32], wallet_id: u32) -> HashedCell {
    let mut data = Vec::with_capacity(40);
    data.extend_from_slice(&0u32.to_be_bytes()); // seqno
    data.extend_from_slice(&wallet_id.to_be_bytes());
    data.extend_from_slice(public_key);
    cell_hash(&data, 320, &[])
}

/// `public_key:256 subwallet_id:32 old_queries:(HashmapE) queries:(HashmapE)
/// last_clean_time:64 timeout:22`, both dictionaries empty, 376 bits.
fn highload_v3_data(public_key: &[u8; 32], subwallet_id: u32, timeout: u32) -> HashedCell {
    let mut data = [0u8; 47];
    data[..32].copy_from_slice(public_key);
    data[32..36].copy_from_slice(&subwallet_id.to_be_bytes());
    // Bits 288..354 are the two empty dictionaries and last_clean_time = 0;
    // the 22-bit timeout fills the last 22 bits.
    let tail = u32::to_be_bytes(timeout & 0x3f_ffff);
    data[44] = tail[1];
    data[45] = tail[2];
    data[46] = tail[3];
    cell_hash(&data, 376, &[])
}

/// The wallet contracts whose address `public_key` derives, named.
fn candidate_addresses(public_key: &[u8; 32]) -> impl Iterator<Item = (String, [u8; 32])> + '_ {
    let v3 = [("v3r1", WALLET_V3R1_CODE), ("v3r2", WALLET_V3R2_CODE)]
        .into_iter()
        .map(move |(name, code)| {
            (
                format!("wallet {name}"),
                state_init_hash(code, v3_data(public_key, V3_DEFAULT_WALLET_ID)),
            )
        });
    let highload = HIGHLOAD_SUBWALLET_IDS.into_iter().flat_map(move |sub| {
        highload_timeouts().map(move |timeout| {
            (
                format!("highload v3 (subwallet {sub:#x}, timeout {timeout} s)"),
                state_init_hash(HIGHLOAD_V3_CODE, highload_v3_data(public_key, sub, timeout)),
            )
        })
    });
    v3.chain(highload)
}

/// Decodes a TON address: user-friendly (base64 or base64url of
/// `flags ‖ workchain ‖ hash ‖ crc16`) or raw (`0:` + 64 hex digits).
pub fn decode(address: &str) -> Result<(i8, [u8; 32]), DecodeError> {
    use base64::Engine as _;
    let error = |problem| DecodeError::address(address, problem);
    if let Some((wc, hash)) = address.split_once(':') {
        let workchain: i8 = wc.parse().map_err(|_| error(Problem::Workchain))?;
        let hash = hex_exact(hash, Subject::Address)?;
        return Ok((workchain, hash));
    }
    let normalized: String = address
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(normalized)
        .map_err(|_| error(Problem::Not("a TON address")))?;
    if bytes.len() != 36 {
        return Err(error(Problem::Not("a 36-byte TON address")));
    }
    let crc = crc::Crc::<u16>::new(&crc::CRC_16_XMODEM).checksum(&bytes[..34]);
    if crc.to_be_bytes() != bytes[34..] {
        return Err(error(Problem::Checksum("CRC16")));
    }
    if bytes[0] & 0x3f != 0x11 {
        return Err(error(Problem::TonFlags(bytes[0])));
    }
    Ok((bytes[1] as i8, bytes[2..34].try_into().expect("32 bytes")))
}

/// The user-friendly, non-bounceable (`UQ…`) address of the standard v3r2
/// wallet of `public_key` on workchain 0.
pub fn wallet_v3r2_address(public_key: &[u8; 32]) -> String {
    use base64::Engine as _;
    let hash = state_init_hash(WALLET_V3R2_CODE, v3_data(public_key, V3_DEFAULT_WALLET_ID));
    let mut raw = vec![0x51, 0x00];
    raw.extend_from_slice(&hash);
    let crc = crc::Crc::<u16>::new(&crc::CRC_16_XMODEM).checksum(&raw);
    raw.extend_from_slice(&crc.to_be_bytes());
    base64::engine::general_purpose::URL_SAFE.encode(&raw)
}

/// Whether `address` is a known wallet contract of `public_key`.
pub fn address_matches(address: &str, public_key: &[u8; 32]) -> Result<bool, AddressError> {
    let (workchain, hash) = decode(address).map_err(AddressError::Undecodable)?;
    if workchain != 0 {
        return Err(AddressError::Unverifiable(format!(
            "TON address on workchain {workchain}: only workchain 0 wallets are derived"
        )));
    }
    Ok(candidate_addresses(public_key).any(|(_, candidate)| candidate == hash))
}

/// Which known wallet `public_key` has at `address`, for messages and tests.
pub fn wallet_kind(address: &str, public_key: &[u8; 32]) -> Option<String> {
    let (_, hash) = decode(address).ok()?;
    candidate_addresses(public_key)
        .find_map(|(name, candidate)| (candidate == hash).then_some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real row of OKX's published example: a highload v3 wallet.
    #[test]
    fn okx_published_ton_address_is_a_highload_v3_wallet_of_its_key() {
        let key = hex_literal("6711ba8eaa47855b01d73e3849cd93861b1c11d7a86ae5fb8f96bb63d9be5a6b");
        let address = "UQB1CKrUWm7qf41Z1GeEE6AgVVj5cH6y6x1aRmWe6q4mj1fn";
        assert_eq!(
            wallet_kind(address, &key).as_deref(),
            Some("highload v3 (subwallet 0x10ad, timeout 43200 s)")
        );
        let mut other = key;
        other[0] ^= 1;
        assert!(matches!(address_matches(address, &other), Ok(false)));
    }

    #[test]
    fn v3_addresses_and_checksums() {
        let key = [7u8; 32];
        let hash = state_init_hash(WALLET_V3R2_CODE, v3_data(&key, V3_DEFAULT_WALLET_ID));
        let mut raw = vec![0x51, 0x00];
        raw.extend_from_slice(&hash);
        let crc = crc::Crc::<u16>::new(&crc::CRC_16_XMODEM).checksum(&raw);
        raw.extend_from_slice(&crc.to_be_bytes());
        use base64::Engine as _;
        let friendly = base64::engine::general_purpose::URL_SAFE.encode(&raw);
        assert_eq!(wallet_kind(&friendly, &key).as_deref(), Some("wallet v3r2"));
        assert!(matches!(
            address_matches(&format!("0:{}", hex::encode(hash)), &key),
            Ok(true)
        ));
        // One changed character breaks the checksum: FAILED, never passed.
        let mut broken = friendly.clone().into_bytes();
        broken[10] = if broken[10] == b'A' { b'B' } else { b'A' };
        let broken = String::from_utf8(broken).unwrap();
        assert!(matches!(
            address_matches(&broken, &key),
            Err(AddressError::Undecodable(_))
        ));
    }
}
