//! What the token's code and storage show without trading: its owner, an
//! EIP-1967 proxy and who can swap its implementation, and the functions
//! that let an owner mint, blacklist, pause, or change fees and limits.
//!
//! No source is needed. A function is found by its selector among the
//! constants the code pushes (a dispatcher compares the call's selector
//! against each function's), then called in the simulation, once by a
//! stranger and once by the owner, to see who it lets through.

use std::collections::HashSet;
use std::sync::LazyLock;

use alloy::dyn_abi::{DynSolType, DynSolValue, JsonAbiExt as _};
use alloy::json_abi::Function;
use alloy::primitives::{address, keccak256, Address, U256};

use crate::abi::{IBeacon, IOwnable};
use crate::bytecode::pushed_selectors;
use crate::sim::{account, Call, Sim};
use crate::verdict::{
    Access, Capability, Finding, FindingKind, OwnerFunction, Ownership, Proxy, UnknownReason,
};

/// Functions that change who can hold, trade or mint a token, by the
/// names common token templates give them.
const KNOWN: &[(Capability, &str)] = &[
    (Capability::Mint, "mint(address,uint256)"),
    (Capability::Mint, "mint(uint256)"),
    (Capability::Mint, "mintTo(address,uint256)"),
    (Capability::Mint, "issue(uint256)"),
    (Capability::Mint, "generateTokens(address,uint256)"),
    (Capability::Blacklist, "blacklist(address)"),
    (Capability::Blacklist, "addToBlacklist(address)"),
    (Capability::Blacklist, "addBlackList(address)"),
    (Capability::Blacklist, "setBlacklist(address,bool)"),
    (Capability::Blacklist, "setBlacklisted(address,bool)"),
    (Capability::Blacklist, "setIsBlacklisted(address,bool)"),
    (Capability::Blacklist, "blacklistAddress(address,bool)"),
    (Capability::Blacklist, "updateBlacklist(address,bool)"),
    (Capability::Blacklist, "freezeAccount(address,bool)"),
    (Capability::Blacklist, "freeze(address)"),
    (Capability::Blacklist, "addBots(address[])"),
    (Capability::Blacklist, "blockBots(address[])"),
    (Capability::Blacklist, "setBots(address[],bool)"),
    (Capability::Blacklist, "destroyBlackFunds(address)"),
    (Capability::Pause, "pause()"),
    (Capability::Pause, "setPaused(bool)"),
    (Capability::Pause, "setTradingEnabled(bool)"),
    (Capability::Pause, "setTrading(bool)"),
    (Capability::Pause, "disableTrading()"),
    (Capability::Pause, "stopTrading()"),
    (Capability::SetFees, "setFee(uint256)"),
    (Capability::SetFees, "setFees(uint256,uint256)"),
    (Capability::SetFees, "setTax(uint256)"),
    (Capability::SetFees, "setTaxes(uint256,uint256)"),
    (Capability::SetFees, "setTaxFee(uint256)"),
    (Capability::SetFees, "setTaxFeePercent(uint256)"),
    (Capability::SetFees, "setLiquidityFeePercent(uint256)"),
    (Capability::SetFees, "setBuyFee(uint256)"),
    (Capability::SetFees, "setSellFee(uint256)"),
    (Capability::SetFees, "setBuyTax(uint256)"),
    (Capability::SetFees, "setSellTax(uint256)"),
    (Capability::SetFees, "updateFees(uint256,uint256)"),
    (
        Capability::SetFees,
        "updateBuyFees(uint256,uint256,uint256)",
    ),
    (
        Capability::SetFees,
        "updateSellFees(uint256,uint256,uint256)",
    ),
    (Capability::SetFees, "setParams(uint256,uint256)"),
    (Capability::SetLimits, "setMaxTxAmount(uint256)"),
    (Capability::SetLimits, "setMaxTxPercent(uint256)"),
    (Capability::SetLimits, "setMaxTransactionAmount(uint256)"),
    (Capability::SetLimits, "updateMaxTxnAmount(uint256)"),
    (Capability::SetLimits, "setMaxWallet(uint256)"),
    (Capability::SetLimits, "setMaxWalletSize(uint256)"),
    (Capability::SetLimits, "setMaxWalletAmount(uint256)"),
    (Capability::SetLimits, "updateMaxWalletAmount(uint256)"),
    (Capability::Upgrade, "upgradeTo(address)"),
    (Capability::Upgrade, "upgradeToAndCall(address,bytes)"),
];

