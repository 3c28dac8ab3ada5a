//! Why an address, key, signature or script from a reserve row could not be
//! decoded. A row whose proof does not decode FAILS, and these messages are
//! the reasons it shows.

use core::fmt;

/// What was being decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Address,
    PublicKey,
    Signature,
}

impl Subject {
    fn name(self) -> &'static str {
        match self {
            Subject::Address => "address",
            Subject::PublicKey => "public key",
            Subject::Signature => "signature",
        }
    }
}

/// An address or key that does not decode: what it is, its text, and what is
/// wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub subject: Subject,
    pub text: String,
    pub problem: Problem,
}

impl DecodeError {
    pub(crate) fn address(text: &str, problem: Problem) -> Self {
        DecodeError {
            subject: Subject::Address,
            text: text.to_owned(),
            problem,
        }
    }

    pub(crate) fn public_key(text: &str, problem: Problem) -> Self {
        DecodeError {
            subject: Subject::PublicKey,
            text: text.to_owned(),
            problem,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.subject.name(), self.text)?;
        match &self.problem {
            // The segwit decoder's own messages read as a clause after a colon.
            Problem::Segwit(_) | Problem::WitnessProgram { .. } => write!(f, ": {}", self.problem),
            problem => write!(f, " {problem}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// An address that cannot be compared with the key it should derive from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressError {
    /// The address does not decode: the row fails.
    Undecodable(DecodeError),
    /// The address decodes but its derivation is not one solvent knows (the
    /// reason says which): the row is unverified.
    Unverifiable(String),
}

/// What is wrong with an address or key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("does not start with 0x")]
    NoHexPrefix,
    #[error("is not hex")]
    NotHex,
    /// `expected`: a byte count or range, as `20` or `1..=32`.
    #[error("is not {0} hex bytes")]
    HexBytes(&'static str),
    #[error("is {len} bytes, expected {expected}")]
    Length { len: usize, expected: usize },
    #[error("is not base58: {0}")]
    Base58(String),
    #[error("is not valid base58check: {0}")]
    Base58Check(String),
    #[error("is not bech32: {0}")]
    Bech32(String),
    /// The segwit decoder's error.
    #[error("{0}")]
    Segwit(String),
    #[error("unsupported witness v{version} program of {len} bytes")]
    WitnessProgram { version: u8, len: usize },
    #[error("does not have prefix `{0}`")]
    Prefix(&'static str),
    /// `scheme`: EIP-55, CashAddr, CRC16, SS58.
    #[error("fails its {0} checksum")]
    Checksum(&'static str),
    #[error("fails its checksum")]
    KeyChecksum,
    /// What it is not: `a 20-byte account`, `a TRON account address`, ...
    #[error("is not {0}")]
    Not(&'static str),
    #[error("is not a {0} address")]
    OtherCoin(&'static str),
    #[error("has version byte {byte:#04x}, not a {coin} address")]
    VersionByte { byte: u8, coin: &'static str },
    #[error("has a {0}-byte payload")]
    PayloadLength(usize),
    #[error("has a character outside CashAddr base32")]
    CashAddrCharacter,
    #[error("has non-zero padding")]
    Padding,
    #[error("has CashAddr version {0:#04x}")]
    CashAddrVersion(u8),
    #[error("has a bad workchain")]
    Workchain,
    #[error("has flags {0:#04x}, not a TON account address")]
    TonFlags(u8),
    #[error("has an invalid SS58 prefix")]
    Ss58Prefix,
    #[error("is {0} bytes, not an SS58 account address")]
    Ss58Length(usize),
    #[error("has SS58 prefix {0}, not Polkadot (0)")]
    Ss58Network(u16),
    #[error("is not a Cardano mainnet address (prefix {0})")]
    CardanoNetwork(String),
    #[error("is empty")]
    Empty,
    /// A family whose addresses have no canonical key (why).
    #[error("has no canonical form: {0}")]
    NoCanonicalForm(&'static str),
    #[error("is not an EOS key (EOS… or PUB_K1_…)")]
    NotEosKey,
    #[error("is not a secp256k1 point")]
    NotSecp256k1Point,
}

/// A signature that does not decode or recover to a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("signature is not 65 hex bytes")]
    Hex65,
    #[error("signature v = {0} (expected 27/28)")]
    V(u8),
    #[error("signature is not 65 bytes of base64")]
    Base64,
    /// `range`: the header bytes the scheme allows.
    #[error("signature header byte {byte} is not {range}")]
    Header { byte: u8, range: &'static str },
    #[error("signature does not start with SIG_K1_")]
    Sigk1Prefix,
    #[error("signature is not base58: {0}")]
    Base58(String),
    #[error("signature fails its SIG_K1 checksum")]
    Sigk1Checksum,
    #[error("malformed signature (r or s out of range)")]
    OutOfRange,
    #[error("high-s signature (not canonical)")]
    HighS,
    #[error("invalid recovery id {0}")]
    RecoveryId(u8),
    #[error("no public key can be recovered from this signature")]
    NotRecoverable,
    #[error("recovered key is not a valid point")]
    NotAPoint,
}

/// A Bitcoin redeem or witness script that is not a bare m-of-n multisig.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScriptError {
    #[error("empty script")]
    Empty,
    #[error("script does not start with OP_1..OP_16")]
    Threshold,
    #[error("script ends inside a public key")]
    Truncated,
    /// `index` counts from 1.
    #[error("script key {index} is not a secp256k1 point")]
    Key { index: usize },
    #[error("not an `OP_m <keys> OP_n OP_CHECKMULTISIG` script")]
    NotMultisig,
    #[error("threshold {threshold} of {keys} keys")]
    ThresholdOfKeys { threshold: usize, keys: usize },
}
