import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { cohortRetention, periodIndicators } from "../../src/churn/index.js";
import { clusterCustomers } from "../../src/cluster/index.js";
import { CLASSIC_SEGMENTS, scoreRfm, segmentRfm } from "../../src/rfm/index.js";
import { summarizeTransactions } from "../../src/summary/index.js";
import { CLV_QUADRANTS, classifyAbc, clvQuadrants, formulaClv, historicalClv, tierPyramid } from "../../src/value/index.js";
import { readCsv, tableRows } from "../../src/cli/csv.js";
import { cli, lines, tempFiles } from "./helpers.js";

// A small, deterministic transaction log: 14 customers, several orders each, order lines sharing an invoice.
interface Row {
  customer: string;
  date: string;
  invoice: string;
  qty: number;
  price: number;
  amount: number;
}
function makeRows(): Row[] {
  const out: Row[] = [];
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let invoice = 1000;
  for (let c = 0; c < 14; c++) {
    const orders = 1 + Math.floor(rand() * (c % 4 === 0 ? 9 : 3));
    for (let o = 0; o < orders; o++) {
      const month = 1 + Math.floor(rand() * 11);
      const day = 1 + Math.floor(rand() * 28);
      const date = `2023-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      invoice++;
      const linesPerOrder = 1 + Math.floor(rand() * 3);
      for (let l = 0; l < linesPerOrder; l++) {
        const qty = 1 + Math.floor(rand() * 5);
        const price = Math.round(rand() * 4000) / 100 + (c % 5 === 1 ? 60 : 0);
        out.push({ customer: `C${String(c).padStart(2, "0")}`, date, invoice: `INV-${invoice}`, qty, price, amount: qty * price });
      }
    }
  }
  return out;
}
const ROWS = makeRows();
const AS_OF = "2023-12-31";
const CSV = `customer,date,invoice,qty,price,amount,note\n${ROWS.map((r) => `${r.customer},${r.date},${r.invoice},${r.qty},${r.price},${r.amount},"line, with ""quotes"""`).join("\n")}\n`;
const DIR = tempFiles({ "orders.csv": CSV, "orders.csv.gz": gzipSync(Buffer.from(CSV)) });
const FILE = join(DIR, "orders.csv");
const MAP = ["--customer", "customer", "--date", "date", "--order", "invoice", "--amount", "amount", "--as-of", AS_OF];
const FIELDS = { customerId: "customer", date: "date", amount: "amount", orderId: "invoice" } as const;
const customers = summarizeTransactions(ROWS, { asOf: AS_OF, fields: FIELDS }).customers;

/** CSV output → records of strings. */
function parseOut(text: string): Record<string, string>[] {
  const t = readCsv(text);
  return tableRows(t).map((r) => Object.fromEntries(t.header.map((h, i) => [h, r[i]])));
}
/** A library record as the CSV writer prints it. */
function asCsvStrings(r: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? "" : String(v)]));
}

describe("commands agree with the library called directly", () => {
  test("summary (csv)", async () => {
    const r = await cli(["summary", FILE, ...MAP]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(parseOut(r.stdout)).toEqual(customers.map((c) => asCsvStrings({ ...c })));
    expect(lines(r.stdout)[0]).toBe("customerId,firstPurchase,lastPurchase,recencyDays,frequency,monetary,tenureDays,averageOrderValue");
  });

  test("summary from quantity × price, from gzip and from stdin", async () => {
    const qp = ["--customer", "customer", "--date", "date", "--order", "invoice", "--quantity", "qty", "--price", "price", "--as-of", AS_OF, "--format", "json"];
    const fromFile = await cli(["summary", FILE, ...qp]);
    const expected = summarizeTransactions(ROWS, { asOf: AS_OF, fields: { ...FIELDS, amount: (r: Row) => r.qty * r.price } }).customers;
    expect(JSON.parse(fromFile.stdout)).toEqual(expected);
    const fromGzip = await cli(["summary", join(DIR, "orders.csv.gz"), ...qp]);
    expect(fromGzip.stdout).toBe(fromFile.stdout);
    const fromStdin = await cli(["summary", "-", ...qp], { stdin: CSV });
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    const noFile = await cli(["summary", ...qp], { stdin: gzipSync(Buffer.from(CSV)) });
    expect(noFile.stdout).toBe(fromFile.stdout);
  });

  test("rfm (json, ndjson) with --method and --bins", async () => {
    const expected = scoreRfm(customers, { method: "rank", bins: 4 }).scores;
    const json = await cli(["rfm", FILE, ...MAP, "--method", "rank", "--bins", "4", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual(expected);
    const nd = await cli(["rfm", FILE, ...MAP, "--method", "rank", "--bins", "4", "--format", "ndjson"]);
    expect(lines(nd.stdout).map((l) => JSON.parse(l))).toEqual(expected);
  });

  test("segments: classic with labels in English and Chinese, and the summary", async () => {
    const { segments, summary } = segmentRfm(customers);
    const en = await cli(["segments", FILE, ...MAP, "--format", "json"]);
    const label = (id: string, zh: boolean) => CLASSIC_SEGMENTS.find((s) => s.id === id)![zh ? "labelZh" : "label"];
    // the classic scheme on raw values has no scores: the empty score columns are left out
    expect(JSON.parse(en.stdout)).toEqual(segments.map(({ r: _r, f: _f, m: _m, cell: _c, ...s }) => ({ ...s, label: label(s.segment, false) })));
    const scored = await cli(["segments", FILE, ...MAP, "--format", "json", "--basis", "scores"]);
    expect(JSON.parse(scored.stdout)).toEqual(segmentRfm(customers, { basis: "scores" }).segments.map((s) => ({ ...s, label: label(s.segment, false) })));
    const zh = await cli(["segments", FILE, ...MAP, "--format", "json", "--labels", "zh"]);
    expect(JSON.parse(zh.stdout).map((s: { label: string }) => s.label)).toEqual(segments.map((s) => label(s.segment, true)));
    const sum = await cli(["segments", FILE, ...MAP, "--format", "json", "--summary"]);
    expect(JSON.parse(sum.stdout)).toEqual(JSON.parse(JSON.stringify(summary)));
  });

  test("segments: R rfm's schemes with r-rfm scoring, and --threshold median", async () => {
    const expected = segmentRfm(customers, { scheme: "r-rfm-readme", scoring: { method: "r-rfm" } }).segments;
    const r = await cli(["segments", FILE, ...MAP, "--scheme", "r-rfm-readme", "--method", "r-rfm", "--format", "json"]);
    expect(JSON.parse(r.stdout).map((s: { segment: string }) => s.segment)).toEqual(expected.map((s) => s.segment));
    const median = segmentRfm(customers, { threshold: "median" }).segments;
    const m = await cli(["segments", FILE, ...MAP, "--threshold", "median", "--format", "json"]);
    expect(JSON.parse(m.stdout).map((s: { segment: string }) => s.segment)).toEqual(median.map((s) => s.segment));
  });

  test("abc: fixed and computed", async () => {
    for (const method of ["fixed", "computed"] as const) {
      const r = await cli(["abc", FILE, ...MAP, "--method", method]);
      expect(r.code).toBe(0);
      expect(parseOut(r.stdout)).toEqual(classifyAbc(customers, { method }).classes.map((c) => asCsvStrings({ ...c })));
    }
    const s = await cli(["abc", FILE, ...MAP, "--summary", "--format", "json"]);
    const { meta } = classifyAbc(customers);
    expect(JSON.parse(s.stdout).map((x: { customers: number }) => x.customers)).toEqual([meta.counts.A, meta.counts.B, meta.counts.C]);
  });

  test("pyramid: crm and zeithaml", async () => {
    for (const scheme of ["crm", "zeithaml"] as const) {
      const r = await cli(["pyramid", FILE, ...MAP, "--scheme", scheme, "--format", "json"]);
      expect(JSON.parse(r.stdout).map((t: { tier: string }) => t.tier)).toEqual(tierPyramid(customers, { scheme }).tiers.map((t) => t.tier));
    }
  });

  test("quadrants: the formula potential", async () => {
    const r = await cli(["quadrants", FILE, ...MAP, "--retention", "0.8", "--discount-rate", "0.1", "--margin", "0.3", "--format", "json"]);
    expect(r.code).toBe(0);
    const perYear = historicalClv(customers, { margin: 0.3, period: "year" }).values;
    const clv = formulaClv(perYear.map((v) => ({ customerId: v.customerId, margin: v.perPeriod })), { retention: 0.8, discountRate: 0.1 }).values;
    const expected = clvQuadrants(
      customers.map((c, i) => ({ customerId: c.customerId, current: c.monetary * 0.3, potential: clv[i].clv })),
      { current: "current", potential: "potential" },
    ).quadrants.map((q) => ({ ...q, label: CLV_QUADRANTS.find((x) => x.id === q.quadrant)!.label }));
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  test("quadrants: --potential formula needs its rates; options of the other method are refused", async () => {
    const r = await cli(["quadrants", FILE, ...MAP]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(["crm-analytics: --potential formula needs --retention R and --discount-rate D (per --period; e.g. --retention 0.8 --discount-rate 0.1)"]);
    const m = await cli(["quadrants", FILE, ...MAP, "--months", "6", "--retention", "0.8", "--discount-rate", "0.1"]);
    expect(m.code).toBe(2);
  });

  test("churn and cohorts", async () => {
    const churn = await cli(["churn", FILE, ...MAP, "--period", "quarter", "--format", "json"]);
    expect(JSON.parse(churn.stdout)).toEqual(JSON.parse(JSON.stringify(periodIndicators(ROWS, { asOf: AS_OF, fields: FIELDS, period: "quarter" }))));
    const cohorts = await cli(["cohorts", FILE, ...MAP]);
    expect(parseOut(cohorts.stdout)).toEqual(cohortRetention(ROWS, { asOf: AS_OF, fields: FIELDS }).map((c) => asCsvStrings({ ...c })));
  });

  test("clusters: the same seed gives the library's clusters", async () => {
    const r = await cli(["clusters", FILE, ...MAP, "--k", "3", "--seed", "5", "--format", "json"]);
    const expected = clusterCustomers(customers, { k: 3, seed: 5 });
    expect(JSON.parse(r.stdout).map((c: { cluster: number }) => c.cluster)).toEqual(expected.clusters.map((c) => c.cluster));
    const s = await cli(["clusters", FILE, ...MAP, "--k", "3", "--seed", "5", "--summary", "--format", "json"]);
    expect(JSON.parse(s.stdout).map((p: { size: number }) => p.size)).toEqual(expected.profiles.map((p) => p.size));
  });
});

describe("formats", () => {
  test("table on a terminal, CSV otherwise; --format overrides", async () => {
    const tty = await cli(["segments", FILE, ...MAP, "--summary"], { stdoutIsTTY: true });
    const out = lines(tty.stdout);
    expect(out[0]).toMatch(/^segment\s+label\s+labelZh\s+customers/);
    expect(out[1]).toMatch(/^-+ {2}-+/);
    expect(out).toHaveLength(2 + 8);
    // columns line up: every line has the customers column ending at the same display column
    const pipe = await cli(["segments", FILE, ...MAP, "--summary"]);
    expect(lines(pipe.stdout)[0]).toMatch(/^segment,label,labelZh,customers,/);
    const forced = await cli(["segments", FILE, ...MAP, "--summary", "--format", "csv"], { stdoutIsTTY: true });
    expect(forced.stdout).toBe(pipe.stdout);
  });

  test("--output and --meta write files; stdout stays empty", async () => {
    const dir = tempFiles({});
    const r = await cli(["rfm", FILE, ...MAP, "--output", join(dir, "out.csv"), "--meta", join(dir, "meta.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(join(dir, "out.csv"), "utf8")).toMatch(/^customerId,recencyDays,frequency,monetary,r,f,m,cell\n/);
    const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
    expect(meta.meta.recency.edges).toEqual(scoreRfm(customers).meta.recency.edges);
    expect(meta.input).toMatchObject({ rowsRead: ROWS.length, rowsUsed: ROWS.length, invalidRows: 0 });
  });

  test("--help, --version and help <command>", async () => {
    const h = await cli(["--help"]);
    expect(h.code).toBe(0);
    for (const c of ["summary", "rfm", "segments", "abc", "pyramid", "quadrants", "churn", "cohorts", "clusters"]) expect(h.stdout).toContain(`  ${c} `);
    const s = await cli(["segments", "--help"]);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain("--scheme classic|r-rfm-readme|r-rfm-tests");
    expect(s.stdout).toContain("--as-of YYYY-MM-DD");
    expect((await cli(["help", "churn"])).stdout).toContain("--lost-after-days");
    const v = await cli(["--version"]);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
  });
});

describe("errors: one line on stderr, nothing on stdout, distinct exit codes", () => {
  const oneLine = (r: { stdout: string; stderr: string }) => {
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toHaveLength(1);
    return r.stderr.trimEnd();
  };

  test("missing --as-of is a usage error (2)", async () => {
    const r = await cli(["segments", FILE, "--customer", "customer"]);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe("crm-analytics: --as-of YYYY-MM-DD is required: the analysis date, never taken from the clock (see crm-analytics segments --help)");
  });

  test("other usage errors (2): bad --as-of, unknown option, unknown command, bad values, unknown column", async () => {
    const cases: [string[], RegExp][] = [
      [["rfm", FILE, ...MAP.slice(0, -1), "2023-02-30"], /^crm-analytics: --as-of: expected a real calendar date, got "2023-02-30"$/],
      [["rfm", FILE, ...MAP.slice(0, -1), "31/12/2023"], /^crm-analytics: --as-of must be a date YYYY-MM-DD/],
      [["rfm", FILE, ...MAP, "--colour"], /^crm-analytics: Unknown option '--colour'/],
      [["segmnts", FILE, ...MAP], /^crm-analytics: unknown command "segmnts"/],
      [["rfm", FILE, ...MAP, "--bins", "1"], /^crm-analytics: --bins must be an integer in \[2, 10\], got "1"$/],
      [["rfm", FILE, ...MAP, "--method", "kmeans"], /^crm-analytics: --method must be one of quantile, r-rfm, rank, got "kmeans"$/],
      [["rfm", FILE, ...MAP, "--format", "xml"], /^crm-analytics: --format must be one of csv, json, ndjson, table/],
      [["rfm", FILE, ...MAP, "--amount", "total"], /^crm-analytics: --amount: column "total" is not in the header of .*orders\.csv \(columns: customer, date, invoice, qty, price, amount, note\)$/],
      [["rfm", FILE, FILE, ...MAP], /^crm-analytics: expected one input file, got 2/],
      [["rfm", FILE, ...MAP, "--time-zone", "Mars/Olympus"], /^crm-analytics: --time-zone must be an IANA time zone name/],
      [["rfm", FILE, ...MAP, "--quantity", "qty"], /^crm-analytics: --quantity and --price go together/],
      [["segments", FILE, ...MAP, "--scheme", "r-rfm-tests", "--threshold", "median"], /^crm-analytics: --threshold, --basis and --ties apply to --scheme classic only/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(oneLine(r)).toMatch(message);
    }
  });

  test("a bad amount is a data error (1) naming file, line and column", async () => {
    const dir = tempFiles({ "bad.csv": 'customerId,date,amount\na,2024-01-02,10\n"b",2024-01-03,"multi\nline"\nc,2024-01-04,"12,5"\nd,2024-01-05,x\n' });
    const r = await cli(["summary", join(dir, "bad.csv"), "--as-of", "2024-12-31"]);
    expect(r.code).toBe(1);
    expect(oneLine(r)).toBe(`${join(dir, "bad.csv")}:3: amount: expected a finite number, got "multi\\nline" (customer "b") (2 more rows with problems; --on-invalid skip leaves them out and counts them, collect lists them)`);
    const stdin = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: "customerId,date,amount\nc,2024-01-04,\"12,5\"\n" });
    expect(stdin.code).toBe(1);
    expect(oneLine(stdin)).toBe('stdin:2: amount: expected a finite number, got "12,5" (a decimal comma? use --decimal-comma) (customer "c")');
  });

  test("--on-invalid skip counts the rows it leaves out; collect lists them", async () => {
    const text = "customerId,date,amount\na,2024-01-02,10\n,2024-01-03,5\nb,2024-02-30,7\nc,2024-01-04,3\nd,2025-01-01,3\n";
    const skip = await cli(["summary", "-", "--as-of", "2024-12-31", "--on-invalid", "skip", "--format", "json"], { stdin: text });
    expect(skip.code).toBe(0);
    expect(JSON.parse(skip.stdout).map((c: { customerId: string }) => c.customerId)).toEqual(["a", "c"]);
    expect(lines(skip.stderr)).toEqual(["crm-analytics: note: left out 3 of 5 rows with problems (missing_customer_id 1, invalid_date 1, date_after_as_of 1)"]);
    const collect = await cli(["summary", "-", "--as-of", "2024-12-31", "--on-invalid", "collect", "--format", "json"], { stdin: text });
    expect(lines(collect.stderr)).toEqual([
      'stdin:3: customerId: missing customer id (an empty field)',
      'stdin:4: date: expected a real calendar date, got "2024-02-30" (customer "b")',
      "stdin:6: date: date 2025-01-01 is after asOf 2024-12-31 (check day/month order and asOf; --after-as-of ignore leaves such rows out) (customer \"d\")",
      "crm-analytics: note: left out 3 of 5 rows with problems (missing_customer_id 1, invalid_date 1, date_after_as_of 1)",
    ]);
    const quiet = await cli(["summary", "-", "--as-of", "2024-12-31", "--on-invalid", "skip", "-q"], { stdin: text });
    expect(quiet.stderr).toBe("");
  });

  test("library checks are mapped back to CSV lines: a date after --as-of, a refund with --refunds error", async () => {
    const text = 'customerId,date,amount,note\na,2024-01-02,10,"x\ny"\nb,2025-01-01,5,z\n';
    const after = await cli(["churn", "-", "--as-of", "2024-12-31"], { stdin: text });
    expect(after.code).toBe(1);
    expect(oneLine(after)).toBe('stdin:4: date: date 2025-01-01 is after asOf 2024-12-31 (check day/month order and asOf; --after-as-of ignore leaves such rows out) (customer "b")');
    const ignored = await cli(["summary", "-", "--as-of", "2024-12-31", "--after-as-of", "ignore"], { stdin: text });
    expect(ignored.code).toBe(0);
    expect(lines(ignored.stderr)).toEqual(["crm-analytics: note: left out 1 rows dated after --as-of (--after-as-of ignore)"]);
    const refund = await cli(["rfm", "-", "--as-of", "2024-12-31", "--refunds", "error"], { stdin: "customerId,date,amount\na,2024-01-02,10\na,2024-01-03,-4\n" });
    expect(refund.code).toBe(1);
    expect(oneLine(refund)).toBe('stdin:3: amount: negative amount -4 (--refunds error; use --refunds net or exclude to accept refunds) (customer "a")');
  });

  test("malformed CSV and unreadable files are data errors (1)", async () => {
    const ragged = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: "customerId,date,amount\na,2024-01-02,10\nb,2024-01-02\n" });
    expect(ragged.code).toBe(1);
    expect(oneLine(ragged)).toBe("stdin:3: expected 3 fields as in the header, found 2");
    const missing = await cli(["summary", join(DIR, "nope.csv"), "--as-of", "2024-12-31"]);
    expect(missing.code).toBe(1);
    expect(oneLine(missing)).toBe(`${join(DIR, "nope.csv")}: cannot read the file (no such file)`);
  });

  test("impossible dates in --date-format mdy are errors; a decimal comma needs --decimal-comma", async () => {
    const text = "Kunde;Datum;Betrag\nk1;12/1/2010 8:26;12,50\nk2;2/30/2011 9:00;3,10\n";
    const r = await cli(["summary", "-", "--as-of", "2011-12-31", "--delimiter", ";", "--decimal-comma", "--date-format", "mdy", "--customer", "Kunde", "--date", "Datum", "--amount", "Betrag"], { stdin: text });
    expect(r.code).toBe(1);
    expect(oneLine(r)).toBe('stdin:3: Datum: expected a real calendar date, got "2/30/2011 9:00" (customer "k2")');
    const ok = await cli(["summary", "-", "--as-of", "2011-12-31", "--delimiter", ";", "--decimal-comma", "--date-format", "mdy", "--customer", "Kunde", "--date", "Datum", "--amount", "Betrag", "--format", "json"], { stdin: text.split("\n").slice(0, 2).join("\n") });
    expect(JSON.parse(ok.stdout)).toEqual([
      { customerId: "k1", firstPurchase: "2010-12-01", lastPurchase: "2010-12-01", recencyDays: 395, frequency: 1, monetary: 12.5, tenureDays: 395, averageOrderValue: 12.5 },
    ]);
  });

  test("progress goes to stderr only when it is a terminal, and is cleared", async () => {
    const r = await cli(["summary", FILE, ...MAP], { stderrIsTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("\r\x1b[Kcrm-analytics: reading");
    expect(r.stderr.endsWith("\r\x1b[K")).toBe(true);
    const plain = await cli(["summary", FILE, ...MAP]);
    expect(plain.stderr).toBe("");
  });
});
