//! The one exit-code table of every `solvent` command, and how a failure is
//! shown: a line on stderr, and under `--json` a JSON object on stdout too.

use std::process::ExitCode;

/// Exit codes, as `--help` and docs/FORMATS.md ("Exit codes") list them.
pub const EXIT_CODES: &str = "Exit codes (every command):
  0  success: the bundle, proof or check is valid, or the output was written
  1  invalid: a proof or check failed (the reason is printed)
  2  unusable input: a file or argument cannot be used (the error names it)
  3  internal failure: a bug or the machine (out of memory, disk full)";

/// How a command ended when it ran to its verdict.
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// A proof or check failed (exit 1).
    Invalid,
    /// Some of the input could not be used, and each case was already
    /// reported where it occurred (exit 2): a screened address that is no
    /// address.
    Unusable,
}

/// An error that means "unusable input" (exit 2), as opposed to an internal
/// failure (exit 3).
#[derive(Debug)]
pub struct UsageError(pub anyhow::Error);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", message(&self.0))
    }
}

impl std::error::Error for UsageError {}

/// A file the user named, read whole; failing to read it is unusable input.
pub fn read_input(path: &std::path::Path) -> anyhow::Result<String> {
    use anyhow::Context;
    std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(usage)
}

/// A file the user named, opened for buffered reading; failing to open it
/// is unusable input.
pub fn open_input(path: &std::path::Path) -> anyhow::Result<std::io::BufReader<std::fs::File>> {
    use anyhow::Context;
    std::fs::File::open(path)
        .map(std::io::BufReader::new)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(usage)
}

/// Marks `e` as unusable input.
pub fn usage(e: impl Into<anyhow::Error>) -> anyhow::Error {
    anyhow::Error::new(UsageError(e.into()))
}

/// The error and its causes on one line, each cause once: library errors
/// already end with the cause they wrap, so it is not repeated.
pub fn message(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if text.ends_with(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// The exit code of a command's result, after reporting a failure.
pub fn finish(result: anyhow::Result<Outcome>, json: bool) -> ExitCode {
    let e = match result {
        Ok(Outcome::Ok) => return ExitCode::SUCCESS,
        Ok(Outcome::Invalid) => return ExitCode::from(1),
        Ok(Outcome::Unusable) => return ExitCode::from(2),
        Err(e) => e,
    };
    let code: u8 = if e.downcast_ref::<UsageError>().is_some() {
        2
    } else {
        3
    };
    let text = message(&e);
    eprintln!("error: {text}");
    if json {
        println!("{}", serde_json::json!({"error": text, "exit_code": code}));
    }
    ExitCode::from(code)
}
