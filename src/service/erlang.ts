import { exp } from "../internal/elementary.js";

/**
 * Erlang B blocking probability B(N, A) by the recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)).
 * Every step stays in [0, 1] (no factorials, no powers), so it neither overflows nor loses digits:
 * 10,000 agents at 9,900 Erlangs take 10,000 steps. O(N).
 * @internal
 */
export function erlangB(agents: number, traffic: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
  return b;
}

/** Erlang C from Erlang B: C = N·B / (N − A·(1 − B)), 1 when N ≤ A (every contact waits). @internal */
export function erlangCFromB(agents: number, traffic: number, b: number): number {
  if (agents <= traffic) return 1;
  const c = (agents * b) / (agents - traffic * (1 - b));
  return c > 1 ? 1 : c;
}

/** The queue's figures at N agents and load A (Erlangs), handle time h and target answer time t (seconds). @internal */
export interface QueueFigures {
  stable: boolean;
  probabilityOfWaiting: number;
  serviceLevel: number;
  averageSpeedOfAnswerSeconds: number | null;
  occupancy: number;
}

/**
 * Probability of waiting C, service level 1 − C·e^(−(N−A)·t/h), average speed of answer C·h/(N−A) and
 * occupancy A/N. When N ≤ A the queue grows without bound: C = 1, service level 0, no finite average
 * speed of answer (`null`), occupancy 1.
 * @internal
 */
export function queueFigures(agents: number, traffic: number, handleSeconds: number, withinSeconds: number, b: number): QueueFigures {
  if (agents <= traffic) {
    return { stable: false, probabilityOfWaiting: 1, serviceLevel: 0, averageSpeedOfAnswerSeconds: null, occupancy: 1 };
  }
  const c = erlangCFromB(agents, traffic, b);
  const gap = agents - traffic;
  const sl = 1 - c * exp((-gap * withinSeconds) / handleSeconds);
  return {
    stable: true,
    probabilityOfWaiting: c,
    serviceLevel: sl < 0 ? 0 : sl > 1 ? 1 : sl,
    averageSpeedOfAnswerSeconds: (c * handleSeconds) / gap,
    occupancy: traffic / agents,
  };
}
