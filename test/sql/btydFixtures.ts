// Shared fixtures of the BTYD SQL tests (btydSummarySql, btydTriplesSql): a hand-made log, the CDNOW
// sample log, and toBtydSummary on the same rows and options.
import { readFileSync } from "node:fs";
import { toBtydSummary, type ToBtydSummaryOptions } from "../../src/index.js";
import type { BtydSummarySqlOptions } from "../../src/sql/index.js";
import { fixturePath } from "../helpers/csv.js";
import type { TxRow } from "./helpers.js";

export const cols = { customerId: "customerId", date: "date", amount: "amount" };
export const tx = (customerId: string, date: string, amount: number): TxRow => ({ customerId, date, amount });

/**
 * A hand-made log (asOf 2024-03-31): same-day purchases merged, refunds after the purchases (net
 * scaling), before the first purchase (counted too), equal to the purchases (0), beyond them (0), a
 * refund-only customer (left out), a zero-amount purchase day, a first purchase on asOf (T = 0).
 */
export const BTYD_HAND: TxRow[] = [
  tx("a", "2024-01-01", 10),
  tx("a", "2024-01-01", 5),
  tx("a", "2024-01-15", 20),
  tx("a", "2024-01-29", 40),
  tx("a", "2024-02-03", -12.5), // a's refund: monetaryValue × (75 − 12.5) / 75
  tx("b", "2024-02-10", 19.99), // one purchase day: frequency 0
  tx("c", "2024-01-05", 30),
  tx("c", "2024-01-20", 30),
  tx("c", "2024-02-01", -60), // c returned everything: monetaryValue 0
  tx("d", "2023-12-20", -4.5), // d's refund before the first purchase: counts
  tx("d", "2024-01-02", 44),
  tx("d", "2024-01-09", 11.1),
  tx("d", "2024-03-30", 2.2),
  tx("e", "2024-02-01", 5),
  tx("e", "2024-02-08", 5),
  tx("e", "2024-02-09", -25), // refunds beyond purchases: 0
  tx("f", "2024-01-15", -3), // refund only: left out
  tx("g", "2024-03-31", 25), // first purchase on asOf: T = 0
  tx("h", "2024-01-03", 0),
  tx("h", "2024-01-10", 0), // zero-amount purchase days
  tx("h", "2024-02-10", 7.77),
];
export const BTYD_HAND_ASOF = "2024-03-31";


/** toBtydSummary on the same rows and options. */
export function btydLibrary(rows: readonly TxRow[], opts: Partial<BtydSummarySqlOptions>, asOf: string) {
  const { dialect: _d, table: _t, columns: _c, inline: _i, amountScale: _s, byMonetaryValue: _b, ...rest } = opts as BtydSummarySqlOptions & { byMonetaryValue?: boolean };
  return toBtydSummary(rows as object[], { fields: cols, ...rest, asOf } as ToBtydSummaryOptions).customers;
}

/** The CDNOW sample log (lifetimes' 1/10 sample: 6,919 purchases of 2,357 customers, 1997-01 to 1998-06). */
export function cdnowRows(): TxRow[] {
  return readFileSync(fixturePath("clv/CDNOW_sample.txt"), "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) => {
      const [, id, day, , amount] = l.trim().split(/\s+/);
      return { customerId: String(Number(id)), date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`, amount: Number(amount) };
    });
}
export const CDNOW_ASOF = "1998-06-30";
