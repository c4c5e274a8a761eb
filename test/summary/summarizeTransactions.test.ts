import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import type { TransactionColumns } from "../../src/input/index.js";
import { transactionReadOptionsSchema } from "../../src/input/options.js";
import { scoreRfm } from "../../src/rfm/index.js";
import {
  AnalyticsInputError,
  formatIssuePath,
  isAnalyticsInputError,
  summarizeTransactions,
  summarizeTransactionsOptionsSchema,
  type CustomerSummary,
  type SummarizeTransactionsOptions,
  type SummarizeTransactionsResult,
  type SummaryMeta,
} from "../../src/summary/index.js";
import type { SummarizeTransactionsColumnsResult } from "../../src/summary/index.js";

const fields = { customerId: "cust", date: "day", amount: "total", orderId: "invoice" } as const;
const tx = [
  { cust: "a", day: "2024-01-01", total: 30, invoice: "1" },
  { cust: "a", day: "2024-01-01", total: 20, invoice: "1" },
  { cust: "b", day: "2024-02-15", total: 10, invoice: "3" },
  { cust: "a", day: "2024-03-01", total: 50, invoice: "2" },
];

function errorOf(fn: () => unknown): AnalyticsInputError {
  try {
    fn();
  } catch (e) {
    if (isAnalyticsInputError(e)) return e;
    throw e;
  }
  throw new Error("expected an AnalyticsInputError");
}

