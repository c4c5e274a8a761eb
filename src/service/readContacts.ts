import { AnalyticsInputError, describeValue, inputIssue, type InputIssue, type InputIssueCode, type IssuePath } from "../errors.js";
import { dayConverter, parseDateString, DATE_IMPOSSIBLE, PLAUSIBLE_FROM_DAY, PLAUSIBLE_TO_DAY, type DayConverter } from "../input/dates.js";
import { fieldLabel, fieldReader, firstRecord, missingFields, recordArray, thrownMessage } from "../input/readRecords.js";
import type { FieldAccessor, InputReport, OnInvalid } from "../input/types.js";

/** Where the contact fields are in the caller's records (key names or accessors). Only `offeredAt` is required. */
export interface ContactFields<Row = any> {
  /** Contact id, named in issues (optional). */
  contactId?: FieldAccessor<Row>;
  /** When the contact reached the queue (ISO date-time, `Date` or epoch milliseconds). Required. */
  offeredAt: FieldAccessor<Row>;
  /** When an agent answered; empty (`null`, `undefined`, `""`) when no agent answered. */
  answeredAt?: FieldAccessor<Row>;
  /** When the customer hung up waiting; empty when not abandoned. */
  abandonedAt?: FieldAccessor<Row>;
  /** Talk + hold + after-call work of an answered contact, in seconds (≥ 0). */
  handleSeconds?: FieldAccessor<Row>;
  /** Channel (`"phone"`, `"chat"`, ...). */
  channel?: FieldAccessor<Row>;
  /** The agent who answered. */
  agent?: FieldAccessor<Row>;
  /** Resolved on first contact: `true`/`false` (also `"yes"`/`"no"`, `"true"`/`"false"`, `1`/`0`); empty when unknown. */
  resolvedFirstContact?: FieldAccessor<Row>;
  /** Quality check result: passed `true`/`false` (same forms); empty when not checked. */
  qualityPassed?: FieldAccessor<Row>;
  /** Satisfaction score on `csatScale` (e.g. 1–5); empty when the customer did not rate. */
  satisfaction?: FieldAccessor<Row>;
  /** "How likely are you to recommend us", an integer 0–10; empty when not answered. */
  nps?: FieldAccessor<Row>;
  /**
   * Bot outcome: `"resolved"` (the bot gave an answer: 有结果), `"unresolved"` (it answered but did not
   * solve), `"unrecognised"` (it did not understand: 拒识), `"transferred"` (handed to the agent queue);
   * empty when no bot took part.
   */
  botOutcome?: FieldAccessor<Row>;
}

/** The bot outcomes a contact may have. */
export const BOT_OUTCOMES = ["resolved", "unresolved", "unrecognised", "transferred"] as const;
/** One bot outcome. */
export type BotOutcome = (typeof BOT_OUTCOMES)[number];

/** One contact as read. @internal */
export interface Contact {
  row: number;
  day: number;
  /** Seconds from offered to answered or abandoned (NaN for bot-only contacts). */
  waitSeconds: number;
  /** "answered" | "abandoned" | "bot" (handled without an agent). */
  kind: "answered" | "abandoned" | "bot";
  handleSeconds: number;
  channel: string | null;
  agent: string | null;
  fcr: boolean | null;
  quality: boolean | null;
  satisfaction: number | null;
  nps: number | null;
  bot: BotOutcome | null;
}

