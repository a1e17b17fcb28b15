// Importing sessions: a gramjs string, and a Telethon SQLite file that then really connects.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorld, startFakeTelegram } from '@tgmcp/testkit';
import initSqlJs from 'sql.js';
import { TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { importStringSession, importTelethonSession } from '../src/sessions/import.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

async function telethonFile(
  dcId: number,
  address: string,
  port: number,
  key: Buffer,
): Promise<string> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  // Telethon's schema (version 7) for the parts that matter.
  db.run('CREATE TABLE version (version integer primary key)');
  db.run('INSERT INTO version VALUES (7)');
  db.run(
    'CREATE TABLE sessions (dc_id integer primary key, server_address text, port integer, auth_key blob, takeout_id integer)',
  );
  db.run('INSERT INTO sessions VALUES (?, ?, ?, ?, NULL)', [dcId, address, port, key]);
  db.run(
    'CREATE TABLE entities (id integer primary key, hash integer not null, username text, phone integer, name text, date integer)',
  );
  dir = mkdtempSync(path.join(tmpdir(), 'tgmcp-telethon-'));
  const file = path.join(dir, 'old.session');
  writeFileSync(file, Buffer.from(db.export()));
  db.close();
  return file;
}

describe('session import', () => {
  it('a Telethon .session file becomes a gramjs session that really connects', async () => {
    const fake = await startFakeTelegram({
      world: createWorld({ self: { id: 7, firstName: 'Tele', username: 'tele_thon' } }),
    });
    try {
      const file = await telethonFile(2, '127.0.0.1', 443, fake.authKey);
      const imported = await importTelethonSession(file);
      expect(imported).toMatchObject({ dcId: 2, serverAddress: '127.0.0.1', port: 443 });
      const client = new TelegramClient(
        new StringSession(imported.session),
        1,
        'x',
        fake.connectOptions,
      );
      await client.connect();
      expect((await client.getMe()).username).toBe('tele_thon');
      await client.destroy();
    } finally {
      await fake.close();
    }
  });

  it('a gramjs string session round-trips; bad input is refused without echoing it', async () => {
    const fake = await startFakeTelegram({
      world: createWorld({ self: { id: 7, firstName: 'T' } }),
    });
    await fake.close();
    const imported = await importStringSession(fake.sessionString);
    expect(imported.dcId).toBe(2);
    expect((await importStringSession(imported.session)).session).toBe(imported.session);
    const secret = '1c2VjcmV0LXNlc3Npb24tdmFsdWU=';
    const err = await importStringSession(secret).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', field: 'session' });
    expect((err as Error).message).not.toContain(secret);
    await expect(importStringSession('not a session')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('refuses files that are not Telethon sessions', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tgmcp-telethon-'));
    const notSqlite = path.join(dir, 'x.session');
    writeFileSync(notSqlite, 'hello');
    await expect(importTelethonSession(notSqlite)).rejects.toThrow(/not an SQLite file/);
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run('CREATE TABLE other (x integer)');
    const noTable = path.join(dir, 'y.session');
    writeFileSync(noTable, Buffer.from(db.export()));
    await expect(importTelethonSession(noTable)).rejects.toThrow(/no Telethon "sessions" table/);
    await expect(importTelethonSession(path.join(dir, 'missing.session'))).rejects.toThrow(
      /cannot read/,
    );
  });
});
