// solvent verifier page: reads dropped or pasted files, runs the WebAssembly
// verifier, and explains the result in plain language.
"use strict";

const files = { statement: null, proof: null, key: null, inclusion: null };
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
  return null;
}

async function addFiles(list) {
  for (const file of list) {
    const kind = classify(file);
    if (!kind) continue;
    files[kind] = kind === "proof" || kind === "key"
      ? new Uint8Array(await file.arrayBuffer())
      : await file.text();
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

function verify() {
  const statement = $("statement-text").value.trim() || files.statement;
  const inclusion = $("inclusion-text").value.trim() || files.inclusion;
  if (!statement || !files.proof || !files.key) {
    fail("Missing input: statement.json, proof.bin and verifier_key.bin are all needed.");
    return;
  }
  const started = performance.now();
  const global = JSON.parse(wasm_bindgen.verify_bundle(statement, files.proof, files.key));
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
    box.appendChild(el("p", `Checked in ${seconds} s, offline.`));
  });
}

initWasm();
$("picker").addEventListener("change", (e) => addFiles(e.target.files));
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); addFiles(e.dataTransfer.files); });
$("verify").addEventListener("click", verify);
