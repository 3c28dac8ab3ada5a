//! Starts the ganache that `npm ci` installs beside this file, on a free
//! loopback port; the tests of solvent-balances and solvent-token include
//! this file. Dropping the node stops it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Node {
    child: Child,
    pub url: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The ganache binary: `$GANACHE`, else the one `npm ci` installed here
/// (the including crate is a sibling of solvent-balances).
pub fn binary() -> Option<PathBuf> {
    let path = std::env::var_os("GANACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../solvent-balances/tests/ganache/node_modules/.bin/ganache")
        });
    path.exists().then_some(path)
}

/// Starts `binary` (chain id 1337, deterministic accounts) with `extra`
/// options, and waits until it listens.
pub fn start(binary: &Path, extra: &[&str]) -> Node {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port_text = port.to_string();
    let mut args = vec![
        "--server.host",
        "127.0.0.1",
        "--server.port",
        &port_text,
        "--wallet.deterministic",
        "--logging.quiet",
        "--chain.chainId",
        "1337",
    ];
    args.extend(extra);
    let child = Command::new(binary)
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ganache");
    let node = Node {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "ganache did not start"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    node
}
