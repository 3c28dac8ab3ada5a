//! Exact non-negative decimal amounts of any scale, as reserve files, on-chain
//! balances and the round report carry them (`0.058959708849230328`,
//! ` 5.2834`). Summed without rounding: a unit count and a scale (number of
//! decimals). Amounts at an asset's fixed decimals are [`crate::amount`]'s.

use core::cmp::Ordering;
use core::fmt;

/// The most decimals an amount may have (EVM tokens use 18; 30 leaves room).
pub const MAX_SCALE: u32 = 30;

/// Why a text is not a [`Decimal`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    #[error("`{0}` is not a non-negative decimal number")]
    NotDecimal(String),
    #[error("`{0}` has more than {MAX_SCALE} decimals")]
    TooManyDecimals(String),
    #[error("`{0}` is too large")]
    TooLarge(String),
}

/// Equality and order are numeric: `2.5` equals `2.500`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Decimal {
    units: u128,
    scale: u32,
}

impl Decimal {
    pub const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    /// Parses `123`, `123.45`, `.5` (surrounding spaces allowed). Signs,
    /// exponents, separators and more than [`MAX_SCALE`] decimals are refused.
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let t = text.trim();
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
            return Err(DecimalError::NotDecimal(text.to_owned()));
        }
        if frac.len() > MAX_SCALE as usize {
            return Err(DecimalError::TooManyDecimals(text.to_owned()));
        }
        let mut units: u128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            units = units
                .checked_mul(10)
                .and_then(|u| u.checked_add(u128::from(b - b'0')))
                .ok_or_else(|| DecimalError::TooLarge(text.to_owned()))?;
        }
        Ok(Decimal {
            units,
            scale: frac.len() as u32,
        })
    }

    /// `units / 10^scale`; `None` when `scale` exceeds [`MAX_SCALE`].
    pub fn from_units(units: u128, scale: u32) -> Option<Decimal> {
        (scale <= MAX_SCALE).then_some(Decimal { units, scale })
    }

    /// The integer numerator: the value is `units() / 10^scale()`.
    pub fn units(&self) -> u128 {
        self.units
    }

    pub fn scale(&self) -> u32 {
        self.scale
    }

    pub fn is_zero(&self) -> bool {
        self.units == 0
    }

    /// The smaller of two amounts.
    pub fn min(self, other: Decimal) -> Decimal {
        if self <= other {
            self
        } else {
            other
        }
    }

    fn rescaled(self, scale: u32) -> Option<u128> {
        self.units
            .checked_mul(10u128.checked_pow(scale - self.scale)?)
    }

    /// Exact sum; `None` when it does not fit in 128 bits at the finer scale.
    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let units = self.rescaled(scale)?.checked_add(other.rescaled(scale)?)?;
        Some(Decimal { units, scale })
    }

    /// Exact difference; `None` when `other` is larger (or the amounts do
    /// not fit in 128 bits at the finer scale).
    pub fn checked_sub(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let units = self.rescaled(scale)?.checked_sub(other.rescaled(scale)?)?;
        Some(Decimal { units, scale })
    }

    /// Whether `self` equals `published` once rounded (up or down) to the
    /// number of decimals `published` shows: |self − published| < 10^−scale.
    pub fn matches_at_precision(self, published: Decimal) -> bool {
        let scale = self.scale.max(published.scale);
        let (Some(a), Some(b)) = (self.rescaled(scale), published.rescaled(scale)) else {
            return false;
        };
        let Some(unit) = 10u128.checked_pow(scale - published.scale) else {
            return false;
        };
        a.abs_diff(b) < unit
    }
}

/// Serialized as its decimal string (`"1.5"`), never as a float.
impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        match (self.rescaled(scale), other.rescaled(scale)) {
            (Some(a), Some(b)) => a.cmp(&b),
            // Only the larger value can overflow when rescaled up.
            (None, _) => Ordering::Greater,
            (_, None) => Ordering::Less,
        }
    }
}

impl fmt::Display for Decimal {
    /// Plain decimal, trailing zeros of the fraction removed (`1.50` → `1.5`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.units.to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            f.write_str(int)
        } else {
            write!(f, "{int}.{frac}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_add_format() {
        let a = Decimal::parse(" 5.2834").unwrap();
        let b = Decimal::parse("0.058959708849230328").unwrap();
        assert_eq!(
            a.checked_add(b).unwrap().to_string(),
            "5.342359708849230328"
        );
        assert_eq!(Decimal::parse("32").unwrap().to_string(), "32");
        assert_eq!(Decimal::parse("1.500").unwrap().to_string(), "1.5");
        assert_eq!(Decimal::parse(".5").unwrap().to_string(), "0.5");
        assert_eq!(Decimal::parse("0").unwrap().to_string(), "0");
        for bad in ["", ".", "-1", "1e5", "1,000", "0x10", "1.2.3", " ", "+1"] {
            assert!(Decimal::parse(bad).is_err(), "{bad}");
        }
        assert!(Decimal::parse(&"9".repeat(40)).is_err());
        assert_eq!(a.checked_sub(a).unwrap(), Decimal::ZERO);
        assert_eq!(
            a.checked_sub(Decimal::parse("0.0034").unwrap())
                .unwrap()
                .to_string(),
            "5.28"
        );
        assert_eq!(b.checked_sub(a), None);
    }

    #[test]
    fn serializes_as_a_decimal_string() {
        let d = Decimal::parse("1.50").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"1.5\"");
    }

    #[test]
    fn equality_is_numeric() {
        let p = |s| Decimal::parse(s).unwrap();
        assert_eq!(p("2.5"), p("2.500000000000000000"));
        assert_ne!(p("2.5"), p("2.50000000000000001"));
        assert!(p("10") > p("9.999999999999999999"));
        assert_eq!(p("0"), Decimal::ZERO);
    }

    #[test]
    fn precision_match() {
        let p = |s| Decimal::parse(s).unwrap();
        assert!(p("449.51404").matches_at_precision(p("449.5140")));
        assert!(p("449.51396").matches_at_precision(p("449.5140")));
        assert!(!p("449.5141").matches_at_precision(p("449.5140")));
        assert!(p("6.9").matches_at_precision(p("6")));
        assert!(!p("7").matches_at_precision(p("6")));
        assert!(p("0").matches_at_precision(p("0")));
        assert!(!p("0.3569").matches_at_precision(p("5.2834")));
    }

    proptest! {
        #[test]
        fn display_round_trips(units in 0u128..u128::MAX / 1000, scale in 0u32..=30) {
            let d = Decimal { units, scale };
            let again = Decimal::parse(&d.to_string()).unwrap();
            prop_assert_eq!(again.cmp(&d), Ordering::Equal);
        }

        #[test]
        fn sums_are_exact(a in 0u64.., b in 0u64.., sa in 0u32..=18, sb in 0u32..=18) {
            let x = Decimal { units: a.into(), scale: sa };
            let y = Decimal { units: b.into(), scale: sb };
            let s = x.checked_add(y).unwrap();
            let scale = sa.max(sb);
            let expected = u128::from(a) * 10u128.pow(scale - sa) + u128::from(b) * 10u128.pow(scale - sb);
            prop_assert_eq!(s, Decimal { units: expected, scale });
        }
    }
}
