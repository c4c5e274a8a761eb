import { checkFinite } from "../internal/overflow.js";
import { z } from "zod";
import { defineOptions, fieldAccessorSchema as accessor, parseOptions, type OptionsSchema } from "../options.js";
import { isoDateFromDays } from "../input/dates.js";
import type { InputReport, OnInvalid } from "../input/types.js";
import { netPromoterScore } from "../churn/netPromoterScore.js";
import { periodCalendar } from "../churn/periods.js";
import { readContacts, type Contact, type ContactFields } from "./readContacts.js";

/** How the service level counts: see {@link ServiceKpisOptions.serviceLevelDefinition}. */
export type ServiceLevelDefinition = "offered" | "answeredAndLateAbandoned";

/** Staffed (logged-in) time of one agent in one period, for occupancy. */
export interface AgentTime {
  agent: string;
  /** The period label as the results write it (`2024-03-04`, `2024-03`, or `"all"`). */
  period: string;
  /** Seconds logged in and available or handling contacts (breaks excluded). */
  staffedSeconds: number;
}

/** Options of {@link serviceKpis}. */
export interface ServiceKpisOptions<Row = any> {
  /**
   * Field mapping. Default: each field under its own name (`offeredAt`, `answeredAt`, ...), read when
   * some record has it; a mapping given here must name fields the first record has.
   */
  fields?: ContactFields<Row>;
  /** `"day"`, `"week"`, `"month"` or `"all"` (default, one period). A contact counts in the period of its `offeredAt`. */
  period?: "day" | "week" | "month" | "all";
  /** First weekday of weeks, 0 = Sunday … 6 = Saturday (default 1, Monday). */
  weekStartsOn?: number;
  /** IANA zone in which instants become calendar days (UTC when omitted). */
  timeZone?: string;
  /** Split each period by channel, by agent, or both (default: no split). */
  by?: readonly ("channel" | "agent")[];
  /** Target answer time X of the service level, in seconds (default 20). */
  serviceLevelSeconds?: number;
  /**
   * `"offered"` (default): answered within X ÷ offered (every abandoned contact counts against it).
   * `"answeredAndLateAbandoned"`: answered within X ÷ (answered + abandoned after X) (those who hung up
   * within X are left out).
   */
  serviceLevelDefinition?: ServiceLevelDefinition;
  /** Abandons within this many seconds are "short" (default 5): left out of `abandonRateExcludingShort`. */
  shortAbandonSeconds?: number;
  /** Lowest and highest satisfaction score (default [1, 5]). */
  csatScale?: readonly [number, number];
  /** Scores counted as satisfied: at least this (default 4: the top two boxes of 1–5). */
  csatSatisfiedFrom?: number;
  /** Staffed time per agent and period: with it, occupancy is computed. */
  agentTime?: readonly AgentTime[];
  /** Bad contacts: `"throw"` (default), `"skip"` or `"collect"`, as the other readers. */
  onInvalid?: OnInvalid;
  /** Issues listed before the error is thrown (default 20). */
  maxIssues?: number;
}

