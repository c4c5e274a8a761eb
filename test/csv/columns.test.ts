// Reading the mapped columns: the sample of unreadable fields (spread over the whole file) behind the
// format advice, and rows without a customer id left out on request.
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { readTransactionColumns, SAMPLE_SIZE, SpreadSample } from "../../src/csv/columns.js";
import { readCsv } from "../../src/csv/scan.js";
import { utf8Bytes } from "../../src/csv/text.js";

describe("SpreadSample", () => {
  fcTest.prop([fc.integer({ min: 0, max: 5000 })])("keeps at most SAMPLE_SIZE values, in order, evenly spaced, from the first to near the last", (n) => {
    const sample = new SpreadSample();
    for (let i = 0; i < n; i++) sample.offer(() => String(i));
    const kept = sample.values.map(Number);
    expect(kept.length).toBeLessThanOrEqual(n);
    expect(kept.length).toBeLessThanOrEqual(SAMPLE_SIZE);
    if (n <= SAMPLE_SIZE) expect(kept).toEqual(Array.from({ length: n }, (_, i) => i));
    else {
      expect(kept.length).toBeGreaterThanOrEqual(SAMPLE_SIZE / 2);
      const step = kept[1] - kept[0];
      expect(kept.every((v, i) => v === i * step)).toBe(true);
      // the sample reaches the last stride of the stream
      expect(n - 1 - kept[kept.length - 1]).toBeLessThan(step);
    }
  });

  test("text is only made for the values kept", () => {
    const sample = new SpreadSample();
    let made = 0;
    for (let i = 0; i < 100_000; i++) sample.offer(() => String(made++));
    expect(made).toBeLessThan(2 * SAMPLE_SIZE * Math.log2(100_000 / SAMPLE_SIZE) + SAMPLE_SIZE);
  });
});

describe("readTransactionColumns", () => {
  const table = (text: string) => readCsv(utf8Bytes(text), { source: "t" });
  const mapping = { customer: "customerId", date: "date", amount: "amount" };

  test("missingCustomer drop: rows with an empty id are left out and counted, not problems, and not checked further", () => {
    const t = table("customerId,date,amount\na,2024-01-02,10\n,bad,x\n  ,2024-01-03,5\nb,2024-01-04,y\n");
    const read = readTransactionColumns(t, mapping, { dateFormat: "iso", decimalComma: false, onInvalid: "throw", missingCustomer: "drop" });
    expect([read.droppedMissingCustomer, read.invalidRows, read.invalidByCode, read.issues.map((i) => i.line)]).toEqual([2, 1, { invalid_amount: 1 }, [5]]);
    expect(Array.from(read.lines)).toEqual([2]);
  });

  test("with throw: the first maxIssues problems and issuesPerCode of each code are kept, every one counted; unreadable values are sampled", () => {
    const rows = Array.from({ length: 10 }, (_, i) => `c${i},${i % 2 ? "1/2/2024" : "2024-01-02"},${i % 3 ? "1" : "x"}`);
    const t = table(`customerId,date,amount\n${rows.join("\n")}\n,2024-01-02,1\n`);
    const read = readTransactionColumns(t, mapping, { dateFormat: "iso", decimalComma: false, onInvalid: "throw", maxIssues: 1, issuesPerCode: 2 });
    expect(read.issues.map((i) => [i.code, i.line])).toEqual([
      ["invalid_amount", 2],
      ["invalid_date", 3],
      ["invalid_date", 5],
      ["invalid_amount", 5],
      ["missing_customer_id", 12],
    ]);
    expect(read.invalidByCode).toEqual({ invalid_amount: 4, invalid_date: 5, missing_customer_id: 1 });
    expect(read.badDateSamples).toEqual(Array(5).fill("1/2/2024"));
    expect(read.badNumberSamples).toEqual(Array(4).fill("x"));
  });
});

describe("readTransactionColumns: id tables read ahead (past 65,536 distinct ids)", () => {
  test("codes and dictionaries as a Map gives them, quoted ids and repeated rows included", () => {
    const n = 150_000;
    const lines = ["customerId,date,amount,orderId"];
    const custRef = new Map<string, number>();
    const orderRef = new Map<string, number>();
    const custCodes: number[] = [];
    const orderCodes: number[] = [];
    for (let i = 0; i < n; i++) {
      // customers revisited in a scattered order, orders of one to three rows, a few quoted ids with ""
      const c = `c${(i * 7919) % 90_001}`;
      const o = i % 5000 === 0 ? `o"${i >> 1}` : `o${i >> 1}`;
      const cell = (s: string) => (s.includes('"') ? `"${s.replaceAll('"', '""')}"` : s);
      lines.push(`${cell(c)},2024-01-01,1.5,${cell(o)}`);
      if (!custRef.has(c)) custRef.set(c, custRef.size);
      if (!orderRef.has(o)) orderRef.set(o, orderRef.size);
      custCodes.push(custRef.get(c)!);
      orderCodes.push(orderRef.get(o)!);
    }
    const table = readCsv(utf8Bytes(`${lines.join("\n")}\n`));
    const out = readTransactionColumns(table, { customer: "customerId", date: "date", amount: "amount", order: "orderId" }, { dateFormat: "iso", decimalComma: false, onInvalid: "throw" });
    expect(out.columns.customerId.dictionary).toEqual([...custRef.keys()]);
    expect(out.columns.orderId!.dictionary).toEqual([...orderRef.keys()]);
    expect(Array.from(out.columns.customerId.codes)).toEqual(custCodes);
    expect(Array.from(out.columns.orderId!.codes)).toEqual(orderCodes);
  });
});
