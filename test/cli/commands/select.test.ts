import { fc, test as prop } from "@fast-check/vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { parseCriteria } from "../../../src/cli/commands/select.js";
import { SELECTION_MATRIX_REGIONS, selectionMatrix } from "../../../src/value/index.js";
import { cli, tempFiles } from "../helpers.js";
import { CUSTOMER_ROWS, CUSTOMERS_FILE, SELECT_ARGS } from "../tableFixtures.js";
import { rounded } from "../fixture.js";

const LIBRARY = selectionMatrix(CUSTOMER_ROWS, {
  attractiveness: [{ field: "monetary", weight: 2 }, { field: "frequency" }, { field: "late_days", direction: "lower" }],
  capability: [{ field: "product" }, { field: "service" }],
});

test("select: one record per customer, the library's selectionMatrix on the file's columns, with labels", async () => {
  const r = await cli(["select", CUSTOMERS_FILE, ...SELECT_ARGS, "--format", "json"]);
  expect(r.code, r.stderr).toBe(0);
  const want = LIBRARY.customers.map((c) => ({ ...c, label: SELECTION_MATRIX_REGIONS.find((x) => x.id === c.region)!.label }));
  expect(JSON.parse(r.stdout)).toEqual(rounded(want));
  const m = LIBRARY.meta;
  expect(r.stderr).toBe(
    `crm-analytics: note: 30 customers: A ${m.counts.A}, B ${m.counts.B}, C ${m.counts.C}, D ${m.counts.D}; thresholds attractiveness ${Number(m.thresholds.attractiveness.toPrecision(4))} (mean), capability ${Number(m.thresholds.capability.toPrecision(4))} (mean), minmax scores\n`,
  );
  // every region occurs on this file, so the test sees each one
  expect(Object.values(m.counts).every((n) => n > 0)).toBe(true);
});

test("select --summary --labels zh: one record per region, counts adding up to the customers, actions in Chinese", async () => {
  const r = await cli(["select", CUSTOMERS_FILE, ...SELECT_ARGS, "--summary", "--labels", "zh", "--format", "json"]);
  expect(r.code).toBe(0);
  const rows = JSON.parse(r.stdout);
  expect(rows.map((x: { region: string }) => x.region)).toEqual(["A", "B", "C", "D"]);
  expect(rows[0]).toEqual({ region: "A", label: "A 区：门当户对（重点选择）", attractiveness: "high", capability: "high", customers: LIBRARY.meta.counts.A, share: rounded([{ s: LIBRARY.meta.counts.A / 30 }])[0].s, action: SELECTION_MATRIX_REGIONS[0].actionZh });
  expect(rows.reduce((s: number, x: { customers: number }) => s + x.customers, 0)).toBe(30);
});

test("select --normalize, --thresholds, --ties and --customer reach the library", async () => {
  const csv = readFileSync(CUSTOMERS_FILE, "utf8").replace(/^customerId/, "id");
  const dir = tempFiles({ "c.csv": csv });
  const r = await cli(["select", join(dir, "c.csv"), "--customer", "id", "--attractiveness", "monetary", "--capability", "service:1:lower", "--normalize", "rank", "--thresholds", "0.5,0.25", "--ties", "high", "--format", "json", "--meta", join(dir, "meta.json")]);
  expect(r.code, r.stderr).toBe(0);
  const want = selectionMatrix(CUSTOMER_ROWS, { attractiveness: [{ field: "monetary" }], capability: [{ field: "service", direction: "lower" }], normalize: "rank", thresholds: { attractiveness: 0.5, capability: 0.25 }, ties: "high" });
  expect(JSON.parse(r.stdout).map((c: { region: string }) => c.region)).toEqual(want.customers.map((c) => c.region));
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
  expect(meta.command).toBe("select");
  expect(meta.meta.thresholds).toEqual({ attractiveness: 0.5, capability: 0.25 });
  expect(meta.meta.source.criteria).toEqual([
    { axis: "attractiveness", column: "monetary", weight: 1, direction: "higher" },
    { axis: "capability", column: "service", weight: 1, direction: "lower" },
  ]);
  const median = await cli(["select", CUSTOMERS_FILE, ...SELECT_ARGS, "--thresholds", "median", "--format", "json"]);
  expect(JSON.parse(median.stdout).map((c: { region: string }) => c.region)).toEqual(
    selectionMatrix(CUSTOMER_ROWS, { attractiveness: LIBRARY.meta.criteria.slice(0, 3).map((c) => ({ field: c.name, weight: c.weight, direction: c.direction })), capability: [{ field: "product" }, { field: "service" }], thresholds: "median" }).customers.map((c) => c.region),
  );
});

