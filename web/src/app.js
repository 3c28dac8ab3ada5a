// solvent verifier page: reads dropped or pasted files, runs the WebAssembly
// verifier, and explains the result in plain language.
"use strict";

const files = { statement: null, proof: null, key: null, inclusion: null, okx: null, okxTree: null };
const $ = (id) => document.getElementById(id);

function initWasm() {
  const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
  wasm_bindgen.initSync({ module: bytes });
}

function classify(file) {
  const name = file.name.toLowerCase();
  if (name === "proof.bin") return "proof";
  if (name === "verifier_key.bin") return "key";
  if (name === "statement.json") return "statement";
  if (name.endsWith(".json")) return "inclusion";
  if (name.endsWith(".txt")) return "okxTree";
  return null;
}

// OKX's user files are JSON too; told apart by their fields.
function isOkx(text) {
  try {
    const v = JSON.parse(text);
    return ("path" in v && "self" in v) || ("nodes" in v && "totalBalances" in v);
  } catch (_) {
    return false;
  }
}

async function addFiles(list) {
  for (const file of list) {
    let kind = classify(file);
    if (!kind) continue;
    const content = kind === "proof" || kind === "key"
      ? new Uint8Array(await file.arrayBuffer())
      : await file.text();
    if (kind === "inclusion" && isOkx(content)) kind = "okx";
    files[kind] = content;
  }
  const have = Object.entries(files).filter(([, v]) => v !== null).map(([k]) => k);
  $("files").textContent = have.length ? "Loaded: " + have.join(", ") : "No files yet.";
}

function el(tag, text) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

function table(headers, rows) {
  const t = el("table");
  const head = el("tr");
  headers.forEach((h) => head.appendChild(el("th", h)));
  t.appendChild(head);
  rows.forEach((r) => {
    const tr = el("tr");
    r.forEach((c) => tr.appendChild(el("td", c)));
    t.appendChild(tr);
  });
  return t;
}

function show(status, build) {
  const box = $("result");
  box.replaceChildren();
  box.dataset.status = status;
  build(box);
}

function fail(reason) {
  show("invalid", (box) => {
    box.appendChild(el("h2", "✘ Verification failed"));
    box.appendChild(el("p", reason));
    box.appendChild(el("p", "Do not rely on this bundle or inclusion proof."));
  });
}

// OKX's published files: checked as OKX's tool checks them, and beyond.
function verifyOkx() {
  const v = JSON.parse(wasm_bindgen.okx_inclusion(files.okx, files.okxTree || "", $("okx-root").value));
  if (v.error) {
    fail("These OKX files cannot be checked: " + v.error);
    return;
  }
  const caveats = (box) => {
    box.appendChild(el("p", "What this format cannot guarantee:"));
    const list = el("ul");
    v.caveats.forEach((c) => list.appendChild(el("li", c)));
    box.appendChild(list);
  };
  if (!v.valid) {
    show("invalid", (box) => {
      box.appendChild(el("h2", `✘ OKX proof (${v.format}) is invalid`));
      const list = el("ul");
      v.problems.forEach((p) => list.appendChild(el("li", p.detail + (p.okx_tool_checks ? "" : " (OKX's own tool does not check this)"))));
      box.appendChild(list);
      caveats(box);
    });
    return;
  }
  show("valid", (box) => {
    box.appendChild(el("h2", `✔ Your balances are in OKX's liabilities tree (${v.format})`));
    box.appendChild(table(["asset", "your balance"], [["BTC", v.balances.BTC], ["ETH", v.balances.ETH], ["USDT", v.balances.USDT]]));
    const root = el("p");
    root.appendChild(document.createTextNode("Root: "));
    root.appendChild(el("code", v.root));
    root.appendChild(document.createTextNode(v.root_matches === true ? " (the published root you entered)" : " (compare it with the root OKX publishes)"));
    box.appendChild(root);
    if (v.root_balances) {
      box.appendChild(el("p", `The root's total liabilities: BTC ${v.root_balances.BTC}, ETH ${v.root_balances.ETH}, USDT ${v.root_balances.USDT}.`));
    }
    caveats(box);
  });
}

function verify() {
  if (files.okx) {
    verifyOkx();
    return;
  }
  const statement = $("statement-text").value.trim() || files.statement;
  const inclusion = $("inclusion-text").value.trim() || files.inclusion;
  if (!statement || !files.proof || !files.key) {
    fail("Missing input: statement.json, proof.bin and verifier_key.bin are all needed.");
    return;
  }
  check(statement, files.proof, files.key, inclusion, performance.now());
}

