//! XRP Ledger classic addresses (`r…`): base58check in the Ripple alphabet,
//! version byte `0x00` and a 20-byte account ID. Address only: the ledger's
//! account signatures are not checked.

use crate::error::{DecodeError, Problem};

/// The 20-byte account ID of a classic address.
pub fn decode_address(address: &str) -> Result<[u8; 20], DecodeError> {
    let error = |problem| DecodeError::address(address, problem);
    let payload = bs58::decode(address)
        .with_alphabet(bs58::Alphabet::RIPPLE)
        .with_check(None)
        .into_vec()
        .map_err(|e| error(Problem::Base58Check(e.to_string())))?;
    match payload.split_first() {
        Some((0x00, account)) => account
            .try_into()
            .map_err(|_| error(Problem::PayloadLength(payload.len()))),
        _ => Err(error(Problem::Not("an XRP Ledger account address (r…)"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_addresses_decode_to_their_account_id() {
        // The genesis account, and ACCOUNT_ZERO.
        assert_eq!(
            hex::encode(decode_address("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh").unwrap()),
            "b5f762798a53d543a014caf8b297cff8f2f937e8"
        );
        assert_eq!(
            decode_address("rrrrrrrrrrrrrrrrrrrrrhoLvTp").unwrap(),
            [0; 20]
        );
        // One character changed; Bitcoin's alphabet; empty.
        for bad in [
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTi",
            "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
            "",
        ] {
            assert!(decode_address(bad).is_err(), "{bad}");
        }
    }
}
