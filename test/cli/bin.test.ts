// The bin itself, spawned as a process (through tsx, on the sources): stdin piping with `-`, real
// exit codes, stdout and stderr kept apart.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const bin = (args: string[], input: string) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: ROOT, input, encoding: "utf8", timeout: 60_000 });

const CSV = "customerId,date,amount,orderId\na,2024-01-05,10,o1\na,2024-03-01,20,o2\nb,2024-02-10,5,o3\nc,2024-06-01,40,o4\n";

test("the bin reads stdin with -, writes CSV to a pipe and exits 0", () => {
  const r = bin(["segments", "-", "--as-of", "2024-06-30"], CSV);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout.split("\n")[0]).toBe("customerId,recencyDays,frequency,monetary,pattern,segment,label");
  expect(r.stdout.trimEnd().split("\n")).toHaveLength(4);
});

test("the bin exits 2 on a usage error and 1 on bad data, with stdout empty", () => {
  const usage = bin(["segments", "-"], CSV);
  expect(usage.status).toBe(2);
  expect(usage.stdout).toBe("");
  expect(usage.stderr).toMatch(/^crm-analytics: --as-of YYYY-MM-DD is required/);
  const data = bin(["summary", "-", "--as-of", "2024-06-30"], `${CSV}d,2024-07-01,3,o5\n`);
  expect(data.status).toBe(1);
  expect(data.stdout).toBe("");
  expect(data.stderr).toBe("stdin:6: date: date 2024-07-01 is after --as-of 2024-06-30 (check --as-of and the day/month order of --date-format; --after-as-of ignore leaves such rows out) (customer \"d\")\n");
});
