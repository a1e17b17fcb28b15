// Spawns the built tgmcp-read over stdio with the real MCP SDK Client, against a fake DC that
// runs in the test process (TGMCP_TESTKIT_DC), with its own data dir and session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type SessionKey, createSessionStore } from '@tgmcp/telegram';
import { type FakeTelegram, type World, demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { afterEach } from 'vitest';

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await Promise.resolve(fn()).catch(() => undefined);
});

export interface Started {
  client: Client;
  fake: FakeTelegram;
  dataDir: string;
  stderr: () => string;
  protocolErrors: Error[];
}

export async function startServer(
  o: {
    world?: World;
    env?: Record<string, string>;
    fake?: FakeTelegram;
    /** Saves the session encrypted under this key (default: plaintext). */
    sessionKey?: SessionKey;
  } = {},
): Promise<Started> {
  const fake = o.fake ?? (await startFakeTelegram({ world: o.world ?? demoWorld() }));
  if (!o.fake) cleanup.push(() => fake.close());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-read-e2e-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  createSessionStore({ dataDir, key: o.sessionKey }).save('main', {
    session: fake.sessionString,
    source: 'test',
    account: { id: String(fake.world.self.id) },
  });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dataDir,
      TG_API_ID: '12345',
      TG_API_HASH: 'feedfacefeedfacefeedfacefeedface',
      TG_DATA_DIR: dataDir,
      TG_SESSION_NAME: 'main',
      TG_GLOBAL_RPS_MODE: 'local',
      RATE_RPS: '200',
      TGMCP_TESTKIT_DC: `127.0.0.1:${fake.port}`,
      ...o.env,
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const protocolErrors: Error[] = [];
  transport.onerror = (e) => protocolErrors.push(e);
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  cleanup.push(() => client.close());
  return { client, fake, dataDir, stderr: () => stderr, protocolErrors };
}

/** The one error format: `{ error: { code, message, retry_after?, field? } }`. */
export function errorOf(result: unknown): {
  code: string;
  message: string;
  retry_after?: number;
  field?: string;
} {
  const r = result as { isError?: boolean; content?: Array<{ type: string; text?: string }> };
  if (!r.isError)
    throw new Error(`expected an error result, got ${JSON.stringify(r).slice(0, 300)}`);
  return (JSON.parse(r.content![0]!.text!) as { error: { code: string; message: string } }).error;
}
