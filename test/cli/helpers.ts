// Drives the command line in-process: run(argv, io) with string I/O and temporary files.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../src/cli/run.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh temporary directory with the given files (name → content). */
export function tempFiles(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "crm-cli-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Runs the command line with `argv`; stdin from `stdin`; stdout/stderr collected. */
export async function cli(argv: string[], options: { stdin?: string | Uint8Array; stdoutIsTTY?: boolean; stderrIsTTY?: boolean } = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const input = options.stdin ?? "";
  const code = await run(argv, {
    stdin: (async function* () {
      yield typeof input === "string" ? Buffer.from(input) : input;
    })(),
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    stdinIsTTY: false,
  });
  return { code, stdout, stderr };
}

/** Lines of a text without the final empty one. */
export function lines(text: string): string[] {
  const l = text.split("\n");
  if (l[l.length - 1] === "") l.pop();
  return l;
}
