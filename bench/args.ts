/**
 * Command-line helpers shared by the bench scripts.
 */

/** Removes `name` and the value after it from `args` and returns that value (`undefined` when absent). */
export function takeFlag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

/** A median (the upper one of an even count), of a copy. */
export const median = (xs: readonly number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs `cases` interleaved, round by round (so a loaded machine slows them alike), and prints per case
 * the median wall and CPU (user + system) seconds with the range, and the medians of the per-round
 * ratios to the first case.
 */
export function interleavedRounds(cases: readonly (readonly [string, () => unknown])[], rounds: number, width = 36): void {
  const times = cases.map(() => [] as number[]);
  const cpu = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    cases.forEach(([, run], k) => {
      const c = process.cpuUsage();
      const t = performance.now();
      run();
      times[k].push((performance.now() - t) / 1000);
      const used = process.cpuUsage(c);
      cpu[k].push((used.user + used.system) / 1e6);
    });
  }
  cases.forEach(([name], k) => {
    const ratio = median(times[k].map((t, r) => t / times[0][r]));
    const range = `${Math.min(...times[k]).toFixed(3)}–${Math.max(...times[k]).toFixed(3)} s`;
    const cpuRatio = median(cpu[k].map((t, r) => t / cpu[0][r]));
    console.log(`  ${name.padEnd(width)} wall median ${median(times[k]).toFixed(3)} s (${range}), ratio ${ratio.toFixed(2)}×; CPU median ${median(cpu[k]).toFixed(3)} s, ratio ${cpuRatio.toFixed(2)}×`);
  });
}
