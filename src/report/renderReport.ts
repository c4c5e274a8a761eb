import { z } from "zod";
import { AnalyticsInputError, inputIssue, isAnalyticsInputError, type InputIssueCode } from "../errors.js";
import { defineOptions, parseOptions } from "../options.js";
import { transactionReadOptionsSchema, type TransactionOptionsSchema } from "../input/options.js";
import { readTransactions } from "../input/normalizeTransactions.js";
import type { InputReport, TransactionColumns, TransactionInput, TransactionReadOptions } from "../input/types.js";
import { summarizeTransactions } from "../summary/index.js";
import { CLASSIC_SEGMENTS, scoreRfm, segmentRfm } from "../rfm/index.js";
import { classifyAbc, CLV_QUADRANTS, clvQuadrants, CRM_PYRAMID_TIERS, PERIOD_DAYS, tierPyramid } from "../value/index.js";
import { cohortRetention, periodIndicators } from "../churn/index.js";
import { fitBgNbd, fitGammaGamma, predictedClv, toBtydSummary } from "../models/index.js";
import { clusterCustomers, clusterNames } from "../cluster/index.js";
import { clusterScatter, clvQuadrantChart, cohortHeatmap, paretoChart, periodChart, rfmHeatmap, segmentBarChart, type VegaLiteSpec } from "../charts/index.js";
import { chartBlock, code, heading3, strong, formatCount, formatMoney, formatNumber, formatShare, join, muted, page, paragraph, section, shareBar, table, type Cell, type Html } from "./html.js";
import { loadVega } from "./loadVega.js";
import { TEXT, type ReportText } from "./texts.js";

/**
 * What a file reader left out before the transactions reached {@link renderReport}, so the data-quality
 * section counts every row of the file: pass `readTransactionsCsv(...).meta` as it is.
 */
export interface ReportSourceMeta {
  /** The file's name, shown in the report. */
  source?: string;
  /** Data rows the reader read. */
  rowsRead: number;
  /** Rows the reader left out (`onInvalid: "skip"`). */
  invalidRows: number;
  /** Issues the reader found, by code. */
  invalidByCode: Partial<Record<InputIssueCode, number>>;
  /** Rows without a customer id the reader dropped on request (the CLI's `--drop-missing-customer`). */
  droppedMissingCustomer?: number;
  /** Rows after `asOf` already dropped (`afterAsOf: "ignore"` applied before). */
  ignoredAfterAsOf?: number;
  /** Refund rows already dropped (`refunds: "exclude"` applied before). */
  excludedRefunds?: number;
}

/** Options of {@link renderReport}: how to read the transactions, plus the report's own. */
export interface RenderReportOptions<Row = any> extends TransactionReadOptions<Row> {
  /** Language of the whole report: `"en"` (default) or `"zh"` (中文). */
  language?: "en" | "zh";
  /** The report's title (default "Customer report" / "客户分析报告"). */
  title?: string;
  /** Period of the churn table and the cohorts (default `"month"`). */
  period?: "week" | "month" | "quarter" | "year";
  /** Number of k-means clusters (default 4). */
  clusters?: number;
  /** Seed of the k-means starts (default 42): the same seed gives the same report. */
  seed?: number;
  /** Horizon of the predicted (potential) value of the CLV quadrants, in months (default 12). */
  clvMonths?: number;
  /** What the file reader left out before (see {@link ReportSourceMeta}). */
  sourceMeta?: ReportSourceMeta;
}

/** One section of the report and whether it could be computed. */
export interface ReportSectionMeta {
  id: "quality" | "segments" | "rfm" | "abc" | "pyramid" | "churn" | "clv" | "clusters";
  /** `"unavailable"` when the data do not allow the analysis (the section says why). */
  status: "ok" | "unavailable";
  /** Why the section is unavailable (the analysis' error message), else `null`. */
  message: string | null;
  /** Ids of the charts drawn in the section. */
  charts: string[];
}

