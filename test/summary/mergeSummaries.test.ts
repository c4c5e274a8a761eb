import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  isAnalyticsInputError,
  mergeSummaries,
  mergeSummariesOptionsSchema,
  summarizeTransactions,
  type CustomerSummary,
  type MergeSummariesOptions,
  type MergeSummariesResult,
  type SummarizeTransactionsResult,
} from "../../src/summary/index.js";
import { deepFreeze } from "../helpers/arbitraries.js";

interface Row {
  customerId: string;
  date: string;
  amount: number;
  orderId: string;
}

const asOf = "2024-01-01";
const withOrders = { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" };
const withoutOrders = { customerId: "customerId", date: "date", amount: "amount" };
const byId = (rows: readonly CustomerSummary[]) => [...rows].sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
const isoDay = fc.integer({ min: 0, max: 1000 }).map((d) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

/** Rows over up to 12 customers; amounts as quarters (`exact`: every sum is exact) or cents; some refunds. */
const rowsArb = (amounts: "quarters" | "cents", refunds: boolean) =>
  fc.array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"),
      date: isoDay,
      amount: (amounts === "quarters" ? fc.integer({ min: 1, max: 400_000 }).map((q) => q / 4) : fc.integer({ min: 1, max: 10_000_000 }).map((c) => c / 100)).chain(
        (a) => (refunds ? fc.constantFrom(a, a, a, a, -a) : fc.constant(a)),
      ),
      orderId: fc.integer({ min: 1, max: 30 }).map(String),
    }),
    { minLength: 1, maxLength: 120 },
  );

/**
 * Splits rows into shards by a key (row → shard). Shards without a purchase cannot be summarised
 * (summarizeTransactions: empty_input), so their rows join the first shard with a purchase.
 */
function shardRows(rows: readonly Row[], shardOf: (r: Row, i: number) => number, k: number): Row[][] {
  const shards: Row[][] = Array.from({ length: k }, () => []);
  rows.forEach((r, i) => shards[shardOf(r, i)].push(r));
  const buying = shards.filter((s) => s.some((r) => r.amount >= 0));
  for (const s of shards) if (s.length > 0 && !buying.includes(s)) buying[0].push(...s);
  return buying;
}