/** How the reader works. @internal */
export interface ReadContactsSpec {
  fields: ContactFields;
  timeZone: string | undefined;
  onInvalid: OnInvalid;
  maxIssues: number;
  csatScale: readonly [number, number];
  /** The default mapping: an optional field is read when some record has it (the log may lack it). */
  byPresence: boolean;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An instant as epoch milliseconds and its calendar day in the zone: text with `Z` or an offset is an
 * instant; text without one is a wall-clock time, read as such (its calendar day is its date part, and
 * two wall-clock times differ by their wall-clock difference). `Date`s and numbers are epoch milliseconds.
 * Returns why when it cannot be read.
 */
function readInstant(raw: unknown, conv: DayConverter): { ms: number; day: number; offset: boolean } | string {
  if (typeof raw === "string") {
    const day = parseDateString(raw, conv);
    if (day === DATE_IMPOSSIBLE) return `expected a real date and time, got ${describeValue(raw)}`;
    const m = DATE_TIME.exec(raw);
    if (!m || Number.isNaN(day)) return `expected an ISO date-time (YYYY-MM-DDTHH:MM:SS, with Z or an offset for an instant), a Date or epoch milliseconds, got ${describeValue(raw)}`;
    const frac = m[7] === undefined ? 0 : Number(`0.${m[7]}`.slice(0, 5)) * 1000;
    const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) + Math.floor(frac);
    // Date.UTC maps years 0..99 to 1900..1999: the plausibility check below refuses them anyway
    let offsetMin = 0;
    const z = m[8];
    if (z !== undefined && z !== "Z") {
      const digits = z.replace(":", "");
      offsetMin = (z[0] === "-" ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0));
    }
    if (day < PLAUSIBLE_FROM_DAY || day > PLAUSIBLE_TO_DAY) return `date ${raw} is outside 1900-01-01..2199-12-31`;
    return { ms: wall - offsetMin * 60_000, day, offset: z !== undefined };
  }
  const ms = typeof raw === "number" ? raw : raw instanceof Date ? raw.getTime() : Number.NaN;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `expected an ISO date-time, a Date or epoch milliseconds, got ${describeValue(raw)}`;
  const day = conv.dayOfInstant(ms);
  if (day < PLAUSIBLE_FROM_DAY || day > PLAUSIBLE_TO_DAY || Math.abs(ms) < 1e10) return `epoch milliseconds ${ms} are not a plausible contact time (1900..2199; seconds given as milliseconds?)`;
  return { ms, day, offset: true };
}

const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === "";

const TRUE = new Set(["true", "yes", "y", "1", "pass", "passed"]);
const FALSE = new Set(["false", "no", "n", "0", "fail", "failed"]);

function readFlag(v: unknown): boolean | null | undefined {
  if (isEmpty(v)) return null;
  if (typeof v === "boolean") return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
  }
  return undefined;
}

function readNumber(v: unknown): number | null | undefined {
  if (isEmpty(v)) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(v)) return Number(v);
  return undefined;
}

