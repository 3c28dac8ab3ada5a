//! The round's asset list: symbol, fixed-point scale and USD price.

use std::collections::HashMap;
use std::path::Path;

use crate::amount::parse_decimal_u128;
use crate::error::{InputError, Location};
use crate::limits::{MAX_ASSETS, MAX_DECIMALS, WEIGHT_BITS};

/// Price decimals kept exactly (more are rejected rather than rounded).
pub const PRICE_MAX_DECIMALS: u32 = 18;

/// An exact, non-negative USD price: `scaled / 10^18`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    pub scaled: u128,
}

impl Price {
    pub fn parse(text: &str) -> Result<Self, crate::AmountError> {
        Ok(Price {
            scaled: parse_decimal_u128(text, PRICE_MAX_DECIMALS)?,
        })
    }

    /// Canonical decimal text of the price.
    pub fn to_decimal(self) -> String {
        crate::amount::format_amount(self.scaled, PRICE_MAX_DECIMALS)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub symbol: String,
    pub decimals: u32,
    pub price: Price,
}

/// The ordered asset list of a round. The order is the order of the assets
/// file and fixes each asset's position in every leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetTable {
    assets: Vec<Asset>,
    by_symbol: HashMap<String, usize>,
}

/// Symbols are restricted so they can be embedded in file names, JSON and HTML
/// without escaping surprises.
pub fn valid_symbol(symbol: &str) -> bool {
    (1..=32).contains(&symbol.len())
        && symbol
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

impl AssetTable {
    pub fn new(assets: Vec<Asset>) -> Result<Self, String> {
        if assets.is_empty() {
            return Err("the asset list is empty".into());
        }
        if assets.len() > MAX_ASSETS {
            return Err(format!(
                "{} assets, at most {MAX_ASSETS} are supported",
                assets.len()
            ));
        }
        let mut by_symbol = HashMap::new();
        for (i, a) in assets.iter().enumerate() {
            if by_symbol.insert(a.symbol.clone(), i).is_some() {
                return Err(format!("duplicate asset `{}`", a.symbol));
            }
        }
        Ok(AssetTable { assets, by_symbol })
    }

    /// Reads `symbol,decimals,price_usd` CSV (with that header).
    pub fn from_csv_path(path: &Path) -> Result<Self, InputError> {
        let file = std::fs::File::open(path).map_err(|source| InputError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::from_csv_reader(file, path)
    }

    pub fn from_csv_reader<R: std::io::Read>(reader: R, path: &Path) -> Result<Self, InputError> {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(reader);
        let at = |line: u64, field: Option<&str>| Location {
            file: path.to_owned(),
            line,
            field: field.map(str::to_owned),
        };
        let headers = csv
            .headers()
            .map_err(|e| InputError::invalid(at(1, None), format!("unreadable header: {e}")))?
            .clone();
        let expected = ["symbol", "decimals", "price_usd"];
        if headers.iter().collect::<Vec<_>>() != expected {
            return Err(InputError::invalid(
                at(1, None),
                format!("header must be `{}`", expected.join(",")),
            ));
        }
        let mut assets: Vec<Asset> = Vec::new();
        let mut seen: HashMap<String, u64> = HashMap::new();
        for record in csv.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                InputError::invalid(at(line, None), format!("malformed CSV row: {e}"))
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let symbol = record[0].to_string();
            if !valid_symbol(&symbol) {
                return Err(InputError::invalid(
                    at(line, Some("symbol")),
                    format!("invalid symbol `{symbol}` (1-32 of A-Z a-z 0-9 . - _)"),
                ));
            }
            if let Some(first) = seen.insert(symbol.clone(), line) {
                return Err(InputError::invalid(
                    at(line, Some("symbol")),
                    format!("duplicate asset `{symbol}` (first on line {first})"),
                ));
            }
            let decimals: u32 = record[1]
                .parse()
                .ok()
                .filter(|d| *d <= MAX_DECIMALS && !record[1].starts_with('+'))
                .ok_or_else(|| {
                    InputError::invalid(
                        at(line, Some("decimals")),
                        format!(
                            "decimals `{}` must be an integer 0..={MAX_DECIMALS}",
                            &record[1]
                        ),
                    )
                })?;
            let price = Price::parse(&record[2])
                .map_err(|e| InputError::invalid(at(line, Some("price_usd")), e.to_string()))?;
            assets.push(Asset {
                symbol,
                decimals,
                price,
            });
        }
        AssetTable::new(assets).map_err(|message| InputError::File {
            path: path.to_owned(),
            message,
        })
    }

    pub fn len(&self) -> usize {
        self.assets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.assets.is_empty()
    }

    pub fn index_of(&self, symbol: &str) -> Option<usize> {
        self.by_symbol.get(symbol).copied()
    }

    pub fn get(&self, index: usize) -> &Asset {
        &self.assets[index]
    }

    pub fn iter(&self) -> impl Iterator<Item = &Asset> {
        self.assets.iter()
    }

    /// Integer USD weights per base unit and their common exponent, as defined
    /// in docs/SPEC.md ("Collateral weights").
    pub fn usd_weights(&self) -> UsdWeights {
        UsdWeights::for_assets(&self.assets)
    }
}

/// `weight[a] = round_half_up(price[a] * 10^(exponent - decimals[a]))`: the USD
/// value of one base unit of asset `a` in units of `10^-exponent` USD.
/// `exponent` is the largest value in `0..=MAX_WEIGHT_EXPONENT` for which every
/// weight is below `2^WEIGHT_BITS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsdWeights {
    pub exponent: u32,
    pub weights: Vec<u64>,
}

