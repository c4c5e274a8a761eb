// Apache Arrow tables as input (issue 15 item 2): tables built with apache-arrow and with flechette give
// what the same data gives as plain columns, through summarizeTransactions and scoreRfm; nulls are the
// readers' issues naming the row.
import * as A from "apache-arrow";
import * as F from "@uwdata/flechette";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { scoreRfm, summarizeTransactions } from "../../src/index.js";
import { isAnalyticsInputError, type TransactionColumns } from "../../src/input/index.js";

const DAY = 86_400_000;

interface Tx {
  id: string;
  day: number; // epoch day
  ms: number; // instant (epoch ms) within that UTC day
  cents: number;
  order: string;
}

const tx = fc.record({
  id: fc.constantFrom("a", "b", "c", "d", "e", "f", "Müller", "42"),
  day: fc.integer({ min: 19000, max: 19700 }),
  secondOfDay: fc.integer({ min: 0, max: 86_399 }),
  cents: fc.integer({ min: -5000, max: 100_000 }),
  order: fc.integer({ min: 0, max: 30 }),
}).map((r): Tx => ({ id: r.id, day: r.day, ms: r.day * DAY + r.secondOfDay * 1000, cents: r.cents, order: `o${r.order}` }));

const asOf = "2024-01-01";

/** Transactions with at least one purchase (a log of refunds alone is an error for plain columns too). */
const txs = (maxLength: number) => fc.array(tx, { minLength: 1, maxLength }).filter((rows) => rows.some((r) => r.cents > 0));

/** The same transactions as plain columns: dictionary ids, epoch days, amounts. */
function plainColumns(rows: readonly Tx[], withOrders: boolean): TransactionColumns {
  const ids = [...new Set(rows.map((r) => r.id))];
  return {
    customerId: { codes: Int32Array.from(rows, (r) => ids.indexOf(r.id)), dictionary: ids },
    date: Int32Array.from(rows, (r) => r.day),
    amount: Float64Array.from(rows, (r) => r.cents / 100),
    ...(withOrders ? { orderId: rows.map((r) => r.order) } : {}),
  };
}

/** An apache-arrow table in record batches of `size` rows (dictionary ids, Date32 days, Float64 amounts). */
function apacheTable(rows: readonly Tx[], size: number, withOrders: boolean): A.Table {
  const batches: A.Table[] = [];
  for (let s = 0; s < rows.length; s += size) {
    const part = rows.slice(s, s + size);
    batches.push(
      new A.Table({
        customerId: A.vectorFromArray(
          part.map((r) => r.id),
          new A.Dictionary(new A.Utf8(), new A.Int32()),
        ),
        date: A.vectorFromArray(
          part.map((r) => new Date(r.day * DAY)),
          new A.DateDay(),
        ),
        amount: A.makeVector(Float64Array.from(part, (r) => r.cents / 100)),
        ...(withOrders ? { orderId: A.vectorFromArray(part.map((r) => r.order), new A.Utf8()) } : {}),
      }),
    );
  }
  return batches.slice(1).reduce((t, b) => t.concat(b), batches[0]);
}

function flechetteTable(rows: readonly Tx[], withOrders: boolean): F.Table {
  return F.tableFromArrays(
    {
      customerId: rows.map((r) => r.id),
      date: rows.map((r) => new Date(r.day * DAY)),
      amount: Float64Array.from(rows, (r) => r.cents / 100),
      ...(withOrders ? { orderId: rows.map((r) => r.order) } : {}),
    },
    { types: { customerId: F.dictionary(F.utf8()), date: F.dateDay(), ...(withOrders ? { orderId: F.dictionary(F.utf8()) } : {}) }, maxBatchRows: 7 },
  );
}

