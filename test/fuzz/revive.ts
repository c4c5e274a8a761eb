// Inputs cross to the worker by structured clone, which cannot carry functions, getters or Proxies.
// The generators describe those as marker objects ({ $$h: ... }); revive() builds the real thing in the
// worker. describe() prints an input with the markers in readable form for counterexamples.

/** A marker for a value structured clone cannot carry. */
export type Hostile =
  | { $$h: "getterThrows"; key: string; base: Record<string, unknown> }
  | { $$h: "proxy"; trap: "get" | "ownKeys" | "has" | "getOwnPropertyDescriptor"; base: object }
  | { $$h: "accessor"; mode: "key"; key: string }
  | { $$h: "accessor"; mode: "throw" }
  | { $$h: "accessor"; mode: "const"; value: unknown }
  | { $$h: "iterThrows"; items: unknown[]; at: number }
  | { $$h: "instance"; base: Record<string, unknown> }
  | { $$h: "frozen"; base: unknown };

export class Boom extends Error {
  override name = "Boom";
}

function isMarker(v: unknown): v is Hostile {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { $$h?: unknown }).$$h === "string";
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !ArrayBuffer.isView(v) && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

export function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v === null || typeof v !== "object" || v instanceof Date || ArrayBuffer.isView(v) || v instanceof Map) return v;
  if (!isMarker(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = revive(x);
    return out;
  }
  switch (v.$$h) {
    case "getterThrows": {
      const o = revive(v.base) as Record<string, unknown>;
      Object.defineProperty(o, v.key, {
        enumerable: true,
        configurable: true,
        get() {
          throw new Boom(`getter ${v.key} exploded`);
        },
      });
      return o;
    }
    case "proxy":
      return new Proxy(revive(v.base) as object, {
        [v.trap]() {
          throw new Boom(`proxy trap ${v.trap} exploded`);
        },
      });
    case "accessor":
      if (v.mode === "key") return (row: Record<string, unknown>) => row?.[v.key];
      if (v.mode === "throw")
        return () => {
          throw new Boom("accessor exploded");
        };
      return () => v.value;
    case "iterThrows": {
      const items = revive(v.items) as unknown[];
      return {
        *[Symbol.iterator]() {
          for (let i = 0; i < items.length; i++) {
            if (i === v.at) throw new Boom("iterator exploded");
            yield items[i];
          }
          if (v.at >= items.length) throw new Boom("iterator exploded");
        },
      };
    }
    case "instance": {
      const base = revive(v.base) as Record<string, unknown>;
      class Customer {}
      for (const k of Object.keys(base))
        Object.defineProperty(Customer.prototype, k, {
          get(this: Customer) {
            return (this as unknown as { _d: Record<string, unknown> })._d[k];
          },
        });
      const c = new Customer();
      Object.defineProperty(c, "_d", { value: base, enumerable: false });
      return c;
    }
    case "frozen":
      return deepFreeze(revive(v.base));
  }
}

const SPECIAL = (x: number) => (Number.isNaN(x) ? "NaN" : x === Infinity ? "Infinity" : x === -Infinity ? "-Infinity" : Object.is(x, -0) ? "-0" : null);

/** A readable, JSON-like rendering of an input (NaN, -0, Dates, typed arrays and markers spelled out). */
export function describe(v: unknown, depth = 0): string {
  if (depth > 8) return "…";
  if (typeof v === "number") return SPECIAL(v) ?? String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined) return "undefined";
  if (v === null || typeof v !== "object") return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "new Date(NaN)" : `new Date(${JSON.stringify(v.toISOString())})`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}.from([${Array.from(v as unknown as ArrayLike<number>, (x) => describe(x)).join(", ")}])`;
  if (v instanceof Map) return `new Map([${[...v].map(([k, x]) => `[${describe(k)}, ${describe(x, depth + 1)}]`).join(", ")}])`;
  if (Array.isArray(v)) return `[${v.map((x) => describe(x, depth + 1)).join(", ")}]`;
  if (isMarker(v)) {
    const { $$h, ...rest } = v as Hostile & Record<string, unknown>;
    return `<${$$h} ${describe(rest, depth + 1)}>`;
  }
  return `{ ${Object.entries(v)
    .map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${describe(x, depth + 1)}`)
    .join(", ")} }`;
}