/// [`KNOWN`], parsed.
static FUNCTIONS: LazyLock<Vec<(Capability, Function)>> = LazyLock::new(|| {
    KNOWN
        .iter()
        .map(|(c, sig)| (*c, Function::parse(sig).expect("a known signature parses")))
        .collect()
});

/// Owners that can no longer act: renouncing sets one of these.
const BURNT: [Address; 2] = [
    Address::ZERO,
    address!("0x000000000000000000000000000000000000dEaD"),
];

pub(crate) fn is_burnt(address: Address) -> bool {
    BURNT.contains(&address)
}

/// An EIP-1967 slot: keccak256 of its name, less one.
fn eip1967_slot(name: &str) -> U256 {
    U256::from_be_bytes(keccak256(name).0) - U256::from(1)
}

/// What the code and storage show.
pub(crate) struct Signals {
    pub ownership: Option<Ownership>,
    pub proxy: Option<Proxy>,
    pub functions: Vec<OwnerFunction>,
    pub findings: Vec<Finding>,
}

/// The word an address is stored in, or `None` for an empty slot.
fn stored_address(word: U256) -> Option<Address> {
    (!word.is_zero()).then(|| Address::from_word(word.into()))
}

pub(crate) fn read(sim: &mut Sim, token: Address) -> Result<Signals, UnknownReason> {
    let owner = match sim.probe(token, IOwnable::ownerCall {})? {
        Some(owner) => Some(owner),
        None => sim.probe(token, IOwnable::getOwnerCall {})?,
    };
    let ownership = owner.map(|owner| Ownership {
        owner,
        renounced: is_burnt(owner),
    });
    let proxy = proxy(sim, token)?;

    let mut selectors = pushed_selectors(&sim.code(token)?);
    if let Some(p) = &proxy {
        selectors.extend(pushed_selectors(&sim.code(p.implementation)?));
    }
    let mut functions = Vec::new();
    for (capability, function) in FUNCTIONS.iter() {
        if !selectors.contains(&function.selector()) {
            continue;
        }
        // Who may upgrade a proxy with an admin slot is its admin.
        let actor = match (capability, &proxy) {
            (Capability::Upgrade, Some(Proxy { admin: Some(a), .. })) => Some(*a),
            _ => owner,
        };
        let access = access(sim, token, function, actor)?;
        functions.push(OwnerFunction {
            capability: *capability,
            signature: function.signature(),
            access,
        });
    }

    let mut findings = Vec::new();
    let mut seen = HashSet::new();
    for f in functions.iter().filter(|f| f.access != Access::Nobody) {
        let kind = match f.capability {
            Capability::Mint => FindingKind::OwnerCanMint,
            Capability::Blacklist => FindingKind::OwnerCanBlacklist,
            Capability::Pause => FindingKind::OwnerCanPause,
            Capability::SetFees => FindingKind::OwnerCanSetFees,
            Capability::SetLimits => FindingKind::OwnerCanSetLimits,
            // A proxy's upgrade is judged from its slots below.
            Capability::Upgrade if proxy.is_some() => continue,
            Capability::Upgrade => FindingKind::Upgradeable,
        };
        if seen.insert(kind) {
            let who = match f.access {
                Access::Anyone => "anyone".to_owned(),
                _ => owner.map_or("its owner".into(), |o| o.to_string()),
            };
            findings.push(Finding::new(kind).detail(format!("{} ({who})", f.signature)));
        }
    }
    if let Some(p) = &proxy {
        let upgrader = p.admin.or(owner).or(p.beacon);
        if !upgrader.is_some_and(is_burnt) {
            let who = upgrader.map_or("an unknown account".into(), |a| a.to_string());
            findings.push(Finding::new(FindingKind::Upgradeable).detail(format!(
                "an EIP-1967 proxy: {who} can swap the implementation ({})",
                p.implementation
            )));
        }
    }
    Ok(Signals {
        ownership,
        proxy,
        functions,
        findings,
    })
}

