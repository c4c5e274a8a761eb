/**
 * The one number-formatting vocabulary of the command line's output (cli/output.ts), the notebook
 * tables (charts/tableDisplay.ts) and the HTML report (report/html.ts): the class of a column by its
 * name (money, share, measure), decimal rounding half away from zero on the shortest decimal (`1.005`
 * → `"1.01"`, where `toFixed` gives `"1.00"`), percentages and grouped thousands as text, and the
 * display width of text in a terminal (East Asian wide characters count twice).
 */

/**
 * How a numeric column is rounded: `money` (amounts, revenue, values, CLV) to the money decimals
 * (`--precision N`, default 2: cents); `share` (shares, rates, retention, probabilities) and
 * `measure` (every other number: means of days or counts, distances, scores) to N + 2 decimals
 * (default 4). Integers are never changed.
 */
export type NumberClass = "money" | "share" | "measure";

/**
 * The class of every column the commands print, by name. A column not listed here is classed by the
 * words of its name ({@link columnClass}), so that a new command's `lostRevenue` or `churnProbability`
 * is rounded as money or as a share without being listed.
 */
export const COLUMN_CLASSES: Readonly<Record<string, NumberClass>> = {
  // money
  monetary: "money",
  revenue: "money",
  amount: "money",
  value: "money",
  current: "money",
  potential: "money",
  clv: "money",
  averageOrderValue: "money",
  meanMonetary: "money",
  revenueFromPrevious: "money",
  // shares and rates (fractions of 1)
  share: "share",
  valueShare: "share",
  cumulativeShare: "share",
  revenueShare: "share",
  revenueRetention: "share",
  churnRate: "share",
  retentionRate: "share",
  repurchaseRate: "share",
  repeatPurchaseRate: "share",
  // other measures
  meanRecencyDays: "measure",
  meanFrequency: "measure",
  meanR: "measure",
  meanF: "measure",
  meanM: "measure",
  distance: "measure",
  amountTrend: "measure",
  gapTrend: "measure",
};

/** Words that make a column a share or rate wherever they appear in its name (`valueShare`, `churn_probability`). */
const SHARE_WORDS = new Set(["share", "shares", "rate", "rates", "retention", "ratio", "fraction", "probability", "percent", "pct"]);
/** Words that make a column money (`lostRevenue`, `predictedClv`, `avg_order_value`) unless a share word is also there. */
const MONEY_WORDS = new Set(["monetary", "revenue", "amount", "value", "clv", "spend", "price", "margin", "sales", "cost", "profit"]);

/** Last words that make a column a measure even with a money word in it (`amountTrend`, `valueRank`, `revenueGrowth`). */
const MEASURE_LAST_WORDS = new Set(["trend", "growth", "index", "score", "rank", "count", "days", "z"]);

/** The lower-case words of a camelCase, snake_case or kebab-case name. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

/**
 * The rounding class of a column: {@link COLUMN_CLASSES} when listed; else `share` when a word of the
 * name is a share word (share, rate, retention, ratio, fraction, probability, percent); `measure` when
 * the last word is trend, growth, index, score, rank, count, days or z; `money` when a word is a
 * money word (monetary, revenue, amount, value, clv, spend, price, margin, sales, cost, profit);
 * `measure` otherwise.
 */
export function columnClass(name: string): NumberClass {
  if (Object.hasOwn(COLUMN_CLASSES, name)) return COLUMN_CLASSES[name];
  const words = wordsOf(name);
  if (words.some((w) => SHARE_WORDS.has(w))) return "share";
  if (MEASURE_LAST_WORDS.has(words[words.length - 1])) return "measure";
  if (words.some((w) => MONEY_WORDS.has(w))) return "money";
  return "measure";
}

/**
 * `x` rounded to `decimals` decimals, as fixed-point text (`"1.01"`, `"-0.50"`, `"12"`): half away
 * from zero on the shortest decimal that reads back as `x` (the digits JavaScript prints for it), so
 * `1.005` → `"1.01"` and `2.675` → `"2.68"` as written, although the doubles nearest to them lie just
 * below. Never `-0`: a negative number that rounds to zero is `"0"` (with its decimals).
 * @throws {RangeError} For a non-finite `x` or `decimals` not an integer in [0, 100].
 */
