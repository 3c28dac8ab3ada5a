//! A reserve file in solvent's own layout with one correctly signed row per
//! family, from fixed keys: the example in docs/FORMATS.md, the test vector
//! `testdata/reserves/solvent-v1-example.csv` and the data of the demo.
//! Signatures are deterministic (RFC 6979 ECDSA, ed25519), so the file is
//! reproducible byte for byte.

use base64::Engine as _;
use ed25519_dalek::Signer as _;
use k256::ecdsa::SigningKey;
use sha2::{Digest as _, Sha256};

use crate::chains::{bitcoin, ed25519, eos, evm, okx_header, tron};
use crate::encoding::okx_message;
use crate::file::SOLVENT_V1;

/// The message every sample row signs.
pub const MESSAGE: &str = "solvent reserves 2026-11";

fn secret(label: &str) -> [u8; 32] {
    Sha256::digest(format!("solvent sample key {label}")).into()
}

fn ecdsa_key(label: &str) -> SigningKey {
    SigningKey::from_bytes(&secret(label).into()).expect("a valid scalar")
}

fn ed25519_key(label: &str) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&secret(label))
}

/// `r ‖ s ‖ v` hex (v = 27/28), as EVM and TRON tools print it.
pub fn rsv(key: &SigningKey, digest: &[u8; 32]) -> String {
    let (sig, id) = key.sign_prehash_recoverable(digest).expect("signing");
    let mut bytes = sig.to_bytes().to_vec();
    bytes.push(27 + id.to_byte());
    format!("0x{}", hex::encode(bytes))
}

