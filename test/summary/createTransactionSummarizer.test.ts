import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { markDistinct, OwnCodes, unmarkDistinct } from "../../src/internal/interner.js";
import { AnalyticsInputError, createTransactionSummarizer, summarizeTransactions, type SummarizeTransactionsColumnsResult, type SummarizeTransactionsResult } from "../../src/summary/index.js";

/** Freezes plain objects and arrays deeply (typed arrays cannot be frozen; `batches are not mutated` compares them). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

const asOf = "2024-01-01";
const fieldsWith = { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" };
const fieldsWithout = { customerId: "customerId", date: "date", amount: "amount" };

type Row = { customerId: string; date: string; amount: number; orderId: string };

const isoDay = fc.integer({ min: 0, max: 1000 }).map((d) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const goodRow = fc.record({
  customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
  date: isoDay,
  amount: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100) }, { weight: 1, arbitrary: fc.integer({ min: -5_000, max: -1 }).map((c) => c / 100) }),
  orderId: fc.integer({ min: 1, max: 40 }).map(String),
});
/** Rows of which some are bad: empty customer or order id, an unreadable date, a NaN amount. */
const anyRow = fc.oneof(
  { weight: 8, arbitrary: goodRow },
  { weight: 1, arbitrary: goodRow.map((r) => ({ ...r, customerId: "" })) },
  { weight: 1, arbitrary: goodRow.map((r) => ({ ...r, date: "2023-13-45" })) },
  { weight: 1, arbitrary: goodRow.map((r) => ({ ...r, amount: Number.NaN })) },
  { weight: 1, arbitrary: goodRow.map((r) => ({ ...r, orderId: "" })) },
);

/** Cut points splitting `n` rows into batches (empty batches included). */
const splits = (n: number) => fc.array(fc.integer({ min: 0, max: n }), { maxLength: 6 }).map((cuts) => [0, ...cuts.sort((a, b) => a - b), n]);
const batchesOf = <T>(rows: readonly T[], cuts: number[]): T[][] => cuts.slice(1).map((end, k) => rows.slice(cuts[k], end));

type Form = "records" | "plain" | "fresh" | "shared";

/** A dictionary column of `values` over `dictionary` (entries appended when new). */
function dictionaryColumn(values: string[], dictionary: string[], index: Map<string, number>) {
  const codes = new Int32Array(values.length);
  values.forEach((v, i) => {
    let c = index.get(v);
    if (c === undefined) {
      c = dictionary.length;
      dictionary.push(v);
      index.set(v, c);
    }
    codes[i] = c;
  });
  return { codes, dictionary };
}

/** Builds batches of one form; "shared" grows one dictionary per id column across batches. */
function makeBatches(batches: Row[][], form: Form, withOrders: boolean): unknown[] {
  const shared = { customer: { dictionary: [] as string[], index: new Map<string, number>() }, order: { dictionary: [] as string[], index: new Map<string, number>() } };
  return batches.map((rows) => {
    if (form === "records") return withOrders ? rows : rows.map(({ orderId: _o, ...r }) => r);
    const ids = rows.map((r) => r.customerId);
    const orders = rows.map((r) => r.orderId);
    const column = (values: string[], which: "customer" | "order") => {
      if (form === "plain") return values;
      if (form === "fresh") return dictionaryColumn(values, [], new Map());
      return dictionaryColumn(values, shared[which].dictionary, shared[which].index);
    };
    return {
      customerId: column(ids, "customer"),
      // dictionary forms take epoch days (the typed fast lane); an unreadable date is then an implausible day
      date: form === "plain" ? rows.map((r) => r.date) : Int32Array.from(rows.map((r) => (r.date === "2023-13-45" ? 300_000 : Date.parse(`${r.date}T00:00:00Z`) / 86_400_000))),
      amount: Float64Array.from(rows.map((r) => r.amount)),
      ...(withOrders ? { orderId: column(orders, "order") } : {}),
    };
  });
}

/** The whole log in the same form (dictionaries over all values for the dictionary forms). */
function whole(rows: Row[], form: Form, withOrders: boolean): unknown {
  return makeBatches([rows], form === "shared" ? "fresh" : form, withOrders)[0];
}