// Verifies the global proof, then the user's inclusion proof if there is
// one, and shows the verdict.
function check(statement, proof, key, inclusion, started) {
  const global = JSON.parse(wasm_bindgen.verify_bundle(statement, proof, key));
  if (!global.valid) {
    fail("The liabilities proof is invalid: " + global.error);
    return;
  }
  let user = null;
  if (inclusion) {
    user = JSON.parse(wasm_bindgen.verify_user_inclusion(statement, inclusion));
    if (!user.valid) {
      fail("The liabilities proof is valid, but your inclusion proof is not: " + user.error);
      return;
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  show("valid", (box) => {
    if (user) {
      box.appendChild(el("h2", `✔ Your account “${user.account_id}” is included in round ${user.round}`));
      box.appendChild(el("p", `Your ${user.balances.length} balance(s) below are counted in the proven totals (all other assets are zero):`));
      box.appendChild(table(["asset", "equity", "debt"], user.balances.map((b) => [b.asset, b.equity, b.debt])));
    } else {
      box.appendChild(el("h2", `✔ The liabilities proof of round ${global.round} is valid`));
    }
    box.appendChild(el("p", `Total liabilities are proven for ${global.assets.length} assets over ${global.leaf_count} accounts: every balance is in range, no account is under water at the prices below (equity counted at its collateral ratio, debt at the full price), and these totals are exact sums:`));
    box.appendChild(table(["asset", "total equity", "total debt", "price (USD)", "collateral ratio", "price source and time"], global.assets.map((a) => [a.symbol, a.total_equity, a.total_debt, a.price_usd, a.collateral_ratio, [a.price_source, a.price_time].filter(Boolean).join(", ") || "not stated"])));
    const key = el("p");
    key.appendChild(document.createTextNode("Verifier key (pinned in this page, built from solvent's source): "));
    key.appendChild(el("code", global.verifier_key_digest));
    box.appendChild(key);
    box.appendChild(el("p", "What “valid” means: the exchange has committed, in one zero-knowledge proof, to every account's balances; the totals above are their exact sums, and no account is counted below zero. If your balances above are right, your funds are counted in what the exchange says it owes. Compare the totals with the exchange's reserves report to see that it holds at least as much."));
    if (user && inclusion) {
      const keep = el("a", "Save your inclusion proof");
      keep.href = URL.createObjectURL(new Blob([inclusion], { type: "application/json" }));
      keep.download = `inclusion-${user.round}.json`;
      box.appendChild(keep);
    }
    box.appendChild(el("p", `Checked in ${seconds} s, in this page.`));
  });
}

// A published site: fetches files from this page's own origin only.
async function fetchSite(name, binary) {
  const response = await fetch(name, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return binary ? new Uint8Array(await response.arrayBuffer()) : response.text();
}

async function checkCode() {
  const started = performance.now();
  const code = $("code").value;
  let statement, site, proof, key, bucket;
  try {
    [statement, site, proof, key] = await Promise.all([
      fetchSite("statement.json"), fetchSite("site.json"),
      fetchSite("proof.bin", true), fetchSite("verifier_key.bin", true),
    ]);
  } catch (e) {
    fail("Could not fetch the round's files from this site: " + e.message);
    return;
  }
  const where = JSON.parse(wasm_bindgen.site_bucket(code, statement, site));
  if (where.error) {
    fail(where.error);
    return;
  }
  try {
    bucket = await fetchSite(where.bucket, true);
  } catch (e) {
    fail("Could not fetch your bucket from this site: " + e.message);
    return;
  }
  const entry = JSON.parse(wasm_bindgen.site_open(code, statement, site, bucket));
  if (entry.error) {
    fail("Your entry could not be opened: " + entry.error);
    return;
  }
  check(statement, proof, key, entry.inclusion, started);
}

async function detectSite() {
  if (!location.protocol.startsWith("http")) return;
  try {
    const site = JSON.parse(await fetchSite("site.json"));
    $("bucket-users").textContent = String(site.min_bucket_users);
    $("site").hidden = false;
  } catch (_) {
    // Not a published site: the page checks dropped files only.
  }
}

initWasm();
$("picker").addEventListener("change", (e) => addFiles(e.target.files));
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); addFiles(e.dataTransfer.files); });
$("verify").addEventListener("click", verify);
$("check").addEventListener("click", checkCode);
$("code").addEventListener("keydown", (e) => { if (e.key === "Enter") checkCode(); });
detectSite();
