// The JSON schemas advertised in tools/list, in the subset every popular client accepts (Gemini's
// OpenAPI subset, OpenAI function calling, the MCP Inspector's portability check). Arguments are
// still validated with the full zod schema (tool-calls.ts): this only shapes what is advertised.
import { z } from 'zod';

/**
 * The only keywords an advertised input schema uses (a test walks every tool against it).
 * `format` is used only as `date-time`; no `anyOf`, `pattern`, `additionalProperties`, `$schema`,
 * `exclusiveMinimum` or `type` arrays: clients drop or reject them.
 */
export const INPUT_KEYWORDS = [
  'type',
  'properties',
  'required',
  'items',
  'enum',
  'description',
  'default',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'format',
] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const SCALAR = new Set(['string', 'integer', 'number']);

/** tools/list's JSON schema of a tool's input or output. */
export function portableSchema(schema: z.ZodObject, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return clean(json, io);
}

function clean(node: Json, io: 'input' | 'output'): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, isObject(v) ? clean(v, io) : v]),
      );
    } else if (key === 'items' || key === 'additionalProperties') {
      // `{}` (any value) is the meaning of an absent keyword: say nothing rather than `{}`.
      // `additionalProperties: false` is left out too (Gemini rejects the keyword; the server
      // validates arguments itself and never emits unknown fields).
      if (isObject(value) && Object.keys(value).length > 0) out[key] = clean(value, io);
    } else if (key === 'anyOf' && Array.isArray(value)) {
      Object.assign(out, collapseUnion(value as Json[], io));
    } else if (key === 'type' && Array.isArray(value)) {
      // `["string","null"]` -> one type per branch (the Inspector's portability check).
      out.anyOf = (value as string[]).map((t) => ({ type: t }));
    } else if (key === '$schema' || key === 'propertyNames' || key === 'pattern') {
      // $schema: the MCP default dialect; propertyNames: JSON keys are strings anyway;
      // pattern: zod validates it, the advertised description says the format.
    } else if (key === 'format') {
      if (value === 'date-time') out.format = value;
    } else {
      out[key] = value;
    }
  }
  // zod's bounds of a safe integer, and `exclusiveMinimum: 0` where `minimum: 1` is meant.
  if (out.type === 'integer') {
    if (typeof out.exclusiveMinimum === 'number') out.minimum = out.exclusiveMinimum + 1;
    if (typeof out.exclusiveMaximum === 'number') out.maximum = out.exclusiveMaximum - 1;
    delete out.exclusiveMinimum;
    delete out.exclusiveMaximum;
    if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
    if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  }
  return out;
}

/**
 * A union of scalars (a chat as `@name` or a numeric id; a date or a date-time) is advertised as
 * one string: numbers are still accepted, but no client has to understand `anyOf`. Other unions
 * stay (output schemas only; an input with one fails the keyword test).
 */
function collapseUnion(branches: Json[], io: 'input' | 'output'): Json {
  const cleaned = branches.map((b) => clean(b, io));
  if (cleaned.every((b) => typeof b.type === 'string' && SCALAR.has(b.type))) {
    if (cleaned.every((b) => b.type === cleaned[0]!.type)) {
      const format = cleaned.every((b) => b.format === 'date-time') ? { format: 'date-time' } : {};
      return { type: cleaned[0]!.type, ...format };
    }
    return { type: 'string' };
  }
  return { anyOf: cleaned };
}

/**
 * What keeps a schema from being portable: in an input schema, a keyword outside INPUT_KEYWORDS,
 * a `type` that is not one type or a `format` other than date-time; anywhere, a `type` array or
 * an empty schema (it accepts anything). Each problem is named by its path.
 */
export function schemaProblems(schema: unknown, io: 'input' | 'output', at = '$'): string[] {
  if (!isObject(schema)) return [`${at}: not a schema object`];
  const found: string[] = [];
  if (Object.keys(schema).length === 0) found.push(`${at}: empty schema`);
  if (Array.isArray(schema.type)) found.push(`${at}.type is an array`);
  for (const [key, value] of Object.entries(schema)) {
    if (io === 'input' && !(INPUT_KEYWORDS as readonly string[]).includes(key))
      found.push(`${at}.${key}: keyword not allowed`);
    if (io === 'input' && key === 'format' && value !== 'date-time')
      found.push(`${at}.format ${String(value)}`);
    if (key === 'properties' && isObject(value))
      for (const [name, sub] of Object.entries(value))
        found.push(...schemaProblems(sub, io, `${at}.${name}`));
    else if (
      (key === 'items' || key === 'additionalProperties' || key === 'not') &&
      isObject(value)
    )
      found.push(...schemaProblems(value, io, `${at}.${key}`));
    else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value))
      value.forEach((sub, i) => found.push(...schemaProblems(sub, io, `${at}.${key}[${i}]`)));
  }
  return found;
}
