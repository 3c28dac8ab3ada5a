use sha2::{Digest as _, Sha256};
use solvent_circuits::round::{circuit_weights, round_context};
use solvent_circuits::{parse_key_digest, KeyDigest, PublicInputs, Shape, VerifierKey};
use solvent_commit::Digest;
use solvent_model::asset::{
    valid_price_source, valid_price_time, valid_symbol, Asset, CollateralRatio, Price, UsdWeights,
};
use solvent_model::limits::{AMOUNT_BITS, MAX_ASSETS, MAX_DECIMALS};
use solvent_model::statement::{valid_round, ROUND_RULE, STATEMENT_FORMAT};
use solvent_model::{parse_decimal_u128, Statement};

pub use crate::error::VerifyError;

/// One asset as proven: its totals, and the price and collateral ratio the
/// collateral check used (bound into the proof by the round context).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetTotals {
    pub symbol: String,
    pub decimals: u32,
    /// Canonical decimal (docs/SPEC.md section 5).
    pub price_usd: String,
    /// Canonical decimal in `0..=1`.
    pub collateral_ratio: String,
    pub price_source: Option<String>,
    pub price_time: Option<String>,
    pub total_equity: u128,
    pub total_debt: u128,
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub round: String,
    pub leaf_count: u64,
    pub root: Digest,
    pub assets: Vec<AssetTotals>,
    pub key_digest: KeyDigest,
}

/// Leaves a statement may claim (see [`solvent_circuits::LEAF_COUNT_BITS`]).
pub const MAX_LEAVES: u64 = 1 << solvent_circuits::LEAF_COUNT_BITS;

fn bad(message: impl Into<String>) -> VerifyError {
    VerifyError::Statement(message.into())
}

/// The circuit shape and aggregation depth a statement claims, after checking
/// its format and that they are well-formed and consistent with its leaf
/// count: the gate every verification passes before any other work.
pub fn shape_of(statement: &Statement) -> Result<(Shape, u32), VerifyError> {
    if statement.format != STATEMENT_FORMAT {
        return Err(bad(format!("format must be `{STATEMENT_FORMAT}`")));
    }
    // The prover's rule: a label outside it could hide asset lines of the
    // round context (see `valid_round`).
    if !valid_round(&statement.round) {
        return Err(bad(format!(
            "round {:?} is not a round label the prover accepts: use {ROUND_RULE}",
            statement.round
        )));
    }
    let p = &statement.parameters;
    if p.proof_system != solvent_circuits::PROOF_SYSTEM {
        return Err(bad(format!(
            "parameters.proof_system is `{}`, this verifier supports `{}`",
            p.proof_system,
            solvent_circuits::PROOF_SYSTEM
        )));
    }
    if p.amount_bits != AMOUNT_BITS {
        return Err(bad(format!("parameters.amount_bits must be {AMOUNT_BITS}")));
    }
    if p.security_bits != solvent_circuits::SECURITY_BITS {
        return Err(bad(format!(
            "parameters.security_bits must be {}",
            solvent_circuits::SECURITY_BITS
        )));
    }
    if !p.batch_size.is_power_of_two()
        || p.batch_size < 2
        || p.batch_size > solvent_circuits::batch::MAX_BATCH_SIZE as u64
    {
        return Err(bad(format!(
            "parameters.batch_size must be a power of two in 2..={}",
            solvent_circuits::batch::MAX_BATCH_SIZE
        )));
    }
    let trace_bits = p.batch_trace_bits as usize;
    if !(solvent_circuits::batch::MIN_TRACE_BITS..=solvent_circuits::batch::MAX_TRACE_BITS)
        .contains(&trace_bits)
    {
        return Err(bad(format!(
            "parameters.batch_trace_bits must be in {}..={}",
            solvent_circuits::batch::MIN_TRACE_BITS,
            solvent_circuits::batch::MAX_TRACE_BITS
        )));
    }
    if statement.assets.is_empty() || statement.assets.len() > MAX_ASSETS {
        return Err(bad(format!("assets must list 1..={MAX_ASSETS} assets")));
    }
    // The prover takes the smallest trace that holds its fullest batch: at
    // most every asset held by every account, plus the merges and one idle
    // row. Refusing longer traces here keeps a hostile statement from making
    // a verifier build circuits no honest round needs.
    let batch_size = p.batch_size as usize;
    let most = solvent_circuits::batch::trace_bits_for(
        batch_size * statement.assets.len() + batch_size - 1,
    );
    if trace_bits > most {
        return Err(bad(format!(
            "parameters.batch_trace_bits is {trace_bits}, but batches of {batch_size} accounts \
             with {} assets never need more than {most}",
            statement.assets.len()
        )));
    }
    if statement.leaf_count == 0 || statement.leaf_count >= MAX_LEAVES {
        return Err(bad(
            "leaf_count must be in 1..2^37 (the per-asset limb sums could wrap beyond)",
        ));
    }
    let batches = statement.leaf_count.div_ceil(p.batch_size);
    let depth = batches.next_power_of_two().ilog2();
    if p.aggregation_depth != depth {
        return Err(bad(format!(
            "parameters.aggregation_depth is {} but {} leaves in batches of {} need depth {depth}",
            p.aggregation_depth, statement.leaf_count, p.batch_size
        )));
    }
    Ok((
        Shape::new(statement.assets.len(), p.batch_size as usize, trace_bits),
        depth,
    ))
}

