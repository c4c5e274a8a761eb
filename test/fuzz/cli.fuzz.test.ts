// Fuzz: the command line, in-process (run(argv, io) in the worker thread), on CSV bytes: random bytes,
// invalid UTF-8, byte order marks, quotes, odd delimiters and line ends, odd flags. The property: exit 0
// with finite output, or exit 1/2 with one line per problem on stderr and no stack trace (never exit 3).
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { rarely } from "./arbitraries.js";
import { assertCliContract, FuzzWorker, fuzz, reportTally } from "./harness.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("cli");
  await worker.close();
});
const T = 180_000;

const enc = new TextEncoder();

const idCell = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("a", "b", "c", "17850", "Müller", "Mäller", "=HYPERLINK(\"x\")", "+1", "-2", "@x", "\u001b[31mred") },
  { weight: 2, arbitrary: fc.constantFrom("", " ", "\u00a0", "9007199254740993", "1e21") },
);
const dateCell = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2024, 5, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10)) },
  {
    weight: 3,
    arbitrary: fc.constantFrom("2024-01-05T23:59:59.9999Z", "2010-12-01 08:26:00", "12/1/2010 8:26", "1/12/2010", "20101201", "2010/12/1", "0001-01-01", "1899-12-31", "9999-12-31", "2023-02-30", "", "x", "1291161600", "2024-06-30T23:00:00-05:00"),
  },
);
const amountCell = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -2000, max: 100_000 }).map((c) => (c / 100).toString()) },
  { weight: 3, arbitrary: fc.constantFrom("0", "-0", "1e308", "1e400", "-1e400", "NaN", "Infinity", "12,5", "1.234,56", " 5 ", "", "0x10", "1_000", "--1", "1e-400") },
);
const cleanId = fc.constantFrom("a", "b", "c", "17850", "Müller");
const cleanDate = fc.integer({ min: Date.UTC(2009, 0, 1), max: Date.UTC(2010, 11, 9) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
const cleanAmount = fc.integer({ min: 1, max: 100_000 }).map((c) => (c / 100).toString());
const orderCell = fc.constantFrom("o1", "o2", "536365", "", "C536379");

/** A cell as written in the file: sometimes quoted, with quotes, delimiters or line breaks inside. */
const written = (cell: fc.Arbitrary<string>) =>
  fc.tuple(cell, fc.constantFrom("plain", "plain", "plain", "quoted", "quotedWithQuote", "quotedWithBreak", "strayQuote")).map(([c, how]) =>
    how === "quoted" ? `"${c}"` : how === "quotedWithQuote" ? `"${c}""x"` : how === "quotedWithBreak" ? `"${c}\n,;"` : how === "strayQuote" ? `${c}"` : c,
  );

const headers = fc.constantFrom(
  ["customerId", "date", "amount"],
  ["customerId", "date", "amount"],
  ["customerId", "date", "amount", "orderId"],
  ["customerId", "date", "amount", "orderId"],
  ["date", "amount", "customerId", "note"],
  ["customerId", "date", "amount", "amount"],
  ["customerId", "customerId", "date", "amount"],
  ["CustomerID", "InvoiceDate", "Quantity", "UnitPrice", "InvoiceNo"],
  ["customerId", "date"],
  ["", "date", "amount"],
);

const csvText = fc
  .record({
    header: headers,
    rows: fc.oneof(
      fc.array(fc.tuple(cleanId, cleanDate, cleanAmount, orderCell, cleanAmount), { minLength: 1, maxLength: 12 }),
      fc.tuple(fc.array(fc.tuple(cleanId, cleanDate, cleanAmount, orderCell, cleanAmount), { maxLength: 10 }), fc.tuple(written(idCell), written(dateCell), written(amountCell), written(orderCell), written(amountCell))).map(([rows, odd]) => [...rows, odd]),
      fc.array(fc.tuple(written(idCell), written(dateCell), written(amountCell), written(orderCell), written(amountCell)), { minLength: 0, maxLength: 12 }),
    ),
    delimiter: fc.constantFrom(",", ",", ",", ";", "\t", "|", " "),
    lineEnd: fc.constantFrom("\n", "\n", "\r\n", "\r"),
    bom: fc.constantFrom("", "", "", "\ufeff"),
    ragged: fc.boolean(),
    finalNewline: fc.boolean(),
  })
  .map(({ header, rows, delimiter, lineEnd, bom, ragged, finalNewline }) => {
    const lines = [header.join(delimiter)];
    rows.forEach(([id, d, a, o, extra], i) => {
      const byName: Record<string, string> = { customerId: id, CustomerID: id, date: d, InvoiceDate: d, amount: a, Quantity: extra, UnitPrice: a, orderId: o, InvoiceNo: o, note: "n", "": "" };
      const cells = header.map((h) => byName[h] ?? "");
      if (ragged && i === rows.length - 1) cells.push("extra");
      lines.push(cells.join(delimiter));
    });
    return { text: bom + lines.join(lineEnd) + (finalNewline ? lineEnd : ""), delimiter, retail: header[0] === "CustomerID" };
  });

/** CSV bytes: UTF-8 text, Latin-1 text, text with random bytes spliced in, UTF-16 BOMs, or random bytes. */
const csvBytes = fc.oneof(
  { weight: 6, arbitrary: csvText.map(({ text, delimiter, retail }) => ({ bytes: enc.encode(text), delimiter, retail })) },
  { weight: 2, arbitrary: csvText.map(({ text, delimiter, retail }) => ({ bytes: Uint8Array.from(Buffer.from(text, "latin1")), delimiter, retail })) },
  {
    weight: 2,
    arbitrary: fc.tuple(csvText, fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x80, 0xc3, 0xe4, 0xff, 0xfe, 0x00, 0xed, 0xa0, 0xf4, 0x90)), { minLength: 1, maxLength: 3 })).map(([{ text, delimiter, retail }, splices]) => {
      const b = Array.from(enc.encode(text));
      for (const [at, byte] of splices) b.splice(b.length === 0 ? 0 : at % b.length, 0, byte);
      return { bytes: Uint8Array.from(b), delimiter, retail };
    }),
  },
  { weight: 1, arbitrary: csvText.map(({ text, delimiter, retail }) => ({ bytes: Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, "utf16le")]), delimiter, retail })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ bytes, delimiter: ",", retail: false })) },
);

