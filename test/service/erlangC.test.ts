import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { erlangC, erlangCOptionsSchema } from "../../src/service/index.js";

interface Ref {
  arrivalRate: number;
  intervalSeconds: number;
  handleTimeSeconds: number;
  agents: number;
  serviceLevelSeconds: number;
  trafficErlangs: number;
  probabilityOfWaiting: number;
  serviceLevel: number;
  averageSpeedOfAnswerSeconds: number;
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/service/erlang_c_mpmath.json", import.meta.url), "utf8")) as { erlangC: Ref[] };

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("erlangC", () => {
  test("the 'Erlang C made simple' worked example: 100 calls per 30 min, 3 min AHT, 80/20", () => {
    // the worked example steps from 11 agents (A + 1) upward until 80% within 20 s: 10 Erlangs, 11 agents
    // leave 68.2% waiting and 39% within 20 s; 14 is the first to reach 80/20 (all figures also in the mpmath fixture)
    const r11 = erlangC({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, agents: 11 });
    expect(r11.trafficErlangs).toBe(10);
    expect(r11.probabilityOfWaiting).toBeCloseTo(0.682, 3);
    expect(r11.serviceLevel).toBeCloseTo(0.39, 2);
    expect(r11.averageSpeedOfAnswerSeconds).toBeCloseTo(122.8, 1);
    expect(r11.occupancy).toBeCloseTo(0.909, 3);
    const r13 = erlangC({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, agents: 13 });
    const r14 = erlangC({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, agents: 14 });
    expect(r13.serviceLevel).toBeLessThan(0.8);
    expect(r14.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(r14.serviceLevel).toBeCloseTo(0.888, 3);
  });

  test("the Westbay worked example: 360 calls per 30 min, 4 min, 55 agents, 15 s", () => {
    const r = erlangC({ arrivalRate: 360, intervalSeconds: 1800, handleTimeSeconds: 240, agents: 55, serviceLevelSeconds: 15 });
    expect(r.trafficErlangs).toBe(48);
    expect(r.probabilityOfWaiting).toBeCloseTo(0.2387, 4);
    expect(r.averageSpeedOfAnswerSeconds).toBeCloseTo(8.18, 2);
    expect(r.serviceLevel).toBeCloseTo(0.8459, 4);
    expect(r.occupancy).toBeCloseTo(0.8727, 4);
  });

  test(`agrees with the mpmath definition to 1e-12 (${fixture.erlangC.length} cases, up to 10,000 agents)`, () => {
    for (const ref of fixture.erlangC) {
      const r = erlangC({ arrivalRate: ref.arrivalRate, intervalSeconds: ref.intervalSeconds, handleTimeSeconds: ref.handleTimeSeconds, agents: ref.agents, serviceLevelSeconds: ref.serviceLevelSeconds });
      expect(r.stable).toBe(true);
      expect(rel(r.trafficErlangs, ref.trafficErlangs)).toBeLessThan(1e-14);
      expect(rel(r.probabilityOfWaiting, ref.probabilityOfWaiting)).toBeLessThan(1e-12);
      expect(rel(r.serviceLevel, ref.serviceLevel)).toBeLessThan(1e-12);
      expect(rel(r.averageSpeedOfAnswerSeconds!, ref.averageSpeedOfAnswerSeconds)).toBeLessThan(1e-12);
    }
  });

  test("an overloaded queue (agents ≤ load) is unstable: everyone waits, no finite speed of answer", () => {
    const r = erlangC({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, agents: 10 });
    expect(r).toMatchObject({ stable: false, probabilityOfWaiting: 1, serviceLevel: 0, averageSpeedOfAnswerSeconds: null, occupancy: 1 });
    expect(erlangC({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, agents: 3 }).stable).toBe(false);
  });

  test("no contacts: nobody waits", () => {
    expect(erlangC({ arrivalRate: 0, handleTimeSeconds: 180, agents: 1 })).toMatchObject({ stable: true, probabilityOfWaiting: 0, serviceLevel: 1, averageSpeedOfAnswerSeconds: 0, occupancy: 0 });
  });

  test("default interval is an hour and default target 20 s", () => {
    const r = erlangC({ arrivalRate: 200, handleTimeSeconds: 180, agents: 14 });
    expect(r.trafficErlangs).toBe(10);
    expect(r.serviceLevelSeconds).toBe(20);
    expect(r.serviceLevel).toBeCloseTo(0.888, 3);
  });

  test("huge loads stay finite (1,000,000 agents)", () => {
    const r = erlangC({ arrivalRate: 999_000, handleTimeSeconds: 3600, agents: 1_000_000 });
    expect(r.stable).toBe(true);
    for (const v of [r.probabilityOfWaiting, r.serviceLevel, r.averageSpeedOfAnswerSeconds!, r.occupancy]) expect(Number.isFinite(v)).toBe(true);
    expect(r.probabilityOfWaiting).toBeGreaterThan(0);
    expect(r.probabilityOfWaiting).toBeLessThan(1);
  });

  test("bad arguments are RangeError/TypeError naming the function and the option", () => {
    expect(() => erlangC({ arrivalRate: -1, handleTimeSeconds: 180, agents: 3 })).toThrow(/^erlangC: options\.arrivalRate/);
    expect(() => erlangC({ arrivalRate: -1, handleTimeSeconds: 180, agents: 3 })).toThrow(RangeError);
    expect(() => erlangC({ arrivalRate: 1, handleTimeSeconds: 0, agents: 3 })).toThrow(/^erlangC: options\.handleTimeSeconds/);
    expect(() => erlangC({ arrivalRate: 1, handleTimeSeconds: 10, agents: 2.5 })).toThrow(/^erlangC: options\.agents/);
    expect(() => erlangC({ arrivalRate: 1, handleTimeSeconds: 10, agents: 0 })).toThrow(RangeError);
    expect(() => erlangC({ arrivalRate: Number.NaN, handleTimeSeconds: 10, agents: 1 })).toThrow(/^erlangC: /);
    expect(() => erlangC({ arrivalRate: 1e300, handleTimeSeconds: 10, agents: 1 })).toThrow(/^erlangC: the offered load/);
    expect(() => erlangC({ arrivalRate: 1, handleTimeSeconds: 10, agents: 1, sla: 3 } as never)).toThrow(TypeError);
    expect(() => erlangC(undefined as never)).toThrow(TypeError);
    expect(Object.keys(erlangCOptionsSchema.shape).sort()).toEqual(["agents", "arrivalRate", "handleTimeSeconds", "intervalSeconds", "serviceLevelSeconds"]);
  });

  const load = fc.record({
    arrivalRate: fc.double({ min: 0, max: 5000, noNaN: true }),
    handleTimeSeconds: fc.double({ min: 1, max: 3600, noNaN: true }),
    agents: fc.integer({ min: 1, max: 2000 }),
    serviceLevelSeconds: fc.double({ min: 0, max: 600, noNaN: true }),
  });

  test("property: every rate lies in [0, 1] and nothing is NaN or Infinity", () => {
    fc.assert(
      fc.property(load, (o) => {
        const r = erlangC(o);
        for (const v of [r.probabilityOfWaiting, r.serviceLevel, r.occupancy]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        if (r.stable) expect(Number.isFinite(r.averageSpeedOfAnswerSeconds)).toBe(true);
        else expect(r.averageSpeedOfAnswerSeconds).toBeNull();
      }),
    );
  });

  test("property: service level rises and waiting falls with every agent added", () => {
    fc.assert(
      fc.property(load, (o) => {
        const a = erlangC(o);
        const b = erlangC({ ...o, agents: o.agents + 1 });
        expect(b.serviceLevel).toBeGreaterThanOrEqual(a.serviceLevel);
        expect(b.probabilityOfWaiting).toBeLessThanOrEqual(a.probabilityOfWaiting);
        if (a.averageSpeedOfAnswerSeconds !== null) expect(b.averageSpeedOfAnswerSeconds!).toBeLessThanOrEqual(a.averageSpeedOfAnswerSeconds);
      }),
    );
  });

  test("property: the options object is not mutated", () => {
    fc.assert(
      fc.property(load, (o) => {
        const frozen = Object.freeze({ ...o });
        erlangC(frozen);
        expect(frozen).toEqual(o);
      }),
    );
  });
});
