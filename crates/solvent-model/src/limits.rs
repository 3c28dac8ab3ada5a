//! Numeric bounds that the circuits rely on: the one source of them for the
//! model, the batch STARK (`solvent-air`) and the circuits. They are part of
//! the statement a verifier checks (see docs/SPEC.md, "Parameters"), so
//! changing one changes the verifier key.

/// Every equity and every debt is proven to lie in `[0, 2^AMOUNT_BITS)` base units.
///
/// Each amount is split into two 26-bit limbs; per-limb sums stay far below the
/// Goldilocks modulus for up to 2^37 accounts, so per-asset totals cannot wrap.
pub const AMOUNT_BITS: u32 = 52;

/// Width of one amount limb, and of one weight limb, in the circuit.
pub const LIMB_BITS: u32 = 26;

/// Integer USD weights (value per base unit, scaled by `2^weight_scale_log2`)
/// are below `2^WEIGHT_BITS`: two 26-bit limbs in the circuit, wide enough
/// that rounding costs an account under 0.1% of margin (docs/SPEC.md
/// section 5).
pub const WEIGHT_BITS: u32 = 52;

/// Upper bound on the number of assets in one round (keeps the collateral
/// sums `S_0, S_2 < 2^62` and `S_1 < 2^63`).
pub const MAX_ASSETS: usize = 1024;

/// Largest number of decimals an asset may declare.
pub const MAX_DECIMALS: u32 = 18;

/// Largest amount (exclusive) in base units.
pub const AMOUNT_LIMIT: u64 = 1 << AMOUNT_BITS;

/// Largest weight (exclusive), per base unit.
pub const WEIGHT_LIMIT: u64 = 1 << WEIGHT_BITS;

const _: () = assert!(AMOUNT_BITS == 2 * LIMB_BITS && WEIGHT_BITS == 2 * LIMB_BITS);