const COMMANDS: Record<string, Record<string, fc.Arbitrary<string>>> = {
  summary: {},
  rfm: { method: fc.constantFrom("quantile", "r-rfm", "rank", "x"), bins: fc.constantFrom("2", "3", "5", "10", "1", "11", "2.5", "-1", "NaN", "") },
  segments: { scheme: fc.constantFrom("classic", "r-rfm-readme", "r-rfm-tests", "x"), thresholds: fc.constantFrom("mean", "median", "x"), basis: fc.constantFrom("values", "scores"), ties: fc.constantFrom("low", "high", "mid") },
  abc: { method: fc.constantFrom("fixed", "computed", "x"), by: fc.constantFrom("value", "count", "x") },
  pyramid: { scheme: fc.constantFrom("crm", "zeithaml", "x"), by: fc.constantFrom("value", "count") },
  quadrants: {
    potential: fc.constantFrom("formula", "formula", "predicted", "x"), margin: fc.constantFrom("1", "0.3", "0", "2", "NaN"), retention: fc.constantFrom("0.8", "1", "1.5", "-1", "x"),
    "discount-rate": fc.constantFrom("0.1", "0", "-1", "1e308"), horizon: fc.constantFrom("3", "0", "-2", "1e9", "2.5"), period: fc.constantFrom("day", "week", "month", "year", "x"),
    months: fc.constantFrom("12", "0", "-1", "1e6"), "monthly-discount-rate": fc.constantFrom("0.01", "-2", "NaN"), thresholds: fc.constantFrom("mean", "median"), ties: fc.constantFrom("low", "high"),
  },
  churn: { period: fc.constantFrom("week", "month", "quarter", "year", "x"), "week-starts-on": fc.constantFrom("0", "1", "6", "7", "-1", "x"), "lost-after-days": fc.constantFrom("30", "0", "-5", "1e9", "x") },
  cohorts: { period: fc.constantFrom("week", "month", "quarter", "year", "day"), "week-starts-on": fc.constantFrom("0", "1", "7") },
  clusters: { k: fc.constantFrom("2", "3", "1", "0", "100", "x"), seed: fc.constantFrom("1", "42", "-1", "1e20", "x"), restarts: fc.constantFrom("1", "3", "0"), scaling: fc.constantFrom("log1p-zscore", "zscore", "minmax", "none", "x") },
};

