import { join } from "node:path";
import { expect, test } from "vitest";
import { chooseK } from "../../../src/cluster/index.js";
import { customers, FILE, MAP, parseOut } from "../fixture.js";
import { cli, tempFiles } from "../helpers.js";
import { expectRounded } from "./rounded.js";

test("choose-k: one record per k with the library's criteria, and the best silhouette named", async () => {
  const r = await cli(["choose-k", FILE, ...MAP, "--max-k", "5", "--seed", "7", "--format", "json"]);
  expect(r.code).toBe(0);
  const lib = chooseK(customers, { kMin: 2, kMax: 5, seed: 7 }).candidates;
  const got = JSON.parse(r.stdout) as Record<string, unknown>[];
  expect(got.map((c) => c.k)).toEqual([2, 3, 4, 5]);
  got.forEach((c, i) => expectRounded(c, lib[i]));
  const best = lib.reduce((a, b) => ((b.silhouette ?? -2) > (a.silhouette ?? -2) ? b : a));
  expect(r.stderr).toContain(`note: k = ${best.k} has the highest silhouette (${best.silhouette!.toFixed(3)})`);
  expect(r.stderr).toContain(`: clusters --k ${best.k} --seed 7`);
});

test("choose-k: three separated groups → k = 3 (hand-checked), and k stops at the distinct points", async () => {
  // three tight groups of customers in (recency, frequency, monetary)
  const rows: string[] = ["customer,date,amount"];
  for (let i = 0; i < 4; i++) {
    rows.push(`a${i},2024-06-2${i},10`); // recent, one small order
    rows.push(`b${i},2024-01-0${i + 1},500`, `b${i},2024-01-1${i + 1},500`); // old, two large orders
    for (const d of ["2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01"]) rows.push(`c${i},${d.slice(0, 8)}0${i + 1},100`); // regular
  }
  const dir = tempFiles({ "groups.csv": `${rows.join("\n")}\n` });
  const args = ["choose-k", join(dir, "groups.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-06-30"];
  const r = await cli([...args, "--max-k", "5"]);
  expect(r.code).toBe(0);
  expect(parseOut(r.stdout).map((c) => c.k)).toEqual(["2", "3", "4", "5"]);
  expect(r.stderr).toMatch(/note: k = 3 has the highest silhouette \(0\.\d{3}\); Calinski–Harabasz/);
  // two customers: k = 2 only, whatever --max-k says
  const two = tempFiles({ "two.csv": "customer,date,amount\na,2024-06-01,10\nb,2024-01-01,500\n" });
  const small = await cli(["choose-k", join(two, "two.csv"), "--customer", "customer", "--date", "date", "--amount", "amount", "--as-of", "2024-06-30", "--scaling", "none"]);
  expect(small.code).toBe(0);
  expect(parseOut(small.stdout).map((c) => c.k)).toEqual(["2"]);
  expect(small.stderr).toContain("note: only 2 distinct points after scaling: k stops there, not at --max-k 8");
});

test("choose-k: bad options are usage errors before the data is read", async () => {
  for (const [flags, message] of [
    [["--min-k", "5", "--max-k", "3"], "--min-k (5) must not exceed --max-k (3)"],
    [["--max-k", "0"], '--max-k must be an integer in [1, 1000], got "0"'],
    [["--seed", "1.5"], '--seed must be an integer in [0, 4294967295], got "1.5"'],
    [["--scaling", "log"], '--scaling must be one of log1p-zscore, zscore, minmax, none, got "log"'],
    [["--silhouette-sample", "5"], '--silhouette-sample must be an integer in [10, 100000], got "5"'],
  ] as const) {
    const r = await cli(["choose-k", "/nonexistent.csv", "--as-of", "2024-06-30", ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`crm-analytics: ${message}\n`);
  }
});
