/** Progress on stderr for long runs: one line, rewritten in place, erased when done. */
import { NAME } from "./help.js";

/** Shows a stage (`reading …`, `summarising …`); `done()` erases the line. */
export interface Progress {
  (message: string): void;
  done(): void;
}

/** A progress line on `write` when `enabled` (stderr is a terminal and not --quiet), else nothing. */
export function progressOn(write: (text: string) => void, enabled: boolean): Progress {
  let shown = false;
  const p = ((message: string) => {
    if (!enabled) return;
    write(`\r\x1b[K${NAME}: ${message}`);
    shown = true;
  }) as Progress;
  p.done = () => {
    if (shown) write("\r\x1b[K");
    shown = false;
  };
  return p;
}

/** A progress that shows nothing (before the options are known). */
export const NO_PROGRESS: Progress = progressOn(() => {}, false);
