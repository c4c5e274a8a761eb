import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue } from "../errors.js";
import { groupThousands, toFixedHalfAway } from "../internal/format.js";
import { defineOptions, parseOptions, type OptionsSchema } from "../options.js";
import { CLASSIC_SEGMENTS } from "../rfm/segmentDefinitions.js";
import type { ClusterProfile } from "./clusterCustomers.js";

/** The fields of a cluster profile that {@link clusterNames} reads (`clusterCustomers(...).meta.profiles`). */
export type ClusterNameProfile = Pick<ClusterProfile, "cluster" | "segment" | "meanRecencyDays" | "meanFrequency" | "meanMonetary">;

/** Options of {@link clusterNames}. */
export interface ClusterNamesOptions {
  /** Language of the names: `"en"` (default) or `"zh"`. */
  language?: "en" | "zh";
}

/** zod schema of {@link ClusterNamesOptions}. */
export const clusterNamesOptionsSchema: OptionsSchema<ClusterNamesOptions> = defineOptions<ClusterNamesOptions>()({
  language: z.enum(["en", "zh"]).optional(),
});

/** One cluster's name. */
export interface ClusterName {
  cluster: number;
  /** The classic RFM segment of the cluster's profile (null without R/F/M). */
  segment: string | null;
  /** The distinct name: `"General develop, higher spend"`, `"Important value"`, `"Cluster 3"`. */
  name: string;
}

/** Result of {@link clusterNames}. */
export interface ClusterNamesResult {
  /** One name per profile, in the profiles' order. */
  clusters: ClusterName[];
  meta: {
    language: "en" | "zh";
    /** Per group of clusters that share a segment: the profile mean that tells them apart (null: none does). */
    qualifiedBy: { segment: string; clusters: number[]; mean: "meanRecencyDays" | "meanFrequency" | "meanMonetary" | null }[];
  };
}

/** The profile means that can tell clusters of one segment apart, with the words that say how. */
const PROFILE_DIMENSIONS = [
  {
    key: "meanRecencyDays",
    // fewer days since the last purchase is "more recent"
    two: { en: ["more recent", "less recent"], zh: ["近期购买", "较久未购"] },
    value: { en: (v: string) => `avg ${v} days since purchase`, zh: (v: string) => `平均 ${v} 天未购` },
    ascending: true,
  },
  {
    key: "meanFrequency",
    two: { en: ["more purchases", "fewer purchases"], zh: ["购买较多", "购买较少"] },
    value: { en: (v: string) => `avg ${v} purchases`, zh: (v: string) => `平均购买 ${v} 次` },
    ascending: false,
  },
  {
    key: "meanMonetary",
    two: { en: ["higher spend", "lower spend"], zh: ["消费较高", "消费较低"] },
    value: { en: (v: string) => `avg spend ${v}`, zh: (v: string) => `平均消费 ${v}` },
    ascending: false,
  },
] as const;

const CLUSTER_WORD = { en: "Cluster", zh: "簇" } as const;

/** A profile mean in a name: whole from 100 on, else 1 decimal (2 below 10), thousands grouped. */
function meanText(x: number): string {
  const a = Math.abs(x);
  return groupThousands(toFixedHalfAway(x, a >= 100 ? 0 : a >= 10 ? 1 : 2));
}

/**
 * Distinct names for k-means clusters: the label of the classic RFM segment of each cluster's profile
 * (`"Important value"`, `"重要价值客户"`), or `"Cluster 3"` (`"簇 3"`) without one. Clusters whose
 * profiles map to the same segment are told apart by the profile mean (recency, frequency or
 * monetary) on which they differ most relative to its size: two clusters get words (`"General
 * develop, higher spend"` and `"…, lower spend"`; `"一般发展客户，消费较高"`), three or more get the
 * means (`"…, avg spend 1,642"`). Names can still repeat only when the clusters' means are equal.
 *
 * The chart legend (`clusterScatter`), the HTML report and the CLI `clusters` command name clusters
 * with it.
 *
 * @param profiles `clusterCustomers(...).meta.profiles` (or records with the same fields).
 * @throws {TypeError} When `profiles` is not an array, prefixed `clusterNames:`; bad or unknown options.
 * @throws {AnalyticsInputError} `invalid_value` for a profile whose `cluster` is not an integer or repeats,
 *   whose `segment` is not a non-blank string or null, or whose means are not finite numbers or null.
 * @example
 * const { clusters } = clusterNames([
 *   { cluster: 0, segment: "general_develop", meanRecencyDays: 40, meanFrequency: 2, meanMonetary: 900 },
 *   { cluster: 1, segment: "general_develop", meanRecencyDays: 45, meanFrequency: 2, meanMonetary: 150 },
 *   { cluster: 2, segment: "important_value", meanRecencyDays: 10, meanFrequency: 9, meanMonetary: 5000 },
 * ]);
 * clusters.map((c) => c.name);
 * //=> ["General develop, higher spend", "General develop, lower spend", "Important value"]
 */
