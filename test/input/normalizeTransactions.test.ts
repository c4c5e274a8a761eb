// The transaction reader: structured issues (path, row, field, customer), the shared id and
// missing-field rules, throwing accessors, and what it returns.
import { inputErrorOf } from "../helpers/errors.js";
import { describe, expect, expectTypeOf, test } from "vitest";
import fc from "fast-check";
import { AnalyticsInputError } from "../../src/errors.js";
import { isoDateFromDays } from "../../src/input/dates.js";
import { normalizeTransactions, type NormalizedTransactions, type TransactionReadOptions } from "../../src/input/index.js";

const asOf = "2024-12-31";
const errorOf = inputErrorOf;

describe("normalizeTransactions", () => {
  test("rows become columns of epoch days and amounts, in input order, with customers interned", () => {
    const out = normalizeTransactions(
      [
        { customerId: "a", date: "2024-01-02", amount: 10 },
        { customerId: "b", date: "2024-01-03", amount: 5 },
        { customerId: "a", date: "2024-02-01", amount: -2 },
      ],
      { asOf },
    );
    expect(out.customerIds).toEqual(["a", "b"]);
    expect(Array.from(out.customer)).toEqual([0, 1, 0]);
    expect(Array.from(out.amount)).toEqual([10, 5, -2]);
    expect(out.input.rowsUsed).toBe(3);
  });

  test("each issue carries path, row, field and, once the id is known, the customer", () => {
    const rows = [
      { customerId: "a", date: "2024-01-02", amount: 1 },
      { customerId: "", date: "2024-01-02", amount: 1 },
      { customerId: "c", date: "2024-02-30", amount: 1 },
      { customerId: "d", date: "2024-01-02", amount: "12,5" },
    ];
    const collected = normalizeTransactions(rows, { asOf, onInvalid: "collect" }).input.issues;
    expect(collected).toEqual([
      { code: "missing_customer_id", path: ["rows", 1, "customerId"], row: 1, field: "customerId", message: 'expected a non-empty customer id (string or finite number), got ""' },
      { code: "invalid_date", path: ["rows", 2, "date"], row: 2, field: "date", customerId: "c", message: 'expected a real calendar date, got "2024-02-30"' },
      { code: "invalid_amount", path: ["rows", 3, "amount"], row: 3, field: "amount", customerId: "d", message: 'expected a finite number, got "12,5"' },
    ]);
  });

  test("fields are named as the caller maps them; columns name field then row", () => {
    const mapped = errorOf(() => normalizeTransactions([{ id: "a", day: "x", amt: 1 }], { asOf, fields: { customerId: "id", date: "day", amount: "amt" } }));
    expect(mapped.issues[0]).toMatchObject({ path: ["rows", 0, "day"], field: "day", row: 0, customerId: "a" });
    const columns = errorOf(() => normalizeTransactions({ customerId: ["a", "b"], date: ["2024-01-01", "nope"], amount: [1, 2] }, { asOf }));
    expect(columns.issues[0]).toMatchObject({ path: ["columns", "date", 1], field: "date", row: 1, customerId: "b" });
  });

  test("a mapping to an inherited name is a missing field, once", () => {
    const error = errorOf(() => normalizeTransactions([{ customerId: "a", date: "2024-01-01", amount: 1 }], { asOf, fields: { customerId: "customerId", date: "date", amount: "constructor" } }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ code: "missing_field", path: ["fields", "amount"] });
  });

  test("a throwing accessor is unreadable_field for that row; collect goes on with the others", () => {
    const rows = [
      { customerId: "a", date: "2024-01-02", qty: 2 },
      { customerId: "b", date: "2024-01-02", qty: -1 },
      { customerId: "c", date: "2024-01-02", qty: 3 },
    ];
    const amount = (r: { qty: number }) => {
      if (r.qty < 0) throw new RangeError("negative quantity");
      return r.qty * 10;
    };
    const out = normalizeTransactions(rows, { asOf, onInvalid: "collect", fields: { customerId: "customerId", date: "date", amount } });
    expect(out.input.issues).toEqual([
      { code: "unreadable_field", path: ["rows", 1, "amount"], row: 1, field: "amount", customerId: "b", message: "reading the field threw: negative quantity" },
    ]);
    expect(out.customerIds).toEqual(["a", "c"]);
    expect(() => normalizeTransactions(rows, { asOf, fields: { customerId: "customerId", date: "date", amount } })).toThrow(/rows\[1\]\.amount: reading the field threw: negative quantity \(customer "b"\)/);
  });

  test("an error inside the library is not mistaken for the caller's data", () => {
    const rows = [{ customerId: "a", date: "2024-01-02", amount: 1 }];
    const error = errorOf(() => normalizeTransactions(rows, { asOf: "2023-01-01" }));
    expect(error.code).toBe("date_after_as_of");
  });

  test("the one id rule: numbers are their decimal text, blank strings are missing, strings kept untrimmed", () => {
    const out = normalizeTransactions(
      [
        { customerId: 7, date: "2024-01-02", amount: 1 },
        { customerId: "7", date: "2024-01-03", amount: 1 },
        { customerId: " 7", date: "2024-01-03", amount: 1 },
      ],
      { asOf },
    );
    expect(out.customerIds).toEqual(["7", " 7"]);
  });

  test("unknown options are refused, naming the key", () => {
    expect(() => normalizeTransactions([], { asOf, refund: "net" } as never)).toThrow(/^normalizeTransactions: options: unknown option "refund"/);
  });

  test("types", () => {
    expectTypeOf<Parameters<typeof normalizeTransactions<{ id: string }>>[1]>().toEqualTypeOf<TransactionReadOptions<{ id: string }>>();
    expectTypeOf(normalizeTransactions).returns.toEqualTypeOf<NormalizedTransactions>();
  });
});

