/**
 * Service KPIs and staffing: a small generated contact log (phone and chat, a bot in front of chat)
 * read per day and channel, then the agents Erlang C says the phones need for 80% within 20 s.
 *
 *   npx tsx examples/service.ts
 */
import { erlangC, serviceKpis, staffing } from "../src/service/index.js";

// A deterministic week of contacts: no clock, no randomness beyond a fixed linear congruential sequence.
let seed = 42;
const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const contacts: Record<string, string | number | null>[] = [];
for (let day = 4; day <= 8; day++) {
  for (let k = 0; k < 60; k++) {
    const offered = Date.UTC(2024, 2, day, 9, 0, 0) + Math.floor(next() * 8 * 3600) * 1000;
    const chat = next() < 0.4;
    const u = next();
    const bot = chat ? (u < 0.45 ? "resolved" : u < 0.55 ? "unrecognised" : "transferred") : null;
    const wait = Math.floor(next() * 90);
    const abandoned = bot !== "resolved" && bot !== "unrecognised" && next() < 0.12;
    const answered = bot !== "resolved" && bot !== "unrecognised" && !abandoned;
    contacts.push({
      id: `c${contacts.length + 1}`,
      channel: chat ? "chat" : "phone",
      offered: new Date(offered).toISOString(),
      answered: answered ? new Date(offered + wait * 1000).toISOString() : null,
      abandoned: abandoned ? new Date(offered + wait * 1000).toISOString() : null,
      aht: answered ? 120 + Math.floor(next() * 360) : null,
      agent: answered ? ["ann", "bob", "cy"][Math.floor(next() * 3)] : null,
      fcr: answered ? (next() < 0.75 ? "yes" : "no") : null,
      qa: answered && next() < 0.3 ? (next() < 0.85 ? "pass" : "fail") : null,
      csat: next() < 0.35 ? 1 + Math.floor(next() * 5) : null,
      bot,
    });
  }
}

const { periods, meta } = serviceKpis(contacts, {
  fields: {
    contactId: "id",
    offeredAt: "offered",
    answeredAt: "answered",
    abandonedAt: "abandoned",
    handleSeconds: "aht",
    channel: "channel",
    agent: "agent",
    resolvedFirstContact: "fcr",
    qualityPassed: "qa",
    satisfaction: "csat",
    botOutcome: "bot",
  },
  period: "day",
  by: ["channel"],
  serviceLevelSeconds: 20,
});
const pct = (x: number | null): string => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
console.table(
  periods.map((p) => ({
    day: p.period,
    channel: p.channel,
    contacts: p.contacts,
    offered: p.offered,
    "answer rate": pct(p.answerRate),
    "SL 20 s": pct(p.serviceLevel),
    "ASA s": p.averageSpeedOfAnswerSeconds?.toFixed(1) ?? "–",
    "AHT s": p.averageHandleSeconds?.toFixed(0) ?? "–",
    FCR: pct(p.firstContactResolution),
    "bot resolved": pct(p.botResolutionRate),
  })),
);
const k = meta.totals;
console.log(`Week: ${k.contacts} contacts, ${k.offered} offered to agents, answer rate ${pct(k.answerRate)}, service level ${pct(k.serviceLevel)} (${meta.serviceLevelDefinition} definition)`);
console.log(`Abandoned ${pct(k.abandonRate)} (${pct(k.abandonRateExcludingShort)} without abandons under ${meta.shortAbandonSeconds} s); CSAT ${pct(k.csat)} of ${k.rated} ratings; self-service ${pct(k.selfServiceShare)}`);

// Staffing the phones: the busiest hour's arrivals and the week's phone handle time.
const phone = serviceKpis(contacts, { fields: { offeredAt: "offered", answeredAt: "answered", abandonedAt: "abandoned", handleSeconds: "aht", channel: "channel", botOutcome: "bot" }, by: ["channel"] }).periods.find((p) => p.channel === "phone")!;
const aht = Math.round(phone.averageHandleSeconds ?? 0);
const need = staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: aht, target: { serviceLevel: 0.8, withinSeconds: 20 }, maxOccupancy: 0.85 });
console.log(`At 100 calls per half hour and ${aht} s handle time: ${need.agents} agents for 80/20 (limited by ${need.limitedBy}), occupancy ${pct(need.occupancy)}`);
const fewer = erlangC({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: aht, agents: need.agents - 1 });
console.log(`With ${fewer.agents}: ${pct(fewer.serviceLevel)} within 20 s, ${pct(fewer.probabilityOfWaiting)} wait`);
console.log(`Erlang C worked example (100 calls / 30 min, 180 s): ${staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, target: { serviceLevel: 0.8, withinSeconds: 20 } }).agents} agents for 80/20`);
