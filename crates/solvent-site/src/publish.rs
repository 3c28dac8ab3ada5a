//! The publisher: a bundle's inclusion proofs, every one sealed under its
//! user's code, written in equal-sized buckets next to the page and the
//! public bundle. Streaming, in bounded memory whatever the round's size:
//!
//! 1. a first pass over the inclusion proofs derives each account's code
//!    (written to the codes file as it goes), its bucket at the finest
//!    useful granularity and its plaintext length; from the counts the
//!    publisher picks the most buckets whose smallest still holds
//!    `bucket_users` users;
//! 2. a second pass seals each entry into one of a few partition files (each
//!    a contiguous range of buckets, a few tens of MiB);
//! 3. each partition in turn is read back, its buckets padded with random
//!    entries to the size of the largest, sorted by entry id (which hides
//!    the order of the accounts) and written.
//!
//! The site is staged next to its final place and renamed there at the end,
//! so a failed run leaves nothing but its staging directory's removal.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rand::RngCore;
use solvent_model::bundle::{PROOF_FILE, STATEMENT_FILE, VERIFIER_KEY_FILE};
use solvent_model::{InclusionProof, Statement};

use crate::entry::{seal_entry, ID_LEN, NONCE_LEN, OVERHEAD};
use crate::manifest::{
    bucket_path, Manifest, BUCKET_DIR, MANIFEST_FILE, MAX_BUCKET_BITS, PAGE_FILE, SITE_FORMAT,
};
use crate::{Code, CodeKey, Lookup};

/// Default `--bucket-users`: the fewest users one bucket download may hide a
/// user among.
pub const DEFAULT_BUCKET_USERS: u64 = 1024;
/// A partition's target size in bytes: what step 3 holds in memory.
const PARTITION_BYTES: u64 = 64 << 20;
/// At most this many partition files are open at once.
const MAX_PARTITION_BITS: u32 = 10;

/// What to publish, and where.
pub struct SiteOptions<'a> {
    /// The bundle directory (its public files are copied).
    pub bundle: &'a Path,
    /// The verifier page, written as `index.html`.
    pub page: &'a [u8],
    /// The site directory to create (it must not exist, or be empty).
    pub out: &'a Path,
    /// The codes file to write (`account_id,code`); never inside `out`.
    pub codes: &'a Path,
    pub code_key: &'a CodeKey,
    /// The fewest real users per bucket.
    pub bucket_users: u64,
}

/// Where publishing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Deriving codes and counting buckets (pass 1).
    Codes,
    /// Sealing entries (pass 2).
    Seal,
    /// Writing bucket files, counted in buckets.
    Buckets,
}

/// What was published.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Published {
    pub accounts: u64,
    pub buckets: u64,
    pub bucket_entries: u64,
    pub min_bucket_users: u64,
    pub max_bucket_users: u64,
    pub entry_len: u64,
    /// Bytes of one bucket file: what a user downloads besides the bundle.
    pub bucket_bytes: u64,
    /// Bytes of all bucket files.
    pub buckets_bytes: u64,
}

/// Why a site could not be published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("reading the inclusion proofs: {0}")]
    Source(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("{0} would be inside the site directory {1}, which is published: keep it elsewhere")]
    InsideSite(PathBuf, PathBuf),
    #[error("{0} exists and is not an empty directory")]
    OutExists(PathBuf),
    #[error("--bucket-users must be at least 1")]
    BucketUsers,
    #[error("inclusion proof {index} is for round `{found}`, the statement for `{expected}`")]
    Round {
        index: u64,
        found: String,
        expected: String,
    },
    #[error("the bundle's private data holds {found} accounts, its statement {expected}")]
    Count { found: u64, expected: u64 },
    #[error(
        "the inclusion proofs changed between the two passes (bucket {0} counted differently)"
    )]
    Changed(u64),
    #[error("writing {path}: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> PublishError + '_ {
    move |source| PublishError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Reads the code key at `path`, or creates one there (mode 0600) if there