/** The KPIs of one period (and channel/agent with `by`). Rates are `null` when their denominator is 0. */
export interface ServiceKpiRecord {
  /** Period label (`2024-03-04` for days and weeks, `2024-03`, or `"all"`). */
  period: string;
  /** First and last calendar day of the period (of the contacts for `"all"`). */
  start: string;
  end: string;
  /** The channel, with `by` including `"channel"` (else `null`; `null` too for contacts without one). */
  channel: string | null;
  /** The agent, with `by` including `"agent"` (else `null`; unanswered and bot-only contacts have none). */
  agent: string | null;
  /** All contacts (to the agent queue or handled by the bot alone). */
  contacts: number;
  /** Contacts that reached the agent queue: answered + abandoned. */
  offered: number;
  answered: number;
  abandoned: number;
  /** Abandoned within `shortAbandonSeconds`. */
  shortAbandoned: number;
  /** Answered within the service-level time. */
  answeredWithin: number;
  /** 接通率: answered ÷ offered. */
  answerRate: number | null;
  /** Share answered within X by the chosen definition. */
  serviceLevel: number | null;
  /** Mean wait of the answered contacts, in seconds. */
  averageSpeedOfAnswerSeconds: number | null;
  /** abandoned ÷ offered. */
  abandonRate: number | null;
  /** (abandoned − short) ÷ (offered − short). */
  abandonRateExcludingShort: number | null;
  /** Mean handle time of the answered contacts, in seconds. */
  averageHandleSeconds: number | null;
  /** 一次性解决问题率: resolved on first contact ÷ contacts with an answer to that. */
  firstContactResolution: number | null;
  /** 监听合格率: quality checks passed ÷ checked. */
  qualityPassRate: number | null;
  /** Contacts with a satisfaction score. */
  rated: number;
  /** CSAT: satisfied ÷ rated. */
  csat: number | null;
  /** 参评比例: rated ÷ contacts. */
  ratingParticipation: number | null;
  /** NPS in −100..100 (`null` without answers), and the answers it is from. */
  nps: number | null;
  npsResponses: number;
  /** Handle seconds ÷ staffed seconds (with `agentTime`; `null` with `by: ["channel"]`, which staffed time does not split). */
  occupancy: number | null;
  /** Contacts a bot took part in. */
  botContacts: number;
  /** 有结果率: bot gave a result ("resolved") ÷ bot contacts. */
  botResolutionRate: number | null;
  /** 拒识率: bot did not understand ("unrecognised") ÷ bot contacts. */
  botRejectionRate: number | null;
  /** Bot contacts handed to agents ÷ bot contacts. */
  botTransferRate: number | null;
  /** Bot contacts with a satisfaction score ÷ bot contacts. */
  botRatingParticipation: number | null;
  /** Contacts handled without an agent (bot, not transferred) ÷ contacts. */
  selfServiceShare: number | null;
}

/** What {@link serviceKpis} returns. */
export interface ServiceKpisResult {
  /** One record per period (and channel/agent), periods in time order, groups in first-seen order. */
  periods: ServiceKpiRecord[];
  meta: {
    /** All contacts together, one record (period `"all"`). */
    totals: ServiceKpiRecord;
    period: "day" | "week" | "month" | "all";
    by: ("channel" | "agent")[];
    timeZone: string | null;
    serviceLevelSeconds: number;
    serviceLevelDefinition: ServiceLevelDefinition;
    shortAbandonSeconds: number;
    csatScale: [number, number];
    csatSatisfiedFrom: number;
    input: InputReport;
  };
}

const contactFieldsSchema: OptionsSchema<ContactFields> = defineOptions<ContactFields>()({
  contactId: accessor.optional(),
  offeredAt: accessor,
  answeredAt: accessor.optional(),
  abandonedAt: accessor.optional(),
  handleSeconds: accessor.optional(),
  channel: accessor.optional(),
  agent: accessor.optional(),
  resolvedFirstContact: accessor.optional(),
  qualityPassed: accessor.optional(),
  satisfaction: accessor.optional(),
  nps: accessor.optional(),
  botOutcome: accessor.optional(),
});

/** Schema of {@link ServiceKpisOptions} (strict: unknown keys are rejected). */
// No zod `.readonly()` on the arrays: it freezes the value it was given even when that value fails the
// check (an `agentTime: {}` came back frozen), and the caller's options must not change.
export const serviceKpisOptionsSchema: OptionsSchema<ServiceKpisOptions> = defineOptions<ServiceKpisOptions>()({
  fields: contactFieldsSchema.optional(),
  period: z.enum(["day", "week", "month", "all"]).optional(),
  weekStartsOn: z.number().int().min(0).max(6).optional(),
  timeZone: z.string().optional(),
  by: z.array(z.enum(["channel", "agent"])).optional(),
  serviceLevelSeconds: z.number().min(0).finite().optional(),
  serviceLevelDefinition: z.enum(["offered", "answeredAndLateAbandoned"]).optional(),
  shortAbandonSeconds: z.number().min(0).finite().optional(),
  csatScale: z.tuple([z.number().finite(), z.number().finite()]).optional(),
  csatSatisfiedFrom: z.number().finite().optional(),
  agentTime: z.array(z.strictObject({ agent: z.string().min(1), period: z.string().min(1), staffedSeconds: z.number().min(0).finite() })).optional(),
  onInvalid: z.enum(["throw", "skip", "collect"]).optional(),
  maxIssues: z.number().int().min(1).optional(),
});

