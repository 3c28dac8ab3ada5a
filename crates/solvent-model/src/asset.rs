//! The round's asset list: symbol, fixed-point scale and USD price.

use std::collections::HashMap;
use std::path::Path;

use crate::amount::parse_decimal_u128;
use crate::error::{InputError, Location};
use num_bigint::BigUint;

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

/// The share of an asset's equity that counts as collateral (a haircut of
/// `1 - ratio`): a decimal in `[0, 1]` with at most
/// [`RATIO_MAX_DECIMALS`] fraction digits, held as `scaled / 10^4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollateralRatio {
    pub scaled: u32,
}

/// Why a collateral ratio was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatioError {
    #[error(transparent)]
    Decimal(#[from] crate::AmountError),
    #[error("collateral ratio `{0}` is above 1")]
    AboveOne(String),
}

/// Why a list of assets is not a round's asset table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("the asset list is empty")]
    Empty,
    #[error("{0} assets, at most {MAX_ASSETS} are supported")]
    TooMany(usize),
    #[error("duplicate asset `{0}`")]
    Duplicate(String),
}

/// Fraction digits of a collateral ratio (basis points).
pub const RATIO_MAX_DECIMALS: u32 = 4;

impl CollateralRatio {
    /// All of the equity counts: the default.
    pub const FULL: CollateralRatio = CollateralRatio {
        scaled: 10u32.pow(RATIO_MAX_DECIMALS),
    };

    pub fn parse(text: &str) -> Result<Self, RatioError> {
        let scaled = parse_decimal_u128(text, RATIO_MAX_DECIMALS)?;
        if scaled > u128::from(Self::FULL.scaled) {
            return Err(RatioError::AboveOne(text.to_string()));
        }
        Ok(CollateralRatio {
            scaled: scaled as u32,
        })
    }

    /// Canonical decimal text (`1`, `0.95`, `0`).
    pub fn to_decimal(self) -> String {
        crate::amount::format_amount(u128::from(self.scaled), RATIO_MAX_DECIMALS)
    }
}

impl Default for CollateralRatio {
    fn default() -> Self {
        Self::FULL
    }
}

