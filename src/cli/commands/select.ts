import { SELECTION_MATRIX_REGIONS, selectionMatrix, type SelectionCriterion, type SelectionMatrixOptions } from "../../value/index.js";
import { choice, LABELS_OPTION, labelOf, SUMMARY_OPTION, type Command, type OptionValues } from "../command.js";
import { fmtCount } from "../counts.js";
import { DataError, UsageError } from "../errors.js";
import { cellNumber, cellText, onTable, rowProblemLine, rowProblemsError, rowsText, tableColumn, type RowProblem } from "../table.js";

/** One criterion as given on the command line: `column[:weight][:higher|lower]`. */
export interface CriterionFlag {
  column: string;
  weight: number;
  direction: "higher" | "lower";
}

/**
 * Parses `--attractiveness amount:2,late_days:1:lower,referrals`: criteria separated by commas, each a
 * column, then optionally its weight (> 0, default 1) and direction (`higher`, default, or `lower`),
 * separated by colons; `late_days:lower` gives the direction with the default weight.
 */
export function parseCriteria(text: string, flag: string): CriterionFlag[] {
  const example = `e.g. ${flag} amount:2,growth,late_days:1:lower`;
  if (text.trim() === "") throw new UsageError(`${flag} needs at least one COLUMN[:WEIGHT][:higher|lower] (${example})`);
  const seen = new Set<string>();
  return text.split(",").map((part) => {
    const bits = part.split(":");
    const column = bits[0].trim();
    if (column === "") throw new UsageError(`${flag}: ${JSON.stringify(part)} names no column (${example})`);
    if (bits.length > 3) throw new UsageError(`${flag}: ${JSON.stringify(part)} has more than COLUMN:WEIGHT:DIRECTION (${example})`);
    let weightText: string | undefined = bits[1]?.trim();
    let directionText: string | undefined = bits[2]?.trim();
    if (bits.length === 2 && (weightText === "higher" || weightText === "lower")) [weightText, directionText] = [undefined, weightText];
    const weight = weightText === undefined || weightText === "" ? 1 : Number(weightText);
    if (!(Number.isFinite(weight) && weight > 0) || (weightText !== undefined && weightText !== "" && !/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(weightText))) {
      throw new UsageError(`${flag}: the weight of ${JSON.stringify(column)} must be a number > 0, got ${JSON.stringify(weightText)} (${example})`);
    }
    if (directionText !== undefined && directionText !== "higher" && directionText !== "lower") {
      throw new UsageError(`${flag}: the direction of ${JSON.stringify(column)} must be higher or lower, got ${JSON.stringify(directionText)} (${example})`);
    }
    if (seen.has(column)) throw new UsageError(`${flag}: column ${JSON.stringify(column)} is given twice`);
    seen.add(column);
    return { column, weight, direction: directionText === "lower" ? "lower" : "higher" };
  });
}

/** `--thresholds mean|median|ATTR,CAP`: both axes at their mean or median, or given scores (attractiveness, capability). */
function thresholdsOption(values: OptionValues): SelectionMatrixOptions["thresholds"] {
  const v = values.thresholds;
  if (v === undefined) return undefined;
  const text = String(v).trim();
  if (text === "mean" || text === "median") return text;
  const m = /^([^,]*),([^,]*)$/.exec(text);
  const num = (s: string) => (/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(s) ? Number(s) : Number.NaN);
  if (m !== null) {
    const [a, c] = [num(m[1]), num(m[2])];
    if (Number.isFinite(a) && Number.isFinite(c)) return { attractiveness: a, capability: c };
  }
  throw new UsageError(`--thresholds must be mean, median, or two scores ATTRACTIVENESS,CAPABILITY (on the --normalize scale, e.g. 0.5,0.5), got ${JSON.stringify(String(v))}`);
}

