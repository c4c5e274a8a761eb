// Writing the records: numbers rounded by column class, the format from the -o extension, --bom,
// --labels and no empty columns in every command; CSV cells a spreadsheet would run as formulas are
// neutralised (OWASP), table output and stderr never send control characters to the terminal.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { columnClass, formatColumnChunks, formatColumns, formatOfPath, formatRecords, isFormulaLike, recordsOfColumns, roundHalfAway, roundRecords, terminalSafe, toCsv, toFixedHalfAway, toTable, type OutputFormat, type RecordColumns } from "../../src/cli/output.js";
import { readCsv, tableRows } from "../../src/cli/csv.js";
import type { Command } from "../../src/cli/command.js";
import { loadCommands } from "../../src/cli/commands/index.js";
import { FILE, MAP } from "./fixture.js";
import { TABLE_INPUT } from "./tableFixtures.js";
import { cli, lines, tempFiles } from "./helpers.js";

describe("CSV formula injection", () => {
  test("text cells starting with = + - @ tab or a line break get a leading ', numbers and plain numeric text never", () => {
    const records = [
      { id: "=HYPERLINK(\"http://x\",\"y\")", v: -5 },
      { id: "+33 1 23", v: 1.5 },
      { id: "@SUM(A1)", v: -0.25 },
      { id: "\tx", v: 0 },
      { id: "\rcmd", v: 2 },
      { id: "-5", v: 3 },
      { id: "-1+2", v: 4 },
      { id: "plain", v: 5 },
    ];
    let prefixed = -1;
    const out = toCsv(records, undefined, { excelSafe: true, onPrefixed: (n) => (prefixed = n) });
    expect(out).toBe(`id,v\n"'=HYPERLINK(""http://x"",""y"")",-5\n'+33 1 23,1.5\n'@SUM(A1),-0.25\n'\tx,0\n"'\rcmd",2\n-5,3\n'-1+2,4\nplain,5\n`);
    expect(prefixed).toBe(6);
    // without the option, exact text (and the reader gives it back)
    const raw = toCsv(records);
    expect(tableRows(readCsv(raw)).map((r) => r[0])).toEqual(records.map((r) => r.id));
    expect(["-5", "+3.2e1", ".5", "12"].filter(isFormulaLike)).toEqual([]);
  });

  test("the command line prefixes by default (noted), --no-excel-safe writes the text as it is, json is exact", async () => {
    const text = 'customerId,date,amount\n"=1+1",2024-01-02,10\n-7,2024-01-03,-4\n-7,2024-01-04,9\n@x,2024-01-05,3\n';
    const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: text });
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((l) => l.split(",").slice(0, 1)[0])).toEqual(["customerId", "'=1+1", "-7", "'@x"]);
    // a negative number stays a number
    expect(lines(r.stdout)[2]).toBe("-7,2024-01-04,2024-01-04,362,1,5,362,5");
    expect(r.stderr).toBe("crm-analytics: note: 2 text cells starting with = + - @ tab or a line break were prefixed with ' so that spreadsheets do not run them as formulas (--no-excel-safe writes them as they are)\n");
    const raw = await cli(["summary", "-", "--as-of", "2024-12-31", "--no-excel-safe"], { stdin: text });
    expect(lines(raw.stdout).map((l) => l.split(",")[0])).toEqual(["customerId", "=1+1", "-7", "@x"]);
    expect(raw.stderr).toBe("");
    const json = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "json"], { stdin: text });
    expect(JSON.parse(json.stdout).map((c: { customerId: string }) => c.customerId)).toEqual(["=1+1", "-7", "@x"]);
    const both = await cli(["summary", "-", "--as-of", "2024-12-31", "--excel-safe", "--no-excel-safe"], { stdin: text });
    expect([both.code, both.stderr]).toEqual([2, "crm-analytics: give --excel-safe or --no-excel-safe, not both\n"]);
    const notCsv = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "json", "--no-excel-safe"], { stdin: text });
    expect(notCsv.code).toBe(2);
    expect(notCsv.stderr).toMatch(/^crm-analytics: --no-excel-safe applies to --format csv only/);
  });
});

