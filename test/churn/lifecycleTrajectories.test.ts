import fc from "fast-check";
import { describe, expect, expectTypeOf, test } from "vitest";
import { lifecycleTrajectories, LIFECYCLE_TRAJECTORIES, type LifecycleTrajectoriesResult, type LifecycleStageId } from "../../src/churn/index.js";
import { deepFreeze, shuffled } from "../helpers/arbitraries.js";

const stage = fc.constantFrom<LifecycleStageId>("exploration", "formation", "stability", "decline");
const histories = fc.array(fc.array(stage, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 30 });
const toRows = (hs: LifecycleStageId[][]) => hs.flatMap((stages, c) => stages.map((s, t) => ({ customerId: `c${c}`, period: t + 1, stage: s })));

describe("lifecycleTrajectories", () => {
  test("hand-checked: the four courseware patterns, ongoing and undetermined (rows in any order, text periods)", () => {
    const seqs: Record<string, LifecycleStageId[]> = {
      kept: ["exploration", "formation", "stability", "stability", "stability"],
      keptThenDecline: ["formation", "stability", "stability", "stability", "decline"],
      aborted: ["exploration", "exploration", "decline"],
      died: ["exploration", "formation", "formation", "decline", "stability"],
      left: ["exploration", "formation", "stability", "stability", "decline"],
      stillForming: ["exploration", "formation"],
      newlyStable: ["formation", "stability"],
      fromDecline: ["decline", "stability", "stability", "stability"],
    };
    const rows = Object.entries(seqs).flatMap(([id, ss]) => ss.map((s, t) => ({ who: id, month: `2024-${String(t + 1).padStart(2, "0")}`, st: s })));
    const { customers, meta } = lifecycleTrajectories(rows.reverse(), { customerId: "who", period: "month", stage: (r) => r.st });
    const by = Object.fromEntries(customers.map((c) => [c.customerId, c]));
    expect(Object.fromEntries(customers.map((c) => [c.customerId, c.trajectory]))).toEqual({
      kept: "long_kept",
      keptThenDecline: "long_kept",
      aborted: "aborted_exploration",
      died: "died_formation",
      left: "left_stability",
      stillForming: "ongoing",
      newlyStable: "ongoing",
      fromDecline: "undetermined",
    });
    // first decline counts: "died" recovers to stability afterwards but stays died_formation
    expect(by.died).toMatchObject({ highestStage: "formation", declinePeriod: "2024-04", finalStage: "stability", stabilityPeriods: 0, periods: 5, firstPeriod: "2024-01", lastPeriod: "2024-05", reason: "declined" });
    expect(by.left).toMatchObject({ stabilityPeriods: 2, highestStage: "stability" });
    expect(by.fromDecline).toMatchObject({ highestStage: null, stabilityPeriods: 0, reason: "starts in decline" });
    expect(meta.counts).toEqual({ long_kept: 2, aborted_exploration: 1, died_formation: 1, left_stability: 1, ongoing: 2, undetermined: 1 });
    expect(meta).toMatchObject({ customers: 8, observations: rows.length, minStabilityPeriods: 3, explorationLimit: null });
    // a looser long-kept rule turns "left" (2 stable periods) into long-kept
    expect(lifecycleTrajectories(rows, { customerId: "who", period: "month", stage: "st", minStabilityPeriods: 2 }).customers.find((c) => c.customerId === "left")!.trajectory).toBe("long_kept");
    expect(LIFECYCLE_TRAJECTORIES.slice(0, 4).map((t) => t.labelZh)).toEqual(["长久保持型", "早期流产型", "中途夭折型", "提前退出型"]);
  });

  test("explorationLimit: customers stuck in exploration lapse", () => {
    const hs = [{ customerId: 1, s: ["exploration", "exploration", "exploration"] }, { customerId: 2, s: ["exploration", "exploration"] }];
    expect(lifecycleTrajectories(hs, { stages: "s" }).customers.map((c) => c.trajectory)).toEqual(["ongoing", "ongoing"]);
    const lapsed = lifecycleTrajectories(hs, { stages: "s", explorationLimit: 3 });
    expect(lapsed.customers.map((c) => [c.customerId, c.trajectory, c.reason])).toEqual([["1", "aborted_exploration", "lapsed"], ["2", "ongoing", "open"]]);
    expect(lapsed.meta.explorationLimit).toBe(3);
  });

  test("errors", () => {
    expect(() => lifecycleTrajectories([])).toThrow(expect.objectContaining({ code: "empty_input" }));
    expect(() => lifecycleTrajectories([{ customerId: "a", period: 1, stage: "loyal" }])).toThrow(
      expect.objectContaining({ code: "invalid_value", issues: [expect.objectContaining({ path: ["histories", 0, "stage"], customerId: "a" })] }),
    );
    expect(() => lifecycleTrajectories([{ customerId: "a", period: 1, stage: "formation" }, { customerId: "a", period: 1, stage: "decline" }])).toThrow(/period 1 given twice/);
    expect(() => lifecycleTrajectories([{ customerId: "a", period: 1, stage: "formation" }, { customerId: "b", period: "2024-01", stage: "decline" }])).toThrow(/one kind/);
    expect(() => lifecycleTrajectories([{ customerId: "", period: 1, stage: "formation" }])).toThrow(expect.objectContaining({ code: "missing_customer_id" }));
    expect(() => lifecycleTrajectories([{ customerId: "a", period: Number.NaN, stage: "formation" }])).toThrow(expect.objectContaining({ code: "invalid_value" }));
    expect(() => lifecycleTrajectories([{ customerId: "a", s: [] }], { stages: "s" })).toThrow(/non-empty array/);
    expect(() => lifecycleTrajectories([{ customerId: "a", s: ["decline"] }, { customerId: "a", s: ["decline"] }], { stages: "s" })).toThrow(expect.objectContaining({ code: "duplicate_customer" }));
    expect(() => lifecycleTrajectories([{ customerId: "a", s: ["formation", "x"] }], { stages: "s" })).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ["histories", 0, "s", 1] })] }));
    expect(() => lifecycleTrajectories([{ customerId: "a", period: 1, stage: "formation" }], { stage: () => { throw new Error("boom"); } })).toThrow(expect.objectContaining({ code: "unreadable_field" }));
    expect(() => lifecycleTrajectories([{ customerId: "a", s: ["formation"] }], { stages: "s", stage: "x" })).toThrow(/^lifecycleTrajectories: options\.stages/);
    expect(() => lifecycleTrajectories([{ customerId: "a", s: ["formation"] }], { stages: "s", minStabilityPeriods: 0 })).toThrow(RangeError);
    expect(() => lifecycleTrajectories([{ customerId: "a", s: ["formation"] }], { stages: "s", window: 1 } as never)).toThrow(/unknown option "window"/);
  });

  test("property: trajectories conserve customers, rows and sequences agree, input untouched", () => {
    fc.assert(
      fc.property(histories, (hs) => {
        const rows = deepFreeze(toRows(hs));
        const copy = structuredClone(rows);
        const fromRows = lifecycleTrajectories(rows);
        expect(rows).toEqual(copy);
        expect(Object.values(fromRows.meta.counts).reduce((a, b) => a + b, 0)).toBe(hs.length);
        expect(fromRows.meta.observations).toBe(rows.length);
        const fromSeqs = lifecycleTrajectories(hs.map((s, c) => ({ customerId: `c${c}`, s })), { stages: "s" });
        expect(fromSeqs.customers.map((c) => c.trajectory)).toEqual(fromRows.customers.map((c) => c.trajectory));
      }),
    );
  });

  test("property: shuffling the rows changes nothing but the customers' order", () => {
    fc.assert(
      fc.property(histories.chain((hs) => fc.tuple(fc.constant(toRows(hs)), shuffled(toRows(hs)))), ([rows, perm]) => {
        const sorted = (r: LifecycleTrajectoriesResult) => [...r.customers].sort((a, b) => a.customerId.localeCompare(b.customerId));
        const a = lifecycleTrajectories(rows);
        const b = lifecycleTrajectories(perm);
        expect(sorted(b)).toEqual(sorted(a));
        expect(b.meta.counts).toEqual(a.meta.counts);
      }),
    );
  });

  test("property: a decided trajectory is final — later periods never change it; ongoing ones are never past a decline", () => {
    fc.assert(
      fc.property(fc.array(stage, { minLength: 1, maxLength: 12 }), fc.array(stage, { maxLength: 8 }), (head, tail) => {
        const one = (s: LifecycleStageId[]) => lifecycleTrajectories([{ customerId: "x", s }], { stages: "s" }).customers[0];
        const before = one(head);
        const after = one([...head, ...tail]);
        if (before.trajectory !== "ongoing") expect(after.trajectory).toBe(before.trajectory);
        else expect(head).not.toContain("decline");
        // more periods in stability never make a trajectory worse than long-kept once it is long-kept
        if (before.trajectory === "ongoing" && !head.includes("decline")) {
          expect(one([...head, "stability", "stability", "stability"]).trajectory).toBe("long_kept");
        }
      }),
    );
  });

  test("types: the named result", () => {
    expectTypeOf(lifecycleTrajectories([{ customerId: "a", period: 1, stage: "formation" }])).toEqualTypeOf<LifecycleTrajectoriesResult>();
  });
});
