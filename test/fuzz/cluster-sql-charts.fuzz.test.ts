// Fuzz: k-means clusters and their names, warehouse SQL and Vega-Lite charts. Chart inputs are real results of the
// library's functions (from fuzzed data), then corrupted at a few leaves with odd values.
import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import * as charts from "../../src/charts/index.js";
import { assignClusterOptionsSchema, chooseKOptionsSchema, clusterCustomersOptionsSchema, clusterNamesOptionsSchema, lookalikeCustomersOptionsSchema } from "../../src/cluster/index.js";
import type { Hostile } from "./revive.js";
import { customerId, customerRecords, date, either, measure, optionsArb, transactions, weirdNumber, wrongType } from "./arbitraries.js";
import { assertContract, FuzzWorker, fuzz, fuzzCall, reportTally } from "./harness.js";
import { genericRanges } from "./ranges.js";

const worker = new FuzzWorker();
afterAll(async () => {
  reportTally("cluster-sql-charts");
  await worker.close();
});
const T = 120_000;
const rfm = () => ({ recencyDays: measure(3000, true), frequency: measure(50, true), monetary: measure(10_000, false, -100) });

/** Replaces leaves of a result (chosen by index among all leaves) with odd values. */
function corrupt(value: unknown, picks: readonly [number, unknown][]): unknown {
  const copy = structuredClone(value);
  const leaves: [Record<string | number, unknown>, string | number][] = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v)) {
      if (x !== null && typeof x === "object") walk(x);
      else leaves.push([v as Record<string, unknown>, Array.isArray(v) ? Number(k) : k]);
    }
  };
  walk(copy);
  if (leaves.length === 0) return copy;
  for (const [i, x] of picks) {
    const [obj, key] = leaves[i % leaves.length];
    obj[key] = x;
  }
  return copy;
}

const picks = fc.oneof({ weight: 2, arbitrary: fc.constant([] as [number, unknown][]) }, { weight: 3, arbitrary: fc.array(fc.tuple(fc.nat(), fc.oneof(weirdNumber, wrongType, customerId)), { minLength: 1, maxLength: 3 }) });

/** A chart (or display) fed with a corrupted real result of `producer`. */
function chartProperty(
  chart: string,
  producer: string,
  producerArgs: fc.Arbitrary<unknown[]>,
  runs: number,
  extra: (result: unknown) => unknown[] = () => [],
  check: (value: any, args: unknown[]) => string[] = genericRanges,
  base: Record<string, unknown> = {},
) {
  const schema = (charts as Record<string, unknown>)[`${chart}OptionsSchema`];
  return fuzz(
    chart,
    fc.tuple(producerArgs, picks, optionsArb(schema as never, base)),
    async ([args, p, options]) => {
      const made = await worker.call({ fn: producer, args });
      if (made.kind !== "ok" || made.nonFinite.length > 0) return;
      const input = corrupt(made.value, p);
      const callArgs = [...extra(input), input, options];
      const outcome = await worker.call({ fn: chart, args: callArgs });
      assertContract(chart, outcome, callArgs, check);
    },
    runs,
  );
}

/**
 * `toDisplay` returns the caller's spec as given (its data rows are the caller's, a `frequency` of −1
 * included): it must introduce no out-of-range value, so the range rules count only what the spec given
 * did not already break. NaN and ±Infinity are refused whatever the input (checked by the harness).
 */
const passThroughRanges = (v: any, args: unknown[]) => {
  const given = new Set(genericRanges({ spec: args[0] }));
  return genericRanges(v).filter((problem) => !given.has(problem));
};

/**
 * `clusterScatter` plots the caller's fields (any feature, any sign) and their cluster means: a field the
 * caller gave a negative value is not held to a non-negative range there (`frequency: -1` is plotted
 * at −1); every other rule stays.
 */
const plottedRanges = (v: any, args: unknown[]) => {
  const records = Array.isArray(args[0]) ? (args[0] as unknown[]) : [];
  const negative = new Set<string>();
  for (const r of records) if (r !== null && typeof r === "object") for (const [k, x] of Object.entries(r)) if (typeof x === "number" && x < 0) negative.add(k);
  return genericRanges(v).filter((problem) => {
    const m = /\.([^.[\]]+) = [^:]*: negative$/.exec(problem);
    return !(m && negative.has(m[1]));
  });
};

