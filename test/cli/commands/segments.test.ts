import { expect, test } from "vitest";
import { CLASSIC_SEGMENTS, segmentRfm } from "../../../src/rfm/index.js";
import { customers, FILE, MAP, rounded } from "../fixture.js";
import { cli } from "../helpers.js";

const label = (id: string, zh: boolean) => CLASSIC_SEGMENTS.find((s) => s.id === id)![zh ? "labelZh" : "label"];

test("segments: classic with labels in English and Chinese, and the summary", async () => {
  const { customers: segments, meta } = segmentRfm(customers);
  const en = await cli(["segments", FILE, ...MAP, "--format", "json"]);
  // the classic scheme on raw values has no scores: the empty score columns are left out
  expect(JSON.parse(en.stdout)).toEqual(rounded(segments.map(({ r: _r, f: _f, m: _m, cell: _c, ...s }) => ({ ...s, label: label(s.segment, false) }))));
  const scored = await cli(["segments", FILE, ...MAP, "--format", "json", "--basis", "scores"]);
  expect(JSON.parse(scored.stdout)).toEqual(rounded(segmentRfm(customers, { basis: "scores" }).customers.map((s) => ({ ...s, label: label(s.segment, false) }))));
  const zh = await cli(["segments", FILE, ...MAP, "--format", "json", "--labels", "zh"]);
  expect(JSON.parse(zh.stdout).map((s: { label: string }) => s.label)).toEqual(segments.map((s) => label(s.segment, true)));
  // the summary: one label column in the --labels language, no mean scores (nothing was scored)
  const sum = await cli(["segments", FILE, ...MAP, "--format", "json", "--summary"]);
  const summary = meta.segments.map(({ labelZh: _zh, meanR: _r, meanF: _f, meanM: _m, ...s }) => s);
  expect(JSON.parse(sum.stdout)).toEqual(rounded(summary));
  const sumZh = await cli(["segments", FILE, ...MAP, "--format", "json", "--summary", "--labels", "zh"]);
  expect(JSON.parse(sumZh.stdout)).toEqual(rounded(summary.map((s) => ({ ...s, label: label(s.segment, true) }))));
  const sumScored = await cli(["segments", FILE, ...MAP, "--format", "json", "--summary", "--basis", "scores"]);
  expect(Object.keys(JSON.parse(sumScored.stdout)[0])).toEqual(expect.arrayContaining(["meanR", "meanF", "meanM"]));
  expect(Object.keys(JSON.parse(sumScored.stdout)[0])).not.toContain("labelZh");
});

test("segments: R rfm's schemes with r-rfm scoring, and --thresholds median", async () => {
  const expected = segmentRfm(customers, { scheme: "r-rfm-readme", scoring: { method: "r-rfm" } }).customers;
  const r = await cli(["segments", FILE, ...MAP, "--scheme", "r-rfm-readme", "--method", "r-rfm", "--format", "json"]);
  expect(JSON.parse(r.stdout).map((s: { segment: string }) => s.segment)).toEqual(expected.map((s) => s.segment));
  const median = segmentRfm(customers, { thresholds: "median" }).customers;
  const m = await cli(["segments", FILE, ...MAP, "--thresholds", "median", "--format", "json"]);
  expect(JSON.parse(m.stdout).map((s: { segment: string }) => s.segment)).toEqual(median.map((s) => s.segment));
  // the median moves some customer, or the test above could not tell the flag was read
  expect(median.map((s) => s.segment)).not.toEqual(segmentRfm(customers).customers.map((s) => s.segment));
});

test("segments: the classic scheme's options with a rule scheme, and the 0.1.0 flag name, are usage errors (2)", async () => {
  const mixed = await cli(["segments", FILE, ...MAP, "--scheme", "r-rfm-tests", "--thresholds", "median"]);
  expect([mixed.code, mixed.stderr]).toEqual([2, "crm-analytics: --thresholds, --basis and --ties apply to --scheme classic only (scheme is r-rfm-tests)\n"]);
  const renamed = await cli(["segments", FILE, ...MAP, "--threshold", "median"]);
  expect([renamed.code, renamed.stdout, renamed.stderr]).toEqual([2, "", "crm-analytics: --threshold is now --thresholds (see crm-analytics segments --help)\n"]);
});

test("segments: scoring flags with the classic scheme on raw values are a usage error, not silently ignored", async () => {
  const r = await cli(["segments", FILE, ...MAP, "--method", "rank", "--bins", "3"]);
  expect([r.code, r.stdout, r.stderr]).toEqual([2, "", "crm-analytics: --method and --bins apply to --basis scores or a rule scheme only (the classic scheme compares raw values)\n"]);
  const scored = await cli(["segments", FILE, ...MAP, "--basis", "scores", "--method", "rank", "--bins", "3", "--format", "json"]);
  expect(scored.code).toBe(0);
});