describe("Arrow tables as transactions", () => {
  test("apache-arrow (dictionary ids, Date32, Float64, several record batches) = plain columns, summaries and scores", () => {
    fc.assert(
      fc.property(txs(60), fc.integer({ min: 1, max: 9 }), fc.boolean(), (rows, size, withOrders) => {
        const table = apacheTable(rows, size, withOrders);
        expect(table.batches.length).toBe(Math.ceil(rows.length / size));
        const want = summarizeTransactions(plainColumns(rows, withOrders), { asOf });
        const got = summarizeTransactions(table, { asOf });
        expect(got).toEqual(want);
        expect(scoreRfm(got.customers)).toEqual(scoreRfm(want.customers));
      }),
      { numRuns: 60 },
    );
  });

  test("flechette (dictionary ids and orders, Date32, several batches) = plain columns", () => {
    fc.assert(
      fc.property(txs(60), fc.boolean(), (rows, withOrders) => {
        const table = flechetteTable(rows, withOrders);
        expect(summarizeTransactions(table, { asOf })).toEqual(summarizeTransactions(plainColumns(rows, withOrders), { asOf }));
      }),
      { numRuns: 60 },
    );
  });

  test("a single Int32 dictionary chunk and a Float64 chunk are read in place (summary unchanged, table not mutated)", () => {
    const rows: Tx[] = [
      { id: "a", day: 19500, ms: 0, cents: 1000, order: "o1" },
      { id: "b", day: 19600, ms: 0, cents: 250, order: "o2" },
      { id: "a", day: 19650, ms: 0, cents: 700, order: "o3" },
    ];
    const table = apacheTable(rows, 10, false);
    const before = table.getChild("amount")!.toArray().slice();
    const { customers } = summarizeTransactions(table, { asOf });
    expect(customers).toEqual(summarizeTransactions(plainColumns(rows, false), { asOf }).customers);
    expect(customers.map((c) => [c.customerId, c.frequency, c.monetary])).toEqual([
      ["a", 2, 17],
      ["b", 1, 2.5],
    ]);
    expect(table.getChild("amount")!.toArray()).toEqual(before);
  });

  const zones = [undefined, "Europe/Berlin", "America/New_York", "Pacific/Kiritimati"];

  test.each(zones)("Date64, Timestamp (s, ms, µs, ns) with a zone = instants in timeZone %s; without a zone = the wall-clock day", (timeZone) => {
    fc.assert(
      fc.property(txs(40), (rows) => {
        const ids = rows.map((r) => r.id);
        const amount = Float64Array.from(rows, (r) => r.cents / 100);
        const opts = { asOf, timeZone };
        // instants: plain epoch milliseconds, read in the zone
        const instants = summarizeTransactions({ customerId: ids, date: rows.map((r) => r.ms), amount }, opts);
        // wall-clock time: ISO date-times without offset, the day as written
        const wall = summarizeTransactions({ customerId: ids, date: rows.map((r) => new Date(r.ms).toISOString().slice(0, 19)), amount }, opts);
        const ms = BigInt64Array.from(rows, (r) => BigInt(r.ms));
        for (const [unit, scale] of [
          [A.TimeUnit.SECOND, 1n],
          [A.TimeUnit.MILLISECOND, 1n],
          [A.TimeUnit.MICROSECOND, 1000n],
          [A.TimeUnit.NANOSECOND, 1_000_000n],
        ] as const) {
          const values = unit === A.TimeUnit.SECOND ? ms.map((v) => v / 1000n) : ms.map((v) => v * scale);
          for (const zone of ["Asia/Tokyo", null]) {
            const date = A.makeVector(A.makeData({ type: new A.Timestamp(unit, zone), length: rows.length, data: values }));
            const table = new A.Table({ customerId: A.vectorFromArray(ids), date, amount: A.makeVector(amount) });
            const want = zone === null ? wall : instants;
            expect(summarizeTransactions(table, opts)).toEqual(want);
          }
        }
        // Date64: a calendar date in UTC milliseconds
        const date64 = A.makeVector(A.makeData({ type: new A.DateMillisecond(), length: rows.length, data: BigInt64Array.from(rows, (r) => BigInt(r.day * DAY)) }));
        const days = summarizeTransactions({ customerId: ids, date: Int32Array.from(rows, (r) => r.day), amount }, opts);
        expect(summarizeTransactions(new A.Table({ customerId: A.vectorFromArray(ids), date: date64, amount: A.makeVector(amount) }), opts)).toEqual(days);
        // flechette timestamps (ms, with a zone) and Date64
        const ft = F.tableFromArrays(
          { customerId: ids, date: rows.map((r) => new Date(r.ms)), date64: rows.map((r) => new Date(r.day * DAY)), amount },
          { types: { date: F.timestamp(F.TimeUnit.MILLISECOND, "UTC"), date64: F.dateMillisecond() } },
        );
        expect(summarizeTransactions(ft, opts)).toEqual(instants);
        expect(summarizeTransactions(ft, { ...opts, fields: { customerId: "customerId", date: "date64", amount: "amount" } })).toEqual(days);
      }),
      { numRuns: 10 },
    );
  });

  test("a Timestamp day boundary: 23:30 UTC is the next day in Berlin, the same day without a zone", () => {
    const instant = Date.UTC(2023, 5, 30, 23, 30);
    const mk = (zone: string | null) =>
      new A.Table({
        customerId: A.vectorFromArray(["a"]),
        date: A.makeVector(A.makeData({ type: new A.Timestamp(A.TimeUnit.MILLISECOND, zone), length: 1, data: BigInt64Array.of(BigInt(instant)) })),
        amount: A.makeVector(Float64Array.of(5)),
      });
    const last = (t: A.Table) => summarizeTransactions(t, { asOf: "2023-07-31", timeZone: "Europe/Berlin" }).customers[0].lastPurchase;
    expect(last(mk("UTC"))).toBe("2023-07-01");
    expect(last(mk(null))).toBe("2023-06-30");
  });

  test("Int32, Int64, Float32 and Decimal amounts (scaled) = the same amounts as Float64", () => {
    fc.assert(
      fc.property(txs(40), (rows) => {
        const ids = rows.map((r) => r.id);
        const date = A.vectorFromArray(
          rows.map((r) => new Date(r.day * DAY)),
          new A.DateDay(),
        );
        const whole = summarizeTransactions({ customerId: ids, date: Int32Array.from(rows, (r) => r.day), amount: Float64Array.from(rows, (r) => r.cents) }, { asOf });
        const cents = summarizeTransactions({ customerId: ids, date: Int32Array.from(rows, (r) => r.day), amount: Float64Array.from(rows, (r) => r.cents / 100) }, { asOf });
        const table = (amount: A.Vector) => new A.Table({ customerId: A.vectorFromArray(ids), date, amount });
        expect(summarizeTransactions(table(A.makeVector(Int32Array.from(rows, (r) => r.cents))), { asOf })).toEqual(whole);
        expect(summarizeTransactions(table(A.makeVector(BigInt64Array.from(rows, (r) => BigInt(r.cents)))), { asOf })).toEqual(whole);
        expect(summarizeTransactions(table(A.makeVector(Float32Array.from(rows, (r) => r.cents))), { asOf })).toEqual(whole);
        // Decimal128(10, 2): the unscaled integer in four little-endian 32-bit words, two's complement
        const words = new Uint32Array(rows.length * 4);
        rows.forEach((r, i) => {
          const v = BigInt.asUintN(128, BigInt(r.cents));
          for (let w = 0; w < 4; w++) words[4 * i + w] = Number((v >> BigInt(32 * w)) & 0xffffffffn);
        });
        const decimal = A.makeVector(A.makeData({ type: new A.Decimal(2, 10, 128), length: rows.length, data: words }));
        expect(summarizeTransactions(table(decimal), { asOf })).toEqual(cents);
        // flechette decimals (given as unscaled bigints: its encoder cuts 128.89 * 100 to 12888) and Int32
        const ft = F.tableFromArrays(
          { customerId: ids, date: rows.map((r) => new Date(r.day * DAY)), dec: rows.map((r) => BigInt(r.cents)), int: Int32Array.from(rows, (r) => r.cents) },
          { types: { date: F.dateDay(), dec: F.decimal(10, 2, 128) } },
        );
        expect(summarizeTransactions(ft, { asOf, fields: { customerId: "customerId", date: "date", amount: "dec" } })).toEqual(cents);
        expect(summarizeTransactions(ft, { asOf, fields: { customerId: "customerId", date: "date", amount: "int" } })).toEqual(whole);
      }),
      { numRuns: 15 },
    );
  });

  test("nulls are the readers' issues naming the row, as for nulls in plain columns", () => {
    const ids = ["a", null, "b", "a", "c"];
    const days = [19500, 19501, null, 19503, 19504];
    const amounts = [1, 2, 3, null, 5];
    const plain = { customerId: ids, date: days.map((d) => (d === null ? null : new Date(d * DAY).toISOString().slice(0, 10))), amount: amounts };
    const opts = { asOf, onInvalid: "collect" } as const;
    const want = summarizeTransactions(plain as never, opts);
    const tables = [
      new A.Table({
        customerId: A.vectorFromArray(ids, new A.Dictionary(new A.Utf8(), new A.Int32())),
        date: A.vectorFromArray(
          days.map((d) => (d === null ? null : new Date(d * DAY))),
          new A.DateDay(),
        ),
        amount: A.vectorFromArray(amounts, new A.Float64()),
      }),
      F.tableFromArrays(
        { customerId: ids, date: days.map((d) => (d === null ? null : new Date(d * DAY))), amount: amounts },
        { types: { customerId: F.dictionary(F.utf8()), date: F.dateDay(), amount: F.float64() } },
      ),
    ];
    for (const table of tables) {
      const got = summarizeTransactions(table, opts);
      expect(got.customers).toEqual(want.customers);
      const issues = got.meta.input.issues!;
      expect(issues.map((i) => [i.code, i.path])).toEqual([
        ["missing_customer_id", ["columns", "customerId", 1]],
        ["invalid_date", ["columns", "date", 2]],
        ["invalid_amount", ["columns", "amount", 3]],
      ]);
      // dates and amounts: the very messages of plain columns
      expect(issues.slice(1)).toEqual(want.meta.input.issues!.slice(1));
      expect(issues[2].message).toBe("expected a finite number, got null");
      try {
        summarizeTransactions(table, { asOf });
        expect.unreachable();
      } catch (error) {
        expect(isAnalyticsInputError(error) && error.issues.length).toBe(3);
      }
    }
  });

  test("a missing column is missing_field; a field given as an accessor is a TypeError", () => {
    const table = new A.Table({ customerId: A.vectorFromArray(["a"]), amount: A.makeVector(Float64Array.of(1)) });
    expect(() => summarizeTransactions(table, { asOf })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: "missing_field", path: ["columns", "date"] })] }));
    expect(() => summarizeTransactions(table as never, { asOf, fields: { customerId: "customerId", date: (r: unknown) => r, amount: "amount" } })).toThrow(/^summarizeTransactions: with an Arrow table/);
  });
});

