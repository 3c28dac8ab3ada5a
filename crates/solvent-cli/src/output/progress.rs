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

    /// From here on a bar: accounts proven of the total, with an ETA.
    fn accounts_total(&self, total: u64) {
        self.bar.set_length(total);
        self.bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {prefix}: [{wide_bar}] {pos}/{len} accounts proven, ETA {eta} ({msg})",
            )
            .expect("valid template"),
        );
    }

    fn accounts_read(&self, total: u64) {
        self.bar.set_message(format!("{total} accounts read"));
    }

    fn batch_proven(&self, batches: u64, accounts: u64) {
        self.bar.set_position(accounts);
        self.bar.set_message(format!("{batches} batches proven"));
    }
}

/// Proves a round behind the progress bar (hidden when `quiet`), marking
/// input errors as unusable input (exit 2).
pub fn prove_with_progress(
    options: &solvent_prover::ProveOptions,
    quiet: bool,
) -> anyhow::Result<solvent_prover::ProveReport> {
    use anyhow::Context as _;
    let bars = Bars::new(quiet);
    let result = solvent_prover::prove_round(options, &bars);
    bars.finish();
    result
        .map_err(|e| {
            if e.is_input_error() || matches!(e, solvent_prover::ProveError::OutputExists(_)) {
                crate::exit::usage(e)
            } else {
                anyhow::Error::new(e).context("no bundle was written")
            }
        })
        .context(format!("proving round `{}`", options.round))
}

/// The bar of `solvent publish`: one phase after another, each with its
/// total and an ETA.
pub struct PhaseBar {
    bar: ProgressBar,
    phase: std::cell::Cell<Option<solvent_site::publish::Phase>>,
}

impl PhaseBar {
    pub fn new(quiet: bool) -> Self {
        let bar = ProgressBar::new(0);
        if quiet {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        PhaseBar {
            bar,
            phase: std::cell::Cell::new(None),
        }
    }

    pub fn update(&self, phase: solvent_site::publish::Phase, done: u64, total: u64) {
        use solvent_site::publish::Phase;
        if self.phase.get() != Some(phase) {
            self.phase.set(Some(phase));
            let (name, unit) = match phase {
                Phase::Codes => ("codes", "accounts"),
                Phase::Seal => ("sealing", "accounts"),
                Phase::Buckets => ("buckets", "buckets"),
            };
            self.bar.reset();
            self.bar.set_length(total);
            self.bar.set_style(
                ProgressStyle::with_template(&format!(
                    "[{{elapsed_precise}}] {name}: [{{wide_bar}}] {{pos}}/{{len}} {unit}, ETA {{eta}}"
                ))
                .expect("valid template"),
            );
        }
        self.bar.set_position(done);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
