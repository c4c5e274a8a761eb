import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { serviceKpis, serviceKpisOptionsSchema, type ServiceKpiRecord } from "../../src/service/index.js";

const t = (d: string, s: number): string => new Date(Date.parse(`${d}T09:00:00Z`) + s * 1000).toISOString();

// A hand-checked day: 6 agent contacts (4 answered, 2 abandoned) and 2 bot-only sessions, two channels.
const LOG = Object.freeze([
  { id: "c1", offered: t("2024-03-04", 0), answered: t("2024-03-04", 5), aht: 300, ch: "phone", agent: "ann", fcr: "yes", qa: "pass", sat: 5, nps: 10, bot: "" },
  { id: "c2", offered: t("2024-03-04", 60), answered: t("2024-03-04", 90), aht: 200, ch: "phone", agent: "bob", fcr: "no", qa: "fail", sat: 2, nps: 3, bot: "" },
  { id: "c3", offered: t("2024-03-04", 120), answered: t("2024-03-04", 140), aht: 100, ch: "chat", agent: "ann", fcr: "yes", qa: "", sat: 4, nps: 8, bot: "transferred" },
  { id: "c4", offered: t("2024-03-05", 0), answered: t("2024-03-05", 60), aht: 400, ch: "phone", agent: "bob", fcr: "", qa: "pass", sat: "", nps: "", bot: "" },
  { id: "c5", offered: t("2024-03-05", 30), abandoned: t("2024-03-05", 33), ch: "phone", bot: "" },
  { id: "c6", offered: t("2024-03-05", 90), abandoned: t("2024-03-05", 150), ch: "phone", bot: "" },
  { id: "c7", offered: t("2024-03-05", 200), ch: "chat", bot: "resolved", sat: 5 },
  { id: "c8", offered: t("2024-03-05", 300), ch: "chat", bot: "unrecognised" },
].map((r) => Object.freeze(r)));

const FIELDS = {
  contactId: "id",
  offeredAt: "offered",
  answeredAt: (r: { answered?: string }) => r.answered ?? null,
  abandonedAt: (r: { abandoned?: string }) => r.abandoned ?? null,
  handleSeconds: (r: { aht?: number }) => r.aht ?? null,
  channel: "ch",
  agent: (r: { agent?: string }) => r.agent ?? null,
  resolvedFirstContact: (r: { fcr?: string }) => r.fcr ?? null,
  qualityPassed: (r: { qa?: string }) => r.qa ?? null,
  satisfaction: (r: { sat?: number | string }) => r.sat ?? null,
  nps: (r: { nps?: number | string }) => r.nps ?? null,
  botOutcome: "bot",
};

