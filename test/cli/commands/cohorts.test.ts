import { expect, test } from "vitest";
import { cohortRetention } from "../../../src/churn/index.js";
import { AS_OF, asCsvStrings, FIELDS, FILE, MAP, parseOut, ROWS } from "../fixture.js";
import { cli } from "../helpers.js";

test("cohorts: the library's cohort × period cells", async () => {
  const cohorts = await cli(["cohorts", FILE, ...MAP]);
  expect(cohorts.code).toBe(0);
  expect(parseOut(cohorts.stdout)).toEqual(cohortRetention(ROWS, { asOf: AS_OF, fields: FIELDS }).cells.map((c) => asCsvStrings(c)));
  const weeks = await cli(["cohorts", FILE, ...MAP, "--period", "week", "--week-starts-on", "0"]);
  expect(parseOut(weeks.stdout)).toEqual(cohortRetention(ROWS, { asOf: AS_OF, fields: FIELDS, period: "week", weekStartsOn: 0 }).cells.map((c) => asCsvStrings(c)));
});
