//! `site.json` and the file layout of a verification site:
//!
//! ```text
//! SITE/index.html                        the verifier page
//! SITE/statement.json, proof.bin, verifier_key.bin   the public bundle
//! SITE/site.json                         this manifest
//! SITE/buckets/<hex>.bin                 2^bucket_bits buckets of sealed entries
//! ```

use serde::{Deserialize, Serialize};
use solvent_model::Statement;

use crate::entry::OVERHEAD;

pub const SITE_FORMAT: &str = "solvent-site-v1";
pub const MANIFEST_FILE: &str = "site.json";
pub const PAGE_FILE: &str = "index.html";
pub const BUCKET_DIR: &str = "buckets";
/// At most 2^24 buckets: far more than any round needs at a useful bucket
/// size, and few enough for a directory.
pub const MAX_BUCKET_BITS: u32 = 24;

/// `site.json`: how to find and read a user's entry. Everything here is
/// public, and a page checks it against the statement it verifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`SITE_FORMAT`].
    pub format: String,
    /// The statement's round and root: a site is for one bundle.
    pub round: String,
    pub root: String,
    /// There are `2^bucket_bits` bucket files.
    pub bucket_bits: u32,
    /// Entries in every bucket file, real and padding.
    pub bucket_entries: u64,
    /// Bytes of every entry.
    pub entry_len: u64,
    /// Real entries in the smallest bucket: what one download hides a user
    /// among.
    pub min_bucket_users: u64,
}

/// Why a manifest cannot be used with a statement.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    #[error("site.json is not a site manifest: {0}")]
    Parse(String),
    #[error("site.json has format `{0}`, this verifier reads `{SITE_FORMAT}`")]
    Format(String),
    #[error("site.json is for round `{site}` but statement.json is for round `{statement}`: the site's files are from different rounds")]
    Round { site: String, statement: String },
    #[error(
        "site.json is for another bundle of round `{0}` (its root differs from statement.json's)"
    )]
    Root(String),
    #[error("site.json: {0}")]
    Shape(&'static str),
}

impl Manifest {
    /// Parses `site.json` and checks it belongs to `statement`.
    pub fn parse_for(text: &str, statement: &Statement) -> Result<Manifest, ManifestError> {
        let manifest: Manifest =
            serde_json::from_str(text).map_err(|e| ManifestError::Parse(e.to_string()))?;
        if manifest.format != SITE_FORMAT {
            return Err(ManifestError::Format(manifest.format));
        }
        if manifest.round != statement.round {
            return Err(ManifestError::Round {
                site: manifest.round,
                statement: statement.round.clone(),
            });
        }
        if manifest.root != statement.root {
            return Err(ManifestError::Root(manifest.round));
        }
        if manifest.bucket_bits > MAX_BUCKET_BITS {
            return Err(ManifestError::Shape("bucket_bits is above 24"));
        }
        if manifest.entry_len <= OVERHEAD as u64 || manifest.entry_len > 1 << 20 {
            return Err(ManifestError::Shape("entry_len is out of range"));
        }
        Ok(manifest)
    }

    /// The path of bucket `index`, relative to the site.
    pub fn bucket_path(&self, index: u64) -> String {
        bucket_path(index, self.bucket_bits)
    }
}

/// `buckets/<index>.bin`, the index in lowercase hex of one digit per four
/// bits (at least one).
pub fn bucket_path(index: u64, bits: u32) -> String {
    let width = bits.div_ceil(4).max(1) as usize;
    format!("{BUCKET_DIR}/{index:0width$x}.bin")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_paths_have_fixed_width() {
        assert_eq!(bucket_path(0, 0), "buckets/0.bin");
        assert_eq!(bucket_path(3, 4), "buckets/3.bin");
        assert_eq!(bucket_path(3, 5), "buckets/03.bin");
        assert_eq!(bucket_path(0xabc, 13), "buckets/0abc.bin");
    }
}