describe("summarizeTransactions: examples", () => {
  test("hand-checked summaries with order ids", () => {
    const { customers, meta } = summarizeTransactions(tx, { asOf: "2024-03-31", fields });
    expect(customers).toEqual([
      { customerId: "a", firstPurchase: "2024-01-01", lastPurchase: "2024-03-01", recencyDays: 30, frequency: 2, monetary: 100, tenureDays: 90, averageOrderValue: 50 },
      { customerId: "b", firstPurchase: "2024-02-15", lastPurchase: "2024-02-15", recencyDays: 45, frequency: 1, monetary: 10, tenureDays: 45, averageOrderValue: 10 },
    ]);
    expect(meta).toMatchObject({ asOf: "2024-03-31", timeZone: null, customers: 2, frequencyCounts: "orderId", refunds: "net" });
    expect(meta.input).toMatchObject({ rowsRead: 4, rowsUsed: 4, invalidRows: 0 });
  });

  test("without order ids every row is an order; monetary mean", () => {
    const { customers, meta } = summarizeTransactions(tx, {
      asOf: "2024-03-31",
      fields: { customerId: "cust", date: "day", amount: "total" },
      monetary: "mean",
    });
    expect(customers[0]).toMatchObject({ frequency: 3, monetary: 100 / 3, averageOrderValue: 100 / 3 });
    expect(meta.frequencyCounts).toBe("rows");
  });

  test("default field names, orderId picked up when present", () => {
    const { customers, meta } = summarizeTransactions(
      [
        { customerId: "x", date: "2024-01-01", amount: 5, orderId: "o1" },
        { customerId: "x", date: "2024-01-02", amount: 5, orderId: "o1" },
      ],
      { asOf: "2024-01-10" },
    );
    expect(customers[0].frequency).toBe(1);
    expect(meta.frequencyCounts).toBe("orderId");
  });

  test("any iterable of records works (a generator here)", () => {
    function* rows() {
      yield { customerId: "g", date: "2024-01-01", amount: 1 };
      yield { customerId: "g", date: "2024-01-05", amount: 2 };
    }
    expect(summarizeTransactions(rows(), { asOf: "2024-01-05" }).customers).toEqual([
      { customerId: "g", firstPurchase: "2024-01-01", lastPurchase: "2024-01-05", recencyDays: 0, frequency: 2, monetary: 3, tenureDays: 4, averageOrderValue: 1.5 },
    ]);
  });

  test("accessor fields, numeric ids, Date and epoch-ms dates", () => {
    const rows = [
      { id: 7, when: new Date(Date.UTC(2024, 0, 1, 23, 30)), qty: 2, price: 2.5 },
      { id: 7, when: Date.UTC(2024, 0, 3), qty: 1, price: 10 },
    ];
    const { customers } = summarizeTransactions(rows, {
      asOf: new Date(Date.UTC(2024, 0, 31)),
      fields: { customerId: "id", date: "when", amount: (r) => r.qty * r.price },
    });
    expect(customers).toEqual([
      { customerId: "7", firstPurchase: "2024-01-01", lastPurchase: "2024-01-03", recencyDays: 28, frequency: 2, monetary: 15, tenureDays: 30, averageOrderValue: 7.5 },
    ]);
  });

  test("time zones: instants become that zone's calendar day; wall-clock strings keep their date", () => {
    const rows = [
      { customerId: "a", date: "2024-01-01T23:30:00Z", amount: 1 }, // Jan 2 in Tokyo
      { customerId: "b", date: "2024-01-01T23:30:00", amount: 1 }, // no offset: its own date
      { customerId: "c", date: "2024-01-02T01:00:00+05:30", amount: 1 }, // 2024-01-01T19:30Z
    ];
    const utc = summarizeTransactions(rows, { asOf: "2024-01-10" }).customers.map((c) => c.lastPurchase);
    expect(utc).toEqual(["2024-01-01", "2024-01-01", "2024-01-01"]);
    const tokyo = summarizeTransactions(rows, { asOf: "2024-01-10", timeZone: "Asia/Tokyo" }).customers.map((c) => c.lastPurchase);
    expect(tokyo).toEqual(["2024-01-02", "2024-01-01", "2024-01-02"]);
    const apia = summarizeTransactions(rows, { asOf: "2024-01-10", timeZone: "Pacific/Apia" }).customers.map((c) => c.lastPurchase);
    expect(apia).toEqual(["2024-01-02", "2024-01-01", "2024-01-02"]);
    const saoPaulo = summarizeTransactions(rows, { asOf: "2024-01-10", timeZone: "America/Sao_Paulo" }).customers.map((c) => c.lastPurchase);
    expect(saoPaulo).toEqual(["2024-01-01", "2024-01-01", "2024-01-01"]);
  });

  test("refunds: net (default) reduces monetary but is not a purchase; exclude; error", () => {
    const rows = [
      { customerId: "a", date: "2024-01-01", amount: 100, orderId: "1" },
      { customerId: "a", date: "2024-01-20", amount: -30, orderId: "C1" },
      { customerId: "r", date: "2024-01-05", amount: -5, orderId: "C2" },
    ];
    const net = summarizeTransactions(rows, { asOf: "2024-01-31" });
    expect(net.customers).toEqual([
      { customerId: "a", firstPurchase: "2024-01-01", lastPurchase: "2024-01-01", recencyDays: 30, frequency: 1, monetary: 70, tenureDays: 30, averageOrderValue: 70 },
    ]);
    expect(net.meta.customersWithoutPurchases).toEqual(["r"]);
    const excl = summarizeTransactions(rows, { asOf: "2024-01-31", refunds: "exclude" });
    expect(excl.customers.map((c) => c.monetary)).toEqual([100]);
    expect(excl.meta.input.excludedRefunds).toBe(2);
    const err = errorOf(() => summarizeTransactions(rows, { asOf: "2024-01-31", refunds: "error" }));
    expect(err.code).toBe("negative_amount");
    expect(err.issues.map((i) => i.path)).toEqual([["rows", 1, "amount"], ["rows", 2, "amount"]]);
  });

  test("an order id under two customers counts once for each; dictionary order codes beyond the row count", () => {
    const rows = [
      { customerId: "a", date: "2024-01-01", amount: 5, orderId: "1" },
      { customerId: "b", date: "2024-01-02", amount: 7, orderId: "1" },
      { customerId: "a", date: "2024-01-03", amount: 1, orderId: "1" },
      { customerId: "b", date: "2024-01-04", amount: 2, orderId: "1" },
      { customerId: "a", date: "2024-01-05", amount: 3, orderId: "2" },
    ];
    const fromRows = summarizeTransactions(rows, { asOf: "2024-01-31" }).customers;
    expect(fromRows.map((c) => [c.customerId, c.frequency, c.monetary])).toEqual([
      ["a", 2, 9],
      ["b", 1, 9],
    ]);
    const fromColumns = summarizeTransactions(
      {
        customerId: ["a", "b", "a", "b", "a"],
        date: rows.map((r) => r.date),
        amount: rows.map((r) => r.amount),
        orderId: { codes: Int32Array.from([5000, 5000, 5000, 5000, 7000]), dictionary: Array.from({ length: 7001 }, (_, i) => `o${i}`) },
      },
      { asOf: "2024-01-31" },
    ).customers;
    expect(fromColumns).toEqual(fromRows);
  });

  test("columns: dictionary ids, epoch-day Int32Array, Float64Array; same result as records", () => {
    const cols: TransactionColumns = {
      customerId: { codes: Int32Array.from([1, 1, 0, 1]), dictionary: ["b", "a"] },
      date: Int32Array.from([19723, 19723, 19768, 19783]), // 2024-01-01, 01-01, 02-15, 03-01
      amount: Float64Array.from([30, 20, 10, 50]),
      orderId: ["1", "1", "3", "2"],
    };
    const fromCols = summarizeTransactions(cols, { asOf: "2024-03-31" }).customers;
    const fromRows = summarizeTransactions(tx, { asOf: "2024-03-31", fields }).customers;
    expect(fromCols).toEqual(fromRows);
  });

  test("dictionary columns: skipped rows add no customer, duplicate entries are one customer", () => {
    const { customers, meta } = summarizeTransactions(
      {
        customerId: { codes: Int32Array.from([0, 1, 2, 2]), dictionary: ["x", "y", "x"] },
        date: Int32Array.from([19723, 19723, 19724, 19725]),
        amount: Float64Array.from([1, Number.NaN, 2, 3]),
      },
      { asOf: "2024-01-31", onInvalid: "skip" },
    );
    expect(customers.map((c) => [c.customerId, c.frequency, c.monetary])).toEqual([["x", 3, 6]]);
    expect(meta.customersWithoutPurchases).toEqual([]);
    expect(meta.input.invalidRows).toBe(1);
  });

  test("columns of strings and plain arrays go through the same validation", () => {
    const err = errorOf(() =>
      summarizeTransactions({ customerId: ["a", ""], date: ["2024-01-01", "2024-13-01"], amount: [1, Number.NaN] }, { asOf: "2024-12-31" }),
    );
    expect(err.issues.map((i) => [i.path, i.code])).toEqual([
      [["columns", "customerId", 1], "missing_customer_id"],
      [["columns", "date", 1], "invalid_date"],
      [["columns", "amount", 1], "invalid_amount"],
    ]);
  });

  test("afterAsOf: ignore drops later rows and says how many", () => {
    const { customers, meta } = summarizeTransactions(tx, { asOf: "2024-02-20", fields, afterAsOf: "ignore" });
    expect(customers.map((c) => [c.customerId, c.frequency, c.monetary])).toEqual([
      ["a", 1, 50],
      ["b", 1, 10],
    ]);
    expect(meta.input.ignoredAfterAsOf).toBe(1);
  });

  test("numeric strings are parsed only when asked", () => {
    const rows = [{ customerId: "a", date: "2024-01-01", amount: "12.50" }];
    expect(errorOf(() => summarizeTransactions(rows, { asOf: "2024-01-02" })).code).toBe("numeric_string");
    expect(summarizeTransactions(rows, { asOf: "2024-01-02", numericStrings: "parse" }).customers[0].monetary).toBe(12.5);
    // a decimal comma is never a number
    const comma = errorOf(() => summarizeTransactions([{ customerId: "a", date: "2024-01-01", amount: "12,5" }], { asOf: "2024-01-02", numericStrings: "parse" }));
    expect(comma.issues[0]).toMatchObject({ path: ["rows", 0, "amount"], message: 'expected a finite number, got "12,5"' });
  });

  test("onInvalid skip and collect drop bad rows and report them", () => {
    const rows = [
      { customerId: "a", date: "2024-01-01", amount: 10 },
      { customerId: "", date: "2024-01-01", amount: 10 },
      { customerId: "b", date: "2023-02-30", amount: 10 },
      { customerId: "c", date: "2024-01-03", amount: Infinity },
    ];
    const skip = summarizeTransactions(rows, { asOf: "2024-01-31", onInvalid: "skip" });
    expect(skip.customers.map((c) => c.customerId)).toEqual(["a"]);
    expect(skip.meta.input).toMatchObject({ rowsRead: 4, rowsUsed: 1, invalidRows: 3, invalidByCode: { missing_customer_id: 1, invalid_date: 1, invalid_amount: 1 } });
    expect(skip.meta.input.issues).toBeUndefined();
    const collect = summarizeTransactions(rows, { asOf: "2024-01-31", onInvalid: "collect" });
    expect(collect.meta.input.issues?.map((i) => i.path)).toEqual([["rows", 1, "customerId"], ["rows", 2, "date"], ["rows", 3, "amount"]]);
  });
});

