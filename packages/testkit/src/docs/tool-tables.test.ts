// The README tool-table check finds each kind of difference planted in a small README.
import { describe, expect, it } from 'vitest';
import {
  type ListedTool,
  documentedNames,
  markdownSection,
  markdownTables,
  statedAnnotations,
  toolTableProblems,
  toolTables,
} from './tool-tables.js';

const README = `# Server

| command | what |
| ------- | ---- |
| \`a \\| b\` | pipes escaped |

\`\`\`text
| tool | not a table: fenced |
| ---- | ---- |
\`\`\`

| tool | parameters | output fields | annotations |
| ---- | ---------- | ------------- | ----------- |
| \`tg_read\` | \`group\`, \`limit\` (100, max \`TG_MAX\`) | \`count\`, \`items[]\`, \`account {id, name}\` | readOnlyHint true, destructiveHint false |
| \`tg_read_more\` | \`group\` | same as above | readOnlyHint true, destructiveHint false |
| \`tg_write\` | \`group\`, \`text\` | none | readOnlyHint false, destructiveHint true |
`;

const TOOLS: ListedTool[] = [
  {
    name: 'tg_read',
    inputSchema: { properties: { group: {}, limit: {} } },
    outputSchema: { properties: { count: {}, items: {}, account: {} } },
    annotations: { readOnlyHint: true, destructiveHint: false },
  },
  {
    name: 'tg_read_more',
    inputSchema: { properties: { group: {} } },
    outputSchema: { properties: { count: {}, items: {}, account: {} } },
    annotations: { readOnlyHint: true, destructiveHint: false },
  },
  {
    name: 'tg_write',
    inputSchema: { properties: { group: {}, text: {}, dry_run: {}, confirm: {} } },
    outputSchema: { properties: {} },
    annotations: { readOnlyHint: false, destructiveHint: true },
  },
];
const COLUMNS = {
  parameters: 'parameters',
  commonParameters: ['dry_run', 'confirm'],
  outputs: 'output fields',
  annotations: 'annotations',
  requiredAnnotations: ['readOnlyHint', 'destructiveHint'],
};

describe('README tool tables', () => {
  it('reads pipe tables outside code fences, with escaped pipes', () => {
    const tables = markdownTables(README);
    expect(tables.map((t) => t.header[0])).toEqual(['command', 'tool']);
    expect(tables[0]!.rows).toEqual([['`a | b`', 'pipes escaped']]);
    expect(toolTables(README).map((t) => t.names)).toEqual([
      ['tg_read', 'tg_read_more', 'tg_write'],
    ]);
  });

  it('cuts a section at the next heading of its level or above', () => {
    const md = '# A\n\n## B\nb\n### C\nc\n## D\nd\n';
    expect(markdownSection(md, '## B')).toBe('b\n### C\nc');
    expect(markdownSection(md, '### C')).toBe('c');
    expect(markdownSection(md, '## D')).toBe('d\n');
    expect(() => markdownSection(md, '## E')).toThrow(/no section/);
  });

  it('takes the names a cell documents, not its remarks', () => {
    expect(documentedNames('`group`, `limit` (100, max `TG_MAX`), `x`=5')).toEqual([
      'group',
      'limit',
      'x',
    ]);
    expect(documentedNames('`items[]`, `account {id, name}`')).toEqual(['items', 'account']);
    expect(documentedNames('none')).toEqual([]);
    expect(statedAnnotations('`readOnlyHint: true`, destructiveHint false')).toEqual(
      new Map([
        ['readOnlyHint', true],
        ['destructiveHint', false],
      ]),
    );
  });

  it('finds no problem when the table and the tools agree', () => {
    expect(toolTableProblems(toolTables(README)[0]!, TOOLS, COLUMNS)).toEqual([]);
  });

  it('finds each planted difference', () => {
    const plant = (from: string, to: string) =>
      toolTableProblems(toolTables(README.replace(from, to))[0]!, TOOLS, COLUMNS);
    expect(plant('| `tg_write` |', '| `tg_wrote` |')).toEqual([
      expect.stringContaining('tg_wrote: in the README table'),
    ]);
    expect(plant('`group`, `limit` (', '`group` (')).toEqual([
      'tg_read parameters: not in the README: limit',
    ]);
    expect(plant('`group`, `text`', '`group`, `text`, `caption`')).toEqual([
      'tg_write parameters: in the README but not on the server: caption',
    ]);
    expect(plant('`count`, `items[]`', '`count`')).toEqual([
      'tg_read output fields: not in the README: items',
      // "same as above" follows the row above
      'tg_read_more output fields: not in the README: items',
    ]);
    expect(
      plant(
        'readOnlyHint false, destructiveHint true',
        'readOnlyHint false, destructiveHint false',
      ),
    ).toEqual(['tg_write: the README says destructiveHint false, the server true']);
    expect(plant('readOnlyHint false, destructiveHint true', 'destructiveHint true')).toEqual([
      'tg_write: the README does not state readOnlyHint',
    ]);
  });

  it('a tool without the common parameters is compared on all of its own', () => {
    const tools = TOOLS.map((t) =>
      t.name === 'tg_read'
        ? { ...t, inputSchema: { properties: { group: {}, limit: {}, confirm: {} } } }
        : t,
    );
    expect(toolTableProblems(toolTables(README)[0]!, tools, COLUMNS)).toEqual([
      'tg_read parameters: not in the README: confirm',
    ]);
  });
});