test("select: bad options are usage errors (exit 2) before the file is read", async () => {
  for (const [args, message] of [
    [["--capability", "service"], "--attractiveness and --capability are required: the criteria columns of each axis, COLUMN[:WEIGHT][:higher|lower],… (e.g. --attractiveness monetary:2,late_days:1:lower --capability service)"],
    [["--attractiveness", "a:0", "--capability", "s"], '--attractiveness: the weight of "a" must be a number > 0, got "0" (e.g. --attractiveness amount:2,growth,late_days:1:lower)'],
    [["--attractiveness", "a:2:down", "--capability", "s"], '--attractiveness: the direction of "a" must be higher or lower, got "down" (e.g. --attractiveness amount:2,growth,late_days:1:lower)'],
    [["--attractiveness", "a,a:2", "--capability", "s"], '--attractiveness: column "a" is given twice'],
    [["--attractiveness", "a", "--capability", ""], "--capability needs at least one COLUMN[:WEIGHT][:higher|lower] (e.g. --capability amount:2,growth,late_days:1:lower)"],
    [["--attractiveness", "a", "--capability", "s", "--thresholds", "0.5"], '--thresholds must be mean, median, or two scores ATTRACTIVENESS,CAPABILITY (on the --normalize scale, e.g. 0.5,0.5), got "0.5"'],
    [["--attractiveness", "a", "--capability", "s", "--normalize", "robust"], '--normalize must be one of minmax, zscore, rank, got "robust"'],
    [["--attractiveness", "a", "--capability", "s", "--as-of", "2024-01-01"], "Unknown option '--as-of'; select reads no transactions, so --as-of does not apply (see crm-analytics select --help)"],
  ] as const) {
    const r = await cli(["select", "missing.csv", ...args]);
    expect([r.code, r.stderr]).toEqual([2, `crm-analytics: ${message}\n`]);
  }
  const missing = await cli(["select", CUSTOMERS_FILE, "--attractiveness", "monetary", "--capability", "servce"]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toBe(`crm-analytics: --capability: column "servce" is not in the header of ${CUSTOMERS_FILE} (columns: customerId, monetary, frequency, late_days, product, service)\n`);
});

test("select: bad cells name file, line, column and customer (exit 1); skip and collect leave the rows out; a second row of a customer always stops", async () => {
  const dir = tempFiles({
    "bad.csv": 'customerId,a,s\nx,1,2\ny,n/a,3\nw,3,4\nz,"4,5",1\n,3,3\n',
    "dup.csv": "customerId,a,s\nx,1,2\ny,2,3\nx,3,4\n",
    "semi.csv": "customerId;a;s\nx;1,5;2\ny;2;3\n",
  });
  const bad = join(dir, "bad.csv");
  const thrown = await cli(["select", bad, "--attractiveness", "a", "--capability", "s"]);
  expect([thrown.code, thrown.stdout]).toEqual([1, ""]);
  expect(thrown.stderr).toBe(`${bad}:3: a: expected a number, got "n/a" (customer "y") (2 more rows with problems; --on-invalid skip leaves such rows out and counts them, collect lists them)\n`);
  const skipped = await cli(["select", bad, "--attractiveness", "a", "--capability", "s", "--on-invalid", "skip", "--format", "json"]);
  expect(skipped.code).toBe(0);
  expect(JSON.parse(skipped.stdout).map((c: { customerId: string }) => c.customerId)).toEqual(["x", "w"]);
  expect(skipped.stderr).toContain("crm-analytics: note: 3 rows of 5 left out (--on-invalid skip)");
  const collected = await cli(["select", bad, "--attractiveness", "a", "--capability", "s", "--on-invalid", "collect"]);
  expect(collected.stderr).toContain(`crm-analytics: warning: ${bad}:5: a: expected a number, got "4,5" (a decimal comma? --decimal-comma reads 12,5) (customer "z")\n`);
  expect(collected.stderr).toContain(`crm-analytics: warning: ${bad}:6: customerId: empty customer id\n`);
  const allBad = join(tempFiles({ "allbad.csv": "customerId,a,s\nx,n/a,1\ny,2,\n" }), "allbad.csv");
  const none = await cli(["select", allBad, "--attractiveness", "a", "--capability", "s", "--on-invalid", "skip"]);
  expect([none.code, none.stderr]).toEqual([1, `${allBad}: no customers left: --on-invalid skip left out all 2 rows; the first: ${allBad}:2: a: expected a number, got "n/a" (customer "x")\n`]);
  const dup = await cli(["select", join(dir, "dup.csv"), "--attractiveness", "a", "--capability", "s", "--on-invalid", "skip"]);
  expect([dup.code, dup.stderr]).toEqual([1, `${join(dir, "dup.csv")}:4: customerId: customer id "x" is also on line 2: the file must have one row per customer\n`]);
  // --delimiter and --decimal-comma read European exports
  const semi = await cli(["select", join(dir, "semi.csv"), "--delimiter", ";", "--decimal-comma", "--attractiveness", "a", "--capability", "s", "--format", "json"]);
  expect(semi.code, semi.stderr).toBe(0);
  // x: a 1.5 (the lowest), s 2 (the lowest) → D; y: both highest → A
  expect(JSON.parse(semi.stdout).map((c: { region: string }) => c.region)).toEqual(["D", "A"]);
  const comma = await cli(["select", join(dir, "semi.csv"), "--delimiter", ";", "--attractiveness", "a", "--capability", "s"]);
  expect(comma.stderr).toMatch(/^.*semi\.csv:2: a: expected a number, got "1,5" \(a decimal comma\? --decimal-comma reads 12,5\) \(customer "x"\)\n$/);
});

test("parseCriteria: weights and directions", () => {
  expect(parseCriteria("amount:2,growth,late:lower,cost:0.5:lower", "--x")).toEqual([
    { column: "amount", weight: 2, direction: "higher" },
    { column: "growth", weight: 1, direction: "higher" },
    { column: "late", weight: 1, direction: "lower" },
    { column: "cost", weight: 0.5, direction: "lower" },
  ]);
  for (const bad of ["a:-1", "a:1e400", "a:NaN", "a:0x10", "a:1:2:3", ":2", "a:"]) {
    if (bad === "a:") expect(parseCriteria(bad, "--x")).toEqual([{ column: "a", weight: 1, direction: "higher" }]);
    else expect(() => parseCriteria(bad, "--x"), bad).toThrow(/^--x: /);
  }
});

prop.prop([fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 25 })], { numRuns: 25 })(
  "select: every customer of the file is in exactly one region, as the library says",
  async (rows) => {
    const dir = tempFiles({ "p.csv": `customerId,a,s\n${rows.map(([a, s], i) => `c${i},${a},${s}`).join("\n")}\n` });
    const r = await cli(["select", join(dir, "p.csv"), "--attractiveness", "a", "--capability", "s", "--summary", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const counts = JSON.parse(r.stdout).map((x: { customers: number }) => x.customers);
    const lib = selectionMatrix(rows.map(([a, s], i) => ({ customerId: `c${i}`, a, s })), { attractiveness: [{ field: "a" }], capability: [{ field: "s" }] });
    expect(counts).toEqual(["A", "B", "C", "D"].map((k) => lib.meta.counts[k]));
    expect(counts.reduce((x: number, y: number) => x + y, 0)).toBe(rows.length);
  },
);
