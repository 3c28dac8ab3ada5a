//! What `solvent publish` prints.

use std::path::Path;

use solvent_site::publish::Published;

pub fn print_invalid_bundle(reason: &str, json: bool) {
    if json {
        let out = serde_json::json!({
            "published": false,
            "valid": false,
            "error": format!("the bundle does not verify: {reason}"),
        });
        println!("{out:#}");
    } else {
        println!("INVALID: the bundle does not verify, so no site was written: {reason}");
    }
}

pub fn print_published(
    site: &Path,
    codes: &Path,
    key: &Path,
    key_created: bool,
    published: &Published,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let mut out = serde_json::to_value(published)?;
        out["published"] = true.into();
        out["site"] = site.display().to_string().into();
        out["codes"] = codes.display().to_string().into();
        out["code_key"] = key.display().to_string().into();
        out["code_key_created"] = key_created.into();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "Published {} accounts to {} in {} buckets of {} entries ({} KiB per bucket download; each holds at least {} users).",
        published.accounts,
        site.display(),
        published.buckets,
        published.bucket_entries,
        published.bucket_bytes.div_ceil(1024),
        published.min_bucket_users,
    );
    println!(
        "Verification codes: {} (show each user theirs; never publish this file).",
        codes.display()
    );
    if key_created {
        println!(
            "Created the code key {}: keep it secret, and pass it again next round so that every code stays the same.",
            key.display()
        );
    } else {
        println!("Codes derived from the code key {}.", key.display());
    }
    Ok(())
}
