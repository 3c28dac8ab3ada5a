//! Reserve files: solvent's own CSV and the layouts OKX publishes, detected
//! from their header row.
//!
//! A file may start with a summary section (`coin,snapshot height,amount`),
//! then a blank line, then the detail rows under their own header. Fields
//! are trimmed; `null` and empty mean absent. Every row keeps its 1-based
//! line number so results and errors point into the file.

use serde::Serialize;

use solvent_model::Decimal;

/// The header layouts solvent reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Layout {
    /// `chain,asset,address,snapshot_height,block_hash,balance,message,
    /// signatures,public_key_or_script,owners` (docs/FORMATS.md).
    #[serde(rename = "solvent-v1")]
    SolventV1,
    /// `coin,Network,Snapshot Height,address,amount,message,signature1,
    /// signature2,redeem script/ public key`.
    #[serde(rename = "okx-9")]
    Okx9,
    /// The 9 columns plus `eoa1,eoa2`.
    #[serde(rename = "okx-11")]
    Okx11,
    /// A `Type` column after `coin`, then the 11 columns.
    #[serde(rename = "okx-12")]
    Okx12,
    /// `digitalAsset,network,address,signedMessage,signedMessage2,message,
    /// publicKey,owner1,owner2`.
    #[serde(rename = "okx-2025")]
    Okx2025,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::SolventV1 => "solvent-v1",
            Layout::Okx9 => "okx-9",
            Layout::Okx11 => "okx-11",
            Layout::Okx12 => "okx-12",
            Layout::Okx2025 => "okx-2025",
        }
    }
}

/// Which field of a row a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Asset,
    Kind,
    Network,
    Height,
    BlockHash,
    Address,
    Amount,
    Message,
    Signature,
    /// Several signatures separated by `;` (solvent-v1).
    Signatures,
    ScriptOrKey,
    Owner,
    /// Several owners separated by `;` (solvent-v1).
    Owners,
}

/// The header of solvent's own layout.
pub const SOLVENT_V1: [&str; 10] = [
    "chain",
    "asset",
    "address",
    "snapshot_height",
    "block_hash",
    "balance",
    "message",
    "signatures",
    "public_key_or_script",
    "owners",
];

fn normalized(header: &str) -> String {
    header
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Recognises a detail header and maps its columns to fields.
fn detect(header: &[&str]) -> Option<(Layout, Vec<Field>)> {
    use Field::*;
    // Every known header starts with one of these; a data row is turned away
    // on its first field, without normalizing the others.
    if !matches!(
        normalized(header.first()?).as_str(),
        "coin" | "digitalasset" | "chain"
    ) {
        return None;
    }
    let names: Vec<String> = header.iter().map(|h| normalized(h)).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let okx9 = [
        "coin",
        "network",
        "snapshotheight",
        "address",
        "amount",
        "message",
        "signature1",
        "signature2",
        "redeemscriptpublickey",
    ];
    let fields9 = [
        Asset,
        Network,
        Height,
        Address,
        Amount,
        Message,
        Signature,
        Signature,
        ScriptOrKey,
    ];
    if names == okx9 {
        return Some((Layout::Okx9, fields9.to_vec()));
    }
    if names.len() == 11 && names[..9] == okx9 && names[9..] == ["eoa1", "eoa2"] {
        let mut f = fields9.to_vec();
        f.extend([Owner, Owner]);
        return Some((Layout::Okx11, f));
    }
    if names.len() == 12
        && names[0] == "coin"
        && names[1] == "type"
        && names[2..10] == okx9[1..]
        && names[11] == "eoa2"
        && names[10] == "eoa1"
    {
        let mut f = vec![Asset, Kind];
        f.extend_from_slice(&fields9[1..]);
        f.extend([Owner, Owner]);
        return Some((Layout::Okx12, f));
    }
    if names
        == [
            "digitalasset",
            "network",
            "address",
            "signedmessage",
            "signedmessage2",
            "message",
            "publickey",
            "owner1",
            "owner2",
        ]
    {
        return Some((
            Layout::Okx2025,
            vec![
                Asset,
                Network,
                Address,
                Signature,
                Signature,
                Message,
                ScriptOrKey,
                Owner,
                Owner,
            ],
        ));
    }
    let solvent: Vec<String> = SOLVENT_V1.iter().map(|h| normalized(h)).collect();
    if names == solvent {
        return Some((
            Layout::SolventV1,
            vec![
                Network,
                Asset,
                Address,
                Height,
                BlockHash,
                Amount,
                Message,
                Signatures,
                ScriptOrKey,
                Owners,
            ],
        ));
    }
    None
}

/// One published reserve address and its ownership proof.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReserveRow {
    /// 1-based line in the file.
    pub line: u64,
    pub asset: String,
    pub network: String,
    /// OKX 12-column `Type` (Non Staking, Native ETH Staking, ...).
    pub kind: Option<String>,
    pub address: String,
    pub amount: Option<Decimal>,
    pub snapshot_height: Option<String>,
    pub block_hash: Option<String>,
    pub message: String,
    pub signatures: Vec<String>,
    pub script_or_key: Option<String>,
    pub owners: Vec<String>,
}

/// One line of the summary section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub line: u64,
    /// `BTC`, `USDT-TRC20`, or `USDT(ALL)` for the sum over networks.
    pub coin: String,
    pub snapshot_height: Option<String>,
    pub amount: Decimal,
    /// The amount as written (trimmed), e.g. `449.5140`.
    pub amount_text: String,
}

