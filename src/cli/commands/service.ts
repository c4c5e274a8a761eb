import { erlangC, MAX_AGENTS, serviceKpis, staffing, type ContactFields, type ServiceKpiRecord, type ServiceKpisOptions, type StaffingTarget } from "../../service/index.js";
import { choice, numberOption, type Command, type OptionSpec, type OptionValues } from "../command.js";
import type { CsvTable } from "../csv.js";
import { fmtCount, percent } from "../counts.js";
import { UsageError } from "../errors.js";
import { cellNumber, cellText, issueProblem, onTable, rowProblemLine, tableColumn } from "../table.js";

/** The contact-log columns: the flag, the library's field and its default column (the field's own name). */
const COLUMN_FLAGS = [
  ["offered", "offeredAt", "when the contact reached the queue (required): ISO date-time, with Z or an offset for an instant"],
  ["answered", "answeredAt", "when an agent answered; empty when no agent answered"],
  ["abandoned", "abandonedAt", "when the customer hung up waiting; empty when not abandoned"],
  ["handle", "handleSeconds", "talk + hold + after-call work of an answered contact, in seconds"],
  ["channel", "channel", "channel (phone, chat, ...)"],
  ["agent", "agent", "the agent who answered"],
  ["fcr", "resolvedFirstContact", "resolved on first contact: yes/no, true/false, 1/0; empty when unknown"],
  ["quality", "qualityPassed", "quality check passed: yes/no, pass/fail, 1/0; empty when not checked"],
  ["satisfaction", "satisfaction", "satisfaction score on --csat-scale; empty when not rated"],
  ["nps", "nps", "likelihood to recommend, 0–10; empty when not answered"],
  ["bot", "botOutcome", "bot outcome: resolved, unresolved, unrecognised, transferred; empty when no bot took part"],
  ["contact-id", "contactId", "contact id, named in messages"],
] as const satisfies readonly (readonly [string, keyof ContactFields, string])[];

/** Columns read as numbers (with --decimal-comma and --thousands). */
const NUMERIC_FIELDS = new Set<string>(["handleSeconds", "satisfaction", "nps"]);

const KPI_OPTIONS = ["period", "week-starts-on", "by", "sl-definition", "short-abandon", "csat-scale", "csat-satisfied-from", ...COLUMN_FLAGS.map((c) => c[0])];
const STAFFING_OPTIONS = ["interval", "handle-time", "target-sl", "target-asa", "max-occupancy", "shrinkage", "agents"];

/** `--agents N` or `--agents N..M` (at most 500 rows). */
function agentsOption(values: OptionValues): { from: number; to: number } | undefined {
  const v = values.agents;
  if (v === undefined) return undefined;
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(String(v));
  const from = m ? Number(m[1]) : Number.NaN;
  const to = m ? Number(m[2] ?? m[1]) : Number.NaN;
  if (from >= 1 && to < from) throw new UsageError(`--agents N..M counts up: N must not exceed M, got ${JSON.stringify(String(v))} (e.g. ${to}..${from})`);
  if (!(from >= 1 && to >= from && to <= MAX_AGENTS && to - from < 500)) {
    throw new UsageError(`--agents must be a number of agents N or a range N..M (1 ≤ N ≤ M ≤ ${MAX_AGENTS}, at most 500 numbers), got ${JSON.stringify(String(v))}`);
  }
  return { from, to };
}

/** The staffing settings, all checked before anything runs. */
interface StaffingSettings {
  arrivalRate: number;
  intervalSeconds: number;
  handleTimeSeconds: number;
  target: StaffingTarget | undefined;
  answerWithin: number;
  maxOccupancy: number | undefined;
  shrinkage: number | undefined;
  agents: { from: number; to: number } | undefined;
}

