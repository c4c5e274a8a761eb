import {
  clusterScatter,
  clvQuadrantChart,
  cohortHeatmap,
  holdoutChart,
  paretoChart,
  periodChart,
  rfmHeatmap,
  segmentBarChart,
  segmentShareChart,
  whaleCurveChart,
  type PeriodChartMetric,
  type RfmHeatmapMetric,
  type VegaLiteSpec,
} from "../../charts/index.js";
import { cohortRetention, periodIndicators } from "../../churn/index.js";
import { clusterCustomers } from "../../cluster/index.js";
import { calibrationHoldout, fitBgNbd, toBtydSummary } from "../../models/index.js";
import { scoreRfm, segmentRfm } from "../../rfm/index.js";
import { classifyAbc, whaleCurve } from "../../value/index.js";
import { choice, dateOption, LABELS_OPTION, numberOption, type Command, type CommandDocument, type CommandInput, type OptionSpec, type OptionValues } from "../command.js";
import { UsageError } from "../errors.js";
import { inputIssue } from "../../errors.js";
import { step, StepError } from "../issues.js";
import { PERIOD_OPTIONS, periodOptions } from "./churn.js";
import { quadrantsCommand } from "./quadrants.js";
import { SCORING_OPTIONS, scoringOptions } from "./rfm.js";

/** The charts, in help order, with what each draws. */
const KINDS = {
  "segment-bars": "customers and revenue per RFM segment (segmentBarChart of segmentRfm)",
  "segment-shares": "each segment's share of customers and of revenue (segmentShareChart)",
  "rfm-heatmap": "R score × F score, coloured by --metric (rfmHeatmap of scoreRfm)",
  pareto: "the ABC / Pareto curve of customer value (paretoChart of classifyAbc)",
  whale: "the whale curve: cumulative share of the total monetary value (net of refunds) against customers ranked by it, above 100% when some are negative (whaleCurveChart of whaleCurve on monetary)",
  "clv-quadrants": "current × potential value per customer, as quadrants computes it (clvQuadrantChart)",
  cohorts: "the cohort retention heatmap, partial periods marked (cohortHeatmap of cohortRetention)",
  periods: "churn and retention rates per period (periodChart of periodIndicators)",
  clusters: "the k-means clusters on recency × frequency (clusterScatter of clusterCustomers)",
  holdout: "BG/NBD fitted up to --calibration-end against the purchases after it (holdoutChart)",
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];

/** The options of the quadrants command that make its potential value. */
const QUADRANT_OPTION_NAMES = ["potential", "margin", "retention", "discount-rate", "horizon", "months", "monthly-discount-rate", "thresholds", "ties"] as const;

const METRICS: Partial<Record<Kind, readonly string[]>> = {
  "segment-bars": ["customers", "revenue", "both"],
  "rfm-heatmap": ["meanMonetary", "customers", "revenue", "meanFrequency", "meanRecencyDays"],
  cohorts: ["share", "customers", "revenue"],
  periods: ["churnRate", "retentionRate", "repurchaseRate", "repeatPurchaseRate", "revenueRetention"],
};

/** The options each chart reads besides the shared ones (--chart, --labels, --title, --width, --height). */
const KIND_OPTIONS: Record<Kind, readonly string[]> = {
  "segment-bars": ["metric"],
  "segment-shares": [],
  "rfm-heatmap": ["metric", "method", "bins"],
  pareto: [],
  whale: [],
  "clv-quadrants": [...QUADRANT_OPTION_NAMES, "period", "allow-unconverged"],
  cohorts: ["metric", "period", "week-starts-on"],
  periods: ["metric", "period", "week-starts-on", "volume"],
  clusters: ["k", "seed"],
  holdout: ["calibration-end", "allow-unconverged"],
};

const OUTPUT_KINDS = { json: "vega-lite", svg: "svg", png: "png" } as const;

/** The document kind from -o's extension (stdout: the Vega-Lite spec). */
function outputKind(values: OptionValues): CommandDocument["kind"] {
  const output = values.output;
  if (typeof output !== "string") return "vega-lite";
  const ext = /\.([A-Za-z]+)$/.exec(output)?.[1]?.toLowerCase();
  if (ext === undefined || !Object.hasOwn(OUTPUT_KINDS, ext)) {
    throw new UsageError(`-o ${output}: a chart's format follows the file's extension: .json (the Vega-Lite spec, e.g. chart.vl.json), .svg or .png`);
  }
  return OUTPUT_KINDS[ext as keyof typeof OUTPUT_KINDS];
}

