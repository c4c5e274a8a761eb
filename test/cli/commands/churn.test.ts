import { expect, test } from "vitest";
import { periodIndicators } from "../../../src/churn/index.js";
import { AS_OF, FIELDS, FILE, MAP, ROWS } from "../fixture.js";
import { cli } from "../helpers.js";

test("churn: the library's indicators per period", async () => {
  const churn = await cli(["churn", FILE, ...MAP, "--period", "quarter", "--format", "json"]);
  expect(churn.code).toBe(0);
  expect(JSON.parse(churn.stdout)).toEqual(JSON.parse(JSON.stringify(periodIndicators(ROWS, { asOf: AS_OF, fields: FIELDS, period: "quarter" }).periods)));
  const lost = await cli(["churn", FILE, ...MAP, "--lost-after-days", "90", "--format", "json"]);
  expect(JSON.parse(lost.stdout)).toEqual(JSON.parse(JSON.stringify(periodIndicators(ROWS, { asOf: AS_OF, fields: FIELDS, lostAfterDays: 90 }).periods)));
});
