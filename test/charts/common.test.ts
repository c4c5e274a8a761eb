// The chart helpers shared by every chart (src/charts/common.ts): host-independent number texts, log
// ticks, and the deterministic sample by id hash.
import { describe, expect, test } from "vitest";

type Any = any;
import { chooseAxisScale, fixedText, fnv1a, groupThousands, logTickValues, numberText, percentText, sameDecimals, sampleIndices, tableOf, valueAxis } from "../../src/charts/common.js";

/** n values whose logarithms are evenly spread over `decades` decades from `from` (a skewed, log-uniform set). */
const logUniform = (n: number, from: number, decades: number) => Array.from({ length: n }, (_, i) => from * 10 ** ((decades * i) / (n - 1)));

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

  test("the scale rule: linear for symmetric data, log for skewed positive data, symlog for zeros and negatives", () => {
    // symmetric: 1 … 100 evenly: q99 / median ≈ 1.96
    const even = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(chooseAxisScale(even)).toEqual({ type: "linear", constant: 1, strip: false, skew: 99 / 50, nonPositiveShare: 0 });
    // an exponential-like spread (recency) stays linear: q99 / median < 10
    expect(chooseAxisScale(Array.from({ length: 1000 }, (_, i) => -Math.log(1 - (i + 0.5) / 1000))).type).toBe("linear");
    // skewed: four decades from 1
    const skewed = logUniform(101, 1, 4);
    const choice = chooseAxisScale(skewed);
    expect(choice.type).toBe("log");
    expect(choice.skew).toBeCloseTo(10 ** 1.96, 6);
    // one whale among even values: max ≥ 100 × median
    expect(chooseAxisScale([...even, 1e5]).type).toBe("log");
    // zeros: symlog, its constant the power of ten at or below the 5th percentile of the positive values
    const withZeros = [0, 0, ...logUniform(100, 3, 4)];
    expect(chooseAxisScale(withZeros)).toMatchObject({ type: "symlog", constant: 1, strip: false, nonPositiveShare: 2 / 102 });
    expect(chooseAxisScale([0, ...logUniform(100, 40, 4)]).constant).toBe(10);
    // a long low tail of positive values (a CLV of 1e-13): symlog too
    expect(chooseAxisScale([1e-13, ...logUniform(200, 1, 4)]).type).toBe("symlog");
    // few negatives (≤ 2%) go to a strip; many are mirrored; a negative threshold or mean keeps them mirrored
    expect(chooseAxisScale([-500, ...logUniform(100, 1, 4)])).toMatchObject({ type: "symlog", strip: true });
    expect(chooseAxisScale([...logUniform(10, -1000, 0).map((v) => v - 2000), ...logUniform(100, 1, 4)])).toMatchObject({ type: "symlog", strip: false });
    expect(chooseAxisScale([-500, ...logUniform(100, 1, 4)], [-3])).toMatchObject({ type: "symlog", strip: false });
    // a positive-only skewed axis whose threshold is 0 is not log
    expect(chooseAxisScale(skewed, [0]).type).toBe("symlog");
    expect(chooseAxisScale([]).type).toBe("linear");
    expect(chooseAxisScale([5]).type).toBe("linear");
  });

  test("value axes: the domain holds every value, padded; log axes named in the title, in both languages", () => {
    const skewed = logUniform(101, 1, 4);
    const log = valueAxis("f", "xScale", "auto", { values: skewed, lo: 1, hi: 1e4 }, "Purchases", "en", "x");
    expect(log).toMatchObject({ type: "log", strip: null, title: "Purchases (log scale)", scale: { type: "log", domain: [1, 1e4], padding: 10 } });
    expect(valueAxis("f", "xScale", "auto", { values: skewed, lo: 1, hi: 1e4 }, "购买次数", "zh", "x").title).toBe("购买次数（对数刻度）");
    const linear = valueAxis("f", "xScale", "auto", { values: [3, 5, 8], lo: 3, hi: 8 }, "Days", "en", "x");
    expect(linear).toMatchObject({ type: "linear", title: "Days", scale: { domain: [0, 8], padding: 10, nice: false } });
    // a strip for the few negatives: below 0, below every tick, labelled "< 0"
    const values = [-500, ...skewed];
    const strip = valueAxis("f", "yScale", "auto", { values, lo: -500, hi: 1e4 }, "Revenue", "en", "y");
    expect(strip.type).toBe("symlog");
    expect(strip.strip).toBeLessThan(0);
    expect(strip.title).toBe("Revenue (symlog scale; negatives at the bottom)");
    expect((strip.scale as Any).domain).toEqual([strip.strip, 1e4]);
    expect((strip.axis as Any).values[0]).toBe(strip.strip);
    expect((strip.axis as Any).labelExpr).toMatch(/^datum\.value < 0 \? '< 0' : /);
    // the strip takes 6% of the positive side: f(strip) = -0.06 f(hi), f(x) = log1p(|x|)
    expect(Math.log1p(-strip.strip!) / Math.log1p(1e4)).toBeCloseTo(0.06, 12);
    // explicit scales as before; log over values ≤ 0 is refused
    expect(() => valueAxis("f", "xScale", "log", { values, lo: -500, hi: 1e4 }, "Revenue", "en", "x")).toThrow(new RangeError('f: xScale "log" needs positive values, but the smallest is -500; use "symlog"'));
    expect(valueAxis("f", "xScale", "symlog", { values, lo: -500, hi: 1e4 }, "Revenue", "en", "x")).toMatchObject({ strip: null, scale: { domain: [-500, 1e4] } });
    // one value: a domain around it, never ±Infinity
    expect((valueAxis("f", "x", "linear", { values: [-1.7e308], lo: -1.7e308, hi: -1.7e308 }, "t", "en", "x").scale as Any).domain).toEqual([-Number.MAX_VALUE, -0.85e308]);
  });

  test("subtitle numbers of one kind share their decimals", () => {
    expect(sameDecimals([106.08, 33.0777])).toEqual(["106.08", "33.08"]);
    expect(sameDecimals([450, 570])).toEqual(["450", "570"]);
    expect(sameDecimals([1915.3, 1908.49])).toEqual(["1,915.30", "1,908.49"]);
    expect(sameDecimals([0.0123456, 5])).toEqual(["0.0123", "5.0000"]);
    expect(fixedText(-0.001, 2)).toBe("0.00");
    expect(fixedText(-1234567.891, 1)).toBe("-1,234,567.9");
  });
});
