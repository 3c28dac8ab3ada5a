//! A realistic synthetic snapshot for the demo and benchmarks: a few popular
//! assets hold most accounts, balances are heavy-tailed, most accounts hold one
//! to three assets, and about one in ten has margin debt against collateral.

use std::io::Write;
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use solvent_circuits::batch::net_value;
use solvent_model::limits::AMOUNT_LIMIT;
use solvent_model::{format_amount, AssetTable};

/// `(symbol, decimals, price_usd)`; decimals are the round's fixed-point scale.
const KNOWN: &[(&str, u32, &str)] = &[
    ("BTC", 8, "97000"),
    ("ETH", 8, "3400"),
    ("USDT", 6, "1"),
    ("USDC", 6, "1"),
    ("SOL", 8, "180"),
    ("XRP", 6, "0.62"),
    ("BNB", 8, "610"),
    ("DOGE", 8, "0.16"),
    ("TRX", 6, "0.12"),
    ("ADA", 6, "0.45"),
    ("TON", 8, "5.4"),
    ("AVAX", 8, "28"),
    ("SHIB", 2, "0.000018"),
    ("DOT", 8, "6.1"),
    ("LINK", 8, "14.5"),
    ("LTC", 8, "72"),
    ("BCH", 8, "380"),
    ("APT", 8, "8.9"),
    ("SUI", 8, "1.9"),
    ("OKB", 8, "48"),
    ("ETC", 8, "21"),
    ("FIL", 8, "4.3"),
];

/// Writes `assets.csv` for `count` assets (known ones first, then synthetic tokens).
pub fn write_assets(path: &Path, count: usize) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "symbol,decimals,price_usd")?;
    for i in 0..count {
        match KNOWN.get(i) {
            Some((s, d, p)) => writeln!(out, "{s},{d},{p}")?,
            None => writeln!(out, "TKN{i},6,{}.{:02}", 1 + i % 50, i % 100)?,
        }
    }
    out.flush()
}

/// Writes `accounts.csv` with `count` accounts. Deterministic for a seed.
pub fn write_accounts(
    path: &Path,
    assets: &AssetTable,
    count: u64,
    seed: u64,
) -> std::io::Result<()> {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let weights = solvent_circuits::round::circuit_weights(
        &assets
            .usd_weights()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?,
    );
    let n = assets.len();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "account_id,asset,equity,debt")?;
    let mut balances = vec![(0u64, 0u64); n];
    for i in 0..count {
        balances.iter_mut().for_each(|b| *b = (0, 0));
        let holdings = 1 + (rng.gen::<f64>().powi(3) * 5.0) as usize;
        for _ in 0..holdings.min(n) {
            // Zipf-like popularity: low indices are far more common.
            let a = ((rng.gen::<f64>().powi(2)) * n as f64) as usize % n;
            balances[a].0 = heavy_tailed_amount(&mut rng, assets.get(a));
        }
        if rng.gen_ratio(1, 10) {
            // Margin debt in one asset worth at most 60% of the collateral.
            let a = rng.gen_range(0..n);
            let value = net_value(&weights, &balances).max(0) as f64;
            if weights[a].debt > 0 && value > 0.0 {
                let debt = (value * rng.gen_range(0.05..0.6) / weights[a].debt as f64) as u64;
                balances[a].1 = debt.min(AMOUNT_LIMIT - 1);
            }
        }
        if net_value(&weights, &balances) < 0 {
            balances.iter_mut().for_each(|b| b.1 = 0);
        }
        if balances.iter().all(|b| *b == (0, 0)) {
            balances[0].0 = 1;
        }
        for (a, &(e, d)) in balances.iter().enumerate() {
            if e != 0 || d != 0 {
                let asset = assets.get(a);
                writeln!(
                    out,
                    "u{i:09},{},{},{}",
                    asset.symbol,
                    format_amount(u128::from(e), asset.decimals),
                    format_amount(u128::from(d), asset.decimals)
                )?;
            }
        }
    }
    out.flush()
}

/// USD value log-uniform between $1 and $10M, converted to base units.
/// (Floats are fine here: this only invents test data, written out exactly.)
fn heavy_tailed_amount(rng: &mut ChaCha20Rng, asset: &solvent_model::Asset) -> u64 {
    let usd = 10f64.powf(rng.gen_range(0.0..7.0));
    let price = (asset.price.scaled as f64 / 1e18).max(1e-12);
    let units = usd / price * 10f64.powi(asset.decimals as i32);
    (units.max(1.0) as u64).min(AMOUNT_LIMIT - 1)
}