/** The spec of one chart kind, from the data (the kind's own options already checked). */
type Draw = (input: CommandInput & { kind: "summaries" }) => { spec: VegaLiteSpec; meta: unknown; notes?: string[]; warnings?: string[] };

/** Checks the kind's options and returns how to draw it. */
function prepareDraw(kind: Kind, values: OptionValues, common: { language: "en" | "zh"; title?: string; width?: number; height?: number }): Draw {
  const metricList = METRICS[kind];
  // (periods takes a comma-separated list of rates, checked below)
  const metric = metricList && kind !== "periods" ? choice(values, "metric", metricList) : undefined;
  switch (kind) {
    case "segment-bars":
      return (input) => {
        const segments = step("segmentRfm", () => segmentRfm(input.customers), input.customers);
        return { spec: segmentBarChart(segments, { ...common, ...(metric ? { metric: metric as "customers" | "revenue" | "both" } : {}) }), meta: segments.meta };
      };
    case "segment-shares":
      return (input) => {
        const segments = step("segmentRfm", () => segmentRfm(input.customers), input.customers);
        return { spec: segmentShareChart(segments, common), meta: segments.meta };
      };
    case "rfm-heatmap": {
      const scoring = scoringOptions(values) ?? {};
      return (input) => {
        const scored = step("scoreRfm", () => scoreRfm(input.customers, scoring), input.customers);
        return { spec: rfmHeatmap(scored, { ...common, ...(metric ? { metric: metric as RfmHeatmapMetric } : {}) }), meta: scored.meta };
      };
    }
    case "pareto":
      return (input) => {
        const abc = step("classifyAbc", () => classifyAbc(input.customers), input.customers);
        return { spec: paretoChart(abc, common), meta: abc.meta };
      };
    case "whale":
      return (input) => {
        const curve = step("whaleCurve", () => whaleCurve(input.customers, { value: "monetary" }), input.customers);
        return { spec: whaleCurveChart(curve, common), meta: curve.meta };
      };
    case "clv-quadrants": {
      // the quadrants command computes the values, with its options and checks
      const quadrants = quadrantsCommand.prepare({ ...values, summary: undefined });
      return (input) => {
        const out = quadrants(input) as Awaited<ReturnType<typeof quadrants>>;
        const meta = out.meta as { thresholds: { current: number; potential: number } };
        const customers = out.records as { customerId: string; current: number; potential: number; quadrant: "most_valuable" | "loyal" | "potential" | "low_value" }[];
        return { spec: clvQuadrantChart({ customers, meta }, common), meta, notes: out.notes, warnings: out.warnings };
      };
    }
    case "cohorts": {
      const period = periodOptions(values);
      return (input) => {
        const retention = step("cohortRetention", () => cohortRetention(input.transactions(), { ...input.read, ...period }));
        return { spec: cohortHeatmap(retention, { ...common, ...(metric ? { metric: metric as "share" | "customers" | "revenue" } : {}) }), meta: retention.meta };
      };
    }
    case "periods": {
      const period = periodOptions(values);
      const metrics = typeof values.metric === "string" ? values.metric.split(",").map((m) => m.trim()) : undefined;
      for (const m of metrics ?? []) {
        if (!(METRICS.periods as readonly string[]).includes(m)) throw new UsageError(`--metric for --chart periods must be one or more of ${METRICS.periods!.join(", ")} (comma-separated), got ${JSON.stringify(m)}`);
      }
      if (metrics && new Set(metrics).size !== metrics.length) throw new UsageError("--metric: each rate at most once");
      const volume = choice(values, "volume", ["none", "active", "revenue"] as const);
      return (input) => {
        const indicators = step("periodIndicators", () => periodIndicators(input.transactions(), { ...input.read, ...period }));
        const spec = periodChart(indicators, { ...common, ...(metrics ? { metrics: metrics as PeriodChartMetric[] } : {}), ...(volume ? { volume } : {}) });
        return { spec, meta: indicators.meta };
      };
    }
    case "clusters": {
      const k = numberOption(values, "k", { integer: true, min: 1 }) ?? 4;
      const seed = numberOption(values, "seed", { integer: true, min: 0, max: 2 ** 32 - 1 }) ?? 42;
      return (input) => {
        const clusters = step("clusterCustomers", () => clusterCustomers(input.customers, { k, seed }), input.customers);
        return { spec: clusterScatter(input.customers, clusters, common), meta: clusters.meta };
      };
    }
    case "holdout": {
      const calibrationEnd = dateOption(values, "calibration-end");
      if (calibrationEnd === undefined) throw new UsageError("--chart holdout needs --calibration-end YYYY-MM-DD: the model is fitted on the purchases up to that day and checked on those after it");
      if (typeof values["as-of"] === "string" && calibrationEnd >= values["as-of"]) throw new UsageError(`--calibration-end ${calibrationEnd} must be before --as-of ${values["as-of"]} (the purchases after it are the holdout)`);
      const allow = values["allow-unconverged"] === true;
      return (input) => {
        const calibration = step("toBtydSummary", () => toBtydSummary(input.transactions(), { ...input.read, calibrationEnd, period: "week" }));
        const fit = step("fitBgNbd", () => fitBgNbd(calibration.customers), calibration.customers);
        const d = fit.diagnostics;
        if (!d.converged && !allow) {
          const message = `the BG/NBD purchase model fitted up to --calibration-end did not converge (${d.message.replace(/^not converged:\s*/, "")}): its holdout comparison would not be a fair test (another --calibration-end may fit; --allow-unconverged draws it anyway, with a warning)`;
          throw new StepError("fitBgNbd", [inputIssue("fit_not_converged", ["records"], message)], [undefined]);
        }
        const warnings = d.converged ? [] : [`the BG/NBD purchase model did not converge (${d.message.replace(/^not converged:\s*/, "")}): the chart compares a model that is not reliable (--allow-unconverged)`];
        const holdout = step("calibrationHoldout", () => calibrationHoldout({ model: "bg-nbd", params: fit.params }, calibration.customers), calibration.customers);
        return { spec: holdoutChart(holdout, { ...common, model: "BG/NBD" }), meta: { ...holdout.meta, fit: { params: fit.params, logLikelihood: fit.logLikelihood, diagnostics: fit.diagnostics } }, warnings };
      };
    }
  }
}

