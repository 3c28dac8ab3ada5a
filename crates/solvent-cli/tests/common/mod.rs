//! What every CLI test needs: running the built `solvent`, and its output.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `solvent ARGS` with its circuit cache in `cache`.
pub fn solvent(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_solvent"))
        .args(args)
        .env("SOLVENT_CACHE_DIR", cache)
        .output()
        .expect("run solvent")
}

/// Standard output then standard error, for messages and assertions.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
