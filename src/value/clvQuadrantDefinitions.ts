// The quadrant definitions on their own, so that chart code can label quadrants without loading the
// analysis (and its zod schemas).
import type { MatrixCell } from "./twoByTwo.js";

/** The four CLV quadrants (current value × potential value). */
export const CLV_QUADRANTS: readonly (MatrixCell & { readonly quadrant: "I" | "II" | "III" | "IV"; readonly current: "high" | "low"; readonly potential: "high" | "low" })[] = Object.freeze([
  { id: "most_valuable", quadrant: "IV", current: "high", potential: "high", label: "Most valuable", labelZh: "最有价值客户", action: "Retain at all cost: dedicated service, loyalty rewards.", actionZh: "当前价值和潜在价值都高：不惜成本留住，提供专属服务和忠诚度奖励。" },
  { id: "loyal", quadrant: "III", current: "high", potential: "low", label: "Loyal, little growth", labelZh: "次价值客户", action: "Keep them: maintain the relationship at a reasonable cost.", actionZh: "当前价值高但增长空间小：以合理成本维护好关系。" },
  { id: "potential", quadrant: "II", current: "low", potential: "high", label: "Potential", labelZh: "潜在价值客户", action: "Develop: up-sell and cross-sell to realise the potential.", actionZh: "当前价值低但潜力大：重点培育，通过向上销售和交叉销售释放潜力。" },
  { id: "low_value", quadrant: "I", current: "low", potential: "low", label: "Low value", labelZh: "低价值客户", action: "Serve at low cost (self-service, automation).", actionZh: "当前价值和潜在价值都低：以低成本方式服务（自助服务、自动化）。" },
]);