describe("summarizeTransactions: every bad-data case names the row and field", () => {
  const asOf = "2024-12-31";
  test.each([
    ["empty input", [], {}, "empty_input", ["input"]],
    ["missing customer id", [{ customerId: undefined, date: "2024-01-01", amount: 1 }], {}, "missing_customer_id", ["rows", 0, "customerId"]],
    ["empty customer id", [{ customerId: "  ", date: "2024-01-01", amount: 1 }], {}, "missing_customer_id", ["rows", 0, "customerId"]],
    ["unparseable date", [{ customerId: "a", date: "01/02/2024", amount: 1 }], {}, "invalid_date", ["rows", 0, "date"]],
    ["impossible date", [{ customerId: "a", date: "2023-02-30", amount: 1 }], {}, "invalid_date", ["rows", 0, "date"]],
    ["impossible time", [{ customerId: "a", date: "2023-02-03T25:00:00Z", amount: 1 }], {}, "invalid_date", ["rows", 0, "date"]],
    ["invalid Date object", [{ customerId: "a", date: new Date("x"), amount: 1 }], {}, "invalid_date", ["rows", 0, "date"]],
    ["NaN amount", [{ customerId: "a", date: "2024-01-01", amount: Number.NaN }], {}, "invalid_amount", ["rows", 0, "amount"]],
    ["Infinity amount", [{ customerId: "a", date: "2024-01-01", amount: -Infinity }], {}, "invalid_amount", ["rows", 0, "amount"]],
    ["non-numeric amount", [{ customerId: "a", date: "2024-01-01", amount: "12,5" }], {}, "invalid_amount", ["rows", 0, "amount"]],
    ["numeric string amount", [{ customerId: "a", date: "2024-01-01", amount: "12.5" }], {}, "numeric_string", ["rows", 0, "amount"]],
    ["date after asOf", [{ customerId: "a", date: "2025-01-01", amount: 1 }], {}, "date_after_as_of", ["rows", 0, "date"]],
    ["mapping names an absent column", [{ customerId: "a", date: "2024-01-01", amount: 1 }], { fields: { customerId: "customerId", date: "date", amount: "amt" } }, "missing_field", ["fields", "amount"]],
    ["empty order id", [{ customerId: "a", date: "2024-01-01", amount: 1, orderId: "" }], {}, "invalid_order_id", ["rows", 0, "orderId"]],
    ["row that is not an object", [null], {}, "invalid_row", ["rows", 0]],
    ["asOf missing", [{ customerId: "a", date: "2024-01-01", amount: 1 }], { asOf: undefined }, "invalid_as_of", ["options", "asOf"]],
    ["asOf impossible", [{ customerId: "a", date: "2024-01-01", amount: 1 }], { asOf: "2024-02-31" }, "invalid_as_of", ["options", "asOf"]],
    ["asOf unreadable", [{ customerId: "a", date: "2024-01-01", amount: 1 }], { asOf: "31.12.2024" }, "invalid_as_of", ["options", "asOf"]],
  ])("%s", (_name, rows, extra, code, path) => {
    const err = errorOf(() => summarizeTransactions(rows as never, { asOf, ...extra } as never));
    expect(err).toBeInstanceOf(AnalyticsInputError);
    expect(err.code).toBe(code);
    expect(err.issues[0].path).toEqual(path);
    // the message says what is wrong; the error's message puts the path in front of it
    expect(err.message.startsWith(`summarizeTransactions: ${formatIssuePath(path)}: ${err.issues[0].message}`)).toBe(true);
    expect(err.issues[0].message).not.toContain(formatIssuePath(path));
  });

  test("no options at all is a missing asOf", () => {
    const err = errorOf(() => (summarizeTransactions as (rows: unknown) => unknown)([{ customerId: "a", date: "2024-01-01", amount: 1 }]));
    expect([err.code, err.issues[0].path]).toEqual(["invalid_as_of", ["options", "asOf"]]);
  });

  test("the message quotes the bad value: rows[1043].amount", () => {
    const rows = Array.from({ length: 1044 }, (_, i) => ({ customerId: `c${i}`, date: "2024-01-01", amount: i === 1043 ? "12,5" : 1 }));
    const err = errorOf(() => summarizeTransactions(rows, { asOf }));
    expect(err.issues).toEqual([
      { path: ["rows", 1043, "amount"], row: 1043, field: "amount", customerId: "c1043", code: "invalid_amount", message: 'expected a finite number, got "12,5"' },
    ]);
    expect(err.message).toBe('summarizeTransactions: rows[1043].amount: expected a finite number, got "12,5" (customer "c1043")');
  });

  test("throw mode stops after maxIssues", () => {
    const rows = Array.from({ length: 100 }, () => ({ customerId: "a", date: "bad", amount: 1 }));
    expect(errorOf(() => summarizeTransactions(rows, { asOf })).issues).toHaveLength(20);
    expect(errorOf(() => summarizeTransactions(rows, { asOf, maxIssues: 3 })).issues).toHaveLength(3);
  });

  test("all rows skipped is still an error, not an empty result", () => {
    const err = errorOf(() => summarizeTransactions([{ customerId: "a", date: "bad", amount: 1 }], { asOf, onInvalid: "skip" }));
    expect(err.code).toBe("empty_input");
  });

  test("columns of different lengths", () => {
    const err = errorOf(() => summarizeTransactions({ customerId: ["a", "b"], date: ["2024-01-01"], amount: [1, 2] }, { asOf }));
    expect(err.code).toBe("length_mismatch");
    expect(err.issues[0].path).toEqual(["columns", "date"]);
  });

  test.each([
    [{ asOf, refunds: "keep" }, RangeError, /^summarizeTransactions: options\.refunds/],
    [{ asOf, onInvalid: "ignore" }, RangeError, /^summarizeTransactions: options\.onInvalid/],
    [{ asOf, timeZone: "Mars/Olympus" }, RangeError, /^summarizeTransactions: timeZone/],
    [{ asOf, fields: { customerId: "a" } }, TypeError, /^summarizeTransactions: options\.fields\.date/],
    [{ asOf, monetary: "median" }, RangeError, /^summarizeTransactions: options\.monetary/],
    [{ asOf, asof: "2024-01-01" }, TypeError, /^summarizeTransactions: options: unknown option "asof"/],
  ])("bad option %j", (options, Err, message) => {
    const run = () => summarizeTransactions([{ customerId: "a", date: "2024-01-01", amount: 1 }], options as never);
    expect(run).toThrow(Err);
    expect(run).toThrow(message);
  });

  test("input that is neither records nor columns", () => {
    expect(() => summarizeTransactions(42 as never, { asOf })).toThrow(TypeError);
    expect(() => summarizeTransactions(42 as never, { asOf })).toThrow(/^summarizeTransactions: input/);
  });
});