/// Where a price came from and when (optional, published and bound into the
/// round context so an auditor can hold the price against market data).
/// Printable ASCII, at most [`MAX_SOURCE_LEN`] characters.
pub fn valid_price_source(text: &str) -> bool {
    (1..=MAX_SOURCE_LEN).contains(&text.len()) && text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Longest price source.
pub const MAX_SOURCE_LEN: usize = 200;

/// A UTC time in the form `YYYY-MM-DDTHH:MM:SSZ` with fields in range.
pub fn valid_price_time(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return false;
    }
    if b[16] != b':' || b[19] != b'Z' {
        return false;
    }
    let field = |at: usize, len: usize| -> Option<u32> {
        let s = &text[at..at + len];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    matches!(
        (
            field(0, 4),
            field(5, 2),
            field(8, 2),
            field(11, 2),
            field(14, 2),
            field(17, 2)
        ),
        (
            Some(_),
            Some(1..=12),
            Some(1..=31),
            Some(0..=23),
            Some(0..=59),
            Some(0..=60)
        )
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub symbol: String,
    pub decimals: u32,
    pub price: Price,
    /// Applied to equity weights only (docs/SPEC.md section 5).
    pub collateral_ratio: CollateralRatio,
    pub price_source: Option<String>,
    pub price_time: Option<String>,
}

impl Asset {
    /// An asset at full collateral ratio with no named price source.
    pub fn new(symbol: impl Into<String>, decimals: u32, price: Price) -> Self {
        Asset {
            symbol: symbol.into(),
            decimals,
            price,
            collateral_ratio: CollateralRatio::FULL,
            price_source: None,
            price_time: None,
        }
    }
}

/// The ordered asset list of a round. The order is the order of the assets
/// file and fixes each asset's position in every leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetTable {
    assets: Vec<Asset>,
    by_symbol: HashMap<String, usize>,
}

/// Columns an assets file may add after `symbol,decimals,price_usd`, in any
/// order.
pub const OPTIONAL_COLUMNS: [&str; 3] = ["collateral_ratio", "price_source", "price_time"];

/// Symbols are restricted so they can be embedded in file names, JSON and HTML
/// without escaping surprises.
pub fn valid_symbol(symbol: &str) -> bool {
    (1..=32).contains(&symbol.len())
        && symbol
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

impl<'a> IntoIterator for &'a AssetTable {
    type Item = &'a Asset;
    type IntoIter = std::slice::Iter<'a, Asset>;

    fn into_iter(self) -> Self::IntoIter {
        self.assets.iter()
    }
}

impl AssetTable {
    pub fn new(assets: Vec<Asset>) -> Result<Self, TableError> {
        if assets.is_empty() {
            return Err(TableError::Empty);
        }
        if assets.len() > MAX_ASSETS {
            return Err(TableError::TooMany(assets.len()));
        }
        let mut by_symbol = HashMap::new();
        for (i, a) in assets.iter().enumerate() {
            if by_symbol.insert(a.symbol.clone(), i).is_some() {
                return Err(TableError::Duplicate(a.symbol.clone()));
            }
        }
        Ok(AssetTable { assets, by_symbol })
    }

    /// Reads `symbol,decimals,price_usd` CSV (with that header, optionally
    /// followed by [`OPTIONAL_COLUMNS`]).
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
        let required = ["symbol", "decimals", "price_usd"];
        let names: Vec<&str> = headers.iter().collect();
        let mut optional = [None; OPTIONAL_COLUMNS.len()];
        let header_ok = names.len() >= required.len()
            && names[..required.len()] == required
            && names[required.len()..].iter().enumerate().all(|(i, name)| {
                OPTIONAL_COLUMNS
                    .iter()
                    .position(|c| c == name)
                    .is_some_and(|k| optional[k].replace(required.len() + i).is_none())
            });
        if !header_ok {
            return Err(InputError::invalid(
                at(1, None),
                format!(
                    "header must be `{}`, optionally followed by any of `{}` (each once)",
                    required.join(","),
                    OPTIONAL_COLUMNS.join("`, `")
                ),
            ));
        }
        let [ratio_column, source_column, time_column] = optional;
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
            // An optional cell left empty takes the default.
            let cell = |column: Option<usize>| column.map(|c| &record[c]).filter(|t| !t.is_empty());
            let collateral_ratio = match cell(ratio_column) {
                None => CollateralRatio::FULL,
                Some(text) => CollateralRatio::parse(text).map_err(|e| {
                    InputError::invalid(at(line, Some("collateral_ratio")), e.to_string())
                })?,
            };
            let price_source = cell(source_column).map(str::to_owned);
            if let Some(text) = &price_source {
                if !valid_price_source(text) {
                    return Err(InputError::invalid(
                        at(line, Some("price_source")),
                        format!(
                            "price source must be 1-{MAX_SOURCE_LEN} printable ASCII characters"
                        ),
                    ));
                }
            }
            let price_time = cell(time_column).map(str::to_owned);
            if let Some(text) = &price_time {
                if !valid_price_time(text) {
                    return Err(InputError::invalid(
                        at(line, Some("price_time")),
                        format!("price time `{text}` must be UTC as YYYY-MM-DDTHH:MM:SSZ"),
                    ));
                }
            }
            assets.push(Asset {
                symbol,
                decimals,
                price,
                collateral_ratio,
                price_source,
                price_time,
            });
        }
        AssetTable::new(assets).map_err(|e| InputError::File {
            path: path.to_owned(),
            message: e.to_string(),
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

    /// Integer USD weights per base unit and their common binary exponent,
    /// as defined in docs/SPEC.md section 5.
    pub fn usd_weights(&self) -> Result<UsdWeights, WeightError> {
        UsdWeights::for_assets(&self.assets)
    }

    /// The precision rule `prove` enforces: among the round's priced assets
    /// (and their collateral-adjusted values), the largest value of one base
    /// unit is at most [`MAX_VALUE_SPREAD`] times the smallest, so every
    /// weight has at least ~2,250 units and rounding costs an account less
    /// than 0.1% of margin.
    pub fn check_precision(&self) -> Result<(), WeightError> {
        let mut values: Vec<(&Asset, Value)> = Vec::new();
        for a in self.assets.iter().filter(|a| a.price.scaled > 0) {
            values.push((a, Value::of(a, false)));
            if a.collateral_ratio.scaled > 0 && a.collateral_ratio != CollateralRatio::FULL {
                values.push((a, Value::of(a, true)));
            }
        }
        let Some(dearest) = values.iter().max_by(|x, y| x.1.cmp(&y.1)) else {
            return Ok(());
        };
        let Some(cheapest) = values.iter().min_by(|x, y| x.1.cmp(&y.1)) else {
            return Ok(());
        };
        let spread = BigUint::from(MAX_VALUE_SPREAD);
        if dearest.1.num.clone() * &cheapest.1.den <= spread * &cheapest.1.num * &dearest.1.den {
            return Ok(());
        }
        // How many decimals the cheap asset must drop to come within reach.
        let mut fewer = 0u32;
        let ten = BigUint::from(10u32);
        let mut cheap = cheapest.1.clone();
        while dearest.1.num.clone() * &cheap.den
            > BigUint::from(MAX_VALUE_SPREAD) * &cheap.num * &dearest.1.den
        {
            cheap.num *= &ten;
            fewer += 1;
        }
        Err(WeightError::TooFarApart {
            cheap: cheapest.0.symbol.clone(),
            dear: dearest.0.symbol.clone(),
            decimals: cheapest.0.decimals,
            fewer,
        })
    }
}

/// Largest ratio between the values of one base unit of two priced assets
/// of a round that `prove` accepts (see [`AssetTable::check_precision`]).
pub const MAX_VALUE_SPREAD: u64 = 1_000_000_000_000;

/// Why a round's weights cannot be computed or would be imprecise.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeightError {
    #[error("one base unit of `{symbol}` is worth 2^52 USD or more; give it more decimals")]
    TooValuable { symbol: String },
    #[error(
        "one base unit of `{dear}` is worth more than 10^12 times one of `{cheap}` (collateral \
         ratios included), so the proof cannot value both to 0.1%: give `{cheap}` {fewer} fewer \
         decimals (it has {decimals}), or leave it out of the round"
    )]
    TooFarApart {
        cheap: String,
        dear: String,
        decimals: u32,
        fewer: u32,
    },
}