/// is no file. Returns the key and whether it was created.
pub fn load_or_create_code_key(path: &Path) -> Result<(CodeKey, bool), PublishError> {
    match std::fs::read_to_string(path) {
        Ok(text) => CodeKey::from_text(&text)
            .map(|key| (key, false))
            .map_err(|e| PublishError::Io {
                path: path.to_owned(),
                source: io::Error::new(io::ErrorKind::InvalidData, e),
            }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let key = CodeKey::from_bytes(bytes);
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(path).map_err(io_at(path))?;
            file.write_all(key.to_text().as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(io_at(path))?;
            Ok((key, true))
        }
        Err(e) => Err(PublishError::Io {
            path: path.to_owned(),
            source: e,
        }),
    }
}

/// Refuses `file` if it would be written inside the site directory `out`.
pub fn refuse_inside_site(file: &Path, out: &Path) -> Result<(), PublishError> {
    let resolve = |p: &Path| -> Result<PathBuf, PublishError> {
        let absolute = std::path::absolute(p).map_err(io_at(p))?;
        // Resolve the deepest existing ancestor (symbolic links included)
        // and keep the rest as written.
        let mut existing = absolute.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_owned());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut resolved = existing.canonicalize().map_err(io_at(existing))?;
        resolved.extend(rest.iter().rev());
        Ok(resolved)
    };
    let (file_abs, out_abs) = (resolve(file)?, resolve(out)?);
    if file_abs.starts_with(&out_abs) {
        return Err(PublishError::InsideSite(file.to_owned(), out.to_owned()));
    }
    Ok(())
}

