//! Exact decimal <-> integer base-unit conversion. Floats never touch an amount.

use crate::limits::AMOUNT_LIMIT;

/// Why a decimal amount string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("empty amount")]
    Empty,
    #[error("negative amount `{0}`")]
    Negative(String),
    #[error("malformed amount `{0}` (expected digits with an optional `.` fraction, e.g. `12.5`)")]
    Malformed(String),
    #[error("amount `{value}` has {found} decimals but the asset allows {allowed}")]
    TooManyDecimals {
        value: String,
        found: usize,
        allowed: u32,
    },
    #[error("amount `{value}` is {base_units} base units, over the proven range bound 2^52 = {limit} (lower the asset's decimals)")]
    OutOfRange {
        value: String,
        base_units: String,
        limit: u64,
    },
}

/// Parses a non-negative decimal string into integer base units at `decimals`
/// fixed-point scale, rejecting anything that is not exactly representable or
/// that is outside `[0, 2^52)`.
///
/// Accepted: `0`, `12`, `12.5`, `0.00000001`, `.5` is rejected (needs a leading digit),
/// trailing `.` is rejected, exponents, signs, spaces and `_` are rejected.
pub fn parse_amount(text: &str, decimals: u32) -> Result<u64, AmountError> {
    let value = parse_decimal_u128(text, decimals)?;
    if value >= u128::from(AMOUNT_LIMIT) {
        return Err(AmountError::OutOfRange {
            value: text.to_string(),
            base_units: value.to_string(),
            limit: AMOUNT_LIMIT,
        });
    }
    Ok(value as u64)
}

/// Parses a non-negative decimal into an integer scaled by `10^decimals`, with no
/// range bound beyond u128. Shared by amounts and prices.
pub fn parse_decimal_u128(text: &str, decimals: u32) -> Result<u128, AmountError> {
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::Negative(text.to_string()));
    }
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || frac_part.is_some_and(|f| !all_digits(f)) {
        return Err(AmountError::Malformed(text.to_string()));
    }
    let frac = frac_part.unwrap_or("");
    if frac.len() > decimals as usize {
        return Err(AmountError::TooManyDecimals {
            value: text.to_string(),
            found: frac.len(),
            allowed: decimals,
        });
    }
    let overflow = || AmountError::OutOfRange {
        value: text.to_string(),
        base_units: "more than 2^128".to_string(),
        limit: AMOUNT_LIMIT,
    };
    let mut acc: u128 = 0;
    for digit in int_part.bytes().chain(frac.bytes()) {
        acc = acc
            .checked_mul(10)
            .and_then(|a| a.checked_add(u128::from(digit - b'0')))
            .ok_or_else(overflow)?;
    }
    for _ in frac.len()..decimals as usize {
        acc = acc.checked_mul(10).ok_or_else(overflow)?;
    }
    Ok(acc)
}

/// Formats integer base units as a canonical decimal string with exactly
/// `decimals` fraction digits trimmed of trailing zeros (`1.5`, `0`, `12`).
pub fn format_amount(base_units: u128, decimals: u32) -> String {
    let digits = base_units.to_string();
    let d = decimals as usize;
    if d == 0 {
        return digits;
    }
    let padded = format!("{digits:0>width$}", width = d + 1);
    let (int_part, frac_part) = padded.split_at(padded.len() - d);
    let frac_trimmed = frac_part.trim_end_matches('0');
    if frac_trimmed.is_empty() {
        int_part.to_string()
    } else {
        format!("{int_part}.{frac_trimmed}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_exact_values() {
        assert_eq!(parse_amount("0", 8), Ok(0));
        assert_eq!(parse_amount("1", 8), Ok(100_000_000));
        assert_eq!(parse_amount("1.5", 8), Ok(150_000_000));
        assert_eq!(parse_amount("0.00000001", 8), Ok(1));
        assert_eq!(parse_amount("007", 0), Ok(7));
    }

    #[test]
    fn rejects_bad_amounts() {
        assert!(matches!(
            parse_amount("-1", 8),
            Err(AmountError::Negative(_))
        ));
        assert!(matches!(parse_amount("", 8), Err(AmountError::Empty)));
        for bad in [
            "1e5", "+1", " 1", "1 ", "1.", ".5", "1,5", "1_000", "0x10", "NaN", "1.2.3",
        ] {
            assert!(
                matches!(parse_amount(bad, 8), Err(AmountError::Malformed(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            parse_amount("0.000000001", 8),
            Err(AmountError::TooManyDecimals { found: 9, .. })
        ));
    }

    #[test]
    fn range_bound_is_exact() {
        let max = (1u64 << 52) - 1;
        assert_eq!(parse_amount(&max.to_string(), 0), Ok(max));
        assert!(matches!(
            parse_amount(&(1u64 << 52).to_string(), 0),
            Err(AmountError::OutOfRange { .. })
        ));
        // Near the Goldilocks modulus and beyond u128.
        assert!(parse_amount("18446744069414584321", 0).is_err());
        assert!(parse_amount(&"9".repeat(60), 0).is_err());
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(v in 0u64..(1u64 << 52), d in 0u32..=18) {
            let text = format_amount(u128::from(v), d);
            prop_assert_eq!(parse_amount(&text, d), Ok(v));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}", d in 0u32..=18) {
            let _ = parse_amount(&s, d);
        }

        #[test]
        fn parse_matches_integer_arithmetic(int in 0u64..1_000_000, frac in 0u64..100_000_000) {
            let text = format!("{int}.{frac:08}");
            prop_assert_eq!(parse_amount(&text, 8), Ok(int * 100_000_000 + frac));
        }
    }
}
