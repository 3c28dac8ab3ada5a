//! What the domain tests share.

use std::path::PathBuf;

use solvent_screen::domain::Suffixes;

/// The real Public Suffix List: Debian's `publicsuffix` package (CI
/// installs it), or `$SOLVENT_PSL`.
pub fn suffixes() -> Suffixes {
    let path = std::env::var_os("SOLVENT_PSL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(Suffixes::DEBIAN));
    assert!(
        path.exists(),
        "{} is missing: install Debian's `publicsuffix` package or set SOLVENT_PSL",
        path.display()
    );
    Suffixes::load(&path).unwrap()
}
