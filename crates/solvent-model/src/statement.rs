//! The public statement of a round (`statement.json`): everything the final
//! proof is checked against. See docs/SPEC.md, "statement.json".

use serde::{Deserialize, Serialize};

pub const STATEMENT_FORMAT: &str = "solvent-statement-v2";

/// What [`valid_round`] accepts, in words for error messages.
pub const ROUND_RULE: &str = "1-64 of A-Z a-z 0-9 - _ .";

/// Round labels are one line of the round context string (docs/SPEC.md
/// section 2), so they are restricted to an alphabet without line breaks or
/// `=`: a label that could carry a line of its own would let two statements
/// with different asset lists share one context.
pub fn valid_round(round: &str) -> bool {
    (1..=64).contains(&round.len())
        && round
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Always [`STATEMENT_FORMAT`].
    pub format: String,
    /// Round label, e.g. `2026-11` ([`valid_round`]).
    pub round: String,
    /// Assets in leaf order, with their proven totals.
    pub assets: Vec<AssetStatement>,
    /// USD weights are in units of `2^-weight_scale_log2` USD per base unit.
    pub weight_scale_log2: u32,
    /// Number of real (non-padding) account leaves.
    pub leaf_count: u64,
    /// Merkle root, 64 hex digits (4 Goldilocks elements, little-endian u64 each).
    pub root: String,
    pub parameters: Parameters,
    /// Digest of the final circuit's verifier key, 64 hex digits.
    pub verifier_key_digest: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetStatement {
    pub symbol: String,
    pub decimals: u32,
    /// Exact decimal USD price of one whole unit for this round.
    pub price_usd: String,
    /// Where the price came from, if the assets file named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_source: Option<String>,
    /// When the price was taken (UTC, `YYYY-MM-DDTHH:MM:SSZ`), if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_time: Option<String>,
    /// Share of the equity that counts as collateral, canonical decimal in `[0, 1]`.
    pub collateral_ratio: String,
    /// Integer USD value of one base unit of equity, rounded down after the
    /// collateral ratio (see `weight_scale_log2`).
    pub equity_weight: u64,
    /// Integer USD value of one base unit of debt, rounded up.
    pub debt_weight: u64,
    /// Sum of all users' equity, decimal.
    pub total_equity: String,
    /// Sum of all users' debt, decimal.
    pub total_debt: String,
}

/// Proof-system parameters. A verifier rebuilds the verifier key from these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameters {
    /// `plonky2-1.1.0/goldilocks/poseidon`.
    pub proof_system: String,
    /// Each equity and debt is in `[0, 2^amount_bits)`.
    pub amount_bits: u32,
    /// Leaves per batch proof.
    pub batch_size: u64,
    /// `log2` of every batch STARK's trace length (fixed by the round's
    /// fullest batch; the verifier rebuilds the batch circuits with it).
    pub batch_trace_bits: u32,
    /// Depth of the aggregation tree above the batches (leaves = batch_size * 2^depth).
    pub aggregation_depth: u32,
    /// Conjectured security of the final proof in bits.
    pub security_bits: u32,
}
