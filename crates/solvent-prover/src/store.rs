//! The inclusion store, built once at the end of `prove` next to the
//! per-account records, so that one user's proof is read with O(log n) seeks
//! and constant memory however large the round:
//!
//! - `private/tree.bin`: `"slvtree1"`, height (u32 LE), then the node count of
//!   each level 0..=height (u64 LE each), then every level's real nodes (32
//!   bytes each), leaves first. Nodes past a level's count are that level's
//!   padding node (`pad_0` = padding leaf, `pad_{k+1} = node(pad_k, pad_k)`).
//! - `private/index.bin`: `"slvidx01"`, entry count (u64 LE), then entries
//!   sorted by key: key = first 8 bytes of SHA-256(account id) as u64 LE, and
//!   the byte offset of the account's line in `private/accounts.jsonl`.
//!   Built by an external sort (runs of [`SORT_RUN_ENTRIES`] spilled to
//!   temporary files, then merged), so its memory does not grow with the
//!   round either.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use sha2::{Digest as _, Sha256};

use crate::extsort::{ExternalSort, Record as _};
use solvent_commit::{node_hash, Digest};

use solvent_model::bundle::{ACCOUNTS_FILE, LEAVES_FILE};

pub const TREE_FILE: &str = "tree.bin";
pub const INDEX_FILE: &str = "index.bin";
const TREE_MAGIC: &[u8; 8] = b"slvtree1";
const INDEX_MAGIC: &[u8; 8] = b"slvidx01";

/// Key of an account id in `index.bin`.
pub fn id_key(account_id: &str) -> u64 {
    let hash = Sha256::digest(account_id.as_bytes());
    u64::from_le_bytes(hash[..8].try_into().expect("8 bytes"))
}

fn level_counts(leaf_count: u64, height: u32) -> Vec<u64> {
    let mut counts = vec![leaf_count];
    for _ in 0..height {
        let last = *counts.last().expect("non-empty");
        counts.push(last.div_ceil(2));
    }
    counts
}

fn padding_nodes(pad_leaf: Digest, height: u32) -> Vec<Digest> {
    solvent_commit::merkle::uniform_subtree_roots(pad_leaf, height as usize)
}

fn read_digest(r: &mut impl Read) -> io::Result<Digest> {
    let mut bytes = [0u8; 32];
    r.read_exact(&mut bytes)?;
    Digest::from_bytes(&bytes)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

/// Builds `tree.bin` and `index.bin` in `private` from `leaves.bin` and
/// `accounts.jsonl`; returns the root.
pub fn build(private: &Path, leaf_count: u64, height: u32, pad_leaf: Digest) -> io::Result<Digest> {
    let counts = level_counts(leaf_count, height);
    let pads = padding_nodes(pad_leaf, height);
    let header_len = 8 + 4 + 8 * counts.len() as u64;
    let tree_path = private.join(TREE_FILE);
    {
        let mut out = BufWriter::new(File::create(&tree_path)?);
        out.write_all(TREE_MAGIC)?;
        out.write_all(&height.to_le_bytes())?;
        for c in &counts {
            out.write_all(&c.to_le_bytes())?;
        }
        io::copy(&mut File::open(private.join(LEAVES_FILE))?, &mut out)?;
        out.flush()?;
    }
    // Each level is read back from the file while the next is appended.
    let mut level_offset = header_len;
    for (k, &count) in counts[..counts.len() - 1].iter().enumerate() {
        let mut reader = BufReader::new(File::open(&tree_path)?);
        reader.seek(SeekFrom::Start(level_offset))?;
        let mut writer = BufWriter::new(std::fs::OpenOptions::new().append(true).open(&tree_path)?);
        let mut i = 0;
        while i < count {
            let left = read_digest(&mut reader)?;
            let right = if i + 1 < count {
                read_digest(&mut reader)?
            } else {
                pads[k]
            };
            writer.write_all(&node_hash(&left, &right).to_bytes())?;
            i += 2;
        }
        writer.flush()?;
        level_offset += 32 * count;
    }
    let mut file = File::open(&tree_path)?;
    file.seek(SeekFrom::Start(level_offset))?;
    let root = read_digest(&mut file)?;

    build_index(private, SORT_RUN_ENTRIES)?;
    Ok(root)
}

/// Index entries sorted in memory at a time (16 bytes each: 64 MiB), so
/// building the index takes bounded memory however many accounts a round has.
const SORT_RUN_ENTRIES: usize = 1 << 22;

/// Writes `index.bin` from `accounts.jsonl`: the entries are sorted
/// externally, in runs of `run_entries` spilled to temporary files in
/// `private`.
fn build_index(private: &Path, run_entries: usize) -> io::Result<()> {
    let mut sort = ExternalSort::<(u64, u64)>::new(private, run_entries);
    let mut count = 0u64;
    let mut offset = 0u64;
    let mut reader = BufReader::new(File::open(private.join(ACCOUNTS_FILE))?);
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader.read_line(&mut line)?;
        if n == 0 {
            break;
        }
        let id = account_id_of(&line)?;
        sort.push((id_key(&id), offset))?;
        offset += n as u64;
        count += 1;
    }
    let mut out = BufWriter::new(File::create(private.join(INDEX_FILE))?);
    out.write_all(INDEX_MAGIC)?;
    out.write_all(&count.to_le_bytes())?;
    sort.finish(|entry| entry.write(&mut out))?;
    out.flush()
}

