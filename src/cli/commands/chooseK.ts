import { chooseK, type KCandidate } from "../../cluster/index.js";
import { choice, numberOption, type Command } from "../command.js";
import { UsageError } from "../errors.js";
import { step } from "../issues.js";

/** The candidate with the largest value of `field` (the smallest k on ties), if any has one. */
function best(candidates: readonly KCandidate[], field: "silhouette" | "calinskiHarabasz"): KCandidate | undefined {
  let top: KCandidate | undefined;
  for (const c of candidates) {
    const v = c[field];
    if (v !== null && (top === undefined || v > (top[field] as number))) top = c;
  }
  return top;
}

/** `choose-k`: the quality of k-means for each number of clusters, to choose `clusters --k`. */
export const chooseKCommand: Command = {
  name: "choose-k",
  summary: "how many clusters: inertia (elbow), silhouette and Calinski–Harabasz for k = 2..8",
  description:
    "One record per number of clusters k from --min-k to --max-k, clustered as clusters does (same features, --scaling, --seed, --restarts): inertia (the within-cluster sum of squares: look for the elbow, where it stops dropping fast), silhouette (mean silhouette in [−1, 1], higher is better; computed on a seeded sample of --silhouette-sample customers above that many, silhouetteSampled = true) and calinskiHarabasz (higher is better). A note on stderr names the k with the highest silhouette, the suggested --k for clusters, and the k Calinski–Harabasz prefers; the elbow is yours to read.",
  examples: ["crm-analytics choose-k orders.csv --as-of 2024-06-30 --max-k 10 --format table", "crm-analytics choose-k orders.csv --as-of 2024-06-30 --seed 7 && crm-analytics clusters orders.csv --as-of 2024-06-30 --k 4 --seed 7"],
  needs: "summaries",
  streams: () => true,
  options: {
    "min-k": { type: "string", arg: "K", help: "smallest k (default 2)" },
    "max-k": { type: "string", arg: "K", help: "largest k (default 8)" },
    seed: { type: "string", arg: "N", help: "random seed (default 42, as clusters)" },
    restarts: { type: "string", arg: "N", help: "k-means++ starts per k, the best kept (default 10)" },
    scaling: { type: "string", arg: "log1p-zscore|zscore|minmax|none", help: "feature scaling (default log1p-zscore)" },
    "silhouette-sample": { type: "string", arg: "N", help: "silhouette on a seeded sample of N customers when there are more (default 5000; 10..100000)" },
  },
  prepare(values) {
    const kMin = numberOption(values, "min-k", { integer: true, min: 1, max: 1000 }) ?? 2;
    const kMax = numberOption(values, "max-k", { integer: true, min: 1, max: 1000 }) ?? 8;
    if (kMin > kMax) throw new UsageError(`--min-k (${kMin}) must not exceed --max-k (${kMax})`);
    const seed = numberOption(values, "seed", { integer: true, min: 0, max: 2 ** 32 - 1 }) ?? 42;
    const restarts = numberOption(values, "restarts", { integer: true, min: 1 });
    const scaling = choice(values, "scaling", ["log1p-zscore", "zscore", "minmax", "none"] as const);
    const silhouetteSample = numberOption(values, "silhouette-sample", { integer: true, min: 10, max: 100_000 });
    return (input) => {
      if (input.kind !== "summaries") throw new Error("choose-k: needs summaries");
      const options = { kMin, kMax, seed, ...(restarts !== undefined ? { restarts } : {}), ...(scaling ? { scaling } : {}), ...(silhouetteSample !== undefined ? { silhouetteSample } : {}) };
      const { candidates, meta } = step("chooseK", () => chooseK(input.customers, options), input.customers);
      const notes: string[] = [];
      const bySilhouette = best(candidates, "silhouette");
      const byCh = best(candidates, "calinskiHarabasz");
      if (bySilhouette !== undefined) {
        const ch = byCh === undefined ? "" : byCh.k === bySilhouette.k ? "; Calinski–Harabasz agrees" : `; Calinski–Harabasz prefers k = ${byCh.k}`;
        const sampled = bySilhouette.silhouetteSampled ? ` (silhouette on a sample of ${meta.silhouetteSample} of ${meta.customers} customers)` : "";
        notes.push(`k = ${bySilhouette.k} has the highest silhouette (${bySilhouette.silhouette!.toFixed(3)})${ch}${sampled}: clusters --k ${bySilhouette.k} --seed ${seed}${scaling ? ` --scaling ${scaling}` : ""}`);
      }
      if (candidates.length > 0 && candidates[candidates.length - 1].k < kMax) {
        notes.push(`only ${candidates[candidates.length - 1].k} distinct points after scaling: k stops there, not at --max-k ${kMax}`);
      }
      return { records: candidates as unknown as Record<string, unknown>[], meta, notes };
    };
  },
};
