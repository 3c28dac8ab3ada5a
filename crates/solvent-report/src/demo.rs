//! The reserve file of `solvent demo`: signed reserves for a proven demo
//! round, so the demo can show a complete report on built-in data.

use solvent_model::Decimal;
use solvent_model::{parse_decimal_u128, Statement};
use solvent_reserves::sample::{reserve_file_for, MESSAGE};

/// Each asset covered at 102-108% of its net liabilities (varied by `seed`),
/// plus one Taproot address that is reported, never counted.
pub fn reserves_for(statement: &Statement, seed: u64) -> String {
    let mut balances = Vec::new();
    for (i, a) in statement.assets.iter().enumerate() {
        let parse = |t: &str| parse_decimal_u128(t, a.decimals).unwrap_or(0);
        let net = parse(&a.total_equity).saturating_sub(parse(&a.total_debt));
        let percent = 102 + (i as u128 * 5 + seed as u128) % 7;
        let units = net * percent;
        let amount = Decimal::from_units(units, a.decimals + 2)
            .map_or_else(|| "0".into(), |d| d.to_string());
        balances.push((a.symbol.clone(), amount));
    }
    let mut text = reserve_file_for(&format!("demo-{seed}"), &balances);
    text.push_str(&format!(
        "BTC,BTC,bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297,,,0.5,{MESSAGE},H+1Sy0Kx7M3hJ6Wd2Jm8I0eS7o6f2R8vR5b2Q9h2Jm8I0eS7o6f2R8vR5b2Q9h2Jm8I0eS7o6f2R8vR5b2Q9h2Jm8=,,\n",
    ));
    text
}
