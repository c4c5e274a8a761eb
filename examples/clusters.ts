/**
 * k-means clusters of customers on recency, frequency and monetary value (log-scaled, seeded, so
 * the same on every run), with a profile of each cluster named by its RFM segment; how to choose k;
 * and how to place new customers in the fitted clusters.
 *
 *   npx tsx examples/clusters.ts
 *
 * The clusters are a subpath of their own: import from "crm-analytics/cluster".
 */
import { summarizeTransactions } from "../src/index.js";
import { assignCluster, chooseK, clusterCustomers } from "../src/cluster/index.js";
import { CDNOW_AS_OF, readCdnow } from "./data/load.js";

const { customers } = summarizeTransactions(readCdnow(), { asOf: CDNOW_AS_OF });

// Choosing k: inertia falls as k grows (look for the elbow); silhouette and Calinski–Harabasz are
// higher for better separated clusters. The silhouette is computed on a seeded sample of 2,000.
const { candidates } = chooseK(customers, { kMin: 2, kMax: 6, silhouetteSample: 2000 });
console.table(candidates.map((q) => ({ k: q.k, inertia: Math.round(q.inertia), silhouette: q.silhouette?.toFixed(3), calinskiHarabasz: Math.round(q.calinskiHarabasz ?? 0) })));

// Four clusters. Features default to recencyDays, frequency, monetary; scaling to log1p + z-score.
// One assignment per customer in `customers`; the cluster profiles and the fitted model in `meta`.
const { meta } = clusterCustomers(customers, { k: 4, seed: 42 });
const { profiles } = meta;
console.log(`k = ${meta.k}, seed ${meta.seed}, inertia ${meta.inertia.toFixed(1)}, ${meta.iterations} iterations`);
console.table(
  profiles.map((p) => ({
    cluster: p.cluster,
    segment: p.segment,
    customers: p.size,
    share: `${(p.share * 100).toFixed(1)}%`,
    meanRecencyDays: Math.round(p.meanRecencyDays!),
    meanFrequency: +p.meanFrequency!.toFixed(2),
    meanMonetary: +p.meanMonetary!.toFixed(2),
    revenueShare: `${(p.revenueShare! * 100).toFixed(1)}%`,
  })),
);

// New customers go to the nearest centroid, with the scaling of the fitted model.
const {
  customers: [placed],
} = assignCluster(meta.model, [{ customerId: "new-1", recencyDays: 10, frequency: 8, monetary: 320 }]);
console.log(`A customer who bought 8 times for $320, last 10 days ago → cluster ${placed.cluster} (${profiles.find((p) => p.cluster === placed.cluster)!.segment})`);
