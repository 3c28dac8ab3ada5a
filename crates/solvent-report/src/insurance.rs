//! Insurance / safety fund file: CSV `asset,amount[,note]`. Shown in the
//! report on its own and never added to reserves.

use serde::{Deserialize, Serialize};
use solvent_model::Decimal;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InsuranceEntry {
    pub asset: String,
    pub amount: String,
    pub note: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}: {message}")]
pub struct InsuranceError {
    pub line: u64,
    pub message: String,
}

pub fn parse(bytes: &[u8]) -> Result<Vec<InsuranceEntry>, InsuranceError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| InsuranceError {
            line: 1,
            message: format!("not readable CSV: {e}"),
        })?
        .clone();
    let names: Vec<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
    if names.len() < 2 || names[0] != "asset" || names[1] != "amount" || names.len() > 3 {
        return Err(InsuranceError {
            line: 1,
            message: "header must be `asset,amount` or `asset,amount,note`".into(),
        });
    }
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| InsuranceError {
            line: e.position().map_or(0, |p| p.line()),
            message: format!("not readable CSV: {e}"),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let err = |message: String| InsuranceError { line, message };
        if record.len() < 2 || record.len() > names.len() {
            return Err(err(format!("{} fields, expected 2 or 3", record.len())));
        }
        if record[0].is_empty() {
            return Err(err("field `asset` is empty".into()));
        }
        let amount = Decimal::parse(&record[1]).map_err(|e| err(format!("field `amount`: {e}")))?;
        entries.push(InsuranceEntry {
            asset: record[0].to_string(),
            amount: amount.to_string(),
            note: record.get(2).filter(|n| !n.is_empty()).map(str::to_string),
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_locates_errors() {
        let ok = parse(b"asset,amount,note\nBTC,500,SAFU fund\nUSDT,1000000.5,\n").unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].note.as_deref(), Some("SAFU fund"));
        assert_eq!(ok[1].amount, "1000000.5");
        let err = parse(b"asset,amount\nBTC,-1\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("amount"));
        assert!(parse(b"coin,value\n").is_err());
    }
}