function readText(v: unknown): string | null | undefined {
  if (isEmpty(v)) return null;
  if (typeof v === "string") return v.trim() === "" ? null : v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Reads and checks the contacts; bad ones follow `onInvalid`. @internal */
export function readContacts(fn: string, input: Iterable<unknown>, spec: ReadContactsSpec): { contacts: Contact[]; report: InputReport } {
  const rows = recordArray(fn, "contacts", input);
  const n = rows.length;
  if (n === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["contacts"], "no contacts (0 records)")]);
  const conv = dayConverter(fn, spec.timeZone);
  const f = spec.fields;
  const names = ["contactId", "offeredAt", "answeredAt", "abandonedAt", "handleSeconds", "channel", "agent", "resolvedFirstContact", "qualityPassed", "satisfaction", "nps", "botOutcome"] as const;
  let mapped = names.filter((k) => f[k] !== undefined);
  if (spec.byPresence) {
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      if (typeof row === "object" && row !== null) for (const k of mapped) if (!seen.has(k) && Object.hasOwn(row, f[k] as string)) seen.add(k);
    }
    mapped = mapped.filter((k) => k === "offeredAt" || seen.has(k));
  }
  const { first, at } = firstRecord(fn, "contacts", rows, n);
  if (first) {
    const missing = missingFields(first, mapped.filter((k) => !spec.byPresence || k === "offeredAt").map((k) => [f[k] as FieldAccessor<unknown>, k] as const), ["contacts", at]);
    if (missing.length > 0) throw new AnalyticsInputError(fn, missing);
  }
  const get = Object.fromEntries(mapped.map((k) => [k, fieldReader(f[k] as FieldAccessor<unknown>)])) as Partial<Record<(typeof names)[number], (row: unknown, i: number) => unknown>>;
  const used = new Set<string>(mapped);
  const label = (k: (typeof names)[number]): string => fieldLabel(f[k] as FieldAccessor<unknown>, k);
  const issues: InputIssue[] = [];
  const byCode: Partial<Record<InputIssueCode, number>> = {};
  let total = 0;
  let invalidRows = 0;
  const contacts: Contact[] = [];
  const [lo, hi] = spec.csatScale;
  for (let i = 0; i < n; i++) {
    let bad = false;
    let who = "";
    const add = (code: InputIssueCode, path: IssuePath, message: string): void => {
      bad = true;
      total++;
      byCode[code] = (byCode[code] ?? 0) + 1;
      if (spec.onInvalid === "collect" || issues.length < spec.maxIssues) issues.push(inputIssue(code, path, message + who));
    };
    const row = rows[i];
    if (typeof row !== "object" || row === null) {
      add("invalid_row", ["contacts", i], `expected a record (object), got ${describeValue(row)}`);
      invalidRows++;
      continue;
    }
    const value = (k: (typeof names)[number]): unknown => {
      const g = get[k];
      if (g === undefined || !used.has(k)) return undefined;
      try {
        return g(row, i);
      } catch (error) {
        add("unreadable_field", ["contacts", i, label(k)], `reading the field threw: ${thrownMessage(error)}`);
        return undefined;
      }
    };
    const id = readText(value("contactId"));
    if (typeof id === "string") who = ` (contact ${JSON.stringify(id)})`;
    const offered = readInstant(value("offeredAt"), conv);
    const answeredRaw = value("answeredAt");
    const abandonedRaw = value("abandonedAt");
    const answered = isEmpty(answeredRaw) ? null : readInstant(answeredRaw, conv);
    const abandoned = isEmpty(abandonedRaw) ? null : readInstant(abandonedRaw, conv);
    if (typeof offered === "string") add("invalid_date", ["contacts", i, label("offeredAt")], offered);
    if (typeof answered === "string") add("invalid_date", ["contacts", i, label("answeredAt")], answered);
    if (typeof abandoned === "string") add("invalid_date", ["contacts", i, label("abandonedAt")], abandoned);
    const botRaw = value("botOutcome");
    const botText = readText(botRaw);
    let bot: BotOutcome | null = null;
    if (botText === undefined || (botText !== null && !(BOT_OUTCOMES as readonly string[]).includes(botText))) {
      add("invalid_value", ["contacts", i, label("botOutcome")], `expected one of ${BOT_OUTCOMES.map((o) => JSON.stringify(o)).join(", ")} or empty, got ${describeValue(botRaw)}`);
    } else bot = botText as BotOutcome | null;
    const toAgent = bot === null || bot === "transferred";
    let kind: Contact["kind"] = "bot";
    let wait = Number.NaN;
    if (toAgent) {
      if (answered !== null && abandoned !== null) add("invalid_value", ["contacts", i, label("abandonedAt")], "a contact is either answered or abandoned, not both");
      else if (answered === null && abandoned === null) {
        const also = !used.has("abandonedAt") ? " (map abandonedAt, or give every unanswered contact a time it was abandoned)" : "";
        add("invalid_value", ["contacts", i, label(used.has("answeredAt") ? "answeredAt" : "offeredAt")], `unknown outcome: neither answered nor abandoned${bot === "transferred" ? " after the bot transferred it" : ""}${also}`);
      } else if (typeof offered !== "string") {
        const end = (answered ?? abandoned) as { ms: number; day: number; offset: boolean } | string;
        const which = answered !== null ? "answeredAt" : "abandonedAt";
        if (typeof end !== "string") {
          if (end.offset !== offered.offset) {
            add("invalid_value", ["contacts", i, label(which)], `${which} and offeredAt must both carry a UTC offset or both be wall-clock times`);
          } else if (end.ms < offered.ms) add("invalid_value", ["contacts", i, label(which)], `${which} is ${(offered.ms - end.ms) / 1000} s before offeredAt`);
          else {
            wait = (end.ms - offered.ms) / 1000;
            kind = answered !== null ? "answered" : "abandoned";
          }
        }
      }
    } else if (answered !== null || abandoned !== null) {
      add("invalid_value", ["contacts", i, label(answered !== null ? "answeredAt" : "abandonedAt")], `the bot outcome is ${JSON.stringify(bot)}, so no agent queue: answeredAt/abandonedAt must be empty (use "transferred")`);
    }
    const handleRaw = value("handleSeconds");
    const handle = readNumber(handleRaw);
    let handleSeconds = 0;
    if (handle === undefined || (handle !== null && handle < 0)) add("invalid_value", ["contacts", i, label("handleSeconds")], `expected a duration in seconds >= 0, got ${describeValue(handleRaw)}`);
    else if (handle === null && kind === "answered" && used.has("handleSeconds")) add("invalid_value", ["contacts", i, label("handleSeconds")], "an answered contact needs its handle time");
    else handleSeconds = handle ?? 0;
    const flag = (k: "resolvedFirstContact" | "qualityPassed"): boolean | null => {
      const raw = value(k);
      const v = readFlag(raw);
      if (v === undefined) add("invalid_value", ["contacts", i, label(k)], `expected true/false (yes/no, 1/0) or empty, got ${describeValue(raw)}`);
      return v ?? null;
    };
    const fcr = flag("resolvedFirstContact");
    const quality = flag("qualityPassed");
    const satRaw = value("satisfaction");
    const sat = readNumber(satRaw);
    if (sat === undefined || (sat !== null && (sat < lo || sat > hi))) add("invalid_value", ["contacts", i, label("satisfaction")], `expected a score from ${lo} to ${hi} or empty, got ${describeValue(satRaw)}`);
    const npsRaw = value("nps");
    const nps = readNumber(npsRaw);
    if (nps === undefined || (nps !== null && (!Number.isInteger(nps) || nps < 0 || nps > 10))) add("invalid_value", ["contacts", i, label("nps")], `expected an integer from 0 to 10 or empty, got ${describeValue(npsRaw)}`);
    const channelRaw = value("channel");
    const channel = readText(channelRaw);
    if (channel === undefined) add("invalid_value", ["contacts", i, label("channel")], `expected a channel name or empty, got ${describeValue(channelRaw)}`);
    const agentRaw = value("agent");
    const agent = readText(agentRaw);
    if (agent === undefined) add("invalid_value", ["contacts", i, label("agent")], `expected an agent name or empty, got ${describeValue(agentRaw)}`);
    if (bad) {
      invalidRows++;
      continue;
    }
    contacts.push({
      row: i,
      day: (offered as { day: number }).day,
      waitSeconds: wait,
      kind,
      handleSeconds: kind === "answered" ? handleSeconds : 0,
      channel: channel ?? null,
      agent: kind === "answered" ? (agent ?? null) : null,
      fcr,
      quality,
      satisfaction: sat ?? null,
      nps: nps ?? null,
      bot,
    });
  }
  if (issues.length > 0 && spec.onInvalid === "throw") throw new AnalyticsInputError(fn, issues, total);
  if (contacts.length === 0) throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["contacts"], `no valid contacts (${n} read, all left out)`)]);
  const report: InputReport = { rowsRead: n, rowsUsed: contacts.length, invalidRows, invalidByCode: byCode, ignoredAfterAsOf: 0, excludedRefunds: 0 };
  if (spec.onInvalid === "collect") report.issues = issues;
  return { contacts, report };
}