describe("summarizeTransactions: output columns", () => {
  test("the same customers as records, one array per field, read as they are by scoreRfm", () => {
    const rows = [
      { customerId: "a", date: "2024-01-01", amount: 30, orderId: "1" },
      { customerId: "b", date: "2024-02-15", amount: -10, orderId: "2" },
      { customerId: "a", date: "2024-03-01", amount: 50, orderId: "3" },
      { customerId: "c", date: "2024-02-20", amount: 5, orderId: "4" },
      { customerId: "b", date: "2024-03-20", amount: 25, orderId: "5" },
      { customerId: "d", date: "2024-03-21", amount: -4, orderId: "6" },
    ];
    const opts = { asOf: "2024-03-31", refunds: "net" } as const;
    const records = summarizeTransactions(rows, opts);
    const { columns, meta } = summarizeTransactions(rows, { ...opts, output: "columns" });
    expect(meta).toEqual(records.meta);
    expect(meta.customersWithoutPurchases).toEqual(["d"]);
    expect(columns.recencyDays).toBeInstanceOf(Float64Array);
    const n = columns.customerId.length;
    const keys = Object.keys(columns) as (keyof typeof columns)[];
    for (const k of keys) expect(columns[k]).toHaveLength(n);
    const rebuilt = Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k) => [k, columns[k][i]])));
    expect(rebuilt).toEqual(records.customers);
    expect(scoreRfm(columns, { bins: 2 })).toEqual(scoreRfm(records.customers, { bins: 2 }));
  });
});

