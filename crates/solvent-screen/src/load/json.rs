//! JSON lists, in the shapes published lists use:
//! - `["addr", …]`;
//! - `[{"address": …, "chain": …, "label": …, "source": …}, …]`;
//! - `{"CHAIN": ["addr", …], …}` (by chain or currency, as OFAC-derived
//!   lists are published);
//! - `{"addr": "label", …}` or `{"addr": {"chain": …, "label": …}, …}`.
//!
//! Each entry keeps the line it starts on.

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::Lines;
use crate::error::{LoadError, LoadErrorKind};
use crate::list::{List, ListMeta};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Object {
    address: Option<String>,
    chain: Option<String>,
    label: Option<String>,
    source: Option<String>,
}

/// An object's members in file order, repeated keys kept (a map would drop
/// all but one, and a dropped entry is a silently unlisted address).
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

pub fn parse(text: &str, meta: ListMeta) -> Result<List, LoadError> {
    let file = meta.file.clone();
    let error = |line: Option<u64>, kind| LoadError {
        file: file.clone(),
        line,
        kind,
    };
    let json = |e| LoadError::json(&file, e);
    // Where a raw value starts: it borrows from `text`.
    let mut lines = Lines::new(text);
    let mut list = List::new(meta);
    let root: &RawValue = serde_json::from_str(text).map_err(json)?;
    let mut push_value = |list: &mut List, raw: &RawValue, chain: &str, address: Option<&str>| {
        let line = lines.of(raw.get());
        let shape = |what| error(Some(line), LoadErrorKind::JsonShape(what));
        if let Ok(s) = serde_json::from_str::<String>(raw.get()) {
            match address {
                // `{"addr": "label"}`.
                Some(address) => list.push(line, address, chain, Some(s), None),
                None => list.push(line, &s, chain, None, None),
            }
            return Ok(());
        }
        let object: Object = serde_json::from_str(raw.get()).map_err(|_| {
            shape("an entry is neither an address string nor an object of address, chain, label, source")
        })?;
        let address = match (address, &object.address) {
            (Some(key), None) => key,
            (None, Some(a)) => a.as_str(),
            (Some(_), Some(_)) => {
                return Err(shape("an entry keyed by address also has an `address`"))
            }
            (None, None) => return Err(shape("an entry has no `address`")),
        };
        let chain = object.chain.as_deref().unwrap_or(chain);
        list.push(line, address, chain, object.label, object.source);
        Ok(())
    };
    if root.get().starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(root.get()).map_err(json)?;
        for item in items {
            push_value(&mut list, item, "", None)?;
        }
    } else {
        let Members(members) = serde_json::from_str(root.get()).map_err(json)?;
        for (key, raw) in members {
            if raw.get().starts_with('[') {
                // By chain: `{"ETH": ["0x…", …]}`.
                let items: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(json)?;
                for item in items {
                    push_value(&mut list, item, &key, None)?;
                }
            } else {
                push_value(&mut list, raw, "", Some(&key))?;
            }
        }
    }
    Ok(list)
}
