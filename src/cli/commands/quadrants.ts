import { inputIssue } from "../../errors.js";
import { fitBgNbd, fitGammaGamma, predictedClv, toBtydSummary, type FitDiagnostics } from "../../models/index.js";
import { CLV_QUADRANTS, clvQuadrants, formulaClv, historicalClv, PERIOD_DAYS } from "../../value/index.js";
import { choice, LABELS_OPTION, labelOf, numberOption, SUMMARY_OPTION, type Command, type CommandInput, type OptionValues } from "../command.js";
import { UsageError } from "../errors.js";
import { step, StepError } from "../issues.js";
import { fmtCount } from "../counts.js";

/** Weeks per month for the weekly BTYD models: (365.25 / 12) / 7, the month of `PERIOD_DAYS`. */
const WEEKS_PER_MONTH = PERIOD_DAYS.month / 7;

interface Potential {
  values: Map<string, number>;
  meta: unknown;
  notes?: string[];
  warnings?: string[];
}

/** A fitted model, as the convergence check reads it. */
interface Fitted {
  step: string;
  model: string;
  diagnostics: FitDiagnostics;
}

/**
 * A model that did not converge is never used silently: without `allow` the run stops with one line
 * naming the model and its diagnostics (`fit_not_converged`); with it, each becomes a warning.
 */
export function convergenceWarnings(fits: readonly Fitted[], allow: boolean): string[] {
  const failed = fits.filter((f) => !f.diagnostics.converged);
  if (failed.length === 0) return [];
  // (the diagnostics may open with the verdict the sentence already gives)
  const what = (f: Fitted) => `the ${f.model} model did not converge (${f.diagnostics.message.replace(/^not converged:\s*/, "")})`;
  if (!allow) {
    const first = failed[0];
    const also = failed.length > 1 ? `; ${failed.slice(1).map(what).join("; ")}` : "";
    const message = `${what(first)}${also}: its predictions cannot be trusted (--potential formula needs no model; --allow-unconverged uses it anyway, with a warning)`;
    throw new StepError(first.step, [inputIssue("fit_not_converged", ["records"], message)], [undefined]);
  }
  return failed.map((f) => `${what(f)}: the predicted potential values are not reliable (--allow-unconverged)`);
}

/** The options of the formula potential. */
interface FormulaSettings {
  retention: number;
  discountRate: number;
  horizon: number | undefined;
  period: "day" | "week" | "month" | "year";
}

function formulaSettings(values: OptionValues): FormulaSettings {
  const retention = numberOption(values, "retention", { min: 0 });
  const discountRate = numberOption(values, "discount-rate", { min: -1, exclusiveMin: true });
  if (retention === undefined || discountRate === undefined) {
    throw new UsageError("--potential formula needs --retention R and --discount-rate D (per --period; e.g. --retention 0.8 --discount-rate 0.1)");
  }
  const horizon = numberOption(values, "horizon", { integer: true, min: 1 });
  const period = choice(values, "period", ["day", "week", "month", "year"] as const, "year");
  return { retention, discountRate, horizon, period };
}

/** Formula potential: the per-period margin so far, continued with a retention rate (Gupta & Lehmann). */
function formulaPotential(input: CommandInput & { kind: "summaries" }, settings: FormulaSettings, margin: number): Potential {
  const { retention, discountRate, horizon, period } = settings;
  const hist = step("historicalClv", () => historicalClv(input.customers, { margin, period }), input.customers);
  // a period is given, so perPeriod is a number
  const margins = hist.customers.map((v) => ({ customerId: v.customerId, margin: v.perPeriod as number }));
  const clv = step("formulaClv", () => formulaClv(margins, { retention, discountRate, ...(horizon !== undefined ? { horizon } : {}) }), margins);
  return {
    values: new Map(clv.customers.map((v) => [v.customerId, v.clv])),
    meta: { method: "formula", period, margin, perPeriod: hist.meta, formula: clv.meta },
  };
}

