//! Exports read by header name: the exchange writes its columns in any
//! order and may add its own, so a reader finds each column it needs once,
//! from the header.

/// Where each of `names` stands in `header` (names compared trimmed), or
/// the first name missing.
pub fn find<const N: usize>(
    header: &csv::StringRecord,
    names: &[&'static str; N],
) -> Result<[usize; N], &'static str> {
    let mut at = [0usize; N];
    for (i, name) in names.iter().enumerate() {
        at[i] = header.iter().position(|h| h.trim() == *name).ok_or(*name)?;
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_any_order_with_extras() {
        let header = csv::StringRecord::from(vec!["extra", " b ", "a"]);
        assert_eq!(find(&header, &["a", "b"]), Ok([2, 1]));
        assert_eq!(find(&header, &["a", "c"]), Err("c"));
    }
}
