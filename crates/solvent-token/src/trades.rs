//! The simulated trades: per round a fresh buyer buys, moves half to a
//! fresh receiver, and the receiver sells what arrived. A revert is probed
//! further before it is called a trap: a buy that reverts is retried in
//! smaller parts (a limit per transaction or per wallet), a sell that
//! reverts is retried at a tenth (a sell limit), and a token no holder can
//! sell is tried by its owner (a sell only the owner may make).

use alloy::primitives::{Address, Bytes, U256};
use alloy::sol_types::{decode_revert_reason, SolCall};

use crate::abi::{IRouter, IERC20};
use crate::sim::{account, shortfall_bps, Call, Sim};
use crate::verdict::{Finding, FindingKind, Trade, UnknownReason};

/// Taxes up to this (basis points) are rounding in the pool's integer
/// arithmetic.
pub(crate) const ROUNDING_BPS: u32 = 10;
/// Parts a reverted buy is retried in.
const BUY_PARTS: u32 = 4;
/// A reverted sell is retried at this fraction.
const SELL_PART: u32 = 10;

/// The pool the rounds trade on.
pub(crate) struct Market {
    pub router: Address,
    pub weth: Address,
    pub token: Address,
    /// The pool's native-coin reserve (its wrapped-coin balance).
    pub reserve: U256,
}

/// A trade's outcome.
enum Swap {
    Reverted(Bytes),
    /// Done: what the router quoted and what arrived.
    Done {
        quoted: U256,
        got: U256,
    },
}

fn evidence(kind: FindingKind, round: usize, data: Bytes) -> Finding {
    Finding {
        round: Some(round),
        revert_reason: decode_revert_reason(&data),
        revert_data: Some(data),
        ..Finding::new(kind)
    }
}

fn tax(kind: FindingKind, round: usize, bps: u32) -> Finding {
    Finding {
        round: Some(round),
        tax_bps: Some(bps),
        ..Finding::new(kind)
    }
}

impl Market {
    /// `buyer` buys with `amount` of the native coin (which it must hold).
    fn buy(&self, sim: &mut Sim, buyer: Address, amount: U256) -> Result<Swap, UnknownReason> {
        let path = vec![self.weth, self.token];
        let quoted = sim.quote(self.router, amount, &path)?;
        let before = sim.balance_of(self.token, buyer)?;
        let buy = IRouter::swapExactETHForTokensSupportingFeeOnTransferTokensCall {
            amountOutMin: U256::ZERO,
            path,
            to: buyer,
            deadline: U256::MAX,
        };
        if let Call::Reverted(data) = sim.run(buyer, self.router, buy.abi_encode(), amount, true)? {
            return Ok(Swap::Reverted(data));
        }
        let after = sim.balance_of(self.token, buyer)?;
        Ok(Swap::Done {
            quoted,
            got: after.saturating_sub(before),
        })
    }

    /// `seller` approves the router and sells `amount` of the token.
    fn sell(&self, sim: &mut Sim, seller: Address, amount: U256) -> Result<Swap, UnknownReason> {
        let approve = IERC20::approveCall {
            spender: self.router,
            value: U256::MAX,
        };
        if let Call::Reverted(data) =
            sim.run(seller, self.token, approve.abi_encode(), U256::ZERO, true)?
        {
            return Ok(Swap::Reverted(data));
        }
        let path = vec![self.token, self.weth];
        let quoted = sim.quote(self.router, amount, &path)?;
        let before = sim.native_balance(seller)?;
        let sell = IRouter::swapExactTokensForETHSupportingFeeOnTransferTokensCall {
            amountIn: amount,
            amountOutMin: U256::ZERO,
            path,
            to: seller,
            deadline: U256::MAX,
        };
        if let Call::Reverted(data) =
            sim.run(seller, self.router, sell.abi_encode(), U256::ZERO, true)?
        {
            return Ok(Swap::Reverted(data));
        }
        let after = sim.native_balance(seller)?;
        Ok(Swap::Done {
            quoted,
            got: after.saturating_sub(before),
        })
    }

