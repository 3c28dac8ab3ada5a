//! Exact reserve-ratio arithmetic. Liabilities are integers in the asset's
//! base units (the statement's decimals); reserves are exact decimals with
//! their own scale. The ratio is computed on big integers and rounded DOWN
//! to 0.01%, so a report never overstates coverage.

use num_bigint::{BigInt, BigUint, Sign};
use solvent_model::format_amount;
use solvent_model::Decimal;

/// A reserve ratio in basis points of a percent (10000 = 100.00%).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ratio(BigUint);

impl Ratio {
    /// `reserves / (net / 10^decimals)`, floored to 0.01%; `None` when the
    /// net liability is zero or negative (nothing is owed to users).
    pub fn of(reserves: Decimal, net_base_units: &BigInt, decimals: u32) -> Option<Ratio> {
        let net = match net_base_units.sign() {
            Sign::Plus => net_base_units.magnitude().clone(),
            Sign::NoSign | Sign::Minus => return None,
        };
        // r/10^s ÷ N/10^d × 100 × 100 = r · 10^(d+4) / (N · 10^s)
        let numerator = BigUint::from(reserves.units()) * BigUint::from(10u32).pow(decimals + 4);
        let denominator = net * BigUint::from(10u32).pow(reserves.scale());
        Some(Ratio(numerator / denominator))
    }

    /// Basis points of a percent: 10000 is 100.00%.
    pub fn basis_points(&self) -> &BigUint {
        &self.0
    }

    /// Whether reserves cover the liability fully.
    pub fn is_covered(&self) -> bool {
        self.0 >= BigUint::from(10_000u32)
    }

    /// `104.25` (percent, two decimals, rounded down).
    pub fn percent(&self) -> String {
        let whole = &self.0 / 100u32;
        let cents = (&self.0 % 100u32).to_string();
        format!("{whole}.{cents:0>2}")
    }

    /// The percentage as a float, for drawing charts only.
    pub fn as_f64(&self) -> f64 {
        self.percent().parse().unwrap_or(f64::MAX)
    }
}

/// `equity - debt` in base units, signed.
pub fn net_liability(equity: u128, debt: u128) -> BigInt {
    BigInt::from(equity) - BigInt::from(debt)
}

/// Formats signed base units as a decimal (`-1`, `1.5`), trailing zeros
/// trimmed as `solvent_model::format_amount` does.
pub fn format_base_units(value: &BigInt, decimals: u32) -> String {
    // |equity - debt| of two u128 values fits in a u128.
    let magnitude = u128::try_from(value.magnitude()).expect("the difference of two u128");
    let text = format_amount(magnitude, decimals);
    if value.sign() == Sign::Minus {
        format!("-{text}")
    } else {
        text
    }
}

/// Which way a USD value is rounded to the cent: reserves down and
/// liabilities up, so that a report never overstates coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Down,
    Up,
}

/// `units / 10^scale` USD at `price` (exact), in cents, rounded as asked
/// (toward minus or plus infinity).
pub fn usd_cents(units: &BigInt, scale: u32, price: Decimal, rounding: Rounding) -> BigInt {
    // units/10^scale × p/10^ps × 100 = units · p · 100 / 10^(scale + ps)
    let numerator: BigInt = units * BigInt::from(price.units()) * 100;
    let denominator: BigInt = BigInt::from(10u32).pow(scale + price.scale());
    let (q, r): (BigInt, BigInt) = (&numerator / &denominator, &numerator % &denominator);
    // `/` truncates toward zero; step to the floor or ceiling.
    match (rounding, r.sign()) {
        (Rounding::Down, Sign::Minus) => q - 1,
        (Rounding::Up, Sign::Plus) => q + 1,
        _ => q,
    }
}

/// Cents as dollars with two decimals: `-1234.05`.
pub fn format_cents(cents: &BigInt) -> String {
    let sign = if cents.sign() == Sign::Minus { "-" } else { "" };
    let m = cents.magnitude();
    format!("{sign}{}.{:0>2}", m / 100u32, (m % 100u32).to_string())
}