describe("control characters never reach the terminal", () => {
  test("terminalSafe escapes C0, DEL, C1, line separators and bidirectional controls", () => {
    expect(terminalSafe("a\x1b[31mb\x07\x7f\x9b\u2028\u202e\u2066z é 中")).toBe("a\\x1b[31mb\\x07\\x7f\\x9b\\u2028\\u202e\\u2066z é 中");
  });

  test("the table shows ids with escapes as visible text, and stays aligned", async () => {
    const text = 'customerId,date,amount\n"\x1b[2J\x1b[31mevil",2024-01-02,10\n"a\u202etxt.exe",2024-01-03,5\nplain,2024-01-04,1\n';
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "table"], { stdin: text });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    const rows = lines(r.stdout);
    expect(rows[2].startsWith("\\x1b[2J\\x1b[31mevil ")).toBe(true);
    expect(rows[3].startsWith("a\\u202etxt.exe ")).toBe(true);
    // every line's second column starts at the same place
    const at = rows[0].indexOf("firstPurchase");
    for (const row of rows.slice(2)) expect(row.slice(at, at + 10)).toMatch(/^2024-01-0\d/);
    expect(toTable([{ "\x1bk": 1 }])).toBe("\\x1bk\n-----\n    1\n");
  });

  test("error lines quoting the data escape them too", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: 'customerId,date,amount\n"\x1b]0;pwned\x07\u009b",2024-01-02,x\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
    expect(r.stderr).toContain('(customer "\\u001b]0;pwned\\u0007\\x9b")');
  });
});

/** Half away from zero on a decimal string, in BigInt: the reference for toFixedHalfAway. */
function referenceRound(units: bigint, scale: number, decimals: number): string {
  const neg = units < 0n;
  let a = neg ? -units : units;
  if (scale > decimals) {
    const div = 10n ** BigInt(scale - decimals);
    const q = a / div;
    a = 2n * (a % div) >= div ? q + 1n : q;
  } else a *= 10n ** BigInt(decimals - scale);
  const digits = a.toString().padStart(decimals + 1, "0");
  const text = decimals > 0 ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  return neg && a !== 0n ? `-${text}` : text;
}

describe("rounding: half away from zero on the number as printed", () => {
  test("float noise goes, halves go away from zero as written, never -0", () => {
    const cases: [number, number, string][] = [
      [59419.340000000004, 2, "59419.34"],
      [554604.020000018, 2, "554604.02"],
      [0.1 + 0.2, 2, "0.30"],
      [1.005, 2, "1.01"], // the double is 1.00499999999999989…: Math.round(x * 100) / 100 gives 1
      [2.675, 2, "2.68"],
      [-1.005, 2, "-1.01"],
      [1.0049999, 2, "1.00"],
      [9.995, 2, "10.00"],
      [0.125, 2, "0.13"],
      [-0.004, 2, "0.00"],
      [0.00005, 4, "0.0001"],
      [0.5, 0, "1"],
      [-2.5, 0, "-3"],
      [1e21, 2, "1000000000000000000000.00"],
      [1.5e-7, 4, "0.0000"],
      [5e-324, 2, "0.00"],
    ];
    for (const [x, d, text] of cases) expect(toFixedHalfAway(x, d), `${x}`).toBe(text);
    expect(Object.is(roundHalfAway(-0.004, 2), -0)).toBe(false);
    expect(Object.is(roundHalfAway(-0, 2), -0)).toBe(false);
    expect(roundHalfAway(59419.340000000004, 2)).toBe(59419.34);
    expect(roundHalfAway(7, 2)).toBe(7);
    expect(() => toFixedHalfAway(Number.NaN, 2)).toThrow(RangeError);
  });

  prop.prop([fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 8 })])(
    "a decimal of up to 15 digits is rounded exactly as its digits say",
    (units, scale, decimals) => {
      // the double that reads as the decimal (up to 15 digits: its shortest form is that decimal)
      const x = Number(referenceRound(units, scale, scale));
      expect(toFixedHalfAway(x, decimals)).toBe(referenceRound(units, scale, decimals));
    },
  );

  prop.prop([fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), fc.integer({ min: 0, max: 8 })])(
    "rounding moves a number by at most half a unit, keeps order, and never gives -0",
    (a, b, d) => {
      const ra = roundHalfAway(a, d);
      expect(Object.is(ra, -0)).toBe(false);
      expect(Math.abs(ra - a)).toBeLessThanOrEqual(0.5 * 10 ** -d + Math.abs(a) * 4e-16);
      if (a <= b) expect(ra).toBeLessThanOrEqual(roundHalfAway(b, d));
      expect(roundHalfAway(ra, d)).toBe(ra);
    },
  );
});

