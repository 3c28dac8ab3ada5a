// Renders a round report (REPORT_DIR with report.html and report.json, as
// written by `solvent report` or `solvent demo`) in headless Chromium and
// checks that the ratio table (USD values included), the USD headline and
// both charts render with the report's figures, that nothing is fetched, and takes a screenshot.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./chromium.mjs";

const dir = process.env.REPORT_DIR;
let browser;

before(async () => {
  assert.ok(dir, "set REPORT_DIR to a directory holding report.html and report.json");
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test("report.html shows the ratios table and charts of report.json", async () => {
  const report = JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"));
  const url = "file://" + path.resolve(dir, "report.html");
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url);

  const rows = await page.$$eval("#ratios tbody tr", (trs) =>
    trs.map((tr) => ({
      asset: tr.getAttribute("data-asset"),
      ratio: tr.querySelector("td.ratio").textContent,
      net_usd: tr.querySelector("td.usd-net").textContent,
      reserves_usd: tr.querySelector("td.usd-reserves").textContent,
    })));
  assert.equal(rows.length, report.assets.length);
  for (const [i, a] of report.assets.entries()) {
    assert.equal(rows[i].asset, a.asset);
    assert.equal(rows[i].ratio, a.ratio_percent === null ? "n/a" : `${a.ratio_percent}%`);
    assert.equal(rows[i].net_usd, a.net_liabilities_usd);
    assert.equal(rows[i].reserves_usd, a.reserves_verified_usd);
  }
  const lead = await page.textContent("#usd-total");
  assert.ok(lead.startsWith(report.usd.headline), lead);
  assert.ok(lead.includes(`USD ${report.usd.net_liabilities} of users' net holdings`), lead);

  const withRatio = report.assets.filter((a) => a.ratio_percent !== null).length;
  const bars = await page.$$eval("#ratio-chart rect.bar", (rs) =>
    rs.map((r) => r.getBoundingClientRect().width));
  assert.equal(bars.length, withRatio);
  assert.ok(bars.every((w) => w > 0), "every bar is drawn");
  const series = await page.$$eval("#history-chart circle", (cs) => cs.length);
  assert.ok(series >= withRatio, "the history chart has this round's points");
  assert.ok(await page.isVisible("#insurance"));

  const shot = path.join(process.env.SCREENSHOT_DIR || os.tmpdir(), "solvent-report.png");
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(fs.statSync(shot).size > 10_000, "a non-trivial screenshot");
  await page.close();
  assert.deepEqual(requests.filter((u) => u !== url), [], "the report fetches nothing");
});
