//! Every spelling of one address gives one key, and different addresses
//! different keys (property tests over random accounts).

use proptest::prelude::*;
use solvent_reserves::address::{detect, distinctive_part, AddressKey};
use solvent_reserves::chains::{cashaddr, evm, tron};
use solvent_reserves::network::Family;

fn key(network: &str, text: &str) -> AddressKey {
    Family::of(network)
        .unwrap()
        .address_key(text)
        .unwrap_or_else(|e| panic!("{network} {text}: {e}"))
}

/// Asserts every spelling keys to the first one's key, on its network and
/// by detection.
fn one_key(network: &str, spellings: &[String]) -> AddressKey {
    let first = key(network, &spellings[0]);
    for s in spellings {
        assert_eq!(key(network, s), first, "{s}");
        assert!(detect(s).contains(&first), "{s} not detected as {network}");
    }
    first
}

fn base58check(version: u8, hash: &[u8]) -> String {
    let mut payload = vec![version];
    payload.extend_from_slice(hash);
    bs58::encode(payload).with_check().into_string()
}

fn ton_friendly(flags: u8, workchain: i8, hash: &[u8; 32], url_safe: bool) -> String {
    use base64::Engine as _;
    let mut bytes = vec![flags, workchain as u8];
    bytes.extend_from_slice(hash);
    let crc = crc::Crc::<u16>::new(&crc::CRC_16_XMODEM).checksum(&bytes);
    bytes.extend_from_slice(&crc.to_be_bytes());
    if url_safe {
        base64::engine::general_purpose::URL_SAFE.encode(bytes)
    } else {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }
}

proptest! {
    #[test]
    fn evm_spellings(account in any::<[u8; 20]>()) {
        let lower = format!("0x{}", hex::encode(account));
        let k = one_key("ETH", &[
            lower.clone(),
            format!("0x{}", hex::encode_upper(account)),
            format!("0X{}", hex::encode(account)),
            format!("0x{}", evm::checksummed(&account)),
        ]);
        prop_assert_eq!(&k.bytes[..], &account[..]);
        // One account on every EVM network, and OKC's bech32 spelling.
        prop_assert_eq!(key("BSC", &lower), k.clone());
        let ex = bech32::encode::<bech32::Bech32>(bech32::Hrp::parse("ex").unwrap(), &account).unwrap();
        prop_assert_eq!(key("OKC", &ex), k);
    }

    #[test]
    fn tron_spellings(account in any::<[u8; 20]>()) {
        let k = one_key("TRON", &[tron::encode_address(&account), format!("41{}", hex::encode(account))]);
        prop_assert_eq!(&k.bytes[..], &account[..]);
    }

    #[test]
    fn bitcoin_cash_spellings(hash in any::<[u8; 20]>(), script in any::<bool>()) {
        let (version, legacy) = if script { (cashaddr::P2SH, 0x05) } else { (cashaddr::P2PKH, 0x00) };
        let cash = cashaddr::encode("bitcoincash", version, &hash);
        one_key("BCH", &[
            base58check(legacy, &hash),
            cash.clone(),
            cash.to_ascii_uppercase(),
            cash.trim_start_matches("bitcoincash:").to_owned(),
        ]);
    }

    #[test]
    fn segwit_spellings(program in any::<[u8; 32]>(), v1 in any::<bool>()) {
        let hrp = bech32::Hrp::parse("bc").unwrap();
        let (version, program) = if v1 { (bech32::Fe32::P, &program[..]) } else { (bech32::Fe32::Q, &program[..20]) };
        let text = bech32::segwit::encode(hrp, version, program).unwrap();
        let k = one_key("BTC", &[text.clone(), text.to_ascii_uppercase()]);
        // The key is the output script: OP_0 or OP_1, then the program.
        prop_assert_eq!(k.bytes[0], if v1 { 0x51 } else { 0x00 });
        prop_assert_eq!(&k.bytes[2..], program);
        // The same hash as P2PKH is a different address.
        if !v1 {
            prop_assert_ne!(key("BTC", &base58check(0x00, program)), k);
        }
    }

    #[test]
    fn ton_spellings(hash in any::<[u8; 32]>(), workchain in prop_oneof![Just(0i8), Just(-1i8)]) {
        let k = one_key("TON", &[
            format!("{workchain}:{}", hex::encode(hash)),
            ton_friendly(0x11, workchain, &hash, true),
            ton_friendly(0x51, workchain, &hash, true),
            ton_friendly(0x11, workchain, &hash, false),
        ]);
        prop_assert_eq!(&k.bytes[1..], &hash[..]);
    }

    #[test]
    fn different_accounts_different_keys(a in any::<[u8; 20]>(), b in any::<[u8; 20]>()) {
        prop_assume!(a != b);
        prop_assert_ne!(key("ETH", &format!("0x{}", hex::encode(a))), key("ETH", &format!("0x{}", hex::encode(b))));
        prop_assert_ne!(key("TRON", &tron::encode_address(&a)), key("TRON", &tron::encode_address(&b)));
        prop_assert_ne!(key("BTC", &base58check(0, &a)), key("BTC", &base58check(0, &b)));
    }

    /// Whatever the text, detection and the distinctive part never panic.
    #[test]
    fn arbitrary_text(text in "\\PC{0,80}") {
        for k in detect(&text) {
            prop_assert!(!k.bytes.is_empty());
        }
        prop_assert!(text.ends_with(distinctive_part(&text)));
    }
}
