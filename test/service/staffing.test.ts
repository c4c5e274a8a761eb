import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { erlangC, staffing, staffingOptionsSchema, type StaffingTarget } from "../../src/service/index.js";

interface Ref {
  arrivalRate: number;
  intervalSeconds: number;
  handleTimeSeconds: number;
  target: StaffingTarget;
  maxOccupancy: number;
  agents: number;
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/service/erlang_c_mpmath.json", import.meta.url), "utf8")) as { staffing: Ref[] };

describe("staffing", () => {
  test("the 80/20 worked example: 100 calls per 30 min, 180 s → 14 agents", () => {
    const r = staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, target: { serviceLevel: 0.8, withinSeconds: 20 } });
    expect(r).toMatchObject({ agents: 14, trafficErlangs: 10, limitedBy: "target", serviceLevelSeconds: 20 });
    expect(r.serviceLevel).toBeCloseTo(0.888, 3);
    expect(r.occupancy).toBeCloseTo(10 / 14, 15);
    // the figures are erlangC's at that number of agents
    const c = erlangC({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, agents: 14 });
    expect(r.probabilityOfWaiting).toBe(c.probabilityOfWaiting);
    expect(r.serviceLevel).toBe(c.serviceLevel);
  });

  test("an occupancy cap can need more agents than the target, and says so", () => {
    const r = staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, target: { serviceLevel: 0.8, withinSeconds: 20 }, maxOccupancy: 0.7 });
    expect(r).toMatchObject({ agents: 15, limitedBy: "maxOccupancy" });
    expect(r.occupancy).toBeLessThanOrEqual(0.7);
    // a cap the target already satisfies changes nothing
    expect(staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, target: { serviceLevel: 0.8, withinSeconds: 20 }, maxOccupancy: 0.85 })).toMatchObject({ agents: 14, limitedBy: "target" });
    // exactly at the cap: 10 Erlangs on 20 agents is 0.5
    expect(staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, target: { serviceLevel: 0.5, withinSeconds: 0 }, maxOccupancy: 0.5 }).agents).toBe(20);
  });

  test("an average-speed-of-answer target", () => {
    const r = staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, target: { averageSpeedOfAnswerSeconds: 30 } });
    expect(r.agents).toBe(13);
    expect(r.averageSpeedOfAnswerSeconds).toBeLessThanOrEqual(30);
    const fewer = erlangC({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, agents: 12 });
    expect(fewer.averageSpeedOfAnswerSeconds!).toBeGreaterThan(30);
  });

  test(`agrees with the mpmath search from one agent upward (${fixture.staffing.length} cases)`, () => {
    for (const ref of fixture.staffing) {
      const r = staffing({ arrivalRate: ref.arrivalRate, intervalSeconds: ref.intervalSeconds, handleTimeSeconds: ref.handleTimeSeconds, target: ref.target, maxOccupancy: ref.maxOccupancy });
      expect(r.agents, JSON.stringify(ref)).toBe(ref.agents);
    }
  });

  test("10,000 agents and beyond", () => {
    const r = staffing({ arrivalRate: 9900, handleTimeSeconds: 3600, target: { serviceLevel: 0.8, withinSeconds: 20 } });
    expect(r.agents).toBe(9981);
    expect(erlangC({ arrivalRate: 9900, handleTimeSeconds: 3600, agents: 9980 }).serviceLevel).toBeLessThan(0.8);
    const big = staffing({ arrivalRate: 2_000_000, handleTimeSeconds: 3600, target: { serviceLevel: 0.9, withinSeconds: 10 } });
    expect(big.agents).toBeGreaterThan(2_000_000);
    expect(big.serviceLevel).toBeGreaterThanOrEqual(0.9);
  });

  test("no contacts need one agent", () => {
    expect(staffing({ arrivalRate: 0, handleTimeSeconds: 60, target: { serviceLevel: 0.99, withinSeconds: 0 } }).agents).toBe(1);
  });

  test("bad arguments", () => {
    const base = { arrivalRate: 100, handleTimeSeconds: 180 };
    expect(() => staffing({ ...base, target: { serviceLevel: 1, withinSeconds: 20 } })).toThrow(/^staffing: options\.target/);
    expect(() => staffing({ ...base, target: { serviceLevel: 0, withinSeconds: 20 } })).toThrow(/^staffing: /);
    expect(() => staffing({ ...base, target: { averageSpeedOfAnswerSeconds: 0 } })).toThrow(/^staffing: /);
    expect(() => staffing({ ...base, target: {} as never })).toThrow(/^staffing: options\.target/);
    expect(() => staffing({ ...base, target: { serviceLevel: 0.8, withinSeconds: 20 }, maxOccupancy: 0 })).toThrow(RangeError);
    expect(() => staffing({ ...base, target: { serviceLevel: 0.8, withinSeconds: 20 }, maxOccupancy: 1.2 })).toThrow(/^staffing: options\.maxOccupancy/);
    expect(() => staffing({ ...base, handleTimeSeconds: -1, target: { serviceLevel: 0.8, withinSeconds: 20 } })).toThrow(RangeError);
    expect(() => staffing({ ...base, target: { serviceLevel: 0.8, withinSeconds: 20 }, shrinkage: 0.3 } as never)).toThrow(TypeError);
    expect(Object.keys(staffingOptionsSchema.shape).sort()).toEqual(["arrivalRate", "handleTimeSeconds", "intervalSeconds", "maxOccupancy", "target"]);
  });

  const load = fc.record({ arrivalRate: fc.double({ min: 0, max: 3000, noNaN: true }), handleTimeSeconds: fc.double({ min: 5, max: 1800, noNaN: true }) });
  const slTarget = fc.record({ serviceLevel: fc.double({ min: 0.05, max: 0.99, noNaN: true }), withinSeconds: fc.double({ min: 0, max: 300, noNaN: true }) });

  test("property: the agents found meet the target and one fewer does not", () => {
    fc.assert(
      fc.property(load, slTarget, (l, target) => {
        const r = staffing({ ...l, target });
        expect(r.serviceLevel).toBeGreaterThanOrEqual(target.serviceLevel);
        if (r.agents > 1) {
          const fewer = erlangC({ ...l, agents: r.agents - 1, serviceLevelSeconds: target.withinSeconds });
          expect(fewer.serviceLevel).toBeLessThan(target.serviceLevel);
        }
      }),
    );
  });

  test("property: staffing is monotone in load (more arrivals or longer handling never need fewer agents)", () => {
    fc.assert(
      fc.property(load, slTarget, fc.double({ min: 1, max: 3, noNaN: true }), (l, target, k) => {
        const a = staffing({ ...l, target }).agents;
        expect(staffing({ ...l, arrivalRate: l.arrivalRate * k, target }).agents).toBeGreaterThanOrEqual(a);
        expect(staffing({ ...l, handleTimeSeconds: l.handleTimeSeconds * k, target }).agents).toBeGreaterThanOrEqual(a);
      }),
    );
  });

  test("property: staffing is monotone in the target (a higher level, a shorter time, a lower ASA, a lower cap)", () => {
    fc.assert(
      fc.property(load, slTarget, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 1, noNaN: true }), (l, target, u, cap) => {
        const a = staffing({ ...l, target }).agents;
        const higher = target.serviceLevel + (0.99 - target.serviceLevel) * u;
        expect(staffing({ ...l, target: { ...target, serviceLevel: higher } }).agents).toBeGreaterThanOrEqual(a);
        expect(staffing({ ...l, target: { ...target, withinSeconds: target.withinSeconds * u } }).agents).toBeGreaterThanOrEqual(a);
        expect(staffing({ ...l, target, maxOccupancy: cap }).agents).toBeGreaterThanOrEqual(a);
        const asa = 1 + 100 * u;
        expect(staffing({ ...l, target: { averageSpeedOfAnswerSeconds: asa / 2 } }).agents).toBeGreaterThanOrEqual(staffing({ ...l, target: { averageSpeedOfAnswerSeconds: asa } }).agents);
      }),
    );
  });

  test("property: the options are not mutated and the result is plain data", () => {
    fc.assert(
      fc.property(load, slTarget, (l, target) => {
        const o = Object.freeze({ ...l, target: Object.freeze({ ...target }) });
        const r = staffing(o);
        expect(o.target).toEqual(target);
        expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      }),
    );
  });

  test("an occupancy cap that needs more than MAX_AGENTS agents is a RangeError at once, not an endless search (found by the fuzz suite)", () => {
    const base = { arrivalRate: 1, intervalSeconds: 1, handleTimeSeconds: 1194, target: { serviceLevel: 0.07, withinSeconds: 13 } };
    for (const maxOccupancy of [1e-9, 5e-324, 1e-4]) {
      const t0 = performance.now();
      expect(() => staffing({ ...base, maxOccupancy })).toThrow(/^staffing: the occupancy limit .* needs more than 10000000 agents/);
      expect(performance.now() - t0).toBeLessThan(500);
    }
    // at the edge: 1194 Erlangs at a cap of 1194 / 10^7 needs exactly 10^7 agents, which is allowed
    expect(staffing({ ...base, maxOccupancy: 1194 / 1e7 }).agents).toBe(1e7);
  });
});