/// Where the key digest a verification trusts comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeySource {
    /// This verifier's pinned table ([`crate::pinned`]): the default, and
    /// instant.
    Pinned,
    /// Rebuilt now from this verifier's own circuits for the statement's
    /// shape: slow (seconds), for a verifier built from a source whose table
    /// does not cover the shape.
    Rebuilt,
}

impl KeySource {
    /// `Rebuilt` when the caller asks to rebuild the key (`--rebuild-key`),
    /// else `Pinned`.
    pub fn rebuilt_if(rebuild: bool) -> KeySource {
        if rebuild {
            KeySource::Rebuilt
        } else {
            KeySource::Pinned
        }
    }
}

/// The final-key digest to trust for `statement`'s shape: from the pinned
/// table, or rebuilt from the circuits. Never the statement's own.
pub fn trusted_key_digest(
    statement: &Statement,
    source: KeySource,
) -> Result<KeyDigest, VerifyError> {
    let (shape, _) = shape_of(statement)?;
    let (capacity, trace_bits) = (shape.capacity(), shape.trace_bits);
    match source {
        KeySource::Pinned => crate::pinned::pinned_digest(capacity, trace_bits).ok_or_else(|| {
            VerifyError::UnknownKey(format!(
                "this verifier pins no key for circuits of {capacity} asset slots with \
                 2^{trace_bits}-row batches"
            ))
        }),
        KeySource::Rebuilt => crate::pinned::build_digest(capacity, trace_bits),
    }
}

/// Verifies a bundle against the key `source` trusts: the use case of
/// `solvent verify` and the browser page.
pub fn verify_bundle(
    statement: &Statement,
    proof: &[u8],
    key_bytes: &[u8],
    source: KeySource,
) -> Result<Verified, VerifyError> {
    let trusted = trusted_key_digest(statement, source)?;
    verify_global(statement, proof, key_bytes, &trusted)
}