/** The options of the predicted potential. */
interface PredictedSettings {
  months: number;
  monthlyDiscountRate: number;
  allowUnconverged: boolean;
}

function predictedSettings(values: OptionValues): PredictedSettings {
  const months = numberOption(values, "months", { integer: true, min: 1, max: 1200 }) ?? 12;
  const monthlyDiscountRate = numberOption(values, "monthly-discount-rate", { min: -1, exclusiveMin: true }) ?? 0.01;
  return { months, monthlyDiscountRate, allowUnconverged: values["allow-unconverged"] === true };
}

/** Predicted potential: BG/NBD purchases × Gamma-Gamma spend, discounted (lifetimes' CLV), on weekly summaries. */
function predictedPotential(input: CommandInput & { kind: "summaries" }, settings: PredictedSettings, margin: number): Potential {
  const { months, monthlyDiscountRate, allowUnconverged } = settings;
  const btyd = step("toBtydSummary", () => toBtydSummary(input.transactions(), { ...input.read, period: "week" }));
  const bg = step("fitBgNbd", () => fitBgNbd(btyd.customers), btyd.customers);
  // As with lifetimes, the spend model is fitted on repeat buyers with a positive mean spend; the
  // others (repeat days with zero amounts) still get a prediction (it shrinks towards the mean).
  const spenders = btyd.customers.filter((c) => c.frequency > 0 && c.monetaryValue > 0);
  const zeroSpend = btyd.customers.filter((c) => c.frequency > 0).length - spenders.length;
  const gg = step("fitGammaGamma", () => fitGammaGamma(spenders), spenders);
  const warnings = convergenceWarnings(
    [
      { step: "fitBgNbd", model: "BG/NBD purchase", diagnostics: bg.diagnostics },
      { step: "fitGammaGamma", model: "Gamma-Gamma spend", diagnostics: gg.diagnostics },
    ],
    allowUnconverged,
  );
  // the fits themselves, so that predictedClv's own convergence check sees them too
  const clv = step("predictedClv", () => predictedClv(bg, gg, btyd.customers, { periodsPerMonth: WEEKS_PER_MONTH, months, monthlyDiscountRate, allowUnconverged }), btyd.customers);
  return {
    values: new Map(clv.customers.map((c) => [c.customerId, c.clv * margin])),
    meta: {
      method: "predicted",
      margin,
      timeUnit: "week",
      periodsPerMonth: WEEKS_PER_MONTH,
      months,
      monthlyDiscountRate,
      bgNbd: { params: bg.params, logLikelihood: bg.logLikelihood, diagnostics: bg.diagnostics },
      gammaGamma: { params: gg.params, logLikelihood: gg.logLikelihood, meanSpendFinite: gg.meanSpendFinite, diagnostics: gg.diagnostics, repeatBuyers: spenders.length, repeatBuyersWithoutSpend: zeroSpend },
    },
    warnings,
    notes: zeroSpend > 0 ? [`the Gamma-Gamma spend model was fitted on ${fmtCount(spenders.length)} repeat buyers; ${fmtCount(zeroSpend)} repeat buyer${zeroSpend === 1 ? "" : "s"} with zero mean spend ${zeroSpend === 1 ? "was" : "were"} left out of the fit (they are still predicted)`] : [],
  };
}

