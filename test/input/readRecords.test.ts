// The one reader of customer-level records: ids, duplicates, missing fields, paths, throwing accessors.
import fc from "fast-check";
import { AnalyticsInputError } from "../../src/errors.js";
import { inputErrorOf } from "../helpers/errors.js";
import { describe, expect, test } from "vitest";
import { fieldReader, missingFields, readCustomerId, readRecords } from "../../src/input/readRecords.js";

const errorOf = inputErrorOf;
const monetary = { monetary: { field: "monetary", name: "monetary" } } as const;

describe("readCustomerId: the one id rule", () => {
  test.each([
    ["a", "a"],
    [" a ", " a "],
    ["客户1", "客户1"],
    [17, "17"],
    [0, "0"],
    [-0, "0"],
    [1.5, "1.5"],
  ])("%j is the id %j", (raw, id) => expect(readCustomerId(raw)).toBe(id));
  test.each([[""], ["   "], ["\t\n"], [Number.NaN], [Infinity], [null], [undefined], [{}], [true], [10n]])("%s is no id", (raw) => {
    expect(readCustomerId(raw)).toBeUndefined();
  });
});

describe("readRecords", () => {
  test("reads ids and columns in input order; -0 becomes 0", () => {
    const out = readRecords("f", [{ customerId: "a", monetary: 3 }, { customerId: 7, monetary: -0 }], { fields: monetary });
    expect(out.ids).toEqual(["a", "7"]);
    expect(Array.from(out.columns.monetary)).toEqual([3, 0]);
    expect(Object.is(out.columns.monetary[1], 0)).toBe(true);
  });

  test("reads any iterable, through accessors and mapped names", () => {
    function* rows() {
      yield { id: "x", qty: 2, price: 3 };
      yield { id: "y", qty: 1, price: 5 };
    }
    const out = readRecords("f", rows(), {
      customerId: "id",
      fields: { value: { field: (r: { qty: number; price: number }) => r.qty * r.price, name: "value", rule: "nonNegative" } },
    });
    expect(out.ids).toEqual(["x", "y"]);
    expect(Array.from(out.columns.value)).toEqual([6, 5]);
  });

  test("each rule accepts and refuses what it says", () => {
    const read = (rule: "finite" | "nonNegative" | "positive" | "count", v: unknown) => () =>
      readRecords("f", [{ customerId: "a", v }], { fields: { v: { field: "v", name: "v", rule } } });
    expect(read("finite", -1)).not.toThrow();
    expect(read("nonNegative", 0)).not.toThrow();
    expect(read("positive", 0.5)).not.toThrow();
    expect(read("count", 3)).not.toThrow();
    for (const [rule, v, text] of [
      ["finite", Number.NaN, "expected a finite number, got NaN"],
      ["finite", "12", 'expected a finite number, got "12"'],
      ["nonNegative", -1, "expected a finite number >= 0, got -1"],
      ["nonNegative", Infinity, "expected a finite number >= 0, got Infinity"],
      ["positive", 0, "expected a finite number > 0, got 0"],
      ["count", 1.5, "expected an integer >= 0, got 1.5"],
      ["count", -1, "expected an integer >= 0, got -1"],
    ] as const) {
      const error = errorOf(read(rule, v));
      expect(error.issues[0]).toEqual({ code: "invalid_value", path: ["records", 0, "v"], row: 0, field: "v", customerId: "a", message: text });
    }
  });

  test("one duplicate rule, naming both records", () => {
    const error = errorOf(() => readRecords("f", [{ customerId: "a", monetary: 1 }, { customerId: "b", monetary: 1 }, { customerId: "a", monetary: 2 }], { fields: monetary }));
    expect(error.code).toBe("duplicate_customer");
    expect(error.issues[0]).toMatchObject({ path: ["records", 2, "customerId"], row: 2, customerId: "a" });
    expect(error.issues[0].message).toContain("also at records[0]");
  });

  test("numbers and their text are the same id", () => {
    expect(errorOf(() => readRecords("f", [{ customerId: 1, monetary: 1 }, { customerId: "1", monetary: 1 }], { fields: monetary })).code).toBe("duplicate_customer");
  });

  test("blank and missing ids are missing_customer_id", () => {
    const error = errorOf(() => readRecords("f", [{ customerId: " ", monetary: 1 }, { customerId: null, monetary: 1 }], { fields: monetary }));
    expect(error.issues.map((i) => [i.code, i.row])).toEqual([
      ["missing_customer_id", 0],
      ["missing_customer_id", 1],
    ]);
  });

  test('ids: "index" numbers records without ids, and still checks ids when they are there', () => {
    expect(readRecords("f", [{ monetary: 1 }, { monetary: 2 }], { ids: "index", fields: monetary }).ids).toEqual(["0", "1"]);
    expect(errorOf(() => readRecords("f", [{ customerId: "a", monetary: 1 }, { customerId: "a", monetary: 2 }], { ids: "index", fields: monetary })).code).toBe("duplicate_customer");
  });

  test('ids: "index" takes ids from a first record with a customerId getter, and refuses ids that appear later', () => {
    class Customer {
      constructor(private readonly id: string) {}
      get customerId(): string {
        return this.id;
      }
      readonly monetary = 1;
    }
    expect(readRecords("f", [new Customer("g1"), new Customer("g2")], { ids: "index", fields: monetary }).ids).toEqual(["g1", "g2"]);
    const error = errorOf(() => readRecords("f", [{ monetary: 1 }, { customerId: "zz", monetary: 2 }], { ids: "index", fields: monetary }));
    expect(error.issues[0]).toMatchObject({ code: "invalid_row", path: ["records", 1, "customerId"], row: 1 });
    expect(readRecords("f", [{ monetary: 1 }], { ids: "index", fields: monetary }).withIds).toBe(false);
  });

  test("the path root is the argument's name", () => {
    const error = errorOf(() => readRecords("f", [{ customerId: "a", tier: "x" }], { source: "before", fields: { tier: { field: "tier", name: "tier" } } }));
    expect(error.issues[0].path).toEqual(["before", 0, "tier"]);
  });

  test("a mapped field must be an own property: inherited names are missing fields", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      const error = errorOf(() => readRecords("f", [{ customerId: "a", monetary: 1 }], { fields: { m: { field: name, name: "m" } } }));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]).toMatchObject({ code: "missing_field", path: ["fields", "m"], field: "m" });
      expect(error.issues[0].message).toContain(JSON.stringify(name));
    }
  });

  test("an own property with an inherited name is read", () => {
    const rows = [{ customerId: "a", constructor: 4 }];
    expect(Array.from(readRecords("f", rows, { fields: { m: { field: "constructor", name: "m" } } }).columns.m)).toEqual([4]);
  });

  test("getters of class instances count as fields", () => {
    class Customer {
      constructor(
        readonly customerId: string,
        private readonly cents: number,
      ) {}
      get monetary(): number {
        return this.cents / 100;
      }
    }
    expect(Array.from(readRecords("f", [new Customer("a", 250)], { fields: monetary }).columns.monetary)).toEqual([2.5]);
  });

  test("a throwing accessor or getter is unreadable_field naming the record; reading goes on", () => {
    const rows = [
      { customerId: "a", monetary: 1 },
      {
        customerId: "b",
        get monetary(): number {
          throw new Error("no access");
        },
      },
      { customerId: "c", monetary: Number.NaN },
    ];
    const error = errorOf(() => readRecords("f", rows, { fields: monetary }));
    expect(error.issues).toEqual([
      { code: "unreadable_field", path: ["records", 1, "monetary"], row: 1, field: "monetary", customerId: "b", message: "reading the field threw: no access" },
      { code: "invalid_value", path: ["records", 2, "monetary"], row: 2, field: "monetary", customerId: "c", message: "expected a finite number, got NaN" },
    ]);
    const idThrows = errorOf(() =>
      readRecords("f", [{ monetary: 1 }], {
        customerId: () => {
          throw new TypeError("bad id");
        },
        fields: monetary,
      }),
    );
    expect(idThrows.issues[0]).toMatchObject({ code: "unreadable_field", path: ["records", 0, "customerId"] });
    expect(idThrows.issues[0].customerId).toBeUndefined();
  });

  test("text fields: non-empty strings, from an allowed set when one is given; named like numeric ones", () => {
    const rows = [
      { customerId: "a", tier: "gold", cls: "A" },
      { customerId: "b", tier: "", cls: "D" },
      { customerId: "c", tier: 7, cls: "B" },
    ];
    const error = errorOf(() => readRecords("f", rows, { fields: {}, texts: { tier: { field: "tier", name: "tier" }, cls: { field: "cls", name: "cls", allowed: ["A", "B", "C"] } } }));
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      [["records", 1, "tier"], 'expected a non-empty string, got ""'],
      [["records", 1, "cls"], 'expected "A", "B", "C", got "D"'],
      [["records", 2, "tier"], "expected a non-empty string, got 7"],
    ]);
    const ok = readRecords("f", rows.slice(0, 1), { fields: {}, texts: { tier: { field: "tier", name: "tier" } } });
    expect(ok.texts.tier).toEqual(["gold"]);
    expect(errorOf(() => readRecords("f", [{ customerId: "a" }], { fields: {}, texts: { tier: { field: "tier", name: "tier" } } })).code).toBe("missing_field");
  });

  test("text fields with an allowed set: bad values and throwing getters are issues naming the customer (the charts' abcClass, quadrant)", () => {
    const spec = { source: "customers", fields: {}, texts: { c: { field: "c", name: "c", allowed: ["A", "B"] } } } as const;
    expect(readRecords("f", [{ customerId: "x", c: "A" }, { customerId: "y", c: "B" }], spec).texts.c).toEqual(["A", "B"]);
    const bad = [
      { customerId: "x", c: "A" },
      { customerId: "y", c: 3 },
      {
        customerId: "z",
        get c(): string {
          throw new Error("boom");
        },
      },
    ];
    expect(() => readRecords("f", bad, spec)).toThrow(AnalyticsInputError);
    expect(() => readRecords("f", bad, spec)).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ code: "invalid_value", path: ["customers", 1, "c"], customerId: "y", message: 'expected "A", "B", got 3' }),
          expect.objectContaining({ code: "unreadable_field", path: ["customers", 2, "c"], customerId: "z", message: "reading the field threw: boom" }),
        ],
      }),
    );
  });

  test("a throwing getter on a text field is unreadable_field for that record", () => {
    const rows = [
      {
        customerId: "a",
        get tier(): string {
          throw new Error("gone");
        },
      },
    ];
    expect(errorOf(() => readRecords("f", rows, { fields: {}, texts: { tier: { field: "tier", name: "tier" } } })).issues[0]).toMatchObject({
      code: "unreadable_field",
      path: ["records", 0, "tier"],
      customerId: "a",
    });
  });

  test('rule "finiteOrAbsent": null and absent are NaN markers, anything else not finite is an issue', () => {
    const rows = [{ customerId: "a", r: 3 }, { customerId: "b", r: null }, { customerId: "c" }];
    const out = readRecords("f", rows, { fields: { r: { field: "r", name: "r", rule: "finiteOrAbsent" } } });
    expect(Array.from(out.columns.r)).toEqual([3, Number.NaN, Number.NaN]);
    expect(errorOf(() => readRecords("f", [{ customerId: "a", r: Infinity }], { fields: { r: { field: "r", name: "r", rule: "finiteOrAbsent" } } })).issues[0].message).toBe(
      "expected a finite number or null, got Infinity",
    );
  });

  test("records that are not objects, and empty input", () => {
    expect(errorOf(() => readRecords("f", [{ customerId: "a", monetary: 1 }, 5], { fields: monetary })).issues[0]).toMatchObject({ code: "invalid_row", path: ["records", 1], row: 1 });
    expect(errorOf(() => readRecords("f", [], { fields: monetary })).issues[0]).toMatchObject({ code: "empty_input", path: ["records"] });
    expect(() => readRecords("scoreRfm", 42 as never, { fields: monetary })).toThrow(/^scoreRfm: records must be an array/);
  });

  test("issues stop at maxIssues; the error counts the rest", () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ customerId: `c${i}`, monetary: "x" }));
    const error = errorOf(() => readRecords("f", rows, { fields: monetary, maxIssues: 5 }));
    expect(error.issues).toHaveLength(5);
    expect(error.message).toContain("(and 25 more)");
  });

  test("property: any finite values are read exactly, in order, and the input is not mutated", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ""), { minLength: 1 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true })), (ids, values) => {
        const rows = Object.freeze(ids.map((id, i) => Object.freeze({ customerId: id, monetary: values[i % Math.max(values.length, 1)] ?? 1 })));
        const out = readRecords("f", rows, { fields: monetary });
        expect(out.ids).toEqual(ids);
        out.columns.monetary.forEach((v, i) => expect(v === 0 ? 0 : v).toBe(rows[i].monetary === 0 ? 0 : rows[i].monetary));
      }),
    );
  });
});

