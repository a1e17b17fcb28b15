// Import of existing sessions: gramjs string sessions, and Telethon `.session` SQLite files
// (what tg-mcp's users have), read with sql.js (SQLite in WebAssembly: no native build),
// loaded only when an import runs. sql.js is an optional peer dependency (30 MB of WebAssembly
// that most installs never use): without it the import says `npm i sql.js`.
import { readFile } from 'node:fs/promises';
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import { StringSession } from 'telegram/sessions/index.js';
import { InvalidInputError } from '../errors.js';
import { importOptional } from '../optional/import-optional.js';

export interface ImportedSession {
  session: string;
  dcId: number;
  serverAddress: string;
  port: number;
}

async function toStringSession(
  dcId: number,
  serverAddress: string,
  port: number,
  key: Buffer,
): Promise<ImportedSession> {
  if (key.length !== 256)
    throw new InvalidInputError('session', `auth key must be 256 bytes, got ${key.length}`);
  if (!Number.isInteger(dcId) || dcId < 1 || dcId > 1000)
    throw new InvalidInputError('session', `bad DC id ${dcId}`);
  const s = new StringSession('');
  s.setDC(dcId, serverAddress, port);
  const authKey = new AuthKey();
  await authKey.setKey(key);
  s.setAuthKey(authKey);
  return { session: s.save(), dcId, serverAddress, port };
}

/** Checks a gramjs string session and returns it normalised. Never echoes the string in errors. */
export async function importStringSession(value: string): Promise<ImportedSession> {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed.startsWith('1'))
    throw new InvalidInputError('session', 'not a gramjs string session (it must start with "1")');
  let parsed: StringSession;
  try {
    parsed = new StringSession(trimmed);
    await parsed.load();
  } catch {
    throw new InvalidInputError('session', 'not a valid gramjs string session');
  }
  const key = parsed.getAuthKey()?.getKey();
  if (!key) throw new InvalidInputError('session', 'the string session has no auth key');
  return toStringSession(parsed.dcId, parsed.serverAddress, parsed.port, key);
}

/** Reads a Telethon `.session` SQLite file (table `sessions`: dc_id, server_address, port, auth_key). */
export async function importTelethonSession(file: string): Promise<ImportedSession> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new InvalidInputError('path', `cannot read ${file}`);
  }
  if (!bytes.subarray(0, 16).toString('latin1').startsWith('SQLite format 3')) {
    throw new InvalidInputError('path', `${file} is not an SQLite file (Telethon sessions are)`);
  }
  const { default: initSqlJs } = await importOptional(
    'sql.js',
    'Importing a Telethon session',
    () => import('sql.js'),
  );
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  try {
    let rows;
    try {
      rows = db.exec('SELECT dc_id, server_address, port, auth_key FROM sessions');
    } catch {
      throw new InvalidInputError('path', `${file} has no Telethon "sessions" table`);
    }
    const row = rows[0]?.values.find((r) => r[3] instanceof Uint8Array && r[3].length === 256);
    if (!row) throw new InvalidInputError('path', `${file} holds no authorized Telethon session`);
    const [dcId, address, port, key] = row as [number, string, number, Uint8Array];
    return toStringSession(Number(dcId), String(address), Number(port), Buffer.from(key));
  } finally {
    db.close();
  }
}
