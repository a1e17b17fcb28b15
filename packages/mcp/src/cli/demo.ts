// --demo: the read server (and `status`, `doctor`, `export`) on a seeded testkit world, through
// real gramjs over loopback. A throwaway data dir holds the demo session; nothing touches the
// user's TG_DATA_DIR.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryStore } from '@tgmcp/ratelimit';
import { type ConnectOverride, createSessionStore, importOptional } from '@tgmcp/telegram';
import type { FakeTelegram } from '@tgmcp/testkit';
import { type ServerConfig, loadServerConfig } from '../runtime/config.js';
import { ServerRuntime } from '../runtime/server-runtime.js';

// The fake Telegram is an optional dependency: without it, --demo says what to install.
const loadTestkit = () =>
  importOptional('@tgmcp/testkit', 'tgmcp-read --demo', () => import('@tgmcp/testkit'));

/** The fake Telegram, a data dir with its session, and the config that points at both. */
export interface DemoSetup {
  fake: FakeTelegram;
  dataDir: string;
  config: ServerConfig;
  connect: ConnectOverride;
  stop(): Promise<void>;
}

export async function demoSetup(): Promise<DemoSetup> {
  const { demoWorld, startFakeTelegram } = await loadTestkit();
  const fake = await startFakeTelegram({ world: demoWorld() });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-demo-'));
  createSessionStore({ dataDir }).save('demo', {
    session: fake.sessionString,
    source: 'demo',
    account: { id: String(fake.world.self.id) },
  });
  const config = loadServerConfig({
    TG_API_ID: '1',
    TG_API_HASH: '0123456789abcdef0123456789abcdef',
    TG_DATA_DIR: dataDir,
    TG_SESSION_NAME: 'demo',
    TG_ALLOW_SESSION_SWITCH: '0',
    TG_GLOBAL_RPS_MODE: 'local',
    RATE_RPS: '50',
  });
  return {
    fake,
    dataDir,
    config,
    connect: { clientOptions: fake.connectOptions },
    async stop() {
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startDemo() {
  const demo = await demoSetup();
  const runtime = new ServerRuntime({
    config: demo.config,
    connect: demo.connect,
    store: memoryStore(),
  });
  return {
    runtime,
    fake: demo.fake,
    dataDir: demo.dataDir,
    async stop() {
      await runtime.close().catch(() => undefined);
      await demo.stop();
    },
  };
}
