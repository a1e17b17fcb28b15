// Elicitation over a real SDK client and server (in memory): the question and the approve
// switch the client is shown, true only for an explicit approval, the deadline paused meanwhile.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { askPersonByElicitation, clientCanElicit } from './elicit-approval.js';

async function connected(answers: ElicitResult[] | undefined) {
  const mcp = new McpServer({ name: 's', version: '1' });
  const client = new Client(
    { name: 'c', version: '1' },
    { capabilities: answers ? { elicitation: {} } : {} },
  );
  const shown: unknown[] = [];
  if (answers)
    client.setRequestHandler(ElicitRequestSchema, (req) => {
      shown.push(req.params);
      return answers.shift() ?? { action: 'cancel' };
    });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([mcp.connect(a), client.connect(b)]);
  return { mcp, shown, close: () => Promise.all([client.close(), mcp.close()]) };
}

describe('askPersonByElicitation', () => {
  it('asks with an approve switch and is true only for an accepted approve=true', async () => {
    const s = await connected([
      { action: 'accept', content: { approve: true } },
      { action: 'accept', content: { approve: false } },
      { action: 'decline' },
    ]);
    const waits: string[] = [];
    const runtime = {
      async humanWait<T>(fn: () => Promise<T>): Promise<T> {
        waits.push('paused');
        try {
          return await fn();
        } finally {
          waits.push('resumed');
        }
      },
    };
    expect(clientCanElicit(s.mcp)).toBe(true);
    const ask = askPersonByElicitation(s.mcp, runtime);
    expect(await ask({ message: 'Send it?', detail: 'Exactly as shown' })).toBe(true);
    expect(await ask({ message: 'Again?' })).toBe(false);
    expect(await ask({ message: 'Once more?' })).toBe(false);
    expect(s.shown[0]).toMatchObject({
      message: 'Send it?',
      requestedSchema: {
        type: 'object',
        properties: {
          approve: { type: 'boolean', title: 'Approve', description: 'Exactly as shown' },
        },
        required: ['approve'],
      },
    });
    expect(s.shown[1]).toMatchObject({
      requestedSchema: { properties: { approve: { type: 'boolean', title: 'Approve' } } },
    });
    expect(JSON.stringify(s.shown[1])).not.toContain('description');
    expect(waits).toEqual(['paused', 'resumed', 'paused', 'resumed', 'paused', 'resumed']);
    await s.close();
  });

  it('knows a client that cannot elicit', async () => {
    const s = await connected(undefined);
    expect(clientCanElicit(s.mcp)).toBe(false);
    await s.close();
  });
});
