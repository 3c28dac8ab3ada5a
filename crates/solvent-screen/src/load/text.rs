//! Plain text: one address per line; `#` starts a comment, and a comment
//! after an address is its label. No chain is named, so each address
//! matches on whichever chain it decodes on.

use crate::list::{List, ListMeta};

pub fn parse(text: &str, meta: ListMeta) -> List {
    let mut list = List::new(meta);
    for (i, line) in text.lines().enumerate() {
        let (address, comment) = match line.split_once('#') {
            Some((address, comment)) => (address.trim(), Some(comment.trim())),
            None => (line.trim(), None),
        };
        if address.is_empty() {
            continue;
        }
        let label = comment.filter(|c| !c.is_empty()).map(str::to_owned);
        list.push(i as u64 + 1, address, "", label, None);
    }
    list
}
