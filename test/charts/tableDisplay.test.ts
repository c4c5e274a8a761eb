import { describe, expect, expectTypeOf, test } from "vitest";
import { classifyAbc, periodIndicators, segmentRfm, summarizeTransactions, type AbcRecord, type CustomerSummary, type PeriodIndicatorRecord, type SegmentSummaryRow } from "../../src/index.js";
import { clusterCustomers, type ClusterProfile, type KCandidate } from "../../src/cluster/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";
import { inputErrorOf } from "../helpers/errors.js";
import { JUPYTER_DISPLAY, tableDisplay, tableDisplayOptionsSchema, type TableDisplay, type TableDisplayOptions } from "../../src/charts/index.js";

const tx = deepFreeze([
  { customerId: "a", date: "2024-01-02", amount: 10 },
  { customerId: "a", date: "2024-02-12", amount: 25.5 },
  { customerId: "b", date: "2024-01-20", amount: 1234.567 },
  { customerId: "c", date: "2024-03-01", amount: 7 },
]);
const { customers } = summarizeTransactions(tx, { asOf: "2024-03-31" });
const tdCells = (html: string) => [...html.matchAll(/<t[dh] style="text-align:(left|right)">([^<]*)<\/t[dh]>/g)].map((m) => [m[1], m[2]]);