fn account_id_of(line: &str) -> io::Result<String> {
    #[derive(serde::Deserialize)]
    struct Id {
        account_id: String,
    }
    serde_json::from_str::<Id>(line)
        .map(|r| r.account_id)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

fn read_u64(file: &mut File, at: u64) -> io::Result<u64> {
    let mut bytes = [0u8; 8];
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

fn bad(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

/// The `accounts.jsonl` line of `account_id`, if present.
pub fn find_account_line(private: &Path, account_id: &str) -> io::Result<Option<String>> {
    let mut index = File::open(private.join(INDEX_FILE))?;
    let mut magic = [0u8; 8];
    index.read_exact(&mut magic)?;
    if &magic != INDEX_MAGIC {
        return Err(bad("index.bin: bad magic"));
    }
    let count = read_u64(&mut index, 8)?;
    let key = id_key(account_id);
    let entry = |index: &mut File, i: u64| -> io::Result<(u64, u64)> {
        Ok((read_u64(index, 16 + 16 * i)?, read_u64(index, 24 + 16 * i)?))
    };
    // First entry with entry.key >= key.
    let (mut lo, mut hi) = (0u64, count);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if entry(&mut index, mid)?.0 < key {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let mut accounts = BufReader::new(File::open(private.join(ACCOUNTS_FILE))?);
    let mut i = lo;
    while i < count {
        let (k, offset) = entry(&mut index, i)?;
        if k != key {
            break;
        }
        accounts.seek(SeekFrom::Start(offset))?;
        let mut line = String::new();
        accounts.read_line(&mut line)?;
        if account_id_of(&line)? == account_id {
            return Ok(Some(line));
        }
        i += 1;
    }
    Ok(None)
}

/// `tree.bin`'s height and node count per level, its magic checked.
fn read_tree_header(tree: &mut File) -> io::Result<(u32, Vec<u64>)> {
    let mut magic = [0u8; 8];
    tree.read_exact(&mut magic)?;
    if &magic != TREE_MAGIC {
        return Err(bad("tree.bin: bad magic"));
    }
    let mut h = [0u8; 4];
    tree.read_exact(&mut h)?;
    let height = u32::from_le_bytes(h);
    if height > 64 {
        return Err(bad("tree.bin: bad height"));
    }
    let counts = (0..=height as u64)
        .map(|k| read_u64(tree, 12 + 8 * k))
        .collect::<io::Result<Vec<_>>>()?;
    Ok((height, counts))
}

/// Siblings of leaf `index` from the leaf level up, read from `tree.bin`.
pub fn siblings(private: &Path, index: u64, pad_leaf: Digest) -> io::Result<Vec<Digest>> {
    let mut tree = File::open(private.join(TREE_FILE))?;
    let (height, counts) = read_tree_header(&mut tree)?;
    let pads = padding_nodes(pad_leaf, height);
    let mut offset = 12 + 8 * counts.len() as u64;
    let mut out = Vec::with_capacity(height as usize);
    for k in 0..height as usize {
        let sibling = (index >> k) ^ 1;
        out.push(if sibling < counts[k] {
            tree.seek(SeekFrom::Start(offset + 32 * sibling))?;
            read_digest(&mut tree)?
        } else {
            pads[k]
        });
        offset += 32 * counts[k];
    }
    Ok(out)
}

/// The siblings of leaves 0, 1, 2, ... in turn, read forward from
/// `tree.bin` with one buffered reader per level: every user's path in one
/// sequential pass, in memory bounded by the tree's height.
pub struct PathStream {
    levels: Vec<LevelReader>,
    pads: Vec<Digest>,
    next: u64,
}

/// One level of `tree.bin`, read forward a pair of siblings at a time.
struct LevelReader {
    reader: BufReader<File>,
    count: u64,
    /// The pair of nodes loaded, `(pair index, nodes)`.
    pair: Option<(u64, [Option<Digest>; 2])>,
    /// The index of the next node the reader returns.
    position: u64,
}

impl LevelReader {
    fn node(&mut self, index: u64) -> io::Result<Option<Digest>> {
        let pair = index / 2;
        if self.pair.map(|(p, _)| p) != Some(pair) {
            let first = pair * 2;
            if first < self.position {
                return Err(bad("tree.bin: leaves must be read in order"));
            }
            let skip = first - self.position;
            if skip > 0 {
                self.reader.seek_relative(32 * skip as i64)?;
            }
            let mut nodes = [None, None];
            for (i, node) in nodes.iter_mut().enumerate() {
                if first + (i as u64) < self.count {
                    *node = Some(read_digest(&mut self.reader)?);
                }
            }
            self.position = first + 2.min(self.count.saturating_sub(first));
            self.pair = Some((pair, nodes));
        }
        Ok(self.pair.expect("just loaded").1[(index % 2) as usize])
    }
}

impl PathStream {
    /// Opens `private/tree.bin`; `pad_leaf` is the round's padding leaf.
    pub fn open(private: &Path, pad_leaf: Digest) -> io::Result<PathStream> {
        let path = private.join(TREE_FILE);
        let (height, counts) = read_tree_header(&mut File::open(&path)?)?;
        let mut offset = 12 + 8 * counts.len() as u64;
        let mut levels = Vec::with_capacity(height as usize);
        for &count in &counts[..height as usize] {
            let mut file = File::open(&path)?;
            file.seek(SeekFrom::Start(offset))?;
            levels.push(LevelReader {
                reader: BufReader::with_capacity(16 << 10, file),
                count,
                pair: None,
                position: 0,
            });
            offset += 32 * count;
        }
        Ok(PathStream {
            levels,
            pads: padding_nodes(pad_leaf, height),
            next: 0,
        })
    }

    /// The siblings of the next leaf, from the leaf level up.
    pub fn next_path(&mut self) -> io::Result<Vec<Digest>> {
        let index = self.next;
        self.next += 1;
        self.levels
            .iter_mut()
            .enumerate()
            .map(|(k, level)| {
                let sibling = (index >> k) ^ 1;
                Ok(level.node(sibling)?.unwrap_or(self.pads[k]))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plonky2::field::types::Field;
    use solvent_commit::{sponge, MerkleTreeBuilder, F};

    /// Sorting in spilled runs gives the same index, byte for byte, as
    /// sorting in memory, and leaves no run file behind.
    #[test]
    fn external_sort_matches_the_in_memory_sort() {
        for n in [1usize, 3, 7, 10, 100] {
            let dir = tempfile::tempdir().unwrap();
            let private = dir.path();
            let lines: String = (0..n)
                .map(|i| format!("{{\"index\":{i},\"account_id\":\"acct-{i}\"}}\n"))
                .collect();
            std::fs::write(private.join(ACCOUNTS_FILE), lines).unwrap();
            build_index(private, usize::MAX).unwrap();
            let in_memory = std::fs::read(private.join(INDEX_FILE)).unwrap();
            assert_eq!(in_memory.len(), 16 + 16 * n);
            for run in [1, 2, 3] {
                build_index(private, run).unwrap();
                let spilled = std::fs::read(private.join(INDEX_FILE)).unwrap();
                assert!(spilled == in_memory, "n = {n}, runs of {run}");
                let files = std::fs::read_dir(private).unwrap().count();
                assert_eq!(files, 2, "run files left behind (n = {n})");
            }
        }
    }

    #[test]
    fn store_paths_match_the_in_memory_tree() {
        let pad = sponge(&[F::from_canonical_u64(999)]);
        for n in 1u64..=9 {
            let dir = tempfile::tempdir().unwrap();
            let private = dir.path();
            let leaves: Vec<Digest> = (0..n)
                .map(|i| sponge(&[F::from_canonical_u64(i)]))
                .collect();
            let mut leaf_bytes = Vec::new();
            let mut lines = String::new();
            for (i, leaf) in leaves.iter().enumerate() {
                leaf_bytes.extend_from_slice(&leaf.to_bytes());
                lines.push_str(&format!("{{\"index\":{i},\"account_id\":\"acct-{i}\"}}\n"));
            }
            std::fs::write(private.join(LEAVES_FILE), leaf_bytes).unwrap();
            std::fs::write(private.join(ACCOUNTS_FILE), lines).unwrap();
            let height = 4;
            let root = build(private, n, height, pad).unwrap();
            let mut full = leaves.clone();
            full.resize(1 << height, pad);
            let tree = MerkleTreeBuilder::new(full);
            assert_eq!(root, tree.root(), "n = {n}");
            let mut stream = PathStream::open(private, pad).unwrap();
            for i in 0..n {
                assert_eq!(
                    siblings(private, i, pad).unwrap(),
                    tree.path(i).siblings,
                    "n = {n}, i = {i}"
                );
                assert_eq!(
                    stream.next_path().unwrap(),
                    tree.path(i).siblings,
                    "stream: n = {n}, i = {i}"
                );
                let line = find_account_line(private, &format!("acct-{i}"))
                    .unwrap()
                    .unwrap();
                assert!(line.contains(&format!("\"index\":{i},")));
            }
            assert!(find_account_line(private, "nobody").unwrap().is_none());
        }
    }
}