describe("readRecords: hostile input", () => {
  const boom = () => {
    throw new Error("boom");
  };
  const traps: [string, ProxyHandler<object>][] = [
    ["get", { get: boom }],
    ["has", { has: boom }],
    ["ownKeys", { ownKeys: boom }],
    ["getOwnPropertyDescriptor", { getOwnPropertyDescriptor: boom }],
    ["getPrototypeOf", { getPrototypeOf: boom }],
  ];

  test.each(traps)("a record whose %s trap throws is an issue naming it, first or later", (_name, trap) => {
    for (const at of [0, 1]) {
      const rows: object[] = [{ customerId: "a", monetary: 1 }, { customerId: "b", monetary: 2 }];
      rows[at] = new Proxy(rows[at], trap);
      try {
        readRecords("f", rows, { fields: monetary });
      } catch (error) {
        expect(error).toBeInstanceOf(AnalyticsInputError);
        const issue = (error as AnalyticsInputError).issues[0];
        expect(["unreadable_field", "invalid_row"]).toContain(issue.code);
        expect(issue.row).toBe(at);
        expect(issue.message).toMatch(/boom/);
      }
    }
  });

  test("a first record whose getOwnPropertyDescriptor trap throws names the record and the field", () => {
    const rows = [new Proxy({ customerId: "a", monetary: 1 }, { getOwnPropertyDescriptor: boom })];
    const error = errorOf(() => readRecords("f", rows, { fields: monetary }));
    expect(error.issues[0]).toMatchObject({ code: "unreadable_field", path: ["records", 0, "customerId"] });
    expect(error.issues[0].message).toBe('checking the record for field "customerId" threw: boom');
  });

  test.each(traps)("the records array with a throwing %s trap", (_name, trap) => {
    const rows = new Proxy([{ customerId: "a", monetary: 1 }], trap);
    try {
      readRecords("f", rows as never, { fields: monetary });
    } catch (error) {
      expect(error).toBeInstanceOf(AnalyticsInputError);
      expect((error as AnalyticsInputError).message).toMatch(/boom/);
    }
  });

  test("a record that throws when read, a throwing length and a throwing iterator name where", () => {
    const rows = new Proxy([{ customerId: "a", monetary: 1 }, { customerId: "b", monetary: 2 }], { get: (t, k) => (k === "1" ? boom() : Reflect.get(t, k)) });
    expect(errorOf(() => readRecords("f", rows, { fields: monetary })).issues[0]).toMatchObject({ code: "invalid_row", path: ["records", 1], message: "reading the record threw: boom" });
    const length = new Proxy([{ customerId: "a", monetary: 1 }], { get: (t, k) => (k === "length" ? boom() : Reflect.get(t, k)) });
    expect(errorOf(() => readRecords("f", length, { fields: monetary })).issues[0]).toMatchObject({ code: "invalid_row", path: ["records"] });
    const negative = new Proxy([{ customerId: "a", monetary: 1 }], { get: (t, k) => (k === "length" ? -1 : Reflect.get(t, k)) });
    expect(errorOf(() => readRecords("f", negative, { fields: monetary })).issues[0]).toMatchObject({ code: "invalid_row", message: "length must be a whole number >= 0, got -1" });
    function* twoThenBoom() {
      yield { customerId: "a", monetary: 1 };
      yield { customerId: "b", monetary: 1 };
      throw new Error("boom");
    }
    expect(errorOf(() => readRecords("f", twoThenBoom(), { fields: monetary })).issues[0]).toMatchObject({ code: "invalid_row", path: ["records", 2] });
  });

  test("a thrown value that cannot be read (a Proxy, a throwing message) still becomes an issue", () => {
    const thrown = new Proxy({}, { getPrototypeOf: boom, get: boom });
    const error = errorOf(() =>
      readRecords("f", [{ customerId: "a" }], {
        fields: {
          monetary: {
            field: () => {
              throw thrown;
            },
            name: "monetary",
          },
        },
      }),
    );
    expect(error.issues[0]).toMatchObject({ code: "unreadable_field", path: ["records", 0, "monetary"], message: "reading the field threw: a value that cannot be read" });
  });

  test("numeric ids beyond ±2^53 are unsafe_customer_id, not merged", () => {
    const big = 2 ** 53;
    const error = errorOf(() =>
      readRecords("f", [{ customerId: big, monetary: 1 }, { customerId: big + 1, monetary: 1 }, { customerId: -big - 2, monetary: 1 }], { fields: monetary }),
    );
    expect(error.issues.map((i) => [i.code, i.row])).toEqual([
      ["unsafe_customer_id", 0],
      ["unsafe_customer_id", 1],
      ["unsafe_customer_id", 2],
    ]);
    expect(readRecords("f", [{ customerId: big - 1, monetary: 1 }], { fields: monetary }).ids).toEqual(["9007199254740991"]);
  });

  test('normalizeIds: "NFC" makes composed and decomposed spellings one id (then a duplicate)', () => {
    const rows = [{ customerId: "Müller", monetary: 1 }, { customerId: "Mu\u0308ller", monetary: 2 }];
    expect(readRecords("f", rows, { fields: monetary }).ids).toHaveLength(2);
    const error = errorOf(() => readRecords("f", rows, { fields: monetary, normalizeIds: "NFC" }));
    expect(error.issues[0]).toMatchObject({ code: "duplicate_customer", row: 1 });
    expect(readRecords("f", [rows[1]], { fields: monetary, normalizeIds: "NFC" }).ids).toEqual(["Müller"]);
  });

  test("property: records with random throwing getters give values or AnalyticsInputError, never the raw error", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.boolean(), value: fc.boolean() }), { minLength: 1, maxLength: 8 }), (spec) => {
        const rows = spec.map((s, i) => {
          const r = {};
          Object.defineProperty(r, "customerId", { enumerable: true, get: s.id ? boom : () => `c${i}` });
          Object.defineProperty(r, "monetary", { enumerable: true, get: s.value ? boom : () => i });
          return r;
        });
        try {
          const out = readRecords("f", rows, { fields: monetary });
          expect(spec.every((s) => !s.id && !s.value)).toBe(true);
          expect(out.ids).toHaveLength(rows.length);
        } catch (error) {
          expect(error).toBeInstanceOf(AnalyticsInputError);
          expect((error as AnalyticsInputError).issues.every((issue) => issue.code === "unreadable_field")).toBe(true);
        }
      }),
    );
  });
});

