// The report tests' data: the bundled Online Retail II orders (262 customers, refunds, 2009-12 …
// 2011-12-09, so December 2011 is a partial month), read as a user would, plus customers whose ids are
// HTML. Committed data only: CI's clone has no ../shared/data.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readTransactionsCsv, type TransactionsCsv } from "../../src/csv/index.js";

export const RETAIL_AS_OF = "2011-12-09";
export const CDNOW_AS_OF = "1998-06-30";

/** Customer ids that would be markup if a report wrote them unescaped. */
export const HOSTILE_IDS = ['<script>alert("id")</script>', `"><img src=x onerror=alert(1)>`, "Tom & Jerry's </style>"];

const orders = fileURLToPath(new URL("../../examples/data/online_retail_orders.csv", import.meta.url));

/** The orders file with three extra customers whose ids are markup (each buys twice). */
export function retailCsvText(): string {
  const text = readFileSync(orders, "utf8").trimEnd();
  const extra = HOSTILE_IDS.flatMap((id, i) => [
    `X${i}a,2011-03-0${i + 1},"${id.replace(/"/g, '""')}",United Kingdom,${120 + i}.50`,
    `X${i}b,2011-10-1${i},"${id.replace(/"/g, '""')}",United Kingdom,${80 + i}.25`,
  ]);
  return `${text}\n${extra.join("\n")}\n`;
}

/** The orders (with the hostile customers) as the CSV reader returns them. */
export async function readRetail(): Promise<TransactionsCsv> {
  return readTransactionsCsv({ text: retailCsvText() }, { columns: { customerId: "customer_id", date: "date", amount: "amount", orderId: "invoice" }, name: "online_retail_orders.csv" });
}

/** The CDNOW log (23,570 customers, 1997-01 … 1998-06). */
export async function readCdnow(): Promise<TransactionsCsv> {
  const file = fileURLToPath(new URL("../../examples/data/CDNOW_master.txt.gz", import.meta.url));
  return readTransactionsCsv(file, { delimiter: "whitespace", dateFormat: "ymd", columns: { customerId: "customer_id", date: "date", amount: "dollar_value" }, name: "CDNOW_master.txt.gz" });
}