/** A flag's value: one of the valid ones mostly, an invalid one now and then. */
const flag = (valid: string[], invalid: string[]) => (invalid.length === 0 ? fc.constantFrom(...valid) : fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) }));

const INPUT_FLAGS: Record<string, fc.Arbitrary<string>> = {
  "date-format": flag(["iso", "ymd", "mdy", "dmy"], ["x"]),
  "time-zone": flag(["UTC", "Europe/Berlin", "Pacific/Apia"], ["", "Mars/Phobos"]),
  refunds: flag(["net", "exclude", "error"], ["x"]),
  "after-as-of": flag(["error", "ignore"], ["x"]),
  "on-invalid": fc.constantFrom("throw", "skip", "skip", "collect", "collect"),
  order: flag(["orderId"], ["missing"]),
  customer: flag(["customerId"], ["missing", ""]),
  format: fc.constantFrom("csv", "csv", "ndjson", "table", "json", "xml"),
};

const delimiterName = (d: string) => (d === " " ? "whitespace" : d === "\t" ? "tab" : d);

const invocation = fc
  .record({
    command: rarely(fc.constant("nosuch"), 40, null).chain((bad) => (bad ? fc.constant(bad) : fc.constantFrom(...Object.keys(COMMANDS)))),
    asOf: fc.oneof({ weight: 12, arbitrary: fc.constantFrom("2024-06-30", "2030-12-31") }, { weight: 1, arbitrary: fc.constantFrom("2010-12-09", "2024-02-30", "", "0001-01-01", "tomorrow", null) }),
    delimiterFlag: rarely(fc.constantFrom("matching", "\n", "", "ab", '"', "whitespace", ";"), 8, null),
    inputFlags: fc.subarray(Object.keys(INPUT_FLAGS), { maxLength: 2 }),
    commandFlagCount: fc.nat(2),
    decimalComma: rarely(fc.constant(true), 10, false),
    quiet: fc.boolean(),
    extra: rarely(fc.constantFrom("--nosuch", "--bins", "-x", "--as-of"), 30, null),
    seed: fc.nat(),
  })
  .chain((inv) => {
    const cmdFlags = Object.keys(COMMANDS[inv.command] ?? {});
    return fc.record({
      inv: fc.constant(inv),
      data: csvBytes,
      inputValues: fc.tuple(...inv.inputFlags.map((f) => INPUT_FLAGS[f]), fc.constant("")),
      commandFlags: fc.subarray(cmdFlags, { maxLength: Math.min(inv.commandFlagCount, cmdFlags.length) }).chain((fs) => fc.tuple(fc.constant(fs), fc.tuple(...fs.map((f) => COMMANDS[inv.command][f]), fc.constant("")))),
    });
  })
  .map(({ inv, data, inputValues, commandFlags: [cmdFlags, cmdValues] }) => {
    const argv = [inv.command, "-"];
    if (data.retail) argv.push("--customer", "CustomerID", "--date", "InvoiceDate", "--quantity", "Quantity", "--price", "UnitPrice", "--order", "InvoiceNo", "--date-format", "mdy");
    if (inv.asOf !== null) argv.push("--as-of", inv.asOf);
    if (inv.delimiterFlag !== null) argv.push("--delimiter", inv.delimiterFlag === "matching" ? (delimiterName(data.delimiter)) : inv.delimiterFlag);
    else if (data.delimiter !== ",") argv.push("--delimiter", delimiterName(data.delimiter));
    inv.inputFlags.forEach((f, i) => argv.push(`--${f}`, inputValues[i]));
    cmdFlags.forEach((f, i) => argv.push(`--${f}`, cmdValues[i]));
    if (inv.decimalComma) argv.push("--decimal-comma");
    if (inv.quiet) argv.push("-q");
    if (inv.extra) argv.push(inv.extra);
    return { argv, stdin: data.bytes };
  });

describe.concurrent("fuzz: CLI", () => {
  it("crm-analytics <command> on hostile CSV bytes", () =>
    fuzz(
      "cli",
      invocation,
      async ({ argv, stdin }) => {
        assertCliContract(await worker.call({ cli: { argv, stdin } }));
      },
      600,
    ),
  T);
});

