// Helpers for the `output: "columns"` tests: records <-> columns, so a columns result can be compared
// with the records result of the same call field by field (toEqual tells 0 from -0, and NaN from numbers).

/** Columns (arrays or typed arrays of one length) as records, one per entry; `null` columns become `null` fields. */
export function recordsOfColumns(columns: { [key: string]: ArrayLike<unknown> | null }): Record<string, unknown>[] {
  const keys = Object.keys(columns);
  const lengths = keys.map((k) => columns[k]).filter((c): c is ArrayLike<unknown> => c !== null).map((c) => c.length);
  const n = lengths[0] ?? 0;
  if (lengths.some((l) => l !== n)) throw new Error(`columns of different lengths: ${lengths.join(", ")}`);
  return Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k) => [k, columns[k] === null ? null : columns[k]![i]])));
}

/** Records as columns: `customerId` (and other text fields) as `string[]`, numbers as `Float64Array`. */
export function columnsOfRecords<R extends Record<string, unknown>>(records: readonly R[], numeric: readonly (keyof R & string)[]): Record<string, ArrayLike<unknown>> {
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const key of Object.keys(records[0] ?? {})) {
    out[key] = numeric.includes(key) ? Float64Array.from(records, (r) => r[key] as number) : records.map((r) => r[key]);
  }
  return out;
}

/** Whether no array of `result` is one of the arrays of `input` (results never share arrays with inputs). */
export function sharesNoArray(result: object, input: object): boolean {
  const given = new Set(Object.values(input));
  return Object.values(result).every((c) => c === null || typeof c !== "object" || !given.has(c));
}