const DEFAULT_FIELDS: ContactFields = {
  contactId: "contactId",
  offeredAt: "offeredAt",
  answeredAt: "answeredAt",
  abandonedAt: "abandonedAt",
  handleSeconds: "handleSeconds",
  channel: "channel",
  agent: "agent",
  resolvedFirstContact: "resolvedFirstContact",
  qualityPassed: "qualityPassed",
  satisfaction: "satisfaction",
  nps: "nps",
  botOutcome: "botOutcome",
};

interface Settings {
  within: number;
  definition: ServiceLevelDefinition;
  short: number;
  satisfiedFrom: number;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** The KPIs of a set of contacts. */
function kpis(list: readonly Contact[], s: Settings, head: Pick<ServiceKpiRecord, "period" | "start" | "end" | "channel" | "agent">, staffed: number | null): ServiceKpiRecord {
  let answered = 0;
  let abandoned = 0;
  let short = 0;
  let within = 0;
  let lateAbandoned = 0;
  let waitSum = 0;
  let handleSum = 0;
  let fcrYes = 0;
  let fcrN = 0;
  let qYes = 0;
  let qN = 0;
  let rated = 0;
  let satisfied = 0;
  let bot = 0;
  let botResolved = 0;
  let botUnrecognised = 0;
  let botTransferred = 0;
  let botRated = 0;
  let selfService = 0;
  const npsAnswers: number[] = [];
  for (const c of list) {
    if (c.kind === "answered") {
      answered++;
      waitSum += c.waitSeconds;
      handleSum += c.handleSeconds;
      if (c.waitSeconds <= s.within) within++;
    } else if (c.kind === "abandoned") {
      abandoned++;
      if (c.waitSeconds < s.short) short++;
      if (c.waitSeconds > s.within) lateAbandoned++;
    } else selfService++;
    if (c.fcr !== null) {
      fcrN++;
      if (c.fcr) fcrYes++;
    }
    if (c.quality !== null) {
      qN++;
      if (c.quality) qYes++;
    }
    if (c.satisfaction !== null) {
      rated++;
      if (c.satisfaction >= s.satisfiedFrom) satisfied++;
    }
    if (c.nps !== null) npsAnswers.push(c.nps);
    if (c.bot !== null) {
      bot++;
      if (c.bot === "resolved") botResolved++;
      else if (c.bot === "unrecognised") botUnrecognised++;
      else if (c.bot === "transferred") botTransferred++;
      if (c.satisfaction !== null) botRated++;
    }
  }
  // handle times are validated one by one, not their sum: seconds near 1e308 add up past the doubles
  checkFinite("serviceKpis", handleSum, "the sum of the handle times", { path: ["contacts"] });
  const offered = answered + abandoned;
  const contacts = list.length;
  return {
    ...head,
    contacts,
    offered,
    answered,
    abandoned,
    shortAbandoned: short,
    answeredWithin: within,
    answerRate: ratio(answered, offered),
    serviceLevel: s.definition === "offered" ? ratio(within, offered) : ratio(within, answered + lateAbandoned),
    averageSpeedOfAnswerSeconds: ratio(waitSum, answered),
    abandonRate: ratio(abandoned, offered),
    abandonRateExcludingShort: ratio(abandoned - short, offered - short),
    averageHandleSeconds: ratio(handleSum, answered),
    firstContactResolution: ratio(fcrYes, fcrN),
    qualityPassRate: ratio(qYes, qN),
    rated,
    csat: ratio(satisfied, rated),
    ratingParticipation: ratio(rated, contacts),
    nps: npsAnswers.length > 0 ? netPromoterScore(npsAnswers).nps : null,
    npsResponses: npsAnswers.length,
    occupancy: staffed === null ? null : ratio(handleSum, staffed),
    botContacts: bot,
    botResolutionRate: ratio(botResolved, bot),
    botRejectionRate: ratio(botUnrecognised, bot),
    botTransferRate: ratio(botTransferred, bot),
    botRatingParticipation: ratio(botRated, bot),
    selfServiceShare: ratio(selfService, contacts),
  };
}

/**
 * Contact-centre KPIs from a contact log (calls, chats, bot sessions), per day, week or month and per
 * channel and/or agent: answer rate (接通率), service level (answered within X seconds, by either common
 * definition), average speed of answer, abandonment with and without short abandons, average handle
 * time, first-contact resolution (一次性解决问题率), quality pass rate (监听合格率), CSAT, NPS, rating
 * participation (参评比例), occupancy (with staffed time), and for bots the resolution rate (有结果率),
 * rejection rate (拒识率) and the share handled without an agent.
 *
 * A contact with no bot outcome, or one the bot `"transferred"`, reaches the agent queue and must be
 * answered (`answeredAt`) or abandoned (`abandonedAt`); its wait is that time minus `offeredAt`. Other bot
 * outcomes are handled without an agent. Rates whose denominator is 0 are `null`. Definitions:
 * docs/service.md.
 *
 * @throws {AnalyticsInputError} `empty_input`; `missing_field`; `invalid_date` for unreadable times;
 *   `invalid_value` (with the contact id in the message) for an answer before the offer, a negative handle
 *   time, a contact both or neither answered and abandoned, an unknown bot outcome, a score off the scale.
 *   With `onInvalid: "skip"`/`"collect"` such contacts are left out and counted in `meta.input`.
 * @throws {RangeError} `serviceKpis: options...` for out-of-range options (`TypeError` for unknown keys).
 *
 * @example
 * const { periods, meta } = serviceKpis([
 *   { offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T09:00:10Z", handleSeconds: 300, resolvedFirstContact: true, satisfaction: 5 },
 *   { offeredAt: "2024-03-04T09:01:00Z", answeredAt: "2024-03-04T09:01:40Z", handleSeconds: 200, resolvedFirstContact: false, satisfaction: 3 },
 *   { offeredAt: "2024-03-04T09:02:00Z", abandonedAt: "2024-03-04T09:02:03Z" },
 *   { offeredAt: "2024-03-04T09:03:00Z", abandonedAt: "2024-03-04T09:03:30Z" },
 *   { offeredAt: "2024-03-04T09:04:00Z", botOutcome: "resolved" },
 * ], { serviceLevelSeconds: 20 });
 * [meta.totals.offered, meta.totals.answered, meta.totals.abandoned]; //=> [4, 2, 2]
 * meta.totals.answerRate; //=> 0.5
 * meta.totals.serviceLevel; //=> 0.25
 * meta.totals.abandonRateExcludingShort; //=> 1 / 3
 * meta.totals.averageSpeedOfAnswerSeconds; //=> 25
 * meta.totals.firstContactResolution; //=> 0.5
 * meta.totals.selfServiceShare; //=> 0.2
 * periods.length; //=> 1
 *
 * @see docs/service.md — Koole, G. (2013). Call Center Optimization. MG books (service level definitions).
 */
export function serviceKpis<Row = any>(contacts: Iterable<Row>, options: ServiceKpisOptions<Row> = {}): ServiceKpisResult {
  const fn = "serviceKpis";
  const o = parseOptions(fn, serviceKpisOptionsSchema, options);
  const scale = (o.csatScale ?? [1, 5]) as readonly [number, number];
  if (!(scale[0] < scale[1])) throw new RangeError(`${fn}: options.csatScale: the lowest score must be below the highest, got [${scale[0]}, ${scale[1]}]`);
  const satisfiedFrom = o.csatSatisfiedFrom ?? (scale[0] === 1 && scale[1] === 5 ? 4 : scale[1]);
  if (satisfiedFrom < scale[0] || satisfiedFrom > scale[1]) throw new RangeError(`${fn}: options.csatSatisfiedFrom: expected a score within csatScale [${scale[0]}, ${scale[1]}], got ${satisfiedFrom}`);
  const fields = o.fields ?? DEFAULT_FIELDS;
  const { contacts: list, report } = readContacts(fn, contacts as Iterable<unknown>, {
    fields,
    timeZone: o.timeZone,
    onInvalid: o.onInvalid ?? "throw",
    maxIssues: o.maxIssues ?? 20,
    csatScale: scale,
    byPresence: o.fields === undefined,
  });
  const settings: Settings = {
    within: o.serviceLevelSeconds ?? 20,
    definition: o.serviceLevelDefinition ?? "offered",
    short: o.shortAbandonSeconds ?? 5,
    satisfiedFrom,
  };
  const unit = o.period ?? "all";
  const by = [...new Set(o.by ?? [])];
  const splitChannel = by.includes("channel");
  const splitAgent = by.includes("agent");
  const cal = unit === "week" || unit === "month" ? periodCalendar(unit, o.weekStartsOn ?? 1) : null;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (const c of list) {
    if (c.day < firstDay) firstDay = c.day;
    if (c.day > lastDay) lastDay = c.day;
  }
  const periodOf = (day: number): number => (unit === "all" ? 0 : unit === "day" ? day : cal!.index(day));
  const labelOf = (p: number): string => (unit === "all" ? "all" : unit === "day" ? isoDateFromDays(p) : cal!.label(p));
  const spanOf = (p: number): [string, string] =>
    unit === "all" ? [isoDateFromDays(firstDay), isoDateFromDays(lastDay)] : unit === "day" ? [isoDateFromDays(p), isoDateFromDays(p)] : [isoDateFromDays(cal!.start(p)), isoDateFromDays(cal!.end(p))];
  // staffed seconds by period label and agent
  const staffed = new Map<string, Map<string, number>>();
  for (const t of o.agentTime ?? []) {
    const m = staffed.get(t.period) ?? new Map<string, number>();
    m.set(t.agent, (m.get(t.agent) ?? 0) + t.staffedSeconds);
    staffed.set(t.period, m);
  }
  const staffedFor = (label: string | null, agent: string | null): number | null => {
    if (o.agentTime === undefined || splitChannel) return null;
    const periods = label === null ? [...staffed.values()] : [staffed.get(label) ?? new Map<string, number>()];
    let sum = 0;
    for (const m of periods) {
      if (splitAgent) sum += agent === null ? 0 : (m.get(agent) ?? 0);
      else for (const v of m.values()) sum += v;
    }
    return sum;
  };
  const groups = new Map<number, Map<string, { channel: string | null; agent: string | null; list: Contact[] }>>();
  for (const c of list) {
    const p = periodOf(c.day);
    const inner = groups.get(p) ?? new Map<string, { channel: string | null; agent: string | null; list: Contact[] }>();
    groups.set(p, inner);
    const channel = splitChannel ? c.channel : null;
    const agent = splitAgent ? c.agent : null;
    const key = JSON.stringify([channel, agent]);
    const g = inner.get(key) ?? { channel, agent, list: [] };
    inner.set(key, g);
    g.list.push(c);
  }
  const periods: ServiceKpiRecord[] = [];
  for (const p of [...groups.keys()].sort((a, b) => a - b)) {
    const label = labelOf(p);
    const [start, end] = spanOf(p);
    for (const g of groups.get(p)!.values()) {
      periods.push(kpis(g.list, settings, { period: label, start, end, channel: g.channel, agent: g.agent }, staffedFor(label, g.agent)));
    }
  }
  const totalsStaffed = o.agentTime === undefined ? null : [...staffed.values()].reduce((s, m) => s + [...m.values()].reduce((a, b) => a + b, 0), 0);
  const totals = kpis(list, settings, { period: "all", start: isoDateFromDays(firstDay), end: isoDateFromDays(lastDay), channel: null, agent: null }, totalsStaffed);
  return {
    periods,
    meta: {
      totals,
      period: unit,
      by,
      timeZone: o.timeZone ?? null,
      serviceLevelSeconds: settings.within,
      serviceLevelDefinition: settings.definition,
      shortAbandonSeconds: settings.short,
      csatScale: [scale[0], scale[1]],
      csatSatisfiedFrom: satisfiedFrom,
      input: report,
    },
  };
}