    /// One round: buy `size_per_mille` thousandths of the pool's reserve,
    /// move half, sell what arrived.
    pub(crate) fn round_trip(
        &self,
        sim: &mut Sim,
        size_per_mille: u32,
        round: usize,
        findings: &mut Vec<Finding>,
    ) -> Result<Trade, UnknownReason> {
        let buyer = account("buyer", round);
        let receiver = account("receiver", round);
        let amount_in =
            (self.reserve * U256::from(size_per_mille) / U256::from(1_000)).max(U256::from(1));
        sim.fund(buyer, amount_in * U256::from(2))?;
        sim.fund(receiver, U256::ZERO)?;
        let mut trade = Trade {
            buyer,
            receiver,
            amount_in,
            bought: None,
            buy_tax_bps: None,
            transfer_tax_bps: None,
            sell_tax_bps: None,
        };

        let bought = match self.buy(sim, buyer, amount_in)? {
            Swap::Reverted(data) => {
                let limit = self.buy_limit(sim, amount_in, round)?;
                let kind = limit.as_ref().map_or(FindingKind::BuyReverted, |l| l.0);
                let mut finding = evidence(kind, round, data);
                finding.detail = limit.map(|l| l.1);
                findings.push(finding);
                return Ok(trade);
            }
            Swap::Done { quoted, got } => {
                let bps = shortfall_bps(quoted, got);
                trade.bought = Some(got);
                trade.buy_tax_bps = Some(bps);
                if bps > ROUNDING_BPS {
                    findings.push(tax(FindingKind::BuyTax, round, bps));
                }
                got
            }
        };

        // Move half to a fresh account: the sale is not the buyer's.
        let sent = bought / U256::from(2);
        let transfer = IERC20::transferCall {
            to: receiver,
            value: sent,
        };
        if let Call::Reverted(data) =
            sim.run(buyer, self.token, transfer.abi_encode(), U256::ZERO, true)?
        {
            findings.push(evidence(FindingKind::TransferReverted, round, data));
            return Ok(trade);
        }
        let arrived = sim.balance_of(self.token, receiver)?;
        let bps = shortfall_bps(sent, arrived);
        trade.transfer_tax_bps = Some(bps);
        if bps > ROUNDING_BPS {
            findings.push(tax(FindingKind::TransferTax, round, bps));
        }

        // Sell it back from there.
        match self.sell(sim, receiver, arrived)? {
            Swap::Reverted(data) => {
                let part = arrived / U256::from(SELL_PART);
                let passes =
                    !part.is_zero() && matches!(self.sell(sim, receiver, part)?, Swap::Done { .. });
                let mut finding = evidence(FindingKind::SellReverted, round, data);
                if passes {
                    finding.kind = FindingKind::SellLimit;
                    finding.detail = Some(format!(
                        "selling {arrived} reverts, selling a tenth of it passes"
                    ));
                }
                findings.push(finding);
            }
            Swap::Done { quoted, got } => {
                let bps = shortfall_bps(quoted, got);
                trade.sell_tax_bps = Some(bps);
                if bps > ROUNDING_BPS {
                    findings.push(tax(FindingKind::SellTax, round, bps));
                }
            }
        }
        Ok(trade)
    }

    /// After a buy of `amount` reverted: does a fresh wallet get the same
    /// amount in parts? All parts passing is a limit per transaction; a
    /// later part reverting is a limit per wallet; the first reverting is
    /// no limit at all (buying is simply refused).
    fn buy_limit(
        &self,
        sim: &mut Sim,
        amount: U256,
        round: usize,
    ) -> Result<Option<(FindingKind, String)>, UnknownReason> {
        let wallet = account("limit probe", round);
        let part = amount / U256::from(BUY_PARTS);
        if part.is_zero() {
            return Ok(None);
        }
        sim.fund(wallet, amount * U256::from(2))?;
        for i in 0..BUY_PARTS {
            if let Swap::Reverted(_) = self.buy(sim, wallet, part)? {
                return Ok((i > 0).then(|| {
                    (
                        FindingKind::MaxWallet,
                        format!(
                            "a buy of {amount} wei reverts; in parts of {part} wei into one \
                             wallet, buy {} reverts after {i} passed",
                            i + 1
                        ),
                    )
                }));
            }
        }
        Ok(Some((
            FindingKind::MaxTransaction,
            format!(
                "a buy of {amount} wei reverts; {BUY_PARTS} buys of {part} wei into one wallet pass"
            ),
        )))
    }

    /// Where no holder could sell: does the owner's own buy and sell of
    /// `amount` pass, and at what tax?
    pub(crate) fn owner_sells(
        &self,
        sim: &mut Sim,
        owner: Address,
        amount: U256,
    ) -> Result<Option<Finding>, UnknownReason> {
        let held = sim.native_balance(owner)?;
        sim.fund(owner, held.saturating_add(amount * U256::from(2)))?;
        let Swap::Done { got, .. } = self.buy(sim, owner, amount)? else {
            return Ok(None);
        };
        if got.is_zero() {
            return Ok(None);
        }
        let Swap::Done { quoted, got } = self.sell(sim, owner, got)? else {
            return Ok(None);
        };
        let bps = shortfall_bps(quoted, got);
        Ok((bps <= ROUNDING_BPS).then(|| {
            Finding {
                tax_bps: Some(bps),
                ..Finding::new(FindingKind::OwnerOnlySell)
            }
            .detail(format!(
                "the owner {owner} buys and sells at {bps} bps where holders cannot sell"
            ))
        }))
    }
}
