//! A fund's own wallets against its ledger: the wallets are checked by the
//! reserves checker (each address's signed ownership message), and the
//! fund is VERIFIED when every wallet row verifies and, for every asset
//! the ledger says the fund holds, the verified wallets hold at least that.
//! The funds are the exchange's own: this says nothing about, and never
//! adds to, the reserves for user liabilities.

use std::collections::BTreeMap;

use serde::Serialize;
use solvent_model::{Day, Decimal};

use crate::entry::Fund;
use crate::ledger::Ledger;

/// What the reserves checker found in the fund's wallet file.
#[derive(Debug, Clone, Default)]
pub struct Proven {
    pub rows_failed: u64,
    pub rows_unverified: u64,
    /// Per asset, the balance of the rows whose ownership verified.
    pub verified: BTreeMap<String, Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WalletStatus {
    Verified,
    NotVerified,
}

/// The label JSON gives it, for text output.
impl std::fmt::Display for WalletStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.serialize(f)
    }
}

/// One asset of the fund: the ledger's balance and the wallets' proven
/// one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cover {
    pub asset: String,
    pub ledger: Decimal,
    pub verified: Decimal,
    pub covered: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WalletCheck {
    pub fund: Fund,
    pub date: Option<Day>,
    pub status: WalletStatus,
    pub rows_failed: u64,
    pub rows_unverified: u64,
    pub assets: Vec<Cover>,
    /// Why NOT_VERIFIED, one line each.
    pub reasons: Vec<String>,
}

/// Checks `fund`'s balances in `ledger` (at the end of `at`, default
/// after every entry) against its proven wallets.
pub fn check_wallets(ledger: &Ledger, fund: Fund, at: Option<Day>, proven: &Proven) -> WalletCheck {
    let mut reasons = Vec::new();
    if proven.rows_failed > 0 {
        reasons.push(format!(
            "{} wallet rows failed their ownership check",
            proven.rows_failed
        ));
    }
    if proven.rows_unverified > 0 {
        reasons.push(format!(
            "{} wallet rows could not be verified",
            proven.rows_unverified
        ));
    }
    let assets: Vec<Cover> = ledger
        .balances(at)
        .into_iter()
        .filter(|b| b.fund == fund && !b.balance.is_zero())
        .map(|b| {
            let verified = proven
                .verified
                .get(&b.asset)
                .copied()
                .unwrap_or(Decimal::ZERO);
            let covered = verified >= b.balance;
            if !covered {
                reasons.push(format!(
                    "{}: the ledger holds {}, the verified wallets {}",
                    b.asset, b.balance, verified
                ));
            }
            Cover {
                asset: b.asset,
                ledger: b.balance,
                verified,
                covered,
            }
        })
        .collect();
    WalletCheck {
        fund,
        date: at,
        status: if reasons.is_empty() {
            WalletStatus::Verified
        } else {
            WalletStatus::NotVerified
        },
        rows_failed: proven.rows_failed,
        rows_unverified: proven.rows_unverified,
        assets,
        reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Direction, NewEntry};

    fn ledger() -> Ledger {
        let mut ledger = Ledger::default();
        for (fund, asset, amount) in [
            (Fund::SafetyFund, "BTC", "100"),
            (Fund::SafetyFund, "ETH", "800"),
            (Fund::RiskProvisionFund, "USDT", "2500000"),
        ] {
            ledger
                .append(NewEntry {
                    date: "2026-12-01".parse().unwrap(),
                    fund,
                    asset: asset.into(),
                    direction: Direction::Inflow,
                    amount: Decimal::parse(amount).unwrap(),
                    memo: String::new(),
                })
                .unwrap();
        }
        ledger
    }

    fn proven(pairs: &[(&str, &str)]) -> Proven {
        Proven {
            verified: pairs
                .iter()
                .map(|(a, v)| (a.to_string(), Decimal::parse(v).unwrap()))
                .collect(),
            ..Proven::default()
        }
    }

    #[test]
    fn a_fund_is_verified_only_when_its_wallets_cover_every_asset() {
        let l = ledger();
        let ok = check_wallets(
            &l,
            Fund::SafetyFund,
            None,
            &proven(&[("BTC", "100"), ("ETH", "801")]),
        );
        assert_eq!(ok.status, WalletStatus::Verified, "{ok:?}");
        // The other fund's assets are not this fund's business.
        assert_eq!(ok.assets.len(), 2);
        let short = check_wallets(
            &l,
            Fund::SafetyFund,
            None,
            &proven(&[("BTC", "99.99999999"), ("ETH", "800")]),
        );
        assert_eq!(short.status, WalletStatus::NotVerified);
        assert!(
            short.reasons[0].starts_with("BTC: the ledger holds 100"),
            "{short:?}"
        );
        let missing = check_wallets(&l, Fund::SafetyFund, None, &proven(&[("BTC", "100")]));
        assert_eq!(missing.status, WalletStatus::NotVerified);
        // Enough coins, but a wallet whose signature failed.
        let mut failed = proven(&[("BTC", "100"), ("ETH", "800")]);
        failed.rows_failed = 1;
        let failed = check_wallets(&l, Fund::SafetyFund, None, &failed);
        assert_eq!(failed.status, WalletStatus::NotVerified);
    }
}
