//! OKX's published proof-of-liabilities files, read and checked: a v1
//! `merkle_proof_file.json` (the user's leaf and the path to the root), or a
//! v2 `user_info_file.json` with the full tree file. The hashing and layout
//! rules are in docs/FORMATS.md, "OKX liabilities files".
//!
//! Every check OKX's own verifier makes is made here, and so are the ones
//! it does not make (a negative balance anywhere on the path, a user's
//! leaves that do not add up to their total): those are reported as
//! problems of their own kind, so that a reader knows a file OKX's tool
//! accepts can still hide liabilities. These trees commit only to sums, in
//! ambiguous string concatenations; solvent's own proofs do not rely on
//! them.
#![forbid(unsafe_code)]

pub mod amount;
pub mod check;
pub mod files;

pub use amount::{Amount, AmountError};
pub use check::{check_v1, check_v2, Problem, ProblemKind, Verdict};
pub use files::{
    parse_tree_line, parse_user_file, Balances, FileError, ProofFileV1, TreeNode, UserFile,
    UserInfoV2,
};

/// Checks an OKX user file (v1, or v2 with the full tree file, which
/// `open_tree` opens afresh each time it is called) against `root` if given.
pub fn check<R: std::io::BufRead + std::io::Seek>(
    user: &str,
    open_tree: Option<impl FnMut() -> std::io::Result<R>>,
    root: Option<&str>,
) -> Result<Verdict, FileError> {
    if let Some(r) = root {
        if !files::is_hash(&r.to_ascii_lowercase()) {
            return Err(FileError::Root(r.to_string()));
        }
    }
    match (parse_user_file(user)?, open_tree) {
        (UserFile::V1(file), _) => Ok(check_v1(&file, root)),
        (UserFile::V2(user), Some(open_tree)) => check_v2(&user, open_tree, root),
        (UserFile::V2(_), None) => Err(FileError::TreeNeeded),
    }
}

/// [`check`] with the tree file's text in memory (the page's case).
pub fn check_files(
    user: &str,
    tree: Option<&str>,
    root: Option<&str>,
) -> Result<Verdict, FileError> {
    check(
        user,
        tree.map(|t| move || Ok(std::io::Cursor::new(t.as_bytes()))),
        root,
    )
}
