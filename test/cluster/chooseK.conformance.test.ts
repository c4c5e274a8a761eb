// chooseK's quality indices against scikit-learn on real customers: UCI Online Retail R/F/M (4,339
// customers), the labels clusterCustomers gives them, and scikit-learn's calinski_harabasz_score and
// silhouette_score on those labels (fixtures and scripts in test/fixtures/cluster and
// test/fixtures/scripts/online_retail_cluster_*).
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { chooseK, clusterCustomers } from "../../src/cluster/index.js";
import { fixturePath, readCsvFixture } from "../helpers/csv.js";

const customers = readCsvFixture("cluster/online_retail_rfm.csv").map((r) => ({
  customerId: r.customerId,
  recencyDays: Number(r.recencyDays),
  frequency: Number(r.frequency),
  monetary: Number(r.monetary),
}));
const labels = readCsvFixture("cluster/online_retail_labels.csv");
const sklearn = JSON.parse(readFileSync(fixturePath("cluster/online_retail_quality_sklearn.json"), "utf8"));

describe("chooseK conformance (Online Retail, scikit-learn 1.2.1)", () => {
  const { candidates } = chooseK(customers);

  test("the fixture's labels are still the partitions chooseK scores (else rerun the scripts)", () => {
    expect(candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    for (const c of candidates) {
      const ours = clusterCustomers(customers, { k: c.k }).customers.map((a) => String(a.cluster));
      expect(ours).toEqual(labels.map((r) => r[`k${c.k}`]));
    }
  });

  test.each([2, 3, 4, 5, 6, 7, 8])("k = %i: Calinski–Harabasz and silhouette equal scikit-learn's to 1e-10", (k) => {
    const c = candidates.find((x) => x.k === k)!;
    expect(c.silhouetteSampled).toBe(false);
    expect(Math.abs(c.calinskiHarabasz! / sklearn.calinskiHarabasz[String(k)] - 1)).toBeLessThan(1e-10);
    expect(Math.abs(c.silhouette! - sklearn.silhouette[String(k)])).toBeLessThan(1e-10);
  });
});
