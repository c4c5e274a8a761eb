// Messages between the fuzz tests and their worker thread.

export type ErrorClass = "AnalyticsInputError" | "RangeError" | "TypeError" | "other";

export type CallOutcome =
  | { kind: "ok"; ms: number; mutated: string | null; nonFinite: string[]; value: unknown }
  | { kind: "throw"; ms: number; mutated: string | null; errorClass: ErrorClass; name: string; message: string; stack: string };

export interface CliOutcome {
  kind: "cli";
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
}

export type Outcome = CallOutcome | CliOutcome | { kind: "hang"; ms: number } | { kind: "crash"; ms: number; message: string } | { kind: "harness"; message: string };

export interface WorkerRequest {
  id: number;
  fn?: string;
  args?: unknown[];
  cli?: { argv: string[]; stdin: Uint8Array };
}
