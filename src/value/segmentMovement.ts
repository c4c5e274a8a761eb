import { z } from "zod";
import { AnalyticsInputError, describeValue, inputIssue, type InputIssue } from "../errors.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../options.js";
import { fieldReader, readGuarded, readRecords, type RecordField, type RecordText } from "../input/readRecords.js";
import type { FieldAccessor } from "../input/types.js";
import { checkedSum } from "../internal/neumaier.js";

/** Options of {@link segmentMovement}. */
export interface SegmentMovementOptions<Row = any> {
  /**
   * The class of a record: a field name or an accessor (default: the first of `segment`, `tier`,
   * `abcClass`, `stage`, `cluster`, `quadrant`, `cell` that the first record has). Numbers (cluster indexes) are read
   * as their decimal text.
   */
  field?: FieldAccessor<Row>;
  /** Field or accessor of the customer id (default `"customerId"`). */
  customerId?: FieldAccessor<Row>;
  /** Class ids in display order (every class used must be listed); default: first seen in `from`, then `to`. */
  order?: readonly string[];
  /** `order` is a ranking, best first: moves are then `"up"`/`"down"` instead of `"moved"` (needs `order`). */
  ranked?: boolean;
  /** A value per customer (e.g. `"monetary"`) summed per cell at each date; default none. */
  revenue?: FieldAccessor<Row>;
}

/** How a customer moved: same class, another class (up/down when ranked), new at the second date, lost. */
export type SegmentMove = "same" | "moved" | "up" | "down" | "new" | "lost";

/** One customer's classes at the two dates. */
export interface MovementRecord {
  customerId: string;
  /** Class at the first date, or `null` when absent then (a new customer). */
  from: string | null;
  /** Class at the second date, or `null` when absent then (a lost customer). */
  to: string | null;
  move: SegmentMove;
  /** The customer's `revenue` value at each date (`null` when absent then, or without `revenue`). */
  revenueFrom: number | null;
  revenueTo: number | null;
}

/** One cell of the migration matrix: the customers who went from one class to another. */
export interface MovementCell {
  /** Class at the first date; `null`: new customers. */
  from: string | null;
  /** Class at the second date; `null`: lost customers. */
  to: string | null;
  customers: number;
  /** customers ÷ all customers with this `from` (0 when that row is empty). */
  shareOfFrom: number;
  move: SegmentMove;
  /** Σ `revenue` of the cell's customers at the first / second date (0 for absent customers); `null` without `revenue`. */
  revenueFrom: number | null;
  revenueTo: number | null;
}

/** What {@link segmentMovement} compared, and the matrix. */
export interface SegmentMovementMeta {
  /** Customers at either date. */
  customers: number;
  /** Customers at the first / second date. */
  fromCustomers: number;
  toCustomers: number;
  same: number;
  /** Customers present at both dates whose class changed. */
  moved: number;
  /** With `ranked`: moves towards the first / the last class of `order`, else `null`. */
  up: number | null;
  down: number | null;
  new: number;
  lost: number;
  /** Class ids in order (rows and columns of the matrix, before the `null` row/column). */
  classes: string[];
  ranked: boolean;
  /** The class field read (its name, or `"accessor"`). */
  field: string;
  /** Every from × to pair (classes in order, then `null`), empty cells included; no `null` × `null`. */
  cells: MovementCell[];
}

/** Result of {@link segmentMovement}. */
export interface SegmentMovementResult {
  /** One record per customer: `from` customers in input order, then the new ones in `to` order. */
  customers: MovementRecord[];
  meta: SegmentMovementMeta;
}

/** zod schema of {@link SegmentMovementOptions}. */
export const segmentMovementOptionsSchema: OptionsSchema<SegmentMovementOptions> = defineOptions<SegmentMovementOptions>()({
  field: fieldAccessorSchema.optional(),
  customerId: fieldAccessorSchema.optional(),
  order: z
    .array(z.string().min(1))
    .min(1)
    .refine((ids) => new Set(ids).size === ids.length, { message: "expected distinct class ids" })
    .optional(),
  ranked: z.boolean().optional(),
  revenue: fieldAccessorSchema.optional(),
});

/** One date's classification as columns (ids unique, classes non-empty strings). @internal */
export interface Classification {
  source: string;
  /** The class field's name in issue paths. */
  field: string;
  ids: string[];
  classes: string[];
  /** The `revenue` values, when asked for. */
  revenue: Float64Array | null;
}

const CLASS_FIELDS = ["segment", "tier", "abcClass", "stage", "cluster", "quadrant", "cell"] as const;