export function toFixedHalfAway(x: number, decimals: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`toFixedHalfAway: expected a finite number, got ${x}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) throw new RangeError(`toFixedHalfAway: decimals must be an integer in [0, 100], got ${decimals}`);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x)))!;
  let digits = m[1] + (m[2] ?? "");
  // the decimal point sits after `point` digits of `digits`
  let point = m[1].length + (m[3] !== undefined ? Number(m[3]) : 0);
  if (point < 1) {
    digits = "0".repeat(1 - point) + digits;
    point = 1;
  }
  const keep = point + decimals;
  let kept: string;
  if (keep >= digits.length) kept = digits.padEnd(keep, "0");
  else {
    kept = digits.slice(0, keep);
    if (digits.charCodeAt(keep) >= 53 /* "5" */) kept = increment(kept);
    if (kept.length > keep) point++; // 9.995 → 10.00
  }
  const intPart = kept.slice(0, point).replace(/^0+(?=\d)/, "");
  const text = decimals > 0 ? `${intPart}.${kept.slice(point)}` : intPart;
  return x < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}

/** A string of decimal digits plus one (`"0999"` → `"1000"`, `"99"` → `"100"`). */
function increment(digits: string): string {
  const out = digits.split("");
  let i = out.length - 1;
  while (i >= 0 && out[i] === "9") out[i--] = "0";
  if (i < 0) return `1${out.join("")}`;
  out[i] = String(Number(out[i]) + 1);
  return out.join("");
}

/**
 * `x` rounded to `decimals` decimals by {@link toFixedHalfAway} (`59419.340000000004` → `59419.34`);
 * integers, non-finite numbers and numbers with no more decimals are returned as they are (`-0` as 0).
 */
export function roundHalfAway(x: number, decimals: number): number {
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  if (!Number.isFinite(x)) return x;
  // Fast path, exact: x·10^d is within |x·10^d|·2^-53 of both x's and its shortest decimal's scaled
  // values, so away from a half the integer they round to is the same; n / 10^d (both exact, d ≤ 22)
  // is then the double nearest the decimal n·10^-d, as Number() of its text would give.
  if (decimals <= 22) {
    const p = 10 ** decimals;
    const a = Math.abs(x) * p;
    if (a < 2 ** 52) {
      const floor = Math.floor(a);
      const f = a - floor;
      if (Math.abs(f - 0.5) > a * 2 ** -50 + 2 ** -60) {
        const r = ((f > 0.5 ? floor + 1 : floor) / p) * Math.sign(x);
        return r === 0 ? 0 : r;
      }
    }
  }
  const r = Number(toFixedHalfAway(x, decimals));
  return r === 0 ? 0 : r;
}

/**
 * Whether a code point is East Asian wide or full-width (Hangul Jamo, CJK, Hangul syllables, CJK
 * compatibility, full-width forms): two columns in a terminal, about 1 em in a chart.
 */
export function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6)
  );
}

/** Display width of text in a terminal (wide CJK characters count twice, {@link isWide}). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

/** Digits grouped by thousands with commas: `"1234567.5"` → `"1,234,567.5"` (the integer part only; a sign kept). */
export function groupThousands(text: string): string {
  const dot = text.indexOf(".");
  const int = dot < 0 ? text : text.slice(0, dot);
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (dot < 0 ? "" : text.slice(dot));
}

/**
 * The percentage of a share as decimal text with `decimals` decimals, without a `%` (`0.249` → `"24.9"`):
 * the share rounded half away from zero to `decimals + 2` decimals and its decimal point moved two
 * places, so no `× 100` rounding error (`0.5005` → `"50.1"`, where `Math.round(0.5005 * 1000) / 10`
 * gives 50). Never `-0.0`.
 * @throws {RangeError} For a non-finite share or bad `decimals` ({@link toFixedHalfAway}).
 */
export function percentDigits(share: number, decimals = 1): string {
  const text = toFixedHalfAway(share, decimals + 2);
  const negative = text.startsWith("-");
  const [int, frac] = (negative ? text.slice(1) : text).split(".");
  const digits = (int + frac.slice(0, 2)).replace(/^0+(?=\d)/, "");
  return `${negative ? "-" : ""}${digits}${decimals > 0 ? `.${frac.slice(2)}` : ""}`;
}

/**
 * A share as a percentage for people (`0.249` → `"24.9%"`, {@link percentDigits}), except that a share
 * strictly between 0 and 1 never shows as `"0.0%"` or `"100.0%"` (the smallest step above 0 or below
 * 100 instead: `"0.1%"`, `"99.9%"`), nor a negative share as `"0.0%"` (`"-0.1%"`).
 * @throws {RangeError} For a non-finite share or bad `decimals` ({@link toFixedHalfAway}).
 */
export function percentText(share: number, decimals = 1): string {
  const shown = percentDigits(share, decimals);
  const step = decimals > 0 ? `0.${"0".repeat(decimals - 1)}1` : "1";
  if (!/[1-9]/.test(shown) && share !== 0) return `${share < 0 ? "-" : ""}${step}%`;
  if (share > 0 && share < 1 && /^100(\.0*)?$/.test(shown)) return `${decimals > 0 ? `99.${"9".repeat(decimals)}` : "99"}%`;
  return `${shown}%`;
}
