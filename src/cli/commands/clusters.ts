import { clusterCustomers, clusterNames } from "../../cluster/index.js";
import { choice, LABELS_OPTION, numberOption, SUMMARY_OPTION, type Command } from "../command.js";
import { step } from "../issues.js";

/** `clusters`: seeded k-means on recency, frequency and monetary value. */
export const clustersCommand: Command = {
  name: "clusters",
  summary: "k-means clusters on recency, frequency, monetary (seeded, reproducible)",
  description:
    "One record per customer: cluster, distance to its centroid (scaled space) and the classic RFM segment of its cluster's mean R/F/M with the cluster's label (--labels en|zh): the segment's name, told apart when two clusters share a segment (\"General develop, higher spend\" and \"…, lower spend\"), as in the chart's legend. --summary prints one record per cluster: size, share, means, revenue share and the centroid. Features are log1p-scaled and z-scored by default; the same --seed gives the same clusters.",
  examples: ["crm-analytics clusters orders.csv --as-of 2024-06-30 --k 4 --seed 7 --summary"],
  needs: "summaries",
  streams: () => true,
  options: {
    k: { type: "string", arg: "K", help: "number of clusters (default 4)" },
    seed: { type: "string", arg: "N", help: "random seed (default 42)" },
    restarts: { type: "string", arg: "N", help: "k-means++ starts, the best kept (default 10)" },
    scaling: { type: "string", arg: "log1p-zscore|zscore|minmax|none", help: "feature scaling (default log1p-zscore)" },
    labels: LABELS_OPTION,
    summary: SUMMARY_OPTION,
  },
  prepare(values) {
    const k = numberOption(values, "k", { integer: true, min: 1 }) ?? 4;
    const seed = numberOption(values, "seed", { integer: true, min: 0, max: 2 ** 32 - 1 }) ?? 42;
    const restarts = numberOption(values, "restarts", { integer: true, min: 1 });
    const scaling = choice(values, "scaling", ["log1p-zscore", "zscore", "minmax", "none"] as const);
    const lang = choice(values, "labels", ["en", "zh"] as const, "en");
    return (input) => {
      if (input.kind !== "summaries") throw new Error("clusters: needs summaries");
      const result = step("clusterCustomers", () => clusterCustomers(input.customers, { k, seed, ...(restarts !== undefined ? { restarts } : {}), ...(scaling ? { scaling } : {}) }), input.customers);
      const segmentOf = new Map(result.meta.profiles.map((p) => [p.cluster, p.segment]));
      // distinct names: clusters of one segment told apart ("General develop, higher spend"), as in the chart
      const nameOf = new Map(clusterNames(result.meta.profiles, { language: lang }).clusters.map((c) => [c.cluster, c.segment === null ? null : c.name]));
      if (values.summary) {
        const records = result.meta.profiles.map((p) => {
          // the centroid is the members' mean of each feature (recencyDays, frequency, monetary): the mean columns already
          const { centroid: _centroid, ...rest } = p;
          return { ...rest, label: nameOf.get(p.cluster) ?? null };
        });
        return { records, meta: result.meta };
      }
      const records = result.customers.map((c) => {
        const segment = segmentOf.get(c.cluster) ?? null;
        return { ...c, segment, label: nameOf.get(c.cluster) ?? null };
      });
      return { records, meta: result.meta };
    };
  },
};