prop.prop([fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000 + 0.0005), fc.double({ noNaN: true, min: -1e6, max: 1e6 })), fc.integer({ min: 0, max: 12 })])(
  "roundHalfAway's arithmetic fast path gives the number of the digit-by-digit rounding",
  (x, d) => {
    const r = roundHalfAway(x, d);
    const viaText = Number(toFixedHalfAway(x, d));
    expect(r).toBe(viaText === 0 ? 0 : viaText);
  },
);

describe("column classes", () => {
  test("every numeric column the commands print is money, a share or a measure, by name", () => {
    const expected: Record<string, string> = {
      monetary: "money",
      averageOrderValue: "money",
      value: "money",
      current: "money",
      potential: "money",
      revenue: "money",
      revenueFromPrevious: "money",
      meanMonetary: "money",
      valueAtRisk: "money",
      share: "share",
      valueShare: "share",
      cumulativeShare: "share",
      revenueShare: "share",
      revenueRetention: "share",
      churnRate: "share",
      retentionRate: "share",
      repurchaseRate: "share",
      repeatPurchaseRate: "share",
      meanRecencyDays: "measure",
      meanFrequency: "measure",
      meanR: "measure",
      distance: "measure",
      overdue: "measure",
      typicalGapDays: "measure",
      silhouette: "measure",
      amountTrend: "measure",
      gapTrend: "measure",
      inertia: "measure",
    };
    for (const [name, cls] of Object.entries(expected)) expect(columnClass(name), name).toBe(cls);
    // a new command's columns are classed by the words of their names
    expect(["lostRevenue", "predicted_clv", "avg-order-value", "churnProbability", "shareOfWallet", "expectedPurchases", "revenueGrowth", "valueRank"].map(columnClass)).toEqual(["money", "money", "money", "share", "share", "measure", "measure", "measure"]);
  });

  test("money to cents, shares and measures to 4 decimals; --precision N gives N and N + 2; integers and text unchanged", () => {
    const records = [{ id: "a", monetary: 59419.340000000004, share: 0.27149112698778, distance: 3.2727290094301162, customers: 1178, when: "2011-12-09" }];
    expect(roundRecords(records, Object.keys(records[0]), 2)).toEqual([{ id: "a", monetary: 59419.34, share: 0.2715, distance: 3.2727, customers: 1178, when: "2011-12-09" }]);
    expect(roundRecords(records, Object.keys(records[0]), 0)).toEqual([{ id: "a", monetary: 59419, share: 0.27, distance: 3.27, customers: 1178, when: "2011-12-09" }]);
    expect(roundRecords(records, Object.keys(records[0]), "full")).toBe(records);
    expect(formatRecords(records, "csv")).toBe("id,monetary,share,distance,customers,when\na,59419.34,0.2715,3.2727,1178,2011-12-09\n");
    expect(formatRecords(records, "json")).toBe('[\n{"id":"a","monetary":59419.34,"share":0.2715,"distance":3.2727,"customers":1178,"when":"2011-12-09"}\n]\n');
    expect(formatRecords(records, "ndjson", undefined, { precision: "full" })).toBe(`${JSON.stringify(records[0])}\n`);
  });

  test("the table gives every value of a column the same decimals (none for whole numbers)", () => {
    const records = [
      { monetary: 5288.63, share: 0.5, valueShare: 0.0067, distance: 1, m: 5 },
      { monetary: 3079.1, share: 0.05577, valueShare: 1, distance: -0.00001, m: 2 },
      { monetary: 10, share: 0, valueShare: null, distance: 2, m: 1 },
    ];
    expect(toTable(records)).toBe(
      [
        "monetary   share  valueShare  distance  m",
        "--------  ------  ----------  --------  -",
        " 5288.63  0.5000      0.0067         1  5",
        " 3079.10  0.0558      1.0000         0  2",
        "   10.00  0.0000                     2  1",
        "",
      ].join("\n"),
    );
    expect(toTable([{ monetary: 1.005 }], undefined, "full")).toBe("monetary\n--------\n   1.005\n");
    // from 1e21 a double has no fraction digits: its shortest form, not hundreds of digits
    expect(toTable([{ monetary: 2e300 }, { monetary: 5.5 }])).toBe("monetary\n--------\n  2e+300\n    5.50\n");
  });
});