const CHART_OPTIONS: Record<string, OptionSpec> = {
  chart: { type: "string", arg: "KIND", help: `the chart (required): ${KIND_NAMES.join(", ")}` },
  labels: { type: "string", arg: "en|zh", help: "language of the chart's titles, axes and legends: en (default) or zh (中文)" },
  title: { type: "string", arg: "TEXT", help: "the chart's title instead of the default" },
  width: { type: "string", arg: "PX", help: "width of the plot in pixels (20..5000)" },
  height: { type: "string", arg: "PX", help: "height of the plot in pixels (20..5000)" },
  metric: {
    type: "string",
    arg: "NAME",
    help: "segment-bars: customers|revenue|both; rfm-heatmap: meanMonetary|customers|revenue|meanFrequency|meanRecencyDays; cohorts: share|customers|revenue; periods: rates, comma-separated (churnRate,retentionRate,repurchaseRate,repeatPurchaseRate,revenueRetention)",
  },
  ...Object.fromEntries(Object.entries(SCORING_OPTIONS).map(([name, o]) => [name, { ...o, help: `rfm-heatmap: ${o.help}` }])),
  period: { type: "string", arg: "PERIOD", help: "cohorts, periods: week|month|quarter|year (default month); clv-quadrants with --potential formula: day|week|month|year (default year)" },
  "week-starts-on": PERIOD_OPTIONS["week-starts-on"],
  volume: { type: "string", arg: "none|active|revenue", help: "periods: a bar panel of active customers or revenue under the rates (default none)" },
  k: { type: "string", arg: "K", help: "clusters: number of clusters (default 4)" },
  seed: { type: "string", arg: "N", help: "clusters: random seed (default 42)" },
  "calibration-end": { type: "string", arg: "YYYY-MM-DD", help: "holdout: the model is fitted on the purchases up to this day (required for holdout)" },
  ...Object.fromEntries(
    QUADRANT_OPTION_NAMES.map((name) => [name, { ...quadrantsCommand.options[name], help: `clv-quadrants: ${quadrantsCommand.options[name].help.replace(/^(formula|predicted): /, "--potential $1: ")}` }]),
  ),
  "allow-unconverged": { type: "boolean", help: "clv-quadrants --potential predicted, holdout: draw with a model whose fit did not converge (a warning) instead of stopping" },
};

