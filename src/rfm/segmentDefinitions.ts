/** A segment's display data: stable ASCII id, English and Chinese labels, recommended action. */
export interface SegmentDefinition {
  readonly id: string;
  readonly label: string;
  readonly labelZh: string;
  readonly action: string;
  readonly actionZh: string;
}

/** One of the eight classic segments, with its high/low pattern over R, F, M. */
export interface ClassicSegmentDefinition extends SegmentDefinition {
  /** `H`/`L` for recency, frequency, monetary; R is high when the last purchase is recent. */
  readonly pattern: "HHH" | "LHH" | "HLH" | "LLH" | "HHL" | "LHL" | "HLL" | "LLL";
}

/** Ids of the eight classic RFM segments. */
export type ClassicSegmentId =
  | "important_value"
  | "important_retain"
  | "important_develop"
  | "important_win_back"
  | "general_value"
  | "general_retain"
  | "general_develop"
  | "general_win_back";

/**
 * The eight classic RFM segments of Chinese CRM practice (重要价值客户 … 一般挽留客户): each of R, F, M is
 * high or low against a threshold. Listed from most to least valuable; this is also the order of
 * segment summaries.
 */
export const CLASSIC_SEGMENTS: readonly (ClassicSegmentDefinition & { readonly id: ClassicSegmentId })[] = Object.freeze([
  {
    id: "important_value",
    pattern: "HHH",
    label: "Important value",
    labelZh: "重要价值客户",
    action: "Best customers: recent, frequent, high spend. Reward and retain them with premium service.",
    actionZh: "最优质客户：保持关系，提供VIP服务与专属权益。",
  },
  {
    id: "important_retain",
    pattern: "LHH",
    label: "Important retain",
    labelZh: "重要保持客户",
    action: "High value but lapsing: contact them before they leave.",
    actionZh: "价值高但近期未购买：主动联系，防止流失。",
  },
  {
    id: "important_develop",
    pattern: "HLH",
    label: "Important develop",
    labelZh: "重要发展客户",
    action: "Recent big spenders who buy rarely: raise their purchase frequency.",
    actionZh: "近期消费且金额高但频次低：提升购买频次。",
  },
  {
    id: "important_win_back",
    pattern: "LLH",
    label: "Important win-back",
    labelZh: "重要挽留客户",
    action: "Big spenders who have gone quiet: win them back with personal outreach.",
    actionZh: "消费金额高但久未购买且频次低：重点挽留，个性化召回。",
  },
  {
    id: "general_value",
    pattern: "HHL",
    label: "General value",
    labelZh: "一般价值客户",
    action: "Recent and frequent but low spend: up-sell and cross-sell.",
    actionZh: "近期常买但金额低：推荐高价值商品，提升客单价。",
  },
  {
    id: "general_retain",
    pattern: "LHL",
    label: "General retain",
    labelZh: "一般保持客户",
    action: "Frequent low spenders who are lapsing: low-cost reminders.",
    actionZh: "频次高但金额低且久未购买：低成本提醒维系。",
  },
  {
    id: "general_develop",
    pattern: "HLL",
    label: "General develop",
    labelZh: "一般发展客户",
    action: "New or occasional low spenders: nurture with onboarding offers.",
    actionZh: "新客或偶尔购买的小额客户：培育与引导复购。",
  },
  {
    id: "general_win_back",
    pattern: "LLL",
    label: "General win-back",
    labelZh: "一般挽留客户",
    action: "Low value and inactive: low-cost reactivation, or let go.",
    actionZh: "价值低且不活跃：低成本唤醒或放弃。",
  },
]);

/** A score-range rule: a customer matches when each score lies in its inclusive range. */
export interface SegmentRule {
  /** Stable id of the segment (ASCII recommended). */
  readonly id: string;
  readonly label?: string;
  readonly labelZh?: string;
  /** Inclusive `[lower, upper]` bounds on the recency, frequency and monetary scores. */
  readonly recency: readonly [number, number];
  readonly frequency: readonly [number, number];
  readonly monetary: readonly [number, number];
}

const rule = (
  id: string,
  label: string,
  labelZh: string,
  recency: [number, number],
  frequency: [number, number],
  monetary: [number, number],
): SegmentRule => Object.freeze({ id, label, labelZh, recency, frequency, monetary });

/**
 * The ten segments of the R `rfm` 0.3.0 README/vignette ("RFM - Introduction"), in its order (first
 * match wins, inclusive bounds); unmatched customers are "Others".
 */
export const R_RFM_README_SCHEME: readonly SegmentRule[] = Object.freeze([
  rule("champions", "Champions", "冠军客户", [5, 5], [5, 5], [5, 5]),
  rule("potential_loyalist", "Potential Loyalist", "潜在忠诚客户", [3, 5], [3, 5], [2, 5]),
  rule("loyal_customers", "Loyal Customers", "忠诚客户", [2, 4], [2, 4], [2, 4]),
  rule("promising", "Promising", "有潜力客户", [3, 4], [1, 3], [3, 5]),
  rule("new_customers", "New Customers", "新客户", [4, 5], [1, 3], [1, 5]),
  rule("cant_lose_them", "Can't Lose Them", "不能失去的客户", [1, 2], [3, 4], [4, 5]),
  rule("at_risk", "At Risk", "有流失风险客户", [1, 2], [2, 5], [4, 5]),
  rule("need_attention", "Need Attention", "需要关注客户", [1, 3], [3, 5], [3, 5]),
  rule("about_to_sleep", "About To Sleep", "即将沉睡客户", [2, 3], [1, 3], [1, 4]),
  rule("lost", "Lost", "已流失客户", [1, 1], [1, 5], [1, 5]),
]);

/** The ten segments used in the R `rfm` 0.3.0 test suite (`test-rfm-segment.R`), in its order. */
export const R_RFM_TESTS_SCHEME: readonly SegmentRule[] = Object.freeze([
  rule("champions", "Champions", "冠军客户", [4, 5], [4, 5], [4, 5]),
  rule("loyal_customers", "Loyal Customers", "忠诚客户", [2, 5], [3, 5], [3, 5]),
  rule("potential_loyalist", "Potential Loyalist", "潜在忠诚客户", [3, 5], [1, 3], [1, 3]),
  rule("new_customers", "New Customers", "新客户", [4, 5], [1, 1], [1, 1]),
  rule("promising", "Promising", "有潜力客户", [3, 4], [1, 1], [1, 1]),
  rule("need_attention", "Need Attention", "需要关注客户", [2, 3], [2, 3], [2, 3]),
  rule("about_to_sleep", "About To Sleep", "即将沉睡客户", [2, 3], [1, 2], [1, 2]),
  rule("at_risk", "At Risk", "有流失风险客户", [1, 2], [2, 5], [2, 5]),
  rule("cant_lose_them", "Can't Lose Them", "不能失去的客户", [1, 1], [4, 5], [4, 5]),
  rule("lost", "Lost", "已流失客户", [1, 2], [1, 2], [1, 2]),
]);

/** The segment of customers no rule matches. */
export const OTHERS_SEGMENT: SegmentDefinition = Object.freeze({
  id: "others",
  label: "Others",
  labelZh: "其他客户",
  action: "No rule matched: review the scheme's coverage.",
  actionZh: "未匹配任何规则：检查分群规则是否完整。",
});