/// Publishes the site. `inclusions` opens a fresh pass over the bundle's
/// inclusion proofs in leaf order (it is called twice); `progress` hears
/// `(phase, done, total)`.
pub fn publish<F, I, E>(
    options: &SiteOptions,
    statement: &Statement,
    mut inclusions: F,
    progress: &dyn Fn(Phase, u64, u64),
) -> Result<Published, PublishError>
where
    F: FnMut() -> Result<I, E>,
    I: Iterator<Item = Result<InclusionProof, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    if options.bucket_users == 0 {
        return Err(PublishError::BucketUsers);
    }
    refuse_inside_site(options.codes, options.out)?;
    if options.out.exists() {
        let empty = std::fs::read_dir(options.out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return Err(PublishError::OutExists(options.out.to_owned()));
        }
    }
    let parent = |p: &Path| -> PathBuf {
        match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        }
    };
    let staging_parent = parent(options.out);
    let staging = tempfile::Builder::new()
        .prefix(".solvent-site-")
        .tempdir_in(&staging_parent)
        .map_err(io_at(&staging_parent))?;
    let codes_parent = parent(options.codes);
    let codes_file = tempfile::Builder::new()
        .prefix(".solvent-codes-")
        .tempfile_in(&codes_parent)
        .map_err(io_at(&codes_parent))?;

    let ctx = Context {
        statement,
        key: options.code_key,
    };
    let n = statement.leaf_count;
    let source = |e: E| PublishError::Source(e.into());

    // Pass 1: codes, bucket counts at the finest useful granularity, and the
    // longest plaintext.
    let fine_bits = fine_bits(n, options.bucket_users);
    let mut fine = vec![0u64; 1 << fine_bits];
    let mut plain_len = 0usize;
    {
        let mut codes = csv::Writer::from_writer(BufWriter::new(codes_file.as_file()));
        let csv_err = |source| PublishError::Csv {
            path: options.codes.to_owned(),
            source,
        };
        codes
            .write_record(["account_id", "code"])
            .map_err(csv_err)?;
        let mut count = 0u64;
        for proof in inclusions().map_err(source)? {
            let proof = proof.map_err(source)?;
            let (code, lookup) = ctx.lookup(count, &proof)?;
            codes
                .write_record([proof.account_id.as_str(), &code.to_string()])
                .map_err(csv_err)?;
            fine[lookup.bucket(fine_bits) as usize] += 1;
            plain_len = plain_len.max(plaintext(&proof).len());
            count += 1;
            if count.is_multiple_of(4096) {
                progress(Phase::Codes, count, n);
            }
        }
        if count != n {
            return Err(PublishError::Count {
                found: count,
                expected: n,
            });
        }
        codes
            .into_inner()
            .map_err(|e| io_at(options.codes)(e.into_error()))?
            .flush()
            .map_err(io_at(options.codes))?;
        progress(Phase::Codes, count, n);
    }
    let (bits, counts) = choose_bits(&fine, fine_bits, options.bucket_users);
    let bucket_entries = *counts.iter().max().expect("at least one bucket");
    let entry_len = (OVERHEAD + plain_len) as u64;
    let buckets = counts.len() as u64;
    let partition_bits = partition_bits(bits, buckets * bucket_entries * entry_len);

    // Pass 2: seal each entry into its bucket's partition.
    let dir = staging.path();
    let bucket_dir = dir.join(BUCKET_DIR);
    std::fs::create_dir(&bucket_dir).map_err(io_at(&bucket_dir))?;
    let partition_path = |p: u64| dir.join(format!("partition-{p}.tmp"));
    let mut partitions = (0..1u64 << partition_bits)
        .map(|p| {
            let path = partition_path(p);
            File::create(&path)
                .map(|f| BufWriter::with_capacity(32 << 10, f))
                .map_err(io_at(&path))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut rng = rand::thread_rng();
    let mut sealed_counts = vec![0u64; counts.len()];
    let mut count = 0u64;
    for proof in inclusions().map_err(source)? {
        let proof = proof.map_err(source)?;
        let (_, lookup) = ctx.lookup(count, &proof)?;
        let mut plain = plaintext(&proof);
        plain.resize(plain_len, b' ');
        let mut nonce = [0u8; NONCE_LEN];
        rng.fill_bytes(&mut nonce);
        let bucket = lookup.bucket(bits);
        let counted = sealed_counts
            .get_mut(bucket as usize)
            .ok_or(PublishError::Changed(bucket))?;
        *counted += 1;
        let p = (bucket >> (bits - partition_bits)) as usize;
        let record = [
            &(bucket as u32).to_le_bytes()[..],
            &seal_entry(&lookup, &nonce, &plain),
        ];
        partitions[p]
            .write_all(&record.concat())
            .map_err(io_at(&partition_path(p as u64)))?;
        count += 1;
        if count.is_multiple_of(4096) {
            progress(Phase::Seal, count, n);
        }
    }
    progress(Phase::Seal, count, n);
    if let Some(b) = (0..counts.len()).find(|&b| sealed_counts[b] != counts[b]) {
        return Err(PublishError::Changed(b as u64));
    }
    for (p, w) in partitions.into_iter().enumerate() {
        w.into_inner()
            .map_err(|e| io_at(&partition_path(p as u64))(e.into_error()))?;
    }

    // Step 3: each partition's buckets, padded and sorted.
    let per_partition = 1u64 << (bits - partition_bits);
    let entry = entry_len as usize;
    for p in 0..1u64 << partition_bits {
        let path = partition_path(p);
        let mut bytes = Vec::new();
        BufReader::new(File::open(&path).map_err(io_at(&path))?)
            .read_to_end(&mut bytes)
            .map_err(io_at(&path))?;
        std::fs::remove_file(&path).map_err(io_at(&path))?;
        let mut by_bucket: Vec<Vec<&[u8]>> = vec![Vec::new(); per_partition as usize];
        // Records are the bucket number (u32 LE) and the entry.
        for record in bytes.chunks_exact(4 + entry) {
            let bucket = u32::from_le_bytes(record[..4].try_into().expect("4 bytes")) as u64;
            by_bucket[(bucket - p * per_partition) as usize].push(&record[4..]);
        }
        let mut padding = vec![0u8; entry * bucket_entries as usize];
        for (i, mut entries) in by_bucket.into_iter().enumerate() {
            let index = p * per_partition + i as u64;
            let missing = bucket_entries as usize - entries.len();
            rng.fill_bytes(&mut padding[..missing * entry]);
            entries.extend(padding[..missing * entry].chunks_exact(entry));
            entries.sort_unstable_by(|a, b| a[..ID_LEN].cmp(&b[..ID_LEN]));
            let path = dir.join(bucket_path(index, bits));
            let mut out = BufWriter::new(File::create(&path).map_err(io_at(&path))?);
            for e in entries {
                out.write_all(e).map_err(io_at(&path))?;
            }
            out.into_inner().map_err(|e| io_at(&path)(e.into_error()))?;
            progress(Phase::Buckets, index + 1, buckets);
        }
    }

    // The page, the public bundle and the manifest.
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(io_at(&path))
    };
    write(PAGE_FILE, options.page)?;
    for name in [STATEMENT_FILE, PROOF_FILE, VERIFIER_KEY_FILE] {
        let from = options.bundle.join(name);
        std::fs::copy(&from, dir.join(name)).map_err(io_at(&from))?;
    }
    let manifest = Manifest {
        format: SITE_FORMAT.to_string(),
        round: statement.round.clone(),
        root: statement.root.clone(),
        bucket_bits: bits,
        bucket_entries,
        entry_len,
        min_bucket_users: *counts.iter().min().expect("at least one bucket"),
    };
    let mut json = serde_json::to_string_pretty(&manifest).expect("a manifest serializes");
    json.push('\n');
    write(MANIFEST_FILE, json.as_bytes())?;

    // Nothing partial: the codes file, then the site, renamed into place.
    codes_file
        .persist(options.codes)
        .map_err(|e| io_at(options.codes)(e.error))?;
    if options.out.exists() {
        std::fs::remove_dir(options.out).map_err(io_at(options.out))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, options.out).map_err(io_at(options.out))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A temporary directory is private (0700); a site is public.
        std::fs::set_permissions(options.out, std::fs::Permissions::from_mode(0o755))
            .map_err(io_at(options.out))?;
    }
    Ok(Published {
        accounts: n,
        buckets,
        bucket_entries,
        min_bucket_users: manifest.min_bucket_users,
        max_bucket_users: bucket_entries,
        entry_len,
        bucket_bytes: bucket_entries * entry_len,
        buckets_bytes: buckets * bucket_entries * entry_len,
    })
}

