// Renders a month's security report (SECURITY_DIR with security-report.html
// and security-report.json, as `solvent security-report` or `solvent demo`
// writes them) in headless Chromium: the sections in the order,
// each section's status and figures as the JSON has them, the charts drawn,
// nothing fetched, and a screenshot.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./chromium.mjs";

const dir = process.env.SECURITY_DIR;
let browser;

const ORDER = [
  "proof_of_reserves", "safety_fund", "anti_phishing", "risk_provision_fund", "api_security",
  "rookie_protection", "wrong_deposit", "fraudulent_tokens", "blacklists",
];

before(async () => {
  assert.ok(dir, "set SECURITY_DIR to a directory holding security-report.html and .json");
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/// A counts table's rows as an object: {key: number}.
async function counts(page, id) {
  const rows = await page.$$eval(`#${id} tbody tr`, (trs) =>
    trs.map((tr) => [tr.getAttribute("data-key"), tr.querySelector("td.value").textContent]));
  return Object.fromEntries(rows.map(([k, v]) => [k, Number(v)]));
}

test("security-report.html shows every section of security-report.json, in order", async () => {
  const report = JSON.parse(fs.readFileSync(path.join(dir, "security-report.json"), "utf8"));
  assert.equal(report.format, "solvent-security-report-v1");
  const url = "file://" + path.resolve(dir, "security-report.html");
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url);

  const sections = await page.$$eval("section[data-status]", (ss) =>
    ss.map((s) => ({ id: s.id, status: s.getAttribute("data-status") })));
  assert.deepEqual(sections.map((s) => s.id), ORDER);
  assert.deepEqual(Object.keys(report.sections), ORDER);
  for (const s of sections) {
    assert.equal(s.status, report.sections[s.id].status, s.id);
    if (process.env.SECURITY_ALL_REPORTED) {
      assert.equal(s.status, "REPORTED", `${s.id}: the demo reports every section`);
    }
    if (s.status === "NOT_REPORTED") {
      assert.match(await page.textContent(`#${s.id}`), /not reported/);
    }
  }
  const s = report.sections;

  if (s.proof_of_reserves.status === "REPORTED") {
    const por = s.proof_of_reserves;
    assert.ok((await page.textContent("#por-total")).startsWith(por.usd.headline));
    const rows = await page.$$eval("#por-assets tbody tr", (trs) =>
      trs.map((tr) => [tr.getAttribute("data-asset"), tr.querySelector("td.ratio").textContent]));
    assert.deepEqual(rows, por.assets.map((a) =>
      [a.asset, a.ratio_percent === null ? "n/a" : `${a.ratio_percent}%`]));
    const bars = await page.$$eval("#por-ratio-chart rect.bar", (rs) =>
      rs.map((r) => r.getBoundingClientRect().width));
    assert.equal(bars.length, por.assets.filter((a) => a.ratio_percent !== null).length);
    assert.ok(bars.every((w) => w > 0), "every ratio bar is drawn");
  }
  for (const fund of ["safety_fund", "risk_provision_fund"]) {
    if (s[fund].status !== "REPORTED") continue;
    const balances = await page.$$eval(`#${fund}-assets tbody tr`, (trs) =>
      trs.map((tr) => [tr.getAttribute("data-asset"), tr.querySelector("td.balance").textContent]));
    assert.deepEqual(balances, s[fund].assets.map((a) => [a.asset, a.balance]), fund);
    const points = await page.$$eval(`#${fund}-chart circle`, (cs) => cs.length);
    assert.ok(points > 0, `${fund}: the balance chart has points`);
  }
  if (s.anti_phishing.status === "REPORTED") {
    assert.deepEqual(await counts(page, "anti-phishing-rules"), s.anti_phishing.by_rule);
  }
  if (s.api_security.status === "REPORTED") {
    assert.deepEqual(await counts(page, "api-security-actions"), s.api_security.by_action);
    assert.deepEqual(await counts(page, "api-security-rules"), s.api_security.by_rule);
  }
  if (s.rookie_protection.status === "REPORTED") {
    assert.deepEqual(await counts(page, "rookie-rules"), s.rookie_protection.denied_by_rule);
  }
  if (s.wrong_deposit.status === "REPORTED") {
    assert.deepEqual(await counts(page, "wrong-deposit-cases"), s.wrong_deposit.by_case);
    assert.deepEqual(await counts(page, "wrong-deposit-recovery"), s.wrong_deposit.by_recovery);
  }
  if (s.fraudulent_tokens.status === "REPORTED") {
    assert.deepEqual(await counts(page, "token-verdicts"), s.fraudulent_tokens.by_verdict);
  }
  if (s.blacklists.status === "REPORTED") {
    const listed = await page.$$eval("#blacklist-sources tbody td.value", (tds) =>
      tds.map((td) => Number(td.textContent)));
    assert.deepEqual(listed, s.blacklists.sources.map((l) => l.entries));
  }
  const history = await page.$$eval("#history-chart circle", (cs) => cs.length);
  const expected = report.history.reduce((n, m) => n + Object.keys(m.counts).length, 0);
  assert.equal(history, expected, "one point per month and count recorded");

  const shot = path.join(process.env.SCREENSHOT_DIR || os.tmpdir(), "solvent-security-report.png");
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(fs.statSync(shot).size > 10_000, "a non-trivial screenshot");
  await page.close();
  assert.deepEqual(requests.filter((u) => u !== url), [], "the report fetches nothing");
});