// Issue 13: numbers you can trust under hostile input (the reader's part).
describe("normalizeTransactions: hostile input", () => {
  const row = (over: Record<string, unknown> = {}) => ({ customerId: "a", date: "2024-01-02", amount: 1, ...over });
  const text = { numericStrings: "parse" } as const;

  test('numericStrings: "parse" refuses text that overflows to Infinity', () => {
    for (const raw of ["1e400", "-1e400", "  1e309 "]) {
      const error = errorOf(() => normalizeTransactions([row({ amount: raw })], { asOf, ...text }));
      expect(error.issues[0]).toMatchObject({ code: "invalid_amount", path: ["rows", 0, "amount"] });
      expect(error.issues[0].message).toMatch(/not a finite number/);
    }
    const skipped = normalizeTransactions([row(), row({ amount: "1e400" })], { asOf, ...text, onInvalid: "skip" });
    expect(skipped.input.invalidByCode).toEqual({ invalid_amount: 1 });
    expect(Array.from(skipped.amount)).toEqual([1]);
  });

  test("sub-millisecond digits are cut, never rounded: an instant just before midnight keeps its day", () => {
    const out = normalizeTransactions(
      [
        row({ date: "2024-01-05T23:59:59.9999Z" }),
        row({ date: "2024-01-05T23:59:59.999999999Z" }),
        row({ date: "2024-01-05T22:59:59.9996-01:00" }),
        row({ date: "2024-01-05T23:59:59.9999+00:00" }),
      ],
      { asOf: "2024-01-05" },
    );
    expect(Array.from(out.day, isoDateFromDays)).toEqual(["2024-01-05", "2024-01-05", "2024-01-05", "2024-01-05"]);
    const tokyo = normalizeTransactions([row({ date: "2024-01-05T14:59:59.9999Z" })], { asOf: "2024-01-05", timeZone: "Asia/Tokyo" });
    expect(isoDateFromDays(tokyo.day[0])).toBe("2024-01-05");
  });

  describe("implausible dates", () => {
    test("a sentinel date, a year 2500 date and out-of-range epoch days are implausible_date, not read", () => {
      const error = errorOf(() =>
        normalizeTransactions([row({ date: "0001-01-01" }), row({ date: "2500-01-01" }), row({ date: new Date(Date.UTC(1800, 0, 1)) })], { asOf, onInvalid: "throw" }),
      );
      expect(error.issues.map((i) => [i.code, i.row])).toEqual([
        ["implausible_date", 0],
        ["implausible_date", 1],
        ["implausible_date", 2],
      ]);
      expect(error.issues[0].message).toMatch(/0001-01-01 is outside 1900-01-01\.\.2199-12-31/);
      expect(error.issues[0].message).toMatch(/dateRange/);
      const days = errorOf(() => normalizeTransactions({ customerId: ["a", "b"], date: Int32Array.of(19_700, -2_000_000_000), amount: [1, 2] }, { asOf }));
      expect(days.issues).toHaveLength(1);
      expect(days.issues[0]).toMatchObject({ code: "implausible_date", path: ["columns", "date", 1], customerId: "b" });
    });

    test("epoch seconds read as milliseconds land in January 1970: implausible, with a hint about units", () => {
      const seconds = 1_704_412_800; // 2024-01-05 in seconds
      const error = errorOf(() => normalizeTransactions([row({ date: seconds }), row({ date: new Date(seconds) })], { asOf }));
      expect(error.issues.map((i) => i.code)).toEqual(["implausible_date", "implausible_date"]);
      expect(error.issues[0].message).toMatch(/epoch seconds/);
      const days = errorOf(() => normalizeTransactions([row({ date: 19_727 })], { asOf }));
      expect(days.issues[0].message).toMatch(/epoch days/);
      const int32seconds = errorOf(() => normalizeTransactions({ customerId: ["a"], date: Int32Array.of(seconds), amount: [1] }, { asOf }));
      expect(int32seconds.issues[0]).toMatchObject({ code: "implausible_date" });
      expect(int32seconds.issues[0].message).toMatch(/epoch seconds/);
      const micro = errorOf(() => normalizeTransactions([row({ date: seconds * 1e6 })], { asOf }));
      expect(micro.issues[0].message).toMatch(/microseconds/);
    });

    test("dateRange allows other dates explicitly, and narrows as well", () => {
      const out = normalizeTransactions([row({ date: "1850-06-01" }), row({ date: 1000 })], { asOf, dateRange: { from: "1800-01-01" } });
      expect(Array.from(out.day, isoDateFromDays)).toEqual(["1850-06-01", "1970-01-01"]);
      const narrow = errorOf(() => normalizeTransactions([row({ date: "2019-12-31" })], { asOf, dateRange: { from: "2020-01-01", to: "2030-12-31" } }));
      expect(narrow.issues[0].message).toMatch(/outside 2020-01-01\.\.2030-12-31/);
      expect(() => normalizeTransactions([row()], { asOf, dateRange: { from: "2030-01-01", to: "2020-01-01" } })).toThrow(RangeError);
      expect(() => normalizeTransactions([row()], { asOf, dateRange: { from: "2020-02-30" } })).toThrow(/^normalizeTransactions: options\.dateRange\.from: .*got "2020-02-30"/);
      expect(() => normalizeTransactions([row()], { asOf, dateRange: { form: "2020-01-01" } } as never)).toThrow(TypeError);
    });

    test("an asOf that throws when read is invalid_as_of, not the raw error", () => {
      const asOfProxy = new Proxy(new Date(Date.UTC(2024, 0, 5)), { getPrototypeOf: () => { throw new Error("boom"); } });
      const error = errorOf(() => normalizeTransactions([row()], { asOf: asOfProxy }));
      expect(error.issues[0]).toMatchObject({ code: "invalid_as_of", path: ["options", "asOf"], message: "reading asOf threw: boom" });
    });

    test("asOf is range-checked too", () => {
      for (const bad of ["0001-01-01", "2300-01-01", 1_704_412_800]) {
        const error = errorOf(() => normalizeTransactions([row({ date: "1970-01-01" })], { asOf: bad }));
        expect(error.issues[0]).toMatchObject({ code: "implausible_date", path: ["options", "asOf"] });
      }
      expect(normalizeTransactions([row({ date: "1500-01-01" })], { asOf: "1600-01-01", dateRange: { from: "1000-01-01" } }).asOf).toBe("1600-01-01");
    });

    test("property: any date the reader keeps is inside the range", () => {
      fc.assert(
        fc.property(fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.double({ noNaN: false }), fc.date({ noInvalidDate: false })), (value) => {
          const input = typeof value === "number" && Number.isInteger(value) && Math.abs(value) < 2 ** 31 && value % 3 === 0
            ? { customerId: ["a"], date: Int32Array.of(value), amount: [1] }
            : [row({ date: value })];
          try {
            const out = normalizeTransactions(input, { asOf: "2199-12-31", afterAsOf: "ignore" });
            for (const d of out.day) expect(d >= -25_567 && d <= 84_005).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(AnalyticsInputError);
          }
        }),
      );
    });
  });

  test('rows after asOf stay an error under onInvalid "skip" and "collect"; afterAsOf: "ignore" counts them', () => {
    const rows = [row(), row({ customerId: "b", date: "2025-03-01" }), row({ customerId: "c", amount: "x" })];
    for (const onInvalid of ["skip", "collect"] as const) {
      const error = errorOf(() => normalizeTransactions(rows, { asOf, onInvalid }));
      expect(error.code).toBe("date_after_as_of");
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]).toMatchObject({ path: ["rows", 1, "date"], customerId: "b" });
      const explicit = errorOf(() => normalizeTransactions(rows, { asOf, onInvalid, afterAsOf: "error" }));
      expect(explicit.code).toBe("date_after_as_of");
      const ignored = normalizeTransactions(rows, { asOf, onInvalid, afterAsOf: "ignore" });
      expect(ignored.input).toMatchObject({ rowsUsed: 1, ignoredAfterAsOf: 1, invalidRows: 1, invalidByCode: { invalid_amount: 1 } });
    }
  });

  describe("throwing getters and proxies become AnalyticsInputError naming the row", () => {
    const boom = () => {
      throw new Error("boom");
    };
    const good = () => row();
    const hostileRow = (trap: ProxyHandler<object>) => new Proxy(row(), trap);
    const traps: [string, ProxyHandler<object>][] = [
      ["get", { get: boom }],
      ["has", { has: boom }],
      ["ownKeys", { ownKeys: boom }],
      ["getOwnPropertyDescriptor", { getOwnPropertyDescriptor: boom }],
      ["getPrototypeOf", { getPrototypeOf: boom }],
    ];

    test.each(traps)("a row whose %s trap throws, first or later", (_name, trap) => {
      for (const at of [0, 1]) {
        const rows = [good(), good()];
        rows[at] = hostileRow(trap) as ReturnType<typeof row>;
        let out: ReturnType<typeof normalizeTransactions> | undefined;
        try {
          out = normalizeTransactions(rows, { asOf, onInvalid: "collect" });
        } catch (error) {
          expect(error).toBeInstanceOf(AnalyticsInputError);
          const issue = (error as AnalyticsInputError).issues[0];
          expect(["unreadable_field", "invalid_row"]).toContain(issue.code);
          expect(issue.row).toBe(at);
          expect(issue.message).toMatch(/boom/);
        }
        // a trap the reader never needs may stay silent; any it meets is an issue for that row
        if (out) for (const issue of out.input.issues ?? []) expect(issue.row).toBe(at);
      }
    });

    test.each(traps)("the rows array itself with a throwing %s trap", (_name, trap) => {
      const rows = new Proxy([good(), good()], trap);
      try {
        normalizeTransactions(rows as never, { asOf });
      } catch (error) {
        expect(error).toBeInstanceOf(AnalyticsInputError);
        expect((error as AnalyticsInputError).message).toMatch(/boom/);
      }
    });

    test("a throwing getter on orderId of a later row, and an iterable whose iterator throws", () => {
      const later = { ...row(), get orderId(): string { throw new Error("boom") } };
      const error = errorOf(() => normalizeTransactions([row(), later], { asOf }));
      expect(error.issues[0]).toMatchObject({ row: 1 });
      function* rowsThenBoom() {
        yield row();
        throw new Error("boom");
      }
      const iter = errorOf(() => normalizeTransactions(rowsThenBoom(), { asOf }));
      expect(iter.issues[0]).toMatchObject({ code: "invalid_row", path: ["rows", 1] });
    });

    test("an error thrown with a throwing message getter, or a thrown Proxy, is still wrapped", () => {
      const nasty = new Proxy({}, { getPrototypeOf: boom, get: boom });
      const accessor = () => {
        throw nasty;
      };
      const error = errorOf(() => normalizeTransactions([row()], { asOf, fields: { customerId: "customerId", date: "date", amount: accessor } }));
      expect(error.issues[0]).toMatchObject({ code: "unreadable_field", path: ["rows", 0, "amount"] });
    });

    test("columns: a Proxy as the columns object, a throwing length, a throwing index, a throwing dictionary", () => {
      const cols = { customerId: ["a", "b"], date: ["2024-01-01", "2024-01-02"], amount: [1, 2] };
      for (const [, trap] of traps) {
        try {
          normalizeTransactions(new Proxy(cols, trap) as never, { asOf });
        } catch (error) {
          expect(error).toBeInstanceOf(AnalyticsInputError);
        }
      }
      const throwingLength = { get length(): number { throw new Error("boom") }, 0: 1, 1: 2 };
      const len = errorOf(() => normalizeTransactions({ ...cols, amount: throwingLength as never }, { asOf }));
      expect(len.issues[0]).toMatchObject({ code: "unreadable_field", path: ["columns", "amount"] });
      const index = errorOf(() => normalizeTransactions({ ...cols, amount: new Proxy([1, 2], { get: (t, k) => (k === "1" ? boom() : Reflect.get(t, k)) }) }, { asOf }));
      expect(index.issues[0]).toMatchObject({ code: "unreadable_field", path: ["columns", "amount", 1] });
      const dictionary = new Proxy(["a", "b"], { get: (t, k) => (k === "1" ? boom() : Reflect.get(t, k)) });
      const dict = errorOf(() => normalizeTransactions({ ...cols, customerId: { codes: [0, 1], dictionary } }, { asOf }));
      expect(dict.issues[0]).toMatchObject({ code: "unreadable_field", row: 1 });
    });

    test("columns: an order-id dictionary entry whose read throws is unreadable_field naming the entry", () => {
      const cols = { customerId: ["a", "b", "a"], date: ["2024-01-01", "2024-01-02", "2024-01-03"], amount: [1, 2, 3] };
      const entries = new Proxy(["o1", "o2", "o3"], { get: (t, k) => (k === "2" ? boom() : Reflect.get(t, k)) });
      const error = errorOf(() => normalizeTransactions({ ...cols, orderId: { codes: [0, 1, 0], dictionary: entries } }, { asOf }));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]).toMatchObject({ code: "unreadable_field", path: ["columns", "orderId", "dictionary"] });
      expect(error.issues[0].message).toBe("reading columns.orderId.dictionary threw: normalizeTransactions: columns.orderId.dictionary[2]: reading the entry threw: boom");
      // entries that are no ids are no orders: their rows are invalid_order_id, the others are read
      const bad = normalizeTransactions({ ...cols, orderId: { codes: [0, 1, 2], dictionary: ["o1", "", 2 ** 60] } }, { asOf, onInvalid: "collect" });
      expect(bad.input.issues?.map((i) => [i.code, i.row])).toEqual([
        ["invalid_order_id", 1],
        ["invalid_order_id", 2],
      ]);
      expect(bad.length).toBe(1);
    });

    test("property: rows with random throwing getters never leak the raw error", () => {
      fc.assert(
        fc.property(fc.array(fc.record({ id: fc.boolean(), date: fc.boolean(), amount: fc.boolean(), order: fc.boolean() }), { minLength: 1, maxLength: 8 }), (spec) => {
          const rows = spec.map((s, i) => {
            const r: Record<string, unknown> = {};
            const def = (key: string, hostile: boolean, value: unknown) =>
              Object.defineProperty(r, key, { enumerable: true, get: hostile ? () => boom() : () => value });
            def("customerId", s.id, `c${i}`);
            def("date", s.date, "2024-01-02");
            def("amount", s.amount, 5);
            def("orderId", s.order, `o${i}`);
            return r;
          });
          try {
            const out = normalizeTransactions(rows, { asOf, onInvalid: "collect" });
            for (const issue of out.input.issues ?? []) expect(issue.code).toBe("unreadable_field");
          } catch (error) {
            expect(error).toBeInstanceOf(AnalyticsInputError);
          }
        }),
      );
    });
  });

  test("property: any rows read to finite amounts and plausible days, or to issues; never a raw error", () => {
    const value = fc.oneof(
      fc.anything(),
      fc.double(),
      fc.string(),
      fc.date({ noInvalidDate: false }),
      fc.constantFrom("1e400", "-1e400", "0001-01-01", "2024-01-05T23:59:59.9999Z", "9999-12-31", " 12.5 ", 2 ** 53, Number.NaN, -0),
    );
    const rowArb = fc.oneof(fc.record({ customerId: value, date: value, amount: value, orderId: value }, { requiredKeys: [] }), value);
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }), fc.constantFrom("throw", "skip", "collect"), fc.constantFrom("reject", "parse"), (rows, onInvalid, numericStrings) => {
        try {
          const out = normalizeTransactions(rows, { asOf: "2199-12-31", onInvalid, numericStrings });
          expect(out.length).toBe(out.input.rowsUsed);
          for (const a of out.amount) expect(Number.isFinite(a)).toBe(true);
          for (const d of out.day) expect(d >= -25_567 && d <= 84_005).toBe(true);
          expect(out.input.rowsUsed + out.input.invalidRows + out.input.excludedRefunds + out.input.ignoredAfterAsOf).toBe(rows.length);
        } catch (error) {
          expect(error).toBeInstanceOf(AnalyticsInputError);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("invalidRows counts rows left out, not issues: a row with three problems is one row", () => {
    const out = normalizeTransactions([row(), {}, row({ amount: "x" })], { asOf, onInvalid: "skip" });
    expect(out.input).toMatchObject({ rowsRead: 3, rowsUsed: 1, invalidRows: 2, invalidByCode: { missing_customer_id: 1, invalid_date: 1, invalid_amount: 2 } });
  });

  test("numeric customer ids beyond 2^53 are unsafe_customer_id; order ids beyond it are invalid_order_id", () => {
    const big = 2 ** 53;
    const error = errorOf(() => normalizeTransactions([row({ customerId: big }), row({ customerId: big + 2 }), row({ customerId: -(big * 4) })], { asOf }));
    expect(error.issues.map((i) => [i.code, i.row])).toEqual([
      ["unsafe_customer_id", 0],
      ["unsafe_customer_id", 1],
      ["unsafe_customer_id", 2],
    ]);
    expect(error.issues[0].message).toMatch(/as text/);
    expect(normalizeTransactions([row({ customerId: big - 1 })], { asOf }).customerIds).toEqual([String(big - 1)]);
    const dict = errorOf(() => normalizeTransactions({ customerId: { codes: [0], dictionary: [big] }, date: ["2024-01-01"], amount: [1] }, { asOf }));
    expect(dict.issues[0]).toMatchObject({ code: "unsafe_customer_id", path: ["columns", "customerId", 0] });
    const order = errorOf(() => normalizeTransactions([row({ orderId: big })], { asOf }));
    expect(order.issues[0]).toMatchObject({ code: "invalid_order_id" });
  });

  test('normalizeIds: "NFC" / "NFD" makes composed and decomposed spellings one customer and one order', () => {
    const composed = "Müller";
    const decomposed = "Mu\u0308ller";
    const rows = [row({ customerId: composed, orderId: "Å-1" }), row({ customerId: decomposed, orderId: "A\u030a-1" })];
    expect(normalizeTransactions(rows, { asOf }).customerIds).toHaveLength(2);
    const nfc = normalizeTransactions(rows, { asOf, normalizeIds: "NFC" });
    expect(nfc.customerIds).toEqual([composed]);
    expect(nfc.orderCount).toBe(1);
    expect(normalizeTransactions(rows, { asOf, normalizeIds: "NFD" }).customerIds).toEqual([decomposed]);
    const dict = normalizeTransactions({ customerId: { codes: [0, 1], dictionary: [composed, decomposed] }, date: ["2024-01-01", "2024-01-02"], amount: [1, 2] }, { asOf, normalizeIds: "NFC" });
    expect(dict.customerIds).toEqual([composed]);
    expect(() => normalizeTransactions(rows, { asOf, normalizeIds: "NFKC" } as never)).toThrow(RangeError);
  });

  test("an orderId on a later row when the default mapping left it out is inconsistent_fields", () => {
    const rows = [row(), row({ orderId: "A-1" }), row({ orderId: null })];
    const error = errorOf(() => normalizeTransactions(rows, { asOf }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ code: "inconsistent_fields", path: ["rows", 1, "orderId"], customerId: "a" });
    // an explicit mapping says what is meant: no orders, or orders for every row
    expect(normalizeTransactions(rows, { asOf, fields: { customerId: "customerId", date: "date", amount: "amount" } }).withOrders).toBe(false);
    expect(normalizeTransactions(rows, { asOf, onInvalid: "skip" }).input.invalidByCode).toEqual({ inconsistent_fields: 1 });
  });

  test("columns with a NaN, negative or fractional length give a clear length_mismatch", () => {
    const cols = { customerId: ["a"], date: ["2024-01-01"], amount: [1] };
    for (const length of [Number.NaN, -1, 1.5]) {
      const error = errorOf(() => normalizeTransactions({ ...cols, amount: { length } as never }, { asOf }));
      expect(error.issues[0]).toMatchObject({ code: "length_mismatch", path: ["columns", "amount"] });
      expect(error.issues[0].message).toBe(`length must be a whole number >= 0, got ${length}`);
      const first = errorOf(() => normalizeTransactions({ ...cols, customerId: { length } as never }, { asOf }));
      expect(first.issues).toHaveLength(1);
      expect(first.issues[0]).toMatchObject({ code: "length_mismatch", path: ["columns", "customerId"] });
    }
    const codes = errorOf(() => normalizeTransactions({ ...cols, customerId: { codes: { length: -3 }, dictionary: ["a"] } as never }, { asOf }));
    expect(codes.issues[0]).toMatchObject({ code: "length_mismatch", path: ["columns", "customerId", "codes"] });
    const dictionary = errorOf(() => normalizeTransactions({ ...cols, customerId: { codes: [0], dictionary: null } as never }, { asOf }));
    expect(dictionary.issues[0]).toMatchObject({ code: "missing_field", path: ["columns", "customerId", "dictionary"] });
  });

  test('timeZone: "" names the value it got', () => {
    expect(() => normalizeTransactions([row()], { asOf, timeZone: "" })).toThrow(RangeError);
    expect(() => normalizeTransactions([row()], { asOf, timeZone: "" })).toThrow(/got ""$/);
    expect(() => normalizeTransactions([row()], { asOf, timeZone: 'Mars"' })).toThrow(/got "Mars\\""$/);
  });
});

describe("normalizeTransactions: a plain array of ids with typed date and amount columns", () => {
  // the array is read in windows of rows (TransactionReader.textRun); an array-like that is no Array is
  // read row by row, so the two must agree on everything, including each id being read once
  const day0 = 19_000; // 2022-01-08
  const asOfDay = "2024-06-30"; // epoch day 19904
  const colliding = ["k4uzx", "kf2ad", "k4uzy", "kf2ae"]; // pairs with one full 32-bit hash each
  const long = "L".repeat(3000);
  const id = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom("a", "b", "C0000001", "__proto__", "constructor", "\ud800", "x\udc00", long, long + "y", "0", "01", ...colliding) },
    { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 3 }).map((s) => `i${s}`) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\t", " a", "é", "e\u0301", 7, 2 ** 60, Number.NaN, null, undefined, {}) },
  );
  const row = fc.tuple(
    id,
    fc.oneof({ weight: 12, arbitrary: fc.integer({ min: day0, max: 19_904 }) }, fc.constantFrom(19_905, -800_000)),
    fc.oneof({ weight: 12, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) }, fc.constantFrom(-5, Number.NaN, Number.POSITIVE_INFINITY)),
  );
  const options = fc.record({
    onInvalid: fc.constantFrom("throw" as const, "skip" as const, "collect" as const),
    refunds: fc.constantFrom("net" as const, "exclude" as const, "error" as const),
    afterAsOf: fc.constantFrom("error" as const, "ignore" as const),
    normalizeIds: fc.constantFrom(undefined, "NFC" as const),
  });
  type Outcome = { out: NormalizedTransactions } | { error: AnalyticsInputError };
  const run = (customerId: unknown, rows: [unknown, number, number][], opts: Omit<TransactionReadOptions, "asOf">): Outcome => {
    try {
      return { out: normalizeTransactions({ customerId: customerId as string[], date: Int32Array.from(rows, (r) => r[1]), amount: Float64Array.from(rows, (r) => r[2]) }, { asOf: asOfDay, ...opts }) };
    } catch (error) {
      if (!(error instanceof AnalyticsInputError)) throw error;
      return { error };
    }
  };
  const same = (a: Outcome, b: Outcome) => {
    if ("error" in b) {
      expect("error" in a).toBe(true);
      const e = (a as { error: AnalyticsInputError }).error;
      expect(e.message).toBe(b.error.message);
      expect(e.issues).toEqual(b.error.issues);
    } else expect(a).toEqual(b);
  };
  const counted = (ids: unknown[], reads: number[]) =>
    new Proxy(ids, {
      get(target, key, receiver) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads[Number(key)]++;
        return Reflect.get(target, key, receiver);
      },
    });

  test("property: the same codes, customers (first kept appearance), counts and issues as reading row by row, each id read once", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), options, (rows, opts) => {
        const ids = rows.map((r) => r[0]);
        const arrayLike: Record<number, unknown> & { length: number } = { length: ids.length };
        ids.forEach((v, i) => (arrayLike[i] = v));
        const reads = ids.map(() => 0);
        const want = run(arrayLike, rows, opts);
        same(run(counted(ids.slice(), reads), rows, opts), want);
        expect(reads.every((r) => r === 1)).toBe(true);
        // fresh string objects (as a parser hands them over) and shared ones give the same
        same(run(ids.map((v) => (typeof v === "string" ? ` ${v}`.slice(1) : v)), rows, opts), want);
      }),
      { numRuns: 400 },
    );
  });

  test("property: across windows of rows (more than 1,024 rows, bad rows anywhere)", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1000, maxLength: 3000 }), options, (rows, opts) => {
        const arrayLike: Record<number, unknown> & { length: number } = { length: rows.length };
        rows.forEach((r, i) => (arrayLike[i] = r[0]));
        same(
          run(
            rows.map((r) => r[0]),
            rows,
            opts,
          ),
          run(arrayLike, rows, opts),
        );
      }),
      { numRuns: 25 },
    );
  });

  test("an id whose read throws is unreadable_field for its row; the rows around it are kept in order", () => {
    const n = 2500;
    const ids = Array.from({ length: n }, (_, i) => `c${i % 700}`);
    const reads = ids.map(() => 0);
    Object.defineProperty(ids, 1500, {
      get() {
        throw new Error("no id here");
      },
    });
    const rows = Array.from({ length: n }, (_, i): [unknown, number, number] => [null, day0 + (i % 300), 1 + (i % 7)]);
    const outcome = run(counted(ids, reads), rows, { onInvalid: "collect" });
    if (!("out" in outcome)) throw new Error("expected a result");
    const { out } = outcome;
    expect(reads.every((r) => r === 1)).toBe(true);
    expect(out.input.issues).toEqual([
      { code: "unreadable_field", path: ["columns", "customerId", 1500], row: 1500, field: "customerId", message: "reading the field threw: no id here" },
    ]);
    expect(out.length).toBe(n - 1);
    expect(out.customerIds).toEqual(Array.from({ length: 700 }, (_, i) => `c${i}`));
    expect(Array.from(out.customer.subarray(1499, 1501))).toEqual([1499 % 700, 1501 % 700]);
    expect(Array.from(out.day.subarray(1499, 1501))).toEqual([day0 + 1499 % 300, day0 + 1501 % 300]);
  });
});