/** `chart`: a chart of an analysis, as a Vega-Lite spec, SVG or PNG. */
export const chartCommand: Command = {
  name: "chart",
  summary: "a chart of an analysis (segments, RFM heatmap, Pareto, whale curve, CLV quadrants, cohorts, churn, clusters) as Vega-Lite, SVG or PNG",
  description:
    "Draws one chart (--chart KIND) of the analysis the other commands print, computed the same way, and writes it as a whole file instead of records. The format follows -o's extension: .json writes the Vega-Lite v5 spec (data inlined; no dependency; also what stdout gets without -o), to open in the Vega editor, vega-embed or a notebook; .svg draws it with vega and vega-lite in Node (optional packages: npm install vega vega-lite), text widths estimated, so open it where the chart's fonts exist (Chinese labels need a CJK font); .png draws it at twice its size with vega and vega-lite in headless Chromium (/usr/bin/chromium or $CHROMIUM), with real fonts: Chinese needs a CJK font (Debian: fonts-noto-cjk), else the command stops rather than draw empty boxes. --format does not apply. The charts: " +
    KIND_NAMES.map((k) => `${k}: ${KINDS[k]}`).join("; ") +
    ". Options that do not apply to the chosen chart are refused.",
  examples: [
    "crm-analytics chart orders.csv --as-of 2024-06-30 --chart segment-bars --labels zh -o segments.png",
    "crm-analytics chart orders.csv --as-of 2024-06-30 --chart cohorts --metric customers -o cohorts.vl.json",
    "crm-analytics chart orders.csv --as-of 2024-06-30 --chart clv-quadrants --potential predicted -o quadrants.svg",
    "crm-analytics chart orders.csv --as-of 2024-06-30 --chart holdout --calibration-end 2024-01-31 -o holdout.png",
  ],
  needs: "summaries",
  options: CHART_OPTIONS,
  prepare(values) {
    if (values.format !== undefined) throw new UsageError("--format does not apply to chart: the format follows -o's extension (.json for the Vega-Lite spec, .svg, .png)");
    if (values.chart === undefined) throw new UsageError(`--chart KIND is required: one of ${KIND_NAMES.join(", ")}`);
    const kind = choice(values, "chart", KIND_NAMES);
    const own = new Set(KIND_OPTIONS[kind as Kind]);
    for (const name of Object.keys(CHART_OPTIONS)) {
      if (["chart", "labels", "title", "width", "height"].includes(name) || own.has(name) || values[name] === undefined) continue;
      const users = KIND_NAMES.filter((k) => KIND_OPTIONS[k].includes(name));
      throw new UsageError(`--${name} does not apply to --chart ${kind} (it is for ${users.join(", ")})`);
    }
    const document = outputKind(values);
    const language = choice(values, "labels", ["en", "zh"] as const, "en");
    const width = numberOption(values, "width", { integer: true, min: 20, max: 5000 });
    const height = numberOption(values, "height", { integer: true, min: 20, max: 5000 });
    const title = typeof values.title === "string" ? values.title : undefined;
    const draw = prepareDraw(kind as Kind, values, { language, ...(title !== undefined ? { title } : {}), ...(width !== undefined ? { width } : {}), ...(height !== undefined ? { height } : {}) });
    return async (input) => {
      if (input.kind !== "summaries") throw new Error("chart: needs summaries");
      const drawn = draw(input);
      const notes = [...(drawn.notes ?? [])];
      let contents: string | Uint8Array;
      if (document === "vega-lite") contents = `${JSON.stringify(drawn.spec, null, 2)}\n`;
      else if (document === "svg") {
        // loaded only here: the other commands and .json charts never need vega
        const { renderSvg } = await import("../renderChart.js");
        contents = await renderSvg(drawn.spec);
        if (language === "zh") notes.push("SVG text widths are estimated (no fonts in Node): view it with a CJK font installed; -o chart.png measures with real fonts");
      } else {
        const { renderPng } = await import("../renderChart.js");
        contents = await renderPng(drawn.spec);
      }
      return { records: [], meta: drawn.meta, notes, ...(drawn.warnings ? { warnings: drawn.warnings } : {}), document: { kind: document, contents } };
    };
  },
};
