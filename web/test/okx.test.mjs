// OKX's published proof files, dropped on web/dist/solvent-verifier.html
// opened from disk in headless Chromium: the real samples (testdata/okx)
// verify, a changed one is refused with its reason, and nothing is fetched.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./chromium.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);
const page_url = "file://" + path.join(here, "..", "dist", "solvent-verifier.html");
const samples = path.join(here, "..", "..", "testdata", "okx");
const sample = (name) => path.join(samples, name);
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function run(files, root = "") {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(page_url);
  await page.setInputFiles("#picker", files);
  await page.waitForFunction(() => document.getElementById("files").textContent.includes("okx"));
  await page.fill("#okx-root", root);
  await page.click("#verify");
  await page.waitForSelector("#result[data-status]", { timeout: 30000 });
  const status = await page.getAttribute("#result", "data-status");
  const text = await page.textContent("#result");
  await page.close();
  assert.deepEqual(requests, [page_url], "nothing but the page itself is loaded");
  return { status, text };
}

test("OKX's v1 proof file verifies against its published root", async () => {
  const root = "ac6b39d2a0aa8112bd1aadff5e7d4b5c2b91cd54d595262ba4367f5d2db4160d";
  const { status, text } = await run([sample("merkle_proof_file.json")], root);
  assert.equal(status, "valid", text);
  assert.match(text, /Your balances are in OKX's liabilities tree \(okx-v1\)/);
  assert.match(text, /19398\.33550812/);
  assert.match(text, /the published root you entered/);
});

test("OKX's v2 user file verifies with the full tree", async () => {
  const { status, text } = await run([sample("user_info_file.json"), sample("full-liabilities-merkle-tree.txt")]);
  assert.equal(status, "valid", text);
  assert.match(text, /okx-v2/);
});

test("a changed OKX file is refused with the reason", async () => {
  const body = fs.readFileSync(sample("merkle_proof_file.json"), "utf8").replace("19398.33550812", "29398.33550812");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "solvent-okx-"));
  const file = path.join(dir, "merkle_proof_file.json");
  fs.writeFileSync(file, body);
  const { status, text } = await run([file]);
  assert.equal(status, "invalid", text);
  assert.match(text, /your leaf's hash is not SHA-256/);
});
