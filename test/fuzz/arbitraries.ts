// Generators of hostile (and some plausible) inputs: ids, dates, amounts, rows, columns, customer-level
// records, options derived from each function's exported zod schema, and hostile objects as markers
// (see revive.ts).
import fc from "fast-check";
import type { Hostile } from "./revive.js";

const DAY = 86_400_000;

// ---------- scalars ----------

/** `arb` once in `n` draws, else `otherwise`. */
export function rarely<T, U>(arb: fc.Arbitrary<T>, n: number, otherwise: U): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: n - 1, arbitrary: fc.constant(otherwise) }, { weight: 1, arbitrary: arb });
}

/** Extreme and special numbers. */
export const weirdNumber: fc.Arbitrary<number> = fc.constantFrom(
  0, -0, -1, 1, 0.5, NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, 5e-324, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2,
  1e15, 1e21, 2 ** 31, -(2 ** 31) - 1, 0.1 + 0.2, 1 - 1e-16, 1e-300,
);

/** Any value of a wrong type. */
// (no "NaN"/"Infinity" strings here: functions may echo a caller's text, such as a title, verbatim)
export const wrongType: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(undefined, null, true, false, "", " ", "x", "12", [], {}, [1, 2], { a: 1 }, 10n, new Date(NaN), new Map());

/** A customer id: mostly a small pool (so customers repeat), sometimes odd. */
export const customerId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("a", "b", "c", "d", "e") },
  { weight: 2, arbitrary: fc.constantFrom(1, 2, 3, 0, -0, -7) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constantFrom<unknown>("", " ", "\u00a0", "\t\n", "\u200b", "Müller", "Mu\u0308ller", "😀", "=1+2", "\u001b[31mred", 2 ** 53 + 1, 1e21, -(2 ** 60), 1.5, NaN, Infinity, null, undefined, {}, [], true, 10n, new Date(0)),
      fc.string({ unit: "binary", maxLength: 6 }),
      fc.string({ unit: "grapheme-composite", minLength: 1, maxLength: 4 }),
    ),
  },
);

