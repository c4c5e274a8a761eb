// Fuzz: contact-centre KPIs from a contact log (serviceKpis), Erlang C at a number of agents (erlangC) and
// the fewest agents for a target (staffing): hostile logs (answered before offered, both or neither of
// answered/abandoned, unreadable times, huge handle times, scores off the scale), and loads from 0 to
// beyond 10^7 Erlangs, agents up to 10^7, odd targets.
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { erlangCOptionsSchema, serviceKpisOptionsSchema, staffingOptionsSchema } from "../../src/service/index.js";
import { either, hostileContainer, optionsArb, rarely, weirdNumber, wrongType } from "./arbitraries.js";
import { FuzzWorker, fuzzCall, reportTally } from "./harness.js";
import { genericRanges } from "./ranges.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("service");
  await worker.close();
});
const T = 180_000;

const t0 = Date.UTC(2024, 2, 4, 9);
const instant = (ms: number, form: number): unknown =>
  form === 0 ? new Date(ms).toISOString() : form === 1 ? ms : form === 2 ? new Date(ms) : new Date(ms).toISOString().slice(0, 19).replace("T", " ");
const oddTime = fc.constantFrom<unknown>("", null, undefined, "2024-02-30T10:00:00Z", "yesterday", NaN, Infinity, -1e308, 1e308, -0, new Date(NaN), "2024-03-04T25:00:00Z", "0001-01-01T00:00:00Z", {}, true);

/** One contact: answered, abandoned or bot-only, with waits from −60 s (answered before offered) to days. */
const contact = fc
  .record({
    offset: fc.integer({ min: 0, max: 40 * 86_400 }),
    kind: fc.constantFrom("answered", "abandoned", "bot", "both", "neither"),
    wait: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 600 }) }, { weight: 1, arbitrary: fc.constantFrom(-60, -1, 0.001, 86_400 * 400) }),
    form: fc.integer({ min: 0, max: 3 }),
    handleSeconds: either(fc.integer({ min: 0, max: 3600 }), fc.oneof(weirdNumber, wrongType)),
    channel: rarely(fc.oneof(fc.constantFrom("phone", "chat", "email"), wrongType), 2, undefined),
    agent: rarely(fc.oneof(fc.constantFrom("ann", "bob"), wrongType), 2, undefined),
    resolvedFirstContact: rarely(fc.constantFrom<unknown>(true, false, "yes", "no", 1, 0, "maybe", 2, NaN), 2, undefined),
    qualityPassed: rarely(fc.constantFrom<unknown>(true, false, "true", "false", "x"), 3, undefined),
    satisfaction: rarely(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom<unknown>(0, 6, 4.5, NaN, "5", 1e308)), 2, undefined),
    nps: rarely(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom<unknown>(-1, 11, 7.5, NaN, "9")), 3, undefined),
    botOutcome: rarely(fc.constantFrom<unknown>(...["resolved", "unresolved", "unrecognised", "transferred"], "RESOLVED", "", 3), 3, undefined),
    odd: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom("offeredAt", "answeredAt", "abandonedAt"), oddTime) }),
  })
  .map((c) => {
    const offered = t0 + c.offset * 1000;
    const r: Record<string, unknown> = { offeredAt: instant(offered, c.form) };
    if (c.kind === "answered" || c.kind === "both") r.answeredAt = instant(offered + c.wait * 1000, c.form);
    if (c.kind === "abandoned" || c.kind === "both") r.abandonedAt = instant(offered + c.wait * 1000, c.form);
    if (c.kind === "answered") r.handleSeconds = c.handleSeconds;
    if (c.kind === "bot") r.botOutcome = c.botOutcome ?? "resolved";
    for (const k of ["channel", "agent", "resolvedFirstContact", "qualityPassed", "satisfaction", "nps"] as const) if (c[k] !== undefined) r[k] = c[k];
    if (c.kind !== "bot" && c.botOutcome !== undefined) r.botOutcome = c.botOutcome;
    if (c.odd) r[c.odd[0]] = c.odd[1];
    return r;
  });