/// Verifies `proof` against `statement`, with `key_bytes` the bundled verifier
/// key and `trusted_key_digest` the digest the caller trusts.
pub fn verify_global(
    statement: &Statement,
    proof: &[u8],
    key_bytes: &[u8],
    trusted_key_digest: &KeyDigest,
) -> Result<Verified, VerifyError> {
    let (shape, _) = shape_of(statement)?;
    let (assets, weights) = check_assets(statement)?;
    let root = Digest::from_hex(&statement.root).map_err(|e| bad(format!("root: {e}")))?;

    let stated_digest = parse_key_digest(&statement.verifier_key_digest)
        .ok_or_else(|| bad("verifier_key_digest must be 64 hex digits"))?;
    if &stated_digest != trusted_key_digest {
        return Err(VerifyError::UnknownKey(format!(
            "statement.json names key {}, but the key for circuits of {} asset slots with \
             2^{}-row batches is {}",
            hex::encode(stated_digest),
            shape.capacity(),
            shape.trace_bits,
            hex::encode(trusted_key_digest)
        )));
    }
    let bundled_digest: KeyDigest = Sha256::digest(key_bytes).into();
    if &bundled_digest != trusted_key_digest {
        return Err(VerifyError::Key(format!(
            "verifier_key.bin hashes to {}, expected {}",
            hex::encode(bundled_digest),
            hex::encode(trusted_key_digest)
        )));
    }
    let key = VerifierKey::from_bytes(key_bytes.to_vec())
        .map_err(|e| VerifyError::Key(format!("verifier_key.bin: {e:#}")))?;
    let num_assets = statement.assets.len();
    let capacity = shape.capacity();
    if key.num_public_inputs() != solvent_circuits::public_inputs::len(capacity) {
        return Err(VerifyError::Key(format!(
            "the key expects {} public inputs, the statement's {num_assets} assets call for \
             circuits of {capacity} asset slots ({})",
            key.num_public_inputs(),
            solvent_circuits::public_inputs::len(capacity)
        )));
    }
    let parsed = key
        .parse_proof(proof)
        .map_err(|e| VerifyError::MalformedProof(format!("{e:#}")))?;
    let public = PublicInputs::from_fields(&parsed.public_inputs, capacity)
        .ok_or_else(|| VerifyError::MalformedProof("wrong public-input count".into()))?;
    key.verify(parsed)
        .map_err(|e| VerifyError::Rejected(format!("{e:#}")))?;

    compare_public_inputs(statement, &assets, &weights, root, &public)?;
    Ok(Verified {
        round: statement.round.clone(),
        leaf_count: statement.leaf_count,
        root,
        assets: assets
            .iter()
            .zip(&public.totals)
            .map(|(a, t)| AssetTotals {
                symbol: a.symbol.clone(),
                decimals: a.decimals,
                price_usd: a.price.to_decimal(),
                collateral_ratio: a.collateral_ratio.to_decimal(),
                price_source: a.price_source.clone(),
                price_time: a.price_time.clone(),
                total_equity: t.equity(),
                total_debt: t.debt(),
            })
            .collect(),
        key_digest: *trusted_key_digest,
    })
}

/// Re-derives the assets and USD weights from the statement's prices and
/// collateral ratios, so a statement cannot pair one price with another
/// weight.
fn check_assets(statement: &Statement) -> Result<(Vec<Asset>, UsdWeights), VerifyError> {
    let mut assets = Vec::with_capacity(statement.assets.len());
    for (i, a) in statement.assets.iter().enumerate() {
        if !valid_symbol(&a.symbol) {
            return Err(bad(format!("assets[{i}].symbol `{}` is invalid", a.symbol)));
        }
        if a.decimals > MAX_DECIMALS {
            return Err(bad(format!(
                "assets[{i}].decimals must be <= {MAX_DECIMALS}"
            )));
        }
        let price =
            Price::parse(&a.price_usd).map_err(|e| bad(format!("assets[{i}].price_usd: {e}")))?;
        if price.to_decimal() != a.price_usd {
            return Err(bad(format!(
                "assets[{i}].price_usd `{}` is not canonical",
                a.price_usd
            )));
        }
        let collateral_ratio = CollateralRatio::parse(&a.collateral_ratio)
            .map_err(|e| bad(format!("assets[{i}].collateral_ratio: {e}")))?;
        if collateral_ratio.to_decimal() != a.collateral_ratio {
            return Err(bad(format!(
                "assets[{i}].collateral_ratio `{}` is not canonical",
                a.collateral_ratio
            )));
        }
        if a.price_source
            .as_deref()
            .is_some_and(|s| !valid_price_source(s))
        {
            return Err(bad(format!(
                "assets[{i}].price_source must be 1-200 printable ASCII characters"
            )));
        }
        if a.price_time
            .as_deref()
            .is_some_and(|t| !valid_price_time(t))
        {
            return Err(bad(format!(
                "assets[{i}].price_time must be UTC as YYYY-MM-DDTHH:MM:SSZ"
            )));
        }
        assets.push(Asset {
            symbol: a.symbol.clone(),
            decimals: a.decimals,
            price,
            collateral_ratio,
            price_source: a.price_source.clone(),
            price_time: a.price_time.clone(),
        });
    }
    let table = solvent_model::AssetTable::new(assets.clone()).map_err(|e| bad(e.to_string()))?;
    let weights = table
        .usd_weights()
        .map_err(|e| bad(format!("USD weights: {e}")))?;
    if weights.exponent != statement.weight_scale_log2 {
        return Err(bad(format!(
            "weight_scale_log2 is {} but the prices give {}",
            statement.weight_scale_log2, weights.exponent
        )));
    }
    for (i, (a, w)) in statement.assets.iter().zip(&weights.weights).enumerate() {
        if (a.equity_weight, a.debt_weight) != (w.equity, w.debt) {
            return Err(bad(format!(
                "assets[{i}] weights are {} (equity) and {} (debt) but price {} at {} decimals \
                 and collateral ratio {} give {} and {}",
                a.equity_weight,
                a.debt_weight,
                a.price_usd,
                a.decimals,
                a.collateral_ratio,
                w.equity,
                w.debt
            )));
        }
    }
    Ok((assets, weights))
}

