// --demo: the actions server on a seeded fake Telegram with writes enabled for two demo chats,
// operator approvals, and a throwaway data dir (printed, so `approve` can be run against it).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryStore } from '@tgmcp/ratelimit';
import { createSessionStore, importOptional } from '@tgmcp/telegram';
import { buildRuntime } from './serve.js';

// The fake Telegram is an optional dependency: without it, --demo says what to install.
const loadTestkit = () =>
  importOptional('@tgmcp/testkit', 'tgmcp-actions --demo', () => import('@tgmcp/testkit'));

export async function startActionsDemo() {
  const { demoWorld, startFakeTelegram } = await loadTestkit();
  const fake = await startFakeTelegram({ world: demoWorld() });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-actions-demo-'));
  createSessionStore({ dataDir }).save('demo', { session: fake.sessionString, source: 'demo' });
  mkdirSync(path.join(dataDir, 'outbox'), { mode: 0o700 });
  writeFileSync(path.join(dataDir, 'outbox', 'hello.txt'), 'Hello from the tgmcp demo.\n');
  const env = {
    TG_API_ID: '1',
    TG_API_HASH: '0123456789abcdef0123456789abcdef',
    TG_DATA_DIR: dataDir,
    TG_SESSION_NAME: 'demo',
    TG_GLOBAL_RPS_MODE: 'local',
    RATE_RPS: '50',
    TG_ACTIONS_ENABLED: '1',
    TG_ACTIONS_ALLOWED_GROUPS: '@oss_hackers,-3001',
    TG_ACTIONS_APPROVAL_MODE: process.env.TG_ACTIONS_APPROVAL_MODE ?? 'operator',
    HOME: dataDir,
  };
  process.stderr.write(
    `[tgmcp-actions] demo data dir: ${dataDir}\n[tgmcp-actions] approve requests with: TG_DATA_DIR=${dataDir} tgmcp-actions approve <request_id>\n`,
  );
  const runtime = await buildRuntime(env, {
    connect: { clientOptions: fake.connectOptions },
    store: memoryStore(),
  });
  return {
    runtime,
    fake,
    dataDir,
    async stop() {
      await runtime.close();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