function materialise<Row>(fn: string, source: string, input: Iterable<Row>): Row[] {
  if (input === null || typeof input !== "object" || typeof (input as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${fn}: ${source} must be an array (or iterable) of records with a customer id and a class, got ${describeValue(input)}`);
  }
  return Array.isArray(input) ? input : Array.from(input);
}

/** Reads one date's records by the one reader; an empty input is allowed (everyone new, or lost). @internal */
export function readClassification<Row>(
  fn: string,
  source: string,
  input: Iterable<Row>,
  field: FieldAccessor<Row>,
  customerId: FieldAccessor<Row> | undefined,
  revenue: FieldAccessor<Row> | undefined,
): Classification {
  const rows = materialise(fn, source, input);
  if (rows.length === 0) return { source, field: "class", ids: [], classes: [], revenue: revenue === undefined ? null : new Float64Array(0) };
  const name = typeof field === "string" ? field : "class";
  const read = fieldReader<unknown>(field as FieldAccessor<unknown>);
  // a class is a non-empty string; a finite number (a cluster index) is read as its decimal text
  const asText = (row: Row, i: number): unknown => {
    const v = read(row, i);
    return typeof v === "number" && Number.isFinite(v) ? String(v) : v;
  };
  if (typeof field === "string") {
    const first = rows[0];
    // a Proxy trap or getter may throw: that is the record's problem, not the caller's exception
    if (first !== null && typeof first === "object" && !readGuarded(fn, "unreadable_field", [source, 0, field], `checking the record for field ${JSON.stringify(field)}`, () => field in first)) {
      throw new AnalyticsInputError(fn, [inputIssue("missing_field", ["fields", field], `field ${JSON.stringify(field)} is not in the ${source} records`)]);
    }
  }
  const { ids, texts, columns } = readRecords(fn, rows, {
    source,
    customerId,
    fields: (revenue === undefined ? {} : { revenue: { field: revenue, name: typeof revenue === "string" ? revenue : "revenue" } }) as { revenue: RecordField<Row> },
    // the text's key names it in issue paths: the class field as the caller calls it
    texts: { [name]: { field: asText, name } } as Record<"cls", RecordText<Row>>,
  });
  const classes = (texts as unknown as Record<string, string[]>)[name];
  return { source, field: name, ids, classes, revenue: revenue === undefined ? null : columns.revenue };
}

/**
 * The migration between two read classifications, in `order` (checked: unknown classes are
 * `invalid_value` naming the customer; `what` names the classes in that message). @internal
 */
export function migrate(fn: string, a: Classification, b: Classification, order: readonly string[], ranked: boolean, what = "classes"): SegmentMovementResult {
  const rank = new Map(order.map((t, i) => [t, i]));
  const issues: InputIssue[] = [];
  let bad = 0;
  for (const p of [a, b]) {
    p.classes.forEach((c, i) => {
      if (!rank.has(c) && bad++ < 20) issues.push(inputIssue("invalid_value", [p.source, i, p.field], `expected one of the ${what} (${order.join(", ")}), got ${describeValue(c)}`, p.ids[i]));
    });
  }
  if (issues.length > 0) throw new AnalyticsInputError(fn, issues, bad);
  const withRevenue = a.revenue !== null && b.revenue !== null;
  const bIndex = new Map<string, number>();
  b.ids.forEach((id, i) => bIndex.set(id, i));
  const aIds = new Set(a.ids);
  const moveOf = (from: string | null, to: string | null): SegmentMove => {
    if (from === null) return "new";
    if (to === null) return "lost";
    if (from === to) return "same";
    if (!ranked) return "moved";
    return (rank.get(to) as number) < (rank.get(from) as number) ? "up" : "down";
  };
  const customers: MovementRecord[] = [];
  a.ids.forEach((id, i) => {
    const j = bIndex.get(id);
    const to = j === undefined ? null : b.classes[j];
    customers.push({
      customerId: id,
      from: a.classes[i],
      to,
      move: moveOf(a.classes[i], to),
      revenueFrom: withRevenue ? (a.revenue as Float64Array)[i] : null,
      revenueTo: withRevenue && j !== undefined ? (b.revenue as Float64Array)[j] : null,
    });
  });
  b.ids.forEach((id, j) => {
    if (aIds.has(id)) return;
    customers.push({ customerId: id, from: null, to: b.classes[j], move: "new", revenueFrom: null, revenueTo: withRevenue ? (b.revenue as Float64Array)[j] : null });
  });

  // cells: index (from, to) over k + 1 rows and columns, the last one `null`
  const k = order.length;
  const idx = (c: string | null) => (c === null ? k : (rank.get(c) as number));
  const members: number[][] = Array.from({ length: (k + 1) * (k + 1) }, () => []);
  customers.forEach((c, i) => members[idx(c.from) * (k + 1) + idx(c.to)].push(i));
  const rowTotals = new Array<number>(k + 1).fill(0);
  for (let f = 0; f <= k; f++) for (let t = 0; t <= k; t++) rowTotals[f] += members[f * (k + 1) + t].length;
  const cells: MovementCell[] = [];
  const labelOf = (x: number) => (x === k ? null : order[x]);
  for (let f = 0; f <= k; f++) {
    for (let t = 0; t <= k; t++) {
      if (f === k && t === k) continue;
      const list = members[f * (k + 1) + t];
      const from = labelOf(f);
      const to = labelOf(t);
      const sum = (pick: (c: MovementRecord) => number | null, date: string, source: string) =>
        checkedSum(fn, `the ${date} revenue of the cell ${from ?? "new"} → ${to ?? "lost"}`, list.length, (q) => pick(customers[list[q]]) ?? 0, { path: [source] });
      cells.push({
        from,
        to,
        customers: list.length,
        shareOfFrom: rowTotals[f] > 0 ? list.length / rowTotals[f] : 0,
        move: moveOf(from, to),
        revenueFrom: withRevenue ? sum((c) => c.revenueFrom, "first", a.source) : null,
        revenueTo: withRevenue ? sum((c) => c.revenueTo, "second", b.source) : null,
      });
    }
  }
  const count = (m: SegmentMove) => customers.reduce((s, c) => s + (c.move === m ? 1 : 0), 0);
  return {
    customers,
    meta: {
      customers: customers.length,
      fromCustomers: a.ids.length,
      toCustomers: b.ids.length,
      same: count("same"),
      moved: count("moved") + count("up") + count("down"),
      up: ranked ? count("up") : null,
      down: ranked ? count("down") : null,
      new: count("new"),
      lost: count("lost"),
      classes: [...order],
      ranked,
      field: "",
      cells,
    },
  };
}

/**
 * How customers moved between the classes of any classification at two dates: RFM segments
 * (`segmentRfm`), RFM cells (`scoreRfm`), tiers (`tierPyramid`), ABC classes (`classifyAbc`),
 * lifecycle stages (`lifecycleStage`), clusters (`clusterCustomers`) — each computed at two as-of
 * dates. Gives each customer's from/to and the migration matrix: counts, the share of each origin
 * class, and (with `revenue`) the revenue of each cell at both dates. Customers absent at the first
 * date are **new** (the `null` row), those absent at the second **lost** (the `null` column).
 * Customers match by id (the one id rule). See docs/segments.md#segment-movement.
 *
 * @param from - Records with a customer id and a class at the first date; `to` likewise at the
 *   second. Either may be empty.
 * @returns `customers` (one {@link MovementRecord} each) and `meta` with the totals and `cells`, the
 *   (classes + 1)² − 1 cells of the matrix, empty ones included.
 * @throws {AnalyticsInputError} Missing or duplicate ids, a missing or empty class, a class not in
 *   `order`, a revenue that is not finite, a cell revenue beyond ±1.8e308 (`overflow`); paths start at
 *   `from` or `to`.
 * @throws {TypeError | RangeError} Bad or unknown options (`ranked` without `order`), prefixed `segmentMovement:`.
 * @example
 * const { customers, meta } = segmentMovement(
 *   [{ customerId: "a", segment: "champions" }, { customerId: "b", segment: "at_risk" }, { customerId: "c", segment: "at_risk" }],
 *   [{ customerId: "a", segment: "at_risk" }, { customerId: "b", segment: "at_risk" }, { customerId: "d", segment: "champions" }],
 * );
 * customers.map((c) => c.move); //=> ["moved", "same", "lost", "new"]
 * meta.cells.find((c) => c.from === "at_risk" && c.to === null); //=> { from: "at_risk", to: null, customers: 1, shareOfFrom: 0.5, move: "lost", revenueFrom: null, revenueTo: null }
 */
export function segmentMovement<Row = any>(from: Iterable<Row>, to: Iterable<Row>, options: SegmentMovementOptions<Row> = {}): SegmentMovementResult {
  const fn = "segmentMovement";
  const opts = parseOptions(fn, segmentMovementOptionsSchema, options);
  if (opts.ranked && opts.order === undefined) throw new TypeError(`${fn}: options.ranked needs options.order (the classes, best first)`);
  const fromRows = materialise(fn, "from", from);
  const toRows = materialise(fn, "to", to);
  let field = opts.field as FieldAccessor<Row> | undefined;
  if (field === undefined) {
    const probe = fromRows[0] ?? toRows[0];
    const source = fromRows.length > 0 ? "from" : "to";
    field =
      (probe !== null && typeof probe === "object"
        ? readGuarded(fn, "unreadable_field", [source, 0], "looking for the class field in the record", () => CLASS_FIELDS.find((f) => f in (probe as object)))
        : undefined) ?? "segment";
  }
  const id = opts.customerId as FieldAccessor<Row> | undefined;
  const revenue = opts.revenue as FieldAccessor<Row> | undefined;
  const a = readClassification(fn, "from", fromRows, field, id, revenue);
  const b = readClassification(fn, "to", toRows, field, id, revenue);
  let order = opts.order ? [...opts.order] : undefined;
  if (order === undefined) {
    const seen = new Set<string>();
    for (const c of a.classes) seen.add(c);
    for (const c of b.classes) seen.add(c);
    order = [...seen];
  }
  const result = migrate(fn, a, b, order, opts.ranked ?? false);
  result.meta.field = typeof field === "string" ? field : "accessor";
  return result;
}
