//! The trades a check simulates, and the verdict they give.

use alloy::primitives::{keccak256, Address, Bytes, U256};
use alloy::sol_types::{decode_revert_reason, SolCall};
use revm::context::TxEnv;
use revm::context_interface::result::{EVMError, ExecutionResult};
use revm::database::DatabaseRef as _;
use revm::state::AccountInfo;
use revm::{Context, ExecuteCommitEvm, ExecuteEvm, MainBuilder, MainContext};

use crate::abi::{IFactory, IRouter, IERC20};
use crate::fork::{Fork, ForkDb};
use crate::verdict::{Finding, FindingKind, TokenReport, TokenVerdict, Trade, UnknownReason};

/// Gas for one simulated call: far above any honest transfer or swap.
const GAS: u64 = 10_000_000;
/// Taxes at or above this (basis points) on a sell make a honeypot.
const HONEYPOT_TAX_BPS: u32 = 5_000;
/// Taxes above this make a high risk.
const HIGH_TAX_BPS: u32 = 1_000;
/// Taxes up to this are rounding in the pool's integer arithmetic.
const ROUNDING_BPS: u32 = 10;

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

/// What one simulated call did.
enum Call {
    Done(Bytes),
    Reverted(Bytes),
}

/// A check's own copy of the pinned state.
struct Sim<'f> {
    fork: &'f Fork,
    db: ForkDb,
}

impl Sim<'_> {
    /// Runs a call from `from`; with `commit`, its changes stay.
    fn run(
        &mut self,
        from: Address,
        to: Address,
        data: Vec<u8>,
        value: U256,
        commit: bool,
    ) -> Result<Call, UnknownReason> {
        let fork = self.fork;
        let tx = TxEnv::builder()
            .caller(from)
            .call(to)
            .data(data.into())
            .value(value)
            .gas_limit(GAS)
            .gas_price(0)
            .chain_id(Some(fork.chain_id))
            .build_fill();
        let mut evm = Context::mainnet()
            .with_db(&mut self.db)
            .modify_cfg_chained(|cfg| {
                cfg.chain_id = fork.chain_id;
                cfg.disable_nonce_check = true;
            })
            .modify_block_chained(|block| {
                block.number = U256::from(fork.block + 1);
                block.timestamp = U256::from(fork.timestamp + 12);
                block.basefee = 0;
                block.gas_limit = 30_000_000;
            })
            .build_mainnet();
        let result = if commit {
            evm.transact_commit(tx)
        } else {
            evm.transact(tx).map(|r| r.result)
        };
        match result {
            Ok(ExecutionResult::Success { output, .. }) => Ok(Call::Done(output.into_data())),
            Ok(ExecutionResult::Revert { output, .. }) => Ok(Call::Reverted(output)),
            Ok(ExecutionResult::Halt { reason, .. }) => Ok(Call::Reverted(Bytes::from(
                format!("halt: {reason:?}").into_bytes(),
            ))),
            Err(EVMError::Database(e)) => Err(UnknownReason::Rpc(e.to_string())),
            Err(e) => Err(UnknownReason::Evm(e.to_string())),
        }
    }

    /// A view call that must succeed; `what` names it in the reason.
    fn view<C: SolCall>(
        &mut self,
        to: Address,
        call: C,
        what: &str,
    ) -> Result<C::Return, UnknownReason> {
        match self.run(Address::ZERO, to, call.abi_encode(), U256::ZERO, false)? {
            Call::Done(out) => C::abi_decode_returns(&out)
                .map_err(|e| UnknownReason::Router(format!("{what}: {e}"))),
            Call::Reverted(data) => Err(UnknownReason::Router(format!(
                "{what} reverted{}",
                decode_revert_reason(&data)
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ))),
        }
    }

    /// What the router quotes for `amount` along `path`.
    fn quote(
        &mut self,
        router: Address,
        amount: U256,
        path: &[Address],
    ) -> Result<U256, UnknownReason> {
        let call = IRouter::getAmountsOutCall {
            amountIn: amount,
            path: path.to_vec(),
        };
        let amounts = self.view(router, call, "getAmountsOut")?;
        Ok(amounts.last().copied().unwrap_or_default())
    }

    fn balance_of(&mut self, token: Address, owner: Address) -> Result<U256, UnknownReason> {
        self.view(token, IERC20::balanceOfCall { owner }, "balanceOf")
    }

    fn native_balance(&mut self, owner: Address) -> Result<U256, UnknownReason> {
        self.db
            .basic_ref(owner)
            .map(|a| a.map_or(U256::ZERO, |a| a.balance))
            .map_err(|e| UnknownReason::Rpc(e.to_string()))
    }

    /// A fresh account with `balance` of the native coin.
    fn fund(&mut self, account: Address, balance: U256) {
        self.db.insert_account_info(
            account,
            AccountInfo {
                balance,
                ..Default::default()
            },
        );
    }
}