describe("summarizeTransactions: options and types", () => {
  test("the options schema is strict and names the reading options plus monetary", () => {
    expect(Object.keys(summarizeTransactionsOptionsSchema.shape).sort()).toEqual([...Object.keys(transactionReadOptionsSchema.shape), "monetary", "output"].sort());
    expect(Object.keys(summarizeTransactionsOptionsSchema.shape)).toEqual(expect.arrayContaining(["afterAsOf", "asOf", "fields", "numericStrings", "onInvalid", "refunds", "timeZone"]));
    expect(summarizeTransactionsOptionsSchema.safeParse({ asOf: "2024-01-01", extra: 1 }).success).toBe(false);
  });

  test("types: options and result", () => {
    // overloads: the result type follows `output` (the functions are typed, never called)
    expectTypeOf(() => summarizeTransactions([], { asOf: "2024-01-01" })).returns.toEqualTypeOf<SummarizeTransactionsResult>();
    expectTypeOf(() => summarizeTransactions([], { asOf: "2024-01-01", output: "records" })).returns.toEqualTypeOf<SummarizeTransactionsResult>();
    expectTypeOf(() => summarizeTransactions([], { asOf: "2024-01-01", output: "columns" })).returns.toEqualTypeOf<SummarizeTransactionsColumnsResult>();
    expectTypeOf<SummarizeTransactionsResult["customers"]>().toEqualTypeOf<CustomerSummary[]>();
    expectTypeOf<SummarizeTransactionsResult["meta"]>().toEqualTypeOf<SummaryMeta>();
    expectTypeOf<SummarizeTransactionsOptions["monetary"]>().toEqualTypeOf<"sum" | "mean" | undefined>();
    // @ts-expect-error: unknown options do not compile
    expectTypeOf(() => summarizeTransactions([], { asOf: "2024-01-01", monetry: "sum" })).toBeFunction();
  });
});

