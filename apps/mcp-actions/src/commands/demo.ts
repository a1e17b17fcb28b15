// --demo: the actions server on a seeded fake Telegram with writes enabled for two demo chats and
// operator approvals, in the stable per-user demo dir (@tgmcp/mcp's openStableDemo) that the
// operator's commands find with --demo: `tgmcp-actions approve --demo <id>`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openStableDemo } from '@tgmcp/mcp';
import { memoryStore } from '@tgmcp/ratelimit';
import type { ActionsRuntime } from '../actions-runtime.js';
import { demoEnv } from './demo-env.js';
import { buildRuntime } from './serve.js';

export async function startActionsDemo(): Promise<{
  runtime: ActionsRuntime;
  stop(): Promise<void>;
}> {
  const demo = await openStableDemo('tgmcp-actions');
  const { dataDir } = demo;
  mkdirSync(path.join(dataDir, 'outbox'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dataDir, 'outbox', 'hello.txt'), 'Hello from the tgmcp demo.\n');
  process.stderr.write(
    `[tgmcp-actions] demo data dir: ${dataDir}${demo.shared ? ' (shared with another running demo)' : ''}\n` +
      '[tgmcp-actions] approve requests with: tgmcp-actions approve --demo <request_id> (also pending --demo, audit --demo)\n',
  );
  const runtime = await buildRuntime(demoEnv(dataDir), {
    connect: demo.connect,
    store: memoryStore(),
    approveCommand: 'tgmcp-actions approve --demo',
  });
  return {
    runtime,
    async stop() {
      await runtime.close();
      await demo.stop();
    },
  };
}