fn compare_public_inputs(
    statement: &Statement,
    assets: &[Asset],
    weights: &UsdWeights,
    root: Digest,
    public: &PublicInputs,
) -> Result<(), VerifyError> {
    let mismatch = |field: &str, s: String, p: String| VerifyError::Mismatch {
        field: field.to_string(),
        statement: s,
        proof: p,
    };
    let context = round_context(&statement.round, assets);
    if context != public.context {
        return Err(mismatch(
            "round/assets/prices/collateral ratios/price sources (round context)",
            context.to_hex(),
            public.context.to_hex(),
        ));
    }
    if root != public.root {
        return Err(mismatch("root", root.to_hex(), public.root.to_hex()));
    }
    if statement.leaf_count != public.leaf_count {
        return Err(mismatch(
            "leaf_count",
            statement.leaf_count.to_string(),
            public.leaf_count.to_string(),
        ));
    }
    // One final key covers every depth, so the proof states its own: the
    // tree's height, which the inclusion proofs' length depends on.
    if statement.parameters.aggregation_depth != public.level {
        return Err(mismatch(
            "parameters.aggregation_depth",
            statement.parameters.aggregation_depth.to_string(),
            public.level.to_string(),
        ));
    }
    // Nor does it fix the batch size: the proof states the batches' height,
    // which the trace-length rule and the inclusion proofs' length depend on.
    let batch_height = statement.parameters.batch_size.ilog2();
    if batch_height != public.batch_height {
        return Err(mismatch(
            "parameters.batch_size",
            statement.parameters.batch_size.to_string(),
            format!("2^{}", public.batch_height),
        ));
    }
    // One key serves every asset count of a capacity, so the proof's slots
    // after the statement's assets must be empty: a weight or total there
    // would be an asset the statement does not list (say, hidden collateral
    // behind the debts it does list).
    let num_assets = statement.assets.len();
    if let Some(slot) = public.first_used_slot_from(num_assets) {
        return Err(mismatch(
            &format!("asset slot {slot} (weights and totals)"),
            format!("empty: the statement lists {num_assets} assets"),
            format!(
                "weights {:?} and limb totals {:?}",
                public.weights[slot], public.totals[slot]
            ),
        ));
    }
    if circuit_weights(weights) != public.weights[..num_assets] {
        return Err(mismatch(
            "equity_weight/debt_weight",
            format!("{:?}", weights.weights),
            format!("{:?}", &public.weights[..num_assets]),
        ));
    }
    for (a, (stated, proven)) in statement.assets.iter().zip(&public.totals).enumerate() {
        let check = |field: &str, text: &str, value: u128| -> Result<(), VerifyError> {
            let parsed = parse_decimal_u128(text, stated.decimals)
                .map_err(|e| bad(format!("assets[{a}].{field}: {e}")))?;
            if parsed != value {
                return Err(mismatch(
                    &format!("assets[{a}] ({}).{field}", stated.symbol),
                    text.to_string(),
                    solvent_model::format_amount(value, stated.decimals),
                ));
            }
            Ok(())
        };
        check("total_equity", &stated.total_equity, proven.equity())?;
        check("total_debt", &stated.total_debt, proven.debt())?;
        // No weight can value debt on an asset priced 0, so none may exist:
        // a zero total proves every account's debt in it is zero.
        if assets[a].price.scaled == 0 && proven.debt() != 0 {
            return Err(bad(format!(
                "assets[{a}] ({}) is priced 0 but carries debt {}: an asset without a price \
                 cannot back or carry debt",
                stated.symbol, stated.total_debt
            )));
        }
    }
    Ok(())
}
