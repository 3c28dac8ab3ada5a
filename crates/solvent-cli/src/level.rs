//! Which x86-64 level this build of `solvent` uses, and the hand-over to a
//! faster build of itself.
//!
//! plonky2 chooses its packed Goldilocks field when it is compiled (AVX2 or
//! AVX-512 lanes, or none), so the proving fast paths cannot be picked inside
//! one binary. A release therefore ships a portable `solvent` (baseline
//! x86-64: it runs on any x86-64 machine) beside builds for higher levels
//! (`scripts/dist.sh`), and the portable one hands over, at start, to the
//! fastest sibling the CPU runs (docs/decisions/0006-portable-binaries.md).
//! The siblings are meant to be started that way: one started by hand on a
//! CPU without its level dies on an illegal instruction before any check of
//! ours could run (its start-up code is compiled for the level too).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Set to `off` to run this build whatever the CPU (for benchmarks of one
/// level, or to rule the hand-over out).
const DISPATCH_ENV: &str = "SOLVENT_CPU_DISPATCH";
/// Set on the sibling the portable build hands over to, so a sibling that is
/// not what its name says (a copy of the portable build) cannot loop.
const HANDED_OVER_ENV: &str = "SOLVENT_HANDED_OVER";

/// The x86-64 levels a release is built for, slowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Baseline x86-64 (SSE2): runs everywhere.
    Baseline,
    /// x86-64-v3: AVX2, BMI1/2, FMA (Haswell and Zen 1 onwards).
    V3,
    /// x86-64-v4 with AVX-512 IFMA (Ice Lake and Zen 4 onwards).
    V4Ifma,
}

impl Level {
    /// Fastest first: the order in which siblings are tried.
    const FASTEST_FIRST: [Level; 3] = [Level::V4Ifma, Level::V3, Level::Baseline];

    /// The level this binary was compiled for.
    pub const fn built() -> Level {
        if cfg!(all(
            target_feature = "avx512f",
            target_feature = "avx512bw",
            target_feature = "avx512cd",
            target_feature = "avx512dq",
            target_feature = "avx512vl",
            target_feature = "avx512ifma",
        )) {
            Level::V4Ifma
        } else if cfg!(all(
            target_feature = "avx2",
            target_feature = "bmi2",
            target_feature = "fma"
        )) {
            Level::V3
        } else {
            Level::Baseline
        }
    }

    /// The level's name, as in the sibling's file name and `--version`.
    pub const fn name(self) -> &'static str {
        match self {
            Level::Baseline => "x86-64",
            Level::V3 => "x86-64-v3",
            Level::V4Ifma => "x86-64-v4-ifma",
        }
    }

    /// The file name of this level's build beside the portable `solvent`.
    fn file_name(self) -> String {
        format!("solvent-{}", self.name())
    }

    /// Whether the CPU running this process has every feature of the level.
    #[cfg(target_arch = "x86_64")]
    pub fn supported(self) -> bool {
        use std::arch::is_x86_feature_detected as has;
        let v3 = || {
            has!("avx")
                && has!("avx2")
                && has!("bmi1")
                && has!("bmi2")
                && has!("fma")
                && has!("f16c")
                && has!("lzcnt")
                && has!("movbe")
        };
        match self {
            Level::Baseline => true,
            Level::V3 => v3(),
            Level::V4Ifma => {
                v3() && has!("avx512f")
                    && has!("avx512bw")
                    && has!("avx512cd")
                    && has!("avx512dq")
                    && has!("avx512vl")
                    && has!("avx512ifma")
            }
        }
    }

    /// Off x86-64 there are no levels: the build is what runs.
    #[cfg(not(target_arch = "x86_64"))]
    pub fn supported(self) -> bool {
        self == Level::Baseline
    }
}

/// The sibling to hand over to: the fastest level above `built` that the CPU
/// runs and that has a build present.
fn choose(
    built: Level,
    supported: impl Fn(Level) -> bool,
    present: impl Fn(Level) -> bool,
) -> Option<Level> {
    Level::FASTEST_FIRST
        .into_iter()
        .take_while(|&level| level > built)
        .find(|&level| supported(level) && present(level))
}

/// Replaces the process with the fastest sibling build present that this
/// CPU runs. Returns when this build is the one to run.
pub fn hand_over() {
    let off = std::env::var_os(DISPATCH_ENV).is_some_and(|v| v == "off");
    if off || std::env::var_os(HANDED_OVER_ENV).is_some() {
        return;
    }
    let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    else {
        return;
    };
    let sibling = |level: Level| -> PathBuf { dir.join(level.file_name()) };
    if let Some(level) = choose(Level::built(), Level::supported, |l| sibling(l).is_file()) {
        exec(&sibling(level), level);
    }
}

/// Replaces this process with `path`, keeping the arguments. Returns only if
/// that fails, after saying so: this build then runs, more slowly.
#[cfg(unix)]
fn exec(path: &Path, level: Level) {
    use std::os::unix::process::CommandExt;
    let mut args = std::env::args_os();
    // The name the user typed stays the program's name (in `--help`, say).
    let name = args.next().unwrap_or_else(|| OsString::from("solvent"));
    let error = std::process::Command::new(path)
        .arg0(name)
        .args(args)
        .env(HANDED_OVER_ENV, level.name())
        .exec();
    // Logging is not set up yet: the hand-over comes first.
    eprintln!(
        "warning: cannot start the {} build {}: {error}; running this build ({})",
        level.name(),
        path.display(),
        Level::built().name()
    );
}

#[cfg(not(unix))]
fn exec(_path: &Path, _level: Level) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fastest_supported_and_present_level_above_the_build_wins() {
        let all = |_: Level| true;
        assert_eq!(choose(Level::Baseline, all, all), Some(Level::V4Ifma));
        let up_to_v3 = |l: Level| l <= Level::V3;
        assert_eq!(choose(Level::Baseline, up_to_v3, all), Some(Level::V3));
        let only_v4 = |l: Level| l == Level::V4Ifma;
        assert_eq!(choose(Level::Baseline, all, only_v4), Some(Level::V4Ifma));
        assert_eq!(choose(Level::Baseline, up_to_v3, only_v4), None);
    }

    #[test]
    fn never_hands_over_downwards_or_to_itself() {
        let all = |_: Level| true;
        assert_eq!(choose(Level::V4Ifma, all, all), None);
        assert_eq!(choose(Level::V3, all, all), Some(Level::V4Ifma));
        assert_eq!(choose(Level::V3, |l| l <= Level::V3, all), None);
    }

    #[test]
    fn the_running_build_is_supported_here() {
        // The tests run on the machine that built them.
        assert!(Level::built().supported());
    }
}