const isoOf = (ms: number) => {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms}` : d.toISOString();
};
const plausibleMs = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) });
const plausibleDay = plausibleMs.map((ms) => isoOf(ms).slice(0, 10));

/** A purchase date in any form the readers might meet. */
export const date: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: plausibleDay },
  {
    weight: 5,
    arbitrary: fc.oneof(
      plausibleMs.map(isoOf),
      plausibleMs.map((ms) => isoOf(ms).slice(0, 19)),
      fc.tuple(plausibleMs, fc.constantFrom("+05:30", "-11:00", "+14:00", "-00:00", "+00:00")).map(([ms, off]) => isoOf(ms).slice(0, 19) + off),
      fc.tuple(plausibleDay, fc.constantFrom("T23:59:59.9999Z", "T23:59:59.999999999Z", "T00:00:00.0000001+01:00", " 12:00", "T24:00:00Z", "T23:59:60Z")).map(([d, t]) => d + t),
      plausibleMs.map((ms) => new Date(ms)),
      plausibleMs,
      plausibleMs.map((ms) => Math.floor(ms / 1000)),
      plausibleMs.map((ms) => ms + 0.5),
      plausibleMs.map((ms) => Math.floor(ms / DAY)),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      "0001-01-01", "1899-12-31", "1900-01-01", "1969-12-28", "1970-01-01", "2199-12-31", "2200-01-01", "9999-12-31", "+275760-09-13", "-000001-01-01", "+010000-01-01",
      "2023-02-30", "2024-02-29", "2023-02-29", "2024-13-01", "2024-1-5", "20240105", "05/01/2024", "", " ", "yesterday", "2024-01-05T25:00:00Z",
      new Date(NaN), new Date(-8.64e15), new Date(8.64e15), -8.64e15, 8.64e15, 8.64e15 + 1, NaN, Infinity, -1, 0, -2e9, 2e9, 1e308, null, undefined, true, {}, [],
    ),
  },
);

/** An amount: mostly plausible money, sometimes anything. */
export const amount: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -5_000, max: 1_000_000 }).map((c) => c / 100) },
  { weight: 3, arbitrary: weirdNumber },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>("12.5", "1e400", "-1e400", " 5 ", "12,5", "", "0x10", "1_000", "Infinity", "NaN", "-0", "1e308", null, undefined, true, 10n, {}, [3]),
  },
);

const orderId: fc.Arbitrary<unknown> = fc.oneof({ weight: 6, arbitrary: fc.constantFrom("o1", "o2", "o3", 1, 2) }, { weight: 1, arbitrary: fc.constantFrom<unknown>("", null, {}, NaN, " ", 2 ** 53 + 1) });

// ---------- transactions ----------

export interface TxRow {
  customerId?: unknown;
  date?: unknown;
  amount?: unknown;
  orderId?: unknown;
  [extra: string]: unknown;
}

const row: fc.Arbitrary<TxRow> = fc.record({ customerId, date, amount, orderId }, { requiredKeys: ["customerId", "date", "amount"] });
const cleanRow: fc.Arbitrary<TxRow> = fc.record({ customerId: fc.constantFrom("a", "b", "c", "d", "e"), date: plausibleDay, amount: fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100) });

/** A hostile row: throwing getter, Proxy with a throwing trap, a frozen row, a class instance, a non-object. */
export const hostileRow: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(cleanRow, fc.constantFrom("customerId", "date", "amount", "orderId")).map(([base, key]): Hostile => ({ $$h: "getterThrows", key, base: base as Record<string, unknown> })),
  fc.tuple(cleanRow, fc.constantFrom("get", "ownKeys", "has", "getOwnPropertyDescriptor" as const)).map(([base, trap]): Hostile => ({ $$h: "proxy", trap, base })),
  cleanRow.map((base): Hostile => ({ $$h: "instance", base: base as Record<string, unknown> })),
  cleanRow.map((base): Hostile => ({ $$h: "frozen", base })),
  fc.constantFrom<unknown>(null, undefined, 5, "row", [], ["a", "2024-01-01", 5]),
);

/** Transaction rows: mostly readable, with odd values and, sometimes, hostile rows. */
export const txRows = (maxLength = 10): fc.Arbitrary<unknown[]> =>
  fc.oneof(
    fc.array(cleanRow, { minLength: 1, maxLength }),
    fc.tuple(fc.array(cleanRow, { maxLength }), fc.array(fc.oneof({ weight: 5, arbitrary: row }, { weight: 1, arbitrary: hostileRow }), { minLength: 1, maxLength: 2 }), fc.nat()).map(([clean, odd, at]) => {
      const out: unknown[] = clean.slice();
      for (const r of odd) out.splice(at % (out.length + 1), 0, r);
      return out;
    }),
    fc.array(fc.oneof({ weight: 4, arbitrary: cleanRow }, { weight: 5, arbitrary: row }, { weight: 1, arbitrary: hostileRow }), { minLength: 0, maxLength }),
  );

/** An iterable that throws part way, or a Proxy array. */
export const hostileContainer: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(fc.array(cleanRow, { maxLength: 4 }), fc.nat(4)).map(([items, at]): Hostile => ({ $$h: "iterThrows", items, at })),
  fc.tuple(fc.array(cleanRow, { maxLength: 3 }), fc.constantFrom("get", "ownKeys", "has", "getOwnPropertyDescriptor" as const)).map(([base, trap]): Hostile => ({ $$h: "proxy", trap, base })),
  fc.constantFrom<unknown>(null, undefined, 42, "abc", {}, { length: -1 }, { length: NaN }, { length: 1e12 }, new Map()),
);

/** Transactions as columns: arrays, typed arrays, dictionary ids, with mismatched lengths and odd lengths. */
export const txColumns: fc.Arbitrary<unknown> = fc
  .record({
    n: fc.integer({ min: 0, max: 8 }),
    dn: fc.constantFrom(0, 0, 0, 0, 1, -1),
    an: fc.constantFrom(0, 0, 0, 0, 1, -1),
    idKind: fc.constantFrom("array", "dict", "numbers", "badDict"),
    dateKind: fc.constantFrom("isoArray", "int32", "float64", "mixed", "dateObjects"),
    amountKind: fc.constantFrom("float64", "array", "int8", "mixed"),
    withOrder: fc.boolean(),
    ids: fc.array(fc.constantFrom("a", "b", "c", "d"), { minLength: 12, maxLength: 12 }),
    days: fc.array(fc.integer({ min: 10_957, max: 21_915 }), { minLength: 12, maxLength: 12 }),
    extremeDay: fc.constantFrom(null, -2e9, 2e9 - 1, -719_162, 2_932_896, -25_000, 0, -1),
    odd: fc.array(fc.oneof(date, amount, customerId), { minLength: 12, maxLength: 12 }),
    money: fc.array(fc.oneof(fc.integer({ min: -1000, max: 100_000 }).map((c) => c / 100), weirdNumber), { minLength: 12, maxLength: 12 }),
  })
  .map((s) => {
    const n = s.n;
    const dn = Math.max(0, n + s.dn);
    const an = Math.max(0, n + s.an);
    const ids = s.ids.slice(0, n);
    const dict = ["a", "b", "c", "d"];
    const customer =
      s.idKind === "array" ? ids : s.idKind === "numbers" ? ids.map((x) => dict.indexOf(x) + 1) : s.idKind === "dict" ? { codes: Int32Array.from(ids.map((x) => dict.indexOf(x))), dictionary: dict } : { codes: Int32Array.from(ids.map((x, i) => (i === 0 ? 7 : dict.indexOf(x)))), dictionary: ["a", "a", "", 5] };
    const days = s.days.slice(0, dn);
    if (s.extremeDay !== null && days.length > 0) days[0] = s.extremeDay;
    const dateCol =
      s.dateKind === "int32" ? Int32Array.from(days) : s.dateKind === "float64" ? Float64Array.from(days, (d) => d * DAY) : s.dateKind === "dateObjects" ? days.map((d) => new Date(d * DAY)) : s.dateKind === "mixed" ? s.odd.slice(0, dn) : days.map((d) => isoOf(d * DAY).slice(0, 10));
    const money = s.money.slice(0, an);
    const amountCol = s.amountKind === "float64" ? Float64Array.from(money) : s.amountKind === "int8" ? Int8Array.from(money.map((m) => Math.trunc(m) % 100)) : s.amountKind === "mixed" ? s.odd.slice(0, an) : money;
    return { customerId: customer, date: dateCol, amount: amountCol, ...(s.withOrder ? { orderId: ids.map((_, i) => `o${i % 3}`) } : {}) };
  });

/** Any transaction input: rows, columns or a hostile container. */
export const transactions: fc.Arbitrary<unknown> = fc.oneof({ weight: 6, arbitrary: txRows() }, { weight: 3, arbitrary: txColumns }, { weight: 1, arbitrary: hostileContainer });

// ---------- customer-level records ----------

/** A customer-level number: mostly plausible, sometimes extreme or of the wrong type. */
export const measure = (max = 1000, integer = false, min = 0): fc.Arbitrary<unknown> => {
  const good = integer ? fc.integer({ min, max }) : fc.integer({ min: min * 100, max: max * 100 }).map((c) => c / 100);
  const a = fc.oneof({ weight: 10, arbitrary: good }, { weight: 2, arbitrary: weirdNumber }, { weight: 1, arbitrary: fc.oneof(wrongType, fc.constantFrom<unknown>("12", "1e400", "-3")) });
  plausible.set(a, good);
  return a;
};

/** The plausible branch of generators made by `measure` (used for clean record lists). */
const plausible = new WeakMap<fc.Arbitrary<unknown>, fc.Arbitrary<unknown>>();

/** A plausible-or-odd value generator: `good` most of the time; records use `good` alone for clean lists. */
export function either(good: fc.Arbitrary<unknown>, odd: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const a = fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: odd });
  plausible.set(a, good);
  return a;
}

/**
 * Customer-level records with the given fields (each a generator); ids mostly unique, sometimes
 * duplicated or odd; now and then a hostile record, a missing field or an extra one.
 */
export const customerRecords = (fields: Record<string, fc.Arbitrary<unknown>>, maxLength = 8, idKey: string | null = "customerId"): fc.Arbitrary<unknown[]> =>
  fc.oneof(cleanRecords(fields, maxLength, idKey), dirtyRecords(fields, maxLength, idKey), oneDirtyRecord(fields, maxLength, idKey));

/** Every value drawn from the first (plausible) branch of its generator: see `measure`. */
const cleanRecords = (fields: Record<string, fc.Arbitrary<unknown>>, maxLength: number, idKey: string | null): fc.Arbitrary<unknown[]> =>
  fc.array(fc.record(Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, plausible.get(a) ?? a])), { requiredKeys: Object.keys(fields) }), { minLength: 1, maxLength }).map((rows) => rows.map((r, i) => (idKey ? { [idKey]: `c${i}`, ...r } : r)));

const oneDirtyRecord = (fields: Record<string, fc.Arbitrary<unknown>>, maxLength: number, idKey: string | null): fc.Arbitrary<unknown[]> =>
  fc.tuple(cleanRecords(fields, maxLength, idKey), dirtyRecords(fields, 1, idKey), fc.nat()).map(([clean, dirty, at]) => {
    const out = clean.slice();
    if (dirty.length > 0) out[at % out.length] = dirty[0];
    return out;
  });

const dirtyRecords = (fields: Record<string, fc.Arbitrary<unknown>>, maxLength: number, idKey: string | null): fc.Arbitrary<unknown[]> =>
  fc
    .array(
      fc.record({
        fields: fc.record(fields, { requiredKeys: Object.keys(fields) }),
        dropKey: rarely(fc.constantFrom(...Object.keys(fields)), 12, null),
        id: rarely(customerId, 6, "#seq" as const),
        hostile: rarely(fc.constantFrom("getterThrows", "proxy", "instance", "frozen", "null"), 15, null),
        trap: fc.constantFrom("get", "ownKeys", "has", "getOwnPropertyDescriptor" as const),
      }),
      { minLength: 0, maxLength },
    )
    .map((rows) =>
      rows.map((r, i) => {
        const rec: Record<string, unknown> = idKey ? { [idKey]: r.id === "#seq" ? `c${i}` : r.id } : {};
        Object.assign(rec, r.fields);
        if (r.dropKey) delete rec[r.dropKey];
        const key = Object.keys(r.fields)[0];
        switch (r.hostile) {
          case "getterThrows":
            return { $$h: "getterThrows", key, base: rec } satisfies Hostile;
          case "proxy":
            return { $$h: "proxy", trap: r.trap, base: rec } satisfies Hostile;
          case "instance":
            return { $$h: "instance", base: rec } satisfies Hostile;
          case "frozen":
            return { $$h: "frozen", base: rec } satisfies Hostile;
          case "null":
            return null;
          default:
            return rec;
        }
      }),
    );

/** Plausible customer-level records (for inputs that should mostly be accepted). */
export const plainCustomers = (fields: Record<string, fc.Arbitrary<unknown>>, maxLength = 8): fc.Arbitrary<Record<string, unknown>[]> =>
  fc.array(fc.record(fields, { requiredKeys: Object.keys(fields) }), { minLength: 1, maxLength }).map((rows) => rows.map((r, i) => ({ customerId: `c${i}`, ...r })));

// ---------- options from zod schemas ----------

interface ZodLike {
  _zod: { def: Record<string, any> & { type: string } };
}

const STRINGS = ["customerId", "date", "amount", "orderId", "recencyDays", "frequency", "monetary", "value", "clv", "margin", "tenureDays", "segment", "x", "", " ", "UTC", "Europe/Berlin", "Pacific/Apia", "Mars/Phobos", "+05:00", "en", "zh", "orders", "a.b"];
const DATES: unknown[] = ["2030-12-31", "2024-06-30", "2024-06-30T12:00:00Z", "2024-02-30", "", "0001-01-01", "9999-12-31", new Date(NaN), new Date(Date.UTC(2025, 0, 1)), Date.UTC(2025, 0, 1), NaN, -8.64e15, 1e20];

function numberArb(def: Record<string, any>): fc.Arbitrary<number> {
  let min = -1e6;
  let max = 1e6;
  let int = false;
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === "greater_than") min = Math.max(min, d.value);
    if (d.check === "less_than") max = Math.min(max, d.value);
    if (d.check === "number_format" && /int/.test(d.format)) int = true;
  }
  const inRange = int ? fc.integer({ min: Math.ceil(Math.max(min, -1000)), max: Math.floor(Math.min(max, 1000)) }) : fc.double({ min: Math.max(min, -1e6), max: Math.min(max, 1e6), noNaN: true });
  return fc.oneof({ weight: 6, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(min, max, min - 1, max + 1, 0.5) }, { weight: 2, arbitrary: weirdNumber });
}

/** Values for one option: mostly of the schema's shape (enum members, numbers in its range), sometimes anything. */
export function arbFromSchema(schema: ZodLike, key = "", depth = 0): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  const wild = fc.oneof(wrongType, weirdNumber);
  const mix = (a: fc.Arbitrary<unknown>) => fc.oneof({ weight: 8, arbitrary: a }, { weight: 1, arbitrary: wild });
  if (depth > 4) return wild;
  switch (def.type) {
    case "optional":
    case "default":
    case "nullable":
    case "readonly":
    case "nonoptional":
      return arbFromSchema(def.innerType, key, depth);
    case "pipe":
      return arbFromSchema(def.in, key, depth);
    case "enum":
      return mix(fc.constantFrom(...Object.values(def.entries as Record<string, unknown>)));
    case "literal":
      return mix(fc.constantFrom(...(def.values as unknown[])));
    case "number":
      return numberArb(def);
    case "int":
      return numberArb(def);
    case "boolean":
      return mix(fc.boolean());
    case "string":
      return mix(fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 5 })));
    case "date":
      return mix(fc.constantFrom(...DATES));
    case "union":
      return fc.oneof(...(def.options as ZodLike[]).map((o) => arbFromSchema(o, key, depth + 1)));
    case "array":
    case "tuple": {
      const el = def.type === "array" ? arbFromSchema(def.element, key, depth + 1) : fc.oneof(...((def.items ?? []) as ZodLike[]).map((o) => arbFromSchema(o, key, depth + 1)));
      return mix(fc.array(el, { maxLength: 6 }));
    }
    case "record":
      return mix(fc.dictionary(fc.constantFrom("a", "b", "recency", "frequency", "monetary", "x"), arbFromSchema(def.valueType, key, depth + 1), { maxKeys: 3 }));
    case "object": {
      const shape = def.shape as Record<string, ZodLike>;
      const arbs: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(shape)) arbs[k] = arbFromSchema(s, k, depth + 1);
      return mix(fc.record(arbs, { requiredKeys: [] }));
    }
    case "custom":
      if (/asOf|date|calibrationEnd|start|end/i.test(key)) return fc.constantFrom(...DATES);
      return fc.oneof(
        fc.constantFrom(...STRINGS.slice(0, 12)),
        fc.constantFrom(...STRINGS.slice(0, 12)).map((k): Hostile => ({ $$h: "accessor", mode: "key", key: k })),
        fc.constant<Hostile>({ $$h: "accessor", mode: "throw" }),
        fc.constantFrom<unknown>(NaN, "12", null, 1e308, -1).map((value): Hostile => ({ $$h: "accessor", mode: "const", value })),
        wild,
      );
    default:
      return wild;
  }
}

/**
 * An options object: `base` (what a caller must give, e.g. `asOf`) plus up to three keys of the schema with
 * generated values, and sometimes an unknown key; now and then not an object at all.
 */
export function optionsArb(schema: ZodLike, base: Record<string, unknown> = {}, maxKeys = 3): fc.Arbitrary<unknown> {
  const shape = (schema._zod.def.shape ?? {}) as Record<string, ZodLike>;
  const keys = Object.keys(shape);
  const picked = keys.length === 0 ? fc.constant([] as string[]) : fc.subarray(keys, { maxLength: Math.min(maxKeys, keys.length) });
  const one = picked.chain((ks) =>
    fc.record({
      values: fc.tuple(...ks.map((k) => arbFromSchema(shape[k], k)), fc.constant(0)),
      unknown: rarely(fc.constantFrom("wieght", "bin", "__proto__x", "constructor"), 12, null),
      dropBase: rarely(fc.constantFrom(...Object.keys(base), "none"), 15, null),
    }).map(({ values, unknown, dropBase }) => {
      const o: Record<string, unknown> = { ...base };
      if (dropBase) delete o[dropBase];
      ks.forEach((k, i) => (o[k] = values[i]));
      if (unknown) o[unknown] = 1;
      return o;
    }),
  );
  return fc.oneof({ weight: 20, arbitrary: one }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 5, "opts", []) });
}