describe("mergeSummaries: hand-checked", () => {
  test("two shards with one customer in both", () => {
    const east = [
      { customerId: "a", date: "2024-01-10", amount: 20, orderId: "1" },
      { customerId: "a", date: "2024-01-10", amount: 5, orderId: "1" },
      { customerId: "b", date: "2024-03-01", amount: 5, orderId: "2" },
    ];
    const west = [
      { customerId: "c", date: "2024-02-01", amount: 8, orderId: "3" },
      { customerId: "a", date: "2024-03-21", amount: 30, orderId: "4" },
      { customerId: "a", date: "2024-02-01", amount: -5, orderId: "4" },
    ];
    const opts = { asOf: "2024-03-31", fields: withOrders };
    const { customers, meta } = mergeSummaries([summarizeTransactions(east, opts), summarizeTransactions(west, opts)]);
    expect(customers).toEqual([
      // 2024-01-10 → 2024-03-31 is 21 + 29 + 31 = 81 days; orders 1 and 4; 25 + 30 − 5 = 50
      { customerId: "a", firstPurchase: "2024-01-10", lastPurchase: "2024-03-21", recencyDays: 10, frequency: 2, monetary: 50, tenureDays: 81, averageOrderValue: 25 },
      { customerId: "b", firstPurchase: "2024-03-01", lastPurchase: "2024-03-01", recencyDays: 30, frequency: 1, monetary: 5, tenureDays: 30, averageOrderValue: 5 },
      { customerId: "c", firstPurchase: "2024-02-01", lastPurchase: "2024-02-01", recencyDays: 59, frequency: 1, monetary: 8, tenureDays: 59, averageOrderValue: 8 },
    ]);
    expect(meta).toEqual({
      asOf: "2024-03-31",
      timeZone: null,
      customers: 3,
      frequencyCounts: "orderId",
      monetary: "sum",
      refunds: "net",
      input: { rowsRead: 6, rowsUsed: 6, invalidRows: 0, invalidByCode: {}, ignoredAfterAsOf: 0, excludedRefunds: 0 },
      customersWithoutPurchases: [],
    });
    // the whole log, read at once, gives the same (consecutive shards: same order too)
    expect(summarizeTransactions([...east, ...west], opts)).toEqual({ customers, meta });
  });

  test("one part is returned as a copy", () => {
    const part = deepFreeze(summarizeTransactions([{ customerId: "a", date: "2023-12-01", amount: 3 }], { asOf }));
    const merged = mergeSummaries([part]);
    expect(merged).toEqual(part);
    expect(merged.customers[0]).not.toBe(part.customers[0]);
    expect(Object.isFrozen(merged.customers[0])).toBe(false);
  });

  test("an order whose lines are in two parts is counted once per part (documented limit)", () => {
    const lines = [
      { customerId: "a", date: "2023-12-01", amount: 10, orderId: "A-1" },
      { customerId: "a", date: "2023-12-01", amount: 15, orderId: "A-1" },
    ];
    const opts = { asOf, fields: withOrders };
    expect(summarizeTransactions(lines, opts).customers[0].frequency).toBe(1);
    const merged = mergeSummaries([summarizeTransactions(lines.slice(0, 1), opts), summarizeTransactions(lines.slice(1), opts)]);
    expect(merged.customers[0]).toMatchObject({ frequency: 2, monetary: 25, averageOrderValue: 12.5 });
  });

  test("input reports add up; collected issues name their part", () => {
    const opts = { asOf, fields: withoutOrders, onInvalid: "collect" as const, afterAsOf: "ignore" as const, refunds: "exclude" as const };
    const p0 = summarizeTransactions(
      [
        { customerId: "a", date: "2023-12-01", amount: 3 },
        { customerId: "a", date: "2023-12-01", amount: "x" },
      ],
      opts,
    );
    const p1 = summarizeTransactions(
      [
        { customerId: "b", date: "2023-12-01", amount: -3 },
        { customerId: "b", date: "2024-02-01", amount: 3 },
        { customerId: "", date: "2023-12-01", amount: 3 },
        { customerId: "b", date: "2023-12-02", amount: 4 },
      ],
      opts,
    );
    const { meta } = mergeSummaries([p0, p1]);
    expect(meta.input).toEqual({
      rowsRead: 6,
      rowsUsed: 2,
      invalidRows: 2,
      invalidByCode: { invalid_amount: 1, missing_customer_id: 1 },
      ignoredAfterAsOf: 1,
      excludedRefunds: 1,
      issues: [
        expect.objectContaining({ path: ["parts", 0, "rows", 1, "amount"], code: "invalid_amount", message: 'expected a finite number, got "x"', customerId: "a" }),
        expect.objectContaining({ path: ["parts", 1, "rows", 2, "customerId"], code: "missing_customer_id", message: p1.meta.input.issues?.[0].message }),
      ],
    });
  });

  test("customers with refunds only in every part stay listed once", () => {
    const opts = { asOf, fields: withoutOrders };
    const p0 = summarizeTransactions(
      [
        { customerId: "r", date: "2023-12-01", amount: -3 },
        { customerId: "a", date: "2023-12-01", amount: 3 },
      ],
      opts,
    );
    const p1 = summarizeTransactions(
      [
        { customerId: "b", date: "2023-12-01", amount: 3 },
        { customerId: "r", date: "2023-12-02", amount: -1 },
        { customerId: "s", date: "2023-12-02", amount: -1 },
      ],
      opts,
    );
    expect(mergeSummaries([p0, p1]).meta.customersWithoutPurchases).toEqual(["r", "s"]);
  });

  test("monetary: mean merges disjoint customers exactly", () => {
    const opts = { asOf, fields: withOrders, monetary: "mean" as const };
    const rows = [
      { customerId: "a", date: "2023-12-01", amount: 10, orderId: "1" },
      { customerId: "a", date: "2023-12-03", amount: 5, orderId: "2" },
      { customerId: "b", date: "2023-12-02", amount: 7, orderId: "3" },
    ];
    const merged = mergeSummaries([summarizeTransactions(rows.slice(0, 2), opts), summarizeTransactions(rows.slice(2), opts)]);
    expect(merged).toEqual(summarizeTransactions(rows, opts));
    expect(merged.customers[0].monetary).toBe(7.5);
  });
});

