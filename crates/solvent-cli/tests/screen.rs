//! `solvent screen address` and `solvent screen domain` end to end:
//! verdicts in text and JSON Lines, batch input, the address book, the
//! domain rules' reasons, and the exit codes (0 clear, 1 blocked or warned,
//! 2 unusable input).

mod common;

use std::path::Path;
use std::process::Output;

use common::{solvent, text};

fn screen(args: &[&str]) -> Output {
    let args: Vec<&str> = ["screen", "address"].iter().chain(args).copied().collect();
    solvent(&args, Path::new("/nonexistent-cache"))
}

fn list(name: &str) -> String {
    format!(
        "{}/../../testdata/screen/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[test]
fn verdicts_and_exit_codes() {
    let advanced = list("sdn_advanced.xml");
    let clear = screen(&[
        "--list",
        &advanced,
        "0x0000000000000000000000000000000000000001",
    ]);
    assert_eq!(clear.status.code(), Some(0), "{}", text(&clear));
    // The rejected entries of the list are reported, file and line.
    let stderr = String::from_utf8_lossy(&clear.stderr);
    assert!(
        stderr.contains(
            "sdn_advanced.xml:52: `0xa7e5d5a720f06526557c513402f2e6b5fa20b00` (ETH) not used"
        ),
        "{stderr}"
    );

    let out = screen(&[
        "--list",
        &advanced,
        "--list",
        &list("sdn.xml"),
        "--json",
        "0x8576ACC5C05D6CE88F4E49BF65BDF0C62F91353C",
        "0x0000000000000000000000000000000000000001",
        "not-an-address",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["verdict"], "BLOCK");
    assert_eq!(lines[0]["chain"], "EVM");
    assert_eq!(lines[0]["matches"][0]["source"], "OFAC SDN");
    assert_eq!(lines[0]["matches"][0]["list_date"], "2026-11-28");
    assert_eq!(lines[0]["matches"][0]["label"], "EXAMPLE MIXER");
    assert!(lines[0]["matches"][0]["line"].as_u64().unwrap() > 1);
    assert_eq!(lines[1]["verdict"], "NONE");
    assert_eq!(lines[2]["verdict"], "INVALID");
    assert!(lines[2]["reason"]
        .as_str()
        .unwrap()
        .contains("not an address"));

    // Only an unusable address: exit 2, still with its verdict.
    let out = screen(&["--list", &advanced, "--json", "not-an-address"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(json_lines(&out)[0]["verdict"], "INVALID");
    // A named chain the address is not of.
    let out = screen(&[
        "--list",
        &advanced,
        "--chain",
        "BTC",
        "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn batch_input_and_address_book() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("traffic.csv");
    std::fs::write(
        &input,
        "address,chain\n# withdrawals of the day\nTJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC,TRON\n0x8576ffffffffffffffffffffffffffffffff353c\n0x0000000000000000000000000000000000000001,ETH\n",
    )
    .unwrap();
    let book = dir.path().join("book.txt");
    std::fs::write(
        &book,
        "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c # my cold wallet\n",
    )
    .unwrap();
    let input = input.to_string_lossy();
    let book = book.to_string_lossy();
    let out = screen(&[
        "--list",
        &list("sdn.xml"),
        "--input",
        &input,
        "--address-book",
        &book,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let verdicts: Vec<_> = json_lines(&out)
        .iter()
        .map(|l| l["verdict"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(verdicts, ["BLOCK", "WARN", "NONE"]);
    let warn = &json_lines(&out)[1];
    assert_eq!(warn["matches"][0]["kind"], "lookalike");
    assert_eq!(warn["matches"][0]["label"], "my cold wallet");

    // Text output: one line per address and a tally.
    let out = screen(&["--list", &list("sdn.xml"), "--input", &input]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("3 screened: 1 BLOCK, 0 WARN, 2 NONE, 0 INVALID"),
        "{stdout}"
    );

    // Nothing to screen, a missing list, a missing input: exit 2, named.
    let out = screen(&["--list", &list("sdn.xml")]);
    assert_eq!(out.status.code(), Some(2));
    let out = screen(&[
        "--list",
        "/nonexistent/list.txt",
        "0x0000000000000000000000000000000000000001",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/list.txt"));
    let out = screen(&[
        "--list",
        &list("sdn.xml"),
        "--input",
        "/nonexistent/in.csv",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"exit_code\":2"));
}

#[test]
fn monthly_stats_against_the_previous_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.redb");
    let history = history.to_string_lossy();
    let stats = |args: &[&str]| {
        let args: Vec<&str> = ["screen", "stats", "--history", &history]
            .iter()
            .chain(args)
            .copied()
            .collect();
        solvent(&args, Path::new("/nonexistent-cache"))
    };
    let november = stats(&["--list", &list("sdn.xml"), "--month", "2026-11"]);
    assert_eq!(november.status.code(), Some(0), "{}", text(&november));
    let november: serde_json::Value = serde_json::from_slice(&november.stdout).unwrap();
    assert_eq!(november["format"], "solvent-screen-stats-v1");
    assert!(november["changes"].is_null());
    assert!(november["traffic"].is_null());

    // The month's traffic, as `screen address --json` wrote it.
    let traffic = screen(&[
        "--list",
        &list("sdn_advanced.xml"),
        "--json",
        "1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu",
        "0x0000000000000000000000000000000000000001",
        "nope",
    ]);
    let traffic_file = dir.path().join("traffic.jsonl");
    std::fs::write(&traffic_file, &traffic.stdout).unwrap();
    // And the month's screened domains, as `screen domain --json` wrote them.
    let domains = screen_domain(&[
        "--json",
        "okx.com",
        "0kx.com",
        "okx.com.login.net",
        "okx-pay.com",
    ]);
    let domain_file = dir.path().join("domains.jsonl");
    std::fs::write(&domain_file, &domains.stdout).unwrap();
    let december = stats(&[
        "--traffic",
        &domain_file.to_string_lossy(),
        "--list",
        &list("sdn_advanced.xml"),
        "--month",
        "2026-12",
        "--traffic",
        &traffic_file.to_string_lossy(),
    ]);
    assert_eq!(december.status.code(), Some(0), "{}", text(&december));
    let december: serde_json::Value = serde_json::from_slice(&december.stdout).unwrap();
    assert_eq!(december["lists"][0]["entries"], 8);
    assert_eq!(december["lists"][0]["rejected"], 4);
    let evm = december["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["chain"] == "EVM")
        .unwrap();
    assert_eq!(evm["entries"], 2);
    // November had 4 addresses, December 8: 5 new, 1 removed.
    assert_eq!(december["changes"]["previous_month"], "2026-11");
    assert_eq!(december["changes"]["sources"][0]["new"], 5);
    assert_eq!(december["changes"]["sources"][0]["removed"], 1);
    let t = &december["traffic"];
    assert_eq!(
        (
            t["screened"].as_u64(),
            t["block"].as_u64(),
            t["none"].as_u64(),
            t["invalid"].as_u64()
        ),
        (Some(3), Some(1), Some(1), Some(1))
    );
    assert_eq!(t["blocked_by_source"]["OFAC SDN"], 1);
    let d = &t["domains"];
    assert_eq!(
        (
            d["screened"].as_u64(),
            d["block"].as_u64(),
            d["warn"].as_u64(),
            d["allow"].as_u64()
        ),
        (Some(4), Some(2), Some(1), Some(1))
    );
    assert_eq!(d["by_rule"]["homoglyph"], 1);
    assert_eq!(d["by_rule"]["brand_domain_in_subdomain"], 1);
    assert_eq!(d["by_rule"]["combosquat"], 1);
    assert_eq!(d["by_rule"]["protected"], 1);

    // A bad month, a traffic line that is not a verdict: exit 2, named.
    let out = stats(&["--list", &list("sdn.xml"), "--month", "2026-13"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::write(
        &traffic_file,
        "{\"verdict\":\"BLOCK\",\"matches\":[]}\n{\"verdict\":\"MAYBE\"}\n",
    )
    .unwrap();
    let out = stats(&[
        "--list",
        &list("sdn.xml"),
        "--month",
        "2026-12",
        "--traffic",
        &traffic_file.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("traffic.jsonl:2"),
        "{}",
        text(&out)
    );
}

fn screen_domain(args: &[&str]) -> Output {
    let config = list("phishing-config.json");
    let brands = list("brands.txt");
    let args: Vec<&str> = [
        "screen",
        "domain",
        "--phishing-config",
        &config,
        "--brands",
        &brands,
    ]
    .iter()
    .chain(args)
    .copied()
    .collect();
    solvent(&args, Path::new("/nonexistent-cache"))
}

#[test]
fn domain_verdicts_reasons_and_exit_codes() {
    let clear = screen_domain(&["https://www.okx.com/account", "example.org"]);
    assert_eq!(clear.status.code(), Some(0), "{}", text(&clear));
    let stdout = String::from_utf8_lossy(&clear.stdout);
    assert!(stdout.contains("ALLOW    www.okx.com"), "{stdout}");
    assert!(
        stdout.contains("2 screened: 0 BLOCK, 0 WARN, 1 ALLOW, 1 NONE, 0 INVALID"),
        "{stdout}"
    );
    // The configuration's entry that is no host is reported, file and line.
    let stderr = String::from_utf8_lossy(&clear.stderr);
    assert!(
        stderr.contains("phishing-config.json:16: blocklist entry `bad entry.example` not used"),
        "{stderr}"
    );

    let out = screen_domain(&[
        "--json",
        "login.opensea-claim.xyz",
        "https://xn--metmask-4fg.io/",
        "okx-wallet.com",
        "metamask.app",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let lines = json_lines(&out);
    let field = |i: usize, k: &str| lines[i][k].clone();
    assert_eq!(field(0, "verdict"), "BLOCK");
    assert_eq!(field(0, "registrable_domain"), "opensea-claim.xyz");
    assert_eq!(lines[0]["reasons"][0]["rule"], "blocklist");
    assert_eq!(lines[0]["reasons"][0]["brand"], "opensea-claim.xyz");
    assert_eq!(field(1, "host"), "xn--metmask-4fg.io");
    assert_eq!(field(1, "host_unicode"), "metаmask.io");
    assert_eq!(lines[1]["reasons"][0]["rule"], "homoglyph");
    assert_eq!(lines[1]["reasons"][0]["brand"], "metamask.io");
    assert_eq!(lines[1]["reasons"][0]["distance"], 0);
    assert_eq!(field(2, "verdict"), "WARN");
    assert_eq!(lines[2]["reasons"][0]["rule"], "combosquat");
    // Allowlisted, though one edit from metamask.io: the allowlist wins.
    assert_eq!(field(3, "verdict"), "ALLOW");

    let bad = screen_domain(&["--json", "exa mple.com"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert_eq!(json_lines(&bad)[0]["verdict"], "INVALID");
}

#[test]
fn domain_batch_input_and_unusable_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hosts.txt");
    std::fs::write(
        &input,
        "# today's links\nokcoin.com\n\nokcoinn.com # reported\n",
    )
    .unwrap();
    let out = screen_domain(&["--json", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdict"], "ALLOW");
    assert_eq!(lines[1]["reasons"][0]["rule"], "lookalike");
    assert_eq!(lines[1]["reasons"][0]["distance"], 1);

    // A configuration that is not one: exit 2, naming file and line.
    let config = dir.path().join("config.json");
    std::fs::write(&config, "{\"blacklist\": [\n  \"a.io\",\n  7\n]}").unwrap();
    let args = [
        "screen",
        "domain",
        "--phishing-config",
        config.to_str().unwrap(),
        "a.io",
    ];
    let out = solvent(&args, Path::new("/nonexistent-cache"));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("config.json:3: "), "{}", text(&out));
    // A brands line that is not `DOMAIN [TOLERANCE]`.
    let brands = dir.path().join("brands.txt");
    std::fs::write(&brands, "okx.com\nokx.net two\n").unwrap();
    let args = [
        "screen",
        "domain",
        "--brands",
        brands.to_str().unwrap(),
        "a.io",
    ];
    let out = solvent(&args, Path::new("/nonexistent-cache"));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("brands.txt:2: tolerance `two`"),
        "{}",
        text(&out)
    );
    // Nothing to screen against, and a missing Public Suffix List.
    let out = solvent(
        &["screen", "domain", "a.io"],
        Path::new("/nonexistent-cache"),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = screen_domain(&["--psl", "/nonexistent.dat", "a.io"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("publicsuffix"), "{}", text(&out));
}
