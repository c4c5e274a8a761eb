import type { SegmentDefinition, SegmentRule } from "./segmentDefinitions.js";

/** One segment of an RFM grid: its display data and the score cells (`"543"` = R 5, F 4, M 3) it holds. */
export interface RfmGridSegment extends SegmentDefinition {
  readonly cells: readonly string[];
}

/** A preset RFM grid: every R × F × M cell of 1..`bins` scores in exactly one segment. */
export interface RfmGrid {
  /** `"rfm-11"` or `"rfm-3"`. */
  readonly id: "rfm-11" | "rfm-3";
  /** Scores per dimension (5 or 3). */
  readonly bins: 3 | 5;
  /** Segments, most valuable first (the order of summaries). */
  readonly segments: readonly RfmGridSegment[];
  /** Where the cell lists come from. */
  readonly source: string;
}

const seg = (id: string, label: string, labelZh: string, action: string, actionZh: string, cells: string): RfmGridSegment =>
  Object.freeze({ id, label, labelZh, action, actionZh, cells: Object.freeze(cells.split(/[ ,]+/).filter((c) => c !== "")) });

/**
 * The widely used **11-segment RFM grid** on 1–5 scores (Champions … Lost): 125 cells, each in exactly
 * one segment. Cell lists as published in Spotler Activate's RFM app documentation ("App RFM",
 * https://activate.spotler.help/hc/en-gb/articles/21259717715090-App-RFM), the same table that
 * Bloomreach Engagement's "RFM segmentation" guide uses for its 11 segments and many public RFM
 * notebooks copy. Use it with `segmentRfmGrid` (`grid: "rfm-11"`). See docs/segments.md.
 *
 * @example
 * RFM_ELEVEN_SEGMENT_GRID.segments.map((s) => s.cells.length).reduce((a, b) => a + b); //=> 125
 * RFM_ELEVEN_SEGMENT_GRID.segments.find((s) => s.cells.includes("155")).label; //=> "Can't lose them"
 */
export const RFM_ELEVEN_SEGMENT_GRID: RfmGrid = Object.freeze({
  id: "rfm-11",
  bins: 5,
  source: "Spotler Activate, App RFM (https://activate.spotler.help/hc/en-gb/articles/21259717715090-App-RFM); Bloomreach Engagement, RFM segmentation",
  segments: Object.freeze([
    seg("champions", "Champions", "冠军客户", "Bought recently, buy often and spend the most: reward them, early access, ask for reviews.", "最近购买、购买频繁、消费最高：给予回馈与优先体验，邀请评价与推荐。", "555, 554, 544, 545, 454, 455, 445"),
    seg("loyal", "Loyal", "忠诚客户", "Buy regularly with good spend: up-sell, loyalty programme, ask for feedback.", "经常购买且消费良好：向上销售，纳入会员计划，征求反馈。", "543, 444, 435, 355, 354, 345, 344, 335"),
    seg("potential_loyalist", "Potential loyalist", "潜在忠诚客户", "Recent customers with average frequency: offer membership and recommendations.", "近期购买、频次中等：推荐会员与个性化商品，促其成为忠诚客户。", "553, 551, 552, 541, 542, 533, 532, 531, 452, 451, 442, 441, 431, 453, 433, 432, 423, 353, 352, 351, 342, 341, 333, 323"),
    seg("new_customers", "New customers", "新客户", "Bought recently, not often: onboarding and a reason for a second purchase.", "最近首次或少量购买：做好新客引导，促成第二次购买。", "512, 511, 422, 421, 412, 411, 311"),
    seg("promising", "Promising", "有潜力客户", "Recent buyers with higher spend but few orders: build the relationship, free trials.", "近期购买、金额较高但次数少：建立关系，提供体验与试用。", "525, 524, 523, 522, 521, 515, 514, 513, 425, 424, 413, 414, 415, 315, 314, 313"),
    seg("need_attention", "Need attention", "需要关注客户", "Above-average customers slipping a little: limited-time offers based on their history.", "高于平均但开始降温：基于购买记录推送限时优惠。", "535, 534, 443, 434, 343, 334, 325, 324"),
    seg("about_to_sleep", "About to sleep", "即将沉睡客户", "Below-average recency and frequency: reconnect with popular products and discounts.", "近度与频次低于平均：以热门商品与折扣重新建立联系。", "331, 321, 312, 221, 213, 231, 241, 251"),
    seg("at_risk", "At risk", "有流失风险客户", "Spent well and bought often, but long ago: personal win-back messages and offers.", "曾经消费高、购买多，但已久未购买：个性化召回与优惠。", "255, 254, 245, 244, 253, 252, 243, 242, 235, 234, 225, 224, 153, 152, 145, 143, 142, 135, 134, 133, 125, 124"),
    seg("cant_lose_them", "Can't lose them", "不能失去的客户", "Once among the best, now gone quiet: win them back with renewals or new products, talk to them.", "曾是最佳客户但已沉寂：以新品或续约召回，主动沟通。", "155, 154, 144, 214, 215, 115, 114, 113"),
    seg("hibernating", "Hibernating", "休眠客户", "Last purchase long ago, few orders, low spend: relevant offers at low cost.", "久未购买、次数少、金额低：低成本推送相关商品。", "332, 322, 233, 232, 223, 222, 132, 123, 122, 212, 211"),
    seg("lost", "Lost", "已流失客户", "Lowest on every score: revive with outreach, otherwise let them go.", "各项得分最低：尝试唤醒，否则放弃投入。", "111, 112, 121, 131, 141, 151"),
  ]),
});

