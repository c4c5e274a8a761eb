import { z } from "zod";
import { describeValue } from "./errors.js";

/**
 * The one schema of a field mapping's value: a key name (non-empty string) or an accessor
 * `(row, index) => value`.
 */
export const fieldAccessorSchema: z.ZodUnion<readonly [z.ZodString, z.ZodCustom<(row: any, index: number) => unknown>]> = z.union([
  z.string().min(1),
  z.custom<(row: any, index: number) => unknown>((v) => typeof v === "function", { message: "expected a key name or a function (row, index) => value" }),
]);

/** A date option: ISO string, `Date` or epoch milliseconds (checked further by the reader). */
export const dateInputSchema: z.ZodUnion<readonly [z.ZodString, z.ZodDate, z.ZodNumber]> = z.union([z.string(), z.date(), z.number()]);

/** A zod shape with one schema per key of `T`, optional keys included. */
export type OptionsShape<T> = { [K in keyof T]-?: z.ZodType };

/**
 * The type of an options schema of the library (made by its `defineOptions` helper): a strict zod
 * object with, for each key of `T`, a schema whose output is that key's type. Annotating an exported
 * schema with it makes tsc check the types as well as the keys.
 */
export type OptionsSchema<T> = z.ZodObject<{ [K in keyof T]-?: z.ZodType<T[K]> }, z.core.$strict>;

/**
 * Defines the strict zod schema of an options interface `T`. The shape must name exactly the keys of
 * `T`: a key missing from the shape, or one `T` does not have, fails to compile; unknown keys fail at
 * run time. Call it as `defineOptions<MyOptions>()({ ... })`.
 */
export function defineOptions<T extends object>(): <S extends OptionsShape<T>>(shape: S & { [K in Exclude<keyof S, keyof T>]: never }) => z.ZodObject<S, z.core.$strict> {
  return <S extends OptionsShape<T>>(shape: S & { [K in Exclude<keyof S, keyof T>]: never }): z.ZodObject<S, z.core.$strict> =>
    z.strictObject(shape);
}

/**
 * The `TypeError` for an options object whose getter or Proxy trap threw while it was read: named
 * after the function, never the caller's raw error.
 */
export function optionsReadError(fn: string, error: unknown): TypeError {
  let said: string;
  try {
    said = error instanceof Error ? error.message : describeValue(error);
  } catch {
    said = "an unreadable error";
  }
  return new TypeError(`${fn}: options: reading the options threw: ${said}`);
}

/**
 * A shallow copy of the caller's options object's own enumerable properties, read once; a getter or
 * Proxy trap that throws becomes {@link optionsReadError}.
 */
export function snapshotOptions(fn: string, options: object): Record<string, unknown> {
  try {
    return { ...options } as Record<string, unknown>;
  } catch (error) {
    throw optionsReadError(fn, error);
  }
}

/**
 * Validates an options object with a zod schema; bad options become `TypeError` (wrong type, unknown
 * key) or `RangeError` (value out of range or not among the allowed ones), prefixed with `fn`.
 */
export function parseOptions<S extends z.ZodType>(fn: string, schema: S, options: unknown): z.output<S> {
  if (options === undefined || options === null || typeof options !== "object") {
    throw new TypeError(`${fn}: options must be an object, got ${describeValue(options)}`);
  }
  let result: ReturnType<S["safeParse"]>;
  try {
    result = schema.safeParse(options) as ReturnType<S["safeParse"]>;
  } catch (error) {
    throw optionsReadError(fn, error);
  }
  if (result.success) return result.data as z.output<S>;
  const issue = result.error.issues[0];
  const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
  const path = ["options", ...issue.path.map(String)].join(".");
  const rangeLike = issue.code === "too_small" || issue.code === "too_big" || issue.code === "invalid_value";
  let received: unknown;
  try {
    received = issue.path.reduce<unknown>((v, k) => (v == null ? v : (v as Record<PropertyKey, unknown>)[k as PropertyKey]), options);
  } catch {
    received = "a value whose getter throws";
  }
  const message =
    keys.length > 0
      ? `${fn}: ${path}: unknown option${keys.length > 1 ? "s" : ""} ${keys.map((k) => JSON.stringify(k)).join(", ")}`
      : `${fn}: ${path}: ${issue.message}, got ${describeValue(received)}`;
  throw rangeLike ? new RangeError(message) : new TypeError(message);
}

/**
 * `defaults` with the keys of `given` that are not `undefined`: `{ cooling: undefined }` keeps the
 * default instead of replacing it (a plain spread would).
 */
export function withDefaults<T extends object>(defaults: T, given: { readonly [K in keyof T]?: T[K] | undefined } | undefined): T {
  const out = { ...defaults };
  if (given) for (const key of Object.keys(given) as (keyof T)[]) if (given[key] !== undefined) out[key] = given[key] as T[keyof T];
  return out;
}
