// API reference of the published entry points: `npm run docs` writes HTML to docs/api (not committed).
// The entry points are the sources of package.json `exports`, the single list (scripts/entry-points.ts).
import { readFileSync } from "node:fs";
import { tsImport } from "tsx/esm/api";

const { entrySources } = await tsImport("./scripts/entry-points.ts", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

/** @type {Partial<import("typedoc").TypeDocOptions>} */
const config = {
  name: "crm-analytics",
  entryPoints: entrySources(pkg),
  out: "docs/api",
  tsconfig: "tsconfig.json",
  readme: "none",
  excludeInternal: true,
  excludePrivate: true,
  excludeProtected: true,
  excludeExternals: true,
  // `npm run typecheck` checks the types; TypeDoc only reads them (7 s instead of 23 s).
  skipErrorChecking: true,
  // The repository has no public URL to link source lines to yet: set sourceLinkTemplate when it has.
  disableSources: true,
  // Any warning (a broken {@link}, a public type that is not exported) fails the build.
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, invalidPath: true, notDocumented: false },
};

export default config;
