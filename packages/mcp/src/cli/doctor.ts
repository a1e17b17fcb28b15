// `<bin> doctor`: one line per check, ok / warn / fail, each failure with its fix (--demo: the
// same checks against the built-in demo account).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { authStatus, createSessionStore } from '@tgmcp/telegram';
import { resolveCredentials } from '@tgmcp/telegram/config';
import { type ServerConfig, loadServerConfig } from '../runtime/config.js';
import type { CommandContext, ServerBin } from './context.js';
import type { DemoSetup } from './demo.js';
import { sessionEncryptionCheck } from './session-encryption-check.js';
import { proxyCheck } from './proxy-check.js';
import { testConnectOverride } from './test-connect.js';

type Level = 'ok' | 'warn' | 'fail';
interface Check {
  level: Level;
  name: string;
  detail: string;
  fix?: string;
}

function nodeCheck(): Check {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const good = major > 20 || (major === 20 && minor >= 19);
  return good
    ? { level: 'ok', name: 'node', detail: `Node ${process.versions.node}` }
    : {
        level: 'fail',
        name: 'node',
        detail: `Node ${process.versions.node}`,
        fix: 'install Node 20.19 or newer',
      };
}

function dirCheck(config: ServerConfig, bin: ServerBin): Check[] {
  const out: Check[] = [];
  const sessions = path.join(config.dataDir, 'sessions');
  if (!existsSync(config.dataDir))
    return [
      {
        level: 'warn',
        name: 'data dir',
        detail: `${config.dataDir} does not exist yet`,
        fix: `run \`${bin} login\` (it creates it with mode 0700)`,
      },
    ];
  out.push({ level: 'ok', name: 'data dir', detail: config.dataDir });
  if (existsSync(sessions)) {
    const mode = statSync(sessions).mode & 0o777;
    out.push(
      mode & 0o077
        ? {
            level: 'warn',
            name: 'sessions dir',
            detail: `${sessions} is mode ${mode.toString(8)}`,
            fix: `chmod 700 ${sessions}`,
          }
        : { level: 'ok', name: 'sessions dir', detail: `${sessions} (0700)` },
    );
  }
  return out;
}

export async function doctorCommand(
  values: { demo?: boolean },
  { bin }: CommandContext,
): Promise<number> {
  const demo = values.demo ? await (await import('./demo.js')).demoSetup() : undefined;
  try {
    return await runChecks(demo, bin);
  } finally {
    await demo?.stop();
  }
}

async function runChecks(demo: DemoSetup | undefined, bin: ServerBin): Promise<number> {
  const checks: Check[] = [nodeCheck()];
  let config: ServerConfig | undefined;
  try {
    const loaded = demo ? demo.config : await resolveCredentials(loadServerConfig(process.env));
    config = loaded;
    checks.push({ level: 'ok', name: 'config', detail: 'TG_* variables parse' });
    for (const w of loaded.warnings) checks.push({ level: 'warn', name: 'config', detail: w });
  } catch (err) {
    checks.push({
      level: 'fail',
      name: 'config',
      detail: (err as Error).message,
      fix: 'fix or unset that variable',
    });
  }
  if (config) {
    checks.push(
      config.credentials
        ? {
            level: 'ok',
            name: 'credentials',
            detail: `TG_API_ID=${config.credentials.apiId}, TG_API_HASH set`,
          }
        : {
            level: 'fail',
            name: 'credentials',
            detail: 'TG_API_ID / TG_API_HASH not set',
            fix: 'create an app at https://my.telegram.org and set both',
          },
    );
    checks.push(...dirCheck(config, bin));
    if (config.proxy) checks.push(await proxyCheck(config.proxy));
    if (config.credentials) {
      const s = await authStatus({
        ...config.credentials,
        sessionName: config.sessionName,
        store: createSessionStore({
          dataDir: config.dataDir,
          lockMode: 'shared',
          key: config.sessionKey,
        }),
        connect: demo ? demo.connect : await testConnectOverride(),
        proxy: config.proxy,
        expectedUsername: config.expectedUsername,
      });
      checks.push(
        s.lock?.holder_pid
          ? {
              level: 'warn',
              name: 'lock',
              detail: `held by process ${s.lock.holder_pid} (${config.lockMode} mode)`,
              fix: 'stop that process or use another session',
            }
          : { level: 'ok', name: 'lock', detail: `${config.lockMode} mode, free` },
      );
      checks.push(
        s.authorized
          ? {
              level: 'ok',
              name: 'session',
              detail: `${s.session_name}: @${s.account?.username ?? s.account?.id} on DC ${s.dc_id}`,
            }
          : {
              level: 'fail',
              name: 'session',
              detail: `${s.session_name}: ${s.error?.code}: ${s.error?.message}`,
              fix: s.error?.code?.startsWith('SESSION_KEY_')
                ? 'see the encryption line'
                : `run \`${bin} login\``,
            },
      );
      if (s.clock_skew_sec !== undefined)
        checks.push(
          Math.abs(s.clock_skew_sec) > 30
            ? {
                level: 'warn',
                name: 'clock',
                detail: `local clock is ${s.clock_skew_sec}s off Telegram's`,
                fix: 'enable NTP time sync',
              }
            : {
                level: 'ok',
                name: 'clock',
                detail: `within ${Math.abs(s.clock_skew_sec)}s of Telegram's`,
              },
        );
      else checks.push({ level: 'warn', name: 'clock', detail: 'not measured (no connection)' });
    }
    // After the session check: its load encrypts a plaintext session when a key is set.
    checks.push(sessionEncryptionCheck(config, bin));
  }
  for (const c of checks)
    process.stdout.write(
      `${c.level.padEnd(4)}  ${c.name.padEnd(12)} ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}\n`,
    );
  return checks.some((c) => c.level === 'fail') ? 1 : 0;
}
