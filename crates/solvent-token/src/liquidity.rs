//! Who holds the pool's liquidity tokens, and so who can withdraw the
//! pool ("pull the rug"): burnt, held by contracts (lockers, multisigs),
//! or held by accounts without code.
//!
//! The holders come from the pair's `Transfer` logs up to the pinned
//! block; the balances they add up to must equal the pair's supply, or the
//! logs are incomplete and nothing is concluded.

use std::collections::HashMap;

use alloy::primitives::{Address, U256};
use alloy::sol_types::SolEvent;

use crate::abi::IERC20;
use crate::signals::is_burnt;
use crate::sim::{bps, Sim};
use crate::verdict::{Finding, FindingKind, Holder, Liquidity, UnknownReason};

/// One account holding at least this share (basis points) can withdraw
/// most of the pool.
const HELD_BPS: u32 = 5_000;

/// Why the holders could not be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LiquidityError {
    #[error("the node did not give the pair's logs: {0}")]
    Logs(String),
    #[error("a Transfer log of the pair does not decode: {0}")]
    Log(String),
    #[error("the pair's Transfer logs add up to {logged}, its supply is {supply}")]
    Incomplete { logged: U256, supply: U256 },
    #[error(transparent)]
    Sim(#[from] UnknownReason),
}

pub(crate) fn read(sim: &mut Sim, pair: Address) -> Result<Liquidity, LiquidityError> {
    let logs = sim
        .fork()
        .logs(pair, IERC20::Transfer::SIGNATURE_HASH)
        .map_err(LiquidityError::Logs)?;
    let mut balances: HashMap<Address, U256> = HashMap::new();
    for log in &logs {
        let t = IERC20::Transfer::decode_log_data(&log.data)
            .map_err(|e| LiquidityError::Log(e.to_string()))?;
        // Minted from zero; burnt to zero by anyone but zero itself (the
        // pair mints its first 1,000 units to the zero address for good).
        if !t.from.is_zero() {
            let from = balances.entry(t.from).or_default();
            *from = from.saturating_sub(t.value);
        }
        if !t.to.is_zero() || t.from.is_zero() {
            let to = balances.entry(t.to).or_default();
            *to = to.saturating_add(t.value);
        }
    }
    let supply = sim.view(pair, IERC20::totalSupplyCall {}, "the pair's totalSupply")?;
    let logged = balances
        .values()
        .fold(U256::ZERO, |sum, b| sum.saturating_add(*b));
    if logged != supply {
        return Err(LiquidityError::Incomplete { logged, supply });
    }
    let (mut burnt, mut contracts, mut accounts) = (U256::ZERO, U256::ZERO, U256::ZERO);
    let mut largest: Option<(Address, U256)> = None;
    for (holder, balance) in balances.into_iter().filter(|(_, b)| !b.is_zero()) {
        if is_burnt(holder) {
            burnt += balance;
        } else if !sim.code(holder)?.is_empty() {
            contracts += balance;
        } else {
            accounts += balance;
            if largest.is_none_or(|(a, b)| (balance, holder) > (b, a)) {
                largest = Some((holder, balance));
            }
        }
    }
    Ok(Liquidity {
        total_supply: supply,
        burnt_bps: bps(burnt, supply),
        contracts_bps: bps(contracts, supply),
        accounts_bps: bps(accounts, supply),
        largest_account: largest.map(|(address, balance)| Holder {
            address,
            share_bps: bps(balance, supply),
        }),
    })
}

/// The finding the holders make, if any.
pub(crate) fn finding(liquidity: &Liquidity) -> Option<Finding> {
    let holder = liquidity.largest_account.as_ref()?;
    (holder.share_bps >= HELD_BPS).then(|| {
        Finding::new(FindingKind::LiquidityHeld).detail(format!(
            "{} holds {}.{:02}% of the pool's liquidity tokens and can withdraw it",
            holder.address,
            holder.share_bps / 100,
            holder.share_bps % 100
        ))
    })
}
