//! One check's EVM: calls run in revm on the check's own copy of the
//! pinned state, from any account (no signatures: a simulation may act as
//! the owner, a buyer or a stranger).

use alloy::primitives::{keccak256, Address, Bytes, U256};
use alloy::sol_types::{decode_revert_reason, SolCall};
use revm::context::TxEnv;
use revm::context_interface::result::{EVMError, ExecutionResult};
use revm::database::DatabaseRef as _;
use revm::{Context, ExecuteCommitEvm, ExecuteEvm, MainBuilder, MainContext};

use crate::abi::{IRouter, IERC20};
use crate::fork::{Fork, ForkDb};
use crate::verdict::UnknownReason;

/// Gas for one simulated call: far above any honest transfer or swap.
const GAS: u64 = 10_000_000;

/// What one simulated call did.
pub(crate) enum Call {
    Done(Bytes),
    Reverted(Bytes),
}

/// A check's own copy of the pinned state.
pub(crate) struct Sim<'f> {
    fork: &'f Fork,
    db: ForkDb<'f>,
}

impl<'f> Sim<'f> {
    pub(crate) fn new(fork: &'f Fork) -> Self {
        Sim {
            fork,
            db: fork.db(),
        }
    }

    pub(crate) fn fork(&self) -> &'f Fork {
        self.fork
    }

    /// Runs a call from `from`; with `commit`, its changes stay.
    pub(crate) fn run(
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
    pub(crate) fn view<C: SolCall>(
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
    pub(crate) fn quote(
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

    pub(crate) fn balance_of(
        &mut self,
        token: Address,
        owner: Address,
    ) -> Result<U256, UnknownReason> {
        self.view(token, IERC20::balanceOfCall { owner }, "balanceOf")
    }

    pub(crate) fn native_balance(&mut self, owner: Address) -> Result<U256, UnknownReason> {
        self.db
            .basic_ref(owner)
            .map(|a| a.map_or(U256::ZERO, |a| a.balance))
            .map_err(|e| UnknownReason::Rpc(e.to_string()))
    }

    /// The code at `address` (empty for an account without code).
    pub(crate) fn code(&mut self, address: Address) -> Result<Bytes, UnknownReason> {
        let info = self
            .db
            .basic_ref(address)
            .map_err(|e| UnknownReason::Rpc(e.to_string()))?;
        Ok(info
            .and_then(|a| a.code)
            .map(|c| c.original_bytes())
            .unwrap_or_default())
    }

    /// A storage slot of `address` at the pinned block.
    pub(crate) fn storage(&mut self, address: Address, slot: U256) -> Result<U256, UnknownReason> {
        self.db
            .storage_ref(address, slot)
            .map_err(|e| UnknownReason::Rpc(e.to_string()))
    }

    /// A view call that may revert or answer in another shape: `None`
    /// then, since the contract simply lacks the function.
    pub(crate) fn probe<C: SolCall>(
        &mut self,
        to: Address,
        call: C,
    ) -> Result<Option<C::Return>, UnknownReason> {
        Ok(
            match self.run(Address::ZERO, to, call.abi_encode(), U256::ZERO, false)? {
                Call::Done(out) => C::abi_decode_returns(&out).ok(),
                Call::Reverted(_) => None,
            },
        )
    }

    /// Sets `account`'s native balance, keeping its code and storage (an
    /// owner may be a contract).
    pub(crate) fn fund(&mut self, account: Address, balance: U256) -> Result<(), UnknownReason> {
        let mut info = self
            .db
            .basic_ref(account)
            .map_err(|e| UnknownReason::Rpc(e.to_string()))?
            .unwrap_or_default();
        info.balance = balance;
        self.db.insert_account_info(account, info);
        Ok(())
    }
}

/// A fresh account, the same in every check so results repeat.
pub(crate) fn account(role: &str, round: usize) -> Address {
    Address::from_slice(&keccak256(format!("solvent-token {role} {round}"))[12..])
}

/// `part` of `whole` in basis points, at most 10,000. A token chooses its
/// amounts, up to 2^256 - 1: none overflows here.
pub(crate) fn bps(part: U256, whole: U256) -> u32 {
    if whole.is_zero() {
        return 0;
    }
    let part = part.min(whole);
    let bps = match part.checked_mul(U256::from(10_000)) {
        Some(scaled) => scaled / whole,
        // part > 2^256 / 10^4, so whole >= 10^4.
        None => part / (whole / U256::from(10_000)),
    };
    bps.try_into().unwrap_or(10_000).min(10_000)
}

/// `actual` short of `expected`, in basis points (0 when not short).
pub(crate) fn shortfall_bps(expected: U256, actual: U256) -> u32 {
    if actual >= expected {
        return 0;
    }
    bps(expected - actual, expected)
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
        assert_eq!(bps(huge, huge), 10_000);
        assert_eq!(bps(huge / u(2), huge), 5_000);
        assert_eq!(bps(u(1), u(3)), 3_333);
    }
}
