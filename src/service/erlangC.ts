import { z } from "zod";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { erlangB, queueFigures } from "./erlang.js";

/** The most agents {@link erlangC} and {@link staffing} work with (the recursion is O(agents)). */
export const MAX_AGENTS = 10_000_000;

/** Options of {@link erlangC}. */
export interface ErlangCOptions {
  /** Contacts arriving per interval (finite, ≥ 0): e.g. 100 calls per half hour. */
  arrivalRate: number;
  /** The interval `arrivalRate` counts over, in seconds (default 3600: contacts per hour). */
  intervalSeconds?: number;
  /** Average handle time (talk + hold + after-call work) in seconds, > 0. */
  handleTimeSeconds: number;
  /** Agents answering (an integer from 1 to 10,000,000). */
  agents: number;
  /** The target answer time of the service level, in seconds (default 20: the "80/20" standard). */
  serviceLevelSeconds?: number;
}

/** What an M/M/N queue (Erlang C) gives at a number of agents. */
export interface ErlangCResult {
  /** Offered load A = arrivals per second × handle time, in Erlangs. */
  trafficErlangs: number;
  /** Agents N. */
  agents: number;
  /** Whether N > A. Otherwise the queue grows without bound: every contact waits, none within the target. */
  stable: boolean;
  /** Erlang C: the share of contacts that wait (in [0, 1]). */
  probabilityOfWaiting: number;
  /** Share answered within `serviceLevelSeconds`: 1 − C·e^(−(N−A)·t/h), in [0, 1]. */
  serviceLevel: number;
  /** The target answer time the service level is for, in seconds. */
  serviceLevelSeconds: number;
  /** Mean wait of all contacts (those answered at once count 0): C·h/(N−A); `null` when not stable. */
  averageSpeedOfAnswerSeconds: number | null;
  /** Share of agents' time busy with contacts: A/N (1 when not stable). */
  occupancy: number;
}

const positive = z.number().positive().finite();

/** Schema of {@link ErlangCOptions} (strict: unknown keys are rejected). */
export const erlangCOptionsSchema: OptionsSchema<ErlangCOptions> = defineOptions<ErlangCOptions>()({
  arrivalRate: z.number().min(0).finite(),
  intervalSeconds: positive.optional(),
  handleTimeSeconds: positive,
  agents: z.number().int().min(1).max(MAX_AGENTS),
  serviceLevelSeconds: z.number().min(0).finite().optional(),
});

/** Offered load in Erlangs, refused when it is beyond what {@link MAX_AGENTS} agents can carry. @internal */
export function trafficOf(fn: string, arrivalRate: number, intervalSeconds: number, handleTimeSeconds: number): number {
  const traffic = (arrivalRate / intervalSeconds) * handleTimeSeconds;
  if (!Number.isFinite(traffic) || traffic >= MAX_AGENTS) {
    throw new RangeError(`${fn}: the offered load arrivalRate / intervalSeconds × handleTimeSeconds is ${traffic} Erlangs; at most ${MAX_AGENTS - 1} are supported`);
  }
  return traffic;
}

/**
 * Erlang C (the M/M/N queue: Poisson arrivals, exponential handle times, N agents, no one hangs up):
 * the probability that a contact waits, the service level (share answered within a target time), the
 * average speed of answer and the occupancy at a given number of agents. Computed from the Erlang B
 * recursion, which stays in [0, 1] at every step: no factorials, exact to rounding at 10,000 agents and
 * more. O(agents). Because no one abandons, Erlang C overstates waits when callers hang up.
 *
 * @param options Load (`arrivalRate` per `intervalSeconds`, `handleTimeSeconds`), `agents`, target answer time.
 * @returns One set of figures; when agents ≤ load, `stable: false`, service level 0 and no average speed of answer.
 * @throws {RangeError} `erlangC: options.<key>: ...` for a negative rate, a handle time ≤ 0, agents not an
 *   integer in 1..10,000,000, or a load of 10,000,000 Erlangs or more; `TypeError` for unknown keys.
 *
 * @example
 * // 100 calls per half hour, 3-minute handle time (10 Erlangs), 14 agents, 80/20 target
 * const r = erlangC({ arrivalRate: 100, intervalSeconds: 1800, handleTimeSeconds: 180, agents: 14 });
 * Math.round(r.probabilityOfWaiting * 1000) / 1000; //=> 0.174
 * Math.round(r.serviceLevel * 1000) / 1000; //=> 0.888
 * Math.round((r.averageSpeedOfAnswerSeconds ?? 0) * 10) / 10; //=> 7.8
 * r.occupancy; //=> 10 / 14
 *
 * @see Erlang, A. K. (1917). Solution of some problems in the theory of probabilities of significance in
 *   automatic telephone exchanges. Elektroteknikeren 13. — Koole, G. (2013). Call Center Optimization,
 *   ch. 5. MG books. — docs/service.md#erlang-c.
 */
export function erlangC(options: ErlangCOptions): ErlangCResult {
  const fn = "erlangC";
  const o = parseOptions(fn, erlangCOptionsSchema, options);
  const interval = o.intervalSeconds ?? 3600;
  const within = o.serviceLevelSeconds ?? 20;
  const traffic = trafficOf(fn, o.arrivalRate, interval, o.handleTimeSeconds);
  const b = erlangB(o.agents, traffic);
  const q = queueFigures(o.agents, traffic, o.handleTimeSeconds, within, b);
  return {
    trafficErlangs: traffic,
    agents: o.agents,
    stable: q.stable,
    probabilityOfWaiting: q.probabilityOfWaiting,
    serviceLevel: q.serviceLevel,
    serviceLevelSeconds: within,
    averageSpeedOfAnswerSeconds: q.averageSpeedOfAnswerSeconds,
    occupancy: q.occupancy,
  };
}
