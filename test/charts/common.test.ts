// The chart helpers shared by every chart (src/charts/common.ts): host-independent number texts, log
// ticks, and the deterministic sample by id hash.
import { describe, expect, test } from "vitest";
import { fnv1a, groupThousands, logTickValues, numberText, percentText, sampleIndices, tableOf } from "../../src/charts/common.js";

describe("chart helpers", () => {
  test("number texts do not depend on the host locale", () => {
    expect(groupThousands(23570)).toBe("23,570");
    expect(groupThousands(-1234567.6)).toBe("-1,234,568");
    expect(percentText(0.12345)).toBe("12.3%");
    expect(percentText(null)).toBe("–");
    expect(numberText(1234.5678)).toBe("1,234.57");
    expect(numberText(-0.000123456789)).toBe("-0.000123457");
  });

  test("log ticks: 1-2-5 over up to three decades, powers of ten beyond, symlog mirrors and adds 0", () => {
    expect(logTickValues(3, 400, false)).toEqual([5, 10, 20, 50, 100, 200]);
    expect(logTickValues(1, 1e6, false)).toEqual([1, 10, 100, 1000, 10000, 100000, 1000000]);
    expect(logTickValues(-50, 2000, true)).toEqual([-10, -1, 0, 1, 10, 100, 1000]);
    expect(logTickValues(-50, 200, true)).toEqual([-50, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 50, 100, 200]);
    expect(logTickValues(2, 3, false)).toBeNull();
  });

  test("the sample by id hash keeps the smallest hashes, in input order, whatever the order of the rows", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `customer-${i}`);
    const kept = [...sampleIndices(ids, 50)].map((i) => ids[i]);
    expect(kept).toHaveLength(50);
    const cutoff = Math.max(...kept.map(fnv1a));
    expect(ids.filter((id) => fnv1a(id) <= cutoff).sort()).toEqual([...kept].sort());
    const reversed = [...ids].reverse();
    expect([...sampleIndices(reversed, 50)].map((i) => reversed[i]).sort()).toEqual([...kept].sort());
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
  });

  test("tables are read from an array or from a result's key, the first key found winning", () => {
    const rows = [{ a: 1 }];
    expect(tableOf("f", rows, [["x"]], "rows")).toEqual({ rows, path: [] });
    expect(tableOf("f", { meta: { x: rows } }, [["x"], ["meta", "x"]], "rows")).toEqual({ rows, path: ["meta", "x"] });
    expect(tableOf("f", { x: rows, meta: { x: [] } }, [["x"], ["meta", "x"]], "rows").path).toEqual(["x"]);
    expect(() => tableOf("f", { y: rows }, [["x"], ["meta", "x"]], "rows")).toThrow(new TypeError("f: expected rows (an array, or a result object with `x` or `meta.x`), got an object"));
  });

});
