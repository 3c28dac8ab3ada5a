//! What the circuits take from a round's model: the round context digest that
//! binds the round label, the asset list and its prices into every proof, and
//! the USD weights in the circuits' form. The prover and the verifier both
//! compute them here, so they cannot drift apart.

use solvent_commit::{context_digest, ContextAsset, Digest};
use solvent_model::asset::{Asset, UsdWeights};

use crate::batch::Weight;

/// The round context committed in every proof's public inputs (docs/SPEC.md
/// section 2): the round label and, per asset in leaf order, its symbol,
/// decimals, canonical price and collateral ratio, and price provenance.
pub fn round_context<'a>(round: &str, assets: impl IntoIterator<Item = &'a Asset>) -> Digest {
    let assets: Vec<&Asset> = assets.into_iter().collect();
    let texts: Vec<(String, String)> = assets
        .iter()
        .map(|a| (a.price.to_decimal(), a.collateral_ratio.to_decimal()))
        .collect();
    let list: Vec<ContextAsset<'_>> = assets
        .iter()
        .zip(&texts)
        .map(|(a, (price, ratio))| ContextAsset {
            symbol: &a.symbol,
            decimals: a.decimals,
            price,
            collateral_ratio: ratio,
            price_source: a.price_source.as_deref(),
            price_time: a.price_time.as_deref(),
        })
        .collect();
    context_digest(round, &list)
}

/// The weights as the circuits take them.
pub fn circuit_weights(weights: &UsdWeights) -> Vec<Weight> {
    weights
        .weights
        .iter()
        .map(|w| Weight {
            equity: w.equity,
            debt: w.debt,
        })
        .collect()
}
