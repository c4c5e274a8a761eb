// The quadrant definitions on their own, so that chart code can label quadrants without loading the
// analysis (and its zod schemas).
import type { MatrixCell } from "./twoByTwo.js";

/** The four CLV quadrants (current value × potential value). */
export const CLV_QUADRANTS: readonly (MatrixCell & { readonly quadrant: "I" | "II" | "III" | "IV"; readonly current: "high" | "low"; readonly potential: "high" | "low" })[] = Object.freeze([
  { id: "most_valuable", quadrant: "IV", current: "high", potential: "high", label: "Most valuable", labelZh: "最有价值客户", action: "Retain at all cost: dedicated service, loyalty rewards." },
  { id: "loyal", quadrant: "III", current: "high", potential: "low", label: "Loyal, little growth", labelZh: "次价值客户", action: "Keep them: maintain the relationship at a reasonable cost." },
  { id: "potential", quadrant: "II", current: "low", potential: "high", label: "Potential", labelZh: "潜在价值客户", action: "Develop: up-sell and cross-sell to realise the potential." },
  { id: "low_value", quadrant: "I", current: "low", potential: "low", label: "Low value", labelZh: "低价值客户", action: "Serve at low cost (self-service, automation)." },
]);
