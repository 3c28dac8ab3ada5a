//! Streaming account snapshot reader (CSV and JSON Lines).
//!
//! Accounts are yielded one at a time so that the prover's memory does not grow
//! with the snapshot. The only state that grows is a 16-byte fingerprint per
//! account id, kept to reject an id that reappears after other accounts.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::amount::parse_amount;
use crate::asset::AssetTable;
use crate::error::{InputError, Location};

/// One non-zero position of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holding {
    /// Index into the round's [`AssetTable`].
    pub asset: usize,
    /// What the exchange owes the user, in base units.
    pub equity: u64,
    /// What the user owes the exchange, in base units.
    pub debt: u64,
}

/// An account with its holdings sorted by asset index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    /// First line of the account in its input file (for error messages).
    pub line: u64,
    pub holdings: Vec<Holding>,
}

impl Account {
    /// Dense `(equity, debt)` per asset, zero where the account holds nothing.
    pub fn dense(&self, num_assets: usize) -> Vec<(u64, u64)> {
        let mut out = vec![(0, 0); num_assets];
        for h in &self.holdings {
            out[h.asset] = (h.equity, h.debt);
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotFormat {
    Csv,
    JsonLines,
}

impl SnapshotFormat {
    /// `.jsonl`/`.ndjson` are JSON Lines; everything else is CSV.
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson") => SnapshotFormat::JsonLines,
            _ => SnapshotFormat::Csv,
        }
    }
}

/// Account ids are opaque strings; these limits keep them printable and bounded.
pub const MAX_ACCOUNT_ID_BYTES: usize = 128;

/// Why an account id was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AccountIdError {
    #[error("empty account id")]
    Empty,
    #[error("account id longer than {MAX_ACCOUNT_ID_BYTES} bytes")]
    TooLong,
    #[error("account id contains a control character")]
    Control,
}

