/** The commands of the command line, in help order. */
import type { Command } from "../command.js";
import { abcCommand } from "./abc.js";
import { alertsCommand } from "./alerts.js";
import { chartCommand } from "./chart.js";
import { chooseKCommand } from "./chooseK.js";
import { churnCommand } from "./churn.js";
import { clustersCommand } from "./clusters.js";
import { cohortsCommand } from "./cohorts.js";
import { lifecycleCommand } from "./lifecycle.js";
import { movementCommand } from "./movement.js";
import { pyramidCommand } from "./pyramid.js";
import { quadrantsCommand } from "./quadrants.js";
import { reportCommand } from "./report.js";
import { rfmCommand } from "./rfm.js";
import { segmentsCommand } from "./segments.js";
import { selectCommand } from "./select.js";
import { serviceCommand } from "./service.js";
import { summaryCommand } from "./summary.js";
import { winbackCommand } from "./winback.js";

export const COMMANDS: readonly Command[] = [
  summaryCommand,
  rfmCommand,
  segmentsCommand,
  abcCommand,
  pyramidCommand,
  movementCommand,
  quadrantsCommand,
  selectCommand,
  churnCommand,
  cohortsCommand,
  alertsCommand,
  lifecycleCommand,
  winbackCommand,
  clustersCommand,
  chooseKCommand,
  serviceCommand,
  chartCommand,
  reportCommand,
];

/** The command named `name`, if any. */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The command names, for messages. */
export const COMMAND_NAMES = COMMANDS.map((c) => c.name).join(", ");
