#!/usr/bin/env node
// The crm-analytics command: everything happens in run(); this file only connects it to the process.
// The input file (of a command that streams it) is opened, read and inflated on the thread pool while
// run() and the library load: they come after, by import(), not before this file runs (src/cli/early.ts).
import { startEarlyInput } from "./early.js";

startEarlyInput(process.argv.slice(2));

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  // A closed pipe (`| head`) is not an error of ours.
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const { run } = await import("./run.js");

const code = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
});
process.exitCode = code;
