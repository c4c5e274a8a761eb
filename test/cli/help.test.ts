// The help texts: wrapped at 80 terminal columns (wide CJK characters count twice), options in two
// aligned columns in every command, examples that are command lines of that command.
import { describe, expect, test } from "vitest";
import { COMMANDS, loadCommands } from "../../src/cli/commands/index.js";
import { commandHelp, globalHelp, HELP_WIDTH, wrapText } from "../../src/cli/help.js";
import { displayWidth } from "../../src/cli/output.js";
import { cli, lines } from "./helpers.js";

const commands = await loadCommands();
const texts: [string, string][] = [["--help", globalHelp(commands)], ...commands.map((c): [string, string] => [`${c.name} --help`, commandHelp(c)])];

describe("the commands", () => {
  test("are listed by name, each loading its own module, in help order", async () => {
    expect(commands.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    expect(new Set(commands).size).toBe(COMMANDS.length);
    // the global help lists them in that order, and `--help` prints it
    const text = lines(globalHelp(commands));
    const listed = text.slice(text.indexOf("Commands:") + 1, text.indexOf("", text.indexOf("Commands:"))).filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(" ")[0]);
    expect(listed).toEqual(COMMANDS.map((c) => c.name));
    expect((await cli(["--help"])).stdout).toBe(globalHelp(commands));
  });
});

describe("help", () => {
  test("no line of any help is wider than 80 columns (East Asian wide characters count 2)", () => {
    expect(HELP_WIDTH).toBe(80);
    for (const [what, text] of texts) {
      for (const line of lines(text)) expect(displayWidth(line), `${what}: ${line}`).toBeLessThanOrEqual(80);
    }
    // the check counts wide characters twice: 40 of them fill a line
    expect(displayWidth("重要价值客户")).toBe(12);
  });

  test("wrapText breaks at spaces with a hanging indent and counts CJK twice", () => {
    expect(wrapText("aaa bbb ccc", 8, "- ", "  ")).toEqual(["- aaa", "  bbb", "  ccc"]);
    expect(wrapText("重要价值客户 重要保持客户", 14)).toEqual(["重要价值客户", "重要保持客户"]);
    expect(wrapText("", 10, "x ")).toEqual(["x "]);
  });

  test("every option's help starts in the same column in every command, continuation lines too", () => {
    const starts = new Set<number>();
    for (const c of commands) {
      const text = lines(commandHelp(c));
      const from = text.findIndex((l) => / options:$/.test(l));
      const to = text.indexOf("Examples:");
      for (const line of text.slice(from, to)) {
        if (line === "" || / options:$/.test(line)) continue;
        // an option line: "  -o, --output FILE   help" or "      --flag ARG   help"; a long flag alone; or a continuation
        const m = /^( {2}(?:-\w, | {4})--\S+(?: \S+)?)(?:( +)(\S.*))?$/.exec(line);
        if (m && m[3] !== undefined) starts.add(m[1].length + m[2].length);
        else if (!m) starts.add(line.length - line.trimStart().length);
        else expect(line.length, line).toBeGreaterThan(2 + 28); // a long flag alone: its help on the next line
      }
    }
    expect([...starts]).toEqual([32]);
  });

  test("each command's help is printed by --help and help <command>, exit 0; examples run that command", async () => {
    for (const c of commands) {
      const r = await cli([c.name, "--help"]);
      expect([r.code, r.stdout], c.name).toEqual([0, commandHelp(c)]);
      expect((await cli(["help", c.name])).stdout).toBe(r.stdout);
      const examples = lines(r.stdout).slice(lines(r.stdout).indexOf("Examples:") + 1);
      expect(examples.length, c.name).toBeGreaterThan(0);
      // an example's lines end with " \" until the last, and it starts with the command
      const first = examples.filter((l) => /^ {2}crm-analytics /.test(l));
      expect(first.every((l) => l.startsWith(`  crm-analytics ${c.name} `)), c.name).toBe(true);
      for (let i = 0; i < examples.length - 1; i++) {
        if (/^ {6}/.test(examples[i + 1])) expect(examples[i], c.name).toMatch(/ \\$/);
      }
    }
  });

  test("the output options document --precision, --bom and the -o extension", () => {
    const text = commandHelp(commands[0]);
    expect(text).toMatch(/--precision N\|full +decimals of money \(default 2\)/);
    expect(text).toMatch(/--bom +csv: start with a UTF-8 byte order mark/);
    expect(text).toMatch(/from the extension of -o\s+FILE, \.csv \.json \.ndjson \.jsonl \.txt/);
  });
});
