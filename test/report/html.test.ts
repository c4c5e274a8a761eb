// The report's escaping and number formats (src/report/html.ts, internal to renderReport).
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { escapeHtml, formatCount, formatMoney, formatNumber, formatShare, scriptJson, table } from "../../src/report/html.js";

const unescape = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e]!);

describe("escapeHtml", () => {
  test.prop([fc.string({ unit: "binary" })])("escaped text has no markup character and unescapes to itself", (s) => {
    const e = escapeHtml(s);
    expect(e).not.toMatch(/[<>"']/);
    expect(unescape(e)).toBe(s);
  });
});

describe("scriptJson", () => {
  test.prop([fc.jsonValue()])("JSON inside a script element parses back and cannot close it", (v) => {
    const text = scriptJson(v);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
  });
  test.prop([fc.string()])("strings with </script> and <!-- stay inside", (s) => {
    const text = scriptJson({ id: `</script><!--${s}` });
    expect(text.toLowerCase()).not.toContain("</script");
    expect(text).not.toContain("<!--");
  });
});

describe("number formats", () => {
  test("money: two decimals, grouped thousands, no negative zero", () => {
    expect(formatMoney(8911407.904)).toBe("8,911,407.90");
    expect(formatMoney(-611342.09)).toBe("-611,342.09");
    expect(formatMoney(-0.001)).toBe("0.00");
    expect(formatMoney(0)).toBe("0.00");
    expect(formatMoney(999.995)).toBe("1,000.00");
    // halves of the written decimal round away from zero (toFixed gives 1.00, 2.67 and -1.00)
    expect(formatMoney(1.005)).toBe("1.01");
    expect(formatMoney(2.675)).toBe("2.68");
    expect(formatMoney(-1.005)).toBe("-1.01");
  });
  test("shares: one decimal, never 0.0% or 100.0% for a share strictly between, a dash for null", () => {
    expect(formatShare(0.249)).toBe("24.9%");
    expect(formatShare(0.00001)).toBe("0.1%");
    expect(formatShare(0.99999)).toBe("99.9%");
    expect(formatShare(1)).toBe("100.0%");
    expect(formatShare(0)).toBe("0.0%");
    expect(formatShare(-0.2)).toBe("-20.0%");
    expect(formatShare(-0.00001)).toBe("-0.1%");
    expect(formatShare(null)).toBe("–");
    // the share's own decimal, not share × 1000 (0.5005 * 1000 is 500.49999999999994: Math.round gave 50.0%)
    expect(formatShare(0.5005)).toBe("50.1%");
    expect(formatShare(0.0125)).toBe("1.3%");
    expect(formatShare(0.1235)).toBe("12.4%");
    expect(formatShare(-0.0125)).toBe("-1.3%");
  });
  test("counts and numbers", () => {
    expect(formatCount(135080)).toBe("135,080");
    expect(formatCount(-1234)).toBe("-1,234");
    expect(formatNumber(1234.56, 1)).toBe("1,234.6");
    expect(formatNumber(1.25, 1)).toBe("1.3");
    expect(formatNumber(-0.04, 1)).toBe("0.0");
    expect(formatNumber(92.04, 0)).toBe("92");
    expect(formatNumber(-0.04, 1)).toBe("0.0");
  });
  test.prop([fc.double({ min: -1e12, max: 1e12, noNaN: true })])("money always reads as grouped digits with two decimals", (x) => {
    expect(formatMoney(x)).toMatch(/^-?\d{1,3}(,\d{3})*\.\d\d$/);
    expect(Math.abs(Number(formatMoney(x).replace(/,/g, "")) - x)).toBeLessThanOrEqual(0.005 + Math.abs(x) * 1e-15);
  });
});

describe("table", () => {
  test("text cells are escaped, numeric columns right-aligned, rows marked", () => {
    const html = table(["id", "n"], [["<b>", "1"], ["a&b", "2"]], [1], "t", (i) => (i === 1 ? "partial" : undefined)).html;
    expect(html).toContain('<table class="t">');
    expect(html).toContain('<tr><td>&lt;b&gt;</td><td class="num">1</td></tr>');
    expect(html).toContain('<tr class="partial"><td>a&amp;b</td><td class="num">2</td></tr>');
    expect(html).toContain('<th class="num">n</th>');
  });
});
