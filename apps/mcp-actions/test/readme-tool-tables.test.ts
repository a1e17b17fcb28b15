// The actions README's tool list says what the actions server's tools/list says: the shared read
// tools it names, then a table of its own tools in order, each row's parameters (the write tools'
// common ones described once below the table) and annotations. The root README names only tools
// this server has. The read tables are checked in packages/mcp.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { memoryStore } from '@tgmcp/ratelimit';
import {
  annotationProblems,
  documentedNames,
  markdownSection,
  statedAnnotations,
  toolTableProblems,
  toolTables,
} from '@tgmcp/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
// The package exports only the server factory; the runtime is built as the CLI builds it.
import { buildRuntime } from '../src/commands/serve.js';
import { createActionsServer } from '../src/index.js';

const ROOT = new URL('../../../', import.meta.url);
const read = (file: string) => readFileSync(fileURLToPath(new URL(file, ROOT)), 'utf8');

/** tools/list of the actions server, in process (listing never connects to Telegram). */
async function listActionsTools(): Promise<Tool[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-actions-readme-'));
  const runtime = await buildRuntime({ TG_DATA_DIR: dataDir }, { store: memoryStore() });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createActionsServer(runtime).connect(serverSide);
  const client = new Client({ name: 'readme-check', version: '0.0.0' });
  await client.connect(clientSide);
  try {
    return (await client.listTools()).tools;
  } finally {
    await client.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

let tools: Tool[];
beforeAll(async () => {
  tools = await listActionsTools();
});

describe('apps/mcp-actions/README.md, ## Tools', () => {
  const text = markdownSection(read('apps/mcp-actions/README.md'), '## Tools');
  const shared = documentedNames(/^Shared read tools[^:]*:([^.]*)\./m.exec(text)?.[1] ?? '');
  const tables = toolTables(text);
  // "The five write tools (...) also take `dry_run` ..., and answer": described once for all.
  const common = documentedNames(/also take (.*?), and answer/s.exec(text)?.[1] ?? '');

  it('names the shared read tools, then tabulates every other tool, in tools/list order', () => {
    expect(tables).toHaveLength(1);
    expect(shared.length).toBeGreaterThan(0);
    expect([...shared, ...tables[0]!.names]).toEqual(tools.map((t) => t.name));
  });

  it("each row's parameters and annotations are the tool's", () => {
    expect(common).toEqual([
      'dry_run',
      'confirm',
      'confirmation_text',
      'approval_code',
      'request_id',
      'force_resend',
    ]);
    expect(
      toolTableProblems(tables[0]!, tools, {
        parameters: 'parameters',
        commonParameters: common,
        annotations: 'annotations',
        requiredAnnotations: ['readOnlyHint', 'destructiveHint', 'idempotentHint'],
      }),
    ).toEqual([]);
  });

  it('the annotation the text states for every tool holds for every tool', () => {
    const stated = statedAnnotations(text.slice(0, text.indexOf('| tool')));
    expect([...stated.keys()]).toEqual(['openWorldHint']);
    expect(tools.flatMap((t) => annotationProblems(t, stated))).toEqual([]);
  });
});

describe('README.md, ## Approved writes', () => {
  it('names only tools the actions server has', () => {
    const text = markdownSection(read('README.md'), '## Approved writes (`@tgmcp/actions`)');
    const named = [...new Set([...text.matchAll(/`(tg_[a-z_]+)`/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n) => !tools.some((t) => t.name === n))).toEqual([]);
  });
});