/// `USD per base unit` of an asset as the exact fraction `num / den`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Value {
    num: BigUint,
    den: BigUint,
}

impl Value {
    /// The asset's value per base unit, times its collateral ratio when
    /// `collateral`.
    fn of(asset: &Asset, collateral: bool) -> Value {
        let mut num = BigUint::from(asset.price.scaled);
        let mut exponent = PRICE_MAX_DECIMALS + asset.decimals;
        if collateral {
            num *= asset.collateral_ratio.scaled;
            exponent += RATIO_MAX_DECIMALS;
        }
        Value {
            num,
            den: BigUint::from(10u32).pow(exponent),
        }
    }

    /// `floor(self * 2^shift)`, or the ceiling when `up`.
    fn scaled(&self, shift: u32, up: bool) -> BigUint {
        let shifted = self.num.clone() << shift;
        let quotient = &shifted / &self.den;
        if up && quotient.clone() * &self.den != shifted {
            quotient + 1u32
        } else {
            quotient
        }
    }
}

impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Value {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.num.clone() * &other.den).cmp(&(other.num.clone() * &self.den))
    }
}

/// One asset's weights: USD per base unit in units of `2^-exponent` USD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AssetWeight {
    /// `floor(price * collateral_ratio * 2^exponent / 10^decimals)`: what one
    /// base unit of equity counts for.
    pub equity: u64,
    /// `ceil(price * 2^exponent / 10^decimals)`: what one base unit of debt
    /// costs.
    pub debt: u64,
}

/// The round's weights and their common binary exponent: the largest
/// `exponent` in `0..=MAX_WEIGHT_EXPONENT` for which every debt weight is
/// below `2^WEIGHT_BITS` (docs/SPEC.md section 5). Equity is rounded down
/// and debt up, so an account the proof accepts is not under water at the
/// exact prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsdWeights {
    pub exponent: u32,
    pub weights: Vec<AssetWeight>,
}

pub const MAX_WEIGHT_EXPONENT: u32 = 255;

impl UsdWeights {
    pub fn for_assets(assets: &[Asset]) -> Result<Self, WeightError> {
        // `ceil(v 2^E) < 2^52` iff `price 2^E <= (2^52 - 1) 10^(18 + decimals)`.
        let limit = (BigUint::from(1u8) << WEIGHT_BITS) - 1u32;
        let mut exponent = MAX_WEIGHT_EXPONENT;
        for asset in assets.iter().filter(|a| a.price.scaled > 0) {
            let value = Value::of(asset, false);
            let room = limit.clone() * &value.den / &value.num;
            if room.bits() == 0 {
                return Err(WeightError::TooValuable {
                    symbol: asset.symbol.clone(),
                });
            }
            exponent = exponent.min((room.bits() - 1) as u32);
        }
        let as_u64 = |w: BigUint| u64::try_from(&w).expect("below 2^52 by the exponent's choice");
        let weights = assets
            .iter()
            .map(|a| AssetWeight {
                equity: as_u64(Value::of(a, true).scaled(exponent, false)),
                debt: as_u64(Value::of(a, false).scaled(exponent, true)),
            })
            .collect();
        Ok(UsdWeights { exponent, weights })
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
        let w = t.usd_weights().unwrap();
        // The dearest unit (1 sat = 0.001 USD) takes the largest exponent
        // that keeps its weight below 2^52.
        assert!(
            w.weights[0].debt < 1 << 52 && w.weights[0].debt >= 1 << 51,
            "{w:?}"
        );
        for a in &w.weights {
            assert!(a.equity <= a.debt && a.debt - a.equity <= 1);
        }
        // Equal unit values get equal weights; ratios hold to the rounding.
        assert_eq!(w.weights[0], w.weights[2]);
        let ratio = w.weights[0].equity as f64 / w.weights[1].equity as f64;
        assert!((ratio - 1000.0).abs() < 1e-3, "{ratio}");
    }

