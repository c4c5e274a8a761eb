// The options helper: schemas name exactly their interface's keys (checked by tsc on this file and on
// every `defineOptions<X>()` call in src/), unknown keys are refused at run time, and every exported
// options schema of every entry point is strict.
import { z } from "zod";
import { describe, expect, expectTypeOf, test } from "vitest";
import * as charts from "../src/charts/index.js";
import * as cluster from "../src/cluster/index.js";
import * as root from "../src/index.js";
import { defineOptions, fieldAccessorSchema, parseOptions, type OptionsSchema } from "../src/options.js";

interface ExampleOptions {
  bins?: number;
  method?: "a" | "b";
}

describe("defineOptions", () => {
  test("the shape must name exactly the interface's keys (compile time)", () => {
    const schema = defineOptions<ExampleOptions>()({ bins: z.number().int().optional(), method: z.enum(["a", "b"]).optional() });
    expectTypeOf(schema.shape).toHaveProperty("bins");
    // @ts-expect-error: `method` is missing from the shape
    defineOptions<ExampleOptions>()({ bins: z.number().optional() });
    // @ts-expect-error: `colour` is not an option of ExampleOptions
    defineOptions<ExampleOptions>()({ bins: z.number().optional(), method: z.enum(["a", "b"]).optional(), colour: z.string() });
  });

  test("annotated with OptionsSchema, each key's schema must also produce the key's type (compile time)", () => {
    const good: OptionsSchema<ExampleOptions> = defineOptions<ExampleOptions>()({ bins: z.number().optional(), method: z.enum(["a", "b"]).optional() });
    expectTypeOf(good.parse({})).toEqualTypeOf<{ bins: number | undefined; method: "a" | "b" | undefined }>();
    // @ts-expect-error: `method` would let "c" through
    const bad: OptionsSchema<ExampleOptions> = defineOptions<ExampleOptions>()({ bins: z.number().optional(), method: z.enum(["a", "b", "c"]).optional() });
    expect(bad.safeParse({ method: "c" }).success).toBe(true);
  });

  test("unknown keys are a TypeError naming function and key; bad values name the option", () => {
    const schema = defineOptions<ExampleOptions>()({ bins: z.number().int().min(2).optional(), method: z.enum(["a", "b"]).optional() });
    expect(() => parseOptions("f", schema, { bin: 3 })).toThrow(new TypeError('f: options: unknown option "bin"'));
    expect(() => parseOptions("f", schema, { bin: 3, colour: 1 })).toThrow('f: options: unknown options "bin", "colour"');
    expect(() => parseOptions("f", schema, { bins: 1 })).toThrow(RangeError);
    expect(() => parseOptions("f", schema, { bins: 1 })).toThrow(/^f: options\.bins: /);
    expect(() => parseOptions("f", schema, { method: "c" })).toThrow(/^f: options\.method: .*got "c"$/);
    expect(() => parseOptions("f", schema, "bins")).toThrow(new TypeError('f: options must be an object, got "bins"'));
    expect(parseOptions("f", schema, { bins: 4 })).toEqual({ bins: 4 });
  });

  test("the one field-accessor schema takes a key name or a function", () => {
    expect(fieldAccessorSchema.safeParse("amount").success).toBe(true);
    expect(fieldAccessorSchema.safeParse((r: { a: number }) => r.a).success).toBe(true);
    expect(fieldAccessorSchema.safeParse("").success).toBe(false);
    expect(fieldAccessorSchema.safeParse(3).success).toBe(false);
  });
});

describe("every exported options schema", () => {
  const schemas = Object.entries({ ...root, ...cluster, ...charts }).filter(([name, value]) => name.endsWith("OptionsSchema") && value instanceof z.ZodType) as [string, z.ZodType][];

  test("there are options schemas to check", () => {
    expect(schemas.length).toBeGreaterThan(20);
  });

  // an options type that is a discriminated union is checked member by member
  const objectsOf = (schema: z.ZodType): z.ZodObject[] =>
    schema instanceof z.ZodObject ? [schema] : schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]).flatMap(objectsOf) : [];

  test.each(schemas)("%s is strict: unknown keys are refused", (_name, schema) => {
    const objects = objectsOf(schema);
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const result = object.safeParse({ notAnOption: 1 });
      expect(result.success).toBe(false);
      expect(result.error?.issues.some((i) => i.code === "unrecognized_keys")).toBe(true);
    }
  });
});

describe("parseOptions with hostile options objects", () => {
  const schema = z.strictObject({ bins: z.number().int().optional(), asOf: z.string().optional() });

  test("a throwing getter becomes a TypeError naming the function, not the caller's raw error", () => {
    const options = Object.defineProperty({}, "asOf", { enumerable: true, get: () => { throw new Error("boom"); } });
    expect(() => parseOptions("scoreRfm", schema, options)).toThrow(TypeError);
    expect(() => parseOptions("scoreRfm", schema, options)).toThrow(/^scoreRfm: options: reading the options threw: boom$/);
  });

  test("a Proxy whose ownKeys trap throws likewise", () => {
    const options = new Proxy({}, { ownKeys: () => { throw new RangeError("trap"); } });
    expect(() => parseOptions("gini", schema, options)).toThrow(/^gini: options: reading the options threw: trap$/);
  });

  test("through a public function", () => {
    const options = Object.defineProperty({}, "bins", { enumerable: true, get: () => { throw new Error("x"); } });
    expect(() => root.scoreRfm([{ customerId: "a", recencyDays: 1, frequency: 1, monetary: 1 }], options)).toThrow(/^scoreRfm: options: reading the options threw: x$/);
  });
});