/** Plausible files and valid flags: the commands' success paths (exit 0 expected, output checked). */
const VALID_FLAGS: Record<string, string[][]> = {
  summary: [[]],
  rfm: [[], ["--bins", "3"], ["--method", "rank"], ["--method", "r-rfm"]],
  segments: [[], ["--thresholds", "median"], ["--scheme", "r-rfm-readme"], ["--basis", "scores"]],
  abc: [[], ["--method", "computed"], ["--by", "count"]],
  pyramid: [[], ["--scheme", "zeithaml"]],
  quadrants: [["--retention", "0.8", "--discount-rate", "0.1"], ["--retention", "0.8", "--discount-rate", "0.1", "--horizon", "3", "--thresholds", "median"], ["--potential", "predicted"], ["--potential", "predicted", "--months", "6"]],
  churn: [[], ["--period", "week"], ["--period", "quarter"], ["--lost-after-days", "90"]],
  cohorts: [[], ["--period", "week"], ["--period", "year"]],
  clusters: [[], ["--k", "2"], ["--k", "3", "--scaling", "minmax"]],
};
const plausible = fc
  .record({
    command: fc.constantFrom(...Object.keys(VALID_FLAGS)),
    flagSet: fc.nat(),
    rows: fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d", "e", "f", "17850", "Müller"), cleanDate, fc.oneof({ weight: 9, arbitrary: cleanAmount }, { weight: 1, arbitrary: fc.constantFrom("-5.5", "0", "1000000") }), orderCell), { minLength: 1, maxLength: 25 }),
    withOrder: fc.boolean(),
    format: fc.constantFrom("csv", "csv", "ndjson", "table"),
    onInvalid: fc.constantFrom("throw", "skip"),
  })
  .map(({ command, flagSet, rows, withOrder, format, onInvalid }) => {
    const sets = VALID_FLAGS[command];
    const header = withOrder ? "customerId,date,amount,orderId" : "customerId,date,amount";
    const text = [header, ...rows.map(([id, d, a, o]) => (withOrder ? [id, d, a, o || "o1"] : [id, d, a]).join(","))].join("\n") + "\n";
    return { argv: [command, "-", "--as-of", "2010-12-31", "--format", format, "--on-invalid", onInvalid, ...sets[flagSet % sets.length]], stdin: enc.encode(text) };
  });

describe.concurrent("fuzz: CLI on plausible files", () => {
  it("crm-analytics <command> with valid flags", () =>
    fuzz(
      "cli (plausible)",
      plausible,
      async ({ argv, stdin }) => {
        assertCliContract(await worker.call({ cli: { argv, stdin } }));
      },
      250,
    ),
  T);
});

/**
 * The commands that read a table instead of transactions: `select` on per-customer CSVs (criteria flags
 * valid and not, cells that are numbers and not, ids twice or empty) and `service` on contact logs (times
 * in order and not, bot outcomes, scores off the scale) or, with --rate, Erlang C staffing from flags alone.
 */
const criterion = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("a", "b", "a:2", "b:0.5:lower", "a:lower", "b:1:higher") },
  { weight: 1, arbitrary: fc.constantFrom("", "a:0", "a:-1", "a:x", "a:1:down", "missing", "a,a", ":", "a:1e400", "a::") },
);
const numberCell = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -1000, max: 100_000 }).map((c) => (c / 100).toString()) }, { weight: 2, arbitrary: fc.constantFrom("", "x", "1e308", "-1e308", "1e400", "12,5", " 7 ", "NaN", "5e-324") });
const selectInvocation = fc
  .record({
    rows: fc.array(fc.tuple(idCell, numberCell, numberCell), { minLength: 0, maxLength: 20 }),
    attractiveness: fc.array(criterion, { minLength: 1, maxLength: 2 }).map((c) => c.join(",")),
    capability: fc.array(criterion, { minLength: 1, maxLength: 2 }).map((c) => c.join(",")),
    extra: fc.subarray([["--normalize", "rank"], ["--normalize", "zscore"], ["--normalize", "x"], ["--thresholds", "median"], ["--thresholds", "0.5,0.5"], ["--thresholds", "0.5"], ["--ties", "high"], ["--summary"], ["--labels", "zh"], ["--on-invalid", "skip"], ["--on-invalid", "collect"], ["--decimal-comma"], ["--as-of", "2024-01-01"], ["--customer", "id"]], { maxLength: 3 }),
    format: fc.constantFrom("csv", "json", "table"),
  })
  .map(({ rows, attractiveness, capability, extra, format }) => {
    const text = ["customerId,a,b", ...rows.map((r) => r.map((c) => (c.includes(",") ? `"${c}"` : c)).join(","))].join("\n") + "\n";
    return { argv: ["select", "-", "--attractiveness", attractiveness, "--capability", capability, "--format", format, ...extra.flat()], stdin: enc.encode(text) };
  });
