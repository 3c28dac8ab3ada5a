//! The pre-pass: before proving, read the snapshot once to learn how many
//! batch-STARK rows each batch would need at every candidate batch size. An
//! account costs one row per non-zero holding, so the fullest batch fixes the
//! trace length that every batch circuit of the round must have.

use solvent_model::{AccountReader, AssetTable};

use crate::error::ProveError;
use crate::extsort::ExternalSort;

/// Candidate batch sizes `2^1 ..= 2^MAX_LOG`.
const MAX_LOG: usize = solvent_circuits::batch::MAX_BATCH_SIZE.ilog2() as usize;

/// Per candidate batch size, the rows of the fullest batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowPlan {
    pub accounts: u64,
    /// `fullest[k]`: holding rows plus merges of the fullest batch of `2^k`
    /// accounts (padding slots cost nothing: their subtrees are the
    /// statement's).
    fullest: [u64; MAX_LOG + 1],
}

impl RowPlan {
    /// Reads every account of the snapshot (stopping at the first input
    /// error), and checks that no account id appears twice.
    pub fn scan(path: &std::path::Path, assets: &AssetTable) -> Result<RowPlan, ProveError> {
        let mut builder = Builder::default();
        let mut ids = UniqueIds::new(path)?;
        for account in AccountReader::open(path, assets)?.without_duplicate_check() {
            let account = account?;
            ids.push(&account)?;
            builder.push(solvent_commit::leaf_holdings(&account.dense(assets.len())).len() as u64);
        }
        ids.check(assets)?;
        Ok(builder.finish())
    }

    /// The plan for accounts with these holding-row counts, in order.
    pub fn from_rows(rows: impl IntoIterator<Item = u64>) -> RowPlan {
        let mut builder = Builder::default();
        for r in rows {
            builder.push(r);
        }
        builder.finish()
    }

    /// `log2` of the trace a batch of `batch_size` accounts needs: the rows
    /// of the fullest batch and one idle row, at least the range table.
    pub fn trace_bits(&self, batch_size: usize) -> usize {
        solvent_circuits::batch::trace_bits_for(self.fullest[batch_size.ilog2() as usize] as usize)
    }

    /// The default batch size: the largest whose trace fits the memory budget,
    /// but no larger than the snapshot needs (each batch pays a whole trace).
    pub fn default_batch_size(&self, num_assets: usize) -> usize {
        let needed = self.accounts.max(2).next_power_of_two();
        (1..=MAX_LOG)
            .map(|k| 1usize << k)
            .filter(|&b| b as u64 <= needed.max(2))
            .filter(|&b| solvent_circuits::batch::fits_memory(num_assets, self.trace_bits(b)))
            .max()
            .unwrap_or(2)
    }
}

/// Every account id of a snapshot is distinct, checked in bounded memory:
/// the ids' 128-bit fingerprints with their lines are sorted externally
/// ([`SORT_RUN`] at a time in memory), equal neighbours are candidates,
/// and each candidate pair's ids are read back and compared exactly.
struct UniqueIds {
    path: std::path::PathBuf,
    spill: tempfile::TempDir,
    sort: ExternalSort<(u128, u64)>,
}

/// Fingerprints sorted in memory at a time (24 bytes each: 48 MiB).
const SORT_RUN: usize = 1 << 21;

impl UniqueIds {
    fn new(path: &std::path::Path) -> Result<Self, ProveError> {
        Self::with_runs_of(path, SORT_RUN)
    }

    fn with_runs_of(path: &std::path::Path, run: usize) -> Result<Self, ProveError> {
        let spill = tempfile::tempdir().map_err(ProveError::io(&std::env::temp_dir()))?;
        let sort = ExternalSort::new(spill.path(), run);
        Ok(UniqueIds {
            path: path.to_owned(),
            spill,
            sort,
        })
    }

    fn push(&mut self, account: &solvent_model::Account) -> Result<(), ProveError> {
        self.sort
            .push((
                solvent_model::snapshot::id_fingerprint(&account.id),
                account.line,
            ))
            .map_err(ProveError::io(self.spill.path()))
    }

    /// The first id (by line) that appears again, as an input error.
    fn check(self, assets: &AssetTable) -> Result<(), ProveError> {
        // `(line, earlier line)` for each pair of equal fingerprints.
        let mut candidates: Vec<(u64, u64)> = Vec::new();
        let mut group: (u128, Vec<u64>) = (0, Vec::new());
        self.sort
            .finish(|(fingerprint, line)| {
                if group.0 != fingerprint || group.1.is_empty() {
                    group = (fingerprint, Vec::new());
                }
                candidates.extend(group.1.iter().map(|&earlier| (line, earlier)));
                group.1.push(line);
                Ok(())
            })
            .map_err(ProveError::io(self.spill.path()))?;
        if candidates.is_empty() {
            return Ok(());
        }
        // Rare (a duplicate, or a 2^-128 collision): read the ids back.
        let lines: std::collections::HashSet<u64> =
            candidates.iter().flat_map(|&(a, b)| [a, b]).collect();
        let mut ids = std::collections::HashMap::new();
        for account in AccountReader::open(&self.path, assets)?.without_duplicate_check() {
            let account = account?;
            if lines.contains(&account.line) {
                ids.insert(account.line, account.id);
            }
        }
        candidates.sort_unstable();
        for (line, first) in candidates {
            if ids.get(&line) == ids.get(&first) {
                return Err(solvent_model::snapshot::duplicate_account(
                    &self.path,
                    line,
                    &ids[&line],
                )
                .into());
            }
        }
        Ok(())
    }
}