describe.concurrent("fuzz: cluster", () => {
  it("clusterCustomers", () =>
    fuzzCall(worker, "clusterCustomers", fc.tuple(customerRecords(rfm(), 10), optionsArb(clusterCustomersOptionsSchema as never, { k: 2 })), 250, (v) => {
      const out = genericRanges(v);
      // records, or with output: "columns" the same fields as one array each
      const clusters: ArrayLike<number> = v.columns ? v.columns.cluster : (v.customers as any[]).map((c) => c.cluster);
      if (v.columns && !(v.columns.cluster instanceof Int32Array && v.columns.distance instanceof Float64Array)) out.push("columns.cluster / columns.distance not typed arrays");
      if (v.columns && (v.columns.customerId.length !== v.meta.customers || v.columns.distance.length !== v.meta.customers)) out.push("columns of different lengths");
      Array.from(clusters).forEach((c, i) => {
        if (!(Number.isInteger(c) && c >= 0 && c < v.meta.k)) out.push(`customers[${i}].cluster = ${c} outside 0..${v.meta.k - 1}`);
      });
      return out;
    }),
  T);
  it("clusterNames", () => {
    const mean = either(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.oneof(weirdNumber, wrongType));
    const profile = fc.record({
      cluster: either(fc.integer({ min: 0, max: 3 }), fc.oneof(weirdNumber, wrongType)),
      segment: either(fc.constantFrom("important_value", "general_develop", "important_retain", null), fc.oneof(wrongType, fc.constantFrom("unknown_segment", ""))),
      meanRecencyDays: mean,
      meanFrequency: mean,
      meanMonetary: mean,
    }, { requiredKeys: ["cluster"] });
    const profiles = fc.oneof({ weight: 6, arbitrary: fc.array(profile, { maxLength: 6 }) }, { weight: 1, arbitrary: fc.oneof(wrongType, fc.constant([null])) });
    return fuzzCall(worker, "clusterNames", fc.tuple(profiles, optionsArb(clusterNamesOptionsSchema as never)), 300, (v, args) => {
      const out = genericRanges(v);
      const names = (v.clusters as any[]).map((c) => c.name);
      if (names.some((n) => typeof n !== "string" || n.length === 0)) out.push(`a cluster without a name: ${JSON.stringify(names)}`);
      if (new Set(names).size !== names.length) out.push(`names not distinct: ${JSON.stringify(names)}`);
      if (Array.isArray(args[0]) && names.length !== args[0].length) out.push(`${names.length} names for ${args[0].length} profiles`);
      return out;
    });
  }, T);
  it("chooseK", () => fuzzCall(worker, "chooseK", fc.tuple(customerRecords(rfm(), 10), optionsArb(chooseKOptionsSchema as never, { kMax: 3 })), 150, genericRanges), T);
  it("assignCluster", () =>
    fuzz(
      "assignCluster",
      fc.tuple(customerRecords(rfm(), 8), picks, customerRecords(rfm(), 4), fc.option(optionsArb(assignClusterOptionsSchema as never), { nil: undefined })),
      async ([records, p, newcomers, options]) => {
        const made = await worker.call({ fn: "clusterCustomers", args: [records, { k: 2 }] });
        if (made.kind !== "ok") return;
        const model = corrupt((made.value as any).meta.model, p);
        const args = options === undefined ? [model, newcomers] : [model, newcomers, options];
        const outcome = await worker.call({ fn: "assignCluster", args });
        assertContract("assignCluster", outcome, args, genericRanges);
      },
      250,
    ),
  T);
  it("lookalikeCustomers", () => {
    const ids = fc.oneof(
      { weight: 6, arbitrary: fc.uniqueArray(fc.constantFrom<unknown>("c0", "c1", "c2", "c3"), { minLength: 1, maxLength: 4 }) },
      { weight: 1, arbitrary: fc.array(customerId, { maxLength: 3 }) },
    );
    const predicate = fc.constantFrom<Hostile>(
      { $$h: "accessor", mode: "key", key: "loyal" },
      { $$h: "accessor", mode: "throw" },
      { $$h: "accessor", mode: "const", value: true },
      { $$h: "accessor", mode: "const", value: 1 },
    );
    const reference = fc.oneof({ weight: 8, arbitrary: ids }, { weight: 3, arbitrary: predicate }, { weight: 1, arbitrary: fc.oneof(wrongType, weirdNumber) });
    const fields = { ...rfm(), loyal: fc.boolean() };
    const candidates = fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 4, arbitrary: customerRecords(fields, 6) }, { weight: 1, arbitrary: fc.oneof(wrongType, fc.constant([])) });
    // the other options from the schema (k, scaling, features, includeReference, referenceSample, seed)
    const others = lookalikeCustomersOptionsSchema.omit({ reference: true, candidates: true });
    const args = fc
      .tuple(customerRecords(fields, 10), reference, candidates, fc.integer({ min: 1, max: 3 }), optionsArb(others as never, {}, 2))
      .map(([records, ref, cand, k, opts]) => {
        if (opts === null || typeof opts !== "object" || Array.isArray(opts)) return [records, opts];
        return [records, { reference: ref, ...(cand === undefined ? {} : { candidates: cand }), k, ...(opts as object) }];
      });
    return fuzzCall(worker, "lookalikeCustomers", args, 300, (v) => {
      const out = genericRanges(v);
      const k = v.meta.k;
      (v.customers as any[]).forEach((c, i) => {
        if (c.rank !== i + 1) out.push(`customers[${i}].rank = ${c.rank}, not ${i + 1}`);
        if (!(c.similarity > 0 && c.similarity <= 1) || c.similarity !== 1 / (1 + c.distance)) out.push(`customers[${i}].similarity = ${c.similarity} for distance ${c.distance}`);
        if (i > 0 && v.customers[i - 1].distance > c.distance) out.push(`customers[${i}] ranked after a larger distance`);
        if (c.nearest.length !== k) out.push(`customers[${i}]: ${c.nearest.length} neighbours, k = ${k}`);
      });
      if (v.meta.referenceSearched > v.meta.referenceCustomers || v.meta.k > v.meta.referenceSearched) out.push(`meta: k ${v.meta.k}, searched ${v.meta.referenceSearched} of ${v.meta.referenceCustomers}`);
      return out;
    });
  }, T);
});

