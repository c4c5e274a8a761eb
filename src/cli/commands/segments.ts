import { CLASSIC_SEGMENTS, OTHERS_SEGMENT, R_RFM_README_SCHEME, R_RFM_TESTS_SCHEME, segmentRfm, type SegmentRfmOptions } from "../../rfm/index.js";
import { choice, LABELS_OPTION, labelOf, SUMMARY_OPTION, type Command } from "../command.js";
import { UsageError } from "../errors.js";
import { step } from "../issues.js";
import { SCORING_OPTIONS, scoringOptions } from "./rfm.js";
import { gridSegments } from "./segmentsGrid.js";

/** `segments`: the eight classic RFM segments, or one of R rfm's ten-segment schemes. */
export const segmentsCommand: Command = {
  name: "segments",
  summary: "RFM segments: the eight classic ones (重要价值客户 …) or R rfm's ten-segment schemes",
  description:
    "One record per customer with its segment id and a label (--labels en|zh). The classic scheme splits each of R, F, M at its mean (--thresholds median for the median); the r-rfm schemes match RFM scores to rules (use --method r-rfm to reproduce R rfm exactly). --summary prints one record per segment (customers, share, orders, revenue, average order value, mean R/F/M).",
  examples: [
    "crm-analytics segments orders.csv --as-of 2024-06-30 --labels zh --bom -o segments.csv",
    "crm-analytics segments orders.csv --as-of 2024-06-30 --scheme r-rfm-readme --method r-rfm --summary",
  ],
  needs: "summaries",
  streams: () => true,
  options: {
    scheme: { type: "string", arg: "classic|r-rfm-readme|r-rfm-tests|rfm-11|rfm-3", help: "segment scheme (default classic); rfm-11: the 11-segment grid on 1-5 scores, rfm-3: 8 segments on 1-3 scores" },
    labels: LABELS_OPTION,
    thresholds: { type: "string", arg: "mean|median", help: "classic scheme: split each dimension at its mean (default) or median" },
    basis: { type: "string", arg: "values|scores", help: "classic scheme: compare raw values (default) or RFM scores" },
    ties: { type: "string", arg: "low|high", help: "classic scheme: a value equal to the threshold is low (default) or high" },
    ...SCORING_OPTIONS,
    summary: SUMMARY_OPTION,
  },
  prepare(values) {
    const scheme = choice(values, "scheme", ["classic", "r-rfm-readme", "r-rfm-tests", "rfm-11", "rfm-3"] as const, "classic");
    if (scheme === "rfm-11" || scheme === "rfm-3") return gridSegments(values, scheme);
    const lang = choice(values, "labels", ["en", "zh"] as const, "en");
    const thresholds = choice(values, "thresholds", ["mean", "median"] as const);
    const basis = choice(values, "basis", ["values", "scores"] as const);
    const ties = choice(values, "ties", ["low", "high"] as const);
    if (scheme !== "classic" && (thresholds || basis || ties)) {
      throw new UsageError(`--thresholds, --basis and --ties apply to --scheme classic only (scheme is ${scheme})`);
    }
    const scoring = scoringOptions(values);
    if (scheme === "classic" && basis !== "scores" && scoring) {
      throw new UsageError("--method and --bins apply to --basis scores or a rule scheme only (the classic scheme compares raw values)");
    }
    const options: SegmentRfmOptions =
      scheme === "classic"
        ? { scheme, ...(thresholds ? { thresholds } : {}), ...(basis ? { basis } : {}), ...(ties ? { ties } : {}), ...(scoring ? { scoring } : {}) }
        : { scheme, ...(scoring ? { scoring } : {}) };
    return (input) => {
      if (input.kind !== "summaries") throw new Error("segments: needs summaries");
      const ids = () => (input.columns !== undefined ? input.columns.customerId.map((customerId) => ({ customerId })) : input.customers);
      const { columns, meta } = step("segmentRfm", () => segmentRfm(input.columns ?? input.customers, { ...options, output: "columns" }), ids);
      // the classic scheme on raw values computes no scores: leave out the all-empty score columns
      const n = columns.customerId.length;
      const scored = n > 0 && columns.r !== null;
      const defs = [...(scheme === "classic" ? CLASSIC_SEGMENTS : scheme === "r-rfm-readme" ? R_RFM_README_SCHEME : R_RFM_TESTS_SCHEME), OTHERS_SEGMENT].map((d) => ({
        id: d.id,
        label: d.label,
        labelZh: d.labelZh,
      }));
      if (values.summary) {
        // one label column in the --labels language; no mean scores when nothing was scored (always empty)
        const records = meta.segments.map(({ labelZh: _zh, ...row }) => {
          const out: Record<string, unknown> = { ...row, label: labelOf(defs, row.segment, lang) };
          if (!scored) for (const k of ["meanR", "meanF", "meanM"]) delete out[k];
          return out;
        });
        return { records, meta };
      }
      // one label per segment id, looked up once
      const labelBySegment = new Map<string, string>();
      const label: string[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const segment = columns.segment[i];
        let text = labelBySegment.get(segment);
        if (text === undefined) labelBySegment.set(segment, (text = labelOf(defs, segment, lang)));
        label[i] = text;
      }
      const { customerId, recencyDays, frequency, monetary, r, f, m, cell, pattern, segment } = columns;
      const fields: Record<string, ArrayLike<unknown> | null> = scored
        ? { customerId, recencyDays, frequency, monetary, r, f, m, cell, pattern, segment, label }
        : { customerId, recencyDays, frequency, monetary, pattern, segment, label };
      const table = { length: n, columns: Object.entries(fields).map(([name, values]) => ({ name, values })) };
      return { records: [], table, meta };
    };
  },
};