describe("summarizeTransactions: sums beyond the doubles", () => {
  const opts = { asOf: "2024-02-01", fields: { customerId: "cust", date: "day", amount: "amount" } } as const;
  test("two amounts of 1e308 are an overflow naming the customer, not monetary NaN", () => {
    const rows = [
      { cust: "a", day: "2024-01-01", amount: 1e308 },
      { cust: "b", day: "2024-01-02", amount: 5 },
      { cust: "a", day: "2024-01-02", amount: 1e308 },
      { cust: "a", day: "2024-01-03", amount: -1e308 },
    ];
    expect(() => summarizeTransactions(rows, opts)).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ code: "overflow", path: ["input"], customerId: "a" })] }),
    );
    expect(() => summarizeTransactions(rows, { ...opts, monetary: "mean" })).toThrow(/^summarizeTransactions: input: the sum of this customer's amounts is above 1\.8e308/);
    expect(() => summarizeTransactions([{ cust: "r", day: "2024-01-01", amount: -1e308 }, { cust: "r", day: "2024-01-01", amount: -1e308 }, { cust: "a", day: "2024-01-01", amount: 1 }], { ...opts, refunds: "net" })).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ customerId: "r" })] }),
    );
  });

  test("large sums that stay within the doubles are exact", () => {
    const { customers } = summarizeTransactions([{ cust: "a", day: "2024-01-01", amount: 1e308 }, { cust: "a", day: "2024-01-02", amount: -5e307 }], opts);
    expect(customers[0]).toMatchObject({ monetary: 5e307, averageOrderValue: 5e307 / 1 });
  });
});

