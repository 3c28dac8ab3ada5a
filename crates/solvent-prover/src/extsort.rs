//! Sorting more fixed-size records than memory should hold: records are
//! sorted in runs of a bounded length, each run spilled to a temporary
//! file, and the runs merged (one buffered reader each). Used for the
//! inclusion index and the snapshot's duplicate-id check, so neither grows
//! with the number of accounts.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// A record of a fixed size on disk.
pub trait Record: Ord + Copy {
    const SIZE: usize;
    fn write(&self, out: &mut impl Write) -> io::Result<()>;
    fn read(bytes: &[u8]) -> Self;
}

/// `(key, value)` pairs, little-endian.
impl Record for (u64, u64) {
    const SIZE: usize = 16;
    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(&self.0.to_le_bytes())?;
        out.write_all(&self.1.to_le_bytes())
    }
    fn read(bytes: &[u8]) -> Self {
        let u = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        (u(0), u(8))
    }
}

/// `(fingerprint, line)` pairs, little-endian.
impl Record for (u128, u64) {
    const SIZE: usize = 24;
    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(&self.0.to_le_bytes())?;
        out.write_all(&self.1.to_le_bytes())
    }
    fn read(bytes: &[u8]) -> Self {
        (
            u128::from_le_bytes(bytes[..16].try_into().expect("16 bytes")),
            u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes")),
        )
    }
}

pub struct ExternalSort<T: Record> {
    dir: PathBuf,
    run_len: usize,
    current: Vec<T>,
    runs: Vec<tempfile::TempPath>,
}

impl<T: Record> ExternalSort<T> {
    /// Sorts in runs of `run_len` records, spilled into `dir`.
    pub fn new(dir: &Path, run_len: usize) -> Self {
        ExternalSort {
            dir: dir.to_owned(),
            run_len: run_len.max(1),
            current: Vec::new(),
            runs: Vec::new(),
        }
    }

    pub fn push(&mut self, record: T) -> io::Result<()> {
        self.current.push(record);
        if self.current.len() >= self.run_len {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> io::Result<()> {
        self.current.sort_unstable();
        let file = tempfile::Builder::new()
            .prefix("sort-run-")
            .tempfile_in(&self.dir)?;
        let mut out = BufWriter::new(file.as_file());
        for record in &self.current {
            record.write(&mut out)?;
        }
        out.flush()?;
        drop(out);
        self.current.clear();
        self.runs.push(file.into_temp_path());
        Ok(())
    }

    /// Calls `each` with every record in order; the run files are removed.
    pub fn finish(mut self, mut each: impl FnMut(T) -> io::Result<()>) -> io::Result<()> {
        if self.runs.is_empty() {
            self.current.sort_unstable();
            return self.current.iter().try_for_each(|&r| each(r));
        }
        if !self.current.is_empty() {
            self.spill()?;
        }
        let mut readers = self
            .runs
            .iter()
            .map(|path| File::open(path).map(BufReader::new))
            .collect::<io::Result<Vec<_>>>()?;
        let mut next = |run: usize| -> io::Result<Option<T>> {
            let mut bytes = vec![0u8; T::SIZE];
            match readers[run].read_exact(&mut bytes) {
                Ok(()) => Ok(Some(T::read(&bytes))),
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
                Err(e) => Err(e),
            }
        };
        let mut heap = BinaryHeap::new();
        for run in 0..self.runs.len() {
            if let Some(record) = next(run)? {
                heap.push(Reverse((record, run)));
            }
        }
        while let Some(Reverse((record, run))) = heap.pop() {
            each(record)?;
            if let Some(record) = next(run)? {
                heap.push(Reverse((record, run)));
            }
        }
        for run in self.runs {
            run.close()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any run length gives the in-memory sort, and no run file is
        /// left behind.
        #[test]
        fn spilled_runs_merge_to_the_sorted_records(
            records in proptest::collection::vec((any::<u128>(), any::<u64>()), 0..200),
            run_len in 1usize..50,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut sort = ExternalSort::new(dir.path(), run_len);
            for &r in &records {
                sort.push(r).unwrap();
            }
            let mut out = Vec::new();
            sort.finish(|r| { out.push(r); Ok(()) }).unwrap();
            let mut expected = records.clone();
            expected.sort_unstable();
            prop_assert_eq!(out, expected);
            prop_assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        }
    }
}