fn bip137(key: &SigningKey, coin: &bitcoin::Coin, header_base: u8) -> String {
    let digest = bitcoin::message_digest(coin, MESSAGE);
    let (sig, id) = key.sign_prehash_recoverable(&digest).expect("signing");
    let mut bytes = vec![header_base + id.to_byte()];
    bytes.extend_from_slice(&sig.to_bytes());
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn evm_address(key: &SigningKey) -> String {
    format!(
        "0x{}",
        evm::checksummed(&evm::address_of(key.verifying_key()))
    )
}

/// The sample file's text.
pub fn solvent_v1_example() -> String {
    let mut rows: Vec<[String; 10]> = Vec::new();
    let mut row = |chain: &str,
                   asset: &str,
                   address: String,
                   height: &str,
                   balance: &str,
                   sigs: String,
                   key: &str,
                   owners: String| {
        rows.push([
            chain.into(),
            asset.into(),
            address,
            height.into(),
            String::new(),
            balance.into(),
            MESSAGE.into(),
            sigs,
            key.into(),
            owners,
        ]);
    };

    // Bitcoin: a P2WPKH key and a 2-of-3 P2WSH multisig.
    let btc = ecdsa_key("btc-p2wpkh");
    let hash = bitcoin::hash160(btc.verifying_key().to_encoded_point(true).as_bytes());
    let hrp = bech32::Hrp::parse("bc").expect("hrp");
    let p2wpkh = bech32::segwit::encode(hrp, bech32::segwit::VERSION_0, &hash).expect("p2wpkh");
    row(
        "BTC",
        "BTC",
        p2wpkh,
        "870000",
        "12.5",
        bip137(&btc, &bitcoin::BITCOIN, 39),
        "",
        String::new(),
    );
    let members: Vec<SigningKey> = ["a", "b", "c"]
        .iter()
        .map(|l| ecdsa_key(&format!("btc-multisig-{l}")))
        .collect();
    let mut script = vec![0x52];
    for k in &members {
        script.push(0x21);
        script.extend_from_slice(k.verifying_key().to_encoded_point(true).as_bytes());
    }
    script.extend_from_slice(&[0x53, 0xae]);
    let program: [u8; 32] = Sha256::digest(&script).into();
    let p2wsh = bech32::segwit::encode(hrp, bech32::segwit::VERSION_0, &program).expect("p2wsh");
    let sigs = format!(
        "{};{}",
        bip137(&members[0], &bitcoin::BITCOIN, 31),
        bip137(&members[2], &bitcoin::BITCOIN, 31)
    );
    row(
        "BTC",
        "BTC",
        p2wsh,
        "870000",
        "1500.00000001",
        sigs,
        &hex::encode(&script),
        String::new(),
    );

    // EVM: an EOA (OKX's hash variant), and a contract with two owner EOAs
    // signing the standard text variant.
    let eoa = ecdsa_key("eth-eoa");
    let hash_digest = evm::personal_sign_digest(&evm::keccak(MESSAGE.as_bytes()));
    row(
        "ETH",
        "ETH",
        evm_address(&eoa),
        "21000000",
        "3200.123456789012345678",
        rsv(&eoa, &hash_digest),
        "",
        String::new(),
    );
    let text_digest = evm::personal_sign_digest(MESSAGE.as_bytes());
    let owners = [ecdsa_key("eth-owner-1"), ecdsa_key("eth-owner-2")];
    let contract = ecdsa_key("eth-contract-address-only");
    row(
        "ETH",
        "USDT-ERC20",
        evm_address(&contract),
        "21000000",
        "250000.5",
        format!(
            "{};{}",
            rsv(&owners[0], &text_digest),
            rsv(&owners[1], &text_digest)
        ),
        "",
        format!("{};{}", evm_address(&owners[0]), evm_address(&owners[1])),
    );

    // TRON (message v2).
    let trx = ecdsa_key("tron");
    row(
        "TRON",
        "USDT-TRC20",
        tron::encode_address(&evm::address_of(trx.verifying_key())),
        "70000000",
        "900000",
        rsv(&trx, &tron::v2_digest(MESSAGE)),
        "",
        String::new(),
    );

    // ed25519: Solana and a TON v3r2 wallet.
    let sol = ed25519_key("solana");
    let sol_pub = sol.verifying_key().to_bytes();
    row(
        "SOL",
        "SOL",
        ed25519::address_of(ed25519::Chain::Solana, &sol_pub),
        "300000000",
        "4200",
        hex::encode(sol.sign(&okx_message(MESSAGE)).to_bytes()),
        &hex::encode(sol_pub),
        String::new(),
    );
    let ton_key = ed25519_key("ton");
    let ton_pub = ton_key.verifying_key().to_bytes();
    row(
        "TON",
        "TON",
        ed25519::address_of(ed25519::Chain::Ton, &ton_pub),
        "43716515",
        "77.000000001",
        hex::encode(ton_key.sign(&okx_message(MESSAGE)).to_bytes()),
        &hex::encode(ton_pub),
        String::new(),
    );

    // EOS and a Cosmos SDK chain (OKX header).
    let eos_key = ecdsa_key("eos");
    let (sig, id) = eos_key
        .sign_prehash_recoverable(&eos::message_digest(MESSAGE))
        .expect("signing");
    row(
        "EOS",
        "EOS",
        "solventres11".into(),
        "400000000",
        "10000.0001",
        eos::encode_signature(&sig.to_bytes().into(), id.to_byte()),
        &eos::encode_public_key(&k256::PublicKey::from(eos_key.verifying_key())),
        String::new(),
    );
    let atom = ecdsa_key("cosmos");
    let atom_hash = bitcoin::hash160(atom.verifying_key().to_encoded_point(true).as_bytes());
    let atom_address =
        bech32::encode::<bech32::Bech32>(bech32::Hrp::parse("cosmos").expect("hrp"), &atom_hash)
            .expect("bech32");
    row(
        "ATOM",
        "ATOM",
        atom_address,
        "23000000",
        "5000",
        rsv(&atom, &okx_header::message_digest(MESSAGE)),
        "",
        String::new(),
    );

    let mut text = SOLVENT_V1.join(",");
    text.push('\n');
    for r in rows {
        text.push_str(&r.join(","));
        text.push('\n');
    }
    text
}

/// A signed solvent-v1 reserve file holding `balances` (asset, amount): one
/// address per asset on its home chain (BTC, LTC, DOGE, TRX, SOL, TON) or
/// an EVM address for anything else. Keys derive from `seed` and the asset,
/// so the file is reproducible. Used by `solvent demo`.
pub fn reserve_file_for(seed: &str, balances: &[(String, String)]) -> String {
    let mut text = SOLVENT_V1.join(",");
    text.push('\n');
    for (asset, amount) in balances {
        let label = format!("{seed}/{asset}");
        let line = match asset.as_str() {
            "BTC" | "LTC" | "DOGE" => {
                let (coin, chain, version) = match asset.as_str() {
                    "BTC" => (&bitcoin::BITCOIN, "BTC", 0x00),
                    "LTC" => (&bitcoin::LITECOIN, "LTC", 0x30),
                    _ => (&bitcoin::DOGECOIN, "DOGE", 0x1e),
                };
                let key = ecdsa_key(&label);
                let mut payload = vec![version];
                payload.extend_from_slice(&bitcoin::hash160(
                    key.verifying_key().to_encoded_point(true).as_bytes(),
                ));
                let address = bs58::encode(payload).with_check().into_string();
                format!(
                    "{chain},{asset},{address},,,{amount},{MESSAGE},{},,",
                    bip137(&key, coin, 31)
                )
            }
            "TRX" => {
                let key = ecdsa_key(&label);
                let address = tron::encode_address(&evm::address_of(key.verifying_key()));
                format!(
                    "TRON,TRX,{address},,,{amount},{MESSAGE},{},,",
                    rsv(&key, &tron::v1_digest(MESSAGE))
                )
            }
            "SOL" | "TON" => {
                let key = ed25519_key(&label);
                let public = key.verifying_key().to_bytes();
                let chain = if asset == "SOL" {
                    ed25519::Chain::Solana
                } else {
                    ed25519::Chain::Ton
                };
                let address = ed25519::address_of(chain, &public);
                format!(
                    "{asset},{asset},{address},,,{amount},{MESSAGE},{},{},",
                    hex::encode(key.sign(&okx_message(MESSAGE)).to_bytes()),
                    hex::encode(public)
                )
            }
            _ => {
                let key = ecdsa_key(&label);
                let digest = evm::personal_sign_digest(MESSAGE.as_bytes());
                format!(
                    "ETH,{asset},{},,,{amount},{MESSAGE},{},,",
                    evm_address(&key),
                    rsv(&key, &digest)
                )
            }
        };
        text.push_str(&line);
        text.push('\n');
    }
    text
}
