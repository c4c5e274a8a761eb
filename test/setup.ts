import fc from "fast-check";

// Property tests use a fixed seed so CI is reproducible; set FC_SEED to explore other seeds
// (FC_SEED=random draws a new one each run).
const seed = process.env.FC_SEED === "random" ? Date.now() : Number(process.env.FC_SEED ?? 20_261_123);
fc.configureGlobal({ seed, numRuns: Number(process.env.FC_RUNS ?? 100) });