const rule = (id: string, label: string, labelZh: string, recency: [number, number], frequency: [number, number], monetary: [number, number]): SegmentRule =>
  Object.freeze({ id, label, labelZh, recency, frequency, monetary });

/**
 * A **3-level RFM scheme** (scores 1–3: low, middle, high), the kind CRM tools show: eight segments
 * as non-overlapping score-range rules that cover all 27 cells. A rule scheme: use it with
 * `segmentRfm(customers, { scheme: "custom", rules: RFM_THREE_LEVEL_SCHEME, scoring: { bins: 3 } })`
 * or with `segmentRfmGrid` (`grid: "rfm-3"`, with actions). See docs/segments.md.
 *
 * @example
 * segmentRfm(
 *   [{ customerId: "a", recencyDays: 3, frequency: 9, monetary: 900 }, { customerId: "b", recencyDays: 200, frequency: 1, monetary: 20 }, { customerId: "c", recencyDays: 40, frequency: 3, monetary: 300 }],
 *   { scheme: "custom", rules: RFM_THREE_LEVEL_SCHEME, scoring: { bins: 3 } },
 * ).customers.map((c) => c.segment); //=> ["champions", "lost", "need_attention"]
 */
export const RFM_THREE_LEVEL_SCHEME: readonly SegmentRule[] = Object.freeze([
  rule("champions", "Champions", "冠军客户", [3, 3], [2, 3], [2, 3]),
  rule("loyal", "Loyal", "忠诚客户", [3, 3], [2, 3], [1, 1]),
  rule("new_customers", "New customers", "新客户", [3, 3], [1, 1], [1, 3]),
  rule("need_attention", "Need attention", "需要关注客户", [2, 2], [2, 3], [1, 3]),
  rule("about_to_sleep", "About to sleep", "即将沉睡客户", [2, 2], [1, 1], [1, 3]),
  rule("at_risk", "At risk", "有流失风险客户", [1, 1], [2, 3], [2, 3]),
  rule("hibernating", "Hibernating", "休眠客户", [1, 1], [2, 3], [1, 1]),
  rule("lost", "Lost", "已流失客户", [1, 1], [1, 1], [1, 3]),
]);

const THREE_LEVEL_ACTIONS: Record<string, [string, string]> = {
  champions: ["Recent, repeat, good spend: reward and retain.", "近期、复购、消费良好：回馈并维系。"],
  loyal: ["Recent repeat buyers with low spend: up-sell and cross-sell.", "近期复购但金额低：向上与交叉销售。"],
  new_customers: ["Recent first-time buyers: onboarding, a second purchase.", "近期新客：引导与促成复购。"],
  need_attention: ["Repeat buyers cooling down: timely reminders and offers.", "复购客户开始降温：及时提醒与优惠。"],
  about_to_sleep: ["One purchase some time ago: reactivate at low cost.", "一段时间前仅购买一次：低成本唤醒。"],
  at_risk: ["Valuable repeat buyers gone quiet: personal win-back.", "高价值复购客户已沉寂：个性化挽回。"],
  hibernating: ["Low-spend repeat buyers gone quiet: low-cost reminders.", "低消费复购客户已沉寂：低成本提醒。"],
  lost: ["One purchase long ago: let go or a last low-cost try.", "很久前仅购买一次：放弃或最后一次低成本尝试。"],
};

/** The cells of 1..bins scores a rule holds. */
function cellsOf(r: SegmentRule): string[] {
  const out: string[] = [];
  for (let a = r.recency[0]; a <= r.recency[1]; a++) for (let b = r.frequency[0]; b <= r.frequency[1]; b++) for (let c = r.monetary[0]; c <= r.monetary[1]; c++) out.push(`${a}${b}${c}`);
  return out;
}

/**
 * {@link RFM_THREE_LEVEL_SCHEME} as a grid: its 8 segments with their 27 cells and actions.
 *
 * @example
 * RFM_THREE_LEVEL_GRID.segments.find((s) => s.id === "at_risk").cells; //=> ["122", "123", "132", "133"]
 */
export const RFM_THREE_LEVEL_GRID: RfmGrid = Object.freeze({
  id: "rfm-3",
  bins: 3,
  source: "crm-analytics (a 3-level scheme in the style of CRM tools; rules in RFM_THREE_LEVEL_SCHEME)",
  segments: Object.freeze(
    RFM_THREE_LEVEL_SCHEME.map((r) =>
      Object.freeze({ id: r.id, label: r.label as string, labelZh: r.labelZh as string, action: THREE_LEVEL_ACTIONS[r.id][0], actionZh: THREE_LEVEL_ACTIONS[r.id][1], cells: Object.freeze(cellsOf(r)) }),
    ),
  ),
});
