// README tool tables against a server's tools/list: the tables are read from the Markdown (GFM
// pipe tables whose first column is `tool`), and each row's parameters, output fields and
// annotations are compared with what the server advertises. No Markdown library: the READMEs'
// tables are plain pipe rows, and the testkit is installed with `--demo` (kept small).

/** A GFM pipe table: its header cells and rows of cells, and the line it starts on (1-based). */
export interface MarkdownTable {
  line: number;
  header: string[];
  rows: string[][];
}

/** The parts of a tools/list entry the tables describe. */
export interface ListedTool {
  name: string;
  title?: string;
  inputSchema: { properties?: Record<string, unknown> };
  outputSchema?: { properties?: Record<string, unknown> };
  annotations?: Record<string, unknown>;
}

/** A table whose first column is `tool`: rows keyed by the tool's name, cells by header. */
export interface ToolTable {
  line: number;
  names: string[];
  rows: Array<{ name: string; cells: Record<string, string> }>;
}

// A pipe splits cells unless escaped (`\|`, as in `[--yes \| --reject]`).
const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));

const isDelimiter = (line: string) => /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);

/** Every pipe table of `markdown` outside fenced code blocks. */
export function markdownTables(markdown: string): MarkdownTable[] {
  const lines = markdown.split('\n');
  const tables: MarkdownTable[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || !line.trim().startsWith('|') || !isDelimiter(lines[i + 1]?.trim() ?? ''))
      continue;
    const table: MarkdownTable = { line: i + 1, header: cellsOf(line), rows: [] };
    for (i += 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++)
      table.rows.push(cellsOf(lines[i]!));
    tables.push(table);
    i--;
  }
  return tables;
}

/**
 * The text of the section under `heading` (a whole heading line, `## Tools`), up to the next
 * heading of the same or a higher level.
 */
export function markdownSection(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no section ${JSON.stringify(heading)}`);
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  const next = lines.findIndex(
    (l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level,
  );
  return lines.slice(start + 1, next < 0 ? undefined : next).join('\n');
}

/** The tables of `markdown` listing tools (first header cell `tool`, names in backticks). */
export function toolTables(markdown: string): ToolTable[] {
  return markdownTables(markdown)
    .filter((t) => t.header[0]?.toLowerCase() === 'tool')
    .map((t) => {
      const rows = t.rows.map((cells) => ({
        name: /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1] ?? cells[0] ?? '',
        cells: Object.fromEntries(t.header.map((h, i) => [h.toLowerCase(), cells[i] ?? ''])),
      }));
      return { line: t.line, names: rows.map((r) => r.name), rows };
    });
}

/**
 * The names a cell documents: each backticked identifier outside parentheses (`limit`=100,
 * `participants[]`, `account {id, ...}` give limit, participants, account). Parenthesized
 * remarks (`(100, max `TG_READ_MAX_ITEMS`)`) are comments on the name before them.
 */
export function documentedNames(cell: string): string[] {
  const bare = cell.replace(/\([^()]*\)/g, '');
  return [...bare.matchAll(/`([^`]+)`/g)]
    .map((m) => /^[A-Za-z_][A-Za-z0-9_]*/.exec(m[1]!.trim())?.[0])
    .filter((n): n is string => !!n);
}

function setProblems(what: string, documented: string[], actual: string[]): string[] {
  const out: string[] = [];
  const missing = actual.filter((n) => !documented.includes(n));
  const extra = documented.filter((n) => !actual.includes(n));
  if (missing.length) out.push(`${what}: not in the README: ${missing.join(', ')}`);
  if (extra.length) out.push(`${what}: in the README but not on the server: ${extra.join(', ')}`);
  return out;
}

export interface ToolTableColumns {
  /** The column listing input parameters (compared with inputSchema.properties). */
  parameters?: string;
  /**
   * Parameters every tool of a kind takes, described once under the table instead of per row:
   * left out of the comparison for tools whose input has all of them.
   */
  commonParameters?: string[];
  /** The column listing output fields (compared with outputSchema.properties). */
  outputs?: string;
  /** The column stating annotations (`destructiveHint true, readOnlyHint false`). */
  annotations?: string;
  /** Annotations every row must state. */
  requiredAnnotations?: string[];
}

/** Annotations a text states: `readOnlyHint true`, `destructiveHint: false`, ... */
export function statedAnnotations(text: string): Map<string, boolean> {
  return new Map(
    [...text.matchAll(/(\w+Hint)`?\s*:?\s*`?(true|false)/g)].map((m) => [m[1]!, m[2] === 'true']),
  );
}

/** Where `tool`'s annotations differ from what a text states about them. */
export function annotationProblems(
  tool: ListedTool,
  stated: Map<string, boolean>,
  required: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  for (const hint of required)
    if (!stated.has(hint)) problems.push(`${tool.name}: the README does not state ${hint}`);
  for (const [hint, value] of stated)
    if (tool.annotations?.[hint] !== value)
      problems.push(
        `${tool.name}: the README says ${hint} ${value}, the server ${String(tool.annotations?.[hint])}`,
      );
  return problems;
}

/**
 * Where a tool table and the server's tools disagree, one line each (empty when they agree):
 * rows naming no tool of the server, and per row the columns named in `columns`. Which tools a
 * table must list is the caller's to say (a table may cover only part of a server).
 */
export function toolTableProblems(
  table: ToolTable,
  tools: readonly ListedTool[],
  columns: ToolTableColumns,
): string[] {
  const problems: string[] = [];
  const byName = new Map(tools.map((t) => [t.name, t]));
  let previousOutputs: string[] = [];
  for (const row of table.rows) {
    const tool = byName.get(row.name);
    if (!tool) {
      problems.push(`${row.name}: in the README table (line ${table.line}) but not on the server`);
      continue;
    }
    const at = (column: string) => {
      const cell = row.cells[column.toLowerCase()];
      if (cell === undefined)
        throw new Error(`the table at line ${table.line} has no column ${column}`);
      return cell;
    };
    if (columns.parameters) {
      const actual = Object.keys(tool.inputSchema.properties ?? {});
      const common = columns.commonParameters ?? [];
      const own =
        common.length > 0 && common.every((p) => actual.includes(p))
          ? actual.filter((p) => !common.includes(p))
          : actual;
      problems.push(
        ...setProblems(`${row.name} parameters`, documentedNames(at(columns.parameters)), own),
      );
    }
    if (columns.outputs) {
      const cell = at(columns.outputs);
      const documented = /^same as above$/i.test(cell) ? previousOutputs : documentedNames(cell);
      previousOutputs = documented;
      problems.push(
        ...setProblems(
          `${row.name} output fields`,
          documented,
          Object.keys(tool.outputSchema?.properties ?? {}),
        ),
      );
    }
    if (columns.annotations)
      problems.push(
        ...annotationProblems(
          tool,
          statedAnnotations(at(columns.annotations)),
          columns.requiredAnnotations,
        ),
      );
  }
  return problems;
}