describe.concurrent("fuzz: SQL", () => {
  const columns = fc.record({ customerId: either(fc.constantFrom("customer_id", "cust"), fc.oneof(wrongType, fc.constantFrom('we"ird', "a;drop", "", "x`y"))), date: either(fc.constant("order_date"), wrongType), amount: either(fc.constant("amount"), wrongType), orderId: either(fc.constant("order_id"), wrongType) }, { requiredKeys: ["customerId", "date", "amount"] });
  const common = {
    dialect: either(fc.constantFrom("duckdb", "postgres", "spark", "bigquery"), fc.oneof(wrongType, fc.constant("mysql"))),
    table: either(fc.constantFrom("orders", ["shop", "orders"], ["p", "s", "t"]), fc.oneof(wrongType, fc.constantFrom(["a", "b", "c", "d"], ['x"y'], ""))),
    columns,
    asOf: fc.oneof({ weight: 5, arbitrary: fc.constant("2024-06-30") }, { weight: 2, arbitrary: date }),
    timeZone: either(fc.constantFrom("UTC", "Europe/Berlin"), fc.oneof(wrongType, fc.constantFrom("Mars/Phobos", "'; drop table x; --"))),
    refunds: either(fc.constantFrom("net", "exclude"), wrongType),
    afterAsOf: either(fc.constantFrom("error", "ignore"), wrongType),
    inline: either(fc.boolean(), wrongType),
  };
  const sqlOptions = (extra: Record<string, fc.Arbitrary<unknown>>, required: string[] = []) =>
    fc.record({ ...common, ...extra }, { requiredKeys: ["dialect", "table", "columns", "asOf", ...required] as never });
  const period = either(fc.constantFrom("day", "week", "month", "quarter", "year"), fc.oneof(wrongType, fc.constant("fortnight")));
  const weekStartsOn = either(fc.integer({ min: 0, max: 6 }), fc.oneof(weirdNumber, wrongType, fc.constant(7)));
  const bins = either(fc.integer({ min: 2, max: 10 }), fc.oneof(weirdNumber, wrongType));
  const check = (v: any) => {
    const out: string[] = [];
    if (typeof v.sql !== "string" || v.sql.length === 0) out.push("no SQL text");
    // outside quoted identifiers and string literals (a column may be named "NaN")
    const bare = String(v.sql).replace(/"(?:[^"]|"")*"|'(?:[^']|'')*'|`[^`]*`/g, "q");
    const bad = bare.match(/\bNaN\b|\bInfinity\b|\bundefined\b|\[object Object\]/);
    if (bad) out.push(`SQL text contains ${bad[0]} outside quotes`);
    for (const p of v.params ?? []) if (typeof p.value === "number" && !Number.isFinite(p.value)) out.push(`param ${p.name} = ${p.value}`);
    return out;
  };
  it("summarySql", () => fuzzCall(worker, "summarySql", fc.tuple(sqlOptions({})), 300, check), T);
  it("rfmScoresSql", () => fuzzCall(worker, "rfmScoresSql", fc.tuple(sqlOptions({ bins, method: either(fc.constantFrom("quantile", "rank", "r-rfm"), wrongType) })), 300, check), T);
  it("rfmSegmentsSql", () =>
    fuzzCall(worker, "rfmSegmentsSql", fc.tuple(sqlOptions({ thresholds: either(fc.constantFrom("mean", "median", { recency: 30, frequency: 2, monetary: 100 }), fc.record({ recency: weirdNumber })), basis: either(fc.constantFrom("values", "scores"), wrongType), ties: fc.constantFrom("low", "high", 1), labels: fc.boolean(), bins })), 300, check),
  T);
  // rule schemes: built-in or custom rules (ids with quotes, backslashes, control characters), scoring methods
  const ruleBounds = either(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 3, max: 5 })), fc.tuple(weirdNumber, weirdNumber));
  const rule = fc.record({ id: either(fc.constantFrom("top", "it's", "a\\b", "低"), fc.oneof(wrongType, fc.constantFrom("", "a\nb"))), recency: ruleBounds, frequency: ruleBounds, monetary: ruleBounds, label: fc.constantFrom("L'x", "Top") }, { requiredKeys: ["id", "recency", "frequency", "monetary"] });
  it("rfmSegmentsSql (rule schemes)", () =>
    fuzzCall(worker, "rfmSegmentsSql", fc.tuple(sqlOptions({ scheme: either(fc.constantFrom("r-rfm-readme", "r-rfm-tests", "custom"), wrongType), rules: either(fc.array(rule, { minLength: 1, maxLength: 3 }), wrongType), otherwise: either(fc.constantFrom("rest", "others"), wrongType), scoring: fc.record({ method: either(fc.constantFrom("quantile", "rank", "r-rfm"), wrongType), bins }, { requiredKeys: [] }), labels: fc.boolean() })), 300, check),
  T);
  it("periodIndicatorsSql", () =>
    fuzzCall(worker, "periodIndicatorsSql", fc.tuple(sqlOptions({ period, weekStartsOn, lostAfterDays: either(fc.integer({ min: 1, max: 400 }), fc.oneof(weirdNumber, wrongType)), partialPeriods: either(fc.constantFrom("null-rates", "mark", "drop"), wrongType) })), 300, check),
  T);
  it("cohortRetentionSql", () =>
    fuzzCall(worker, "cohortRetentionSql", fc.tuple(sqlOptions({ period, weekStartsOn, partialPeriods: either(fc.constantFrom("mark", "drop"), fc.oneof(wrongType, fc.constant("null-rates"))) })), 300, check),
  T);
  const btydPeriod = either(fc.constantFrom("day", "week"), fc.oneof(wrongType, fc.constant("month")));
  const wholePeriods = either(fc.boolean(), wrongType);
  // calibration ends: before, on and after asOf's default, instants, unreadable text, wrong types
  const calibrationEnd = either(fc.oneof(fc.constantFrom("2024-03-31", "2024-06-30", "2023-01-01"), date), fc.oneof(wrongType, fc.constantFrom("2024-07-01", "2024-02-30", "x'; --"), weirdNumber));
  it("btydSummarySql", () => fuzzCall(worker, "btydSummarySql", fc.tuple(sqlOptions({ period: btydPeriod, wholePeriods, weekStartsOn, calibrationEnd }, ["period"])), 300, check), T);
  it("btydTriplesSql", () => fuzzCall(worker, "btydTriplesSql", fc.tuple(sqlOptions({ period: btydPeriod, byMonetaryValue: either(fc.boolean(), wrongType), wholePeriods, weekStartsOn }, ["period"])), 300, check), T);
  const histogram = either(fc.array(fc.record({ value: fc.double({ min: -100, max: 1e4, noNaN: true }), customers: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 12 }), fc.oneof(wrongType, fc.array(fc.record({ value: weirdNumber, customers: weirdNumber }), { maxLength: 3 })));
  it("abcClassesSql (computed)", () => fuzzCall(worker, "abcClassesSql", fc.tuple(sqlOptions({ method: fc.constantFrom("computed", "fixed"), values: histogram })), 300, check), T);
  it("abcValuesSql", () => fuzzCall(worker, "abcValuesSql", fc.tuple(sqlOptions({})), 300, check), T);
  // predictions joined back: a fit or parameters, triples (some hostile), horizon, CLV terms, batches; from transactions or a table
  const model = either(fc.constantFrom({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, { model: "pareto-nbd", params: { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 } }, { model: "modified-bg-nbd", params: { r: 0.52, alpha: 6.2, a: 0.89, b: 1.6 } }), fc.oneof(wrongType, fc.record({ r: weirdNumber, alpha: weirdNumber, a: weirdNumber, b: weirdNumber })));
  const triple = fc.record({ frequency: fc.integer({ min: 0, max: 30 }), recency: fc.double({ min: 0, max: 60, noNaN: true }), T: fc.double({ min: 0, max: 80, noNaN: true }), count: fc.integer({ min: 1, max: 9 }) }).map((t) => ({ ...t, recency: t.frequency === 0 ? 0 : Math.min(t.recency, t.T) }));
  const predictionOptions = {
    purchases: model,
    triples: either(fc.array(triple, { minLength: 1, maxLength: 8 }), fc.oneof(wrongType, fc.array(fc.record({ frequency: weirdNumber, recency: weirdNumber, T: weirdNumber }), { maxLength: 2 }))),
    t: either(fc.double({ min: 0, max: 100, noNaN: true }), fc.oneof(weirdNumber, wrongType)),
    gammaGamma: either(fc.constant({ p: 6.25, q: 3.74, v: 15.4 }), fc.oneof(wrongType, fc.record({ p: weirdNumber, q: weirdNumber, v: weirdNumber }))),
    clv: either(fc.record({ periodsPerMonth: fc.constantFrom(4.345, 30), months: fc.integer({ min: 1, max: 24 }) }), wrongType),
    batchSize: either(fc.integer({ min: 1, max: 5 }), fc.oneof(weirdNumber, wrongType)),
  };
  const checkAll = (v: any) => (Array.isArray(v) && v.length > 0 ? v.flatMap(check) : ["not a non-empty array of queries"]);
  it("btydPredictionsSql", () =>
    fuzzCall(worker, "btydPredictionsSql", fc.tuple(fc.record({ ...common, period: btydPeriod, ...predictionOptions }, { requiredKeys: ["dialect", "table", "columns", "asOf", "period", "purchases", "triples", "t"] })), 300, checkAll),
  T);
  it("btydPredictionsSql (customers table)", () =>
    fuzzCall(
      worker,
      "btydPredictionsSql",
      fc.tuple(fc.record({ dialect: common.dialect, inline: common.inline, customers: either(fc.constant({ table: ["a", "summary"], columns: { customerId: "id", frequency: "x", recency: "tx", T: "t", monetaryValue: "m" } }), fc.oneof(wrongType, fc.constant({ table: "s", columns: { customerId: 'x"y' } }))), ...predictionOptions }, { requiredKeys: ["dialect", "customers", "purchases", "triples", "t"] })),
      300,
      checkAll,
    ),
  T);
  it("abcClassesSql", () =>
    fuzzCall(worker, "abcClassesSql", fc.tuple(sqlOptions({ by: either(fc.constantFrom("value", "count"), wrongType), thresholds: either(fc.constant({ a: 0.8, b: 0.95 }), fc.record({ a: weirdNumber, b: weirdNumber })) })), 300, check),
  T);
});