/** The result, or the issues of the AnalyticsInputError it threw. */
function outcome(run: () => unknown): unknown {
  try {
    return { result: run() };
  } catch (error) {
    if (error instanceof AnalyticsInputError) return { issues: error.issues, message: error.message.slice(error.message.indexOf(": ") + 2) };
    throw error;
  }
}

function streamed(batches: unknown[], options: object): unknown {
  return outcome(() => {
    const s = createTransactionSummarizer(options as never);
    for (const b of batches) s.add(b as never);
    return s.finish();
  });
}

const optionsArb = fc.record({
  onInvalid: fc.constantFrom("throw", "skip", "collect"),
  refunds: fc.constantFrom("net", "exclude"),
  monetary: fc.constantFrom("sum", "mean"),
  output: fc.constantFrom("records", "columns"),
  maxIssues: fc.constantFrom(1, 3, 20),
});

describe("createTransactionSummarizer", () => {
  test("any split of a log into batches gives what summarizeTransactions gives on the whole (records, columns, dictionaries; with and without orders; bad rows)", () => {
    fc.assert(
      fc.property(
        fc.array(anyRow, { minLength: 0, maxLength: 60 }).chain((rows) => fc.tuple(fc.constant(rows), splits(rows.length))),
        fc.constantFrom<Form>("records", "plain", "fresh", "shared"),
        fc.boolean(),
        optionsArb,
        ([rows, cuts], form, withOrders, opts) => {
          const options = { asOf, fields: withOrders ? fieldsWith : fieldsWithout, ...opts };
          const batches = makeBatches(batchesOf(rows, cuts), form, withOrders);
          const expected = outcome(() => summarizeTransactions(whole(rows, form, withOrders) as never, options as never));
          expect(streamed(deepFreeze(batches), options)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("batches of mixed forms (records, plain columns, fresh and shared dictionaries) give the concatenation's result", () => {
    fc.assert(
      fc.property(
        fc.array(goodRow, { minLength: 1, maxLength: 60 }).chain((rows) => fc.tuple(fc.constant(rows), splits(rows.length))),
        fc.array(fc.constantFrom<Form>("records", "plain", "fresh", "shared"), { minLength: 8, maxLength: 8 }),
        fc.boolean(),
        ([rows, cuts], forms, withOrders) => {
          const options = { asOf, fields: withOrders ? fieldsWith : fieldsWithout };
          const parts = batchesOf(rows, cuts);
          // shared dictionaries stay one array per id column across the batches that use them
          const sharedRun = makeBatches(parts, "shared", withOrders);
          const batches = parts.map((p, k) => (forms[k] === "shared" ? sharedRun[k] : makeBatches([p], forms[k], withOrders)[0]));
          expect(streamed(batches, options)).toEqual(outcome(() => summarizeTransactions(rows, options)));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("the batches in any order give the same customers (sorted by id) and the same counts", () => {
    const byId = <T extends { customerId: string }>(c: T[]) => [...c].sort((x, y) => (x.customerId < y.customerId ? -1 : 1));
    fc.assert(
      fc.property(
        fc.array(goodRow.map((r) => ({ ...r, amount: Math.abs(r.amount) })), { minLength: 1, maxLength: 60 }).chain((rows) => fc.tuple(fc.constant(rows), splits(rows.length))),
        fc.boolean(),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        ([rows, cuts], withOrders, keys) => {
          const options = { asOf, fields: withOrders ? fieldsWith : fieldsWithout };
          const batches = makeBatches(batchesOf(rows, cuts), "records", withOrders);
          const permuted = batches.map((b, k) => ({ b, k: keys[k] })).sort((x, y) => x.k - y.k).map((x) => x.b);
          const a = streamed(batches, options) as { result: SummarizeTransactionsResult };
          const b = streamed(permuted, options) as { result: SummarizeTransactionsResult };
          expect(byId(b.result.customers)).toEqual(byId(a.result.customers));
          expect(b.result.meta.input).toEqual(a.result.meta.input);
        },
      ),
    );
  });

  test("row numbers in issues count from the first batch", () => {
    const s = createTransactionSummarizer({ asOf, onInvalid: "collect" });
    s.add([{ customerId: "a", date: "2023-01-01", amount: 1 }]);
    s.add([{ customerId: "b", date: "2023-01-02", amount: 2 }, { customerId: "", date: "2023-01-02", amount: 2 }]);
    s.add({ customerId: ["c", "d"], date: ["2023-01-03", "nope"], amount: new Float64Array([3, 4]) });
    const { customers, meta } = s.finish();
    expect(customers.map((c) => c.customerId)).toEqual(["a", "b", "c"]);
    expect(meta.input.issues?.map((i) => i.path)).toEqual([
      ["rows", 2, "customerId"],
      ["columns", "date", 4],
    ]);
    expect(meta.input).toMatchObject({ rowsRead: 5, rowsUsed: 3, invalidRows: 2 });
  });

  test("onInvalid throw: the error names every bad row up to maxIssues, across batches, from add or finish", () => {
    const s = createTransactionSummarizer({ asOf, maxIssues: 2 });
    s.add([{ customerId: "", date: "2023-01-01", amount: 1 }]);
    expect(() => s.add([{ customerId: "b", date: "2023-01-02", amount: Number.NaN }])).toThrow(AnalyticsInputError);
    const t = createTransactionSummarizer({ asOf });
    t.add([{ customerId: "", date: "2023-01-01", amount: 1 }]);
    t.add([{ customerId: "b", date: "2023-01-02", amount: 1 }]);
    const error = (() => {
      try {
        t.finish();
      } catch (e) {
        return e as AnalyticsInputError;
      }
    })();
    expect(error?.issues.map((i) => i.path)).toEqual([["rows", 0, "customerId"]]);
  });

  test("a growing dictionary passed again is read only for its new entries; another array is read afresh", () => {
    const reads = new Map<string, number>();
    const entries: string[] = [];
    const counted = (target: string[], name: string) =>
      new Proxy(target, {
        get(t, key, receiver) {
          if (typeof key === "string" && /^\d+$/.test(key)) reads.set(`${name}:${key}`, (reads.get(`${name}:${key}`) ?? 0) + 1);
          return Reflect.get(t, key, receiver);
        },
      });
    const ids = counted(entries, "ids");
    const orderEntries: string[] = [];
    const orders = counted(orderEntries, "orders");
    const options = { asOf, fields: fieldsWith, output: "columns" as const };
    const s = createTransactionSummarizer(options);
    const rows: Row[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const codes: number[] = [];
      const orderCodes: number[] = [];
      for (let k = 0; k < 20; k++) {
        const id = `c${(batch * 7 + k) % 30}`;
        if (!entries.includes(id)) entries.push(id);
        const order = `o${batch * 10 + (k >> 1)}`;
        if (!orderEntries.includes(order)) orderEntries.push(order);
        codes.push(entries.indexOf(id));
        orderCodes.push(orderEntries.indexOf(order));
        rows.push({ customerId: id, date: "2023-05-01", amount: k + 1, orderId: order });
      }
      s.add({ customerId: { codes, dictionary: ids }, date: Array(20).fill("2023-05-01"), amount: codes.map((_, k) => k + 1), orderId: { codes: orderCodes, dictionary: orders } });
    }
    expect(s.finish()).toEqual(summarizeTransactions(rows, options));
    expect(Math.max(...reads.values())).toBe(1);
    expect(reads.size).toBe(entries.length + orderEntries.length);
    // a copy is another array: its entries are read again
    reads.clear();
    const t = createTransactionSummarizer(options);
    t.add({ customerId: { codes: [0], dictionary: ids }, date: ["2023-05-01"], amount: [1], orderId: { codes: [0], dictionary: orders } });
    t.add({ customerId: { codes: [0], dictionary: counted([...entries], "ids") }, date: ["2023-05-01"], amount: [1], orderId: { codes: [0], dictionary: counted([...orderEntries], "orders") } });
    expect(reads.get("ids:0")).toBe(2);
    expect(t.finish().columns.frequency).toEqual(new Float64Array([1]));
  });

  test("order ids are matched by text across dictionaries and text batches, whichever comes first", () => {
    const options = { asOf, fields: fieldsWith };
    const day = ["2023-01-01", "2023-01-02"];
    for (const textFirst of [true, false]) {
      const s = createTransactionSummarizer(options);
      const text = { customerId: ["a", "a"], date: day, amount: [1, 2], orderId: ["x", "y"] };
      const dict = { customerId: ["a", "a"], date: day, amount: [3, 4], orderId: { codes: [1, 0], dictionary: ["y", "z"] } };
      for (const b of textFirst ? [text, dict] : [dict, text]) s.add(b);
      // orders x, y, z: three, not four
      expect(s.finish().customers[0].frequency).toBe(3);
    }
  });

  test("batches are not mutated", () => {
    const batch = deepFreeze({ customerId: { codes: new Int32Array([0, 1]), dictionary: ["a", "b"] }, date: new Int32Array([19000, 19001]), amount: new Float64Array([1, 2]) });
    const copy = structuredClone(batch);
    const s = createTransactionSummarizer({ asOf });
    s.add(batch);
    s.add(batch);
    s.finish();
    expect(batch).toEqual(copy);
  });

  test("output: \"columns\" narrows finish()'s type", () => {
    expectTypeOf(createTransactionSummarizer({ asOf, output: "columns" }).finish).returns.toEqualTypeOf<SummarizeTransactionsColumnsResult>();
    expectTypeOf(createTransactionSummarizer({ asOf }).finish).returns.toEqualTypeOf<SummarizeTransactionsResult>();
  });

  test("errors: add after finish, finish twice, use after an error, bad options, no rows, batches that disagree on order ids", () => {
    const s = createTransactionSummarizer({ asOf });
    s.add([{ customerId: "a", date: "2023-01-01", amount: 1 }]);
    s.finish();
    expect(() => s.add([])).toThrow(new TypeError("createTransactionSummarizer: add() after finish() (the summary was returned; create a new summarizer)"));
    expect(() => s.finish()).toThrow(/^createTransactionSummarizer: finish\(\) after finish\(\)/);
    const t = createTransactionSummarizer({ asOf });
    expect(() => t.add(42 as never)).toThrow(/^createTransactionSummarizer: input must be/);
    expect(() => t.add([])).toThrow(/^createTransactionSummarizer: add\(\) after an error/);
    expect(() => createTransactionSummarizer({ asOf, bins: 5 } as never)).toThrow(/^createTransactionSummarizer: /);
    expect(() => createTransactionSummarizer({} as never)).toThrow(AnalyticsInputError);
    const empty = createTransactionSummarizer({ asOf });
    empty.add([]);
    expect(() => empty.finish()).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: "empty_input" })] }));
    const mixed = createTransactionSummarizer({ asOf });
    mixed.add({ customerId: ["a"], date: ["2023-01-01"], amount: [1], orderId: ["o"] });
    expect(() => mixed.add({ customerId: ["a"], date: ["2023-01-01"], amount: [1] })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ code: "inconsistent_fields", path: ["columns", "orderId"] })] }),
    );
  });
});