describe("helpers", () => {
  test("fieldReader reads inherited names only as own properties", () => {
    expect(fieldReader("toString")({ a: 1 }, 0)).toBeUndefined();
    expect(fieldReader("toString")({ toString: 3 }, 0)).toBe(3);
    expect(fieldReader("a")({ a: 1 }, 0)).toBe(1);
    expect(fieldReader((r: { a: number }, i) => r.a + i)({ a: 1 }, 2)).toBe(3);
  });
  test("missingFields lists what the first record lacks", () => {
    expect(missingFields({ a: 1 }, [["a", "x"], ["b", "y"], [() => 1, "z"]]).map((i) => i.path)).toEqual([["fields", "y"]]);
  });
  test("missingFields reports a record that throws when checked, at the path given", () => {
    const hostile = new Proxy({ a: 1 }, { getOwnPropertyDescriptor: () => { throw new Error("boom"); } });
    expect(missingFields(hostile, [["a", "x"]], ["rows", 3])).toEqual([
      { code: "unreadable_field", path: ["rows", 3, "a"], row: 3, field: "a", message: 'checking the record for field "a" threw: boom' },
    ]);
  });
});

// The fast lane for columns (plain ids, every value column checked in a loop of its own) must give what
// the general per-row loop gives: the same ids and values to the bit, or the same issues in the same
// order. A `{ codes, dictionary }` id column holding the same ids always takes the general loop, so the
// two readings of one input are compared.
describe("readRecords: the columns' fast lane gives the general loop's result", () => {
  const RULES = ["finite", "nonNegative", "positive", "count", "finiteOrAbsent"] as const;
  type Rule = (typeof RULES)[number];
  const FORMS = ["array", "Float64Array", "Float32Array", "Int32Array", "Int8Array", "Uint8Array", "Uint32Array", "BigInt64Array", "absent"] as const;
  type Form = (typeof FORMS)[number];
  const anyValue = fc.oneof(
    fc.double(),
    fc.integer({ min: -3, max: 5 }),
    fc.constantFrom<unknown>(null, undefined, "1", true, 10n, -0, 0, 0.5, Number.NaN, Infinity, -Infinity, 2 ** 60),
  );
  // values a rule takes, so that the fast lane runs to the end
  const goodValue: Record<Rule, fc.Arbitrary<unknown>> = {
    finite: fc.double({ noNaN: true, noDefaultInfinity: true }),
    nonNegative: fc.oneof(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), fc.constant(-0)),
    positive: fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
    count: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant(-0)),
    finiteOrAbsent: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(null, undefined)),
  };
  const column = (form: Form, values: unknown[]): unknown => {
    const nums = values.map((v) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : 1));
    switch (form) {
      case "array":
        return values;
      case "Float64Array":
        return Float64Array.from(nums);
      case "Float32Array":
        return Float32Array.from(nums);
      case "Int32Array":
        return Int32Array.from(nums.map((v) => (Number.isFinite(v) ? Math.trunc(v) : 0)));
      case "Int8Array":
        return Int8Array.from(nums.map((v) => (Number.isFinite(v) ? Math.trunc(v) : 0)));
      case "Uint8Array":
        return Uint8Array.from(nums.map((v) => (Number.isFinite(v) ? Math.trunc(v) : 0)));
      case "Uint32Array":
        return Uint32Array.from(nums.map((v) => (Number.isFinite(v) ? Math.trunc(v) : 0)));
      case "BigInt64Array":
        return BigInt64Array.from(nums.map((v) => BigInt(Number.isFinite(v) ? Math.trunc(v) : 0)));
      default:
        return undefined;
    }
  };
  type Spec = { rule: Rule; form: Form; optional: boolean; values: unknown[] };
  const spec = (value: (rule: Rule) => fc.Arbitrary<unknown>, n: number) =>
    fc.constantFrom(...RULES).chain((rule) =>
      fc.record({ rule: fc.constant(rule), form: fc.constantFrom(...FORMS), optional: fc.boolean(), values: fc.array(value(rule), { minLength: n, maxLength: n }) }),
    );
  const idValue = fc.oneof(fc.constantFrom<unknown>("a", "b", "c", "a1", " x", "", "  ", "é", "\u212b", 7, 7.5, Number.NaN, 2 ** 60, null), fc.string({ minLength: 1, maxLength: 4 }));

  /** readRecords' result or its error, as plain data (values compared with Object.is). */
  function outcome(run: () => ReturnType<typeof readRecords>): unknown {
    try {
      const out = run();
      return { ids: out.ids, columns: Object.fromEntries(Object.entries(out.columns).map(([k, c]) => [k, Array.from(c as Float64Array, (v) => (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v))])) };
    } catch (error) {
      if (error instanceof AnalyticsInputError) return { message: error.message, issues: error.issues };
      if (error instanceof TypeError || error instanceof RangeError) return { thrown: error.message };
      throw error;
    }
  }

  function both(ids: unknown[], specs: Spec[]): [unknown, unknown] {
    const fields = Object.fromEntries(specs.map((s, k) => [`v${k}`, { field: `v${k}`, name: `v${k}`, rule: s.rule, optional: s.optional && s.rule === "finiteOrAbsent" }]));
    const values: Record<string, unknown> = {};
    specs.forEach((s, k) => {
      const c = column(s.form, s.values);
      if (c !== undefined) values[`v${k}`] = c;
    });
    const plain = outcome(() => readRecords("f", { customerId: ids, ...values } as never, { fields }));
    const general = outcome(() => readRecords("f", { customerId: { codes: Int32Array.from(ids, (_, i) => i), dictionary: ids }, ...values } as never, { fields }));
    // readOnly reads Float64Array columns in place when it can: the same outcome
    expect(outcome(() => readRecords("f", { customerId: ids, ...values } as never, { fields, readOnly: true }))).toEqual(plain);
    return [plain, general];
  }

  test("property: any ids and values, in every column form and under every rule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(fc.array(idValue, { minLength: n, maxLength: n }), fc.array(spec(() => anyValue, n), { minLength: 1, maxLength: 3 }))),
        ([ids, specs]) => {
          const [plain, general] = both(ids, specs);
          expect(plain).toEqual(general);
        },
      ),
      { numRuns: 400 },
    );
  });

  test("property: values every rule takes (the fast lane to the end), distinct or repeated ids", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(
            fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"), { minLength: n, maxLength: n }),
            fc.array(spec((rule) => goodValue[rule], n), { minLength: 1, maxLength: 4 }),
          ),
        ),
        ([ids, specs]) => {
          const [plain, general] = both(ids, specs);
          expect(plain).toEqual(general);
        },
      ),
      { numRuns: 400 },
    );
  });

  test("each rule with a bad value: the issue the general loop names, in every column form", () => {
    const cases: [Rule, unknown, string][] = [
      ["finite", Number.NaN, "expected a finite number, got NaN"],
      ["finite", Infinity, "expected a finite number, got Infinity"],
      ["nonNegative", -1, "expected a finite number >= 0, got -1"],
      ["positive", 0, "expected a finite number > 0, got 0"],
      ["count", 1.5, "expected an integer >= 0, got 1.5"],
      ["count", -2, "expected an integer >= 0, got -2"],
      ["finiteOrAbsent", -Infinity, "expected a finite number or null, got -Infinity"],
    ];
    for (const [rule, bad, message] of cases) {
      for (const form of ["array", "Float64Array", "Float32Array", "Int32Array", "Int8Array"] as const) {
        const c = column(form, [1, bad, 2]) as ArrayLike<number>;
        if (Object.is(c[1], bad) || (Number.isNaN(bad as number) && Number.isNaN(c[1] as number))) {
          const error = errorOf(() => readRecords("f", { customerId: ["a", "b", "c"], v: c } as never, { fields: { v: { field: "v", name: "v", rule } } }));
          expect(error.issues).toEqual([{ code: "invalid_value", path: ["columns", "v", 1], row: 1, field: "v", customerId: "b", message }]);
        }
      }
    }
    // a BigInt64Array holds no numbers
    const big = errorOf(() => readRecords("f", { customerId: ["a"], v: BigInt64Array.of(1n) } as never, { fields: { v: { field: "v", name: "v", rule: "count" } } }));
    expect(big.issues[0].message).toBe("expected an integer >= 0, got 1n");
  });

  test("whole typed arrays: -0 becomes 0, integers as the general loop reads them; an absent optional column", () => {
    const out = readRecords("f", { customerId: ["a", "b", "c"], x: Float64Array.of(-0, 2.5, 3), k: Uint8Array.of(0, 200, 3), s: Int32Array.of(-5, 0, 7) } as never, {
      fields: {
        x: { field: "x", name: "x", rule: "nonNegative" },
        k: { field: "k", name: "k", rule: "count" },
        s: { field: "s", name: "s", rule: "finite" },
        w: { field: "w", name: "w", rule: "finiteOrAbsent", optional: true },
      },
    });
    expect(Object.is(out.columns.x[0], 0)).toBe(true);
    expect(Array.from(out.columns.k)).toEqual([0, 200, 3]);
    expect(Array.from(out.columns.s)).toEqual([-5, 0, 7]);
    // an optional column the columns lack is empty: every value absent
    expect(out.columns.w).toHaveLength(0);
  });

  test("a look-alike of a typed array is read entry by entry: a Proxy's entries, a redefined length", () => {
    const proxy = new Proxy(Float64Array.of(1, 2, 3), { get: (target, key) => (key === "1" ? "2" : Reflect.get(target, key)) });
    const error = errorOf(() => readRecords("f", { customerId: ["a", "b", "c"], v: proxy } as never, { fields: { v: { field: "v", name: "v" } } }));
    expect(error.issues).toEqual([{ code: "invalid_value", path: ["columns", "v", 1], row: 1, field: "v", customerId: "b", message: 'expected a finite number, got "2"' }]);
    // a length that says less than the buffer holds: the entries read are the ones the length says
    const short = Float64Array.of(1, 2, 3, -1);
    Object.defineProperty(short, "length", { value: 3 });
    expect(Array.from(readRecords("f", { customerId: ["a", "b", "c"], v: short } as never, { fields: { v: { field: "v", name: "v", rule: "nonNegative" } } }).columns.v)).toEqual([1, 2, 3]);
  });

  test("a typed column shrunk by an id's getter while the columns are read: the general loop names the missing entries", () => {
    // a resizable buffer (ES2024; the compiler's lib here is older)
    const buffer = new (ArrayBuffer as unknown as new (size: number, options: { maxByteLength: number }) => ArrayBuffer & { resize: (size: number) => void })(24, { maxByteLength: 64 });
    const v = new Float64Array(buffer);
    v.set([1, 2, 3]);
    const ids = ["a", "b", "c"];
    Object.defineProperty(ids, 2, { get: () => (buffer.resize(8), "c") });
    const error = errorOf(() => readRecords("f", { customerId: ids, v } as never, { fields: { v: { field: "v", name: "v" } } }));
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      [["columns", "v", 1], "expected a finite number, got undefined"],
      [["columns", "v", 2], "expected a finite number, got undefined"],
    ]);
  });

  test("duplicate ids from the fast lane: the same issues in row order as the general loop", () => {
    const n = 70_000; // past the size where the duplicate check partitions its table
    const ids = Array.from({ length: n }, (_, i) => `c${i}`);
    ids[50_000] = "c7";
    ids[69_999] = "c12345";
    ids[60_000] = "c7";
    const v = new Float64Array(n);
    const [plain, general] = both(ids, [{ rule: "finite", form: "Float64Array", optional: false, values: Array.from(v) }]);
    expect(plain).toEqual(general);
    expect((plain as { issues: { path: unknown[]; message: string }[] }).issues.map((i) => [i.path, i.message])).toEqual([
      [["columns", "customerId", 50_000], 'customer id "c7" also at row 7; customer-level data needs one record per customer'],
      [["columns", "customerId", 60_000], 'customer id "c7" also at row 7; customer-level data needs one record per customer'],
      [["columns", "customerId", 69_999], 'customer id "c12345" also at row 12345; customer-level data needs one record per customer'],
    ]);
  });

  test("readOnly: a Float64Array its rule takes as it is is the column itself; −0, a refused value or a shared buffer make a copy", () => {
    const rules = ["finite", "nonNegative", "positive", "count", "finiteOrAbsent"] as const;
    for (const rule of rules) {
      const v = Float64Array.of(1, 2, 3);
      const fields = { v: { field: "v", name: "v", rule } };
      expect(readRecords("f", { customerId: ["a", "b", "c"], v } as never, { fields, readOnly: true }).columns.v).toBe(v);
      // without readOnly, always a copy
      const copy = readRecords("f", { customerId: ["a", "b", "c"], v } as never, { fields }).columns.v;
      expect(copy).not.toBe(v);
      expect(Array.from(copy)).toEqual([1, 2, 3]);
    }
    // −0 is read as 0: a copy (the input unchanged)
    const negativeZero = Float64Array.of(1, -0, 3);
    const read = readRecords("f", { customerId: ["a", "b", "c"], v: negativeZero } as never, { fields: { v: { field: "v", name: "v", rule: "nonNegative" } }, readOnly: true }).columns.v;
    expect(read).not.toBe(negativeZero);
    expect(Object.is(read[1], 0)).toBe(true);
    expect(Object.is(negativeZero[1], -0)).toBe(true);
    // a count of 2^31 or more is checked the long way (and taken)
    const big = Float64Array.of(2 ** 31, 2 ** 40);
    expect(Array.from(readRecords("f", { customerId: ["a", "b"], v: big } as never, { fields: { v: { field: "v", name: "v", rule: "count" } }, readOnly: true }).columns.v)).toEqual([2 ** 31, 2 ** 40]);
    // refused values: the issue the general loop names
    const bad = errorOf(() => readRecords("f", { customerId: ["a", "b"], v: Float64Array.of(1, Number.NaN) } as never, { fields: { v: { field: "v", name: "v", rule: "finite" } }, readOnly: true }));
    expect(bad.issues.map((i) => [i.path, i.message])).toEqual([[["columns", "v", 1], "expected a finite number, got NaN"]]);
    // another thread may write a shared buffer while it is read: a copy
    const shared = new Float64Array(new SharedArrayBuffer(16));
    shared.set([1, 2]);
    expect(readRecords("f", { customerId: ["a", "b"], v: shared } as never, { fields: { v: { field: "v", name: "v" } }, readOnly: true }).columns.v).not.toBe(shared);
    // a view into a larger buffer, at an offset, is read in place
    const view = new Float64Array(Float64Array.of(9, 1, 2, 9).buffer, 8, 2);
    expect(readRecords("f", { customerId: ["a", "b"], v: view } as never, { fields: { v: { field: "v", name: "v", rule: "positive" } }, readOnly: true }).columns.v).toBe(view);
  });

  test("readOnly: inPlace says which columns are the input's; a subclass or an instance with its own buffer, byteOffset or iterator is copied; columns without ids take the lane", () => {
    const fields = { u: { field: "u", name: "u" }, v: { field: "v", name: "v", rule: "nonNegative" } } as const;
    const u = Float64Array.of(1, 2, 3);
    const read = readRecords("f", { customerId: ["a", "b", "c"], u, v: Float64Array.of(1, -0, 3) } as never, { fields, readOnly: true });
    expect(read.columns.u).toBe(u);
    expect(read.inPlace).toEqual({ u: true, v: false });
    expect(readRecords("f", { customerId: ["a", "b", "c"], u, v: u } as never, { fields }).inPlace).toEqual({ u: false, v: false });
    class Sub extends Float64Array {}
    const own = (key: PropertyKey, value: unknown) => {
      const c = Float64Array.of(1, 2, 3);
      Object.defineProperty(c, key, { value });
      return c;
    };
    for (const c of [Sub.of(1, 2, 3), own("buffer", new ArrayBuffer(24)), own("byteOffset", 8), own("byteLength", 0), own(Symbol.iterator, () => [][Symbol.iterator]())]) {
      const got = readRecords("f", { customerId: ["a", "b", "c"], u: c, v: u } as never, { fields, readOnly: true });
      expect(got.columns.u).not.toBe(c);
      expect(Object.getPrototypeOf(got.columns.u)).toBe(Float64Array.prototype);
      expect(Array.from(got.columns.u)).toEqual([1, 2, 3]);
      expect(got.inPlace).toEqual({ u: false, v: true });
    }
    // ids by position: the positions' text, the columns read in place (or copied without readOnly), the issues of the general loop
    const byIndex = readRecords("f", { u, v: u } as never, { fields, ids: "index", readOnly: true });
    expect(byIndex.ids).toEqual(["0", "1", "2"]);
    expect(byIndex.withIds).toBe(false);
    expect(byIndex.columns.u).toBe(u);
    expect(readRecords("f", { u, v: u } as never, { fields, ids: "index" }).columns.u).not.toBe(u);
    // numberIds: false: no position ids, from columns and from records; ids given are read as ever
    expect(readRecords("f", { u, v: u } as never, { fields, ids: "index", numberIds: false }).ids).toEqual([]);
    expect(readRecords("f", [{ u: 1, v: 2 }], { fields, ids: "index", numberIds: false }).ids).toEqual([]);
    expect(readRecords("f", { customerId: ["a", "b", "c"], u, v: u } as never, { fields, ids: "index", numberIds: false }).ids).toEqual(["a", "b", "c"]);
    const bad = errorOf(() => readRecords("f", { u, v: Float64Array.of(1, -1, 2) } as never, { fields, ids: "index", readOnly: true }));
    expect(bad.issues.map((i) => [i.path, i.message])).toEqual([[["columns", "v", 1], "expected a finite number >= 0, got -1"]]);
  });

  test("property: duplicate ids past 65,536 (the slot filter first): every repeat named at its row with its first row, with and without holes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 65_537, max: 90_000 }), fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 0, max: 2 ** 30 }), fc.boolean(), (n, repeats, seed, holes) => {
        const ids: unknown[] = Array.from({ length: n }, (_, i) => `id${i}`);
        let s = seed;
        const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 1) % n;
        for (let k = 0; k < repeats; k++) ids[next()] = ids[next()];
        if (holes) ids[next()] = "";
        const first = new Map<unknown, number>();
        const expected: [number, string][] = [];
        ids.forEach((id, i) => {
          if (id === "") return;
          if (first.has(id)) expected.push([i, `customer id ${JSON.stringify(id)} also at row ${first.get(id)}; customer-level data needs one record per customer`]);
          else first.set(id, i);
        });
        const v = new Float64Array(n);
        const error = errorOf(() => readRecords("f", { customerId: ids, v } as never, { fields: { v: { field: "v", name: "v" } }, maxIssues: 100_000 }));
        const duplicates = error.issues.filter((i) => i.code === "duplicate_customer").map((i) => [i.row, i.message]);
        expect(duplicates).toEqual(expected);
      }),
      { numRuns: 12 },
    );
  });
});