/** `quadrants`: CLV quadrants, current value × potential value. */
export const quadrantsCommand: Command = {
  name: "quadrants",
  summary: "CLV quadrants: current value × potential value (formula or predicted CLV)",
  description:
    "One record per customer: current (net amount × --margin), potential, quadrant (most_valuable, loyal, potential, low_value) and a label (--labels en|zh); each axis is split at its mean (--thresholds median for the median). The potential value is either\n" +
    "  --potential formula (default): the margin per --period so far (historical value ÷ periods of tenure) continued with a retention rate, m·r/(1+d−r) (or over --horizon periods); needs --retention and --discount-rate per period;\n" +
    "  --potential predicted: the next --months' value predicted by BG/NBD and Gamma-Gamma models fitted to these transactions (weekly, as Python lifetimes), discounted at --monthly-discount-rate.",
  examples: [
    "crm-analytics quadrants orders.csv --as-of 2024-06-30 --retention 0.8 --discount-rate 0.1",
    "crm-analytics quadrants orders.csv --as-of 2024-06-30 --potential predicted --months 12 --summary",
  ],
  needs: "summaries",
  // the predicted potential reads the transactions (weekly BTYD summaries)
  streams: (values) => values.potential !== "predicted",
  options: {
    potential: { type: "string", arg: "formula|predicted", help: "how the potential value is computed (default formula)" },
    margin: { type: "string", arg: "RATE", help: "margin rate in (0, 1] applied to the amounts (default 1: amounts are margins)" },
    retention: { type: "string", arg: "R", help: "formula: retention rate per period (e.g. 0.8)" },
    "discount-rate": { type: "string", arg: "D", help: "formula: discount rate per period (e.g. 0.1)" },
    horizon: { type: "string", arg: "T", help: "formula: sum over T periods instead of an infinite horizon" },
    period: { type: "string", arg: "day|week|month|year", help: "formula: the period of the rates (default year)" },
    months: { type: "string", arg: "N", help: "predicted: horizon in months (default 12)" },
    "monthly-discount-rate": { type: "string", arg: "D", help: "predicted: discount rate per month (default 0.01)" },
    "allow-unconverged": { type: "boolean", help: "predicted: use models whose fit did not converge (a warning on stderr) instead of stopping" },
    thresholds: { type: "string", arg: "mean|median", help: "split each axis at its mean (default) or median" },
    ties: { type: "string", arg: "low|high", help: "a value equal to the threshold is low (default) or high" },
    labels: LABELS_OPTION,
    summary: SUMMARY_OPTION,
  },
  prepare(values) {
    const method = choice(values, "potential", ["formula", "predicted"] as const, "formula");
    const margin = numberOption(values, "margin", { min: 0, max: 1, exclusiveMin: true }) ?? 1;
    const thresholds = choice(values, "thresholds", ["mean", "median"] as const);
    const ties = choice(values, "ties", ["low", "high"] as const);
    const lang = choice(values, "labels", ["en", "zh"] as const, "en");
    for (const name of method === "formula" ? ["months", "monthly-discount-rate", "allow-unconverged"] : ["retention", "discount-rate", "horizon", "period"]) {
      if (values[name] !== undefined) throw new UsageError(`--${name} does not apply to --potential ${method}`);
    }
    const settings = method === "formula" ? formulaSettings(values) : predictedSettings(values);
    return (input) => {
      if (input.kind !== "summaries") throw new Error("quadrants: needs summaries");
      const potential = "retention" in settings ? formulaPotential(input, settings, margin) : predictedPotential(input, settings, margin);
      const rows = input.customers.map((c) => ({ customerId: c.customerId, current: c.monetary * margin, potential: potential.values.get(c.customerId) ?? Number.NaN }));
      const options = { current: "current", potential: "potential", ...(thresholds ? { thresholds } : {}), ...(ties ? { ties } : {}) };
      const { customers, meta } = step("clvQuadrants", () => clvQuadrants(rows, options), rows);
      const allMeta = { ...meta, potential: potential.meta };
      if (values.summary) {
        const records = CLV_QUADRANTS.map((q) => ({
          quadrant: q.id,
          label: labelOf(CLV_QUADRANTS, q.id, lang),
          current: q.current,
          potential: q.potential,
          customers: meta.counts[q.id],
          share: meta.counts[q.id] / meta.customers,
        }));
        return { records, meta: allMeta, notes: potential.notes, warnings: potential.warnings };
      }
      return { records: customers.map((q) => ({ ...q, label: labelOf(CLV_QUADRANTS, q.quadrant, lang) })), meta: allMeta, notes: potential.notes, warnings: potential.warnings };
    };
  },
};
