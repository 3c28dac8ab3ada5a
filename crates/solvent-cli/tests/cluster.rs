//! `solvent coordinate` and `solvent worker` as separate processes against a
//! real `nats-server` (JetStream) on a free loopback port, with a local
//! object store: the bundle matches `solvent prove`'s and verifies; workers
//! killed or stalled mid-unit, duplicate results, a coordinator killed and
//! restarted and a damaged proof in the store are all survived.
//!
//! Without `nats-server` on the PATH the tests are skipped, unless
//! SOLVENT_REQUIRE_NODE is set (CI sets it and installs Debian's package),
//! where a missing server fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::text;

/// The tests share two cores: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

const ASSETS: &str = "symbol,decimals,price_usd\nBTC,8,97000\nUSDT,6,1\n";

struct Nats {
    child: Child,
    url: String,
}

impl Drop for Nats {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A JetStream-enabled nats-server on a free loopback port, or `None` to
/// skip.
fn nats(dir: &Path) -> Option<Nats> {
    if Command::new("nats-server")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("SOLVENT_REQUIRE_NODE").is_none(),
            "nats-server is not installed (apt-get install nats-server)"
        );
        eprintln!("skipped: nats-server is not installed");
        return None;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("nats-server")
        .args(["-a", "127.0.0.1", "-p", &port.to_string(), "-js", "-sd"])
        .arg(dir.join("jetstream"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nats-server");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nats-server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(Nats {
        child,
        url: format!("nats://127.0.0.1:{port}"),
    })
}

struct Round {
    dir: PathBuf,
    batch: usize,
    assets: String,
    accounts: String,
    store: String,
    cache: String,
    nats: String,
}

impl Round {
    /// `accounts` in batches of `batch`.
    fn new(dir: &Path, nats: &Nats, accounts: usize, batch: usize) -> Round {
        let assets = dir.join("assets.csv");
        std::fs::write(&assets, ASSETS).unwrap();
        let lines: String = (0..accounts)
            .map(|i| {
                format!(
                    "{{\"account_id\":\"user-{i}\",\"balances\":[{{\"asset\":\"BTC\",\"equity\":\"0.{i}1\",\"debt\":\"0\"}},{{\"asset\":\"USDT\",\"equity\":\"{}\",\"debt\":\"{}\"}}]}}\n",
                    100 + i,
                    i
                )
            })
            .collect();
        let accounts = dir.join("accounts.jsonl");
        std::fs::write(&accounts, lines).unwrap();
        let s = |p: PathBuf| p.to_string_lossy().into_owned();
        Round {
            dir: dir.to_owned(),
            batch,
            assets: s(assets),
            accounts: s(accounts),
            store: s(dir.join("store")),
            // Shared by the tests (keyed by the binary's hash): only the
            // first builds the circuits.
            cache: s(Path::new(env!("CARGO_TARGET_TMPDIR")).join("cluster-circuits")),
            nats: nats.url.clone(),
        }
    }

    fn bundle(&self) -> PathBuf {
        self.dir.join("bundle")
    }

    fn coordinator(&self, extra: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_solvent"));
        c.args([
            "coordinate",
            "--assets",
            &self.assets,
            "--accounts",
            &self.accounts,
        ])
        .args(["--round", "2026-11", "--json"])
        .args(["--batch-size", &self.batch.to_string()])
        .arg("--out")
        .arg(self.bundle())
        .args(["--nats", &self.nats, "--store", &self.store])
        .args(["--circuit-cache", &self.cache])
        .args(extra)
        .env("SOLVENT_CACHE_DIR", &self.cache);
        c
    }

    /// A worker with one proving thread, its log in `worker-NAME.log`.
    fn worker(&self, name: &str) -> Child {
        let log = std::fs::File::create(self.dir.join(format!("worker-{name}.log"))).unwrap();
        Command::new(env!("CARGO_BIN_EXE_solvent"))
            .args(["worker", "--threads", "1", "--nats", &self.nats])
            .args(["--store", &self.store, "--circuit-cache", &self.cache])
            .env("RUST_LOG", "solvent_cluster=info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start a worker")
    }