describe("the command line's numbers", () => {
  const text = "customerId,date,amount\nc1,2024-01-02,0.1\nc1,2024-01-03,0.2\nc2,2024-01-02,1.005\n";
  test("csv, json and ndjson carry no float noise; --precision N|full changes it; a bad value is a usage error", async () => {
    const csv = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: text });
    expect(lines(csv.stdout).slice(1)).toEqual(["c1,2024-01-02,2024-01-03,363,2,0.3,364,0.15", "c2,2024-01-02,2024-01-02,364,1,1.01,364,1.01"]);
    const json = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "json"], { stdin: text });
    expect(JSON.parse(json.stdout).map((c: { monetary: number }) => c.monetary)).toEqual([0.3, 1.01]);
    const full = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "ndjson", "--precision", "full"], { stdin: text });
    expect(lines(full.stdout).map((l) => JSON.parse(l).monetary)).toEqual([0.1 + 0.2, 1.005]);
    const zero = await cli(["summary", "-", "--as-of", "2024-12-31", "--precision", "0"], { stdin: text });
    expect(lines(zero.stdout)[2]).toBe("c2,2024-01-02,2024-01-02,364,1,1,364,1");
    for (const bad of ["-1", "11", "2.5", "max", ""]) {
      const r = await cli(["summary", "-", "--as-of", "2024-12-31", `--precision=${bad}`], { stdin: text });
      expect([r.code, r.stdout], bad).toEqual([2, ""]);
      expect(r.stderr).toMatch(/^crm-analytics: --precision must be the decimals of money, an integer in \[0, 10\]/);
    }
  });

  test("the table shows money with 2 decimals and shares with 4 in every row", async () => {
    const r = await cli(["abc", FILE, ...MAP, "--format", "table"]);
    const rows = lines(r.stdout).slice(2);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) expect(row, row).toMatch(/^\S+ +-?\d+\.\d{2}  [ABC] +\d+ +[01]\.\d{4}$/);
  });
});

describe("-o FILE: the format from the extension", () => {
  test(".csv .json .ndjson .jsonl .txt (any case) name their format; a bare name and an unknown extension write csv", () => {
    expect(["a.csv", "a.JSON", "x/a.ndjson", "a.jsonl", "a.txt", "a", "a.xlsx", ".json", "dir.json/a"].map(formatOfPath)).toEqual(["csv", "json", "ndjson", "ndjson", "table", undefined, undefined, undefined, undefined]);
  });

  test("-o seg.json writes JSON, .jsonl NDJSON, .txt the table; --format must agree with a data extension", async () => {
    const dir = tempFiles({});
    for (const [name, check] of [
      ["seg.json", (t: string) => expect(JSON.parse(t)).toHaveLength(8)],
      ["seg.jsonl", (t: string) => expect(lines(t).map((l) => JSON.parse(l))).toHaveLength(8)],
      ["seg.txt", (t: string) => expect(lines(t)[1]).toMatch(/^-+ {2}-+/)],
      ["seg.CSV", (t: string) => expect(lines(t)[0]).toMatch(/^segment,label,customers,/)],
    ] as const) {
      const r = await cli(["segments", FILE, ...MAP, "--summary", "-o", join(dir, name)]);
      expect([r.code, r.stdout, r.stderr], name).toEqual([0, "", ""]);
      check(readFileSync(join(dir, name), "utf8"));
    }
    const clash = await cli(["segments", FILE, ...MAP, "-o", join(dir, "x.json"), "--format", "csv"]);
    expect([clash.code, clash.stdout]).toEqual([2, ""]);
    expect(clash.stderr).toMatch(/^crm-analytics: --format csv disagrees with --output .*x\.json \(\.json is json\)/);
    // .txt is any text: --format decides
    const txt = await cli(["segments", FILE, ...MAP, "--summary", "-o", join(dir, "y.txt"), "--format", "csv"]);
    expect(txt.code).toBe(0);
    expect(readFileSync(join(dir, "y.txt"), "utf8")).toMatch(/^segment,label,customers,/);
    const unknown = await cli(["segments", FILE, ...MAP, "--summary", "-o", join(dir, "seg.xlsx")]);
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toMatch(/note: writing csv to .*seg\.xlsx: the extension \.xlsx names no output format/);
    expect(readFileSync(join(dir, "seg.xlsx"), "utf8")).toMatch(/^segment,label,customers,/);
    const bare = await cli(["segments", FILE, ...MAP, "--summary", "-o", join(dir, "seg")]);
    expect([bare.code, bare.stderr]).toEqual([0, ""]);
  });
});

