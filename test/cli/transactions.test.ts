// Reading the mapped columns of the CSV: a header that names a mapped column twice is refused.
import { describe, expect, test } from "vitest";
import { cli, lines } from "./helpers.js";

describe("duplicated header names", () => {
  test("a mapped column named twice is a data error (1) naming the header, its line and the columns' positions", async () => {
    const text = "\ncustomerId,amount,date,amount\na,1,2024-01-02,100\nb,2,2024-01-03,200\n";
    const r = await cli(["summary", "-", "--as-of", "2024-12-31"], { stdin: text });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(lines(r.stderr)).toEqual([
      'stdin:2: the header names "amount" 2 times (columns 2 and 4): --amount (default amount) cannot tell which one to read; rename the columns so that each name is used once',
    ]);
    const flagged = await cli(["summary", "-", "--as-of", "2024-12-31", "--customer", "id", "--amount", "v"], { stdin: "id,date,v,id,id\na,2024-01-02,1,x,y\n" });
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toContain('the header names "id" 3 times (columns 1, 4 and 5): --customer cannot tell which one to read');
  });

  test("a duplicated name the mapping does not use is fine", async () => {
    const r = await cli(["summary", "-", "--as-of", "2024-12-31", "--format", "json"], { stdin: "customerId,note,date,amount,note\na,x,2024-01-02,5,y\n" });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ customerId: "a", monetary: 5 });
  });
});