describe("serviceKpis", () => {
  test("hand-checked totals", () => {
    const { meta } = serviceKpis(LOG, { fields: FIELDS, serviceLevelSeconds: 20 });
    const k = meta.totals;
    expect(k).toMatchObject({ contacts: 8, offered: 6, answered: 4, abandoned: 2, shortAbandoned: 1, answeredWithin: 2, rated: 4, npsResponses: 3, botContacts: 3 });
    expect(k.answerRate).toBe(4 / 6);
    expect(k.serviceLevel).toBe(2 / 6); // answered within 20 s (5 s, 20 s) ÷ offered
    expect(k.averageSpeedOfAnswerSeconds).toBe((5 + 30 + 20 + 60) / 4);
    expect(k.abandonRate).toBe(2 / 6);
    expect(k.abandonRateExcludingShort).toBe(1 / 5); // the 3-second abandon is short
    expect(k.averageHandleSeconds).toBe(250);
    expect(k.firstContactResolution).toBe(2 / 3);
    expect(k.qualityPassRate).toBe(2 / 3);
    expect(k.csat).toBe(3 / 4); // 5, 4, 5 of 5, 2, 4, 5
    expect(k.ratingParticipation).toBe(4 / 8);
    expect(k.nps).toBeCloseTo(0, 12); // one promoter, one passive, one detractor
    expect(k.botResolutionRate).toBe(1 / 3);
    expect(k.botRejectionRate).toBe(1 / 3);
    expect(k.botTransferRate).toBe(1 / 3);
    expect(k.botRatingParticipation).toBe(2 / 3); // c3 (transferred, rated 4) and c7
    expect(k.selfServiceShare).toBe(2 / 8);
    expect(k.occupancy).toBeNull();
    expect(meta.serviceLevelDefinition).toBe("offered");
  });

  test("the other service-level definition leaves out those who hung up within X", () => {
    const k = serviceKpis(LOG, { fields: FIELDS, serviceLevelSeconds: 20, serviceLevelDefinition: "answeredAndLateAbandoned" }).meta.totals;
    expect(k.serviceLevel).toBe(2 / (4 + 1)); // the 60-second abandon counts, the 3-second one does not
  });

  test("per day and channel, with occupancy by agent", () => {
    const byDay = serviceKpis(LOG, { fields: FIELDS, period: "day", by: ["channel"] }).periods;
    expect(byDay.map((p) => [p.period, p.channel, p.contacts])).toEqual([
      ["2024-03-04", "phone", 2],
      ["2024-03-04", "chat", 1],
      ["2024-03-05", "phone", 3],
      ["2024-03-05", "chat", 2],
    ]);
    const agentTime = [
      { agent: "ann", period: "2024-03-04", staffedSeconds: 800 },
      { agent: "bob", period: "2024-03-04", staffedSeconds: 400 },
      { agent: "bob", period: "2024-03-05", staffedSeconds: 1000 },
    ];
    const byAgent = serviceKpis(LOG, { fields: FIELDS, period: "day", by: ["agent"], agentTime }).periods;
    const ann = byAgent.find((p) => p.period === "2024-03-04" && p.agent === "ann")!;
    expect(ann.occupancy).toBe(400 / 800);
    expect(byAgent.find((p) => p.period === "2024-03-05" && p.agent === "bob")!.occupancy).toBe(0.4);
    // unanswered and bot-only contacts have no agent
    expect(byAgent.find((p) => p.period === "2024-03-05" && p.agent === null)!.contacts).toBe(4);
    const week = serviceKpis(LOG, { fields: FIELDS, period: "week", agentTime: agentTime.map((a) => ({ ...a, period: "2024-03-04" })) });
    expect(week.periods).toHaveLength(1);
    expect(week.periods[0]).toMatchObject({ period: "2024-03-04", start: "2024-03-04", end: "2024-03-10" });
    expect(week.periods[0].occupancy).toBe(1000 / 2200);
    expect(serviceKpis(LOG, { fields: FIELDS, period: "month" }).periods[0]).toMatchObject({ period: "2024-03", start: "2024-03-01", end: "2024-03-31" });
  });

  test("calendar days in the given zone; wall-clock times without offset read as such", () => {
    const late = [{ offeredAt: "2024-03-04T23:30:00Z", answeredAt: "2024-03-04T23:30:10Z", handleSeconds: 60 }];
    expect(serviceKpis(late, { period: "day" }).periods[0].period).toBe("2024-03-04");
    expect(serviceKpis(late, { period: "day", timeZone: "Asia/Shanghai" }).periods[0].period).toBe("2024-03-05");
    const wall = serviceKpis([{ offeredAt: "2024-03-04 23:59:50", answeredAt: "2024-03-05 00:00:20", handleSeconds: 60 }], { period: "day", timeZone: "Asia/Shanghai" });
    expect(wall.periods[0].period).toBe("2024-03-04");
    expect(wall.meta.totals.averageSpeedOfAnswerSeconds).toBe(30);
    // epoch milliseconds and Dates
    const ms = Date.parse("2024-03-04T10:00:00Z");
    expect(serviceKpis([{ offeredAt: ms, answeredAt: new Date(ms + 7000), handleSeconds: 1 }]).meta.totals.averageSpeedOfAnswerSeconds).toBe(7);
  });

  test("handle times that add up beyond the doubles are an overflow error, not an Infinity mean", () => {
    const c = (handleSeconds: number) => ({ offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T09:00:10Z", handleSeconds });
    expect(() => serviceKpis([c(1e308), c(1e308)])).toThrow(/serviceKpis: contacts: the sum of the handle times is above 1\.8e308/);
    expect(serviceKpis([c(1e308), c(0)]).periods[0].averageHandleSeconds).toBe(5e307);
  });

  test("bad contacts name row, field and contact", () => {
    const bad = [
      { contactId: "a", offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T08:59:00Z", handleSeconds: 10 },
      { contactId: "b", offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T09:00:05Z", handleSeconds: -1 },
      { contactId: "c", offeredAt: "2024-03-04T09:00:00Z", answeredAt: null, handleSeconds: null },
      { contactId: "d", offeredAt: "2024-02-30T09:00:00Z", answeredAt: "2024-03-04T09:00:05Z", handleSeconds: 1 },
      { contactId: "e", offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T09:00:05Z", handleSeconds: 1, botOutcome: "maybe" },
      { contactId: "f", offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T09:00:05", handleSeconds: 1 },
    ];
    let error: unknown;
    try {
      serviceKpis(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: "AnalyticsInputError", code: "invalid_value" });
    const issues = (error as { issues: { path: unknown[]; row: number; field: string; code: string; message: string }[] }).issues;
    expect(issues.map((i) => [i.row, i.field, i.code])).toEqual([
      [0, "answeredAt", "invalid_value"],
      [1, "handleSeconds", "invalid_value"],
      [2, "answeredAt", "invalid_value"],
      [3, "offeredAt", "invalid_date"],
      [4, "botOutcome", "invalid_value"],
      [5, "answeredAt", "invalid_value"],
    ]);
    expect(issues[0].message).toBe('answeredAt is 60 s before offeredAt (contact "a")');
    expect(issues[2].message).toMatch(/^unknown outcome: neither answered nor abandoned/);
    expect(issues[0].path).toEqual(["contacts", 0, "answeredAt"]);
    // both answered and abandoned
    expect(() => serviceKpis([{ offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T09:00:01Z", abandonedAt: "2024-03-04T09:00:02Z", handleSeconds: 1 }])).toThrow(/either answered or abandoned/);
    // a mapped field the records lack
    expect(() => serviceKpis(LOG, { fields: { offeredAt: "offered", answeredAt: "answer_time" } })).toThrow(expect.objectContaining({ code: "missing_field" }));
    expect(() => serviceKpis([])).toThrow(expect.objectContaining({ code: "empty_input" }));
  });

  test("onInvalid skip and collect leave bad contacts out and count them", () => {
    const rows = [
      { offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T09:00:05Z", handleSeconds: 10 },
      { offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T08:00:05Z", handleSeconds: 10 },
    ];
    const skip = serviceKpis(rows, { onInvalid: "skip" });
    expect(skip.meta.totals.contacts).toBe(1);
    expect(skip.meta.input).toMatchObject({ rowsRead: 2, rowsUsed: 1, invalidRows: 1, invalidByCode: { invalid_value: 1 } });
    expect(skip.meta.input.issues).toBeUndefined();
    const collect = serviceKpis(rows, { onInvalid: "collect" });
    expect(collect.meta.input.issues).toHaveLength(1);
    expect(() => serviceKpis([rows[1]], { onInvalid: "skip" })).toThrow(expect.objectContaining({ code: "empty_input" }));
  });

  test("CSV text: numbers, flags and empty cells as text", () => {
    const k = serviceKpis([{ offeredAt: "2024-03-04T09:00:00Z", answeredAt: "2024-03-04T09:00:05Z", abandonedAt: "", handleSeconds: "120.5", resolvedFirstContact: "Yes", qualityPassed: "0", satisfaction: "4", nps: "9", botOutcome: "" }]).meta.totals;
    expect(k).toMatchObject({ averageHandleSeconds: 120.5, firstContactResolution: 1, qualityPassRate: 0, csat: 1, nps: 100 });
  });

  test("bad options", () => {
    expect(() => serviceKpis(LOG, { fields: FIELDS, period: "hour" as never })).toThrow(/^serviceKpis: options\.period/);
    expect(() => serviceKpis(LOG, { fields: FIELDS, csatScale: [5, 1] })).toThrow(RangeError);
    expect(() => serviceKpis(LOG, { fields: FIELDS, csatSatisfiedFrom: 9 })).toThrow(/^serviceKpis: options\.csatSatisfiedFrom/);
    expect(() => serviceKpis(LOG, { fields: FIELDS, timeZone: "Mars/Base" })).toThrow(RangeError);
    expect(() => serviceKpis(LOG, { fields: FIELDS, slaSeconds: 20 } as never)).toThrow(TypeError);
    expect(Object.keys(serviceKpisOptionsSchema.shape)).toContain("serviceLevelDefinition");
  });

  const contact = fc.record({
    offset: fc.integer({ min: 0, max: 60 * 86_400 }),
    wait: fc.integer({ min: 0, max: 600 }),
    kind: fc.constantFrom("answered", "abandoned", "resolved", "unrecognised", "transferred-answered", "transferred-abandoned"),
    aht: fc.integer({ min: 0, max: 3600 }),
    channel: fc.constantFrom("phone", "chat", null),
    agent: fc.constantFrom("ann", "bob", "cy"),
    fcr: fc.constantFrom(true, false, null),
    sat: fc.constantFrom(1, 2, 3, 4, 5, null),
    nps: fc.option(fc.integer({ min: 0, max: 10 })),
  });
  const toRow = (c: fc.Arbitrary<unknown> extends never ? never : any) => {
    const base = Date.parse("2024-01-01T00:00:00Z") + c.offset * 1000;
    const answered = c.kind === "answered" || c.kind === "transferred-answered";
    const abandoned = c.kind === "abandoned" || c.kind === "transferred-abandoned";
    return Object.freeze({
      offeredAt: new Date(base).toISOString(),
      answeredAt: answered ? new Date(base + c.wait * 1000).toISOString() : null,
      abandonedAt: abandoned ? new Date(base + c.wait * 1000).toISOString() : null,
      handleSeconds: answered ? c.aht : null,
      channel: c.channel,
      agent: answered ? c.agent : null,
      resolvedFirstContact: c.fcr,
      satisfaction: c.sat,
      nps: c.nps,
      botOutcome: c.kind.startsWith("transferred") ? "transferred" : c.kind === "resolved" || c.kind === "unrecognised" ? c.kind : null,
    });
  };
  const options = fc.record({
    period: fc.constantFrom("day", "week", "month", "all") as fc.Arbitrary<"day" | "week" | "month" | "all">,
    by: fc.subarray(["channel", "agent"] as ("channel" | "agent")[]),
    serviceLevelDefinition: fc.constantFrom("offered", "answeredAndLateAbandoned") as fc.Arbitrary<"offered" | "answeredAndLateAbandoned">,
    serviceLevelSeconds: fc.integer({ min: 0, max: 120 }),
  });
  const RATES: (keyof ServiceKpiRecord)[] = ["answerRate", "serviceLevel", "abandonRate", "abandonRateExcludingShort", "firstContactResolution", "qualityPassRate", "csat", "ratingParticipation", "botResolutionRate", "botRejectionRate", "botTransferRate", "botRatingParticipation", "selfServiceShare"];
  const COUNTS: (keyof ServiceKpiRecord)[] = ["contacts", "offered", "answered", "abandoned", "shortAbandoned", "answeredWithin", "rated", "npsResponses", "botContacts"];

  test("property: every rate is null or in [0, 1]; counts are conserved across groups", () => {
    fc.assert(
      fc.property(fc.array(contact, { minLength: 1, maxLength: 40 }), options, (cs, o) => {
        const r = serviceKpis(cs.map(toRow), o);
        for (const rec of [...r.periods, r.meta.totals]) {
          for (const k of RATES) {
            const v = rec[k] as number | null;
            if (v !== null) {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(1);
            }
          }
          expect(rec.offered).toBe(rec.answered + rec.abandoned);
          expect(rec.contacts).toBeGreaterThanOrEqual(rec.offered);
        }
        for (const k of COUNTS) expect(r.periods.reduce((s, p) => s + (p[k] as number), 0)).toBe(r.meta.totals[k]);
        expect(r.meta.totals.contacts).toBe(cs.length);
      }),
    );
  });

  test("property: permutation invariance (same groups, same figures) and no mutation", () => {
    fc.assert(
      fc.property(fc.array(contact, { minLength: 1, maxLength: 30 }), options, fc.integer(), (cs, o, seed) => {
        const rows = cs.map(toRow);
        const copy = JSON.parse(JSON.stringify(rows));
        const a = serviceKpis(rows, o);
        expect(rows).toEqual(copy);
        const shuffled = [...rows].sort((x, y) => ((JSON.stringify(x).length * 31 + seed) % 7) - ((JSON.stringify(y).length * 31 + seed) % 7));
        const b = serviceKpis(shuffled, o);
        const key = (p: ServiceKpiRecord): string => JSON.stringify([p.period, p.channel, p.agent]);
        const sortBy = (ps: ServiceKpiRecord[]) => [...ps].sort((x, y) => (key(x) < key(y) ? -1 : 1));
        const close = (x: ServiceKpiRecord[], y: ServiceKpiRecord[]) => {
          expect(x.length).toBe(y.length);
          x.forEach((p, i) => {
            for (const k of Object.keys(p) as (keyof ServiceKpiRecord)[]) {
              if (typeof p[k] === "number") expect(y[i][k] as number).toBeCloseTo(p[k] as number, 9);
              else expect(y[i][k]).toEqual(p[k]);
            }
          });
        };
        close(sortBy(a.periods), sortBy(b.periods));
        close([a.meta.totals], [b.meta.totals]);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      }),
    );
  });

  test("options that fail the check are left as they were (zod's readonly froze an agentTime object; found by the fuzz suite)", () => {
    const agentTime = {};
    const by = "channel";
    expect(() => serviceKpis([], { agentTime } as never)).toThrow(/^serviceKpis: options.agentTime/);
    expect(Object.isFrozen(agentTime)).toBe(false);
    const csatScale = { 0: 1, 1: 5 };
    expect(() => serviceKpis([], { csatScale } as never)).toThrow(/^serviceKpis: options.csatScale/);
    expect(Object.isFrozen(csatScale)).toBe(false);
    expect(() => serviceKpis([], { by } as never)).toThrow(/^serviceKpis: options.by/);
  });
});
