// `<bin> status`: the session's login state, as text or JSON (--demo: the demo account's).
import { authStatus, createSessionStore } from '@tgmcp/telegram';
import { resolveCredentials } from '@tgmcp/telegram/config';
import { loadServerConfig } from '../runtime/config.js';
import { connectionLine, runningServers } from '../runtime/connection-file.js';
import type { DemoSetup } from './demo.js';
import { testConnectOverride } from './test-connect.js';

export async function statusCommand(values: {
  'session-name'?: string;
  json?: boolean;
  demo?: boolean;
}): Promise<number> {
  const demo = values.demo ? await (await import('./demo.js')).demoSetup() : undefined;
  try {
    return await report(values, demo);
  } finally {
    await demo?.stop();
  }
}

async function report(
  values: { 'session-name'?: string; json?: boolean },
  demo: DemoSetup | undefined,
): Promise<number> {
  const config = demo ? demo.config : await resolveCredentials(loadServerConfig(process.env));
  const sessionName = values['session-name'] ?? config.sessionName;
  // Only with credentials: creating the store creates the data dir.
  const store = config.credentials
    ? createSessionStore({ dataDir: config.dataDir, lockMode: 'shared', key: config.sessionKey })
    : undefined;
  const status =
    config.credentials && store
      ? await authStatus({
          ...config.credentials,
          sessionName,
          store,
          connect: demo ? demo.connect : await testConnectOverride(),
          proxy: config.proxy,
          expectedUsername: config.expectedUsername,
        })
      : {
          authorized: false,
          session_name: sessionName,
          session_path: null,
          error: { code: 'NOT_CONFIGURED', message: 'TG_API_ID and TG_API_HASH are not set' },
        };
  // How the file is kept now (the load above encrypts a plaintext one when a key is set).
  const encryption = store?.encryptionOf(sessionName).state;
  const stored =
    encryption === undefined
      ? ''
      : encryption === 'encrypted'
        ? '; encrypted at rest'
        : `; stored ${encryption}`;
  // Servers running on this data dir: their connection (connected, reconnects, last error, since).
  const servers = config.credentials ? runningServers(config.dataDir) : [];
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ ...status, ...(encryption ? { session_file: encryption } : {}), servers }, null, 2)}\n`,
    );
  } else if (status.authorized) {
    const a = 'account' in status ? status.account : undefined;
    process.stdout.write(
      `session ${status.session_name}: logged in as ${a?.username ? `@${a.username}` : a?.first_name} (id=${a?.id})` +
        `${'phone_masked' in status && status.phone_masked ? `, phone ${status.phone_masked}` : ''}` +
        `${'dc_id' in status && status.dc_id ? `, DC ${status.dc_id}` : ''}${stored}\n`,
    );
  } else {
    process.stdout.write(
      `session ${status.session_name}: not logged in (${status.error?.code}: ${status.error?.message})${stored}\n`,
    );
  }
  if (!values.json) for (const s of servers) process.stdout.write(`${connectionLine(s)}\n`);
  return status.authorized ? 0 : 1;
}
