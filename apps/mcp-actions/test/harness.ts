// Spawns the built tgmcp-actions over stdio with the MCP SDK Client against a fake DC running in
// the test process; the operator's commands run as separate processes on the same data dir.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { createSessionStore } from '@tgmcp/telegram';
import { type FakeTelegram, type World, demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { afterEach } from 'vitest';

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await Promise.resolve(fn()).catch(() => undefined);
});

export const BASE_ENV = {
  TG_API_ID: '12345',
  TG_API_HASH: 'feedfacefeedfacefeedfacefeedface',
  TG_SESSION_NAME: 'main',
  TG_GLOBAL_RPS_MODE: 'local',
  RATE_RPS: '200',
  TG_ACTIONS_ENABLED: '1',
  TG_ACTIONS_ALLOWED_GROUPS: '@oss_hackers,-3001',
  // No wait between preview and execute in these flow tests (the minimum age has its own test):
  // below the safety floor, so the override acknowledges it.
  TG_ACTIONS_APPROVAL_MIN_AGE_SEC: '0',
  TG_ACTIONS_UNSAFE_OVERRIDE: '1',
};

export interface Actions {
  client: Client;
  fake: FakeTelegram;
  dataDir: string;
  env: Record<string, string>;
  stderr: () => string;
  /** kill -9 of the server process. */
  kill: () => void;
  operator: (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
}

export async function startActions(
  o: {
    world?: World;
    env?: Record<string, string>;
    elicit?: (message: string) => boolean;
    fake?: FakeTelegram;
    dataDir?: string;
  } = {},
): Promise<Actions> {
  const fake = o.fake ?? (await startFakeTelegram({ world: o.world ?? demoWorld() }));
  if (!o.fake) cleanup.push(() => fake.close());
  const dataDir = o.dataDir ?? mkdtempSync(path.join(tmpdir(), 'tgmcp-actions-e2e-'));
  if (!o.dataDir) {
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    createSessionStore({ dataDir }).save('main', { session: fake.sessionString, source: 'test' });
    mkdirSync(path.join(dataDir, 'outbox'), { recursive: true });
    writeFileSync(path.join(dataDir, 'outbox', 'report.csv'), 'a,b\n1,2\n');
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dataDir,
    TG_DATA_DIR: dataDir,
    TGMCP_TESTKIT_DC: `127.0.0.1:${fake.port}`,
    ...BASE_ENV,
    ...o.env,
  };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI],
    env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client(
    { name: 'actions-e2e', version: '1.0.0' },
    { capabilities: o.elicit ? { elicitation: {} } : {} },
  );
  if (o.elicit) {
    const answer = o.elicit;
    client.setRequestHandler(ElicitRequestSchema, (req) => ({
      action: 'accept',
      content: { approve: answer(req.params.message) },
    }));
  }
  await client.connect(transport);
  cleanup.push(() => client.close());
  const operator = (args: string[]) =>
    promisify(execFile)(process.execPath, [CLI, ...args], { env, timeout: 20_000 }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
  const kill = () => {
    if (transport.pid) process.kill(transport.pid, 'SIGKILL');
  };
  return { client, fake, dataDir, env, stderr: () => stderr, kill, operator };
}

export function errorOf(result: unknown): {
  code: string;
  message: string;
  field?: string;
  retry_after?: number;
} {
  const r = result as { isError?: boolean; content?: Array<{ text?: string }> };
  if (!r.isError) throw new Error(`expected an error, got ${JSON.stringify(r).slice(0, 400)}`);
  return (JSON.parse(r.content![0]!.text!) as { error: { code: string; message: string } }).error;
}

export const sc = <T = Record<string, unknown>>(r: unknown) =>
  (r as { structuredContent: T }).structuredContent;