test("a table-shaped object whose columns throw is unreadable_field, not a crash", () => {
  const hostile = {
    numRows: 1,
    schema: { fields: [{ name: "customerId", type: { typeId: 5 } }, { name: "date", type: { typeId: 8, unit: 0 } }, { name: "amount", type: { typeId: 3, precision: 2 } }] },
    getChild() {
      throw new Error("boom");
    },
  };
  expect(() => summarizeTransactions(hostile as never, { asOf })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: "unreadable_field", path: ["input"] })] }));
  // customer-level: the columns are read when the reader looks for them, as the records' own getters would be
  expect(() => scoreRfm(hostile as never)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: "invalid_row", path: ["records"], message: "reading records threw: boom" })] }));
});

describe("Arrow tables as customer-level columns", () => {
  const customer = fc.record({ recencyDays: fc.integer({ min: 0, max: 400 }), frequency: fc.integer({ min: 1, max: 30 }), monetary: fc.integer({ min: 1, max: 5000 }) });

  test("scoreRfm on apache-arrow and flechette tables (dictionary or text ids, Int32 and Float64 columns) = records", () => {
    fc.assert(
      fc.property(fc.array(customer, { minLength: 5, maxLength: 40 }), (cs) => {
        const records = cs.map((c, i) => ({ customerId: `c${i}`, ...c }));
        const want = scoreRfm(records);
        const apache = new A.Table({
          customerId: A.vectorFromArray(
            records.map((r) => r.customerId),
            new A.Dictionary(new A.Utf8(), new A.Int32()),
          ),
          recencyDays: A.makeVector(Int32Array.from(records, (r) => r.recencyDays)),
          frequency: A.makeVector(Float64Array.from(records, (r) => r.frequency)),
          monetary: A.makeVector(Float64Array.from(records, (r) => r.monetary)),
        });
        expect(scoreRfm(apache)).toEqual(want);
        const flechette = F.tableFromArrays(
          { customerId: records.map((r) => r.customerId), recencyDays: Int32Array.from(records, (r) => r.recencyDays), frequency: records.map((r) => r.frequency), monetary: records.map((r) => r.monetary) },
          { maxBatchRows: 4 },
        );
        expect(scoreRfm(flechette)).toEqual(want);
      }),
      { numRuns: 30 },
    );
  });

  test("summarizeTransactions' summaries through Arrow score as the summaries do", () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({ customerId: `c${i % 17}`, date: 19000 + ((i * 53) % 300), amount: 5 + ((i * 37) % 90) }));
    const { customers } = summarizeTransactions({ customerId: rows.map((r) => r.customerId), date: Int32Array.from(rows, (r) => r.date), amount: Float64Array.from(rows, (r) => r.amount) }, { asOf });
    const table = A.tableFromArrays({
      customerId: customers.map((c) => c.customerId),
      recencyDays: Float64Array.from(customers, (c) => c.recencyDays),
      frequency: Float64Array.from(customers, (c) => c.frequency),
      monetary: Float64Array.from(customers, (c) => c.monetary),
    });
    expect(scoreRfm(table)).toEqual(scoreRfm(customers));
  });

  test("a null in a customer column is invalid_value naming the column and row", () => {
    const table = new A.Table({
      customerId: A.vectorFromArray(["a", "b", "c"]),
      recencyDays: A.vectorFromArray([1, null, 3], new A.Float64()),
      frequency: A.vectorFromArray([1, 2, 3], new A.Int32()),
      monetary: A.vectorFromArray([5, 6, 7], new A.Float64()),
    });
    expect(() => scoreRfm(table)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ code: "invalid_value", path: ["columns", "recencyDays", 1] })] }));
  });
});

