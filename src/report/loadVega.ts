// The report's optional peer dependencies, loaded on demand: vega-lite compiles the charts' Vega-Lite
// specs to Vega in Node, and vega's browser build (vega/build/vega.min.js) is inlined into the page to
// draw them. Nothing else in the library loads them. node:fs and node:module are imported here, on
// demand, as the CSV reader does: importing `crm-analytics/report` needs no IO.

/** What the report needs from vega and vega-lite. */
export interface VegaRuntime {
  /** Vega-Lite's compiler: a Vega-Lite spec to a Vega spec. */
  compile: (spec: unknown, options?: { logger?: unknown }) => { spec: unknown };
  /** The text of vega's minified browser build. */
  vegaJs: string;
  versions: { vega: string; vegaLite: string };
}

const INSTALL = "npm install vega vega-lite";

/**
 * Loads vega-lite and the text of vega's browser build; `modules` names the packages (tests pass
 * missing ones). A missing package is an `Error` naming the install command.
 */
export async function loadVega(fn: string, modules: { vega: string; vegaLite: string } = { vega: "vega", vegaLite: "vega-lite" }): Promise<VegaRuntime> {
  const missing = (what: string, cause: unknown) =>
    new Error(`${fn}: the HTML report needs the optional peer dependencies vega and vega-lite (${what}); install them with \`${INSTALL}\``, { cause });
  let vegaLite: { compile?: VegaRuntime["compile"]; version?: string; default?: { compile?: VegaRuntime["compile"]; version?: string } };
  try {
    vegaLite = (await import(/* @vite-ignore */ modules.vegaLite)) as typeof vegaLite;
  } catch (error) {
    throw missing(`cannot load ${modules.vegaLite}`, error);
  }
  // vega-lite's main build is UMD: Node gives its exports as named exports and as `default`.
  const compile = vegaLite.compile ?? vegaLite.default?.compile;
  if (typeof compile !== "function") throw missing(`${modules.vegaLite} has no compile function`, undefined);
  let vegaJs: string;
  let vegaVersion: string;
  try {
    const { readFileSync } = await import("node:fs");
    const { createRequire } = await import("node:module");
    // (a cast: Deno's type check for JSR publishing types `import.meta` without `url`)
    const require = createRequire((import.meta as unknown as { url: string }).url);
    vegaJs = readFileSync(require.resolve(`${modules.vega}/build/vega.min.js`), "utf8");
    vegaVersion = String((JSON.parse(readFileSync(require.resolve(`${modules.vega}/package.json`), "utf8")) as { version?: unknown }).version);
  } catch (error) {
    throw missing(`cannot read ${modules.vega}/build/vega.min.js`, error);
  }
  const vegaLiteVersion = String(vegaLite.version ?? vegaLite.default?.version);
  if (!vegaVersion.startsWith("5.") || !vegaLiteVersion.startsWith("5.")) {
    throw new Error(`${fn}: the HTML report needs vega 5 and vega-lite 5, found vega ${vegaVersion} and vega-lite ${vegaLiteVersion}; install them with \`npm install vega@5 vega-lite@5\``);
  }
  return { compile, vegaJs, versions: { vega: vegaVersion, vegaLite: vegaLiteVersion } };
}