describe("--bom", () => {
  test("csv starts with a UTF-8 byte order mark (so Excel reads 中文); other formats are a usage error", async () => {
    const dir = tempFiles({});
    const r = await cli(["segments", FILE, ...MAP, "--summary", "--labels", "zh", "--bom", "-o", join(dir, "seg.csv")]);
    expect(r.code).toBe(0);
    const bytes = readFileSync(join(dir, "seg.csv"));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toMatch(/^segment,label,customers,.*\nimportant_value,重要价值客户,/s);
    const stdout = await cli(["segments", FILE, ...MAP, "--bom"]);
    expect(stdout.stdout.startsWith("\uFEFFcustomerId,")).toBe(true);
    const json = await cli(["segments", FILE, ...MAP, "--bom", "--format", "json"]);
    expect([json.code, json.stdout]).toEqual([2, ""]);
    expect(json.stderr).toMatch(/^crm-analytics: --bom applies to --format csv only/);
    const byExtension = await cli(["segments", FILE, ...MAP, "--bom", "-o", join(dir, "seg.json")]);
    expect(byExtension.code).toBe(2);
  });
});

/** Extra arguments a command needs to run on the fixture. */
const NEEDS: Record<string, string[]> = { quadrants: ["--retention", "0.8", "--discount-rate", "0.1"], chart: ["--chart", "segment-bars"], movement: ["--from", "2023-06-30"] };