export function clusterNames(profiles: readonly ClusterNameProfile[], options: ClusterNamesOptions = {}): ClusterNamesResult {
  const fn = "clusterNames";
  const opts = parseOptions(fn, clusterNamesOptionsSchema, options);
  const language = opts.language ?? "en";
  if (!Array.isArray(profiles)) throw new TypeError(`${fn}: profiles must be an array of cluster profiles, got ${describeValue(profiles)}`);
  const issues: ReturnType<typeof inputIssue>[] = [];
  const seen = new Set<number>();
  profiles.forEach((p, i) => {
    if (p === null || typeof p !== "object") {
      issues.push(inputIssue("invalid_value", ["profiles", i], `expected a cluster profile, got ${describeValue(p)}`));
      return;
    }
    if (!Number.isInteger(p.cluster)) issues.push(inputIssue("invalid_value", ["profiles", i, "cluster"], `expected an integer, got ${describeValue(p.cluster)}`));
    else if (seen.has(p.cluster)) issues.push(inputIssue("invalid_value", ["profiles", i, "cluster"], `cluster ${p.cluster} has two profiles`));
    else seen.add(p.cluster);
    // a blank segment would name the cluster "" (a name must be visible)
    if (p.segment !== null && (typeof p.segment !== "string" || p.segment.trim() === "")) issues.push(inputIssue("invalid_value", ["profiles", i, "segment"], `expected a segment id (non-blank text) or null, got ${describeValue(p.segment)}`));
    for (const { key } of PROFILE_DIMENSIONS) {
      const v = p[key];
      if (v !== null && v !== undefined && !(typeof v === "number" && Number.isFinite(v))) issues.push(inputIssue("invalid_value", ["profiles", i, key], `expected a finite number or null, got ${describeValue(v)}`));
    }
  });
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues);

  const segmentLabel = new Map<string, string>(CLASSIC_SEGMENTS.map((s) => [s.id, language === "zh" ? s.labelZh : s.label]));
  const base = profiles.map((p) => (typeof p.segment === "string" ? (segmentLabel.get(p.segment) ?? p.segment) : `${CLUSTER_WORD[language]} ${p.cluster}`));
  const qualifier: string[] = profiles.map(() => "");
  const qualifiedBy: ClusterNamesResult["meta"]["qualifiedBy"] = [];
  const groups = new Map<string, number[]>();
  base.forEach((name, i) => groups.set(name, [...(groups.get(name) ?? []), i]));
  const sep = language === "zh" ? "，" : ", ";
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    let best: { dim: (typeof PROFILE_DIMENSIONS)[number]; means: number[]; spread: number } | null = null;
    for (const dim of PROFILE_DIMENSIONS) {
      const means = group.map((i) => profiles[i][dim.key]);
      if (!means.every((m): m is number => typeof m === "number")) continue;
      const lo = Math.min(...means);
      const hi = Math.max(...means);
      const size = Math.max(Math.abs(lo), Math.abs(hi));
      const spread = size > 0 ? hi / size - lo / size : 0;
      if (spread > 0 && (best === null || spread > best.spread)) best = { dim, means, spread };
    }
    qualifiedBy.push({ segment: profiles[group[0]].segment ?? base[group[0]], clusters: group.map((i) => profiles[i].cluster), mean: best?.dim.key ?? null });
    if (best === null) continue;
    const { dim, means } = best;
    if (group.length === 2) {
      const first = dim.ascending ? means[0] < means[1] : means[0] > means[1];
      qualifier[group[0]] = sep + dim.two[language][first ? 0 : 1];
      qualifier[group[1]] = sep + dim.two[language][first ? 1 : 0];
    } else {
      group.forEach((i, j) => (qualifier[i] = sep + dim.value[language](meanText(means[j]))));
    }
  }
  return {
    clusters: profiles.map((p, i) => ({ cluster: p.cluster, segment: typeof p.segment === "string" ? p.segment : null, name: base[i] + qualifier[i] })),
    meta: { language, qualifiedBy },
  };
}
