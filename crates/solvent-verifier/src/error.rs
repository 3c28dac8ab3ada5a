//! Why a round did not verify: the one error type of global verification.

/// Why a round did not verify. Every message names the statement field or
/// file at fault.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("statement.json is inconsistent: {0}")]
    Statement(String),
    #[error("verifier key mismatch: {0}")]
    Key(String),
    /// The statement's key is not the one this verifier trusts for its
    /// parameters (the pinned table's, or the one rebuilt on request).
    #[error("unknown verifier key: {0}")]
    UnknownKey(String),
    #[error("proof.bin is malformed: {0}")]
    MalformedProof(String),
    #[error("proof.bin is not a valid proof for this verifier key: {0}")]
    Rejected(String),
    #[error("the proof does not prove this statement: `{field}` is {statement} in statement.json but {proof} in the proof")]
    Mismatch {
        field: String,
        statement: String,
        proof: String,
    },
}
