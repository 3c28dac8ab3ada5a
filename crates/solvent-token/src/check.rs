//! One token's check: the code and the pool read, the trades simulated,
//! and the verdict the evidence makes.

use alloy::primitives::Address;

use crate::abi::{IFactory, IRouter};
use crate::fork::Fork;
use crate::liquidity;
use crate::signals::{self, is_burnt};
use crate::sim::Sim;
use crate::trades::Market;
use crate::verdict::{Finding, FindingKind, TokenReport, TokenVerdict, UnknownReason};

/// Taxes at or above this (basis points) on a sell or transfer make a
/// honeypot.
const HONEYPOT_TAX_BPS: u32 = 5_000;
/// Taxes above this make a high risk.
const HIGH_TAX_BPS: u32 = 1_000;

/// What to simulate.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The Uniswap-V2-style router to trade through.
    pub router: Address,
    /// The rounds' buy sizes, in thousandths of the pool's native-coin
    /// reserve: several sizes and buyers, since many traps switch on after
    /// the first trades or above a size.
    pub sizes_per_mille: Vec<u32>,
}

impl CheckOptions {
    pub fn new(router: Address) -> Self {
        CheckOptions {
            router,
            sizes_per_mille: vec![1, 10, 50],
        }
    }
}

/// Checks `token` on `fork`.
pub fn check(fork: &Fork, token: Address, options: &CheckOptions) -> TokenReport {
    let mut report = TokenReport {
        token,
        router: options.router,
        pair: None,
        block: fork.block,
        block_time: fork.timestamp,
        verdict: TokenVerdict::Unknown,
        reason: None,
        ownership: None,
        proxy: None,
        owner_functions: Vec::new(),
        liquidity: None,
        trades: Vec::new(),
        findings: Vec::new(),
    };
    match simulate(fork, token, options, &mut report) {
        Ok(()) => report.verdict = verdict(&report.findings),
        Err(reason) => {
            report.verdict = TokenVerdict::Unknown;
            report.reason = Some(reason.to_string());
        }
    }
    report
}

fn simulate(
    fork: &Fork,
    token: Address,
    options: &CheckOptions,
    report: &mut TokenReport,
) -> Result<(), UnknownReason> {
    let mut sim = Sim::new(fork);
    let router = options.router;
    if sim.code(token)?.is_empty() {
        return Err(UnknownReason::NoCode);
    }
    let weth = sim.view(router, IRouter::WETHCall {}, "WETH()")?;
    let factory = sim.view(router, IRouter::factoryCall {}, "factory()")?;
    let pair = sim.view(
        factory,
        IFactory::getPairCall {
            tokenA: token,
            tokenB: weth,
        },
        "getPair",
    )?;
    if pair.is_zero() {
        return Err(UnknownReason::NoPair);
    }
    report.pair = Some(pair);
    let reserve = sim.balance_of(weth, pair)?;
    if reserve.is_zero() {
        return Err(UnknownReason::NoPair);
    }

    // The code and the pool first, on the untouched state.
    let signals = signals::read(&mut sim, token)?;
    report.findings.extend(signals.findings);
    report.ownership = signals.ownership;
    report.proxy = signals.proxy;
    report.owner_functions = signals.functions;
    match liquidity::read(&mut sim, pair) {
        Ok(held) => {
            report.findings.extend(liquidity::finding(&held));
            report.liquidity = Some(held);
        }
        Err(liquidity::LiquidityError::Sim(reason)) => return Err(reason),
        Err(e) => report
            .findings
            .push(Finding::new(FindingKind::LiquidityUnknown).detail(e.to_string())),
    }

    let market = Market {
        router,
        weth,
        token,
        reserve,
    };
    for (round, &size) in options.sizes_per_mille.iter().enumerate() {
        let trade = market.round_trip(&mut sim, size, round, &mut report.findings)?;
        report.trades.push(trade);
    }

    // No holder could sell: can the owner?
    let trapped = report.findings.iter().any(|f| {
        matches!(
            f.kind,
            FindingKind::SellReverted | FindingKind::TransferReverted
        ) || is_honeypot_tax(f)
    });
    let owner = report
        .ownership
        .as_ref()
        .map(|o| o.owner)
        .filter(|o| !is_burnt(*o));
    if let (true, Some(owner), Some(first)) = (trapped, owner, report.trades.first()) {
        let amount = first.amount_in;
        report
            .findings
            .extend(market.owner_sells(&mut sim, owner, amount)?);
    }
    Ok(())
}

