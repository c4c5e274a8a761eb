import { describe, expect, expectTypeOf, test } from "vitest";
import { summarizeTransactions } from "../../src/index.js";
import { inputErrorOf } from "../helpers/errors.js";
import { JUPYTER_DISPLAY, tableDisplay, tableDisplayOptionsSchema, type TableDisplay, type TableDisplayOptions } from "../../src/charts/index.js";

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
    expect(t.html).toContain("<td>&lt;b&gt;A&amp;B&lt;/b&gt;</td>");
    expect(t.html).toContain('<th style="text-align:right">n</th>');
    expect(t.html).toContain('<tfoot><tr><td colspan="5">… 1 more row (3 in all)</td></tr></tfoot>');
    expect(t[JUPYTER_DISPLAY]()).toEqual({ "text/html": t.html, "text/plain": t.text });
    expect(tableDisplay([{ v: 100 }], { digits: 0 }).text).toBe("  v\n---\n100");
  });

  test("records typed by an interface (a result's customers) and chosen columns", () => {
    const { customers } = summarizeTransactions([{ customerId: "a", date: "2024-01-02", amount: 10 }], { asOf: "2024-01-31" });
    expect(tableDisplay(customers, { columns: ["customerId", "monetary"] }).text).toBe("customerId  monetary\n----------  --------\na                 10");
  });

  test("refuses what is not an array of records, and bad options", () => {
    expect(() => tableDisplay([1] as never)).toThrow(new TypeError("tableDisplay: records[0] must be a record (object), got 1"));
    expect(() => tableDisplay({} as never)).toThrow(TypeError);
    expect(() => tableDisplay([{ a: 1 }], { maxRows: 0 })).toThrow(/^tableDisplay: options\.maxRows/);
    expect(() => tableDisplay([{ a: 1 }], { rows: 3 } as never)).toThrow(new TypeError('tableDisplay: options: unknown option "rows"'));
  });

  test("a shown row whose getter throws is unreadable_field naming the row; a non-finite number is refused, never printed", () => {
    const row = { customerId: "c0", customers: 0 };
    Object.defineProperty(row, "segment", { enumerable: true, get: () => { throw new Error("boom"); } });
    const e = inputErrorOf(() => tableDisplay([{ segment: "x", customers: 1 }, row]));
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

  test("types: input, options, result", () => {
    expectTypeOf(tableDisplay).parameter(0).toEqualTypeOf<readonly object[]>();
    expectTypeOf(tableDisplay).parameter(1).toEqualTypeOf<TableDisplayOptions | undefined>();
    expectTypeOf(tableDisplay).returns.toEqualTypeOf<TableDisplay>();
    expectTypeOf<keyof typeof tableDisplayOptionsSchema.shape>().toEqualTypeOf<keyof TableDisplayOptions>();
  });
});