/** `select`: the customer selection matrix (门当户对) from a CSV with one row per customer. */
export const selectCommand: Command = {
  name: "select",
  summary: "customer selection matrix (门当户对): attractiveness × our capability to serve, regions A–D, from a CSV with one row per customer",
  description:
    "Reads a CSV with one row per customer (the id in --customer, default customerId) and numeric criteria columns, and places each customer in the selection matrix: attractiveness (purchase amount, growth, referrals or brand value, cost to serve, risk such as late payment) against our capability to serve them (product, service, personnel and image value as the customer sees them, e.g. survey scores). Each criterion is COLUMN[:WEIGHT][:higher|lower] (weight > 0, default 1; lower: less is better, such as cost to serve or days late); each is normalised (--normalize minmax, zscore or rank), an axis score is the weighted mean, and each axis is split at its mean (--thresholds). Regions: A both high (select), B attractive but beyond our capability (select when able), C within our capability but unattractive (select passively), D neither (do not select).\n" +
    "One record per customer (customerId, attractiveness, capability, region, label), or with --summary one per region (customers, share, the recommended action). Criteria from transactions: the summary command writes monetary, frequency, recencyDays and tenureDays per customer (crm-analytics summary orders.csv --as-of D -o customers.csv); add your capability scores as columns of that file.",
  examples: [
    "crm-analytics select customers.csv --attractiveness monetary:2,frequency,late_days:1:lower --capability product,service,personnel,image --format table",
    "crm-analytics select customers.csv --customer id --attractiveness amount --capability service --normalize rank --thresholds median --summary --labels zh",
  ],
  needs: "table",
  usage: "[file|-] --attractiveness C --capability C [options]",
  inputOptions: ["customer", "encoding", "delimiter", "decimal-comma", "thousands", "on-invalid"],
  options: {
    attractiveness: { type: "string", arg: "CRITERIA", help: "criteria of customer attractiveness: COLUMN[:WEIGHT][:higher|lower],… (required)" },
    capability: { type: "string", arg: "CRITERIA", help: "criteria of our capability to serve the customer, same form (required)" },
    normalize: { type: "string", arg: "minmax|zscore|rank", help: "how each criterion is put on one scale before weighting (default minmax: (x − min) ÷ (max − min))" },
    thresholds: { type: "string", arg: "mean|median|ATTR,CAP", help: "where each axis splits: its mean (default), its median, or two scores on the --normalize scale, attractiveness then capability (e.g. 0.5,0.5)" },
    ties: { type: "string", arg: "low|high", help: "a score equal to its threshold is low (default) or high" },
    labels: LABELS_OPTION,
    summary: SUMMARY_OPTION,
  },
  prepare(values) {
    const given = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
    const attractivenessText = given("attractiveness");
    const capabilityText = given("capability");
    if (attractivenessText === undefined || capabilityText === undefined) {
      throw new UsageError(`--attractiveness and --capability are required: the criteria columns of each axis, COLUMN[:WEIGHT][:higher|lower],… (e.g. --attractiveness monetary:2,late_days:1:lower --capability service)`);
    }
    const axes = { attractiveness: parseCriteria(attractivenessText, "--attractiveness"), capability: parseCriteria(capabilityText, "--capability") };
    const normalize = choice(values, "normalize", ["minmax", "zscore", "rank"] as const, "minmax");
    const thresholds = thresholdsOption(values);
    const ties = choice(values, "ties", ["low", "high"] as const);
    const lang = choice(values, "labels", ["en", "zh"] as const, "en");
    const idColumn = given("customer") ?? "customerId";
    return (input) => {
      if (input.kind !== "table") throw new Error("select: needs a table");
      const { table, read } = input;
      const id = tableColumn(table, idColumn, values.customer === undefined ? "--customer (default customerId)" : "--customer", read);
      const columns = (["attractiveness", "capability"] as const).flatMap((axis) => axes[axis].map((c) => ({ axis, ...c, index: tableColumn(table, c.column, `--${axis}`, read) })));
      // one value per distinct column (a column may serve both axes)
      const distinct = [...new Map(columns.map((c) => [c.column, c.index])).entries()];
      // one row per customer: a second row of an id is an error whatever --on-invalid says (which row is right?)
      const firstRow = new Map<string, number>();
      for (let r = 0; r < table.rows; r++) {
        const customerId = cellText(table, id, r);
        if (customerId.trim() === "") continue;
        const seen = firstRow.get(customerId);
        if (seen === undefined) firstRow.set(customerId, r);
        else {
          const line = rowProblemLine(table, { row: r, column: idColumn, message: `customer id ${JSON.stringify(customerId)} is also on line ${table.lines[seen]}: the file must have one row per customer` });
          throw new DataError(line, "duplicate_customer");
        }
      }
      const problems: RowProblem[] = [];
      let badRows = 0;
      const records: Record<string, string | number>[] = [];
      const rowOfRecord: number[] = [];
      for (let r = 0; r < table.rows; r++) {
        const before = problems.length;
        const customerId = cellText(table, id, r);
        if (customerId.trim() === "") problems.push({ row: r, column: idColumn, message: "empty customer id" });
        const who = customerId.trim() === "" ? {} : { customerId };
        const record: Record<string, string | number> = { customerId };
        for (const [column, index] of distinct) {
          const text = cellText(table, index, r);
          const x = cellNumber(text, read);
          if (!Number.isFinite(x)) {
            const hint = text.trim() === "" ? "expected a number, got an empty cell" : `expected a number, got ${JSON.stringify(text)}${/^\s*-?\d+,\d+\s*$/.test(text) && !read.decimalComma ? " (a decimal comma? --decimal-comma reads 12,5)" : ""}`;
            problems.push({ row: r, column, message: hint, ...who });
          } else record[column] = x;
        }
        if (problems.length > before) {
          badRows++;
          continue;
        }
        records.push(record);
        rowOfRecord.push(r);
      }
      const warnings: string[] = [];
      const notes: string[] = [];
      if (problems.length > 0) {
        if (read.onInvalid === "throw") throw rowProblemsError(table, problems, badRows);
        if (read.onInvalid === "collect") for (const p of problems) warnings.push(rowProblemLine(table, p));
        notes.push(`${rowsText(badRows)} of ${fmtCount(table.rows)} left out (--on-invalid ${read.onInvalid}): a criterion that is not a number, or an empty customer id`);
        if (records.length === 0) {
          throw new DataError(`${table.source}: no customers left: --on-invalid ${read.onInvalid} left out all ${rowsText(badRows)}; the first: ${rowProblemLine(table, problems[0])}`, "empty_input");
        }
      }
      const criterion = (c: CriterionFlag): SelectionCriterion => ({ field: c.column, weight: c.weight, direction: c.direction });
      const options: SelectionMatrixOptions = {
        attractiveness: axes.attractiveness.map(criterion),
        capability: axes.capability.map(criterion),
        normalize,
        ...(thresholds !== undefined ? { thresholds } : {}),
        ...(ties !== undefined ? { ties } : {}),
      };
      // the library names a field `axis.column`: the CSV column is the part after the axis
      const columnOf = (field: string | undefined) => (field === undefined ? undefined : field === "customerId" ? idColumn : field.replace(/^(attractiveness|capability)\./, ""));
      const result = onTable(() => selectionMatrix(records, options), table, (i) => rowOfRecord[i] ?? -1, columnOf);
      const { meta } = result;
      const t = meta.thresholds;
      const counts = SELECTION_MATRIX_REGIONS.map((r) => `${r.id} ${fmtCount(meta.counts[r.id])}`).join(", ");
      notes.push(
        `${fmtCount(meta.customers)} customer${meta.customers === 1 ? "" : "s"}: ${counts}; thresholds attractiveness ${round(t.attractiveness)} (${meta.thresholdMethod.attractiveness}), capability ${round(t.capability)} (${meta.thresholdMethod.capability}), ${normalize} scores`,
      );
      const fullMeta = { source: { customer: idColumn, criteria: columns.map(({ axis, column, weight, direction }) => ({ axis, column, weight, direction })) }, ...meta };
      if (values.summary) {
        const records = SELECTION_MATRIX_REGIONS.map((r) => ({
          region: r.id,
          label: labelOf(SELECTION_MATRIX_REGIONS, r.id, lang),
          attractiveness: r.attractiveness,
          capability: r.capability,
          customers: meta.counts[r.id],
          share: meta.counts[r.id] / meta.customers,
          action: lang === "zh" ? r.actionZh : r.action,
        }));
        return { records, meta: fullMeta, notes, warnings };
      }
      return {
        records: result.customers.map((c) => ({ ...c, label: labelOf(SELECTION_MATRIX_REGIONS, c.region, lang) })),
        meta: fullMeta,
        notes,
        warnings,
      };
    };
  },
};

/** A threshold for a note: four significant digits. */
function round(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