/// A whole reserve file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReserveFile {
    pub layout: Layout,
    pub summary: Vec<SummaryRow>,
    pub rows: Vec<ReserveRow>,
}

/// Why a file cannot be used at all (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("line {line}: {message}")]
    Line { line: u64, message: String },
    #[error("{0}")]
    File(String),
}

fn absent(value: &str) -> bool {
    value.is_empty() || value.eq_ignore_ascii_case("null")
}

fn optional(value: &str) -> Option<String> {
    (!absent(value)).then(|| value.to_string())
}

/// Reads a reserve file from memory.
pub fn parse(bytes: &[u8]) -> Result<ReserveFile, FileError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut summary = Vec::new();
    let mut in_summary = false;
    let mut detail: Option<(Layout, Vec<Field>)> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            FileError::Line {
                line,
                message: format!("not readable CSV: {e}"),
            }
        })?;
        if !more {
            break;
        }
        let line = line_of(bytes, record.position());
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if let Some(found) = detect(&fields) {
            if detail.is_some() {
                return Err(FileError::Line {
                    line,
                    message: "a second detail header".into(),
                });
            }
            detail = Some(found);
            in_summary = false;
            continue;
        }
        if detail.is_none()
            && fields.len() == 3
            && normalized(fields[0]) == "coin"
            && normalized(fields[1]) == "snapshotheight"
            && normalized(fields[2]) == "amount"
        {
            if !summary.is_empty() || in_summary {
                return Err(FileError::Line {
                    line,
                    message: "a second summary header".into(),
                });
            }
            in_summary = true;
            continue;
        }
        match &detail {
            Some((_, columns)) => rows.push(detail_row(line, columns, &fields)?),
            None if in_summary => summary.push(summary_row(line, &fields)?),
            None => {
                return Err(FileError::Line {
                    line,
                    message: format!(
                        "unrecognised header `{}`: expected solvent-v1 ({}) or an OKX reserve layout (see docs/FORMATS.md)",
                        record.iter().collect::<Vec<_>>().join(","),
                        SOLVENT_V1.join(",")
                    ),
                })
            }
        }
    }
    let Some((layout, _)) = detail else {
        return Err(FileError::File(
            "no detail header: the file lists no reserve addresses".into(),
        ));
    };
    if rows.is_empty() {
        return Err(FileError::File(
            "the file lists no reserve addresses".into(),
        ));
    }
    Ok(ReserveFile {
        layout,
        summary,
        rows,
    })
}

/// 1-based line where a record starts. Counted from the byte offset: the
/// csv crate's own line count can point at a skipped blank line before it.
fn line_of(bytes: &[u8], position: Option<&csv::Position>) -> u64 {
    let Some(position) = position else { return 0 };
    let mut start = (position.byte() as usize).min(bytes.len());
    while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
        start += 1;
    }
    1 + bytes[..start].iter().filter(|b| **b == b'\n').count() as u64
}

fn summary_row(line: u64, fields: &[&str]) -> Result<SummaryRow, FileError> {
    let err = |message: String| FileError::Line { line, message };
    if fields.len() != 3 {
        return Err(err(format!(
            "summary row has {} fields, expected 3 (coin, snapshot height, amount)",
            fields.len()
        )));
    }
    if fields[0].is_empty() {
        return Err(err("summary row: field `coin` is empty".into()));
    }
    let amount =
        Decimal::parse(fields[2]).map_err(|e| err(format!("summary field `amount`: {e}")))?;
    Ok(SummaryRow {
        line,
        coin: fields[0].to_string(),
        snapshot_height: optional(fields[1]).filter(|h| h != "-"),
        amount,
        amount_text: fields[2].to_string(),
    })
}

fn detail_row(line: u64, columns: &[Field], fields: &[&str]) -> Result<ReserveRow, FileError> {
    let err = |message: String| FileError::Line { line, message };
    if fields.len() > columns.len() {
        return Err(err(format!(
            "{} fields, the header has {}",
            fields.len(),
            columns.len()
        )));
    }
    let mut row = ReserveRow {
        line,
        ..ReserveRow::default()
    };
    for (field, value) in columns.iter().zip(fields) {
        let value = *value;
        if absent(value) {
            continue;
        }
        match field {
            Field::Asset => row.asset = value.to_string(),
            Field::Kind => row.kind = Some(value.to_string()),
            Field::Network => row.network = value.to_string(),
            Field::Height => row.snapshot_height = Some(value.to_string()).filter(|h| h != "-"),
            Field::BlockHash => row.block_hash = Some(value.to_string()),
            Field::Address => row.address = value.to_string(),
            Field::Amount => {
                row.amount =
                    Some(Decimal::parse(value).map_err(|e| err(format!("field `amount`: {e}")))?)
            }
            Field::Message => row.message = value.to_string(),
            Field::Signature => row.signatures.push(value.to_string()),
            Field::Signatures => row.signatures.extend(split_list(value)),
            Field::ScriptOrKey => row.script_or_key = Some(value.to_string()),
            Field::Owner => row.owners.push(value.to_string()),
            Field::Owners => row.owners.extend(split_list(value)),
        }
    }
    for (name, value) in [
        ("asset", &row.asset),
        ("network", &row.network),
        ("address", &row.address),
    ] {
        if value.is_empty() {
            return Err(err(format!("field `{name}` is empty")));
        }
    }
    Ok(row)
}

fn split_list(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
