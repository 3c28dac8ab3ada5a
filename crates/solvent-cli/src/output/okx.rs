//! What `solvent okx inclusion` prints.

use solvent_okx::Verdict;

pub fn print_verdict(v: &Verdict, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(v)?);
        return Ok(());
    }
    let b = &v.balances;
    if v.valid {
        println!(
            "VALID ({}): your balances BTC {}, ETH {}, USDT {} are in the tree with root {}.",
            v.format, b.btc, b.eth, b.usdt, v.root
        );
    } else {
        println!("INVALID ({}): {} problem(s):", v.format, v.problems.len());
        for p in &v.problems {
            let note = if p.okx_tool_checks {
                ""
            } else {
                " (OKX's own tool does not check this)"
            };
            println!("  - {}{note}", p.detail);
        }
    }
    match v.root_matches {
        Some(true) => println!("The root is the one given (--root)."),
        Some(false) => {}
        None => println!(
            "Compare the root {} with the one OKX publishes (or pass it with --root).",
            v.root
        ),
    }
    if let Some(r) = &v.root_balances {
        println!(
            "The root's total liabilities: BTC {}, ETH {}, USDT {}.",
            r.btc, r.eth, r.usdt
        );
    }
    println!("What this format cannot guarantee:");
    for c in v.caveats {
        println!("  - {c}");
    }
    Ok(())
}
