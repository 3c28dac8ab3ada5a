//! Reading EVM bytecode without its source.

use std::collections::HashSet;

use alloy::primitives::Selector;

/// The opcodes that push 1 and 4 bytes; PUSH1 to PUSH32 are consecutive
/// (Ethereum Yellow Paper, appendix H).
const PUSH1: u8 = 0x60;
const PUSH4: u8 = 0x63;

/// The 4-byte constants `code` pushes (shorter pushes padded: an optimiser
/// drops a selector's leading zero bytes), skipping push data.
pub fn pushed_selectors(code: &[u8]) -> HashSet<Selector> {
    let mut found = HashSet::new();
    let mut i = 0;
    while i < code.len() {
        let op = code[i];
        let width = op.wrapping_sub(PUSH1) as usize + 1;
        if !(1..=32).contains(&width) {
            i += 1;
            continue;
        }
        if op <= PUSH4 {
            if let Some(data) = code.get(i + 1..i + 1 + width) {
                let mut selector = [0u8; 4];
                selector[4 - width..].copy_from_slice(data);
                found.insert(Selector::from(selector));
            }
        }
        i += 1 + width;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn selectors_are_read_from_pushes_not_from_push_data() {
        // mint(address,uint256)
        let mint = Selector::from([0x40, 0xc1, 0x0f, 0x19]);
        // PUSH4 mint, EQ.
        let mut code = vec![PUSH4];
        code.extend_from_slice(mint.as_slice());
        code.push(0x14);
        assert!(pushed_selectors(&code).contains(&mint));
        // The same bytes inside a PUSH32's data are not a push of them.
        let mut hidden = vec![PUSH1 + 31];
        hidden.extend_from_slice(&[0u8; 27]);
        hidden.extend_from_slice(&code[..5]);
        assert!(!pushed_selectors(&hidden).contains(&mint));
        // A selector with a leading zero byte, pushed in three.
        let code = [PUSH1 + 2, 0xab, 0xcd, 0xef];
        assert!(pushed_selectors(&code).contains(&Selector::from([0, 0xab, 0xcd, 0xef])));
        // Truncated push data at the end is no selector and no panic.
        assert!(pushed_selectors(&[PUSH4, 1, 2]).is_empty());
    }

    proptest! {
        /// Any bytes scan without panic, and every selector found is the
        /// data of a push the scan stepped onto.
        #[test]
        fn any_code_scans(code in proptest::collection::vec(any::<u8>(), 0..300)) {
            for s in pushed_selectors(&code) {
                let found = code.windows(5).any(|w| w[0] == PUSH4 && w[1..] == s[..])
                    || code.windows(4).any(|w| w[0] == PUSH1 + 2 && s[0] == 0 && w[1..] == s[1..])
                    || code.windows(3).any(|w| w[0] == PUSH1 + 1 && s[..2] == [0, 0] && w[1..] == s[2..])
                    || code.windows(2).any(|w| w[0] == PUSH1 && s[..3] == [0, 0, 0] && w[1] == s[3]);
                prop_assert!(found);
            }
        }
    }
}
