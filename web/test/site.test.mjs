// Drives a published verification site (`solvent publish`) in headless
// Chromium, served by `solvent serve`: SOLVENT is the binary, SITE_DIR the
// site, CODES its codes file and OTHER_BUNDLE a bundle of another round.
// Every check must come from the page's own origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./chromium.mjs";

const { SOLVENT: solvent, SITE_DIR: site, CODES: codes, OTHER_BUNDLE: other } = process.env;
let browser;
const servers = [];

before(async () => {
  assert.ok(solvent && site && codes && other, "set SOLVENT, SITE_DIR, CODES and OTHER_BUNDLE");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.kill("SIGTERM");
});

/// Starts `solvent serve DIR` on a free port; resolves to its origin.
function serve(dir) {
  const child = spawn(solvent, ["serve", dir, "--addr", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "inherit"] });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`solvent serve exited with ${code}`)));
  });
}

/// A copy of the site, changed by `change(dir)`, served on its own port.
async function servedCopy(change) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "solvent-site-"));
  fs.cpSync(site, dir, { recursive: true });
  change(dir);
  return serve(dir);
}

/// Opens the site, types `code`, checks; returns status and text.
async function check(origin, code) {
  const page = await browser.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(origin + "/");
  await page.waitForSelector("#site:not([hidden])");
  await page.fill("#code", code);
  await page.click("#check");
  await page.waitForSelector("#result[data-status]", { timeout: 30000 });
  const status = await page.getAttribute("#result", "data-status");
  const text = await page.textContent("#result");
  await page.close();
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin + "/")), [], "no request leaves the site's origin");
  return { status, text, requests };
}

const rows = () => fs.readFileSync(codes, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));

test("the right code shows the user's balances as valid, fetching one bucket", async () => {
  const origin = await serve(site);
  const [account, code] = rows()[7];
  const { status, text, requests } = await check(origin, code.toLowerCase());
  assert.equal(status, "valid", text);
  assert.match(text, new RegExp(`Your account “${account}” is included in round`));
  assert.match(text, /What “valid” means/);
  assert.match(text, /Total liabilities are proven/);
  const buckets = requests.filter((u) => u.includes("/buckets/"));
  assert.equal(buckets.length, 1, "exactly one bucket is fetched");
});

test("a wrong code finds no entry", async () => {
  const origin = await serve(site);
  const { status, text } = await check(origin, "0000-0000-0000-0000-0000");
  assert.equal(status, "invalid", text);
  assert.match(text, /no entry for this code/);
  const typo = await check(origin, "0000-0000");
  assert.equal(typo.status, "invalid", typo.text);
  assert.match(typo.text, /has 20 letters and digits/);
});

test("a tampered bucket is refused", async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(site, "site.json"), "utf8"));
  const origin = await servedCopy((dir) => {
    // One byte of every entry's ciphertext, in every bucket.
    for (const name of fs.readdirSync(path.join(dir, "buckets"))) {
      const file = path.join(dir, "buckets", name);
      const bytes = fs.readFileSync(file);
      for (let at = 0; at < bytes.length; at += manifest.entry_len) bytes[at + 100] ^= 1;
      fs.writeFileSync(file, bytes);
    }
  });
  const { status, text } = await check(origin, rows()[3][1]);
  assert.equal(status, "invalid", text);
  assert.match(text, /does not decrypt: it was altered/);
});

test("a tampered proof is refused", async () => {
  const origin = await servedCopy((dir) => {
    const file = path.join(dir, "proof.bin");
    const bytes = fs.readFileSync(file);
    bytes[2000] ^= 0x04;
    fs.writeFileSync(file, bytes);
  });
  const { status, text } = await check(origin, rows()[3][1]);
  assert.equal(status, "invalid", text);
  assert.match(text, /liabilities proof is invalid/);
});

test("a bundle from another round is refused", async () => {
  const origin = await servedCopy((dir) => {
    for (const name of ["statement.json", "proof.bin", "verifier_key.bin"]) {
      fs.copyFileSync(path.join(other, name), path.join(dir, name));
    }
  });
  const { status, text } = await check(origin, rows()[3][1]);
  assert.equal(status, "invalid", text);
  assert.match(text, /from different rounds/);
});
