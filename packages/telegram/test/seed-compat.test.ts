// The seed's configuration keeps working: TG_SESSION_PATH / TG_SESSIONS_DIR Telethon files are
// imported once under their label and then open; TG_SECRET_PROVIDER=command supplies credentials.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorld, startFakeTelegram } from '@tgmcp/testkit';
import initSqlJs from 'sql.js';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSessionStore,
  loadTelegramConfig,
  migrateSeedSessions,
  openTelegram,
  resolveCredentials,
  splitCommand,
} from '../src/index.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'tgmcp-seed-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function telethonFile(file: string, key: Buffer): Promise<void> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE version (version integer primary key)');
  db.run('INSERT INTO version VALUES (7)');
  db.run(
    'CREATE TABLE sessions (dc_id integer primary key, server_address text, port integer, auth_key blob, takeout_id integer)',
  );
  db.run('INSERT INTO sessions VALUES (?, ?, ?, ?, NULL)', [2, '127.0.0.1', 443, key]);
  writeFileSync(file, Buffer.from(db.export()));
  db.close();
}

describe('seed compatibility', () => {
  it('imports TG_SESSION_PATH and TG_SESSIONS_DIR files once, and the session opens', async () => {
    const fake = await startFakeTelegram({
      world: createWorld({ self: { id: 7, firstName: 'T', username: 'tele_thon' } }),
    });
    try {
      const old = temp();
      mkdirSync(path.join(old, 'sessions'));
      await telethonFile(path.join(old, 'sessions', 'work.session'), fake.authKey);
      copyFileSync(
        path.join(old, 'sessions', 'work.session'),
        path.join(old, 'sessions', 'bad name!.session'),
      );
      await telethonFile(path.join(old, 'my_acct.session'), fake.authKey);
      const dataDir = temp();
      const config = loadTelegramConfig({
        HOME: old,
        TG_DATA_DIR: dataDir,
        TG_SESSION_PATH: '~/my_acct.session',
        TG_SESSIONS_DIR: path.join(old, 'sessions'),
      });
      expect(config.sessionName).toBe('my_acct');
      const store = createSessionStore({ dataDir });
      const first = await migrateSeedSessions(store, config.seedSessions);
      expect(first.imported.sort()).toEqual(['my_acct', 'work']);
      expect(first.skipped.map((s) => path.basename(s.file))).toEqual(['bad name!.session']);
      expect((await migrateSeedSessions(store, config.seedSessions)).imported).toEqual([]);
      const tg = await openTelegram({
        apiId: 1,
        apiHash: '0123456789abcdef0123456789abcdef',
        session: config.sessionName,
        role: 'read',
        dataDir,
        connect: { clientOptions: fake.connectOptions },
      });
      expect(tg.account.username).toBe('tele_thon');
      await tg.close();
    } finally {
      await fake.close();
    }
  });

  it('TG_SECRET_PROVIDER=command runs a command without a shell; failures name the variable, never the secret', async () => {
    const node = process.execPath;
    const env = {
      TG_SECRET_PROVIDER: 'command',
      TG_SECRET_CMD_API_ID: `"${node}" -e "process.stdout.write('4242')"`,
      TG_SECRET_CMD_API_HASH: `"${node}" -e "process.stdout.write('ab'.repeat(16))"`,
    };
    const config = await resolveCredentials(loadTelegramConfig(env), env);
    expect(config.credentials).toEqual({ apiId: 4242, apiHash: 'ab'.repeat(16) });
    const failing = {
      ...env,
      TG_SECRET_CMD_API_HASH: `"${node}" -e "process.stderr.write('no vault'); process.exit(3)"`,
    };
    await expect(resolveCredentials(loadTelegramConfig(failing), failing)).rejects.toThrow(
      /TG_SECRET_CMD_API_HASH: command failed \(3\): no vault/,
    );
    const bad = {
      ...env,
      TG_SECRET_CMD_API_HASH: `"${node}" -e "process.stdout.write('not-a-hash-secret')"`,
    };
    const err = await resolveCredentials(loadTelegramConfig(bad), bad).catch((e: Error) => e);
    expect((err as Error).message).toContain('TG_SECRET_CMD_API_HASH');
    expect((err as Error).message).not.toContain('not-a-hash-secret');
    const slow = { ...env, TG_SECRET_CMD_API_ID: `"${node}" -e "setTimeout(() => {}, 60000)"` };
    const runFast = (f: string, a: string[]) =>
      import('node:child_process').then(
        ({ execFile }) =>
          new Promise<string>((res, rej) =>
            execFile(f, a, { timeout: 300 }, (e, out) =>
              e ? rej(new Error(e.killed ? 'timed out after 0.3s' : 'failed')) : res(out.trim()),
            ),
          ),
      );
    await expect(resolveCredentials(loadTelegramConfig(slow), slow, runFast)).rejects.toThrow(
      /TG_SECRET_CMD_API_ID: command timed out/,
    );
    expect(splitCommand(`pass show "tg/api hash" --no\\ color`)).toEqual([
      'pass',
      'show',
      'tg/api hash',
      '--no color',
    ]);
    expect(() => loadTelegramConfig({ TG_SECRET_PROVIDER: 'vault' })).toThrow(/TG_SECRET_PROVIDER/);
  });

  it('reads TG_MCP_SERVER_NAME and warns about the seed switches it ignores', () => {
    const c = loadTelegramConfig({
      TG_MCP_SERVER_NAME: 'tganalytics-read',
      TG_RECEIVE_UPDATES: '1',
      TG_AUTH_BOOTSTRAP: 'yes',
    });
    expect(c.serverName).toBe('tganalytics-read');
    expect(c.warnings.join('\n')).toMatch(
      /TG_RECEIVE_UPDATES is ignored[\s\S]*TG_AUTH_BOOTSTRAP is ignored|TG_AUTH_BOOTSTRAP is ignored[\s\S]*TG_RECEIVE_UPDATES is ignored/,
    );
    expect(() => loadTelegramConfig({ TG_MCP_SERVER_NAME: 'bad name' })).toThrow(
      /TG_MCP_SERVER_NAME/,
    );
  });
});