function staffingSettings(values: OptionValues): StaffingSettings {
  for (const name of KPI_OPTIONS) if (values[name] !== undefined) throw new UsageError(`--${name} applies to a contact log, not to staffing (--rate)`);
  const arrivalRate = numberOption(values, "rate", { min: 0 })!;
  const intervalSeconds = numberOption(values, "interval", { min: 0, exclusiveMin: true }) ?? 3600;
  const handleTimeSeconds = numberOption(values, "handle-time", { min: 0, exclusiveMin: true });
  if (handleTimeSeconds === undefined) throw new UsageError("--rate needs --handle-time SECONDS (the average handle time: talk + hold + after-call work)");
  // 1 is out: no number of agents answers every contact within a time
  const sl = numberOption(values, "target-sl", { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const asa = numberOption(values, "target-asa", { min: 0, exclusiveMin: true });
  const answerWithin = numberOption(values, "answer-within", { min: 0 }) ?? 20;
  if (sl !== undefined && asa !== undefined) throw new UsageError("give one target: --target-sl SHARE (with --answer-within SECONDS) or --target-asa SECONDS");
  if (asa !== undefined && values["answer-within"] !== undefined) throw new UsageError("--answer-within goes with --target-sl (or --agents), not --target-asa");
  const agents = agentsOption(values);
  if (sl === undefined && asa === undefined && agents === undefined) {
    throw new UsageError("--rate needs a target (--target-sl 0.8 --answer-within 20, or --target-asa 30) to find the agents, or --agents N (or N..M) to see what agents reach");
  }
  const maxOccupancy = numberOption(values, "max-occupancy", { min: 0, max: 1, exclusiveMin: true });
  if (maxOccupancy !== undefined && agents !== undefined) throw new UsageError("--max-occupancy applies to finding the agents for a target, not to --agents");
  // 1 is out: nobody would ever be on the phones
  const shrinkage = numberOption(values, "shrinkage", { min: 0, max: 1, exclusiveMax: true });
  const target: StaffingTarget | undefined = sl !== undefined ? { serviceLevel: sl, withinSeconds: answerWithin } : asa !== undefined ? { averageSpeedOfAnswerSeconds: asa } : undefined;
  return { arrivalRate, intervalSeconds, handleTimeSeconds, target, answerWithin, maxOccupancy, shrinkage, agents };
}

/** Agents on the phones → agents to schedule: ⌈agents ÷ (1 − shrinkage)⌉ (breaks, training, absence). */
function scheduled(agents: number, shrinkage: number): number {
  // a quotient a hair above an integer (15 ÷ 0.75 = 20.000000000000004) is that integer
  const q = agents / (1 - shrinkage);
  const r = Math.round(q);
  return Math.abs(q - r) <= 1e-9 * r ? r : Math.ceil(q);
}

function runStaffing(s: StaffingSettings) {
  const base = { arrivalRate: s.arrivalRate, intervalSeconds: s.intervalSeconds, handleTimeSeconds: s.handleTimeSeconds };
  const withShrinkage = (agents: number) => (s.shrinkage !== undefined ? { scheduledAgents: scheduled(agents, s.shrinkage) } : {});
  if (s.agents !== undefined) {
    const records = [];
    for (let n = s.agents.from; n <= s.agents.to; n++) {
      const r = erlangC({ ...base, agents: n, serviceLevelSeconds: s.answerWithin });
      const meets =
        s.target === undefined ? {} : { meetsTarget: r.stable && ("serviceLevel" in s.target ? r.serviceLevel >= s.target.serviceLevel : (r.averageSpeedOfAnswerSeconds as number) <= s.target.averageSpeedOfAnswerSeconds) };
      records.push({ agents: n, ...withShrinkage(n), trafficErlangs: r.trafficErlangs, stable: r.stable, probabilityOfWaiting: r.probabilityOfWaiting, serviceLevel: r.serviceLevel, serviceLevelSeconds: r.serviceLevelSeconds, averageSpeedOfAnswerSeconds: r.averageSpeedOfAnswerSeconds, occupancy: r.occupancy, ...meets });
    }
    const traffic = records[0].trafficErlangs;
    const unstable = records.filter((r) => !r.stable).length;
    const notes = [`offered load ${Number(traffic.toPrecision(6))} Erlangs (${s.arrivalRate} contacts per ${s.intervalSeconds} s × ${s.handleTimeSeconds} s handle time)${unstable > 0 ? `; ${unstable === 1 ? `${s.agents.from} agent${s.agents.from === 1 ? "" : "s"}` : `${s.agents.from} to ${s.agents.from + unstable - 1} agents`}, at or below it, cannot keep up (the queue grows without end: service level 0, no average speed of answer)` : ""}`];
    return { records, meta: { mode: "erlangC", ...base, serviceLevelSeconds: s.answerWithin, target: s.target ?? null, shrinkage: s.shrinkage ?? null }, notes };
  }
  const r = staffing({ ...base, target: s.target!, ...(s.maxOccupancy !== undefined ? { maxOccupancy: s.maxOccupancy } : {}) });
  const record = { ...base, trafficErlangs: r.trafficErlangs, agents: r.agents, ...withShrinkage(r.agents), limitedBy: r.limitedBy, probabilityOfWaiting: r.probabilityOfWaiting, serviceLevel: r.serviceLevel, serviceLevelSeconds: r.serviceLevelSeconds, averageSpeedOfAnswerSeconds: r.averageSpeedOfAnswerSeconds, occupancy: r.occupancy };
  const goal = "serviceLevel" in s.target! ? `${percent(s.target!.serviceLevel)} answered within ${s.target!.withinSeconds} s` : `an average speed of answer of at most ${s.target!.averageSpeedOfAnswerSeconds} s`;
  const notes = [
    `${fmtCount(r.agents)} agent${r.agents === 1 ? "" : "s"} on the phones for ${goal} (Erlang C${r.limitedBy === "maxOccupancy" ? `; the occupancy limit ${s.maxOccupancy}, not the target, sets the number` : ""})${s.shrinkage !== undefined ? `; ${fmtCount(record.scheduledAgents!)} to schedule at ${percent(s.shrinkage)} shrinkage` : ""}`,
  ];
  return { records: [record], meta: { mode: "staffing", ...base, target: s.target, maxOccupancy: s.maxOccupancy ?? null, shrinkage: s.shrinkage ?? null, result: r }, notes };
}

/** The KPI settings, all checked before the log is read. */
function kpiSettings(values: OptionValues): Omit<ServiceKpisOptions, "fields" | "onInvalid" | "timeZone"> {
  for (const name of STAFFING_OPTIONS) if (values[name] !== undefined) throw new UsageError(`--${name} applies to staffing: give --rate (contacts per --interval) to compute it`);
  const period = choice(values, "period", ["day", "week", "month", "all"] as const, "day");
  const weekStartsOn = numberOption(values, "week-starts-on", { integer: true, min: 0, max: 6 });
  if (weekStartsOn !== undefined && period !== "week") throw new UsageError("--week-starts-on applies to --period week");
  const byText = typeof values.by === "string" ? values.by : undefined;
  let by: ("channel" | "agent")[] = [];
  if (byText !== undefined) {
    const parts = byText.split(",").map((p) => p.trim());
    if (parts.length > 2 || parts.some((p) => p !== "channel" && p !== "agent") || new Set(parts).size !== parts.length) {
      throw new UsageError(`--by must be channel, agent or channel,agent, got ${JSON.stringify(byText)}`);
    }
    by = parts as ("channel" | "agent")[];
  }
  const serviceLevelSeconds = numberOption(values, "answer-within", { min: 0 }) ?? 20;
  const definition = choice(values, "sl-definition", ["offered", "answered"] as const, "offered");
  const shortAbandonSeconds = numberOption(values, "short-abandon", { min: 0 }) ?? 5;
  let csatScale: [number, number] = [1, 5];
  if (values["csat-scale"] !== undefined) {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*$/.exec(String(values["csat-scale"]));
    if (!m || !(Number(m[1]) < Number(m[2]))) throw new UsageError(`--csat-scale must be LOW..HIGH with LOW < HIGH (e.g. 1..5 or 0..10), got ${JSON.stringify(String(values["csat-scale"]))}`);
    csatScale = [Number(m[1]), Number(m[2])];
  }
  const satisfiedFrom = numberOption(values, "csat-satisfied-from");
  if (satisfiedFrom !== undefined && (satisfiedFrom < csatScale[0] || satisfiedFrom > csatScale[1])) {
    throw new UsageError(`--csat-satisfied-from must be on the scale ${csatScale[0]}..${csatScale[1]}, got ${satisfiedFrom}`);
  }
  return {
    period,
    ...(weekStartsOn !== undefined ? { weekStartsOn } : {}),
    by,
    serviceLevelSeconds,
    serviceLevelDefinition: definition === "offered" ? "offered" : "answeredAndLateAbandoned",
    shortAbandonSeconds,
    csatScale,
    ...(satisfiedFrom !== undefined ? { csatSatisfiedFrom: satisfiedFrom } : {}),
  };
}

/** The contact log as records (one per row, text cells; numbers read with the number options), and the columns used. */
function contactRecords(table: CsvTable, values: OptionValues, read: { decimalComma: boolean; thousands: string | undefined } & Parameters<typeof tableColumn>[3], by: readonly string[]) {
  const fields: Record<string, string> = {};
  const used: { field: string; column: string; index: number }[] = [];
  for (const [flag, field] of COLUMN_FLAGS) {
    const given = typeof values[flag] === "string" ? (values[flag] as string) : undefined;
    if (given === undefined && field !== "offeredAt" && !table.header.includes(field)) continue;
    const index = tableColumn(table, given ?? field, given === undefined ? `--${flag} (default ${field})` : `--${flag}`, read);
    fields[field] = field;
    used.push({ field, column: given ?? field, index });
  }
  for (const b of by) {
    if (fields[b] === undefined) throw new UsageError(`--by ${b} needs the ${b} column: the log has no column ${JSON.stringify(b)} (name it with --${b} COLUMN)`);
  }
  const records: Record<string, string | number>[] = new Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    const record: Record<string, string | number> = {};
    for (const u of used) {
      const text = cellText(table, u.index, r);
      if (NUMERIC_FIELDS.has(u.field) && text.trim() !== "") {
        const x = cellNumber(text, read);
        // a cell that is not a number stays text: the library names it in its message
        record[u.field] = Number.isFinite(x) ? x : text;
      } else record[u.field] = text;
    }
    records[r] = record;
  }
  return { records, fields, used };
}

const FLAG: Record<string, OptionSpec> = Object.fromEntries(COLUMN_FLAGS.map(([flag, field, help]) => [flag, { type: "string", arg: "COLUMN", help: `${help} (default ${field})` }]));

/** `service`: contact-centre KPIs from a contact log, or Erlang C staffing from a load. */
export const serviceCommand: Command = {
  name: "service",
  summary: "service KPIs from a contact log (answer rate, service level, abandonment, handle time, FCR, CSAT, NPS, bots) per period and channel/agent; Erlang C staffing (--rate)",
  description:
    "Two uses.\n" +
    "  From a contact log (one row per call, chat or bot session): one record per --period (day by default, week, month or all) and, with --by, per channel and/or agent: contacts, offered, answered, abandoned, answer rate (接通率), service level (answered within --answer-within seconds, default 20, over offered contacts, or with --sl-definition answered over answered + abandoned after that time), average speed of answer, abandon rate with and without short abandons (--short-abandon, default 5 s), average handle time, first-contact resolution (一次性解决问题率), quality pass rate (监听合格率), CSAT (share of scores ≥ --csat-satisfied-from on --csat-scale) and rating participation (参评比例), NPS, and for bots the resolution (有结果率), rejection (拒识率) and transfer rates and the share handled without an agent. Columns default to the library's field names (offeredAt, answeredAt, abandonedAt, handleSeconds, channel, agent, resolvedFirstContact, qualityPassed, satisfaction, nps, botOutcome, contactId); only offeredAt is required, the others are read when the log has them. Times are ISO date-times (2024-03-04T09:00:10Z, or wall-clock 2024-03-04 09:00:10); a contact counts in the period of its offer (in --time-zone).\n" +
    "  Staffing (no file): --rate N contacts per --interval (default 3600 s) with --handle-time SECONDS gives the fewest agents for --target-sl SHARE within --answer-within SECONDS (default 20), or for --target-asa SECONDS, under Erlang C (optionally --max-occupancy); --agents N or N..M instead prints what each number of agents reaches. --shrinkage adds the agents to schedule.",
  examples: [
    "crm-analytics service contacts.csv --period week --by channel --answer-within 30 --format table",
    "crm-analytics service contacts.csv --offered start_time --answered answer_time --abandoned hangup_time --handle aht --by agent --period month",
    "crm-analytics service --rate 100 --interval 1800 --handle-time 180 --target-sl 0.8 --answer-within 20 --shrinkage 0.3",
    "crm-analytics service --rate 100 --interval 1800 --handle-time 180 --agents 10..16 --target-sl 0.8 --format table",
  ],
  needs: "table",
  usage: "[file|-] [options] | --rate N --handle-time S ...",
  inputOptions: ["time-zone", "encoding", "delimiter", "decimal-comma", "thousands", "on-invalid"],
  options: {
    period: { type: "string", arg: "day|week|month|all", help: "log: one record per day (default), week, month, or all contacts together" },
    "week-starts-on": { type: "string", arg: "0..6", help: "log: first day of a week for --period week: 0 Sunday … 6 Saturday (default 1, Monday)" },
    by: { type: "string", arg: "channel|agent|channel,agent", help: "log: split each period by channel, by agent, or both" },
    "answer-within": { type: "string", arg: "SECONDS", help: "the service level's answer time X (default 20): the log's service level, or the staffing target's" },
    "sl-definition": { type: "string", arg: "offered|answered", help: "log: service level over offered contacts (default), or over answered + abandoned after X" },
    "short-abandon": { type: "string", arg: "SECONDS", help: "log: abandons within this time are short, left out of abandonRateExcludingShort (default 5)" },
    "csat-scale": { type: "string", arg: "LOW..HIGH", help: "log: the satisfaction scale (default 1..5)" },
    "csat-satisfied-from": { type: "string", arg: "SCORE", help: "log: scores counted as satisfied (default 4 on 1..5: the top two boxes)" },
    ...FLAG,
    rate: { type: "string", arg: "N", help: "staffing: contacts arriving per --interval (reads no file)" },
    interval: { type: "string", arg: "SECONDS", help: "staffing: the interval --rate counts over (default 3600: contacts per hour)" },
    "handle-time": { type: "string", arg: "SECONDS", help: "staffing: average handle time (required with --rate)" },
    "target-sl": { type: "string", arg: "SHARE", help: "staffing: share to answer within --answer-within, in (0, 1): 0.8 for 80/20" },
    "target-asa": { type: "string", arg: "SECONDS", help: "staffing: the average speed of answer to stay at or below" },
    "max-occupancy": { type: "string", arg: "SHARE", help: "staffing: highest occupancy allowed, in (0, 1] (e.g. 0.85)" },
    shrinkage: { type: "string", arg: "SHARE", help: "staffing: share of paid time off the phones, in [0, 1): adds scheduledAgents = ⌈agents ÷ (1 − shrinkage)⌉" },
    agents: { type: "string", arg: "N|N..M", help: "staffing: what N agents (or each of N..M) reach, instead of finding the number" },
  },
  readsInput(values) {
    return values.rate === undefined;
  },
  prepare(values) {
    if (values.rate !== undefined) {
      const settings = staffingSettings(values);
      return (input) => {
        if (input.kind !== "none") throw new Error("service: staffing reads no input");
        return runStaffing(settings);
      };
    }
    const settings = kpiSettings(values);
    return (input) => {
      if (input.kind !== "table") throw new Error("service: needs a table");
      const { table, read } = input;
      const { records, fields, used } = contactRecords(table, values, read, settings.by ?? []);
      const columnOf = (field: string | undefined) => used.find((u) => u.field === field)?.column ?? field;
      const options: ServiceKpisOptions = { ...settings, fields: fields as unknown as ContactFields, onInvalid: read.onInvalid, ...(read.timeZone !== undefined ? { timeZone: read.timeZone } : {}) };
      const result = onTable(() => serviceKpis(records, options), table, (i) => i, columnOf);
      const { meta } = result;
      const notes: string[] = [];
      const warnings: string[] = [];
      const report = meta.input;
      if (report.invalidRows > 0) {
        notes.push(`${fmtCount(report.invalidRows)} of ${fmtCount(report.rowsRead)} contacts left out (--on-invalid ${read.onInvalid}): ${Object.entries(report.invalidByCode).map(([code, n]) => `${code} ${fmtCount(n ?? 0)}`).join(", ")}`);
        if (read.onInvalid === "collect") for (const issue of report.issues ?? []) warnings.push(rowProblemLine(table, issueProblem(issue, (i) => i, columnOf)));
      }
      const t = meta.totals;
      const slText = meta.serviceLevelDefinition === "offered" ? "over offered contacts" : "over answered + abandoned after it";
      notes.push(
        `${fmtCount(t.contacts)} contact${t.contacts === 1 ? "" : "s"}, ${fmtCount(t.offered)} offered to agents: answer rate ${share(t.answerRate)}, service level ${share(t.serviceLevel)} (answered within ${meta.serviceLevelSeconds} s, ${slText}), abandon rate ${share(t.abandonRate)}; columns read: ${used.map((u) => u.column).join(", ")}`,
      );
      // the KPIs of fields the log does not have would be empty on every row: left out
      const fieldsRead = new Set(used.map((u) => u.field));
      const missing = Object.entries(KPI_SOURCES).flatMap(([field, kpis]) => (fieldsRead.has(field) ? [] : kpis));
      return { records: result.periods.map((r) => flat(r, meta.period, meta.by, new Set(missing))), meta, notes, warnings };
    };
  },
};

/** A share for a note, or "n/a" when it has no denominator. */
function share(x: number | null): string {
  return x === null ? "n/a" : percent(x);
}

/** The KPI columns computed from each optional field of the log. */
const KPI_SOURCES: Record<string, readonly (keyof ServiceKpiRecord)[]> = {
  handleSeconds: ["averageHandleSeconds"],
  resolvedFirstContact: ["firstContactResolution"],
  qualityPassed: ["qualityPassRate"],
  satisfaction: ["rated", "csat", "ratingParticipation", "botRatingParticipation"],
  nps: ["nps", "npsResponses"],
  botOutcome: ["botContacts", "botResolutionRate", "botRejectionRate", "botTransferRate", "botRatingParticipation", "selfServiceShare"],
};

/**
 * The record as printed: the KPI columns (rates null when they have no denominator) but those of
 * fields the log lacks and occupancy (it needs staffed time, which the command line does not read);
 * start and end but for days; channel and agent only when split by them.
 */
function flat(r: ServiceKpiRecord, kind: string, by: readonly string[], missing: ReadonlySet<string>): Record<string, string | number | boolean | null> {
  const { channel, agent, period, start, end, occupancy: _occupancy, ...kpis } = r;
  const kept = Object.fromEntries(Object.entries(kpis).filter(([k]) => !missing.has(k)));
  // a day is its own start and end
  const span: Record<string, string> = kind === "day" ? {} : { start, end };
  return { period, ...span, ...(by.includes("channel") ? { channel } : {}), ...(by.includes("agent") ? { agent } : {}), ...kept };
}
