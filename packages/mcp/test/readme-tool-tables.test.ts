// The READMEs' read-tool tables say what tools/list says: the same tools in the same order, each
// row's parameters (and, where shown, output fields) those of the tool's schemas, and the
// annotations the text states for every read tool. (The actions server's table is checked in
// apps/mcp-actions, which builds that server.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import {
  annotationProblems,
  markdownSection,
  statedAnnotations,
  toolTableProblems,
  toolTables,
} from '@tgmcp/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { listTools } from './helpers/in-process.js';

const ROOT = new URL('../../../', import.meta.url);
const read = (file: string) => readFileSync(fileURLToPath(new URL(file, ROOT)), 'utf8');

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'];

let tools: Tool[];
beforeAll(async () => {
  tools = await listTools();
});

describe.each([
  {
    readme: 'README.md',
    heading: '## Read tools (`@tgmcp/read`)',
    columns: { parameters: 'parameters' },
  },
  {
    readme: 'apps/mcp-read/README.md',
    heading: '## Tools',
    columns: { parameters: 'parameters', outputs: 'output fields' },
  },
])('$readme, $heading', ({ readme, heading, columns }) => {
  const text = markdownSection(read(readme), heading);
  const tables = toolTables(text);

  it('has one tool table listing every tool of tools/list, in its order', () => {
    expect(tables).toHaveLength(1);
    expect(tables[0]!.names).toEqual(tools.map((t) => t.name));
  });

  it("each row's columns match the tool's schemas", () => {
    expect(toolTableProblems(tables[0]!, tools, columns)).toEqual([]);
  });

  it('the annotations the section states are every tool’s', () => {
    const stated = statedAnnotations(text.slice(0, text.indexOf('| tool')));
    expect([...stated.keys()].sort()).toEqual([...HINTS].sort());
    expect(tools.flatMap((t) => annotationProblems(t, stated, HINTS))).toEqual([]);
  });
});
