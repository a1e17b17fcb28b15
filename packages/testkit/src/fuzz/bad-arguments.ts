// Invalid tool arguments derived from a tool's advertised JSON input schema (tools/list), for
// fuzzing MCP servers: each case says which field a server should name as the first bad one.
// A candidate value is kept only when the schema itself rejects it, so a case is never valid.

export interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

export interface BadArgumentsCase {
  tool: string;
  /** The `arguments` to send; `undefined` means the field is left out of the request. */
  arguments: unknown;
  /** The first bad field in declared order, or `arguments` when they are not an object. */
  field: string;
  why: string;
}

const typeOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'number'
        : typeof v;

/** Whether `value` satisfies `schema`, for the keywords tool input schemas use. */
export function schemaAccepts(schema: JsonSchema, value: unknown): boolean {
  if (schema.anyOf) return schema.anyOf.some((s) => schemaAccepts(s, value));
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) return false;
  }
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return false;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) return false;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false;
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
  }
  if (Array.isArray(value) && schema.items)
    return value.every((v) => schemaAccepts(schema.items!, v));
  return true;
}

const branches = (s: JsonSchema): JsonSchema[] => (s.anyOf ? s.anyOf.flatMap(branches) : [s]);

/** Values of every JSON type and edge, plus ones just outside each bound of the schema. */
function candidates(schema: JsonSchema): unknown[] {
  const out: unknown[] = [
    null,
    true,
    false,
    0,
    -1,
    1,
    1.5,
    -2.5,
    1e21,
    '',
    ' ',
    'abc',
    '-1',
    '12',
    'not_a_listed_value',
    'x'.repeat(5000),
    [],
    ['x'],
    [1],
    [null],
    {},
    { nested: 1 },
  ];
  for (const b of branches(schema)) {
    if (b.minimum !== undefined) out.push(b.minimum - 1);
    if (b.maximum !== undefined) out.push(b.maximum + 1);
    if (b.exclusiveMinimum !== undefined) out.push(b.exclusiveMinimum);
    if (b.exclusiveMaximum !== undefined) out.push(b.exclusiveMaximum);
    if (b.maxLength !== undefined) out.push('y'.repeat(b.maxLength + 1));
    if (b.minLength !== undefined && b.minLength > 0) out.push('z'.repeat(b.minLength - 1));
    if (b.items)
      out.push(
        ...candidates(b.items)
          .filter((v) => !schemaAccepts(b.items!, v))
          .map((v) => [v]),
      );
  }
  return out;
}

const NOT_OBJECTS: unknown[] = ['text', 42, 0, true, false, null, [], [1, 'a'], [{}]];

/** Invalid `arguments` for one tool: non-objects, missing required fields, and a bad value per field. */
export function badArguments(tool: { name: string; inputSchema: JsonSchema }): BadArgumentsCase[] {
  const props = tool.inputSchema.properties ?? {};
  const required = new Set(tool.inputSchema.required ?? []);
  const keys = Object.keys(props);
  const cases: BadArgumentsCase[] = NOT_OBJECTS.map((v) => ({
    tool: tool.name,
    arguments: v,
    field: 'arguments',
    why: `arguments ${JSON.stringify(v)}`,
  }));
  const firstRequired = keys.find((k) => required.has(k));
  if (firstRequired) {
    cases.push({
      tool: tool.name,
      arguments: undefined,
      field: firstRequired,
      why: 'no arguments',
    });
    cases.push({ tool: tool.name, arguments: {}, field: firstRequired, why: 'empty arguments' });
  }
  for (const key of keys) {
    // Required fields declared before `key` are missing too, and come first.
    const field = keys.find((k) => k === key || required.has(k))!;
    const seen = new Set<string>();
    for (const value of candidates(props[key]!)) {
      const id = JSON.stringify(value);
      if (seen.has(id) || schemaAccepts(props[key]!, value)) continue;
      seen.add(id);
      cases.push({
        tool: tool.name,
        arguments: { [key]: value },
        field,
        why: `${key}=${id.slice(0, 40)}`,
      });
    }
  }
  return cases;
}
