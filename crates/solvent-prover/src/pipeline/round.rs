//! Round preparation: everything a round is proven against, fixed from the
//! options, the assets file and a pre-pass over the snapshot before the first
//! account is proven.

use std::path::PathBuf;

use solvent_circuits::batch::{net_value, Weight, MAX_BATCH_SIZE, MAX_TRACE_BITS};
use solvent_circuits::round::{circuit_weights, round_context};
use solvent_circuits::Shape;
use solvent_commit::Digest;
use solvent_model::asset::UsdWeights;
use solvent_model::{Account, AssetTable, Location};

use super::options::ProveOptions;
use crate::error::ProveError;
use crate::plan::RowPlan;

/// What a round is proven against, fixed before the first account is read.
pub struct Round {
    /// Accounts in the snapshot, from the pre-pass.
    pub accounts: u64,
    pub assets: AssetTable,
    pub weights: UsdWeights,
    /// The same weights as the circuits take them.
    pub circuit_weights: Vec<Weight>,
    pub batch_size: usize,
    pub shape: Shape,
    pub context: Digest,
    pub assets_sha256: String,
}

/// Validates the options and the assets file, and scans the snapshot once
/// for the shape of its batches.
pub fn plan_round(options: &ProveOptions) -> Result<Round, ProveError> {
    // Round labels go into the round context string, so they are restricted
    // to a safe alphabet.
    if !solvent_model::statement::valid_round(&options.round) {
        return Err(ProveError::Input(solvent_model::InputError::File {
            path: PathBuf::from("--round"),
            message: format!(
                "invalid round `{}`: use {}",
                options.round,
                solvent_model::statement::ROUND_RULE
            ),
        }));
    }
    let assets = AssetTable::from_csv_path(&options.assets)?;
    let weights = assets
        .usd_weights()
        .map_err(|e| weights_error(options, e))?;
    assets
        .check_precision()
        .map_err(|e| weights_error(options, e))?;
    let num_assets = assets.len();
    let plan = RowPlan::scan(&options.accounts, &assets)?;
    let batch_size = options
        .batch_size
        .unwrap_or_else(|| plan.default_batch_size(num_assets));
    if !batch_size.is_power_of_two() || !(2..=MAX_BATCH_SIZE).contains(&batch_size) {
        return Err(ProveError::Weights(format!(
            "batch size {batch_size} must be a power of two in 2..={MAX_BATCH_SIZE}"
        )));
    }
    let trace_bits = plan.trace_bits(batch_size);
    if trace_bits > MAX_TRACE_BITS {
        return Err(ProveError::Weights(format!(
            "the fullest batch of {batch_size} accounts needs a 2^{trace_bits}-row trace \
             (at most 2^{MAX_TRACE_BITS}); choose a smaller --batch-size"
        )));
    }
    Ok(Round {
        accounts: plan.accounts,
        shape: Shape::new(num_assets, batch_size, trace_bits),
        context: round_context(&options.round, assets.iter()),
        assets_sha256: sha256_file(&options.assets)?,
        assets,
        circuit_weights: circuit_weights(&weights),
        weights,
        batch_size,
    })
}

/// SHA-256 of a file (hex), streamed: the assets file here, the snapshot
/// for a distributed run's name.
pub fn sha256_file(path: &std::path::Path) -> Result<String, ProveError> {
    use sha2::Digest as _;
    let io = |source| {
        ProveError::Input(solvent_model::InputError::Io {
            path: path.to_owned(),
            source,
        })
    };
    let mut hasher = sha2::Sha256::new();
    std::io::copy(&mut std::fs::File::open(path).map_err(io)?, &mut hasher).map_err(io)?;
    Ok(hex::encode(hasher.finalize()))
}

/// The assets file named in a weight error.
pub(super) fn weights_error(
    options: &ProveOptions,
    error: solvent_model::asset::WeightError,
) -> ProveError {
    ProveError::Weights(format!("{}: {error}", options.assets.display()))
}

/// Refuses an account under water before any proving. (Debt on an asset
/// priced 0, which no weight could value, is refused by the snapshot reader.)
fn check_collateral(
    file: &std::path::Path,
    account: &Account,
    round: &Round,
    balances: &[(u64, u64)],
) -> Result<(), ProveError> {
    let net = net_value(&round.circuit_weights, balances);
    if net < 0 {
        return Err(ProveError::UnderWater {
            at: Location {
                file: file.to_owned(),
                line: account.line,
                field: None,
            },
            account: account.id.clone(),
            net,
        });
    }
    Ok(())
}

/// One account as the round commits to it.
pub struct AccountLeaf {
    /// `(equity, debt)` per asset of the round.
    pub balances: Vec<(u64, u64)>,
    pub salt: solvent_commit::Digest,
    pub id_commit: solvent_commit::Digest,
    pub leaf: solvent_commit::Digest,
}

/// The account's salt (derived from the round `secret`), id commitment and
/// leaf, once its collateral is checked (`file` is the snapshot, for the
/// error).
pub fn account_leaf(
    round: &Round,
    secret: &solvent_commit::Digest,
    file: &std::path::Path,
    account: &Account,
) -> Result<AccountLeaf, ProveError> {
    use solvent_commit::{derive_salt, id_commitment, leaf_hash};
    let balances = account.dense(round.assets.len());
    check_collateral(file, account, round, &balances)?;
    let salt = derive_salt(secret, &account.id);
    let id_commit = id_commitment(&salt, &account.id);
    let leaf = leaf_hash(&id_commit, &balances);
    Ok(AccountLeaf {
        balances,
        salt,
        id_commit,
        leaf,
    })
}