/// A fresh account, the same in every check so results repeat.
fn account(role: &str, round: usize) -> Address {
    Address::from_slice(&keccak256(format!("solvent-token {role} {round}"))[12..])
}

/// `actual` short of `expected`, in basis points (0 when not short). A
/// token chooses its amounts, up to 2^256 - 1: none overflows here.
fn shortfall_bps(expected: U256, actual: U256) -> u32 {
    if expected.is_zero() || actual >= expected {
        return 0;
    }
    let short = expected - actual;
    let bps = match short.checked_mul(U256::from(10_000)) {
        Some(scaled) => scaled / expected,
        None => short / (expected / U256::from(10_000)),
    };
    bps.try_into().unwrap_or(10_000)
}

/// Checks `token` on `fork`.
pub fn check(fork: &Fork, token: Address, options: &CheckOptions) -> TokenReport {
    let mut report = TokenReport {
        token,
        router: options.router,
        pair: None,
        block: fork.block,
        verdict: TokenVerdict::Unknown,
        reason: None,
        trades: Vec::new(),
        findings: Vec::new(),
    };
    if let Err(reason) = simulate(fork, token, options, &mut report) {
        report.verdict = TokenVerdict::Unknown;
        report.reason = Some(reason.to_string());
    }
    report
}

fn simulate(
    fork: &Fork,
    token: Address,
    options: &CheckOptions,
    report: &mut TokenReport,
) -> Result<(), UnknownReason> {
    let mut sim = Sim {
        fork,
        db: fork.db(),
    };
    let router = options.router;
    let code = sim
        .db
        .basic_ref(token)
        .map_err(|e| UnknownReason::Rpc(e.to_string()))?
        .and_then(|a| a.code)
        .is_some_and(|c| !c.is_empty());
    if !code {
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
    for (round, &size) in options.sizes_per_mille.iter().enumerate() {
        let trade = round_trip(&mut sim, router, weth, token, reserve, size, round, report)?;
        report.trades.push(trade);
    }
    report.verdict = verdict(&report.findings);
    Ok(())
}

/// One round: buy, move half, sell what arrived.
#[allow(clippy::too_many_arguments)]
fn round_trip(
    sim: &mut Sim,
    router: Address,
    weth: Address,
    token: Address,
    reserve: U256,
    size_per_mille: u32,
    round: usize,
    report: &mut TokenReport,
) -> Result<Trade, UnknownReason> {
    let buyer = account("buyer", round);
    let receiver = account("receiver", round);
    let amount_in = (reserve * U256::from(size_per_mille) / U256::from(1_000)).max(U256::from(1));
    sim.fund(buyer, amount_in * U256::from(2));
    sim.fund(receiver, U256::ZERO);
    let mut trade = Trade {
        buyer,
        receiver,
        amount_in,
        bought: None,
        buy_tax_bps: None,
        transfer_tax_bps: None,
        sell_tax_bps: None,
    };
    let mut finding = |kind, tax_bps: Option<u32>, data: Option<Bytes>| {
        report.findings.push(Finding {
            kind,
            round,
            tax_bps,
            revert_reason: data.as_ref().and_then(|d| decode_revert_reason(d)),
            revert_data: data,
        })
    };

    // Buy with the native coin.
    let path = vec![weth, token];
    let expected = sim.quote(router, amount_in, &path)?;
    let before = sim.balance_of(token, buyer)?;
    let buy = IRouter::swapExactETHForTokensSupportingFeeOnTransferTokensCall {
        amountOutMin: U256::ZERO,
        path,
        to: buyer,
        deadline: U256::MAX,
    };
    if let Call::Reverted(data) = sim.run(buyer, router, buy.abi_encode(), amount_in, true)? {
        finding(FindingKind::BuyReverted, None, Some(data));
        return Ok(trade);
    }
    let bought = sim.balance_of(token, buyer)? - before;
    let tax = shortfall_bps(expected, bought);
    trade.bought = Some(bought);
    trade.buy_tax_bps = Some(tax);
    if tax > ROUNDING_BPS {
        finding(FindingKind::BuyTax, Some(tax), None);
    }

    // Move half to a fresh account: the sale is not the buyer's.
    let sent = bought / U256::from(2);
    let transfer = IERC20::transferCall {
        to: receiver,
        value: sent,
    };
    if let Call::Reverted(data) = sim.run(buyer, token, transfer.abi_encode(), U256::ZERO, true)? {
        finding(FindingKind::TransferReverted, None, Some(data));
        return Ok(trade);
    }
    let arrived = sim.balance_of(token, receiver)?;
    let tax = shortfall_bps(sent, arrived);
    trade.transfer_tax_bps = Some(tax);
    if tax > ROUNDING_BPS {
        finding(FindingKind::TransferTax, Some(tax), None);
    }

    // Sell it back from there.
    let approve = IERC20::approveCall {
        spender: router,
        value: U256::MAX,
    };
    if let Call::Reverted(data) =
        sim.run(receiver, token, approve.abi_encode(), U256::ZERO, true)?
    {
        finding(FindingKind::SellReverted, None, Some(data));
        return Ok(trade);
    }
    let path = vec![token, weth];
    let expected = sim.quote(router, arrived, &path)?;
    let before = sim.native_balance(receiver)?;
    let sell = IRouter::swapExactTokensForETHSupportingFeeOnTransferTokensCall {
        amountIn: arrived,
        amountOutMin: U256::ZERO,
        path,
        to: receiver,
        deadline: U256::MAX,
    };
    if let Call::Reverted(data) = sim.run(receiver, router, sell.abi_encode(), U256::ZERO, true)? {
        finding(FindingKind::SellReverted, None, Some(data));
        return Ok(trade);
    }
    let got = sim.native_balance(receiver)? - before;
    let tax = shortfall_bps(expected, got);
    trade.sell_tax_bps = Some(tax);
    if tax > ROUNDING_BPS {
        finding(FindingKind::SellTax, Some(tax), None);
    }
    Ok(trade)
}

/// The verdict the findings make.
fn verdict(findings: &[Finding]) -> TokenVerdict {
    findings
        .iter()
        .map(|f| match (f.kind, f.tax_bps.unwrap_or(0)) {
            (FindingKind::TransferReverted | FindingKind::SellReverted, _) => {
                TokenVerdict::Honeypot
            }
            (FindingKind::SellTax | FindingKind::TransferTax, t) if t >= HONEYPOT_TAX_BPS => {
                TokenVerdict::Honeypot
            }
            (FindingKind::BuyReverted, _) => TokenVerdict::HighRisk,
            (_, t) if t > HIGH_TAX_BPS => TokenVerdict::HighRisk,
            _ => TokenVerdict::Caution,
        })
        .min()
        .unwrap_or(TokenVerdict::NoIssuesFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxes_in_basis_points_whatever_the_amounts() {
        let u = U256::from;
        assert_eq!(shortfall_bps(u(1_000), u(990)), 100);
        assert_eq!(shortfall_bps(u(1_000), u(1_001)), 0);
        assert_eq!(shortfall_bps(U256::ZERO, U256::ZERO), 0);
        assert_eq!(shortfall_bps(u(1_000), U256::ZERO), 10_000);
        // A token with absurd amounts cannot hide a 99% tax by overflow.
        let huge = U256::MAX;
        assert_eq!(shortfall_bps(huge, huge / u(100)), 9_900);
        assert_eq!(shortfall_bps(huge, huge - huge / u(100)), 100);
    }
}