test("columns with orderId under a field mapping without one: orders are counted, as summarizeTransactions does", () => {
  const columns = { customerId: ["a", "a"], date: ["2023-01-01", "2023-01-02"], amount: [1, 2], orderId: ["x", "x"] };
  const options = { asOf, fields: fieldsWithout };
  const s = createTransactionSummarizer(options);
  s.add(columns);
  const streamedResult = s.finish();
  expect(streamedResult).toEqual(summarizeTransactions(columns, options));
  expect(streamedResult.customers[0].frequency).toBe(1);
});

describe("order ids as their own codes (OwnCodes, the command line's hand-over)", () => {
  const ownRow = fc.record({
    c: fc.integer({ min: 0, max: 5 }),
    day: fc.integer({ min: 18_700, max: 19_700 }),
    amount: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -300, max: 10_000 }).map((x) => x / 100) }, { weight: 1, arbitrary: fc.constant(Number.NaN) }),
    // codes below the batch's length are orders; -1, past the length and fractions are bad codes
    o: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 15 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 2.5, 40) }),
  });
  const ownOptions = fc.record({
    onInvalid: fc.constantFrom("throw", "skip", "collect"),
    refunds: fc.constantFrom("net", "exclude"),
    normalizeIds: fc.constantFrom(undefined, "NFC"),
    output: fc.constantFrom("records", "columns"),
  });

  test("give exactly what the dictionary [0, 1, ...] of numbers gives, grown the same way, with later text and dictionary batches matched by text", () => {
    fc.assert(
      fc.property(
        fc.array(ownRow, { maxLength: 40 }).chain((rows) => fc.tuple(fc.constant(rows), splits(rows.length))),
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 8, maxLength: 8 }),
        fc.constantFrom("none", "text", "dictionary"),
        ownOptions,
        ([rows, cuts], growth, after, opts) => {
          const options = { asOf, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
          const run = (own: boolean) =>
            outcome(() => {
              const s = createTransactionSummarizer(options as never);
              const customers = ["a", "b", "c", "d", "e", "f"];
              const ownCodes = new OwnCodes();
              const numbers: number[] = [];
              batchesOf(rows, cuts).forEach((batch, k) => {
                // the dictionary grows (never shrinks) from batch to batch: the same object each time
                const length = ownCodes.length + (growth[k % growth.length] ?? 0);
                ownCodes.length = length;
                while (numbers.length < length) numbers.push(numbers.length);
                s.add({
                  customerId: { codes: Int32Array.from(batch, (r) => r.c), dictionary: customers },
                  date: Int32Array.from(batch, (r) => r.day),
                  amount: Float64Array.from(batch, (r) => r.amount),
                  orderId: { codes: Int32Array.from(batch, (r) => r.o), dictionary: own ? (ownCodes as unknown as readonly number[]) : numbers },
                });
              });
              const tail = { customerId: ["a", "b"], date: ["2023-01-01", "2023-01-02"], amount: [5, 6] };
              if (after === "text") s.add({ ...tail, orderId: ["3", "x"] });
              if (after === "dictionary") s.add({ ...tail, orderId: { codes: [0, 1], dictionary: ["x", "2"] } });
              return s.finish();
            });
          expect(run(true)).toEqual(run(false));
        },
      ),
      { numRuns: 400 },
    );
  });

  test("keep no per-order entry array: the codes' range is read from length alone", () => {
    const ownCodes = new OwnCodes();
    ownCodes.length = 3;
    const s = createTransactionSummarizer({ asOf, output: "columns" });
    s.add({ customerId: { codes: new Int32Array([0, 0, 1, 1]), dictionary: ["a", "b"] }, date: new Int32Array([19000, 19001, 19000, 19002]), amount: new Float64Array([1, 2, 3, 4]), orderId: { codes: new Int32Array([0, 1, 2, 0]), dictionary: ownCodes as unknown as readonly number[] } });
    ownCodes.length = 4;
    s.add({ customerId: { codes: new Int32Array([1]), dictionary: ["a", "b"] }, date: new Int32Array([19003]), amount: new Float64Array([5]), orderId: { codes: new Int32Array([3]), dictionary: ownCodes as unknown as readonly number[] } });
    // a: orders 0 and 1; b: orders 2, 0 (shared with a: counted for b too) and 3
    expect(Array.from(s.finish().columns.frequency)).toEqual([2, 3]);
  });
});