describe("mergeSummaries: refusals", () => {
  const part = (rows: Partial<Row>[], extra: object = {}) =>
    summarizeTransactions(
      rows.map((r) => ({ customerId: "a", date: "2023-12-01", amount: 1, orderId: "1", ...r })),
      { asOf, fields: withOrders, ...extra },
    );

  test.each([
    ["asOf", { asOf: "2024-01-02" }, /parts\[1\]\.meta\.asOf is "2024-01-02" but parts\[0\]\.meta\.asOf is "2024-01-01"/],
    ["timeZone", { timeZone: "Asia/Tokyo" }, /parts\[1\]\.meta\.timeZone is "Asia\/Tokyo" but parts\[0\]\.meta\.timeZone is null/],
    ["refunds", { refunds: "exclude" }, /parts\[1\]\.meta\.refunds is "exclude" but parts\[0\]\.meta\.refunds is "net"/],
    ["monetary", { monetary: "mean" }, /parts\[1\]\.meta\.monetary is "mean" but parts\[0\]\.meta\.monetary is "sum"/],
    ["frequencyCounts", { fields: withoutOrders }, /parts\[1\]\.meta\.frequencyCounts is "rows" but parts\[0\]\.meta\.frequencyCounts is "orderId"/],
  ])("parts summarised with a different %s: RangeError naming it", (_name, extra, message) => {
    const a = part([{}]);
    const b = part([{ customerId: "b" }], extra);
    expect(() => mergeSummaries([a, b])).toThrow(RangeError);
    expect(() => mergeSummaries([a, b])).toThrow(message);
    expect(() => mergeSummaries([a, b])).toThrow(/^mergeSummaries: /);
  });

  test("bad arguments", () => {
    expect(() => mergeSummaries([])).toThrow(new RangeError("mergeSummaries: parts must hold at least one summary result, got an empty array"));
    expect(() => mergeSummaries("x" as never)).toThrow(TypeError);
    expect(() => mergeSummaries([{ customers: [] } as never])).toThrow(/^mergeSummaries: parts\[0\]\.meta: /);
    expect(() => mergeSummaries([part([{}]), { customers: {}, meta: {} } as never])).toThrow(/^mergeSummaries: parts\[1\]\.customers must be an array/);
    expect(() => mergeSummaries([part([{}])], { overlap: "sum" } as never)).toThrow(RangeError);
    expect(() => mergeSummaries([part([{}])], { overlp: "error" } as never)).toThrow(new TypeError('mergeSummaries: options: unknown option "overlp"'));
  });

  test('overlap: "error" refuses a customer in two parts', () => {
    const parts = [part([{}]), part([{ customerId: "b" }]), part([{ orderId: "2" }])];
    expect(() => mergeSummaries(parts, { overlap: "error" })).toThrow('mergeSummaries: customer "a" is in parts[0] and parts[2]');
    expect(mergeSummaries(parts.slice(0, 2), { overlap: "error" }).customers).toHaveLength(2);
  });

  test('monetary: "mean" refuses a customer in two parts', () => {
    const parts = [part([{}], { monetary: "mean" }), part([{ orderId: "2" }], { monetary: "mean" })];
    expect(() => mergeSummaries(parts)).toThrow(/customer "a" is in parts\[0\] and parts\[1\], and with monetary: "mean"/);
  });

  test("refunds only in one part and purchases in another: refused either way round", () => {
    const refundOnly = part([{ customerId: "b" }, { amount: -4 }]);
    const buys = part([{ amount: 10 }]);
    expect(refundOnly.meta.customersWithoutPurchases).toEqual(["a"]);
    for (const parts of [
      [refundOnly, buys],
      [buys, refundOnly],
    ]) {
      expect(() => mergeSummaries(parts)).toThrow(RangeError);
      expect(() => mergeSummaries(parts)).toThrow(/customer "a" has only refunds in parts\[\d\]/);
    }
  });

  test("unusable records and duplicates are data errors naming part and record", () => {
    const good = part([{}]);
    const broken: SummarizeTransactionsResult = { ...good, customers: [{ ...good.customers[0], customerId: "z", frequency: 0 }, good.customers[0], good.customers[0]] };
    try {
      mergeSummaries([good, broken]);
      expect.unreachable();
    } catch (error) {
      expect(isAnalyticsInputError(error)).toBe(true);
      if (!isAnalyticsInputError(error)) return;
      expect(error.issues.map((i) => [i.path, i.code, i.customerId])).toEqual([
        [["parts", 1, "customers", 0, "frequency"], "invalid_value", "z"],
        [["parts", 1, "customers", 2, "customerId"], "duplicate_customer", "a"],
      ]);
      expect(error.issues[0].message).toBe("expected a whole number of orders >= 1, got 0");
      expect(error.message).toContain('parts[1].customers[0].frequency: expected a whole number of orders >= 1, got 0 (customer "z")');
    }
  });
});

