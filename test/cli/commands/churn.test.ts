import { expect, test } from "vitest";
import { periodIndicators, type PeriodIndicatorRecord } from "../../../src/churn/index.js";
import { AS_OF, FIELDS, FILE, MAP, ROWS } from "../fixture.js";
import { cli } from "../helpers.js";

test("churn: the library's indicators per period", async () => {
  const churn = await cli(["churn", FILE, ...MAP, "--period", "quarter", "--format", "json"]);
  expect(churn.code).toBe(0);
  const transactionsOnly = (periods: readonly PeriodIndicatorRecord[]) => periods.map(({ referralRate: _r, complaintRate: _c, satisfaction: _s, nps: _n, ...rest }) => rest);
  expect(JSON.parse(churn.stdout)).toEqual(JSON.parse(JSON.stringify(transactionsOnly(periodIndicators(ROWS, { asOf: AS_OF, fields: FIELDS, period: "quarter" }).periods))));
  const lost = await cli(["churn", FILE, ...MAP, "--lost-after-days", "90", "--format", "json"]);
  expect(JSON.parse(lost.stdout)).toEqual(JSON.parse(JSON.stringify(transactionsOnly(periodIndicators(ROWS, { asOf: AS_OF, fields: FIELDS, lostAfterDays: 90 }).periods))));
});

test("churn: no columns for the rates that need outside data (always empty from a transaction log)", async () => {
  const r = await cli(["churn", FILE, ...MAP]);
  expect(r.code).toBe(0);
  const header = r.stdout.split("\n")[0].split(",");
  expect(header.slice(0, 3)).toEqual(["period", "start", "end"]);
  for (const column of ["referralRate", "complaintRate", "satisfaction", "nps"]) expect(header).not.toContain(column);
});
