import fc from "fast-check";

/** Deep-freezes plain data so a test fails if a function mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** Customer-level records with unique ids; values drawn from small pools so ties are common. */
export const customerRecords = (maxLength = 60) =>
  fc
    .array(
      fc.record({
        recencyDays: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 2000 })),
        frequency: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 200 })),
        // Money in cents (no subnormal doubles: scaling those by 2^k is not exact).
        monetary: fc.oneof(fc.constantFrom(10, 20, 50), fc.integer({ min: -10_000, max: 100_000_000 }).map((c) => c / 100)),
      }),
      { minLength: 1, maxLength },
    )
    .map((rows) => rows.map((r, i) => ({ customerId: `c${i}`, ...r, monetary: r.monetary === 0 ? 0 : r.monetary })));

const isoDay = fc.integer({ min: 0, max: 1000 }).map((d) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

/** Transaction rows over a few customers, dates in 2021..2023, amounts in cents, optional orders. */
export const transactionRows = (maxLength = 80) =>
  fc.array(
    fc.record({
      customerId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
      date: isoDay,
      amount: fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100),
      orderId: fc.integer({ min: 1, max: 40 }).map(String),
    }),
    { minLength: 1, maxLength },
  );

/** A permutation of `array` (as an arbitrary of shuffled copies). */
export const shuffled = <T>(array: readonly T[]) =>
  fc.array(fc.nat(), { minLength: array.length, maxLength: array.length }).map((keys) =>
    array
      .map((v, i) => ({ v, k: keys[i], i }))
      .sort((a, b) => a.k - b.k || a.i - b.i)
      .map((x) => x.v),
  );
