//! Why a check could not start. Once it runs, what goes wrong is an
//! UNKNOWN verdict with its reason ([`crate::UnknownReason`]).

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("not an RPC URL: `{0}`")]
    Url(String),
    #[error("the node at {url} does not answer: {message}")]
    Node { url: String, message: String },
    #[error("block {0} is not on the node")]
    NoBlock(u64),
    #[error("cannot start the RPC client: {0}")]
    Runtime(#[from] std::io::Error),
}
