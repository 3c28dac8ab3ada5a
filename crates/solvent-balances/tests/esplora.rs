//! The Esplora reader against a local HTTP server that serves a fixed
//! address history (Esplora's JSON shapes, 25 transactions per page).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;

use serde_json::json;
use solvent_balances::{fetch, BalancesConfig};
use solvent_model::Decimal;
use solvent_reserves::file::ReserveRow;

const ADDRESS: &str = "bc1qsolventreserveaddressxxxxxxxxxxxxxxxx";

fn tx(
    txid: &str,
    height: u64,
    vin: serde_json::Value,
    vout: serde_json::Value,
) -> serde_json::Value {
    json!({"txid": txid, "status": {"confirmed": true, "block_height": height}, "vin": vin, "vout": vout})
}

/// 30 small deposits at heights 1..=30 (1000 sat each), one 1 BTC deposit at
/// 100, a 0.5 BTC deposit at 105, and a spend of the 1 BTC output at 110.
fn history() -> Vec<serde_json::Value> {
    let mut txs = vec![
        tx(
            "spend",
            110,
            json!([{"txid": "big", "vout": 0, "prevout": {"scriptpubkey_address": ADDRESS, "value": 100_000_000u64}}]),
            json!([{"scriptpubkey_address": "bc1qelsewhere", "value": 99_990_000u64}]),
        ),
        tx(
            "half",
            105,
            json!([]),
            json!([{"scriptpubkey_address": "bc1qother", "value": 7u64}, {"scriptpubkey_address": ADDRESS, "value": 50_000_000u64}]),
        ),
        tx(
            "big",
            100,
            json!([]),
            json!([{"scriptpubkey_address": ADDRESS, "value": 100_000_000u64}]),
        ),
    ];
    for h in (1..=30u64).rev() {
        txs.push(tx(
            &format!("small{h}"),
            h,
            json!([]),
            json!([{"scriptpubkey_address": ADDRESS, "value": 1000u64}]),
        ));
    }
    txs
}

fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let txs = Arc::new(history());
    let hashes: HashMap<u64, String> = (0..200)
        .map(|h| (h, format!("{:064x}", h + 0xabc)))
        .collect();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            reader.read_line(&mut request).unwrap();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap() <= 2 {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, body) = if let Some(h) = path.strip_prefix("/block-height/") {
                match h.parse::<u64>().ok().and_then(|h| hashes.get(&h)) {
                    Some(hash) => (200, hash.clone()),
                    None => (404, "Block not found".into()),
                }
            } else if let Some(rest) = path.strip_prefix(&format!("/address/{ADDRESS}/txs/chain")) {
                let start = match rest.strip_prefix('/') {
                    Some(last) => txs
                        .iter()
                        .position(|t| t["txid"] == last)
                        .map_or(txs.len(), |i| i + 1),
                    None => 0,
                };
                let page: Vec<_> = txs.iter().skip(start).take(25).cloned().collect();
                (200, serde_json::to_string(&page).unwrap())
            } else {
                (404, "not found".into())
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

fn balance_at(url: &str, height: u64, hash: Option<&str>) -> Result<Decimal, String> {
    let hash = hash.map_or(String::new(), |h| format!("block_hash = \"{h}\"\n"));
    let config = BalancesConfig::parse(&format!(
        "[[esplora]]\nnetwork = \"BTC\"\nurl = \"{url}\"\nblock = {height}\n{hash}"
    ))
    .unwrap();
    let row = ReserveRow {
        line: 7,
        network: "BTC".into(),
        asset: "BTC".into(),
        address: ADDRESS.into(),
        ..ReserveRow::default()
    };
    fetch(&config, &[&row])
        .remove(&7)
        .unwrap()
        .map_err(|e| e.to_string())
}

#[test]
fn utxo_balance_at_a_height_across_pages() {
    let url = serve();
    let d = |s| Decimal::parse(s).unwrap();
    assert_eq!(balance_at(&url, 30, None), Ok(d("0.0003")));
    assert_eq!(balance_at(&url, 104, None), Ok(d("1.0003")));
    assert_eq!(
        balance_at(&url, 107, Some(&format!("{:064x}", 107 + 0xabc))),
        Ok(d("1.5003"))
    );
    assert_eq!(balance_at(&url, 110, None), Ok(d("0.5003")));
    let err = balance_at(&url, 107, Some(&"00".repeat(32))).unwrap_err();
    assert!(err.contains("another chain"), "{err}");
    let err = balance_at(&url, 5000, None).unwrap_err();
    assert!(err.contains("HTTP 404"), "{err}");
}
