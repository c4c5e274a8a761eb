import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { erlangB, queueFigures } from "./erlang.js";
import { MAX_AGENTS, trafficOf } from "./erlangC.js";

/** A staffing target: a service level (share answered within a time) or an average speed of answer. */
export type StaffingTarget =
  | {
      /** Share of contacts to answer within `withinSeconds`, in (0, 1): 0.8 for "80/20". */
      serviceLevel: number;
      /** The target answer time in seconds (≥ 0). */
      withinSeconds: number;
    }
  | {
      /** The mean wait of all contacts to stay at or below, in seconds (> 0). */
      averageSpeedOfAnswerSeconds: number;
    };

/** Options of {@link staffing}. */
export interface StaffingOptions {
  /** Contacts arriving per interval (finite, ≥ 0). */
  arrivalRate: number;
  /** The interval `arrivalRate` counts over, in seconds (default 3600: contacts per hour). */
  intervalSeconds?: number;
  /** Average handle time in seconds, > 0. */
  handleTimeSeconds: number;
  /** What the agents must reach. */
  target: StaffingTarget;
  /** Highest occupancy A/N allowed, in (0, 1] (default 1: no limit beyond stability). */
  maxOccupancy?: number;
}

/** The agents {@link staffing} finds and what they reach. */
export interface StaffingResult {
  /** The fewest agents (on the phones, before shrinkage) that meet the target and the occupancy limit. */
  agents: number;
  /** Offered load A in Erlangs. */
  trafficErlangs: number;
  /** `"target"` when the target needs these agents, `"maxOccupancy"` when the occupancy limit needs more. */
  limitedBy: "target" | "maxOccupancy";
  /** Erlang C at these agents. */
  probabilityOfWaiting: number;
  /** Service level reached for the target's `withinSeconds` (for an average-speed target: within 0 s, 1 − C). */
  serviceLevel: number;
  /** The answer time `serviceLevel` is for. */
  serviceLevelSeconds: number;
  /** Average speed of answer reached, in seconds. */
  averageSpeedOfAnswerSeconds: number;
  /** Occupancy A/N reached. */
  occupancy: number;
}

const serviceLevelTarget = z.strictObject({ serviceLevel: z.number().gt(0).lt(1), withinSeconds: z.number().min(0).finite() });
const asaTarget = z.strictObject({ averageSpeedOfAnswerSeconds: z.number().positive().finite() });

/** Schema of {@link StaffingOptions} (strict: unknown keys are rejected). */
export const staffingOptionsSchema: OptionsSchema<StaffingOptions> = defineOptions<StaffingOptions>()({
  arrivalRate: z.number().min(0).finite(),
  intervalSeconds: z.number().positive().finite().optional(),
  handleTimeSeconds: z.number().positive().finite(),
  target: z.union([serviceLevelTarget, asaTarget]),
  maxOccupancy: z.number().gt(0).max(1).optional(),
});

/**
 * The fewest agents that reach a service level (e.g. 80% answered within 20 seconds) or an average speed
 * of answer under Erlang C, optionally with an occupancy cap. Starts at the smallest stable number
 * (⌊A⌋ + 1, or ⌈A / maxOccupancy⌉ when higher) and adds one agent at a time, carrying the Erlang B
 * recursion along: O(agents), exact at 10,000 agents. The service level rises and the average speed of
 * answer falls with every agent added, so the first one that meets the target is the fewest. Agents
 * are the ones on the phones: divide by (1 − shrinkage) for the ones to schedule.
 *
 * @throws {RangeError} `staffing: options.<key>: ...` for a negative rate, a handle time ≤ 0, a service
 *   level outside (0, 1), an occupancy outside (0, 1], or a load of 10,000,000 Erlangs or more;
 *   `TypeError` for unknown keys or a target that is neither kind.
 *
 * @example
 * // 100 calls per half hour, 180 s handle time, 80% within 20 s
 * const r = staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, target: { serviceLevel: 0.8, withinSeconds: 20 } });
 * r.agents; //=> 14
 * r.limitedBy; //=> "target"
 * staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, target: { averageSpeedOfAnswerSeconds: 30 } }).agents;
 * //=> 13
 * staffing({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, target: { serviceLevel: 0.8, withinSeconds: 20 }, maxOccupancy: 0.7 }).agents;
 * //=> 15
 *
 * @see Koole, G. (2013). Call Center Optimization, ch. 5. MG books. — docs/service.md#staffing.
 */
export function staffing(options: StaffingOptions): StaffingResult {
  const fn = "staffing";
  const o = parseOptions(fn, staffingOptionsSchema, options);
  const h = o.handleTimeSeconds;
  const traffic = trafficOf(fn, o.arrivalRate, o.intervalSeconds ?? 3600, h);
  const maxOcc = o.maxOccupancy ?? 1;
  const stable = Math.floor(traffic) + 1;
  let byOccupancy = Math.ceil(traffic / maxOcc);
  // before the O(agents) Erlang B recursion: a tiny cap (maxOccupancy 1e-9) asked for 10^12 agents and
  // ran for minutes; at 5e-324 the quotient is Infinity and the loops below would never end
  const tooMany = () => new RangeError(`${fn}: the occupancy limit ${maxOcc} needs more than ${MAX_AGENTS} agents at ${traffic} Erlangs`);
  if (!(byOccupancy <= MAX_AGENTS + 1)) throw tooMany();
  // A/N ≤ maxOccupancy exactly as it is reported (the division may round past the cap by one ulp)
  while (byOccupancy > 0 && traffic / byOccupancy > maxOcc) byOccupancy++;
  while (byOccupancy > 1 && traffic / (byOccupancy - 1) <= maxOcc) byOccupancy--;
  if (byOccupancy > MAX_AGENTS) throw tooMany();
  const start = Math.max(1, stable, byOccupancy);
  const target = o.target;
  const within = "withinSeconds" in target ? target.withinSeconds : 0;
  let n = start;
  let b = erlangB(n, traffic);
  for (;;) {
    const q = queueFigures(n, traffic, h, within, b);
    const met = "serviceLevel" in target ? q.serviceLevel >= target.serviceLevel : (q.averageSpeedOfAnswerSeconds as number) <= target.averageSpeedOfAnswerSeconds;
    if (met) {
      return {
        agents: n,
        trafficErlangs: traffic,
        limitedBy: n === byOccupancy && n > stable && meetsBelow(traffic, h, within, target, n) ? "maxOccupancy" : "target",
        probabilityOfWaiting: q.probabilityOfWaiting,
        serviceLevel: q.serviceLevel,
        serviceLevelSeconds: within,
        averageSpeedOfAnswerSeconds: q.averageSpeedOfAnswerSeconds as number,
        occupancy: q.occupancy,
      };
    }
    if (n >= MAX_AGENTS) break;
    n++;
    b = (traffic * b) / (n + traffic * b);
  }
  throw new RangeError(`${fn}: the target needs more than ${MAX_AGENTS} agents`);
}

/** Whether one agent fewer (still stable) would meet the target: then the occupancy cap, not the target, set the number. */
function meetsBelow(traffic: number, h: number, within: number, target: StaffingTarget, agents: number): boolean {
  const n = agents - 1;
  if (n <= traffic) return false;
  const q = queueFigures(n, traffic, h, within, erlangB(n, traffic));
  return "serviceLevel" in target ? q.serviceLevel >= target.serviceLevel : (q.averageSpeedOfAnswerSeconds as number) <= target.averageSpeedOfAnswerSeconds;
}
