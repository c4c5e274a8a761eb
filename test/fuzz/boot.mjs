// Starts the fuzz worker (TypeScript) in a worker thread: vitest does not transform worker files.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
