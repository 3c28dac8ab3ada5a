//! One ledger entry, its wire form and its hash.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use solvent_model::Decimal;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inflow,
    Outflow,
}

/// A calendar day, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl FromStr for Date {
    type Err = String;

    fn from_str(text: &str) -> Result<Date, String> {
        let bad = || format!("`{text}` is not a date as YYYY-MM-DD");
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return Err(bad());
        }
        let year: i32 = text[..4].parse().map_err(|_| bad())?;
        let month: u8 = text[5..7].parse().map_err(|_| bad())?;
        let day: u8 = text[8..].parse().map_err(|_| bad())?;
        let month = time::Month::try_from(month).map_err(|_| bad())?;
        time::Date::from_calendar_date(year, month, day)
            .map(Date)
            .map_err(|_| bad())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
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
    pub date: Date,
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

    #[test]
    fn dates_are_calendar_days() {
        assert_eq!(
            "2026-12-05".parse::<Date>().unwrap().to_string(),
            "2026-12-05"
        );
        assert_eq!(
            "2028-02-29".parse::<Date>().unwrap().to_string(),
            "2028-02-29"
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-12-32",
            "2026-12-5",
            "26-12-05",
            "2026/12/05",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

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