pub fn validate_account_id(id: &str) -> Result<(), AccountIdError> {
    if id.is_empty() {
        return Err(AccountIdError::Empty);
    }
    if id.len() > MAX_ACCOUNT_ID_BYTES {
        return Err(AccountIdError::TooLong);
    }
    if id.chars().any(char::is_control) {
        return Err(AccountIdError::Control);
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonAccount {
    account_id: String,
    balances: Vec<JsonBalance>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBalance {
    asset: String,
    equity: String,
    debt: String,
}

/// One parsed input row before grouping into accounts.
struct Row {
    line: u64,
    account_id: String,
    asset: String,
    equity: String,
    debt: String,
}

enum Source<R: Read> {
    Csv(csv::StringRecordsIntoIter<R>),
    Json {
        lines: std::io::Lines<BufReader<R>>,
        line: u64,
        queued: std::vec::IntoIter<Row>,
    },
}

/// Streams [`Account`]s out of a snapshot, validating every row.
pub struct AccountReader<'a, R: Read> {
    assets: &'a AssetTable,
    path: PathBuf,
    source: Source<R>,
    pending: Option<Row>,
    /// Ids read so far, unless the caller checks uniqueness itself.
    seen: Option<HashSet<u128>>,
    failed: bool,
}

impl<'a> AccountReader<'a, std::fs::File> {
    pub fn open(path: &Path, assets: &'a AssetTable) -> Result<Self, InputError> {
        let file = std::fs::File::open(path).map_err(|source| InputError::Io {
            path: path.to_owned(),
            source,
        })?;
        AccountReader::new(file, path, SnapshotFormat::from_path(path), assets)
    }
}

impl<'a, R: Read> AccountReader<'a, R> {
    pub fn new(
        reader: R,
        path: &Path,
        format: SnapshotFormat,
        assets: &'a AssetTable,
    ) -> Result<Self, InputError> {
        let source = match format {
            SnapshotFormat::Csv => {
                let mut csv = csv::ReaderBuilder::new()
                    .has_headers(true)
                    .flexible(false)
                    .from_reader(reader);
                let headers = csv.headers().map_err(|e| {
                    InputError::invalid(loc(path, 1, None), format!("unreadable header: {e}"))
                })?;
                let expected = ["account_id", "asset", "equity", "debt"];
                if headers.iter().collect::<Vec<_>>() != expected {
                    return Err(InputError::invalid(
                        loc(path, 1, None),
                        format!("header must be `{}`", expected.join(",")),
                    ));
                }
                Source::Csv(csv.into_records())
            }
            SnapshotFormat::JsonLines => Source::Json {
                lines: BufReader::new(reader).lines(),
                line: 0,
                queued: Vec::new().into_iter(),
            },
        };
        Ok(AccountReader {
            assets,
            path: path.to_owned(),
            source,
            pending: None,
            seen: Some(HashSet::new()),
            failed: false,
        })
    }

    /// Reads without the in-memory set of ids (16 bytes per account): for a
    /// caller that checks every id's uniqueness itself, in bounded memory
    /// (the prover's pre-pass, with an external sort of
    /// [`id_fingerprint`]s).
    pub fn without_duplicate_check(mut self) -> Self {
        self.seen = None;
        self
    }

    fn at(&self, line: u64, field: &str) -> Location {
        loc(&self.path, line, Some(field))
    }

    fn next_row(&mut self) -> Result<Option<Row>, InputError> {
        if let Some(row) = self.pending.take() {
            return Ok(Some(row));
        }
        match &mut self.source {
            Source::Csv(records) => match records.next() {
                None => Ok(None),
                Some(Err(e)) => {
                    let line = e.position().map_or(0, |p| p.line());
                    Err(InputError::invalid(
                        loc(&self.path, line, None),
                        format!("malformed CSV row: {e}"),
                    ))
                }
                Some(Ok(r)) => Ok(Some(Row {
                    line: r.position().map_or(0, |p| p.line()),
                    account_id: r[0].to_string(),
                    asset: r[1].to_string(),
                    equity: r[2].to_string(),
                    debt: r[3].to_string(),
                })),
            },
            Source::Json {
                lines,
                line,
                queued,
            } => loop {
                if let Some(row) = queued.next() {
                    return Ok(Some(row));
                }
                let Some(text) = lines.next() else {
                    return Ok(None);
                };
                *line += 1;
                let text = text.map_err(|source| InputError::Io {
                    path: self.path.clone(),
                    source,
                })?;
                if text.trim().is_empty() {
                    continue;
                }
                let parsed: JsonAccount = serde_json::from_str(&text).map_err(|e| {
                    InputError::invalid(
                        loc(&self.path, *line, None),
                        format!("malformed JSON: {e}"),
                    )
                })?;
                if parsed.balances.is_empty() {
                    return Err(InputError::invalid(
                        loc(&self.path, *line, Some("balances")),
                        "account has no balances",
                    ));
                }
                let l = *line;
                *queued = parsed
                    .balances
                    .into_iter()
                    .map(|b| Row {
                        line: l,
                        account_id: parsed.account_id.clone(),
                        asset: b.asset,
                        equity: b.equity,
                        debt: b.debt,
                    })
                    .collect::<Vec<_>>()
                    .into_iter();
            },
        }
    }

    fn read_account(&mut self) -> Result<Option<Account>, InputError> {
        let Some(first) = self.next_row()? else {
            return Ok(None);
        };
        validate_account_id(&first.account_id)
            .map_err(|e| InputError::invalid(self.at(first.line, "account_id"), e.to_string()))?;
        let fingerprint = id_fingerprint(&first.account_id);
        if self
            .seen
            .as_mut()
            .is_some_and(|seen| !seen.insert(fingerprint))
        {
            return Err(duplicate_account(&self.path, first.line, &first.account_id));
        }
        let mut account = Account {
            id: first.account_id.clone(),
            line: first.line,
            holdings: Vec::new(),
        };
        let mut row = first;
        loop {
            let holding = self.parse_holding(&row)?;
            if account.holdings.iter().any(|h| h.asset == holding.asset) {
                return Err(InputError::invalid(
                    self.at(row.line, "asset"),
                    format!("account `{}` has a second `{}` row", account.id, row.asset),
                ));
            }
            account.holdings.push(holding);
            match self.next_row()? {
                Some(next) if next.account_id == account.id => row = next,
                Some(next) => {
                    self.pending = Some(next);
                    break;
                }
                None => break,
            }
        }
        account.holdings.sort_by_key(|h| h.asset);
        Ok(Some(account))
    }

    fn parse_holding(&self, row: &Row) -> Result<Holding, InputError> {
        let asset = self.assets.index_of(&row.asset).ok_or_else(|| {
            InputError::invalid(
                self.at(row.line, "asset"),
                format!("unknown asset `{}` (not in the assets file)", row.asset),
            )
        })?;
        let decimals = self.assets.get(asset).decimals;
        let equity = parse_amount(&row.equity, decimals)
            .map_err(|e| InputError::invalid(self.at(row.line, "equity"), e.to_string()))?;
        let debt = parse_amount(&row.debt, decimals)
            .map_err(|e| InputError::invalid(self.at(row.line, "debt"), e.to_string()))?;
        // No weight can value debt in an asset priced 0 (docs/SPEC.md
        // section 5), so the round refuses the row.
        if debt > 0 && self.assets.get(asset).price.scaled == 0 {
            return Err(InputError::invalid(
                self.at(row.line, "debt"),
                format!(
                    "debt in `{}`, which is priced 0: an asset without a price cannot carry \
                     debt (give it a price or settle the debt)",
                    row.asset
                ),
            ));
        }
        Ok(Holding {
            asset,
            equity,
            debt,
        })
    }
}

impl<R: Read> Iterator for AccountReader<'_, R> {
    type Item = Result<Account, InputError>;

    /// Yields accounts until the first error, then stops: a prover must never
    /// continue past bad input.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.read_account() {
            Ok(Some(a)) => Some(Ok(a)),
            Ok(None) => None,
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

fn loc(path: &Path, line: u64, field: Option<&str>) -> Location {
    Location {
        file: path.to_owned(),
        line,
        field: field.map(str::to_owned),
    }
}

/// The error for an account id seen before, at the `line` where it appears
/// again.
pub fn duplicate_account(path: &Path, line: u64, id: &str) -> InputError {
    InputError::invalid(
        loc(path, line, Some("account_id")),
        format!(
            "account `{id}` appears again after other accounts (duplicate id, or its rows are not contiguous)"
        ),
    )
}

/// 128-bit fingerprint of an id from two independently keyed SipHashes; a false
/// "duplicate" needs a 2^-64 collision even at 10^9 accounts.
pub fn id_fingerprint(id: &str) -> u128 {
    let half = |key: u8| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        id.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> AssetTable {
        AssetTable::from_csv_reader(
            "symbol,decimals,price_usd\nBTC,8,100000\nUSDT,6,1\n".as_bytes(),
            Path::new("assets.csv"),
        )
        .unwrap()
    }

    fn read(text: &str, format: SnapshotFormat) -> Result<Vec<Account>, InputError> {
        let assets = assets();
        AccountReader::new(text.as_bytes(), Path::new("accounts.csv"), format, &assets)?.collect()
    }

    fn csv(body: &str) -> Result<Vec<Account>, InputError> {
        read(
            &format!("account_id,asset,equity,debt\n{body}"),
            SnapshotFormat::Csv,
        )
    }

    #[test]
    fn groups_contiguous_rows() {
        let accounts = csv("a,BTC,1,0\na,USDT,5.5,2\nb,USDT,1,0\n").unwrap();
        assert_eq!(accounts.len(), 2);
        assert_eq!(accounts[0].holdings.len(), 2);
        assert_eq!(
            accounts[0].dense(2),
            vec![(100_000_000, 0), (5_500_000, 2_000_000)]
        );
        assert_eq!(accounts[1].line, 4);
    }

    fn expect_err(body: &str, needle: &str) {
        let err = csv(body).unwrap_err().to_string();
        assert!(err.contains(needle), "`{err}` should contain `{needle}`");
    }

    #[test]
    fn rejects_bad_rows_with_location() {
        expect_err("a,BTC,-1,0\n", "accounts.csv:2 field `equity`: negative");
        expect_err("a,BTC,1,0.000000001\n", "accounts.csv:2 field `debt`");
        expect_err(
            "a,ETH,1,0\n",
            "accounts.csv:2 field `asset`: unknown asset `ETH`",
        );
        expect_err(
            "a,BTC,1,0\nb,BTC,1,0\na,USDT,1,0\n",
            "accounts.csv:4 field `account_id`",
        );
        expect_err(
            "a,BTC,1,0\na,BTC,2,0\n",
            "accounts.csv:3 field `asset`: account `a` has a second",
        );
        expect_err("a,BTC,45035996.27370496,0\n", "over the proven range bound");
        expect_err("a,BTC,1e3,0\n", "malformed amount");
        expect_err("a,BTC,1\n", "accounts.csv:2: malformed CSV row");
        expect_err(",BTC,1,0\n", "empty account id");
    }

    #[test]
    fn stops_after_first_error() {
        let assets = assets();
        let text = "account_id,asset,equity,debt\na,XXX,1,0\nb,BTC,1,0\n";
        let mut r = AccountReader::new(
            text.as_bytes(),
            Path::new("x.csv"),
            SnapshotFormat::Csv,
            &assets,
        )
        .unwrap();
        assert!(r.next().unwrap().is_err());
        assert!(r.next().is_none());
    }

    #[test]
    fn reads_json_lines() {
        let text = r#"{"account_id":"a","balances":[{"asset":"USDT","equity":"1","debt":"0"},{"asset":"BTC","equity":"0.5","debt":"0"}]}

{"account_id":"b","balances":[{"asset":"BTC","equity":"0","debt":"0.1"}]}
"#;
        let accounts = read(text, SnapshotFormat::JsonLines).unwrap();
        assert_eq!(accounts.len(), 2);
        assert_eq!(
            accounts[0].holdings[0].asset, 0,
            "holdings sorted by asset index"
        );
        assert_eq!(accounts[1].line, 3);
        let bad =
            r#"{"account_id":"a","balances":[{"asset":"BTC","equity":"1","debt":"0","x":1}]}"#;
        let err = read(bad, SnapshotFormat::JsonLines)
            .unwrap_err()
            .to_string();
        assert!(err.contains(":1: malformed JSON"), "{err}");
    }

    mod properties {
        use super::*;
        use crate::format_amount;
        use proptest::prelude::*;

        proptest! {
            /// Any well-formed snapshot is read back exactly, in order.
            #[test]
            fn valid_snapshots_round_trip(
                accounts in proptest::collection::vec(
                    proptest::collection::btree_map(0usize..2, (0u64..(1 << 52), 0u64..(1 << 52)), 1..=2),
                    0..20,
                )
            ) {
                let table = assets();
                let mut text = String::from("account_id,asset,equity,debt\n");
                for (i, holdings) in accounts.iter().enumerate() {
                    for (&a, &(e, d)) in holdings {
                        let asset = table.get(a);
                        text.push_str(&format!(
                            "acct{i},{},{},{}\n",
                            asset.symbol,
                            format_amount(u128::from(e), asset.decimals),
                            format_amount(u128::from(d), asset.decimals)
                        ));
                    }
                }
                let read = csv(text.strip_prefix("account_id,asset,equity,debt\n").unwrap()).unwrap();
                prop_assert_eq!(read.len(), accounts.len());
                for (account, holdings) in read.iter().zip(&accounts) {
                    let expected: Vec<Holding> = holdings
                        .iter()
                        .map(|(&asset, &(equity, debt))| Holding { asset, equity, debt })
                        .collect();
                    prop_assert_eq!(&account.holdings, &expected);
                }
            }

            /// Arbitrary bytes never panic the reader; it yields accounts then at most one error.
            #[test]
            fn arbitrary_input_never_panics(body in "[a-zA-Z0-9,.\\-\n\"{}:\\[\\] ]{0,200}", json in any::<bool>()) {
                let table = assets();
                let format = if json { SnapshotFormat::JsonLines } else { SnapshotFormat::Csv };
                let text = if json { body.clone() } else { format!("account_id,asset,equity,debt\n{body}") };
                if let Ok(reader) = AccountReader::new(text.as_bytes(), Path::new("x"), format, &table) {
                    let results: Vec<_> = reader.collect();
                    let errors = results.iter().filter(|r| r.is_err()).count();
                    prop_assert!(errors <= 1);
                    if errors == 1 {
                        prop_assert!(results.last().unwrap().is_err());
                    }
                }
            }
        }
    }
}
