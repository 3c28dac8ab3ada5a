// Drives web/dist/solvent-verifier.html in headless Chromium (Debian's
// /usr/bin/chromium) against a real bundle: BUNDLE_DIR must hold a bundle and
// INCLUSION an inclusion proof extracted from it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./chromium.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);
const page_path = path.join(here, "..", "dist", "solvent-verifier.html");
const bundle = process.env.BUNDLE_DIR;
const inclusion = process.env.INCLUSION;
let server, origin, browser;

before(async () => {
  assert.ok(bundle && inclusion, "set BUNDLE_DIR and INCLUSION");
  const html = fs.readFileSync(page_path);
  server = http.createServer((req, res) => {
    if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(html);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/// Loads the page, gives it the files, clicks Verify; returns status, text
/// and the milliseconds from opening the page to its verdict.
async function run(files) {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const started = performance.now();
  await page.goto(origin + "/");
  await page.setInputFiles("#picker", files);
  await page.waitForFunction(() => document.getElementById("files").textContent.includes("proof"));
  await page.click("#verify");
  await page.waitForSelector("#result[data-status]", { timeout: 30000 });
  const status = await page.getAttribute("#result", "data-status");
  const text = await page.textContent("#result");
  const ms = performance.now() - started;
  await page.close();
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), [], "no request leaves the page");
  return { status, text, ms };
}

function tmpCopy(name, bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "solvent-web-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const bundleFiles = () => ["statement.json", "proof.bin", "verifier_key.bin"].map((f) => path.join(bundle, f));

test("a valid bundle and inclusion proof show success with the user's balances", async () => {
  const { status, text } = await run([...bundleFiles(), inclusion]);
  assert.equal(status, "valid", text);
  const account = JSON.parse(fs.readFileSync(inclusion, "utf8")).account_id;
  assert.match(text, new RegExp(`Your account “${account}” is included`));
  assert.match(text, /Total liabilities are proven for \d+ assets/);
});

test("a tampered inclusion proof shows failure with the reason", async () => {
  const proof = JSON.parse(fs.readFileSync(inclusion, "utf8"));
  proof.balances[0].equity = proof.balances[0].equity === "1" ? "2" : "1";
  const tampered = tmpCopy("me.json", JSON.stringify(proof));
  const { status, text } = await run([...bundleFiles(), tampered]);
  assert.equal(status, "invalid", text);
  assert.match(text, /inclusion proof is not/);
  assert.match(text, /does not lead to the statement's root/);
});

test("a tampered global proof shows failure with the reason", async () => {
  const bytes = fs.readFileSync(path.join(bundle, "proof.bin"));
  bytes[2000] ^= 0x04;
  const tampered = tmpCopy("proof.bin", bytes);
  const files = [path.join(bundle, "statement.json"), tampered, path.join(bundle, "verifier_key.bin"), inclusion];
  const { status, text } = await run(files);
  assert.equal(status, "invalid", text);
  assert.match(text, /liabilities proof is invalid/);
});

test("the page asks for no digest and trusts only its pinned keys", async () => {
  const { status, text, ms } = await run(bundleFiles());
  assert.equal(status, "valid", text);
  assert.match(text, /Verifier key \(pinned in this page/);
  // A measurement for docs/PERF.md, not a timed assertion.
  console.log(`page: opened, given the bundle and verified in ${Math.round(ms)} ms`);
  // A statement naming any other key (say, of a circuit that leaves its
  // public inputs free) is refused, whatever the exchange publishes.
  const statement = JSON.parse(fs.readFileSync(path.join(bundle, "statement.json"), "utf8"));
  statement.verifier_key_digest = "ab".repeat(32);
  const renamed = tmpCopy("statement.json", JSON.stringify(statement));
  const files = [renamed, path.join(bundle, "proof.bin"), path.join(bundle, "verifier_key.bin")];
  const refused = await run(files);
  assert.equal(refused.status, "invalid", refused.text);
  assert.match(refused.text, /unknown verifier key/);
});
