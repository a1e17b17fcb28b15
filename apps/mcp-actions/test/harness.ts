// Spawns the built tgmcp-actions over stdio with the MCP SDK Client against a fake DC running in
// the test process; the operator's commands run as separate processes on the same data dir.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createSessionStore } from '@tgmcp/telegram';
import { type FakeTelegram, type World, demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { Cleanup, type ProcessResult, runNode } from '@tgmcp/testkit/harness';
import { startStdioServer } from '@tgmcp/testkit/mcp-client';
import { afterEach } from 'vitest';

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

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
  operator: (args: string[]) => Promise<ProcessResult>;
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
  if (!o.fake) cleanup.add(() => fake.close());
  let dataDir = o.dataDir;
  if (!dataDir) {
    dataDir = cleanup.tempDir('tgmcp-actions-e2e-');
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
  const s = await startStdioServer({
    script: CLI,
    env,
    clientName: 'actions-e2e',
    elicit: o.elicit,
  });
  cleanup.add(() => s.close());
  const operator = (args: string[]) => runNode(CLI, args, { env, timeoutMs: 20_000 });
  return { client: s.client, fake, dataDir, env, stderr: s.stderr, kill: s.kill, operator };
}

export { toolError as errorOf } from '@tgmcp/testkit/mcp-client';
export const sc = <T = Record<string, unknown>>(r: unknown) =>
  (r as { structuredContent: T }).structuredContent;
