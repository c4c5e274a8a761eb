// Small hand-checked inputs shared by the chart tests.
import { deepFreeze } from "../helpers/arbitraries.js";

/** Four segment rows: 100 customers, revenue 10,000. */
export const segmentRows = deepFreeze([
  { segment: "important_value", label: "Important value", labelZh: "重要价值客户", customers: 20, revenue: 6000 },
  { segment: "important_retain", label: "Important retain", labelZh: "重要保持客户", customers: 10, revenue: 2000 },
  { segment: "general_develop", label: "General develop", labelZh: "一般发展客户", customers: 50, revenue: 1500 },
  { segment: "general_win_back", label: "General win-back", labelZh: "一般挽留客户", customers: 20, revenue: 500 },
]);
