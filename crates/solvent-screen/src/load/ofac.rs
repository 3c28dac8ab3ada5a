//! OFAC's Specially Designated Nationals list, as published in XML:
//! - the advanced form (`sdn_advanced.xml`, root `Sanctions`): each
//!   `FeatureType` named `Digital Currency Address - XXX` declares a
//!   currency; a party's `Feature` of that type holds the address in its
//!   `VersionDetail`; the label is the party's primary alias;
//! - the classic form (`sdn.xml`, root `sdnList`): an `sdnEntry`'s `id` with
//!   `idType` `Digital Currency Address - XXX` and the address in
//!   `idNumber`, or the same phrase followed by the address in `remarks`.
//!
//! Every currency is read generically: the code after the dash names the
//! chain ([`crate::chain`]); an address solvent cannot decode is rejected
//! with the reason, never dropped.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::Lines;
use crate::error::{LoadError, LoadErrorKind};
use crate::list::{List, ListMeta};

const PREFIX: &str = "Digital Currency Address - ";
const SOURCE: &str = "OFAC SDN";

/// A listed address before its party's label is known.
struct Pending {
    currency: String,
    address: String,
    line: u64,
    party: usize,
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// `MM/DD/YYYY` as `YYYY-MM-DD`.
fn iso_date(us: &str) -> Option<String> {
    let mut parts = us.trim().split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    let (m, d, y): (u32, u32, u32) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The `Digital Currency Address - XXX ADDRESS` phrases of a remark.
fn remark_addresses(remarks: &str) -> impl Iterator<Item = (String, String)> + '_ {
    remarks.split(PREFIX).skip(1).filter_map(|rest| {
        let mut words = rest.split(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | '.'));
        let currency = words.next()?.to_owned();
        let address = words.find(|w| !w.is_empty())?.to_owned();
        Some((currency, address))
    })
}

