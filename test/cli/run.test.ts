// The runner: output formats and files, help, and the one-line errors with their exit codes. Each
// command's agreement with the library is tested in test/cli/commands/<command>.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { scoreRfm } from "../../src/rfm/index.js";
import { customers, DIR, FILE, MAP, ROWS } from "./fixture.js";
import { cli, lines, tempFiles } from "./helpers.js";

describe("formats", () => {
  test("table on a terminal, CSV otherwise; --format overrides", async () => {
    const tty = await cli(["segments", FILE, ...MAP, "--summary"], { stdoutIsTTY: true });
    const out = lines(tty.stdout);
    expect(out[0]).toMatch(/^segment\s+label\s+customers/);
    expect(out[1]).toMatch(/^-+ {2}-+/);
    expect(out).toHaveLength(2 + 8);
    // columns line up: every line has the customers column ending at the same display column
    const pipe = await cli(["segments", FILE, ...MAP, "--summary"]);
    expect(lines(pipe.stdout)[0]).toMatch(/^segment,label,customers,/);
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

  test("--meta has one input block: the library's own (a part of it) is left out", async () => {
    const dir = tempFiles({});
    for (const command of ["summary", "churn", "rfm"]) {
      const r = await cli([command, "-", "--as-of", "2024-12-31", "--on-invalid", "skip", "--meta", join(dir, "meta.json")], { stdin: "customerId,date,amount\na,2024-01-02,10\n,2024-01-03,5\n" });
      expect(r.code, command).toBe(0);
      const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
      expect(meta.input, command).toMatchObject({ rowsRead: 2, rowsUsed: 1, invalidRows: 1 });
      expect(meta.meta.input, command).toBeUndefined();
    }
  });

  test("--output or --meta into a folder that does not exist is a usage error (2) before any work", async () => {
    const dir = tempFiles({ "file.txt": "x" });
    const cases: [string[], string][] = [
      [["-o", join(dir, "missing", "out.csv")], `crm-analytics: --output ${join(dir, "missing", "out.csv")}: the folder ${JSON.stringify(join(dir, "missing"))} does not exist (it is not created)\n`],
      [["--meta", join(dir, "missing", "meta.json")], `crm-analytics: --meta ${join(dir, "missing", "meta.json")}: the folder ${JSON.stringify(join(dir, "missing"))} does not exist (it is not created)\n`],
      [["-o", join(dir, "file.txt", "out.csv")], `crm-analytics: --output ${join(dir, "file.txt", "out.csv")}: ${JSON.stringify(join(dir, "file.txt"))} is not a folder\n`],
    ];
    for (const [flags, message] of cases) {
      const r = await cli(["summary", FILE, ...MAP, ...flags]);
      expect([r.code, r.stdout, r.stderr]).toEqual([2, "", message]);
    }
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
      [["segments", FILE, ...MAP, "--scheme", "r-rfm-tests", "--thresholds", "median"], /^crm-analytics: --thresholds, --basis and --ties apply to --scheme classic only/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(oneLine(r)).toMatch(message);
    }
  });

  test("options are checked before the data is read: a bad option wins over a bad or missing file", async () => {
    const dir = tempFiles({ "bad.csv": "customerId,date,amount\na,2024-01-02,x\n" });
    const cases: [string[], RegExp][] = [
      [["rfm", join(dir, "bad.csv"), "--as-of", "2011-02-30"], /^crm-analytics: --as-of: expected a real calendar date/],
      [["clusters", join(dir, "bad.csv"), "--as-of", "2011-02-28", "--k", "0"], /^crm-analytics: --k must be an integer >= 1, got "0"$/],
      [["quadrants", join(dir, "bad.csv"), "--as-of", "2011-02-28"], /^crm-analytics: --potential formula needs --retention R and --discount-rate D/],
      [["churn", join(dir, "missing.csv"), "--as-of", "2011-02-28", "--period", "fortnight"], /^crm-analytics: --period must be one of week, month, quarter, year/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(oneLine(r)).toMatch(message);
      expect(r.stdout).toBe("");
    }
  });

  test("a bad amount is a data error (1) naming file, line and column", async () => {
    const dir = tempFiles({ "bad.csv": 'customerId,date,amount\na,2024-01-02,10\n"b",2024-01-03,"multi\nline"\nc,2024-01-04,"12,5"\nd,2024-01-05,x\n' });
    const r = await cli(["summary", join(dir, "bad.csv"), "--as-of", "2024-12-31"]);
    expect(r.code).toBe(1);
    // every problem in one run: the first on the first line, then each kind (see "every problem of a file in one report")
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toEqual([
      `${join(dir, "bad.csv")}:3: amount: expected a finite number, got "multi\\nline" (customer "b") (and 2 more problems, below)`,
      "  3 of 4 rows have problems:",
      "  invalid_amount in 3 rows (75.0%):",
      `    ${join(dir, "bad.csv")}:3: amount: expected a finite number, got "multi\\nline" (customer "b")`,
      `    ${join(dir, "bad.csv")}:5: amount: expected a finite number, got "12,5" (a decimal comma? use --decimal-comma) (customer "c")`,
      `    ${join(dir, "bad.csv")}:6: amount: expected a finite number, got "x" (customer "d")`,
      "  more than half of the rows have problems: the options (--date-format, --decimal-comma, --thousands, --delimiter, the column flags) probably do not fit the file; fix them rather than leave rows out",
    ]);
    const stdin = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: "customerId,date,amount\nc,2024-01-04,\"12,5\"\n" });
    expect(stdin.code).toBe(1);
    expect(oneLine(stdin)).toBe('stdin:2: amount: expected a finite number, got "12,5" (a decimal comma? use --decimal-comma) (customer "c")');
  });

  test("--on-invalid skip counts the rows it leaves out; collect lists them", async () => {
    const text = "customerId,date,amount\na,2024-01-02,10\n,2024-01-03,5\nb,2024-02-30,7\nc,2024-01-04,3\nd,2024-12-01,3\n";
    const skip = await cli(["summary", "-", "--as-of", "2024-12-31", "--on-invalid", "skip", "--format", "json"], { stdin: text });
    expect(skip.code).toBe(0);
    expect(JSON.parse(skip.stdout).map((c: { customerId: string }) => c.customerId)).toEqual(["a", "c", "d"]);
    const counted = "crm-analytics: left out 2 of 5 rows: 2 with problems (missing_customer_id 1, invalid_date 1) by --on-invalid skip";
    const warned = "crm-analytics: warning: --on-invalid skip left out 40.0% of the rows (2 of 5)";
    expect(lines(skip.stderr)).toEqual([counted, warned]);
    const collect = await cli(["summary", "-", "--as-of", "2024-12-31", "--on-invalid", "collect", "--format", "json"], { stdin: text });
    expect(lines(collect.stderr)).toEqual([
      'stdin:3: customerId: missing customer id (an empty field)',
      'stdin:4: date: expected a real calendar date, got "2024-02-30" (customer "b")',
      counted.replace("skip", "collect"),
      warned.replace("skip", "collect"),
    ]);
  });

  test("library checks are mapped back to CSV lines: a date after --as-of, a refund with --refunds error", async () => {
    const text = 'customerId,date,amount,note\na,2024-01-02,10,"x\ny"\nb,2025-01-01,5,z\n';
    const after = await cli(["churn", "-", "--as-of", "2024-12-31"], { stdin: text });
    expect(after.code).toBe(1);
    expect(oneLine(after)).toBe('stdin:4: date: date 2025-01-01 is after --as-of 2024-12-31 (check --as-of and the day/month order of --date-format; --after-as-of ignore leaves such rows out) (customer "b")');
    const ignored = await cli(["summary", "-", "--as-of", "2024-12-31", "--after-as-of", "ignore"], { stdin: text });
    expect(ignored.code).toBe(0);
    expect(lines(ignored.stderr)).toEqual([
      "crm-analytics: left out 1 of 2 rows: 1 dated after --as-of by --after-as-of ignore",
      "crm-analytics: warning: --after-as-of ignore left out 50.0% of the rows (1 of 2): check --as-of and the day/month order of --date-format",
    ]);
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

describe("a European export (; delimiter, 1.099,00, day-first dates with dots): read end to end, and what a run without the options says", () => {
  const text = "Kunde;Datum;Betrag;Beleg\nK-001;01.03.2024;1.099,00;R1\nK-001;15.03.2024;12,50;R2\nK-002;28.02.2024;2.450,75;R3\nK-003;13.01.2024;99,90;R4\nK-002;30.03.2024;1.000.000,00;R6\n";
  const MAP_DE = ["--customer", "Kunde", "--date", "Datum", "--amount", "Betrag", "--order", "Beleg", "--as-of", "2024-03-31"];

  test("--delimiter ';' --date-format dmy --decimal-comma --thousands . reads every amount exactly", async () => {
    for (const delimiter of [";", "auto"]) {
      const r = await cli(["summary", "-", ...MAP_DE, "--delimiter", delimiter, "--date-format", "dmy", "--decimal-comma", "--thousands", ".", "--format", "json", "--precision", "full"], { stdin: text });
      expect([r.code, r.stderr], delimiter).toEqual([0, ""]);
      expect(JSON.parse(r.stdout).map((c: { customerId: string; monetary: number; firstPurchase: string }) => [c.customerId, c.monetary, c.firstPurchase])).toEqual([
        ["K-001", 1111.5, "2024-03-01"],
        ["K-002", 1_002_450.75, "2024-02-28"],
        ["K-003", 99.9, "2024-01-13"],
      ]);
    }
  });

  test("without --delimiter: a usage error naming the delimiter the header uses", async () => {
    const r = await cli(["summary", "-", ...MAP_DE], { stdin: text });
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toBe('crm-analytics: --customer: column "Kunde" is not in the header of stdin (columns: Kunde;Datum;Betrag;Beleg); the header is split by ";", not ",": use --delimiter \';\' (or --delimiter auto)\n');
  });

  test("with the delimiter only: one run names the date format and the number flags, and does not suggest leaving rows out", async () => {
    const r = await cli(["summary", "-", ...MAP_DE, "--delimiter", ";"], { stdin: text });
    expect([r.code, r.stdout]).toEqual([1, ""]);
    const out = lines(r.stderr);
    expect(out[0]).toBe('stdin:2: Datum: expected a date in the iso format (YYYY-MM-DD, optionally with a time), got "01.03.2024" (customer "K-001") (and 9 more problems, below)');
    expect(out).toContain("  invalid_date in 5 rows (100.0%), the first 3:");
    expect(out).toContain("    dates look like dmy (15.03.2024): try --date-format dmy");
    expect(out).toContain("  invalid_amount in 5 rows (100.0%), the first 3:");
    expect(out).toContain('    numbers look like "1.000.000,00": try --decimal-comma --thousands .');
    expect(r.stderr).not.toContain("--on-invalid skip");
    // the dates fixed, the amounts still wrong: the number hint alone
    const dated = await cli(["summary", "-", ...MAP_DE, "--delimiter", ";", "--date-format", "dmy", "--decimal-comma"], { stdin: text });
    expect(dated.code).toBe(1);
    expect(lines(dated.stderr).slice(0, 3)).toEqual([
      'stdin:2: Betrag: expected a finite number, got "1.099,00" (thousands separators? use --thousands .) (customer "K-001") (and 2 more problems, below)',
      "  3 of 5 rows have problems:",
      "  invalid_amount in 3 rows (60.0%):",
    ]);
    expect(dated.stderr).toContain('    numbers look like "1.000.000,00": try --decimal-comma --thousands .\n');
  });

  test("most amounts left out by --on-invalid skip: the warning names the flags", async () => {
    const r = await cli(["summary", "-", ...MAP_DE, "--delimiter", ";", "--date-format", "dmy", "--on-invalid", "skip", "-q"], { stdin: text });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      "stdin: no transactions: all 5 rows were left out (5 by --on-invalid skip)",
      "  5 of 5 rows have problems:",
      "  invalid_amount in 5 rows (100.0%):",
      '    numbers look like "1.000.000,00": try --decimal-comma --thousands .',
      "  more than half of the rows have problems: the options (--date-format, --decimal-comma, --thousands, --delimiter, the column flags) probably do not fit the file; fix them rather than leave rows out",
    ]);
  });
});

describe("the wrong --date-format on the bundled files", () => {
  test("the README's --date-format mdy (for US exports) on the bundled ISO-dated orders: told to use iso, never to skip", async () => {
    const argv = ["segments", "examples/data/online_retail_orders.csv", "--customer", "customer_id", "--order", "invoice", "--as-of", "2011-12-10", "--date-format", "mdy"];
    const r = await cli(argv);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(lines(r.stderr)[0]).toBe('examples/data/online_retail_orders.csv:2: date: expected a date in the mdy format (M/D/YYYY), got "2009-12-06" (customer "12417") (and 1,719 more problems, below)');
    expect(lines(r.stderr)).toContain("    dates look like iso (2009-12-06): try --date-format iso (the default)");
    expect(r.stderr).not.toContain("--on-invalid skip");
    const skipped = await cli([...argv, "--on-invalid", "skip"]);
    expect(skipped.code).toBe(1);
    expect(lines(skipped.stderr)[0]).toBe("examples/data/online_retail_orders.csv: no transactions: all 1,720 rows were left out (1,720 by --on-invalid skip)");
    expect(skipped.stderr).toContain("try --date-format iso");
    // and with the advice followed, it runs
    const fixed = await cli([...argv.slice(0, -2), "--date-format", "iso", "--format", "json"]);
    expect(fixed.code).toBe(0);
  });
});