describe("mergeSummaries: options and types", () => {
  test("the options schema is strict", () => {
    expect(Object.keys(mergeSummariesOptionsSchema.shape)).toEqual(["overlap"]);
    expect(mergeSummariesOptionsSchema.safeParse({ overlap: "error", x: 1 }).success).toBe(false);
  });

  test("types: the result is summarizeTransactions' result", () => {
    expectTypeOf(mergeSummaries).parameter(1).toEqualTypeOf<MergeSummariesOptions | undefined>();
    expectTypeOf(mergeSummaries).returns.toEqualTypeOf<MergeSummariesResult>();
    expectTypeOf<MergeSummariesResult>().toEqualTypeOf<SummarizeTransactionsResult>();
    expectTypeOf<MergeSummariesResult["customers"]>().toEqualTypeOf<CustomerSummary[]>();
    // @ts-expect-error: unknown options do not compile
    expectTypeOf(() => mergeSummaries([], { overlp: "error" })).toBeFunction();
  });
});

describe("mergeSummaries properties", () => {
  const sumAbs = (rows: readonly Row[]) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.customerId, (m.get(r.customerId) ?? 0) + Math.abs(r.amount));
    return m;
  };

  test("shards partitioned by customer merge into exactly the whole's summaries (any amounts)", () => {
    fc.assert(
      fc.property(
        rowsArb("cents", true),
        fc.integer({ min: 1, max: 5 }),
        fc.func(fc.nat()),
        fc.boolean(),
        fc.constantFrom("sum" as const, "mean" as const),
        (rows, k, pick, orders, monetary) => {
          fc.pre(rows.some((r) => r.amount >= 0));
          const opts = { asOf, fields: orders ? withOrders : withoutOrders, monetary };
          const shards = deepFreeze(shardRows(rows, (r) => pick(r.customerId) % k, k));
          const parts = deepFreeze(shards.map((s) => summarizeTransactions(s, opts)));
          const whole = summarizeTransactions(rows, opts);
          const merged = mergeSummaries(parts, { overlap: "error" });
          expect(byId(merged.customers)).toEqual(byId(whole.customers));
          expect({ ...merged.meta, customersWithoutPurchases: [...merged.meta.customersWithoutPurchases].sort() }).toEqual({
            ...whole.meta,
            customersWithoutPurchases: [...whole.meta.customersWithoutPurchases].sort(),
          });
        },
      ),
    );
  });

  test("consecutive runs of the rows merge into the whole's summaries, in the whole's order", () => {
    fc.assert(
      fc.property(rowsArb("quarters", false), fc.array(fc.nat(), { maxLength: 4 }), (rows, cuts) => {
        const opts = { asOf, fields: withoutOrders };
        const bounds = [0, ...cuts.map((c) => c % (rows.length + 1)).sort((a, b) => a - b), rows.length];
        const shards = bounds.slice(1).map((end, i) => rows.slice(bounds[i], end)).filter((s) => s.length > 0);
        const merged = mergeSummaries(shards.map((s) => summarizeTransactions(s, opts)));
        expect(merged).toEqual(summarizeTransactions(rows, opts));
      }),
    );
  });

  test("customers spread over shards (orders kept whole) merge exactly with binary-fraction amounts", () => {
    fc.assert(
      fc.property(rowsArb("quarters", true), fc.integer({ min: 1, max: 5 }), fc.func(fc.nat()), (rows, k, pick) => {
        fc.pre(rows.some((r) => r.amount >= 0));
        const opts = { asOf, fields: withOrders };
        const shards = deepFreeze(shardByOrder(rows, k, pick));
        const merged = mergeSummaries(deepFreeze(shards.map((s) => summarizeTransactions(s, opts))));
        const whole = summarizeTransactions(rows, opts);
        expect(byId(merged.customers)).toEqual(byId(whole.customers));
        expect(merged.meta.input).toEqual(whole.meta.input);
        expect([...merged.meta.customersWithoutPurchases].sort()).toEqual([...whole.meta.customersWithoutPurchases].sort());
      }),
    );
  });

  test("customers spread over shards: cents agree within 1e-12 of the summed amounts, the rest exactly", () => {
    fc.assert(
      fc.property(rowsArb("cents", true), fc.integer({ min: 2, max: 5 }), fc.func(fc.nat()), (rows, k, pick) => {
        fc.pre(rows.some((r) => r.amount >= 0));
        const opts = { asOf, fields: withOrders };
        const merged = byId(mergeSummaries(shardByOrder(rows, k, pick).map((s) => summarizeTransactions(s, opts))).customers);
        const whole = byId(summarizeTransactions(rows, opts).customers);
        const scale = sumAbs(rows);
        expect(merged.length).toBe(whole.length);
        merged.forEach((m, i) => {
          const w = whole[i];
          expect({ ...m, monetary: 0, averageOrderValue: 0 }).toEqual({ ...w, monetary: 0, averageOrderValue: 0 });
          const s = scale.get(w.customerId) as number;
          expect(Math.abs(m.monetary - w.monetary)).toBeLessThanOrEqual(1e-12 * s);
          expect(Math.abs(m.averageOrderValue - w.averageOrderValue)).toBeLessThanOrEqual((1e-12 * s) / w.frequency);
        });
      }),
    );
  });

  test("columns with a shared dictionary, split by customer code, merge into the whole's summaries", () => {
    fc.assert(
      fc.property(rowsArb("cents", false), fc.integer({ min: 1, max: 4 }), (rows, k) => {
        const dictionary = [...new Set(rows.map((r) => r.customerId))];
        const codes = Int32Array.from(rows.map((r) => dictionary.indexOf(r.customerId)));
        const days = Int32Array.from(rows.map((r) => Date.parse(r.date) / 86_400_000));
        const amounts = Float64Array.from(rows.map((r) => r.amount));
        const parts: SummarizeTransactionsResult[] = [];
        for (let s = 0; s < k; s++) {
          const keep = [...codes.keys()].filter((i) => codes[i] % k === s);
          if (keep.length === 0) continue;
          parts.push(
            summarizeTransactions(
              { customerId: { codes: Int32Array.from(keep, (i) => codes[i]), dictionary }, date: Int32Array.from(keep, (i) => days[i]), amount: Float64Array.from(keep, (i) => amounts[i]) },
              { asOf },
            ),
          );
        }
        const whole = summarizeTransactions({ customerId: { codes, dictionary }, date: days, amount: amounts }, { asOf });
        expect(byId(mergeSummaries(parts).customers)).toEqual(byId(whole.customers));
      }),
    );
  });
});