const contacts = fc.oneof(
  { weight: 8, arbitrary: fc.array(contact, { maxLength: 25 }) },
  { weight: 1, arbitrary: fc.array(contact, { minLength: 2000, maxLength: 5000 }) },
  { weight: 1, arbitrary: fc.oneof(hostileContainer, fc.constantFrom<unknown>([], [null], [5], [{}], "log", null, undefined)) },
);
const agentTime = fc.array(
  fc.record({
    agent: fc.oneof(fc.constantFrom("ann", "bob"), fc.constantFrom<unknown>("", 5)),
    period: fc.constantFrom("all", "2024-03", "2024-03-04", ""),
    staffedSeconds: fc.oneof(fc.integer({ min: 0, max: 30_000 }), fc.constantFrom<unknown>(0, -0, -1, 1e308, Number.MAX_VALUE, NaN, Infinity)),
  }),
  { maxLength: 4 },
);

const RATES = ["answerRate", "serviceLevel", "abandonRate", "abandonRateExcludingShort", "firstContactResolution", "qualityPassRate", "csat", "ratingParticipation", "botResolutionRate", "botRejectionRate", "botTransferRate", "botRatingParticipation", "selfServiceShare"];
const COUNTS = ["contacts", "offered", "answered", "abandoned", "shortAbandoned", "answeredWithin", "rated", "npsResponses", "botContacts"];
function kpiRanges(v: any): string[] {
  const out = genericRanges(v);
  [...(v.periods as any[]), v.meta.totals].forEach((p, i) => {
    const at = i === v.periods.length ? "meta.totals" : `periods[${i}]`;
    for (const k of RATES) if (p[k] !== null && !(p[k] >= 0 && p[k] <= 1)) out.push(`${at}.${k} = ${p[k]}: not in [0, 1] or null`);
    for (const k of COUNTS) if (!(Number.isInteger(p[k]) && p[k] >= 0)) out.push(`${at}.${k} = ${p[k]}: not a count`);
    for (const k of ["averageSpeedOfAnswerSeconds", "averageHandleSeconds", "occupancy"]) if (p[k] !== null && !(p[k] >= 0)) out.push(`${at}.${k} = ${p[k]} < 0`);
    if (p.nps !== null && !(p.nps >= -100 && p.nps <= 100)) out.push(`${at}.nps = ${p.nps}`);
    if (!(p.answered + p.abandoned === p.offered && p.answeredWithin <= p.answered && p.shortAbandoned <= p.abandoned)) out.push(`${at}: counts do not add up (${p.offered} offered, ${p.answered} answered, ${p.abandoned} abandoned)`);
  });
  return out;
}

/** A load: plausible, or 0, or beyond what 10^7 agents carry, or not a number. */
const rate = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 2000 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -0, -1, 1e-300, 1e7, 1e9, 1e308, NaN, Infinity, "100", null) });
const seconds = (lo: number, hi: number) => fc.oneof({ weight: 8, arbitrary: fc.integer({ min: lo, max: hi }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -0, -5, 1e-9, 0.5, 1e308, NaN, Infinity, "20") });
const agents = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 300 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, 1.5, 1e6, 9_999_999, 10_000_000, 10_000_001, 2 ** 53, NaN, Infinity, "14") });
const load = {
  arrivalRate: rate,
  intervalSeconds: fc.oneof(fc.constant(undefined), fc.constantFrom(900, 1800, 3600), seconds(1, 86_400)),
  handleTimeSeconds: seconds(1, 1200),
};
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));

