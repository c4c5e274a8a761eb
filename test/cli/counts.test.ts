import { expect, test } from "vitest";
import { fmtCount, moneyText, percent } from "../../src/cli/counts.js";
import { formatMoney } from "../../src/report/html.js";

test("moneyText: cents, half away from zero on the written decimal, grouped thousands, never -0.00; as the HTML report", () => {
  expect(moneyText(1234567.885)).toBe("1,234,567.89");
  expect(moneyText(1.005)).toBe("1.01");
  expect(moneyText(-0.001)).toBe("0.00");
  expect(moneyText(-1234.5)).toBe("-1,234.50");
  expect(moneyText(0)).toBe("0.00");
  const huge = moneyText(1e308);
  expect(huge).toMatch(/^\d{1,3}(,\d{3})+\.00$/);
  expect(huge.replace(/,/g, "")).toBe(`1${"0".repeat(308)}.00`);
  for (const x of [0.125, 99.995, -7.5e-3, 5e15 + 0.5, 123456789.123]) expect(moneyText(x)).toBe(formatMoney(x));
});

test("fmtCount and percent", () => {
  expect(fmtCount(135080)).toBe("135,080");
  expect(fmtCount(999)).toBe("999");
  expect(percent(0.249)).toBe("24.9%");
  expect(percent(0.9999)).toBe("99.9%");
});