    fn log(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(format!("worker-{name}.log"))).unwrap_or_default()
    }

    /// Waits until `worker`'s log shows it proving a unit.
    fn wait_proving(&self, name: &str) {
        wait_for(&format!("worker {name} to start a unit"), || {
            self.log(name).contains("proving unit")
        });
    }

    /// The unit `worker` is proving, from its log.
    fn unit_being_proven(&self, name: &str) -> String {
        let log = self.log(name);
        let line = log.lines().rfind(|l| l.contains("proving unit")).unwrap();
        let at = line.find("unit=").unwrap() + 5;
        line[at..at + 64].to_string()
    }

    fn proofs_in_store(&self) -> Vec<PathBuf> {
        std::fs::read_dir(Path::new(&self.store).join("units"))
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "proof"))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The run's secret, from the plan the coordinator stored.
    fn secret(&self) -> solvent_commit::Digest {
        let runs = Path::new(&self.store).join("runs");
        let run = std::fs::read_dir(&runs).unwrap().next().unwrap().unwrap();
        let plan: serde_json::Value =
            serde_json::from_slice(&std::fs::read(run.path().join("plan.json")).unwrap()).unwrap();
        solvent_commit::Digest::from_hex(plan["secret"].as_str().unwrap()).unwrap()
    }

    /// The bundle verifies.
    fn check_bundle(&self) {
        let out = common::solvent(
            &["verify", &self.bundle().to_string_lossy(), "--json"],
            Path::new(&self.cache),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }

    /// Its public part is byte for byte what `solvent prove` writes for the
    /// same inputs and secret, and so are the inclusion records.
    fn check_same_as_embedded(&self) {
        let embedded = self.dir.join("embedded");
        solvent_prover::prove_round(
            &solvent_prover::ProveOptions {
                assets: self.assets.clone().into(),
                accounts: self.accounts.clone().into(),
                round: "2026-11".into(),
                out: embedded.clone(),
                batch_size: Some(self.batch),
                salt_secret: Some(self.secret()),
                ..Default::default()
            },
            &solvent_prover::pipeline::Silent,
        )
        .unwrap();
        use solvent_model::bundle::{
            ACCOUNTS_FILE, PRIVATE_DIR, STATEMENT_FILE, VERIFIER_KEY_FILE,
        };
        for file in [STATEMENT_FILE, VERIFIER_KEY_FILE] {
            let ours = std::fs::read(self.bundle().join(file)).unwrap();
            let theirs = std::fs::read(embedded.join(file)).unwrap();
            assert!(ours == theirs, "{file} differs from solvent prove's");
        }
        let private = |b: &Path| std::fs::read(b.join(PRIVATE_DIR).join(ACCOUNTS_FILE)).unwrap();
        assert!(
            private(&self.bundle()) == private(&embedded),
            "inclusion records differ"
        );
    }
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

struct Workers(Vec<Child>);

impl Drop for Workers {
    fn drop(&mut self) {
        for w in &mut self.0 {
            let _ = w.kill();
            let _ = w.wait();
        }
    }
}

fn report(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn three_workers_prove_the_round_solvent_prove_proves() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let Some(nats) = nats(dir.path()) else { return };
    let round = Round::new(dir.path(), &nats, 5, 2);
    let _workers = Workers(vec![
        round.worker("a"),
        round.worker("b"),
        round.worker("c"),
    ]);
    let out = round.coordinator(&[]).output().unwrap();
    let report = report(&out);
    // 3 batches (the last one partial), then 2 aggregations (the second
    // over a batch and an all-padding subtree) and the top.
    assert_eq!(report["accounts"], 5);
    assert_eq!(report["batches"], 3);
    assert_eq!(report["depth"], 2);
    assert_eq!(report["units"], 6);
    assert_eq!(report["reproved"], 0);
    round.check_bundle();
    round.check_same_as_embedded();
    let proven: usize = ["a", "b", "c"]
        .iter()
        .map(|w| round.log(w).matches("unit proven").count())
        .sum();
    assert!(proven >= 6, "every unit was proven by a worker");
}

#[test]
fn killed_and_stalled_workers_lose_nothing_and_duplicates_count_once() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let Some(nats) = nats(dir.path()) else { return };
    let round = Round::new(dir.path(), &nats, 6, 4);
    let mut coordinator = round
        .coordinator(&["--ack-wait", "3", "--max-deliver", "20"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Two workers are in the middle of a unit each: one is killed, the
    // other stalled (SIGSTOP).
    let killed = round.worker("killed");
    let stalled = round.worker("stalled");
    round.wait_proving("killed");
    round.wait_proving("stalled");
    signal(&killed, "-KILL");
    signal(&stalled, "-STOP");
    let stalled_unit = round.unit_being_proven("stalled");
    let mut workers = Workers(vec![killed, round.worker("b"), round.worker("c")]);
    // The stalled worker's unit comes back after the ack wait and another
    // worker proves it; then the others are held while the stalled worker
    // wakes, finishes the same unit and reports it: a duplicate result.
    let proven_by_other = || {
        ["b", "c"].iter().any(|w| {
            round
                .log(w)
                .lines()
                .any(|l| l.contains("unit proven") && l.contains(&stalled_unit))
        })
    };
    wait_for(
        "the stalled worker's unit proven by another",
        proven_by_other,
    );
    signal(&workers.0[1], "-STOP");
    signal(&workers.0[2], "-STOP");
    signal(&stalled, "-CONT");
    wait_for("the stalled worker's late result", || {
        round.log("stalled").contains("unit proven")
    });
    signal(&workers.0[1], "-CONT");
    signal(&workers.0[2], "-CONT");
    workers.0.push(stalled);
    let out = coordinator_output(&mut coordinator);
    let report = report(&out);
    assert_eq!(report["units"], 3);
    assert_eq!(report["reproved"], 0);
    assert!(
        report["duplicate_results"].as_u64().unwrap() >= 1,
        "the stalled worker's late result is a duplicate: {report}"
    );
    round.check_bundle();
}

fn coordinator_output(child: &mut Child) -> std::process::Output {
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "the coordinator did not finish");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    use std::io::Read;
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    std::process::Output {
        status: child.wait().unwrap(),
        stdout,
        stderr,
    }
}

#[test]
fn a_restarted_coordinator_resumes_and_reproves_a_damaged_proof() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let Some(nats) = nats(dir.path()) else { return };
    let round = Round::new(dir.path(), &nats, 6, 4);
    let mut first = round
        .coordinator(&[])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // One worker: the coordinator dies once the first proof is in, before
    // the second batch is proven, so the aggregation is never published;
    // the worker goes on with the batch that is queued.
    let mut workers = Workers(vec![round.worker("a")]);
    wait_for("a first proof", || !round.proofs_in_store().is_empty());
    first.kill().unwrap();
    first.wait().unwrap();
    wait_for("both batch proofs", || round.proofs_in_store().len() >= 2);
    std::thread::sleep(Duration::from_millis(500));
    // A damaged proof: one byte of its tail changed.
    let damaged = &round.proofs_in_store()[0];
    let mut bytes = std::fs::read(damaged).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(damaged, bytes).unwrap();

    workers.0.push(round.worker("b"));
    let out = round.coordinator(&["--resume"]).output().unwrap();
    let report = report(&out);
    assert_eq!(report["units"], 3);
    assert_eq!(report["reproved"], 1, "{report}");
    assert_eq!(report["resumed_units"], 1, "{report}");
    round.check_bundle();
    // The damaged proof was replaced by a good one.
    let object = std::fs::read(damaged).unwrap();
    assert!(solvent_cluster::store::open_proof(&object).is_some());
}

#[test]
fn a_unit_out_of_deliveries_stops_the_round_naming_it() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let Some(nats) = nats(dir.path()) else { return };
    let round = Round::new(dir.path(), &nats, 6, 4);
    // One delivery only, and the one worker dies in the middle of it.
    let mut coordinator = round
        .coordinator(&["--ack-wait", "2", "--max-deliver", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut worker = round.worker("dies");
    round.wait_proving("dies");
    let unit = round.unit_being_proven("dies");
    worker.kill().unwrap();
    worker.wait().unwrap();
    // JetStream gives up on a unit when it would deliver it again, to the
    // next worker that asks.
    let _next = Workers(vec![round.worker("next")]);
    let out = coordinator_output(&mut coordinator);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let failure: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = failure["error"].as_str().unwrap();
    assert!(
        message.contains(&unit) && message.contains("failed 1 deliveries"),
        "{message}"
    );
    assert!(!round.bundle().exists(), "nothing is written");
}
