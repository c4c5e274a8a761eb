import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { columnClass, displayWidth, groupThousands, isWide, percentDigits, percentText, roundHalfAway, toFixedHalfAway } from "../../src/internal/format.js";

describe("columnClass", () => {
  test("listed columns, then share words, measure last words, money words", () => {
    expect(columnClass("monetary")).toBe("money");
    expect(columnClass("current")).toBe("money");
    expect(columnClass("churnRate")).toBe("share");
    expect(columnClass("meanRecencyDays")).toBe("measure");
    expect(columnClass("valueAtRisk")).toBe("money");
    expect(columnClass("expectedSpend")).toBe("money");
    expect(columnClass("monetaryValue")).toBe("money");
    expect(columnClass("revenue_share")).toBe("share");
    expect(columnClass("amountTrend")).toBe("measure");
    expect(columnClass("orderCount")).toBe("measure");
    expect(columnClass("customers")).toBe("measure");
  });
});

describe("toFixedHalfAway", () => {
  test("half away from zero on the shortest decimal, where toFixed rounds the double", () => {
    expect((1.005).toFixed(2)).toBe("1.00");
    expect(toFixedHalfAway(1.005, 2)).toBe("1.01");
    expect(toFixedHalfAway(2.675, 2)).toBe("2.68");
    expect(toFixedHalfAway(-1.005, 2)).toBe("-1.01");
    expect(toFixedHalfAway(9.995, 2)).toBe("10.00");
    expect(toFixedHalfAway(-0.004, 2)).toBe("0.00");
    expect(toFixedHalfAway(1e-7, 3)).toBe("0.000");
    expect(toFixedHalfAway(1.5e21, 0)).toBe("1500000000000000000000");
  });
  test("refuses non-finite numbers and bad decimals", () => {
    expect(() => toFixedHalfAway(Number.NaN, 2)).toThrow(new RangeError("toFixedHalfAway: expected a finite number, got NaN"));
    expect(() => toFixedHalfAway(1, -1)).toThrow(/^toFixedHalfAway: decimals/);
  });
  test("roundHalfAway is the number of toFixedHalfAway's text", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 8 }), (x, d) => {
        expect(roundHalfAway(x, d)).toBe(Number(toFixedHalfAway(x, d)) || 0);
      }),
    );
  });
});

describe("percentages", () => {
  test("percentDigits moves the decimal point of the rounded share: no × 100 error", () => {
    expect(Math.round(0.5005 * 1000) / 10).toBe(50); // 0.5005 * 1000 is 500.49999999999994
    expect(percentDigits(0.5005, 1)).toBe("50.1");
    expect(percentDigits(0.0125, 1)).toBe("1.3");
    expect(percentDigits(0.249)).toBe("24.9");
    expect(percentDigits(-0.0125, 1)).toBe("-1.3");
    expect(percentDigits(-0.0001, 1)).toBe("0.0");
    expect(percentDigits(12.5, 0)).toBe("1250");
    expect(percentDigits(0.123456, 2)).toBe("12.35");
  });
  test("percentDigits of a share n / 10^(d+2) is the percentage n / 10^d, exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 3 }), (n, d) => {
        expect(percentDigits(n / 10 ** (d + 2), d)).toBe(toFixedHalfAway(n / 10 ** d, d));
      }),
    );
  });
  test("percentText: never 0.0% or 100.0% for a share strictly between 0 and 1", () => {
    expect(percentText(0.249)).toBe("24.9%");
    expect(percentText(0.00001)).toBe("0.1%");
    expect(percentText(-0.00001)).toBe("-0.1%");
    expect(percentText(0.99999)).toBe("99.9%");
    expect(percentText(0.99999, 2)).toBe("99.99%");
    expect(percentText(0.99999, 0)).toBe("99%");
    expect(percentText(1)).toBe("100.0%");
    expect(percentText(0)).toBe("0.0%");
    expect(() => percentText(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

test("groupThousands groups the integer part only", () => {
  expect(groupThousands("1234567.891")).toBe("1,234,567.891");
  expect(groupThousands("-1234")).toBe("-1,234");
  expect(groupThousands("999")).toBe("999");
});

test("displayWidth counts East Asian wide characters twice", () => {
  expect(displayWidth("abc")).toBe(3);
  expect(displayWidth("重要价值客户")).toBe(12);
  expect(displayWidth("ＡＢ")).toBe(4);
  expect(displayWidth("한글")).toBe(4);
  expect([0x10ff, 0x1100, 0x4e00, 0xff01, 0xff61].map(isWide)).toEqual([false, true, true, true, false]);
});