/// The EIP-1967 slots of `token`, when it is a proxy.
fn proxy(sim: &mut Sim, token: Address) -> Result<Option<Proxy>, UnknownReason> {
    let mut slot = |name| -> Result<Option<Address>, UnknownReason> {
        Ok(stored_address(sim.storage(token, eip1967_slot(name))?))
    };
    let implementation = slot("eip1967.proxy.implementation")?;
    let admin = slot("eip1967.proxy.admin")?;
    let beacon = slot("eip1967.proxy.beacon")?;
    let implementation = match (implementation, beacon) {
        (Some(i), _) => Some(i),
        (None, Some(b)) => sim.probe(b, IBeacon::implementationCall {})?,
        (None, None) => None,
    };
    Ok(implementation.map(|implementation| Proxy {
        implementation,
        admin,
        beacon,
    }))
}

/// Arguments for a probe call: the target account wherever an address is
/// asked for, one wherever a number is, true for a flag.
fn arguments(function: &Function, target: Address) -> Option<Vec<DynSolValue>> {
    function
        .inputs
        .iter()
        .map(|p| {
            Some(match DynSolType::parse(&p.ty).ok()? {
                DynSolType::Address => DynSolValue::Address(target),
                DynSolType::Bool => DynSolValue::Bool(true),
                DynSolType::Uint(bits) => DynSolValue::Uint(U256::from(1), bits),
                DynSolType::Bytes => DynSolValue::Bytes(Vec::new()),
                DynSolType::Array(inner) if *inner == DynSolType::Address => {
                    DynSolValue::Array(vec![DynSolValue::Address(target)])
                }
                _ => return None,
            })
        })
        .collect()
}

/// Calls `function` as a stranger, then as `actor` (its owner): who gets
/// through. The calls change nothing.
fn access(
    sim: &mut Sim,
    token: Address,
    function: &Function,
    actor: Option<Address>,
) -> Result<Access, UnknownReason> {
    let target = account("probe target", 0);
    let Some(data) = arguments(function, target).and_then(|a| function.abi_encode_input(&a).ok())
    else {
        return Ok(Access::Unconfirmed);
    };
    let mut passes = |from| -> Result<bool, UnknownReason> {
        Ok(matches!(
            sim.run(from, token, data.clone(), U256::ZERO, false)?,
            Call::Done(_)
        ))
    };
    if passes(account("stranger", 0))? {
        return Ok(Access::Anyone);
    }
    Ok(match actor {
        Some(a) if is_burnt(a) => Access::Nobody,
        Some(a) if passes(a)? => Access::OwnerOnly,
        _ => Access::Unconfirmed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::Selector;

    #[test]
    fn eip1967_slots_are_the_standards() {
        // The constants EIP-1967 publishes.
        let hex = |s: &str| U256::from_str_radix(s, 16).unwrap();
        assert_eq!(
            eip1967_slot("eip1967.proxy.implementation"),
            hex("360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc")
        );
        assert_eq!(
            eip1967_slot("eip1967.proxy.admin"),
            hex("b53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103")
        );
        assert_eq!(
            eip1967_slot("eip1967.proxy.beacon"),
            hex("a3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50")
        );
    }

    #[test]
    fn every_known_signature_parses_to_its_selector() {
        assert_eq!(FUNCTIONS.len(), KNOWN.len());
        let pause = FUNCTIONS
            .iter()
            .find(|(_, f)| f.signature() == "pause()")
            .unwrap();
        // The selector of pause() as it appears in OpenZeppelin's Pausable.
        assert_eq!(pause.1.selector(), Selector::from([0x84, 0x56, 0xcb, 0x59]));
    }
}
