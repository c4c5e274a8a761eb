// The transaction reader: structured issues (path, row, field, customer), the shared id and
// missing-field rules, throwing accessors, and what it returns.
import { inputErrorOf } from "../helpers/errors.js";
import { describe, expect, expectTypeOf, test } from "vitest";
import { normalizeTransactions, type NormalizedTransactions, type TransactionReadOptions } from "../../src/input/index.js";

const asOf = "2024-12-31";
const errorOf = inputErrorOf;

describe("normalizeTransactions", () => {
  test("rows become columns of epoch days and amounts, in input order, with customers interned", () => {
    const out = normalizeTransactions(
      [
        { customerId: "a", date: "2024-01-02", amount: 10 },
        { customerId: "b", date: "2024-01-03", amount: 5 },
        { customerId: "a", date: "2024-02-01", amount: -2 },
      ],
      { asOf },
    );
    expect(out.customerIds).toEqual(["a", "b"]);
    expect(Array.from(out.customer)).toEqual([0, 1, 0]);
    expect(Array.from(out.amount)).toEqual([10, 5, -2]);
    expect(out.input.rowsUsed).toBe(3);
  });

  test("each issue carries path, row, field and, once the id is known, the customer", () => {
    const rows = [
      { customerId: "a", date: "2024-01-02", amount: 1 },
      { customerId: "", date: "2024-01-02", amount: 1 },
      { customerId: "c", date: "2024-02-30", amount: 1 },
      { customerId: "d", date: "2024-01-02", amount: "12,5" },
    ];
    const collected = normalizeTransactions(rows, { asOf, onInvalid: "collect" }).input.issues;
    expect(collected).toEqual([
      { code: "missing_customer_id", path: ["rows", 1, "customerId"], row: 1, field: "customerId", message: 'expected a non-empty customer id (string or finite number), got ""' },
      { code: "invalid_date", path: ["rows", 2, "date"], row: 2, field: "date", customerId: "c", message: 'expected a real calendar date, got "2024-02-30"' },
      { code: "invalid_amount", path: ["rows", 3, "amount"], row: 3, field: "amount", customerId: "d", message: 'expected a finite number, got "12,5"' },
    ]);
  });

  test("fields are named as the caller maps them; columns name field then row", () => {
    const mapped = errorOf(() => normalizeTransactions([{ id: "a", day: "x", amt: 1 }], { asOf, fields: { customerId: "id", date: "day", amount: "amt" } }));
    expect(mapped.issues[0]).toMatchObject({ path: ["rows", 0, "day"], field: "day", row: 0, customerId: "a" });
    const columns = errorOf(() => normalizeTransactions({ customerId: ["a", "b"], date: ["2024-01-01", "nope"], amount: [1, 2] }, { asOf }));
    expect(columns.issues[0]).toMatchObject({ path: ["columns", "date", 1], field: "date", row: 1, customerId: "b" });
  });

  test("a mapping to an inherited name is a missing field, once", () => {
    const error = errorOf(() => normalizeTransactions([{ customerId: "a", date: "2024-01-01", amount: 1 }], { asOf, fields: { customerId: "customerId", date: "date", amount: "constructor" } }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ code: "missing_field", path: ["fields", "amount"] });
  });

  test("a throwing accessor is unreadable_field for that row; collect goes on with the others", () => {
    const rows = [
      { customerId: "a", date: "2024-01-02", qty: 2 },
      { customerId: "b", date: "2024-01-02", qty: -1 },
      { customerId: "c", date: "2024-01-02", qty: 3 },
    ];
    const amount = (r: { qty: number }) => {
      if (r.qty < 0) throw new RangeError("negative quantity");
      return r.qty * 10;
    };
    const out = normalizeTransactions(rows, { asOf, onInvalid: "collect", fields: { customerId: "customerId", date: "date", amount } });
    expect(out.input.issues).toEqual([
      { code: "unreadable_field", path: ["rows", 1, "amount"], row: 1, field: "amount", customerId: "b", message: "reading the field threw: negative quantity" },
    ]);
    expect(out.customerIds).toEqual(["a", "c"]);
    expect(() => normalizeTransactions(rows, { asOf, fields: { customerId: "customerId", date: "date", amount } })).toThrow(/rows\[1\]\.amount: reading the field threw: negative quantity \(customer "b"\)/);
  });

  test("an error inside the library is not mistaken for the caller's data", () => {
    const rows = [{ customerId: "a", date: "2024-01-02", amount: 1 }];
    const error = errorOf(() => normalizeTransactions(rows, { asOf: "2023-01-01" }));
    expect(error.code).toBe("date_after_as_of");
  });

  test("the one id rule: numbers are their decimal text, blank strings are missing, strings kept untrimmed", () => {
    const out = normalizeTransactions(
      [
        { customerId: 7, date: "2024-01-02", amount: 1 },
        { customerId: "7", date: "2024-01-03", amount: 1 },
        { customerId: " 7", date: "2024-01-03", amount: 1 },
      ],
      { asOf },
    );
    expect(out.customerIds).toEqual(["7", " 7"]);
  });

  test("unknown options are refused, naming the key", () => {
    expect(() => normalizeTransactions([], { asOf, refund: "net" } as never)).toThrow(/^normalizeTransactions: options: unknown option "refund"/);
  });

  test("types", () => {
    expectTypeOf<Parameters<typeof normalizeTransactions<{ id: string }>>[1]>().toEqualTypeOf<TransactionReadOptions<{ id: string }>>();
    expectTypeOf(normalizeTransactions).returns.toEqualTypeOf<NormalizedTransactions>();
  });
});