/// A dollar figure as a headline gives it: `USD 20.3 billion`, one
/// decimal, rounded down (toward zero).
pub fn headline_usd(cents: &BigInt) -> String {
    let dollars = cents.magnitude() / 100u32;
    let sign = if cents.sign() == Sign::Minus { "-" } else { "" };
    for (scale, word) in [
        (1_000_000_000_000u64, "trillion"),
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
    ] {
        if dollars >= BigUint::from(scale) {
            let tenths = &dollars * 10u32 / scale;
            return format!("USD {sign}{}.{} {word}", &tenths / 10u32, &tenths % 10u32);
        }
    }
    format!("USD {sign}{dollars}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn usd_values_round_toward_the_safe_side() {
        // 1.5 BTC (8 decimals) at 100000.25: exactly 150000.375.
        let btc = BigInt::from(150_000_000u64);
        let price = d("100000.25");
        assert_eq!(
            format_cents(&usd_cents(&btc, 8, price, Rounding::Down)),
            "150000.37"
        );
        assert_eq!(
            format_cents(&usd_cents(&btc, 8, price, Rounding::Up)),
            "150000.38"
        );
        // Negative net liabilities round away from coverage too.
        let owed = BigInt::from(-150_000_000i64);
        assert_eq!(
            format_cents(&usd_cents(&owed, 8, price, Rounding::Up)),
            "-150000.37"
        );
        assert_eq!(
            format_cents(&usd_cents(&owed, 8, price, Rounding::Down)),
            "-150000.38"
        );
        assert_eq!(format_cents(&BigInt::from(5)), "0.05");
        assert_eq!(
            headline_usd(&BigInt::from(2_034_999_999_999u64)),
            "USD 20.3 billion"
        );
        assert_eq!(headline_usd(&BigInt::from(99_999u64)), "USD 999");
        assert_eq!(
            headline_usd(&BigInt::from(123_456_789u64)),
            "USD 1.2 million"
        );
    }

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn exact_ratios_with_differing_decimals() {
        // 104 BTC of reserves for 100 BTC (8 decimals) of net liabilities.
        let net = net_liability(10_000_000_000 + 50_000_000, 50_000_000);
        assert_eq!(Ratio::of(d("104"), &net, 8).unwrap().percent(), "104.00");
        // 18-decimal reserves against 6-decimal liabilities.
        let net = net_liability(3_000_000, 0); // 3 USDT at 6 decimals
        let r = Ratio::of(d("3.060000000000000001"), &net, 6).unwrap();
        assert_eq!(r.percent(), "102.00");
        assert!(r.is_covered());
        // Rounded down, never up: 2/3 = 66.666...% -> 66.66%.
        let r = Ratio::of(d("2"), &net_liability(3, 0), 0).unwrap();
        assert_eq!(r.percent(), "66.66");
        assert!(!r.is_covered());
        // Just under 100% is not covered.
        let r = Ratio::of(d("0.99999999"), &net_liability(100_000_000, 0), 8).unwrap();
        assert_eq!(r.percent(), "99.99");
        assert!(!r.is_covered());
        // No reserves: 0%, shown, not missing.
        assert_eq!(Ratio::of(d("0"), &net, 6).unwrap().percent(), "0.00");
    }

    #[test]
    fn zero_or_negative_liabilities_have_no_ratio() {
        assert_eq!(Ratio::of(d("5"), &net_liability(0, 0), 8), None);
        assert_eq!(Ratio::of(d("5"), &net_liability(10, 20), 8), None);
        assert_eq!(format_base_units(&net_liability(10, 20), 1), "-1");
        assert_eq!(format_base_units(&net_liability(150, 0), 2), "1.5");
        assert_eq!(format_base_units(&net_liability(0, 0), 8), "0");
    }

    proptest! {
        /// A USD value is the floor (reserves) or ceiling (liabilities) of
        /// the exact value in cents.
        #[test]
        fn usd_cents_bound_the_exact_value(units in any::<i64>(), scale in 0u32..=18, p in 0u64.., ps in 0u32..=12) {
            let price = Decimal::from_units(p.into(), ps).unwrap();
            let units = BigInt::from(units);
            let exact_num = &units * BigInt::from(p) * 100;
            let den = BigInt::from(10u32).pow(scale + ps);
            let down = usd_cents(&units, scale, price, Rounding::Down);
            let up = usd_cents(&units, scale, price, Rounding::Up);
            prop_assert!(&down * &den <= exact_num && exact_num < (&down + 1) * &den);
            prop_assert!(&up * &den >= exact_num && exact_num > (&up - 1) * &den);
        }

        /// The ratio is the floor of the exact rational value.
        #[test]
        fn floor_of_exact_value(r in 0u64.., s in 0u32..=18, n in 1u64.., dec in 0u32..=18) {
            let reserves = Decimal::from_units(r.into(), s).unwrap();
            let bp = Ratio::of(reserves, &BigInt::from(n), dec).unwrap();
            // bp ≤ exact < bp + 1, with exact = r·10^(dec+4) / (n·10^s)
            let num = BigUint::from(r) * BigUint::from(10u32).pow(dec + 4);
            let den = BigUint::from(n) * BigUint::from(10u32).pow(s);
            prop_assert!(bp.basis_points() * &den <= num);
            prop_assert!((bp.basis_points() + 1u32) * &den > num);
        }
    }
}