describe("DuckDB query results as Arrow", () => {
  // @duckdb/node-api 1.5 does not give Arrow itself (its bindings leave the C API's Arrow functions out, and
  // DuckDB's `arrow` extension is downloaded at run time): its result columns are turned into Arrow here.
  test("a DuckDB query's columns as an Arrow table (flechette: dictionary ids, Date32, zoned Timestamp, Decimal) = plain columns and DuckDB's own sums", async () => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const db = await (await DuckDBInstance.create()).connect();
    const query = `SELECT 'c' || (i % 7) AS customerId, DATE '2023-01-01' + CAST(i % 300 AS INTEGER) AS date,
        TIMESTAMPTZ '2023-01-01 00:00:00+00' + to_seconds(i * 37311) AS ts, CAST((i * 37) % 9000 AS DECIMAL(10, 2)) AS cents
      FROM range(500) t(i)`;
    const cols = (await db.runAndReadAll(query)).getColumnsObjectJS() as { customerId: string[]; date: Date[]; ts: Date[]; cents: number[] };
    const sums = (await db.runAndReadAll(`SELECT customerId, SUM(cents) / 100 AS monetary FROM (${query}) GROUP BY customerId`)).getRowObjectsJS() as { customerId: string; monetary: number }[];
    const table = F.tableFromArrays(
      { customerId: cols.customerId, date: cols.date, ts: cols.ts, amount: cols.cents.map((c) => BigInt(Math.round(c))) },
      { types: { customerId: F.dictionary(F.utf8()), date: F.dateDay(), ts: F.timestamp(F.TimeUnit.MILLISECOND, "UTC"), amount: F.decimal(10, 2, 128) }, maxBatchRows: 128 },
    );
    const opts = { asOf: "2024-01-01", timeZone: "Asia/Tokyo" };
    const amount = cols.cents.map((c) => c / 100);
    const byDate = summarizeTransactions(table, opts);
    expect(byDate).toEqual(summarizeTransactions({ customerId: cols.customerId, date: cols.date.map((d) => d.toISOString().slice(0, 10)), amount }, opts));
    expect(summarizeTransactions(table, { ...opts, fields: { customerId: "customerId", date: "ts", amount: "amount" } })).toEqual(
      summarizeTransactions({ customerId: cols.customerId, date: cols.ts, amount }, opts),
    );
    for (const { customerId, monetary } of sums) expect(byDate.customers.find((c) => c.customerId === customerId)!.monetary).toBeCloseTo(Number(monetary), 9);
    expect(sums).toHaveLength(7);
  });
});