function queueRanges(v: any, args: unknown[]): string[] {
  const out = genericRanges(v);
  for (const k of ["probabilityOfWaiting", "serviceLevel", "occupancy"]) if (!(v[k] >= 0 && v[k] <= 1)) out.push(`${k} = ${v[k]}: not in [0, 1]`);
  if (!(Number.isInteger(v.agents) && v.agents >= 1 && v.agents <= 10_000_000)) out.push(`agents = ${v.agents}`);
  if (!(v.trafficErlangs >= 0)) out.push(`trafficErlangs = ${v.trafficErlangs} < 0`);
  if (v.averageSpeedOfAnswerSeconds !== null && !(v.averageSpeedOfAnswerSeconds >= 0)) out.push(`averageSpeedOfAnswerSeconds = ${v.averageSpeedOfAnswerSeconds} < 0`);
  const target = (args[0] as any)?.target;
  if (target && "serviceLevel" in target && !(v.serviceLevel >= target.serviceLevel)) out.push(`staffing returned ${v.agents} agents at service level ${v.serviceLevel} < target ${target.serviceLevel}`);
  if (target && "averageSpeedOfAnswerSeconds" in target && !(v.averageSpeedOfAnswerSeconds <= target.averageSpeedOfAnswerSeconds)) out.push(`staffing returned ${v.agents} agents at ASA ${v.averageSpeedOfAnswerSeconds} > target ${target.averageSpeedOfAnswerSeconds}`);
  return out;
}

describe.concurrent("fuzz: service", () => {
  it("serviceKpis", () =>
    fuzzCall(
      worker,
      "serviceKpis",
      fc.tuple(
        contacts,
        fc.tuple(optionsArb(serviceKpisOptionsSchema as never, {}, 4), rarely(agentTime, 3, null)).map(([o, at]) => (at !== null && o !== null && typeof o === "object" && !Array.isArray(o) ? { ...o, agentTime: at } : o)),
      ),
      300,
      kpiRanges,
    ),
  T);

  it("serviceKpis (plausible log, every period and split)", () =>
    fuzzCall(
      worker,
      "serviceKpis",
      fc.tuple(
        fc.array(contact.filter((c) => !("odd" in c)), { minLength: 1, maxLength: 30 }),
        fc.record({ period: fc.constantFrom("day", "week", "month", "all"), by: fc.subarray(["channel", "agent"]), onInvalid: fc.constantFrom("skip", "collect"), serviceLevelDefinition: fc.constantFrom("offered", "answeredAndLateAbandoned"), timeZone: fc.constantFrom("UTC", "Asia/Shanghai", "America/St_Johns", "Pacific/Kiritimati") }, { requiredKeys: ["onInvalid"] }),
      ),
      150,
      kpiRanges,
    ),
  T);

  it("erlangC", () =>
    fuzzCall(worker, "erlangC", fc.oneof(
      { weight: 6, arbitrary: fc.record({ ...load, agents, serviceLevelSeconds: fc.oneof(fc.constant(undefined), seconds(0, 120)) }).map((o) => [defined(o)]) },
      { weight: 1, arbitrary: fc.tuple(optionsArb(erlangCOptionsSchema as never, { arrivalRate: 100, handleTimeSeconds: 180, agents: 14 })) },
    ), 300, queueRanges),
  T);

  const target = fc.oneof(
    { weight: 4, arbitrary: fc.record({ serviceLevel: fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0.01, max: 0.999, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 1, 1 - 1e-16, 5e-324, -0.2, NaN, "0.8") }), withinSeconds: seconds(0, 120) }) },
    { weight: 2, arbitrary: fc.record({ averageSpeedOfAnswerSeconds: fc.oneof({ weight: 6, arbitrary: fc.double({ min: 0.01, max: 600, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(0, 5e-324, 1e-300, -1, Infinity, NaN) }) }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>({}, null, { serviceLevel: 0.8 }, { serviceLevel: 0.8, withinSeconds: 20, averageSpeedOfAnswerSeconds: 30 }, "80/20") },
  );
  it("staffing", () =>
    fuzzCall(worker, "staffing", fc.oneof(
      { weight: 6, arbitrary: fc.record({ ...load, target, maxOccupancy: fc.oneof(fc.constant(undefined), fc.double({ min: 0.05, max: 1, noNaN: true }), fc.constantFrom<unknown>(0, 1, 1e-9, 1.5, NaN)) }).map((o) => [defined(o)]) },
      { weight: 1, arbitrary: fc.tuple(optionsArb(staffingOptionsSchema as never, { arrivalRate: 100, handleTimeSeconds: 180, target: { serviceLevel: 0.8, withinSeconds: 20 } })) },
    ), 300, queueRanges),
  T);
});