test("an order-id dictionary with entries that are no ids (typed codes, the fast lane) gives what the same ids as a plain column give", () => {
  const entries: (string | number)[] = ["o1", "", "o2", Number.NaN, "o3", 2 ** 60, " ", "o4"];
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: entries.length - 1 })), { minLength: 1, maxLength: 30 }), fc.constantFrom("skip", "collect", "throw"), (rows, onInvalid) => {
      const options = { asOf, onInvalid: onInvalid as "skip" };
      const base = { customerId: { codes: Int32Array.from(rows, (r) => r[0]), dictionary: ["a", "b", "c"] }, date: Int32Array.from(rows, () => 19_000), amount: Float64Array.from(rows, () => 1) };
      const dictionary = outcome(() => summarizeTransactions({ ...base, orderId: { codes: Int32Array.from(rows, (r) => r[1]), dictionary: entries } }, options));
      const plain = outcome(() => summarizeTransactions({ ...base, orderId: rows.map((r) => entries[r[1]]) }, options));
      // the same customers and counts; issue paths differ only in naming the dictionary entry's row
      expect(JSON.stringify(dictionary).replaceAll(/"path":\[[^\]]*\]/g, "")).toBe(JSON.stringify(plain).replaceAll(/"path":\[[^\]]*\]/g, ""));
    }),
    { numRuns: 200 },
  );
});