pub fn parse(path: &Path, text: &str) -> Result<List, LoadError> {
    let error = |line, kind| LoadError {
        file: path.to_owned(),
        line,
        kind,
    };
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut lines = Lines::new(text);
    let mut form: Option<&'static str> = None;
    let mut stack: Vec<String> = Vec::new();
    // Advanced form.
    let mut currencies: HashMap<String, String> = HashMap::new();
    let mut feature_type: Option<String> = None;
    let (mut year, mut month, mut day) = (None, None, None);
    let mut labels: Vec<Option<String>> = Vec::new();
    let mut primary_alias = false;
    // Whether the party's label (its first primary alias) is complete.
    let mut label_done = false;
    // Advanced: (Some(feature type id), address); classic: (None, address).
    let mut features: Vec<(Option<String>, Pending)> = Vec::new();
    // Classic form.
    let mut publish_date = None;
    let mut names: (Option<String>, Option<String>) = (None, None);
    let mut id: (Option<String>, Option<(String, u64)>) = (None, None);
    let mut pending: Vec<Pending> = Vec::new();

    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let line = lines.at(reader.error_position() as usize);
            error(Some(line), LoadErrorKind::Xml(e.to_string()))
        })?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if form.is_none() {
                    form = Some(match name.as_str() {
                        "Sanctions" => "ofac-advanced-xml",
                        "sdnList" => "ofac-sdn-xml",
                        _ => {
                            return Err(error(
                                Some(lines.at(start)),
                                LoadErrorKind::UnknownXml(name),
                            ))
                        }
                    });
                }
                match name.as_str() {
                    "FeatureType" => feature_type = attribute(&e, "ID"),
                    "Feature" => feature_type = attribute(&e, "FeatureTypeID"),
                    "DistinctParty" => {
                        labels.push(None);
                        label_done = false;
                    }
                    "Alias" => primary_alias = attribute(&e, "Primary").as_deref() == Some("true"),
                    "sdnEntry" => names = (None, None),
                    "id" => id = (None, None),
                    _ => {}
                }
                stack.push(name);
            }
            Event::End(_) => match stack.pop().as_deref().unwrap_or_default() {
                "Alias" => {
                    label_done |= primary_alias && labels.last().is_some_and(Option::is_some);
                    primary_alias = false;
                }
                "id" => {
                    if let (Some(kind), Some((number, line))) = id.clone() {
                        if let Some(currency) = kind.strip_prefix(PREFIX) {
                            pending.push(Pending {
                                currency: currency.trim().to_owned(),
                                address: number,
                                line,
                                party: 0,
                            });
                        }
                    }
                }
                "sdnEntry" => {
                    let label = match &names {
                        (Some(first), Some(last)) => Some(format!("{first} {last}")),
                        (first, last) => first.clone().or(last.clone()),
                    };
                    labels.push(label);
                    let party = labels.len() - 1;
                    features.extend(pending.drain(..).map(|p| (None, Pending { party, ..p })));
                }
                _ => {}
            },
            Event::Text(t) => {
                let value = t
                    .unescape()
                    .map_err(|e| error(Some(lines.at(start)), LoadErrorKind::Xml(e.to_string())))?
                    .into_owned();
                let line = lines.at(start);
                let parent = stack.get(stack.len().wrapping_sub(2)).map(String::as_str);
                match stack.last().map(String::as_str) {
                    Some("Year") if parent == Some("DateOfIssue") => {
                        year = value.parse::<u32>().ok()
                    }
                    Some("Month") if parent == Some("DateOfIssue") => {
                        month = value.parse::<u32>().ok()
                    }
                    Some("Day") if parent == Some("DateOfIssue") => day = value.parse::<u32>().ok(),
                    Some("FeatureType") => {
                        if let (Some(id), Some(currency)) =
                            (&feature_type, value.strip_prefix(PREFIX))
                        {
                            currencies.insert(id.clone(), currency.trim().to_owned());
                        }
                    }
                    Some("NamePartValue") if primary_alias && !label_done => {
                        if let Some(label) = labels.last_mut() {
                            match label {
                                None => *label = Some(value),
                                // The parts of one name (given name, family name).
                                Some(l) => {
                                    l.push(' ');
                                    l.push_str(&value)
                                }
                            }
                        }
                    }
                    Some("VersionDetail") if stack.iter().any(|s| s == "Feature") => {
                        if let Some(type_id) = &feature_type {
                            features.push((
                                Some(type_id.clone()),
                                Pending {
                                    currency: String::new(),
                                    address: value,
                                    line,
                                    party: labels.len().saturating_sub(1),
                                },
                            ));
                        }
                    }
                    Some("Publish_Date") => publish_date = iso_date(&value),
                    Some("firstName") if parent == Some("sdnEntry") => names.0 = Some(value),
                    Some("lastName") if parent == Some("sdnEntry") => names.1 = Some(value),
                    Some("idType") => id.0 = Some(value),
                    Some("idNumber") => id.1 = Some((value, line)),
                    Some("remarks") if parent == Some("sdnEntry") => {
                        pending.extend(remark_addresses(&value).map(|(currency, address)| {
                            Pending {
                                currency,
                                address,
                                line,
                                party: 0,
                            }
                        }))
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let Some(format) = form else {
        return Err(error(None, LoadErrorKind::UnknownXml(String::new())));
    };
    let list_date = match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        _ => publish_date,
    };
    let mut list = List::new(ListMeta {
        source: SOURCE.to_owned(),
        list_date,
        file: path.to_owned(),
        format,
    });
    for (type_id, p) in features {
        // Advanced: only features of a digital-currency-address type.
        let currency = match type_id {
            Some(type_id) => match currencies.get(&type_id) {
                Some(currency) => currency.clone(),
                None => continue,
            },
            None => p.currency,
        };
        let label = labels.get(p.party).cloned().flatten();
        list.push(p.line, &p.address, &currency, label, None);
    }
    Ok(list)
}
