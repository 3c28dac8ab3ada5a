//! One ledger entry, its wire form and its hash.

use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};
use solvent_model::{Day, Decimal};

/// What the first entry names as the one before it.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Domain separation of the entry hash: a ledger entry hashes to nothing
/// another solvent format hashes to.
const HASH_DOMAIN: &[u8] = b"solvent-funds-v1\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fund {
    /// The insurance fund that covers users' losses from the exchange's
    /// failures.
    SafetyFund,
    /// The fund that covers deficits from liquidations.
    RiskProvisionFund,
}

/// The label JSON gives it, for text output.
impl std::fmt::Display for Fund {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.serialize(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inflow,
    Outflow,
}

/// An amount as the ledger writes it: an exact decimal string.
fn amount<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let text = String::deserialize(deserializer)?;
    Decimal::parse(&text).map_err(serde::de::Error::custom)
}

/// A movement of a fund, before it is chained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEntry {
    pub date: Day,
    pub fund: Fund,
    /// The asset's symbol, as the round's assets file names it.
    pub asset: String,
    pub direction: Direction,
    #[serde(deserialize_with = "amount")]
    pub amount: Decimal,
    /// Why the fund moved (a liquidation's surplus, the deficit covered).
    pub memo: String,
}

/// One line of the ledger: a movement, its place, and the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 1 for the first entry, one more for each after.
    pub seq: u64,
    #[serde(flatten)]
    pub movement: NewEntry,
    /// The hash of the entry before ([`GENESIS`] for the first).
    pub prev: String,
    /// This entry's hash: SHA-256 of the domain and the entry without it.
    pub hash: String,
}

/// What the hash covers: the entry without its hash, in this order.
#[derive(Serialize)]
struct Hashed<'a> {
    seq: u64,
    #[serde(flatten)]
    movement: &'a NewEntry,
    prev: &'a str,
}

impl Entry {
    /// Chains `movement` after the entry numbered `seq - 1` whose hash is
    /// `prev`.
    pub fn chain(seq: u64, movement: NewEntry, prev: &str) -> Entry {
        let hash = hash(seq, &movement, prev);
        Entry {
            seq,
            movement,
            prev: prev.to_owned(),
            hash,
        }
    }

    /// The hash this entry's content gives (to compare with `hash`).
    pub fn expected_hash(&self) -> String {
        hash(self.seq, &self.movement, &self.prev)
    }
}

fn hash(seq: u64, movement: &NewEntry, prev: &str) -> String {
    let body = serde_json::to_vec(&Hashed {
        seq,
        movement,
        prev,
    })
    .expect("an entry always serializes");
    let mut sha = Sha256::new();
    sha.update(HASH_DOMAIN);
    sha.update(&body);
    hex::encode(sha.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash of a fixed entry: a test vector (testdata/funds), so that
    /// any other implementation can check its hashing against this one.
    #[test]
    fn the_entry_hash_is_stable() {
        let movement = NewEntry {
            date: "2026-12-01".parse().unwrap(),
            fund: Fund::SafetyFund,
            asset: "BTC".into(),
            direction: Direction::Inflow,
            amount: Decimal::parse("12.5").unwrap(),
            memo: "opening balance".into(),
        };
        let entry = Entry::chain(1, movement, GENESIS);
        let line = serde_json::to_string(&entry).unwrap();
        assert!(line.starts_with(r#"{"seq":1,"date":"2026-12-01","fund":"safety_fund","asset":"BTC","direction":"inflow","amount":"12.5","memo":"opening balance","prev":"0000"#), "{line}");
        let mut sha = Sha256::new();
        sha.update(b"solvent-funds-v1\n");
        sha.update(&line.as_bytes()[..line.find(r#","hash""#).unwrap()]);
        sha.update(b"}");
        assert_eq!(entry.hash, hex::encode(sha.finalize()));
    }
}