describe("createTransactionSummarizer with a dictionary marked distinct (the CLI's own)", () => {
  const opts = { asOf: "2024-03-31", fields: { customerId: "customerId", date: "date", amount: "amount" } } as const;
  const batch = (dictionary: string[], codes: number[], days?: string[]) => ({
    customerId: { codes: Int32Array.from(codes), dictionary },
    date: days ?? codes.map((_, i) => `2024-01-${String(i + 1).padStart(2, "0")}`),
    amount: codes.map((_, i) => i + 1),
  });
  /** The summary of the batches, each made twice: with the first dictionary marked, and unmarked. */
  const both = (make: (mark: boolean) => Iterable<unknown>, options: object = {}) => {
    const run = (mark: boolean) => {
      const s = createTransactionSummarizer({ ...opts, ...options } as never);
      for (const b of make(mark)) s.add(b as never);
      return s.finish() as unknown as SummarizeTransactionsResult;
    };
    const marked = run(true);
    expect(marked).toEqual(run(false));
    return marked;
  };

  test("a later batch with another dictionary, or plain ids, merges with the marked entries", () => {
    const r = both((mark) => {
      const d = ["a", "b"];
      if (mark) markDistinct(d);
      return [batch(d, [0, 1, 1]), batch(["b", "c"], [0, 1]), { customerId: ["a", "c"], date: ["2024-02-01", "2024-02-02"], amount: [1, 2] }];
    });
    expect(r.customers.map((c) => [c.customerId, c.frequency])).toEqual([
      ["a", 2],
      ["b", 3],
      ["c", 2],
    ]);
  });

  test("a marked dictionary that repeats an entry later (and is unmarked) merges it", () => {
    // a generator: the entry is appended after the first batch was added
    const r = both(function* (mark) {
      const d = ["a", "b"];
      if (mark) markDistinct(d);
      yield batch(d, [0, 1]);
      d.push("a");
      if (mark) unmarkDistinct(d);
      yield batch(d, [2], ["2024-02-01"]);
    });
    expect(r.customers.map((c) => [c.customerId, c.frequency])).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
  });

  test("with normalizeIds, entries equal once normalised are one customer", () => {
    const r = both(
      (mark) => {
        const d = ["\u00e9", "e\u0301"];
        if (mark) markDistinct(d);
        return [batch(d, [0, 1])];
      },
      { normalizeIds: "NFC" },
    );
    expect(r.customers.map((c) => [c.customerId, c.frequency])).toEqual([["\u00e9", 2]]);
  });

  test("a marked shared dictionary gives what an unmarked one gives", () => {
    fc.assert(fc.property(fc.array(goodRow.map((r) => ({ ...r, amount: Math.abs(r.amount) })), { minLength: 1, maxLength: 40 }), splits(40), (rows, cuts) => {
    both((mark) => {
      const d: string[] = [];
      if (mark) markDistinct(d);
      const index = new Map<string, number>();
      return batchesOf(rows, cuts.map((c) => Math.min(c, rows.length))).map((b) => {
        const col = dictionaryColumn(b.map((r) => r.customerId), d, index);
        return { customerId: col, date: b.map((r) => r.date), amount: b.map((r) => r.amount) };
      });
    });
    }));
  });
});