/** What {@link renderReport} used and produced. */
export interface RenderReportMeta {
  asOf: string;
  language: "en" | "zh";
  period: "week" | "month" | "quarter" | "year";
  clusters: number;
  seed: number;
  clvMonths: number;
  /** How the transactions were read (rows read, used, left out by code). */
  input: InputReport;
  /** What the file reader left out before, as given, or `null`. */
  sourceMeta: ReportSourceMeta | null;
  /** Customers with at least one purchase. */
  customers: number;
  sections: ReportSectionMeta[];
  /** Warnings of the Vega-Lite compiler (none expected). */
  warnings: string[];
  /** Versions of the chart runtime inlined into the page. */
  versions: { vega: string; vegaLite: string };
}

/** Result of {@link renderReport}: the page and what made it. */
export interface RenderReportResult {
  /** One self-contained HTML document (UTF-8): no request leaves it. */
  html: string;
  meta: RenderReportMeta;
}

const issueCodes = z.record(z.string(), z.number().int().min(0));

/** Schema of {@link RenderReportOptions} (strict: unknown keys are rejected). */
export const renderReportOptionsSchema: TransactionOptionsSchema<RenderReportOptions> = defineOptions<RenderReportOptions>()({
  ...transactionReadOptionsSchema.shape,
  language: z.enum(["en", "zh"]).optional(),
  title: z.string().max(300).optional(),
  period: z.enum(["week", "month", "quarter", "year"]).optional(),
  clusters: z.number().int().min(1).max(20).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  clvMonths: z.number().int().min(1).max(120).optional(),
  sourceMeta: z
    .object({
      source: z.string().optional(),
      rowsRead: z.number().int().min(0),
      invalidRows: z.number().int().min(0),
      invalidByCode: issueCodes,
      droppedMissingCustomer: z.number().int().min(0).optional(),
      ignoredAfterAsOf: z.number().int().min(0).optional(),
      excludedRefunds: z.number().int().min(0).optional(),
    })
    .optional() as unknown as z.ZodType<ReportSourceMeta | undefined>,
});

const WEEKS_PER_MONTH = PERIOD_DAYS.month / 7;

/** A section's content, or why it is not available. */
type Built = { parts: Html[]; charts: { id: string; spec: VegaLiteSpec; caption: string }[] };

/**
 * A whole customer report as one self-contained HTML page for a CRM manager, in English or Chinese:
 * data quality (rows read, left out by code, refunds, date range), the eight classic RFM segments with
 * their shares and recommended actions, the RFM heatmap, ABC classes with the Pareto curve, the
 * customer pyramid, churn per period (partial periods marked, their rates left as gaps) and cohort
 * retention, CLV quadrants (potential = BG/NBD × Gamma-Gamma prediction) and k-means clusters. Every
 * analysis is the library's own; the charts are those of `crm-analytics/charts`, compiled to Vega and
 * drawn by vega's browser build inlined into the page: no request leaves the file (a
 * Content-Security-Policy forbids any). Deterministic: the same input and options give the same bytes.
 * A section whose analysis the data do not allow (one customer, no repeat buyers) says why instead.
 * Needs the optional peer dependencies `vega` and `vega-lite` (loaded on demand). Guide: docs/report.md.
 *
 * @param transactions - Records with a field mapping (`options.fields`) or `TransactionColumns`.
 * @param options - `asOf` (required) and the other reading options of `summarizeTransactions`, plus
 *   `language`, `title`, `period`, `clusters`, `seed`, `clvMonths` and `sourceMeta`.
 * @returns `html` (the page, about 0.6 MB of which 0.5 MB is the Vega runtime) and `meta` (what was
 *   read, each section's status, the runtime's versions).
 * @throws {AnalyticsInputError} On bad transactions (as `summarizeTransactions`), or when no customer
 *   has a purchase.
 * @throws {TypeError | RangeError} On bad options, prefixed `renderReport:`.
 * @throws {Error} When vega or vega-lite cannot be loaded: the message names `npm install vega vega-lite`.
 *
 * @example
 * const { html, meta } = await renderReport(
 *   [
 *     { customerId: "a", date: "2024-01-05", amount: 120 },
 *     { customerId: "a", date: "2024-03-02", amount: 80 },
 *     { customerId: "b", date: "2024-02-11", amount: 35 },
 *     { customerId: "c", date: "2024-03-20", amount: 60 },
 *   ],
 *   { asOf: "2024-03-31", language: "en" },
 * );
 * html.startsWith("<!doctype html>"); //=> true
 * meta.customers; //=> 3
 */