describe.concurrent("fuzz: charts", () => {
  const rfmRecords = customerRecords(rfm(), 8);
  it("segmentBarChart", () => chartProperty("segmentBarChart", "segmentRfm", fc.tuple(rfmRecords), 150), T);
  it("segmentShareChart", () => chartProperty("segmentShareChart", "segmentRfm", fc.tuple(rfmRecords), 150), T);
  it("rfmHeatmap", () => chartProperty("rfmHeatmap", "scoreRfm", fc.tuple(rfmRecords, fc.constantFrom({}, { bins: 2 }, { bins: 3, method: "rank" })), 150), T);
  it("paretoChart", () => chartProperty("paretoChart", "classifyAbc", fc.tuple(customerRecords({ monetary: measure(10_000, false, -100) }, 8)), 150), T);
  it("clvQuadrantChart", () => chartProperty("clvQuadrantChart", "clvQuadrants", fc.tuple(customerRecords({ monetary: measure(1e4, false, -100), clv: measure(1e4, false, -100) }, 8), fc.constant({ potential: "clv" })), 150), T);
  it("selectionMatrixChart", () =>
    chartProperty(
      "selectionMatrixChart",
      "selectionMatrix",
      fc.tuple(
        customerRecords({ monetary: measure(1e4, false, -100), service: measure(10, false, 0) }, 8),
        fc.constantFrom({ normalize: "minmax" }, { normalize: "zscore" }, { normalize: "rank", thresholds: "median" }).map((o) => ({ ...o, attractiveness: [{ field: "monetary" }], capability: [{ field: "service" }] })),
      ),
      150,
    ),
  T);
  it("cohortHeatmap", () => chartProperty("cohortHeatmap", "cohortRetention", fc.tuple(transactions, fc.constantFrom({ asOf: "2030-12-31" }, { asOf: "2030-12-31", period: "week" }, { asOf: "2030-12-31", period: "year" })), 150), T);
  it("holdoutChart", () =>
    chartProperty(
      "holdoutChart",
      "calibrationHoldout",
      fc.tuple(
        fc.constant({ model: "bg-nbd", params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } }),
        fc.array(fc.record({ frequency: fc.integer({ min: 0, max: 6 }), recency: fc.constant(0), T: fc.constant(30), frequencyHoldout: fc.integer({ min: 0, max: 4 }), durationHoldout: fc.constant(39) }), { minLength: 1, maxLength: 8 }).map((cs) => cs.map((c, i) => ({ customerId: `c${i}`, ...c, recency: c.frequency > 0 ? 20 : 0 }))),
      ),
      150,
    ),
  T);
  it("clusterScatter", () => {
    let lastCustomers: unknown = [];
    return fuzz(
      "clusterScatter",
      fc.tuple(customerRecords(rfm(), 8), picks, optionsArb(charts.clusterScatterOptionsSchema as never)),
      async ([records, p, options]) => {
        const made = await worker.call({ fn: "clusterCustomers", args: [records, { k: 2 }] });
        if (made.kind !== "ok") return;
        lastCustomers = records;
        const result = corrupt(made.value, p);
        const outcome = await worker.call({ fn: "clusterScatter", args: [lastCustomers, result, options] });
        assertContract("clusterScatter", outcome, [records, result, options], plottedRanges);
      },
      150,
    );
  }, T);
  it("periodChart", () => chartProperty("periodChart", "periodIndicators", fc.tuple(transactions, fc.constantFrom({ asOf: "2030-12-31" }, { asOf: "2024-06-30", period: "week" }, { asOf: "2024-06-30", partialPeriods: "mark" }, { asOf: "2024-06-30", lostAfterDays: 90 })), 150), T);
  it("segmentMovementChart", () => {
    const segment = either(fc.constantFrom("champions", "at_risk", "lost"), fc.constantFrom("loyal", "new_one"));
    const classification = customerRecords({ segment, revenue: measure(1000, false, -50) }, 6);
    return chartProperty("segmentMovementChart", "segmentMovement", fc.tuple(classification, classification, fc.constantFrom({}, { revenue: "revenue" }, { order: ["champions", "loyal", "at_risk", "new_one", "lost"], ranked: true })), 150);
  }, T);
  it("whaleCurveChart", () => chartProperty("whaleCurveChart", "whaleCurve", fc.tuple(customerRecords({ profit: measure(1e4, false, -500) }, 8), fc.constantFrom({}, { maxPoints: 3 })), 150), T);
  const survivalRecords = fc.array(fc.record({ duration: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.constant(0)), event: fc.boolean(), group: fc.constantFrom("A", "B", "C") }), { minLength: 1, maxLength: 10 });
  it("survivalChart", () => chartProperty("survivalChart", "kaplanMeier", fc.tuple(survivalRecords, fc.constantFrom({}, { confidenceLevel: 0.9 })), 150), T);
  it("survivalChart with an sBG curve", () =>
    fuzz(
      "survivalChart",
      fc.tuple(fc.tuple(fc.double({ min: 0.01, max: 50, noNaN: true }), fc.double({ min: 0.01, max: 50, noNaN: true }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 6 })), picks, fc.boolean(), optionsArb(charts.survivalChartOptionsSchema as never)),
      async ([[alpha, beta, alive], p, withKm, options]) => {
        const alivePath = [...alive].sort((a, b) => b - a);
        const made = await worker.call({ fn: "sbgSurvival", args: [{ alpha, beta }, { alive: alivePath }] });
        if (made.kind !== "ok" || made.nonFinite.length > 0) return;
        const km = withKm ? [{ group: "all", time: 0, atRisk: 3, events: 0, censored: 0, survival: 1, lower: 1, upper: 1 }] : null;
        const args = [km, { ...(options !== null && typeof options === "object" && !Array.isArray(options) ? options : {}), sbg: corrupt(made.value, p) }];
        assertContract("survivalChart", await worker.call({ fn: "survivalChart", args }), args, genericRanges);
      },
      150,
    ),
  T);
  it("retentionCurveChart", () =>
    chartProperty(
      "retentionCurveChart",
      "sbgSurvival",
      fc.tuple(fc.record({ alpha: fc.double({ min: 0.01, max: 50, noNaN: true }), beta: fc.double({ min: 0.01, max: 50, noNaN: true }) }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 6 }).map((a) => ({ alive: [...a].sort((x, y) => y - x) }))),
      150,
    ),
  T);
  it("bgBbAliveChart", () => {
    const param = either(fc.double({ min: 0.01, max: 50, noNaN: true }), fc.oneof(weirdNumber, wrongType));
    const params = fc.record({ alpha: param, beta: param, gamma: param, delta: param });
    const input = fc.oneof(params, params.map((p) => ({ params: p })), wrongType);
    return fuzzCall(worker, "bgBbAliveChart", fc.tuple(input, optionsArb(charts.bgBbAliveChartOptionsSchema as never, { n: 6 })), 200, (v) => {
      const out = genericRanges(v);
      for (const d of v.data.values as any[]) if (!(d.pAlive >= 0 && d.pAlive <= 1)) out.push(`pAlive = ${d.pAlive} at x = ${d.x}, t_x = ${d.tx}`);
      return out.slice(0, 5);
    });
  }, T);
  // the diagnostic charts of the purchase models: tracking from fuzzed transactions, the others from fuzzed summaries
  const models = fc.constantFrom({ model: "bg-nbd", params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } }, { model: "modified-bg-nbd", params: { r: 0.52, alpha: 6.2, a: 0.89, b: 1.6 } }, { model: "pareto-nbd", params: { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 } });
  const hostileModel = fc.oneof({ weight: 4, arbitrary: models }, { weight: 1, arbitrary: fc.oneof(wrongType, fc.record({ model: fc.constantFrom("bg-nbd", "pareto-nbd", "x"), params: fc.record({ r: either(fc.double({ min: 0.01, max: 50, noNaN: true }), weirdNumber), alpha: weirdNumber, a: fc.constant(1), s: fc.constant(1), b: wrongType, beta: fc.constant(2) }) })) });
  const summary = fc.array(
    fc.record({ frequency: either(fc.integer({ min: 0, max: 40 }), fc.oneof(weirdNumber, wrongType)), share: fc.double({ min: 0, max: 1, noNaN: true }), T: either(fc.integer({ min: 0, max: 800 }).map((t) => t / 10), fc.oneof(weirdNumber, wrongType)) }),
    { minLength: 0, maxLength: 10 },
  ).map((cs) => cs.map(({ frequency, share, T: t }, i) => ({ customerId: `c${i}`, frequency, recency: frequency === 0 || typeof t !== "number" ? 0 : Math.round(share * t * 10) / 10, T: t })));
  it("trackingChart", () =>
    chartProperty("trackingChart", "purchaseTracking", fc.tuple(transactions, models, fc.constantFrom({ asOf: "2030-12-31", calibrationEnd: "2024-06-30", period: "week" }, { asOf: "2025-06-30", calibrationEnd: "2024-12-31", period: "day", trackingPeriod: "day" })), 150),
  T);
  it("periodTransactionsChart", () => fuzzCall(worker, "periodTransactionsChart", fc.tuple(hostileModel, summary, optionsArb(charts.periodTransactionsChartOptionsSchema as never)), 200), T);
  it("frequencyRecencyChart", () =>
    fuzzCall(worker, "frequencyRecencyChart", fc.tuple(hostileModel, summary, optionsArb(charts.frequencyRecencyChartOptionsSchema as never)), 200, (v) => {
      const out = genericRanges(v);
      for (const d of v.data.values as any[]) if (!(d.value >= 0)) out.push(`value ${d.value} at x = ${d.frequency}, t_x = ${d.recency}`);
      return out.slice(0, 5);
    }),
  T);
  it("holdoutChart (interval bands)", () => {
    const bound = either(fc.double({ min: 0, max: 5, noNaN: true }), fc.oneof(weirdNumber, wrongType, fc.constant(undefined)));
    const row = fc.record({ frequency: fc.integer({ min: 0, max: 5 }), frequencyAtLeast: fc.boolean(), customers: fc.nat(100), actual: fc.double({ min: 0, max: 5, noNaN: true }), predicted: fc.double({ min: 0, max: 5, noNaN: true }), lower: bound, upper: bound });
    return fuzzCall(worker, "holdoutChart", fc.tuple(fc.array(row, { minLength: 1, maxLength: 5 }), optionsArb(charts.holdoutChartOptionsSchema as never)), 200);
  }, T);
  it("toDisplay", () => chartProperty("toDisplay", "holdoutChart", fc.tuple(fc.array(fc.record({ frequency: fc.integer({ min: 0, max: 5 }), frequencyAtLeast: fc.boolean(), customers: fc.nat(100), actual: fc.double({ min: 0, max: 5, noNaN: true }), predicted: fc.double({ min: 0, max: 5, noNaN: true }) }), { minLength: 1, maxLength: 4 })), 150, undefined, passThroughRanges), T);
  it("tableDisplay", () =>
    fuzzCall(worker, "tableDisplay", fc.tuple(fc.oneof(customerRecords({ segment: fc.oneof(fc.constant("x"), customerId), customers: measure(100, true), share: either(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(weirdNumber, wrongType)) }, 6), wrongType), optionsArb(charts.tableDisplayOptionsSchema as never)), 300),
  T);
});