/**
 * Random shards in which a customer's orders may land in different shards but each order's lines stay
 * together; a customer's refunds follow one of their purchases (a shard of refunds only would lose
 * its total, which mergeSummaries refuses; tested above).
 */
function shardByOrder(rows: readonly Row[], k: number, pick: (key: string) => number): Row[][] {
  const purchaseShard = new Map<string, number>();
  const shardOf = (r: Row): number => pick(`${r.customerId}\u0000${r.orderId}`) % k;
  for (const r of rows) if (r.amount >= 0 && !purchaseShard.has(r.customerId)) purchaseShard.set(r.customerId, shardOf(r));
  return shardRows(rows, (r) => (r.amount >= 0 ? shardOf(r) : (purchaseShard.get(r.customerId) ?? pick(r.customerId) % k)), k);
}

describe("mergeSummaries: totals beyond the doubles", () => {
  test("a customer whose parts add up beyond 1.8e308 is an overflow naming part, record and customer", () => {
    const opts = { asOf: "2024-02-01", fields: { customerId: "cust", date: "day", amount: "amount" } } as const;
    const a = summarizeTransactions([{ cust: "x", day: "2024-01-01", amount: 1e308 }], opts);
    const b = summarizeTransactions([{ cust: "y", day: "2024-01-01", amount: 1 }, { cust: "x", day: "2024-01-05", amount: 1e308 }], opts);
    expect(() => mergeSummaries([a, b])).toThrow(
      expect.objectContaining({ code: "overflow", issues: [expect.objectContaining({ path: ["parts", 1, "customers", 1, "monetary"], customerId: "x" })] }),
    );
    expect(mergeSummaries([a, summarizeTransactions([{ cust: "x", day: "2024-01-05", amount: -1e308 }, { cust: "x", day: "2024-01-05", amount: 5e307 }], { ...opts, refunds: "net" })].map((p, k) => (k === 0 ? { ...p, meta: { ...p.meta, refunds: "net" as const } } : p))).customers[0].monetary).toBe(5e307);
  });
});
