// Spawns the built tgmcp-read over stdio with the real MCP SDK Client, against a fake DC that
// runs in the test process (TGMCP_TESTKIT_DC), with its own data dir and session.
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type SessionKey, createSessionStore } from '@tgmcp/telegram';
import { type FakeTelegram, type World, demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { Cleanup, type ProcessResult, runNode, serverEnv } from '@tgmcp/testkit/harness';
import { startStdioServer } from '@tgmcp/testkit/mcp-client';
import { afterEach } from 'vitest';

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

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
  if (!o.fake) cleanup.add(() => fake.close());
  const dataDir = cleanup.tempDir('tgmcp-read-e2e-');
  createSessionStore({ dataDir, key: o.sessionKey }).save('main', {
    session: fake.sessionString,
    source: 'test',
    account: { id: String(fake.world.self.id) },
  });
  const s = await startStdioServer({
    script: CLI,
    env: { ...serverEnv({ dataDir, fakeDcPort: fake.port }), ...o.env },
    clientName: 'e2e',
  });
  cleanup.add(() => s.close());
  return { client: s.client, fake, dataDir, stderr: s.stderr, protocolErrors: s.protocolErrors };
}

/** The environment for a CLI command (status, doctor, export) on a started server's data dir. */
export const cliEnv = (s: Started, extra: Record<string, string> = {}): Record<string, string> => ({
  ...serverEnv({ dataDir: s.dataDir, fakeDcPort: s.fake.port }),
  ...extra,
});

/** Runs the built CLI with a fresh HOME (removed after the test) unless `env` names one. */
export const runCli = (
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<ProcessResult> =>
  runNode(CLI, args, {
    env: { PATH: process.env.PATH ?? '', HOME: cleanup.tempDir('tgmcp-cli-'), ...env },
    timeoutMs,
  });

/** The one error format: `{ error: { code, message, retry_after?, field? } }`. */
export { toolError as errorOf } from '@tgmcp/testkit/mcp-client';
