//! What a verification established, as `solvent verify --json` and the
//! browser page print it (docs/FORMATS.md, "Exit codes"): one serde view, so
//! the command line and the page cannot drift apart.

use serde::Serialize;
use solvent_model::format_amount;
use solvent_model::inclusion::InclusionBalance;

use crate::{IncludedAccount, KeySource, Verified};

/// A verified round.
#[derive(Debug, Clone, Serialize)]
pub struct VerifiedView {
    pub valid: bool,
    pub round: String,
    pub leaf_count: u64,
    /// Digest hex.
    pub root: String,
    /// Digest hex.
    pub verifier_key_digest: String,
    pub key_source: KeySource,
    pub assets: Vec<AssetView>,
}

/// One asset's proven totals, amounts as decimals of whole units.
#[derive(Debug, Clone, Serialize)]
pub struct AssetView {
    pub symbol: String,
    pub price_usd: String,
    pub collateral_ratio: String,
    pub price_source: Option<String>,
    pub price_time: Option<String>,
    pub total_equity: String,
    pub total_debt: String,
}

/// An account whose inclusion was verified.
#[derive(Debug, Clone, Serialize)]
pub struct IncludedView {
    pub account_id: String,
    pub leaf_index: u64,
    pub balances: Vec<InclusionBalance>,
}

impl Verified {
    pub fn view(&self, key_source: KeySource) -> VerifiedView {
        VerifiedView {
            valid: true,
            round: self.round.clone(),
            leaf_count: self.leaf_count,
            root: self.root.to_hex(),
            verifier_key_digest: hex::encode(self.key_digest),
            key_source,
            assets: self
                .assets
                .iter()
                .map(|a| AssetView {
                    symbol: a.symbol.clone(),
                    price_usd: a.price_usd.clone(),
                    collateral_ratio: a.collateral_ratio.clone(),
                    price_source: a.price_source.clone(),
                    price_time: a.price_time.clone(),
                    total_equity: format_amount(a.total_equity, a.decimals),
                    total_debt: format_amount(a.total_debt, a.decimals),
                })
                .collect(),
        }
    }
}

impl IncludedAccount {
    pub fn view(&self) -> IncludedView {
        IncludedView {
            account_id: self.account_id.clone(),
            leaf_index: self.leaf_index,
            balances: self
                .balances
                .iter()
                .map(|(asset, decimals, equity, debt)| InclusionBalance {
                    asset: asset.clone(),
                    equity: format_amount(u128::from(*equity), *decimals),
                    debt: format_amount(u128::from(*debt), *decimals),
                })
                .collect(),
        }
    }
}