fn is_honeypot_tax(f: &Finding) -> bool {
    matches!(f.kind, FindingKind::SellTax | FindingKind::TransferTax)
        && f.tax_bps.unwrap_or(0) >= HONEYPOT_TAX_BPS
}

/// The verdict the findings make: the worst any one makes.
pub(crate) fn verdict(findings: &[Finding]) -> TokenVerdict {
    findings
        .iter()
        .filter_map(|f| {
            Some(match f.kind {
                FindingKind::TransferReverted
                | FindingKind::SellReverted
                | FindingKind::OwnerOnlySell => TokenVerdict::Honeypot,
                _ if is_honeypot_tax(f) => TokenVerdict::Honeypot,
                FindingKind::BuyReverted
                | FindingKind::SellLimit
                | FindingKind::OwnerCanMint
                | FindingKind::OwnerCanBlacklist
                | FindingKind::OwnerCanPause
                | FindingKind::Upgradeable => TokenVerdict::HighRisk,
                FindingKind::BuyTax | FindingKind::TransferTax | FindingKind::SellTax
                    if f.tax_bps.unwrap_or(0) > HIGH_TAX_BPS =>
                {
                    TokenVerdict::HighRisk
                }
                FindingKind::BuyTax
                | FindingKind::TransferTax
                | FindingKind::SellTax
                | FindingKind::MaxTransaction
                | FindingKind::MaxWallet
                | FindingKind::OwnerCanSetFees
                | FindingKind::OwnerCanSetLimits
                | FindingKind::LiquidityHeld => TokenVerdict::Caution,
                FindingKind::LiquidityUnknown => return None,
            })
        })
        .min()
        .unwrap_or(TokenVerdict::NoIssuesFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(kind: FindingKind, tax_bps: Option<u32>) -> Finding {
        Finding {
            tax_bps,
            ..Finding::new(kind)
        }
    }

    #[test]
    fn each_finding_makes_its_verdict_and_the_worst_wins() {
        use FindingKind::*;
        use TokenVerdict::*;
        let one = |kind, tax| verdict(&[found(kind, tax)]);
        assert_eq!(verdict(&[]), NoIssuesFound);
        assert_eq!(one(SellReverted, None), Honeypot);
        assert_eq!(one(SellTax, Some(5_000)), Honeypot);
        assert_eq!(one(TransferTax, Some(9_900)), Honeypot);
        // A buy tax alone traps no one: high risk, not a honeypot.
        assert_eq!(one(BuyTax, Some(9_900)), HighRisk);
        assert_eq!(one(SellTax, Some(1_001)), HighRisk);
        assert_eq!(one(SellTax, Some(1_000)), Caution);
        assert_eq!(one(OwnerCanMint, None), HighRisk);
        assert_eq!(one(SellLimit, None), HighRisk);
        assert_eq!(one(MaxWallet, None), Caution);
        assert_eq!(one(LiquidityHeld, None), Caution);
        // Unreadable holders neither clear nor condemn a token.
        assert_eq!(one(LiquidityUnknown, None), NoIssuesFound);
        assert_eq!(
            verdict(&[found(MaxWallet, None), found(SellReverted, None)]),
            Honeypot
        );
    }

    #[test]
    fn a_fee_on_transfer_token_is_not_called_a_honeypot() {
        let fees = [
            found(FindingKind::BuyTax, Some(100)),
            found(FindingKind::TransferTax, Some(100)),
            found(FindingKind::SellTax, Some(100)),
        ];
        assert_eq!(verdict(&fees), TokenVerdict::Caution);
    }
}
