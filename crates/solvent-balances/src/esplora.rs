//! Bitcoin balances at a height through an Esplora HTTP API (Blockstream's
//! electrs, mempool.space): the address's confirmed history is read and the
//! outputs it received at or below the snapshot height, minus those spent at
//! or below it, are summed. Works for any address the API indexes (P2PKH,
//! P2WPKH, P2SH/P2WSH multisig).

use std::collections::HashMap;

use serde::Deserialize;

use crate::config::EsploraSource;
use crate::{scaled, FetchError, Fetched};

#[derive(Deserialize)]
struct Status {
    confirmed: bool,
    block_height: Option<u64>,
}

#[derive(Deserialize)]
struct Prevout {
    scriptpubkey_address: Option<String>,
    value: u64,
}

#[derive(Deserialize)]
struct Input {
    txid: String,
    vout: u32,
    prevout: Option<Prevout>,
}

#[derive(Deserialize)]
struct Output {
    scriptpubkey_address: Option<String>,
    value: u64,
}

#[derive(Deserialize)]
struct Tx {
    txid: String,
    status: Status,
    vin: Vec<Input>,
    vout: Vec<Output>,
}

async fn get_text(client: &reqwest::Client, url: &str) -> Result<String, FetchError> {
    let get = || format!("GET {url}");
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| FetchError::request(get(), e))?;
    if !response.status().is_success() {
        return Err(FetchError::request(
            get(),
            format!("HTTP {}", response.status()),
        ));
    }
    response
        .text()
        .await
        .map_err(|e| FetchError::request(get(), e))
}

/// Esplora returns confirmed transactions newest first, 25 per page.
const PAGE: usize = 25;

pub async fn balance(
    client: &reqwest::Client,
    source: &EsploraSource,
    address: &str,
    height: u64,
    expected_hash: Option<&str>,
) -> Fetched {
    let base = source.url.trim_end_matches('/');
    let hash = get_text(client, &format!("{base}/block-height/{height}")).await?;
    let hash = hash.trim();
    if let Some(expected) = expected_hash {
        if !hash.eq_ignore_ascii_case(expected.trim()) {
            return Err(FetchError::OtherChain {
                network: source.network.clone(),
                block: height,
                found: hash.to_string(),
                expected: expected.to_string(),
                source_kind: "API",
            });
        }
    }
    // Outputs to the address at or below the height, by (txid, vout).
    let mut funded: HashMap<(String, u32), u64> = HashMap::new();
    let mut spent: Vec<(String, u32)> = Vec::new();
    let mut last: Option<String> = None;
    loop {
        let url = match &last {
            None => format!("{base}/address/{address}/txs/chain"),
            Some(txid) => format!("{base}/address/{address}/txs/chain/{txid}"),
        };
        let body = get_text(client, &url).await?;
        let page: Vec<Tx> = serde_json::from_str(&body).map_err(|e| {
            FetchError::request(format!("GET {url}"), format!("unexpected JSON: {e}"))
        })?;
        for tx in &page {
            let Some(tx_height) = tx.status.block_height.filter(|_| tx.status.confirmed) else {
                continue;
            };
            if tx_height > height {
                continue;
            }
            for (n, out) in tx.vout.iter().enumerate() {
                if out.scriptpubkey_address.as_deref() == Some(address) {
                    funded.insert((tx.txid.clone(), n as u32), out.value);
                }
            }
            for input in &tx.vin {
                let ours = input.prevout.as_ref().is_some_and(|p| {
                    p.scriptpubkey_address.as_deref() == Some(address) && p.value > 0
                });
                if ours {
                    spent.push((input.txid.clone(), input.vout));
                }
            }
        }
        if page.len() < PAGE {
            break;
        }
        last = page.last().map(|t| t.txid.clone());
    }
    for outpoint in &spent {
        funded.remove(outpoint);
    }
    let satoshis: u128 = funded.values().map(|v| u128::from(*v)).sum();
    scaled(satoshis, 8)
}