export async function renderReport<Row = any>(transactions: TransactionInput<Row>, options: RenderReportOptions<Row>): Promise<RenderReportResult> {
  const fn = "renderReport";
  const opts = parseOptions(fn, renderReportOptionsSchema, options ?? {}) as RenderReportOptions<Row>;
  const { language = "en", title, period = "month", clusters: k = 4, seed = 42, clvMonths = 12, sourceMeta, ...readOptions } = opts;
  // A missing peer dependency is reported before the data are read.
  const vega = await loadVega(fn);
  const t = TEXT[language];

  // Read once (the one reader, under this function's name); every analysis then takes the columns.
  let customerCodes = new Int32Array(0);
  let days = new Int32Array(0);
  let amounts = new Float64Array(0);
  let orders: Int32Array | null = null;
  let n = 0;
  const read = readTransactions(transactions, readOptions as TransactionReadOptions<Row>, fn, (rows, withOrders) => {
    customerCodes = new Int32Array(rows);
    days = new Int32Array(rows);
    amounts = new Float64Array(rows);
    orders = withOrders ? new Int32Array(rows) : null;
    return (c, d, o, a) => {
      customerCodes[n] = c;
      days[n] = d;
      amounts[n] = a[0];
      if (orders) orders[n] = o;
      n++;
    };
  });
  const columns: TransactionColumns = {
    customerId: { codes: customerCodes.subarray(0, n), dictionary: read.customerIds },
    date: days.subarray(0, n),
    amount: amounts.subarray(0, n),
    // Order codes only need to be equal for equal ids: the codes themselves serve as the dictionary.
    ...(orders !== null ? { orderId: { codes: (orders as Int32Array).subarray(0, n), dictionary: Array.from({ length: read.orderCount }, (_, i) => i) } } : {}),
  };
  // The rows are clean now: dates are days, refunds already excluded when asked.
  const base = { asOf: read.asOf, refunds: "net" } as const;
  const summary = summarizeTransactions(columns, base);
  const customers = summary.customers;
  if (customers.length === 0) {
    throw new AnalyticsInputError(fn, [inputIssue("empty_input", ["transactions"], `no customer has a purchase (${summary.meta.customersWithoutPurchases.length} customers have refunds only)`)]);
  }

  const sections: ReportSectionMeta[] = [];
  const charts: { id: string; spec: VegaLiteSpec; caption: string }[] = [];
  const htmlSections: Html[] = [];
  const add = (id: ReportSectionMeta["id"], heading: string, lead: string, build: () => Built) => {
    let built: Built;
    let message: string | null = null;
    try {
      built = build();
    } catch (error) {
      // The data do not allow this analysis (too few customers, no repeat buyers, a degenerate split):
      // the section says so; anything else is a bug and propagates.
      if (!isAnalyticsInputError(error) && !(error instanceof RangeError)) throw error;
      message = error.message;
      built = { parts: [paragraph(t.unavailable(message), "unavailable")], charts: [] };
    }
    charts.push(...built.charts);
    sections.push({ id, status: message === null ? "ok" : "unavailable", message, charts: built.charts.map((c) => c.id) });
    htmlSections.push(section(id, heading, lead, built.parts));
  };
  const chart = (built: Built, id: string, spec: VegaLiteSpec, caption: string) => {
    built.charts.push({ id, spec, caption });
    built.parts.push({ html: `<!--chart:${id}-->` });
  };

  const purchaseDays = { from: customers[0].firstPurchase, to: customers[0].lastPurchase };
  for (const c of customers) {
    if (c.firstPurchase < purchaseDays.from) purchaseDays.from = c.firstPurchase;
    if (c.lastPurchase > purchaseDays.to) purchaseDays.to = c.lastPurchase;
  }

  add("quality", t.quality.heading, t.quality.lead, () => qualitySection(t, read.input, read.refunds, columns.amount as Float64Array, sourceMeta, summary.meta.customersWithoutPurchases.length, customers.length, purchaseDays, read.asOf));
  add("segments", t.segments.heading, "", () => {
    const result = segmentRfm(customers);
    const th = result.meta.thresholds!;
    const lead = t.segments.lead(language === "zh" ? `R ${formatNumber(th.recency)} 天，F ${formatNumber(th.frequency)} 单，M ${formatMoney(th.monetary)}` : `R ${formatNumber(th.recency)} days, F ${formatNumber(th.frequency)} orders, M ${formatMoney(th.monetary)}`);
    const actions = new Map<string, string>(CLASSIC_SEGMENTS.map((s) => [s.id, language === "zh" ? s.actionZh : s.action]));
    const s = t.segments;
    // The action under the segment's name: one wide column reads better than eight narrow ones.
    const rows = result.meta.segments.map((r): Cell[] => [
      join(strong(language === "zh" ? r.labelZh : r.label), muted(actions.get(r.segment) ?? "", true)),
      formatCount(r.customers),
      shareBar(r.share),
      formatMoney(r.revenue),
      shareBar(r.revenueShare),
      r.averageOrderValue === null ? "–" : formatMoney(r.averageOrderValue),
      r.meanRecencyDays === null ? "–" : formatNumber(r.meanRecencyDays, 0),
    ]);
    const built: Built = { parts: [paragraph(lead, "lead"), table([s.segment, s.customers, s.customerShare, s.revenue, s.revenueShare, s.aov, s.recency], rows, [1, 2, 3, 4, 5, 6], "segments")], charts: [] };
    chart(built, "chart-segments", segmentBarChart(result, { language, metric: "both", title: s.chart }), s.chart);
    return built;
  });
  add("rfm", t.rfm.heading, t.rfm.lead, () => {
    const built: Built = { parts: [], charts: [] };
    chart(built, "chart-rfm", rfmHeatmap(scoreRfm(customers), { language }), t.rfm.chart);
    return built;
  });
  add("abc", t.abc.heading, t.abc.lead(formatShare(0.8), formatShare(0.95)), () => {
    const abc = classifyAbc(customers);
    const a = t.abc;
    const rows = (["A", "B", "C"] as const).map((cls): Cell[] => [join(code(cls), " ", a.meaning[cls]), formatCount(abc.meta.counts[cls]), shareBar(abc.meta.counts[cls] / abc.meta.customers), shareBar(abc.meta.valueShares[cls])]);
    const built: Built = { parts: [table([a.cls, a.customers, a.customerShare, a.valueShare], rows, [1, 2, 3])], charts: [] };
    chart(built, "chart-pareto", paretoChart(abc, { language }), a.chart);
    return built;
  });
  add("pyramid", t.pyramid.heading, t.pyramid.lead, () => {
    const pyramid = tierPyramid(customers);
    const p = t.pyramid;
    const rows = CRM_PYRAMID_TIERS.map((tier): Cell[] => {
      const count = pyramid.meta.counts[tier.id] ?? 0;
      return [language === "zh" ? tier.labelZh : tier.label, formatCount(count), shareBar(count / pyramid.meta.customers), shareBar(pyramid.meta.valueShares[tier.id] ?? 0), language === "zh" ? tier.actionZh : tier.action];
    });
    const head = [p.tier, p.customers, p.customerShare, p.valueShare, p.action];
    return { parts: [table(head, rows, [1, 2, 3])], charts: [] };
  });
  add("churn", t.churn.heading, t.churn.lead, () => {
    const c = t.churn;
    const indicators = periodIndicators(columns, { ...base, period });
    const { periods } = indicators;
    const rate = (x: number | null) => (x === null ? muted("–") : formatShare(x));
    const rows = periods.map((p): Cell[] => [
      p.partial ? join(p.period, " ", muted(c.partial(p.daysCovered, p.daysInPeriod))) : p.period,
      formatCount(p.active),
      formatCount(p.new),
      formatCount(p.retained),
      formatCount(p.lost),
      rate(p.churnRate),
      rate(p.retentionRate),
      formatMoney(p.revenue),
    ]);
    const head = [c.period, c.active, c.new, c.retained, c.lost, c.churn, c.retention, c.revenue];
    const built: Built = { parts: [], charts: [] };
    chart(built, "chart-periods", periodChart(indicators, { language, volume: "active" }), c.periodChart);
    built.parts.push(table(head, rows, [1, 2, 3, 4, 5, 6, 7], "", (i) => (periods[i].partial ? "partial" : undefined)));
    if (periods.some((p) => p.partial)) built.parts.push(paragraph(c.partialNote, "note"));
    built.parts.push(heading3(c.cohorts), paragraph(c.cohortsLead, "lead"));
    chart(built, "chart-cohorts", cohortHeatmap(cohortRetention(columns, { ...base, period }), { language }), c.chart);
    return built;
  });
  add("clv", t.clv.heading, t.clv.lead(clvMonths, formatShare(0.01)), () => {
    const v = t.clv;
    const btyd = toBtydSummary(columns, { ...base, period: "week" }).customers;
    const bg = fitBgNbd(btyd);
    // As lifetimes does: the spend model on repeat buyers with a positive mean spend.
    const gg = fitGammaGamma(btyd.filter((b) => b.frequency > 0 && b.monetaryValue > 0));
    const clv = predictedClv(bg, gg, btyd, { periodsPerMonth: WEEKS_PER_MONTH, months: clvMonths, allowUnconverged: true });
    const potential = new Map(clv.customers.map((r) => [r.customerId, r.clv]));
    const records = customers.map((c) => ({ customerId: c.customerId, current: c.monetary, potential: potential.get(c.customerId) ?? 0 }));
    const quadrants = clvQuadrants(records, { current: "current", potential: "potential" });
    // the counts are the result's; only the per-quadrant means are the report's own
    const sums = new Map(CLV_QUADRANTS.map((q) => [q.id, { current: 0, potential: 0 }]));
    for (const r of quadrants.customers) {
      const s = sums.get(r.quadrant)!;
      s.current += r.current;
      s.potential += r.potential;
    }
    const rows = CLV_QUADRANTS.map((q): Cell[] => {
      const n = quadrants.meta.counts[q.id] ?? 0;
      const s = sums.get(q.id)!;
      return [language === "zh" ? q.labelZh : q.label, formatCount(n), shareBar(n / quadrants.meta.customers), n === 0 ? "–" : formatMoney(s.current / n), n === 0 ? "–" : formatMoney(s.potential / n), language === "zh" ? q.actionZh : q.action];
    });
    const parts: Html[] = [];
    for (const [what, fit] of [["BG/NBD", bg], ["Gamma-Gamma", gg]] as const) if (!fit.diagnostics.converged) parts.push(paragraph(v.notConverged(what), "warning"));
    parts.push(table([v.quadrant, v.customers, v.customerShare, v.current, v.potential, v.action], rows, [1, 2, 3, 4]));
    const built: Built = { parts, charts: [] };
    chart(built, "chart-clv", clvQuadrantChart(quadrants, { language }), v.chart);
    return built;
  });
  add("clusters", t.clusters.heading, t.clusters.lead(k, seed), () => {
    const c = t.clusters;
    const result = clusterCustomers(customers, { k, seed });
    // the chart legend's names: clusters of one segment told apart
    const names = clusterNames(result.meta.profiles, { language }).clusters;
    const rows = result.meta.profiles.map((p, i): Cell[] => [
      // numbered as the chart's legend numbers them
      String(p.cluster),
      p.segment === null ? "–" : names[i].name,
      formatCount(p.size),
      shareBar(p.share),
      shareBar(p.revenueShare),
      p.meanRecencyDays === null ? "–" : formatNumber(p.meanRecencyDays, 0),
      p.meanFrequency === null ? "–" : formatNumber(p.meanFrequency, 1),
      p.meanMonetary === null ? "–" : formatMoney(p.meanMonetary),
    ]);
    const built: Built = { parts: [table([c.cluster, c.segment, c.customers, c.customerShare, c.revenueShare, c.recency, c.frequency, c.monetary], rows, [0, 2, 3, 4, 5, 6, 7])], charts: [] };
    chart(built, "chart-clusters", clusterScatter(customers, result, { language }), c.chart);
    return built;
  });

  // Compile every chart to Vega in Node: the page then needs only vega's runtime, not the compiler.
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    warn: (...a: unknown[]) => (warnings.push(a.map(String).join(" ")), logger),
    error: (...a: unknown[]) => (warnings.push(`error: ${a.map(String).join(" ")}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  const blocks = new Map(charts.map((c) => [c.id, chartBlock(c.id, vega.compile(c.spec, { logger }).spec, c.caption).html]));
  const filled = htmlSections.map((s) => ({ html: s.html.replace(/<!--chart:([\w-]+)-->/g, (_, id: string) => blocks.get(id) ?? "") }));

  const html = page({
    lang: language,
    title: title ?? t.title,
    subtitle: t.subtitle(read.asOf, purchaseDays.from, purchaseDays.to, formatCount(customers.length)),
    nav: sections.map((s) => ({ id: s.id, text: headingOf(t, s.id) })),
    sections: filled,
    footer: t.footer(`vega ${vega.versions.vega}, vega-lite ${vega.versions.vegaLite}`),
    vegaJs: vega.vegaJs,
  });
  return {
    html,
    meta: {
      asOf: read.asOf,
      language,
      period,
      clusters: k,
      seed,
      clvMonths,
      input: read.input,
      sourceMeta: sourceMeta ?? null,
      customers: customers.length,
      sections,
      warnings,
      versions: vega.versions,
    },
  };
}

function headingOf(t: ReportText, id: ReportSectionMeta["id"]): string {
  return t[id].heading;
}

/** The data-quality section: what was read, left out and why. */
function qualitySection(
  t: ReportText,
  input: InputReport,
  refunds: "net" | "exclude" | "error",
  amount: Float64Array,
  sourceMeta: ReportSourceMeta | undefined,
  withoutPurchases: number,
  customers: number,
  range: { from: string; to: string },
  asOf: string,
): Built {
  const q = t.quality;
  const byCode: Record<string, number> = { ...(sourceMeta?.invalidByCode ?? {}) };
  for (const [key, count] of Object.entries(input.invalidByCode)) byCode[key] = (byCode[key] ?? 0) + (count ?? 0);
  const leftOut = (sourceMeta?.invalidRows ?? 0) + input.invalidRows;
  let refundRows = 0;
  let refundSum = 0;
  for (let i = 0; i < amount.length; i++) {
    if (amount[i] < 0) {
      refundRows++;
      refundSum += amount[i];
    }
  }
  const facts: [string, Cell][] = [];
  if (sourceMeta?.source !== undefined) facts.push([q.source, code(sourceMeta.source)]);
  facts.push([q.rowsRead, formatCount(sourceMeta?.rowsRead ?? input.rowsRead)], [q.rowsUsed, formatCount(input.rowsUsed)], [q.leftOut, leftOut === 0 ? q.leftOutNone : formatCount(leftOut)]);
  const dropped = sourceMeta?.droppedMissingCustomer ?? 0;
  if (dropped > 0) facts.push([q.droppedMissingCustomer, formatCount(dropped)]);
  const afterAsOf = (sourceMeta?.ignoredAfterAsOf ?? 0) + input.ignoredAfterAsOf;
  if (afterAsOf > 0) facts.push([q.afterAsOf, formatCount(afterAsOf)]);
  facts.push([q.refunds, q.refundPolicy[refunds]]);
  if (refunds === "exclude") facts.push([q.excludedRefunds, formatCount((sourceMeta?.excludedRefunds ?? 0) + input.excludedRefunds)]);
  else facts.push([q.refundRows, formatCount(refundRows)], [q.refundAmount, formatMoney(refundSum)]);
  facts.push([q.customers, formatCount(customers)]);
  if (withoutPurchases > 0) facts.push([q.withoutPurchases, formatCount(withoutPurchases)]);
  facts.push([q.dateRange, `${range.from} – ${range.to}`], [q.asOf, asOf]);
  const parts = [table([q.item, q.value], facts, [1], "facts")];
  const codes = Object.entries(byCode)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (codes.length > 0) {
    parts.push(heading3(q.leftOutHeading));
    parts.push(table([q.code, q.meaning, q.rows], codes.map(([key, count]) => [code(key), t.codes[key] ?? "", formatCount(count)]), [2], "facts"));
  }
  return { parts, charts: [] };
}
