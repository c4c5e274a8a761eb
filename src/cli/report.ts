/** What reading left out: notes for stderr and the `input` block of `--meta`. Nothing is dropped silently. */
import type { InputReport } from "../input/index.js";
import type { ReadSettings } from "./command.js";
import { dateAdviceFor, numberAdviceFor } from "./advice.js";
import { fmtCount, percent } from "./counts.js";
import type { CsvTransactions } from "./transactions.js";

/** Rows left out by the CSV reader and by the library, by issue code. */
function invalidByCode(csv: CsvTransactions, report: InputReport): Record<string, number> {
  const byCode: Record<string, number> = { ...csv.invalidByCode };
  for (const [code, count] of Object.entries(report.invalidByCode)) byCode[code] = (byCode[code] ?? 0) + (count ?? 0);
  return byCode;
}

/** What reading left out, for stderr: one line (null when nothing) and warnings. */
export interface LeftOut {
  line: string | null;
  warnings: string[];
}

/** A policy leaving out more than this share of the rows is warned about. */
export const WARN_SHARE = 0.1;

/** What to check when many rows have one kind of problem. */
const CHECK: Partial<Record<string, string>> = {
  invalid_date: "check --date-format and --date",
  implausible_date: "check --date-format and placeholder dates such as 0001-01-01; --date-range FROM..TO allows other dates",
  invalid_amount: "check --decimal-comma and the amount column(s)",
};

/**
 * The one line counting the rows each policy left out (bad rows with --on-invalid skip/collect, rows
 * without a customer id with --drop-missing-customer, rows after --as-of with --after-as-of ignore,
 * refunds with --refunds exclude) and the customers left out (only refunds), and a warning for each
 * policy that left out more than 10% of the rows read (with the likelier --date-format when most
 * dates could not be read).
 */
export function leftOut(csv: CsvTransactions, report: InputReport, withoutPurchases: number, read: Pick<ReadSettings, "onInvalid"> & Partial<Pick<ReadSettings, "dateFormat" | "decimalComma" | "thousands">>): LeftOut {
  const rows = csv.rowsRead;
  const invalid = csv.invalidRows + report.invalidRows;
  const byCode = Object.entries(invalidByCode(csv, report)).sort((a, b) => b[1] - a[1]);
  const codes = byCode.map(([code, count]) => `${code} ${fmtCount(count)}`).join(", ");
  const policies: { count: number; what: string; flag: string; check?: string }[] = [
    { count: invalid, what: `with problems (${codes})`, flag: `--on-invalid ${read.onInvalid}`, check: byCode.length > 0 ? checkFor(byCode[0][0], csv, read) : undefined },
    { count: csv.droppedMissingCustomer ?? 0, what: "without a customer id", flag: "--drop-missing-customer" },
    { count: report.ignoredAfterAsOf, what: "dated after --as-of", flag: "--after-as-of ignore", check: "check --as-of and the day/month order of --date-format" },
    { count: report.excludedRefunds, what: "refunds", flag: "--refunds exclude" },
  ].filter((p) => p.count > 0);
  const total = policies.reduce((sum, p) => sum + p.count, 0);
  const parts: string[] = [];
  if (total > 0) parts.push(`left out ${fmtCount(total)} of ${fmtCount(rows)} rows: ${policies.map((p) => `${fmtCount(p.count)} ${p.what} by ${p.flag}`).join("; ")}`);
  if (withoutPurchases > 0) parts.push(`${fmtCount(withoutPurchases)} customer${withoutPurchases === 1 ? " has" : "s have"} only refunds (no purchase) and ${withoutPurchases === 1 ? "is" : "are"} not in the output`);
  const warnings = policies
    .filter((p) => rows > 0 && p.count / rows > WARN_SHARE)
    .map((p) => `${p.flag} left out ${percent(p.count / rows)} of the rows (${fmtCount(p.count)} of ${fmtCount(rows)})${p.check ? `: ${p.check}` : ""}`);
  return { line: parts.length > 0 ? parts.join("; ") : null, warnings };
}

/**
 * What to check when most rows left out have one kind of problem: the likelier --date-format, or
 * number flags, when most rows' dates or numbers could not be read and a sample tells which.
 */
function checkFor(code: string, csv: CsvTransactions, read: Partial<Pick<ReadSettings, "dateFormat" | "decimalComma" | "thousands">>): string | undefined {
  let advice: string | undefined;
  if (code === "invalid_date" && read.dateFormat !== undefined) advice = dateAdviceFor(csv, read.dateFormat);
  if (code === "invalid_amount") advice = numberAdviceFor(csv, { decimalComma: read.decimalComma ?? false, thousands: read.thousands });
  return advice ?? CHECK[code];
}

/** What was read and left out, for `--meta`. */
export function inputReport(csv: CsvTransactions, report: InputReport) {
  return {
    rowsRead: csv.rowsRead,
    rowsUsed: report.rowsUsed,
    invalidRows: csv.invalidRows + report.invalidRows,
    droppedMissingCustomer: csv.droppedMissingCustomer ?? 0,
    invalidByCode: invalidByCode(csv, report),
    ignoredAfterAsOf: report.ignoredAfterAsOf,
    excludedRefunds: report.excludedRefunds,
  };
}