pub const MAX_WEIGHT_EXPONENT: u32 = 36;

impl UsdWeights {
    pub fn for_assets(assets: &[Asset]) -> Self {
        let limit = 1u128 << WEIGHT_BITS;
        let mut exponent = MAX_WEIGHT_EXPONENT;
        loop {
            let weights: Vec<u128> = assets
                .iter()
                .map(|a| weight_at(a.price, a.decimals, exponent))
                .collect();
            if exponent == 0 || weights.iter().all(|w| *w < limit) {
                return UsdWeights {
                    exponent,
                    weights: weights
                        .into_iter()
                        .map(|w| w.min(u128::from(u64::MAX)) as u64)
                        .collect(),
                };
            }
            exponent -= 1;
        }
    }

    /// True when every weight is inside the proven bound.
    pub fn in_bounds(&self) -> bool {
        self.weights.iter().all(|w| *w < (1u64 << WEIGHT_BITS))
    }
}

/// `round_half_up(price.scaled * 10^(exponent - decimals - 18))`, saturating.
fn weight_at(price: Price, decimals: u32, exponent: u32) -> u128 {
    let shift = i64::from(exponent) - i64::from(decimals) - i64::from(PRICE_MAX_DECIMALS);
    if shift >= 0 {
        let mut w = price.scaled;
        for _ in 0..shift {
            w = w.saturating_mul(10);
        }
        w
    } else {
        let divisor = 10u128.checked_pow((-shift) as u32);
        match divisor {
            Some(d) => price.scaled / d + u128::from(price.scaled % d >= d.div_ceil(2) && d > 1),
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Result<AssetTable, InputError> {
        AssetTable::from_csv_reader(csv.as_bytes(), Path::new("assets.csv"))
    }

    #[test]
    fn reads_assets_and_computes_weights() {
        let t = table("symbol,decimals,price_usd\nBTC,8,100000\nUSDT,6,1\nDOGE,2,0.1\n").unwrap();
        assert_eq!(t.len(), 3);
        let w = t.usd_weights();
        assert!(w.in_bounds());
        // BTC: 1 sat = 0.001 USD; USDT: 1 unit = 1e-6 USD; ratio must be exact.
        assert_eq!(w.weights[0], w.weights[1] * 1000);
        assert_eq!(w.weights[2], w.weights[1] * 1000);
    }

    #[test]
    fn rejects_bad_asset_rows() {
        let err = table("symbol,decimals,price_usd\nBTC,8,1\nBTC,8,2\n").unwrap_err();
        assert!(
            err.to_string().contains("assets.csv:3 field `symbol`"),
            "{err}"
        );
        let err = table("symbol,decimals,price_usd\nBTC,19,1\n").unwrap_err();
        assert!(err.to_string().contains("field `decimals`"), "{err}");
        let err = table("symbol,decimals,price_usd\nBTC,8,-1\n").unwrap_err();
        assert!(err.to_string().contains("negative"), "{err}");
        let err = table("symbol,decimals\nBTC,8\n").unwrap_err();
        assert!(err.to_string().contains("header"), "{err}");
        assert!(table("symbol,decimals,price_usd\n").is_err());
    }

    #[test]
    fn weight_rounding_is_half_up() {
        let p = Price::parse("0.5").unwrap();
        assert_eq!(weight_at(p, 0, 0), 1);
        let p = Price::parse("0.49").unwrap();
        assert_eq!(weight_at(p, 0, 0), 0);
        assert_eq!(weight_at(Price::parse("3").unwrap(), 2, 2), 3);
    }
}
