/**
 * The commands of the command line, in help order: each one's name and its module, loaded when the
 * command runs (or for help). A run loads the code of its one command and of the library functions
 * that command calls, not of every command (charts, the report, k-means, the BTYD models): the
 * command line starts sooner.
 */
import type { Command } from "../command.js";

/** One command: its name, and its module loaded on demand. */
export interface CommandEntry {
  readonly name: string;
  /** The command's definition (options, help, analysis), its module loaded on first use. */
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: "summary", load: async () => (await import("./summary.js")).summaryCommand },
  { name: "rfm", load: async () => (await import("./rfm.js")).rfmCommand },
  { name: "segments", load: async () => (await import("./segments.js")).segmentsCommand },
  { name: "abc", load: async () => (await import("./abc.js")).abcCommand },
  { name: "pyramid", load: async () => (await import("./pyramid.js")).pyramidCommand },
  { name: "movement", load: async () => (await import("./movement.js")).movementCommand },
  { name: "quadrants", load: async () => (await import("./quadrants.js")).quadrantsCommand },
  { name: "select", load: async () => (await import("./select.js")).selectCommand },
  { name: "churn", load: async () => (await import("./churn.js")).churnCommand },
  { name: "cohorts", load: async () => (await import("./cohorts.js")).cohortsCommand },
  { name: "alerts", load: async () => (await import("./alerts.js")).alertsCommand },
  { name: "lifecycle", load: async () => (await import("./lifecycle.js")).lifecycleCommand },
  { name: "winback", load: async () => (await import("./winback.js")).winbackCommand },
  { name: "clusters", load: async () => (await import("./clusters.js")).clustersCommand },
  { name: "choose-k", load: async () => (await import("./chooseK.js")).chooseKCommand },
  { name: "service", load: async () => (await import("./service.js")).serviceCommand },
  { name: "chart", load: async () => (await import("./chart.js")).chartCommand },
  { name: "report", load: async () => (await import("./report.js")).reportCommand },
];

/** The command named `name`, if any (not loaded yet). */
export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The command names, for messages. */
export const COMMAND_NAMES = COMMANDS.map((c) => c.name).join(", ");

/** Every command, loaded, in help order (the global help; the hint naming the commands that have an option). */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}