describe("normalizeTransactions: records read a window ahead", () => {
  // records with plain field keys are read a window of rows ahead (RecordWindow); accessor functions are
  // read row by row: both must give the same rows, customers, issues and errors, reading every field in
  // the same order, once
  const colliding = ["k4uzx", "kf2ad", "k4uzy", "kf2ae"];
  const id = fc.oneof(
    { weight: 10, arbitrary: fc.oneof(fc.constantFrom("a", "b", "__proto__", "constructor", "\ud800", "L".repeat(2000), 7, ...colliding), fc.string({ minLength: 1, maxLength: 3 }).map((s) => `i${s}`)) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "\t", 2 ** 60, Number.NaN, null, undefined, {}) },
  );
  const date = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 900 }).map((k) => isoDateFromDays(18_993 + k)) }, fc.constantFrom("2024-07-01", "bad", 1_700_000_000_000, null));
  const amount = fc.oneof({ weight: 10, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) }, fc.constantFrom(-3, Number.NaN, "12.5", null));
  const order = fc.oneof({ weight: 10, arbitrary: fc.oneof(fc.constantFrom("o1", "__proto__", 5, ...colliding), fc.string({ minLength: 1, maxLength: 2 }).map((s) => `o${s}`)) }, fc.constantFrom("", null));
  const kind = fc.oneof({ weight: 15, arbitrary: fc.constant("plain") }, fc.constantFrom("nonobject", "throwDate", "throwOrder", "counted"));
  const rowArb = fc.tuple(id, date, amount, order, kind);
  type Spec = [unknown, unknown, unknown, unknown, string];
  const build = (rows: Spec[], log: string[]) =>
    rows.map(([customerId, d, a, o, k], i) => {
      if (k === "nonobject" && i > 0) return null;
      const r: Record<string, unknown> = { customerId, date: d, amount: a, orderId: o };
      if (i === 0) return r;
      if (k === "throwDate" || k === "throwOrder") {
        const f = k === "throwDate" ? "date" : "orderId";
        Object.defineProperty(r, f, {
          get() {
            log.push(`throw ${i} ${f}`);
            throw new Error(`no ${f} at ${i}`);
          },
        });
      }
      if (k === "counted") {
        for (const f of Object.keys(r)) {
          const v = r[f];
          Object.defineProperty(r, f, {
            get() {
              log.push(`get ${i} ${f}`);
              return v;
            },
          });
        }
      }
      return r;
    });
  const keys = { customerId: "customerId", date: "date", amount: "amount", orderId: "orderId" };
  const accessors = {
    customerId: (r: Record<string, unknown>) => r.customerId,
    date: (r: Record<string, unknown>) => r.date,
    amount: (r: Record<string, unknown>) => r.amount,
    orderId: (r: Record<string, unknown>) => r.orderId,
  };
  const outcome = (rows: Spec[], fields: object, opts: Omit<TransactionReadOptions, "asOf" | "fields">) => {
    const log: string[] = [];
    try {
      return { out: normalizeTransactions(build(rows, log), { asOf: "2024-06-30", fields: fields as never, ...opts }), log };
    } catch (error) {
      if (!(error instanceof AnalyticsInputError)) throw error;
      return { message: error.message, issues: error.issues, log };
    }
  };
  const options = fc.record({
    onInvalid: fc.constantFrom("skip" as const, "collect" as const, "throw" as const),
    refunds: fc.constantFrom("net" as const, "exclude" as const),
    afterAsOf: fc.constantFrom("error" as const, "ignore" as const),
    numericStrings: fc.constantFrom("reject" as const, "parse" as const),
  });

  test("property: plain keys (a window ahead) and accessors (row by row) agree, reads included", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 60 }), options, (rows, opts) => {
        rows[0] = ["a", "2023-01-01", 1, "o1", "plain"];
        // maxIssues above any count here: the row-by-row reading never stops early (see the next test)
        expect(outcome(rows, keys, { ...opts, maxIssues: 1000 })).toEqual(outcome(rows, accessors, { ...opts, maxIssues: 1000 }));
      }),
      { numRuns: 300 },
    );
  });

  test("property: across windows (more than 1,024 rows)", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1100, maxLength: 2600 }), options, (rows, opts) => {
        rows[0] = ["a", "2023-01-01", 1, "o1", "plain"];
        expect(outcome(rows, keys, { ...opts, maxIssues: 100_000 })).toEqual(outcome(rows, accessors, { ...opts, maxIssues: 100_000 }));
      }),
      { numRuns: 15 },
    );
  });

  test('onInvalid "throw" stopping at maxIssues: the same error; later rows of the window were read ahead', () => {
    const rows: Spec[] = Array.from({ length: 50 }, (_, i): Spec => [i % 3 === 0 ? "" : `c${i}`, "2023-01-01", 1, `o${i}`, i === 40 ? "counted" : "plain"]);
    rows[0] = ["a", "2023-01-01", 1, "o1", "plain"];
    const ahead = outcome(rows, keys, { maxIssues: 3 });
    const byRow = outcome(rows, accessors, { maxIssues: 3 });
    expect({ ...ahead, log: [] }).toEqual({ ...byRow, log: [] });
    expect(byRow.log).toEqual([]);
    expect(ahead.log).toEqual(["get 40 customerId", "get 40 date", "get 40 amount", "get 40 orderId"]);
  });
});