const instant = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 0, 8) }).map((ms) => new Date(ms).toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom("", "2024-01-02 09:00:00", "2024-01-02T09:00:00+08:00", "2024-02-30T00:00:00Z", "yesterday", "1704186000000", "0001-01-01T00:00:00Z") },
);
const contactRow = fc
  .record({ offered: instant, wait: fc.integer({ min: -30, max: 300 }), kind: fc.constantFrom("answered", "answered", "abandoned", "both", "neither", "bot"), handle: numberCell, score: fc.constantFrom("", "", "1", "5", "0", "6", "4.5", "x"), bot: fc.constantFrom("resolved", "unrecognised", "transferred", "maybe"), channel: fc.constantFrom("phone", "chat", "") })
  .map((c) => {
    const ms = Date.parse(c.offered);
    const later = Number.isFinite(ms) ? new Date(ms + c.wait * 1000).toISOString() : c.offered;
    const answered = c.kind === "answered" || c.kind === "both" ? later : "";
    const abandoned = c.kind === "abandoned" || c.kind === "both" ? later : "";
    return [c.offered, answered, abandoned, c.kind === "answered" ? c.handle : "", c.channel, c.score, c.kind === "bot" ? c.bot : ""].map((x) => (x.includes(",") ? `"${x}"` : x)).join(",");
  });
const serviceInvocation = fc.oneof(
  fc
    .record({
      rows: fc.array(contactRow, { minLength: 0, maxLength: 20 }),
      extra: fc.subarray([["--period", "week"], ["--period", "month"], ["--period", "all"], ["--period", "hour"], ["--by", "channel"], ["--by", "agent"], ["--by", "channel,agent"], ["--answer-within", "0"], ["--answer-within", "-1"], ["--sl-definition", "answered"], ["--short-abandon", "10"], ["--csat-scale", "0..10"], ["--csat-scale", "5..1"], ["--csat-satisfied-from", "5"], ["--time-zone", "Pacific/Apia"], ["--on-invalid", "skip"], ["--on-invalid", "collect"], ["--offered", "start"], ["--week-starts-on", "0"], ["--target-sl", "0.8"]], { maxLength: 3 }),
      format: fc.constantFrom("csv", "json", "table"),
    })
    .map(({ rows, extra, format }) => ({ argv: ["service", "-", "--format", format, ...extra.flat()], stdin: enc.encode(["offeredAt,answeredAt,abandonedAt,handleSeconds,channel,satisfaction,botOutcome", ...rows].join("\n") + "\n") })),
  fc
    .record({
      rate: fc.constantFrom("0", "1", "100", "5000", "1e6", "1e9", "-1", "x"),
      handle: fc.constantFrom("180", "1", "3600", "0", "1e-300", ""),
      target: fc.constantFrom(["--target-sl", "0.8"], ["--target-sl", "0.999999"], ["--target-sl", "1"], ["--target-asa", "30"], ["--target-asa", "0"], ["--agents", "1..20"], ["--agents", "5"], ["--agents", "0"], ["--agents", "1..100000"], []),
      extra: fc.subarray([["--interval", "1800"], ["--interval", "0"], ["--answer-within", "20"], ["--max-occupancy", "0.85"], ["--max-occupancy", "1e-9"], ["--shrinkage", "0.3"], ["--shrinkage", "1"], ["--period", "week"]], { maxLength: 2 }),
    })
    .map(({ rate, handle, target, extra }) => ({ argv: ["service", "--rate", rate, "--handle-time", handle, ...target, ...extra.flat(), "--format", "json"], stdin: new Uint8Array() })),
);

describe.concurrent("fuzz: CLI table commands (select, service)", () => {
  it("crm-analytics select on per-customer CSVs", () => fuzz("cli (select)", selectInvocation, async ({ argv, stdin }) => void assertCliContract(await worker.call({ cli: { argv, stdin } })), 300), T);
  it("crm-analytics service on contact logs and staffing flags", () => fuzz("cli (service)", serviceInvocation, async ({ argv, stdin }) => void assertCliContract(await worker.call({ cli: { argv, stdin } })), 300), T);
});
