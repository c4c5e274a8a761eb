import { RFM_ELEVEN_SEGMENT_GRID, RFM_THREE_LEVEL_GRID, segmentRfmGrid } from "../../rfm/index.js";
import { choice, labelOf, type CommandInput, type CommandOutput, type OptionValues } from "../command.js";
import { UsageError } from "../errors.js";
import { step } from "../issues.js";
import { scoringOptions } from "./rfm.js";

/** `segments --scheme rfm-11|rfm-3`: the preset RFM grids (segmentRfmGrid), records as the rule schemes print them. */
export function gridSegments(values: OptionValues, grid: "rfm-11" | "rfm-3"): (input: CommandInput) => CommandOutput {
  if (values.thresholds !== undefined || values.basis !== undefined || values.ties !== undefined) {
    throw new UsageError(`--thresholds, --basis and --ties apply to --scheme classic only (scheme is ${grid})`);
  }
  const lang = choice(values, "labels", ["en", "zh"] as const, "en");
  const scoring = scoringOptions(values);
  const defs = (grid === "rfm-11" ? RFM_ELEVEN_SEGMENT_GRID : RFM_THREE_LEVEL_GRID).segments;
  return (input) => {
    if (input.kind !== "summaries") throw new Error("segments: needs summaries");
    const { customers, meta } = step("segmentRfmGrid", () => segmentRfmGrid(input.customers, { grid, ...(scoring ? { scoring } : {}) }), input.customers);
    if (values.summary) {
      const records = meta.segments.map(({ labelZh: _zh, ...row }) => ({ ...row, label: labelOf(defs, row.segment, lang), action: labelOf(defs.map((d) => ({ id: d.id, label: d.action, labelZh: d.actionZh })), row.segment, lang) }));
      return { records, meta };
    }
    const records = customers.map(({ pattern: _p, ...s }) => ({ ...s, label: labelOf(defs, s.segment, lang) }));
    return { records, meta };
  };
}