/// Running sums of the current batch's holding rows at every candidate size.
#[derive(Default)]
struct Builder {
    accounts: u64,
    current: [u64; MAX_LOG + 1],
    fullest: [u64; MAX_LOG + 1],
}

impl Builder {
    fn push(&mut self, rows: u64) {
        self.accounts += 1;
        for k in 1..=MAX_LOG {
            self.current[k] += rows;
            if self.accounts.is_multiple_of(1 << k) {
                self.close(k, 1 << k);
            }
        }
    }

    /// Ends the current batch of `2^k` accounts, which holds `accounts`.
    fn close(&mut self, k: usize, accounts: usize) {
        let merges = solvent_circuits::batch::merges(1 << k, accounts) as u64;
        self.fullest[k] = self.fullest[k].max(self.current[k] + merges);
        self.current[k] = 0;
    }

    /// Closes the last, partial batch of each size.
    fn finish(mut self) -> RowPlan {
        for k in 1..=MAX_LOG {
            let filled = (self.accounts % (1 << k)) as usize;
            if filled != 0 {
                self.close(k, filled);
            }
        }
        RowPlan {
            accounts: self.accounts,
            fullest: self.fullest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ids checked by the external sort, in runs small enough to spill:
    /// the line of the first id that appears again, whether its rows were
    /// adjacent or not; nothing for distinct ids.
    #[test]
    fn a_repeated_id_is_found_in_bounded_memory() {
        let dir = tempfile::tempdir().unwrap();
        let assets_path = dir.path().join("assets.csv");
        std::fs::write(&assets_path, "symbol,decimals,price_usd\nBTC,8,97000\n").unwrap();
        let assets = AssetTable::from_csv_path(&assets_path).unwrap();
        let check = |ids: &[&str]| -> Result<(), ProveError> {
            let path = dir.path().join("accounts.csv");
            let rows: String = ids.iter().map(|id| format!("{id},BTC,1,0\n")).collect();
            std::fs::write(&path, format!("account_id,asset,equity,debt\n{rows}")).unwrap();
            for run in [1, 2, 3, 1000] {
                let mut unique = UniqueIds::with_runs_of(&path, run)?;
                for account in AccountReader::open(&path, &assets)?.without_duplicate_check() {
                    unique.push(&account?)?;
                }
                let result = unique.check(&assets);
                if result.is_err() || run == 1000 {
                    return result;
                }
            }
            Ok(())
        };
        assert!(check(&["a", "b", "c", "d", "e"]).is_ok());
        let at_line = |ids: &[&str]| match check(ids).unwrap_err() {
            ProveError::Input(e) => {
                let text = e.to_string();
                assert!(text.contains("appears again"), "{text}");
                text
            }
            other => panic!("{other}"),
        };
        // `b` again at line 5 (the header is line 1).
        assert!(at_line(&["a", "b", "c", "b", "e"]).contains(":5"));
        // Three times: the second occurrence is named.
        assert!(at_line(&["a", "x", "a", "y", "a"]).contains(":4"));
        let text = at_line(&["a", "b", "c", "d", "c"]);
        assert!(text.contains("`c`") && text.contains(":6"), "{text}");
    }

    #[test]
    fn fullest_batch_sets_the_trace() {
        // Batches of 2: [1, 1], [5, 1], [2], each with its merges.
        let p = RowPlan::from_rows([1, 1, 5, 1, 2]);
        assert_eq!(p.fullest[1], 7); // [5, 1] + 1 merge
        assert_eq!(p.fullest[2], 11); // [1, 1, 5, 1] + 3 merges
        assert_eq!(p.fullest[3], 16); // [1, 1, 5, 1, 2] + merges 3 + 2 + 1
        assert_eq!(p.trace_bits(2), 13); // the range table's minimum
                                         // 24,576 rows plus 8,191 merges need 2^15.
        let big = RowPlan::from_rows(std::iter::repeat_n(3, 8192));
        assert_eq!(big.trace_bits(8192), 15);
        // A partial batch pays for its accounts only: 4,100 accounts of 2
        // rows and their 4,109 merges fit 2^14 rows; padding them with 4,092
        // one-row accounts and 8,191 merges in all took 2^15.
        let partial = RowPlan::from_rows(std::iter::repeat_n(2, 4100));
        assert_eq!(partial.fullest[13], 8_200 + 4_109);
        assert_eq!(partial.trace_bits(8192), 14);
    }

    #[test]
    fn default_batch_size_follows_the_snapshot_and_memory() {
        let few = RowPlan::from_rows([2; 5000]);
        assert_eq!(few.default_batch_size(22), 8192);
        let many = RowPlan::from_rows(std::iter::repeat_n(2, 1 << 20));
        // 2^17 accounts x 3 rows -> 2^19 rows x 297 columns fits 2^28 cells,
        // whatever the number of assets.
        assert_eq!(solvent_circuits::batch::trace_columns(22), 297);
        assert_eq!(solvent_circuits::batch::trace_columns(200), 297);
        assert_eq!(many.default_batch_size(22), 1 << 17);
        assert_eq!(many.default_batch_size(200), 1 << 17);
        // Accounts with 200 holdings each: 2^12 of them need 2^20 rows, which
        // do not fit; 2^11 need 2^19, which do.
        let rich = RowPlan::from_rows(std::iter::repeat_n(200, 1 << 14));
        assert_eq!(rich.default_batch_size(200), 1 << 11);
        // A round that fits one batch of 2^16 gets exactly that.
        let one = RowPlan::from_rows(std::iter::repeat_n(2, 1 << 16));
        assert_eq!(one.default_batch_size(22), 1 << 16);
    }
}