describe("summarizeTransactions: typed columns (the fast lane) read exactly as plain columns", () => {
  // Int32Array codes with Int32Array days and Float64Array amounts take a shorter loop for clean rows;
  // the same columns as plain arrays take the full reading. Both must give the same result, issues included.
  const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
  const row = fc.record({
    c: fc.integer({ min: -1, max: 9 }),
    day: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: dayOf("2021-01-01"), max: dayOf("2024-01-10") }) }, { weight: 1, arbitrary: fc.constantFrom(-100_000, 200_000) }),
    amount: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -2_000, max: 100_000 }).map((x) => x / 100) }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -0, 0) }),
    o: fc.integer({ min: -1, max: 12 }),
  });
  const dictionary = ["a", "b", "", "c", "d", "a", "e", "f", "g", 12];
  const orderDictionary = ["1", "2", "3", "", "4", "5", "6", "7", "8", "9", "10", "11"];
  test("property: same result or same issues, with and without order ids, under every policy", () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 50 }),
        fc.boolean(),
        fc.record({ onInvalid: fc.constantFrom("throw", "skip", "collect"), refunds: fc.constantFrom("net", "exclude", "error"), afterAsOf: fc.constantFrom("error", "ignore"), normalizeIds: fc.constantFrom(undefined, "NFC") }),
        (rows, withOrders, policy) => {
          const options = { asOf: "2024-01-01", ...policy } as SummarizeTransactionsOptions;
          const build = (typed: boolean): TransactionColumns => {
            const ints = (xs: number[]) => (typed ? Int32Array.from(xs) : xs);
            return {
              customerId: { codes: ints(rows.map((r) => r.c)), dictionary },
              date: typed ? Int32Array.from(rows.map((r) => r.day)) : rows.map((r) => new Date(r.day * 86_400_000).toISOString().slice(0, 10)),
              amount: typed ? Float64Array.from(rows.map((r) => r.amount)) : rows.map((r) => r.amount),
              ...(withOrders ? { orderId: { codes: ints(rows.map((r) => r.o)), dictionary: orderDictionary } } : {}),
            };
          };
          const outcome = (typed: boolean) => {
            try {
              return summarizeTransactions(build(typed), options);
            } catch (error) {
              if (!isAnalyticsInputError(error)) throw error;
              // the plain date column names its dates as text, the typed one as days: compare codes and paths
              return { codes: error.issues.map((i) => [i.code, i.path]) };
            }
          };
          const typed = outcome(true);
          const plain = outcome(false);
          if ("meta" in typed && "meta" in plain) {
            const strip = (r: SummarizeTransactionsResult) => ({ ...r, meta: { ...r.meta, input: { ...r.meta.input, issues: r.meta.input.issues?.map((i) => [i.code, i.path]) } } });
            expect(strip(typed)).toEqual(strip(plain));
          } else expect(typed).toEqual(plain);
        },
      ),
      { numRuns: 400 },
    );
  });
});
