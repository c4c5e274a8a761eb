/** What reading left out: notes for stderr and the `input` block of `--meta`. Nothing is dropped silently. */
import type { InputReport } from "../input/index.js";
import type { CsvTransactions } from "./transactions.js";

/** 135080 → "135,080" (without Intl, which costs a noticeable start-up on first use). */
export const fmtCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** Rows left out by the CSV reader and by the library, by issue code. */
function invalidByCode(csv: CsvTransactions, report: InputReport): Record<string, number> {
  const byCode: Record<string, number> = { ...csv.invalidByCode };
  for (const [code, count] of Object.entries(report.invalidByCode)) byCode[code] = (byCode[code] ?? 0) + (count ?? 0);
  return byCode;
}

/** Notes on stderr about rows and customers left out. */
export function inputNotes(csv: CsvTransactions, report: InputReport, withoutPurchases: number): string[] {
  const notes: string[] = [];
  const invalid = csv.invalidRows + report.invalidRows;
  if (invalid > 0) {
    const codes = Object.entries(invalidByCode(csv, report))
      .map(([code, count]) => `${code} ${fmtCount(count)}`)
      .join(", ");
    notes.push(`left out ${fmtCount(invalid)} of ${fmtCount(csv.rowsRead)} rows with problems (${codes})`);
  }
  if (report.ignoredAfterAsOf > 0) notes.push(`left out ${fmtCount(report.ignoredAfterAsOf)} rows dated after --as-of (--after-as-of ignore)`);
  if (report.excludedRefunds > 0) notes.push(`left out ${fmtCount(report.excludedRefunds)} refund rows (--refunds exclude)`);
  if (withoutPurchases > 0) notes.push(`${fmtCount(withoutPurchases)} customers have only refunds (no purchase) and are not in the output`);
  return notes;
}

/** What was read and left out, for `--meta`. */
export function inputReport(csv: CsvTransactions, report: InputReport) {
  return {
    rowsRead: csv.rowsRead,
    rowsUsed: report.rowsUsed,
    invalidRows: csv.invalidRows + report.invalidRows,
    invalidByCode: invalidByCode(csv, report),
    ignoredAfterAsOf: report.ignoredAfterAsOf,
    excludedRefunds: report.excludedRefunds,
  };
}
