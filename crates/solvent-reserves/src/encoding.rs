//! Byte encodings shared by several chain families.

use crate::error::{DecodeError, Problem, Subject};

/// Bitcoin CompactSize length prefix followed by the bytes.
pub fn varstr(out: &mut Vec<u8>, bytes: &[u8]) {
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

/// The header OKX's signing tools put in front of messages on non-Bitcoin,
/// non-EVM chains.
pub const OKX_HEADER: &str = "OKX Signed Message:\n";

/// `varstr(OKX_HEADER) ‖ varstr(message)`: what ed25519 chains sign as is and
/// what EOS and the OKX-header ECDSA chains hash.
pub fn okx_message(message: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(OKX_HEADER.len() + message.len() + 4);
    varstr(&mut out, OKX_HEADER.as_bytes());
    varstr(&mut out, message.as_bytes());
    out
}

/// Whether `text` starts with `parts` one after another, ASCII case aside,
/// and goes on past them (no allocation: address detection runs per lookup).
pub fn has_prefix(text: &str, parts: &[&str]) -> bool {
    let mut rest = text.as_bytes();
    for part in parts {
        let part = part.as_bytes();
        if rest.len() < part.len() || !rest[..part.len()].eq_ignore_ascii_case(part) {
            return false;
        }
        rest = &rest[part.len()..];
    }
    !rest.is_empty()
}

/// Decodes hex with an optional `0x` prefix into exactly `N` bytes.
pub fn hex_exact<const N: usize>(text: &str, subject: Subject) -> Result<[u8; N], DecodeError> {
    let error = |problem| DecodeError {
        subject,
        text: text.to_owned(),
        problem,
    };
    let digits = text
        .trim()
        .strip_prefix("0x")
        .or_else(|| text.trim().strip_prefix("0X"))
        .unwrap_or(text.trim());
    let bytes = hex::decode(digits).map_err(|_| error(Problem::NotHex))?;
    let len = bytes.len();
    bytes
        .try_into()
        .map_err(|_| error(Problem::Length { len, expected: N }))
}

/// True for the obviously made-up addresses that example files use: one
/// byte, or a short pattern, repeated over the whole address (`0xdeadbeef…`,
/// `0xabab…`). Such a row cannot be bound to a real wallet.
pub fn is_placeholder_hex(address: &str) -> bool {
    let Some(digits) = address.strip_prefix("0x") else {
        return false;
    };
    let Ok(bytes) = hex::decode(digits) else {
        return false;
    };
    if bytes.len() < 16 {
        return false;
    }
    (1..=4).any(|period| {
        bytes.len().is_multiple_of(period) && bytes.chunks(period).all(|c| c == &bytes[..period])
    })
}