    #[test]
    fn optional_columns_and_haircuts() {
        let t = table(
            "symbol,decimals,price_usd,price_time,collateral_ratio,price_source\n\
             BTC,8,97000,2026-11-30T23:59:59Z,0.95,coingecko\nUSDT,6,1,,,\n",
        )
        .unwrap();
        let btc = t.get(0);
        assert_eq!(btc.collateral_ratio.to_decimal(), "0.95");
        assert_eq!(btc.price_source.as_deref(), Some("coingecko"));
        assert_eq!(btc.price_time.as_deref(), Some("2026-11-30T23:59:59Z"));
        let usdt = t.get(1);
        assert_eq!(usdt.collateral_ratio, CollateralRatio::FULL);
        assert_eq!(
            (usdt.price_source.clone(), usdt.price_time.clone()),
            (None, None)
        );
        let w = t.usd_weights().unwrap();
        // Equity at 95% (rounded down), debt at the full price (rounded up).
        let expected = w.weights[0].debt as f64 * 0.95;
        assert!((w.weights[0].equity as f64 - expected).abs() <= 2.0);
        let bad = [
            ("collateral_ratio", "BTC,8,1,1.5,,", "above 1"),
            ("collateral_ratio", "BTC,8,1,0.12345,,", "decimal"),
            ("price_time", "BTC,8,1,,,2026-13-01T00:00:00Z", "YYYY"),
            ("price_source", "BTC,8,1,,\u{7f},", "printable"),
        ];
        for (field, row, words) in bad {
            let text = format!(
                "symbol,decimals,price_usd,collateral_ratio,price_source,price_time\n{row}\n"
            );
            let err = table(&text).unwrap_err().to_string();
            assert!(
                err.contains(&format!("assets.csv:2 field `{field}`")),
                "{err}"
            );
            assert!(err.contains(words), "{err}");
        }
        let err = table("symbol,decimals,price_usd,price_source,price_source\n").unwrap_err();
        assert!(err.to_string().contains("each once"), "{err}");
    }

    #[test]
    fn precision_rule_names_the_asset_and_the_fix() {
        // 10^12 apart exactly: accepted.
        table("symbol,decimals,price_usd\nBTC,8,100000\nX,6,0.000000001\n")
            .unwrap()
            .check_precision()
            .unwrap();
        // An 18-decimal token at $0.0000012 next to BTC: ~8 x 10^20 apart.
        let t =
            table("symbol,decimals,price_usd\nBTC,8,97000\nPEPE,18,0.0000012\nZERO,8,0\n").unwrap();
        let err = t.check_precision().unwrap_err();
        assert_eq!(
            err,
            WeightError::TooFarApart {
                cheap: "PEPE".into(),
                dear: "BTC".into(),
                decimals: 18,
                fewer: 9,
            }
        );
        assert!(err.to_string().contains("9 fewer"), "{err}");
        // Its weights are still computed (the verifier needs no precision rule):
        // the debt weight is rounded up, never to zero; the zero price gets 0.
        let w = t.usd_weights().unwrap();
        assert!(w.weights[1].debt >= 1);
        assert_eq!(w.weights[2], AssetWeight::default());
        // A haircut that pushes the collateral value out of reach is refused too.
        let t =
            table("symbol,decimals,price_usd,collateral_ratio\nA,0,1000000,1\nB,0,0.000001,0.5\n")
                .unwrap();
        assert!(matches!(
            t.check_precision(),
            Err(WeightError::TooFarApart { .. })
        ));
        let err = table("symbol,decimals,price_usd\nX,0,5000000000000000\n")
            .unwrap()
            .usd_weights()
            .unwrap_err();
        assert!(matches!(err, WeightError::TooValuable { .. }), "{err}");
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
    fn weights_round_equity_down_and_debt_up() {
        let v = Value::of(&Asset::new("X", 0, Price::parse("0.5").unwrap()), false);
        assert_eq!(v.scaled(0, false), BigUint::from(0u8));
        assert_eq!(v.scaled(0, true), BigUint::from(1u8));
        assert_eq!(v.scaled(1, true), BigUint::from(1u8));
        assert_eq!(v.scaled(1, false), BigUint::from(1u8));
    }
}