/** The records of a command's csv output on the fixture, or null when it writes a document. */
async function records(name: string, extra: string[]): Promise<Record<string, string>[] | null> {
  // the commands that read a table (one row per customer, a contact log) get their own files
  const r = await cli([name, ...(TABLE_INPUT[name] ?? [FILE, ...MAP, ...(NEEDS[name] ?? [])]), ...extra]);
  expect(r.code, `${name} ${extra.join(" ")}: ${r.stderr}`).toBe(0);
  // a document (a chart's spec, a report) has no records
  if (typeof r.stdout !== "string" || /^[{<[]/.test(r.stdout)) return null;
  const t = readCsv(r.stdout);
  return tableRows(t).map((row) => Object.fromEntries(t.header.map((h, i) => [h, row[i]])));
}

describe("every command", () => {
  const withSummary = (c: Command) => [[], ...(Object.hasOwn(c.options, "summary") ? [["--summary"]] : [])];

  test("with --labels zh, per customer and --summary, prints one label column in Chinese (and no labelZh)", async () => {
    const labelled = (await loadCommands()).filter((c) => Object.hasOwn(c.options, "labels"));
    expect(labelled.map((c) => c.name)).toEqual(expect.arrayContaining(["segments", "pyramid", "quadrants", "clusters"]));
    for (const c of labelled) {
      for (const extra of withSummary(c)) {
        const rows = await records(c.name, [...extra, "--labels", "zh"]);
        if (rows === null || rows.length === 0) continue;
        const what = `${c.name} ${extra.join(" ")}`;
        expect(Object.keys(rows[0]), what).toContain("label");
        expect(Object.keys(rows[0]), what).not.toContain("labelZh");
        expect(rows.filter((r) => r.label !== "").every((r) => /[\u4e00-\u9fff]/.test(r.label)), what).toBe(true);
      }
    }
  });

  test("prints no column that is empty on every row, and no two columns with the same values", async () => {
    for (const c of await loadCommands()) {
      for (const extra of withSummary(c)) {
        const rows = await records(c.name, extra);
        if (rows === null || rows.length < 2) continue;
        const what = `${c.name} ${extra.join(" ")}`;
        const columns = Object.keys(rows[0]);
        for (const col of columns) expect(rows.some((r) => r[col] !== ""), `${what}: ${col} is always empty`).toBe(true);
        for (let i = 0; i < columns.length; i++) {
          for (let j = i + 1; j < columns.length; j++) {
            const same = rows.every((r) => r[columns[i]] === r[columns[j]]) && rows.some((r) => /[1-9]/.test(r[columns[i]]));
            expect(same, `${what}: ${columns[j]} repeats ${columns[i]}`).toBe(false);
          }
        }
      }
    }
  });
});

describe("formatColumns: records held as columns are written as the records are", () => {
  const FORMATS: OutputFormat[] = ["csv", "json", "ndjson", "table"];
  const NAMES = ["customerId", "monetary", "share", "recencyDays", "segment", "label", "r", "note"];
  const cellArb = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -1000, max: 1000 }),
    fc.constantFrom(-0, 0.125, 2.675, 1e21, 1e-7),
    fc.string({ maxLength: 6 }),
    fc.constantFrom("=1+2", "-5", " pad", 'q"uote', "a,b", "line\nbreak", "中文"),
    fc.constant(null),
  );
  const tableArb = fc
    .record({ names: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 6 }), length: fc.integer({ min: 0, max: 6 }) })
    .chain(({ names, length }) =>
      fc.tuple(
        ...names.map((name) =>
          fc.oneof(
            fc.constant(null),
            fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: length, maxLength: length }).map((v) => Float64Array.from(v)),
            fc.array(cellArb, { minLength: length, maxLength: length }),
          ).map((values) => ({ name, values })),
        ),
      ).map((columns): RecordColumns => ({ length, columns })),
    );
  prop.prop([tableArb, fc.constantFrom(...FORMATS), fc.constantFrom<2 | 0 | "full">(2, 0, "full"), fc.boolean(), fc.boolean()])("byte for byte what formatRecords writes, and the same prefixed count", (table, format, precision, excelSafe, bom) => {
    let a = -1;
    let b = -1;
    const viaColumns = formatColumns(table, format, { precision, excelSafe, bom, onPrefixed: (n) => (a = n) });
    const viaRecords = formatRecords(recordsOfColumns(table), format, undefined, { precision, excelSafe, bom, onPrefixed: (n) => (b = n) });
    expect(viaColumns).toBe(viaRecords);
    expect(a).toBe(b);
  });

  prop.prop([tableArb, fc.constantFrom(...FORMATS), fc.constantFrom<2 | 0 | "full">(2, 0, "full"), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 4 })])(
    "formatColumnChunks: chunks of whole lines that join to formatColumns' text; the prefixed count as onPrefixed gives it",
    (table, format, precision, excelSafe, bom, perChunk) => {
      let a: number | null = null;
      const whole = formatColumns(table, format, { precision, excelSafe, bom, onPrefixed: (n) => (a = n) });
      let called = false;
      const { chunks, prefixed } = formatColumnChunks(table, format, { precision, excelSafe, bom, onPrefixed: () => (called = true) }, perChunk);
      const parts = [...chunks];
      expect(parts.join("")).toBe(whole);
      expect(prefixed).toBe(a);
      expect(called).toBe(false);
      if (format !== "table" && table.length > 0 && table.columns.length > 0) {
        // perChunk records a chunk (the first also the csv header or json's "["), each chunk ending a line
        expect(parts.length).toBe(Math.ceil(table.length / perChunk));
        for (const part of parts) expect(part.endsWith("\n")).toBe(true);
      }
    },
  );

  test("a column null as a whole is an empty field, -0 prints as 0, money is rounded to cents", () => {
    const table: RecordColumns = { length: 2, columns: [{ name: "customerId", values: ["a", "=b"] }, { name: "monetary", values: Float64Array.of(-0, 2.675) }, { name: "r", values: null }] };
    expect(formatColumns(table, "csv", { excelSafe: true })).toBe("customerId,monetary,r\na,0,\n'=b,2.68,\n");
    expect(formatColumns(table, "json")).toBe('[\n{"customerId":"a","monetary":0,"r":null},\n{"customerId":"=b","monetary":2.68,"r":null}\n]\n');
  });
});
