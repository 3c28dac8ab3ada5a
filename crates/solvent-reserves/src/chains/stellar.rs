//! Stellar account addresses (`G…`): a strkey, decoded by the Stellar
//! Development Foundation's `stellar-strkey`, holding an ed25519 public
//! key. Address only: account signatures are not checked.

use crate::error::{DecodeError, Problem};

/// The account's 32-byte public key.
pub fn decode_account(address: &str) -> Result<[u8; 32], DecodeError> {
    stellar_strkey::ed25519::PublicKey::from_string(address)
        .map(|key| key.0)
        .map_err(|_| DecodeError::address(address, Problem::Not("a Stellar account address (G…)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_decode_to_their_key() {
        assert_eq!(
            decode_account("GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF").unwrap(),
            [0; 32]
        );
        for bad in [
            "GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHG",
            "SAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF",
            "gaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaawhf",
            "",
        ] {
            assert!(decode_account(bad).is_err(), "{bad}");
        }
    }
}
