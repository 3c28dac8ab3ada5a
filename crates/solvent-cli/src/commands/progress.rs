//! Progress bars for long work, drawn on stderr only when it is a terminal.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use solvent_prover::Progress;

pub struct Bars {
    bar: ProgressBar,
}

impl Bars {
    pub fn new(quiet: bool) -> Self {
        let bar = ProgressBar::new_spinner();
        if quiet {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {prefix}: {msg}")
                .expect("valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Bars { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bars {
    fn stage(&self, name: &str) {
        tracing::info!(stage = name, "prover stage");
        self.bar.set_prefix(name.to_string());
    }

    fn accounts_read(&self, total: u64) {
        self.bar.set_message(format!("{total} accounts read"));
    }

    fn batch_proven(&self, batches: u64, accounts: u64) {
        self.bar.set_message(format!(
            "{batches} batches proven, {accounts} accounts read"
        ));
    }
}
