//! The files as OKX publishes them, parsed strictly: unknown fields,
//! missing fields, malformed hashes and amounts are errors with their place.

use serde::Deserialize;

use crate::Amount;

/// The three assets OKX's liabilities trees carry, in hashing order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Balances {
    #[serde(rename = "BTC")]
    pub btc: String,
    #[serde(rename = "ETH")]
    pub eth: String,
    #[serde(rename = "USDT")]
    pub usdt: String,
}

impl Balances {
    /// The strings in hashing order.
    pub fn texts(&self) -> [&str; 3] {
        [&self.btc, &self.eth, &self.usdt]
    }

    /// The exact amounts, or the first that is not one.
    pub fn amounts(&self) -> Result<[Amount; 3], crate::AmountError> {
        Ok([
            Amount::parse(&self.btc)?,
            Amount::parse(&self.eth)?,
            Amount::parse(&self.usdt)?,
        ])
    }

    /// `{"BTC":"…","ETH":"…","USDT":"…"}`, the strings verbatim: what a leaf
    /// hashes.
    pub fn json(&self) -> String {
        serde_json::to_string(self).expect("strings serialize")
    }
}

/// One node of a v1 file (`self` or a `path` entry).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeV1 {
    #[serde(rename = "auditId")]
    pub audit_id: String,
    pub balances: Balances,
    /// `self`: 1 left child, 2 right child. `path`: 1 sibling on the left,
    /// 2 on the right, 3 the root, 4 padding.
    #[serde(rename = "type")]
    pub kind: u8,
    /// On `self` (and, in OKX's files, on the first path node).
    #[serde(default)]
    pub nonce: Option<String>,
    pub hash: String,
    pub height: u32,
}

/// A v1 `merkle_proof_file.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofFileV1 {
    pub path: Vec<NodeV1>,
    #[serde(rename = "self")]
    pub leaf: NodeV1,
}

/// One of the user's leaves in a v2 `user_info_file.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserLeaf {
    pub balances: Balances,
    pub hash: String,
}

/// A v2 `user_info_file.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserInfoV2 {
    /// `userHash = H(nonce ‖ json(totalBalances))`.
    pub hash: String,
    pub nodes: Vec<UserLeaf>,
    pub nonce: String,
    #[serde(rename = "totalBalances")]
    pub total_balances: Balances,
}

/// One line of `full-liabilities-merkle-tree.txt`: `hash,height,{balances}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    pub hash: String,
    pub height: u32,
    pub balances: Balances,
    /// 1-based line in the file.
    pub line: usize,
}

/// Why a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error(
        "not an OKX proof file (a v1 merkle_proof_file.json or a v2 user_info_file.json): {0}"
    )]
    Json(String),
    #[error("line {line}: {message}")]
    Tree { line: usize, message: String },
    #[error("the tree file is empty")]
    EmptyTree,
    #[error("reading the tree file: {0}")]
    Io(String),
    #[error("a v2 user_info_file.json is checked against the full tree file (full-liabilities-merkle-tree.txt), which is missing")]
    TreeNeeded,
    #[error("the root `{0}` is not 64 hex digits")]
    Root(String),
}

/// What an OKX user file is.
#[derive(Debug, Clone)]
pub enum UserFile {
    V1(ProofFileV1),
    V2(UserInfoV2),
}

/// Reads a user file, telling v1 from v2 by its fields.
pub fn parse_user_file(text: &str) -> Result<UserFile, FileError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| FileError::Json(e.to_string()))?;
    let has = |k: &str| value.get(k).is_some();
    if has("path") && has("self") {
        serde_json::from_value(value)
            .map(UserFile::V1)
            .map_err(|e| FileError::Json(format!("v1 merkle_proof_file.json: {e}")))
    } else if has("nodes") && has("totalBalances") {
        serde_json::from_value(value)
            .map(UserFile::V2)
            .map_err(|e| FileError::Json(format!("v2 user_info_file.json: {e}")))
    } else {
        Err(FileError::Json(
            "it has neither `path` and `self` (v1) nor `nodes` and `totalBalances` (v2)".into(),
        ))
    }
}

pub(crate) fn is_hash(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Parses one line of the full tree file (`line` is its 1-based number);
/// `None` for an empty line.
pub fn parse_tree_line(raw: &str, line: usize) -> Result<Option<TreeNode>, FileError> {
    let bad = |message: String| FileError::Tree { line, message };
    let raw = raw.trim_end_matches(['\n', '\r']);
    if raw.is_empty() {
        return Ok(None);
    }
    let (hash, rest) = raw
        .split_once(',')
        .ok_or_else(|| bad("expected `hash,height,{balances}`".into()))?;
    let (height, balances) = rest
        .split_once(',')
        .ok_or_else(|| bad("expected `hash,height,{balances}`".into()))?;
    if !is_hash(hash) {
        return Err(bad(format!("hash `{hash}` is not 64 lowercase hex digits")));
    }
    let height: u32 = height
        .parse()
        .map_err(|_| bad(format!("height `{height}` is not a number")))?;
    let balances: Balances =
        serde_json::from_str(balances).map_err(|e| bad(format!("balances: {e}")))?;
    balances
        .amounts()
        .map_err(|e| bad(format!("balances: {e}")))?;
    Ok(Some(TreeNode {
        hash: hash.to_string(),
        height,
        balances,
        line,
    }))
}