describe("tableDisplay", () => {
  test("escapes HTML, aligns numbers and wide characters, and says how many rows it left out", () => {
    const t = tableDisplay(
      [
        { name: "<b>A&B</b>", n: 1, x: 0.125, when: new Date(Date.UTC(2024, 0, 2)) },
        { name: "重要价值客户", n: 22, x: null, extra: { a: 1 } },
        { name: "c", n: 3, x: 1e-9 },
      ],
      { maxRows: 2, digits: 2, title: "T" },
    );
    expect(t.text.split("\n")).toEqual([
      "T",
      "name           n     x  when                      extra",
      "------------  --  ----  ------------------------  -------",
      "<b>A&B</b>     1  0.13  2024-01-02T00:00:00.000Z",
      "重要价值客户  22                                  {\"a\":1}",
      "… 1 more row (3 in all)",
    ]);
    expect(t.html).toContain("<caption>T</caption>");
    expect(t.html).toContain('<td style="text-align:left">&lt;b&gt;A&amp;B&lt;/b&gt;</td>');
    expect(t.html).toContain('<th style="text-align:right">n</th>');
    expect(t.html).toContain('<tfoot><tr><td colspan="5" style="text-align:left">… 1 more row (3 in all)</td></tr></tfoot>');
    expect(t[JUPYTER_DISPLAY]()).toEqual({ "text/html": t.html, "text/plain": t.text });
    expect(tableDisplay([{ v: 100 }], { digits: 0 }).text).toBe("  v\n---\n100");
  });

  test("text is left-aligned and numbers right-aligned, in the text and (explicitly, for Jupyter) in the HTML", () => {
    const t = tableDisplay([
      { segment: "important_value", label: "重要价值客户", customers: 7 },
      { segment: "general_develop", label: "一般发展客户", customers: 1200 },
    ]);
    expect(t.text.split("\n")).toEqual([
      "segment          label         customers",
      "---------------  ------------  ---------",
      "important_value  重要价值客户          7",
      "general_develop  一般发展客户       1200",
    ]);
    expect(tdCells(t.html)).toEqual([
      ["left", "segment"], ["left", "label"], ["right", "customers"],
      ["left", "important_value"], ["left", "重要价值客户"], ["right", "7"],
      ["left", "general_develop"], ["left", "一般发展客户"], ["right", "1200"],
    ]);
    // a column mixing numbers and text is text: left-aligned, numbers as they are
    expect(tableDisplay([{ v: 1.5 }, { v: "n/a" }]).text).toBe("v\n---\n1.5\nn/a");
  });

  test("one number of decimals per column: the decimal points line up, no ragged columns", () => {
    const t = tableDisplay([{ x: 0.5, y: 2 }, { x: 0.123456, y: 3 }, { x: 12, y: 4 }, { x: -0.00001, y: 5 }]);
    expect(t.text.split("\n")).toEqual([
      "      x  y",
      "-------  -",
      " 0.5000  2",
      " 0.1235  3",
      "12.0000  4",
      " 0.0000  5", // -0.00001 rounds to 0, never "-0.0000"
    ]);
    expect(tableDisplay([{ x: 0.5 }, { x: 1.25 }, { x: 3 }]).text).toBe("   x\n----\n0.50\n1.25\n3.00");
    expect(tableDisplay([{ x: 0.5 }, { x: 1.25 }], { digits: 1 }).text).toBe("  x\n---\n0.5\n1.3");
  });

  test("money columns: the library's money fields by default, fixed decimals (moneyDigits)", () => {
    const t = tableDisplay(customers, { columns: ["customerId", "frequency", "monetary", "averageOrderValue"] });
    expect(t.text.split("\n")).toEqual([
      "customerId  frequency  monetary  averageOrderValue",
      "----------  ---------  --------  -----------------",
      "a                   2     35.50              17.75",
      "b                   1   1234.57            1234.57",
      "c                   1      7.00               7.00",
    ]);
    // named money columns replace the defaults; [] for none; moneyDigits
    const rows = [{ id: "x", amount: 10, fee: 1.5 }, { id: "y", amount: 2.25, fee: 3 }];
    expect(tableDisplay(rows, { money: ["fee"] }).text.split("\n").slice(2)).toEqual(["x    10.00  1.50", "y     2.25  3.00"]);
    // without money columns: as many decimals as the column needs
    expect(tableDisplay(rows, { money: [] }).text.split("\n").slice(2)).toEqual(["x    10.00  1.5", "y     2.25  3.0"]);
    expect(tableDisplay(rows, { moneyDigits: 0 }).text.split("\n").slice(2)).toEqual(["x       10  1.5", "y        2  3.0"]);
    // the default money columns are the command line's (columnClass): listed or named by a money word
    expect(tableDisplay([{ valueAtRisk: 1.5, predictedClv: 2, orderCount: 1.5 }]).text.split("\n")[2]).toBe("       1.50          2.00         1.5");
    // halves of the written decimal round away from zero (toFixed: 1.00 and 50.0%)
    expect(tableDisplay([{ amount: 1.005, share: 0.5005 }], { percent: ["share"] }).text.split("\n")[2]).toBe("  1.01  50.1%");
    // a money field that is not a number column is shown as it is
    expect(tableDisplay([{ revenue: "n/a" }, { revenue: 3 }]).text).toBe("revenue\n-------\nn/a\n3");
  });

  test("percent columns: shares as percentages with percentDigits decimals", () => {
    const rows = [{ segment: "a", share: 0.123456, revenueShare: 1 }, { segment: "b", share: 0.5, revenueShare: null }];
    expect(tableDisplay(rows, { percent: ["share", "revenueShare"] }).text.split("\n")).toEqual([
      "segment  share  revenueShare",
      "-------  -----  ------------",
      "a        12.3%        100.0%",
      "b        50.0%",
    ]);
    expect(tableDisplay(rows, { percent: ["share"], percentDigits: 0, columns: ["share"] }).text).toBe("share\n-----\n  12%\n  50%");
  });

  test("real results: segment summaries, ABC classes, periods, cluster profiles", () => {
    const segments = segmentRfm(customers).meta.segments;
    const seg = tableDisplay(segments, { columns: ["segment", "customers", "share", "revenue"], percent: ["share"] });
    expect(seg.text.split("\n")[0]).toMatch(/^segment +customers +share +revenue$/);
    expect(seg.text).toMatch(/\d+\.\d%/);
    const abc = tableDisplay(classifyAbc(customers).customers);
    expect(abc.text.split("\n")[0]).toMatch(/^customerId/);
    const periods = tableDisplay(periodIndicators(tx, { asOf: "2024-03-31" }).periods, { columns: ["period", "active", "churnRate", "revenue"] });
    // churnRate null in the first period: an empty cell; revenue with cents
    expect(periods.text.split("\n")[2]).toMatch(/^2024-01\s+2\s+1244\.57$/);
    const profiles = tableDisplay(clusterCustomers(customers, { k: 2, seed: 1 }).meta.profiles, { columns: ["cluster", "size", "meanMonetary"] });
    expect(profiles.text).toMatch(/\d\.\d\d$/m);
  });

  test("refuses what is not an array of records, and bad options", () => {
    expect(() => tableDisplay([1] as never)).toThrow(new TypeError("tableDisplay: records[0] must be a record (object), got 1"));
    expect(() => tableDisplay({} as never)).toThrow(TypeError);
    expect(() => tableDisplay([{ a: 1 }], { maxRows: 0 })).toThrow(/^tableDisplay: options\.maxRows/);
    expect(() => tableDisplay([{ a: 1 }], { rows: 3 } as never)).toThrow(new TypeError('tableDisplay: options: unknown option "rows"'));
    expect(() => tableDisplay([{ a: 1, b: 2 }], { money: ["c" as never] })).toThrow(new RangeError('tableDisplay: options.money: "c" is not a column of the table (columns: a, b)'));
    expect(() => tableDisplay([{ a: 1, b: 2 }], { columns: ["a"], percent: ["b"] })).toThrow(/^tableDisplay: options\.percent: "b" is not a column/);
    expect(() => tableDisplay([{ a: 1 }], { money: ["a"], percent: ["a"] })).toThrow(new RangeError('tableDisplay: options.percent: "a" is also in options.money'));
    expect(() => tableDisplay([{ a: 1 }], { moneyDigits: -1 })).toThrow(/^tableDisplay: options\.moneyDigits/);
  });

  test("a shown row whose getter throws is unreadable_field naming the row; a non-finite number is refused, never printed", () => {
    const row = { customerId: "c0", customers: 0 };
    Object.defineProperty(row, "segment", { enumerable: true, get: () => { throw new Error("boom"); } });
    const e = inputErrorOf(() => tableDisplay<object>([{ segment: "x", customers: 1 }, row]));
    expect(e.issues).toEqual([expect.objectContaining({ code: "unreadable_field", path: ["records", 1, "segment"], row: 1, message: "reading the field threw: boom" })]);
    for (const bad of [-Infinity, Infinity, Number.NaN]) {
      const err = inputErrorOf(() => tableDisplay([{ segment: "x", share: 0.5 }, { segment: "y", share: bad }]));
      expect(err.issues).toEqual([expect.objectContaining({ code: "invalid_value", path: ["records", 1, "share"], message: `expected a finite number, got ${bad}` })]);
    }
    // a Proxy whose traps throw, a value JSON cannot show: the function's own errors
    const trap = new Proxy({}, { ownKeys: () => { throw new Error("no keys"); } });
    expect(inputErrorOf(() => tableDisplay([trap])).issues[0]).toMatchObject({ code: "invalid_row", path: ["records", 0] });
    expect(inputErrorOf(() => tableDisplay([{ a: { big: 1n } }])).issues[0]).toMatchObject({ code: "unreadable_field", path: ["records", 0, "a"] });
    // rows not shown are not read
    expect(tableDisplay([{ a: 1 }, { a: Number.NaN }], { maxRows: 1 }).text).toBe("a\n-\n1\n… 1 more row (2 in all)");
  });

  test("inputs are not changed", () => {
    const rows = deepFreeze([{ a: 1.5, revenue: 2 }, { a: 2, revenue: 3.25 }]);
    const before = structuredClone(rows);
    tableDisplay(rows, { percent: ["a"] });
    expect(rows).toEqual(before);
  });

  test("types: every result's records are accepted without a cast, and column names are checked", () => {
    expectTypeOf(tableDisplay).returns.toEqualTypeOf<TableDisplay>();
    expectTypeOf<keyof typeof tableDisplayOptionsSchema.shape>().toEqualTypeOf<keyof TableDisplayOptions>();
    // interfaces without an index signature (not assignable to Record<string, unknown>[])
    expectTypeOf(tableDisplay<CustomerSummary>).parameter(0).toEqualTypeOf<readonly CustomerSummary[]>();
    tableDisplay(customers as CustomerSummary[], { columns: ["customerId", "monetary"], money: ["monetary"] });
    tableDisplay([] as SegmentSummaryRow[], { columns: ["segment", "labelZh", "share", "revenueShare"], percent: ["share", "revenueShare"] });
    tableDisplay([] as readonly AbcRecord[], { columns: ["customerId", "abcClass"] });
    tableDisplay([] as PeriodIndicatorRecord[], { columns: ["period", "churnRate"], percent: ["churnRate"] });
    tableDisplay([] as ClusterProfile[], { columns: ["cluster", "segment", "meanMonetary"] });
    tableDisplay([] as KCandidate[]);
    tableDisplay(deepFreeze(segmentRfm(customers)).meta.segments);
    // @ts-expect-error: not a field of CustomerSummary
    expect(() => tableDisplay(customers, { columns: ["customerID"] })).not.toThrow();
    // @ts-expect-error: not a field of SegmentSummaryRow
    tableDisplay([] as SegmentSummaryRow[], { percent: ["shares"] });
    // @ts-expect-error: not records
    expect(() => tableDisplay([1, 2])).toThrow(TypeError);
    // records of no known fields take any column name
    expectTypeOf<NonNullable<TableDisplayOptions<object>["columns"]>>().toEqualTypeOf<string[]>();
    expectTypeOf<NonNullable<TableDisplayOptions["columns"]>>().toEqualTypeOf<string[]>();
    expectTypeOf<NonNullable<TableDisplayOptions<{ a: number; b: string }>["money"]>>().toEqualTypeOf<("a" | "b")[]>();
  });
});
