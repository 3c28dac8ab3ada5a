//! Addresses as deposit triage compares them.

use solvent_reserves::address::AddressKey;
use solvent_reserves::error::DecodeError;
use solvent_reserves::network::Family;

/// What an address names, across the chains one key controls it on:
/// solvent-reserves' key, with every Bitcoin-family chain in one space (a
/// script paying to one key's hash is that key's on Bitcoin, Bitcoin Cash,
/// Litecoin alike), as every EVM network already is.
pub fn key(family: Family, text: &str) -> Result<AddressKey, DecodeError> {
    let mut key = family.address_key(text.trim())?;
    if matches!(family, Family::Bitcoin(_)) {
        key.chain = "BITCOIN-SCRIPT";
    }
    Ok(key)
}
