//! The amounts of OKX's files: signed decimals with at most 8 fractional
//! digits, held exactly as integers of 10^-8, and printed as OKX's tool
//! prints a sum (fraction trimmed of trailing zeros, `0` for zero).

use std::fmt;

/// Fractional digits OKX's files keep.
pub const DECIMALS: usize = 8;
const SCALE: i128 = 100_000_000;

/// An exact amount in units of 10^-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Amount(i128);

/// Why a string is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("`{0}` is not a decimal number")]
    Syntax(String),
    #[error("`{0}` has more than 8 decimals")]
    Precision(String),
    #[error("`{0}` is too large")]
    Range(String),
}

impl Amount {
    pub const ZERO: Amount = Amount(0);

    /// Parses `-?digits(.digits)?` exactly: no exponent, sign `+`, spaces or
    /// empty parts.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        let syntax = || AmountError::Syntax(text.to_string());
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = match digits.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (digits, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
            return Err(syntax());
        }
        let fraction = fraction.unwrap_or("");
        if fraction.len() > DECIMALS {
            return Err(AmountError::Precision(text.to_string()));
        }
        if whole.len() > 20 {
            return Err(AmountError::Range(text.to_string()));
        }
        let whole: i128 = whole.parse().map_err(|_| syntax())?;
        let mut frac: i128 = 0;
        for (i, b) in fraction.bytes().enumerate() {
            frac += i128::from(b - b'0') * 10i128.pow((DECIMALS - 1 - i) as u32);
        }
        let units = whole * SCALE + frac;
        Ok(Amount(if negative { -units } else { units }))
    }

    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

/// As OKX's tool prints a sum: `1.5`, `0.00000001`, `-2`, `0`.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let units = self.0.unsigned_abs();
        let (whole, frac) = (units / SCALE as u128, units % SCALE as u128);
        if frac == 0 {
            return write!(f, "{sign}{whole}");
        }
        let digits = format!("{frac:08}");
        write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_prints_as_okx_does() {
        for (text, shown) in [
            ("0", "0"),
            ("0.00000000", "0"),
            ("-0", "0"),
            ("1.000069", "1.000069"),
            ("19398.33550812", "19398.33550812"),
            ("0.10", "0.1"),
            ("-2.5", "-2.5"),
            ("007", "7"),
        ] {
            assert_eq!(Amount::parse(text).unwrap().to_string(), shown, "{text}");
        }
        for bad in ["", "-", ".5", "5.", "1e5", "+1", " 1", "1,5", "0x10", "--1"] {
            assert!(
                matches!(Amount::parse(bad), Err(AmountError::Syntax(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            Amount::parse("0.000000001"),
            Err(AmountError::Precision(_))
        ));
        assert!(matches!(
            Amount::parse(&"9".repeat(21)),
            Err(AmountError::Range(_))
        ));
    }

    proptest! {
        #[test]
        fn printing_round_trips(units in -(10i128.pow(28))..10i128.pow(28)) {
            let a = Amount(units);
            prop_assert_eq!(Amount::parse(&a.to_string()), Ok(a));
        }

        #[test]
        fn parsing_never_panics(text in ".{0,40}") {
            let _ = Amount::parse(&text);
        }
    }
}
