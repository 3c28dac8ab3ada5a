//! The chain or currency a list or a caller names, and the canonical keys of
//! an address on it. Names are solvent-reserves' network names plus OFAC's
//! currency codes (`XBT` is Bitcoin); a token's code (`USDT`, `USDC`), or
//! no name at all, means "whichever chain the address decodes on".

use solvent_reserves::address::{detect, AddressKey};
use solvent_reserves::network::Family;

/// Currency codes that name a token issued on several chains, not a chain.
const TOKENS: &[&str] = &["USDT", "USDC", "DAI", "BUSD", "TUSD", "PYUSD", "FDUSD"];

/// What a chain name asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainSpec {
    /// Addresses of this family only.
    Family(Family),
    /// Any chain the address decodes on.
    Any,
}

/// The chain `name` stands for, or `None` when solvent decodes no address
/// of it (Monero, Zcash, …).
pub fn resolve(name: &str) -> Option<ChainSpec> {
    let name = name.trim();
    if name.is_empty() || TOKENS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
        return Some(ChainSpec::Any);
    }
    // OFAC's ISO-4217-style code for bitcoin.
    let name = if name.eq_ignore_ascii_case("XBT") {
        "BTC"
    } else {
        name
    };
    Family::of(name).map(ChainSpec::Family)
}

/// The canonical keys of `address` on `chain` (a name as [`resolve`] takes
/// it), or why it has none: the reason a list entry is rejected or a
/// screened address is INVALID.
pub fn keys(chain: &str, address: &str) -> Result<Vec<AddressKey>, String> {
    match resolve(chain) {
        None => Err(format!(
            "solvent decodes no {} addresses, so this entry cannot be matched",
            chain.trim()
        )),
        Some(ChainSpec::Family(family)) => family
            .address_key(address)
            .map(|key| vec![key])
            .map_err(|e| {
                format!(
                    "not an address on {}: the address {}",
                    chain.trim(),
                    e.problem
                )
            }),
        Some(ChainSpec::Any) => {
            let keys = detect(address);
            if keys.is_empty() {
                Err(format!(
                    "`{address}` is not an address of any chain solvent decodes"
                ))
            } else {
                Ok(keys)
            }
        }
    }
}