/// The round every entry is sealed for.
struct Context<'a> {
    statement: &'a Statement,
    key: &'a CodeKey,
}

impl Context<'_> {
    /// The code and lookup of the `index`-th inclusion proof.
    fn lookup(&self, index: u64, proof: &InclusionProof) -> Result<(Code, Lookup), PublishError> {
        if proof.round != self.statement.round {
            return Err(PublishError::Round {
                index,
                found: proof.round.clone(),
                expected: self.statement.round.clone(),
            });
        }
        let code = Code::derive(self.key, &proof.account_id);
        let lookup = Lookup::new(&code, &self.statement.round, &self.statement.root);
        Ok((code, lookup))
    }
}

/// A proof's plaintext before padding: its `inclusion.json`, compact.
fn plaintext(proof: &InclusionProof) -> Vec<u8> {
    serde_json::to_vec(proof).expect("an inclusion proof serializes")
}

/// The most bucket bits at which buckets could average `bucket_users` users:
/// the granularity pass 1 counts at.
fn fine_bits(accounts: u64, bucket_users: u64) -> u32 {
    let mut bits = 0;
    while bits < MAX_BUCKET_BITS && (accounts >> (bits + 1)) >= bucket_users {
        bits += 1;
    }
    bits
}

/// The most bucket bits, at most `bits`, whose smallest bucket holds
/// `bucket_users` users (or one bucket of everyone), with the counts then.
fn choose_bits(fine: &[u64], mut bits: u32, bucket_users: u64) -> (u32, Vec<u64>) {
    let mut counts = fine.to_vec();
    while bits > 0 && counts.iter().any(|&c| c < bucket_users) {
        counts = counts
            .chunks_exact(2)
            .map(|pair| pair[0] + pair[1])
            .collect();
        bits -= 1;
    }
    (bits, counts)
}

/// Partition bits for `bytes` of entries: partitions of about
/// [`PARTITION_BYTES`], each a whole number of buckets.
fn partition_bits(bits: u32, bytes: u64) -> u32 {
    let partitions = bytes.div_ceil(PARTITION_BYTES).max(1);
    partitions
        .next_power_of_two()
        .ilog2()
        .min(bits)
        .min(MAX_PARTITION_BITS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn granularity_follows_the_bucket_size() {
        assert_eq!(fine_bits(10, 1024), 0);
        assert_eq!(fine_bits(2047, 1024), 0);
        assert_eq!(fine_bits(2048, 1024), 1);
        assert_eq!(fine_bits(10_000_000, 1024), 13);
        assert_eq!(fine_bits(u64::MAX, 1), MAX_BUCKET_BITS);
    }

    #[test]
    fn buckets_merge_until_the_smallest_is_big_enough() {
        assert_eq!(choose_bits(&[3, 5, 4, 4], 2, 3), (2, vec![3, 5, 4, 4]));
        assert_eq!(choose_bits(&[2, 5, 4, 4], 2, 3), (1, vec![7, 8]));
        assert_eq!(choose_bits(&[0, 1, 0, 1], 2, 3), (0, vec![2]));
        assert_eq!(choose_bits(&[9], 0, 3), (0, vec![9]));
    }

    #[test]
    fn partitions_are_bounded_by_buckets_and_files() {
        assert_eq!(partition_bits(0, 1 << 40), 0);
        assert_eq!(partition_bits(13, 1), 0);
        assert_eq!(partition_bits(13, 3 * PARTITION_BYTES), 2);
        assert_eq!(partition_bits(24, 1 << 50), MAX_PARTITION_BITS);
    }
}
