// Security review 16, item 9: corrupt protection state (circuit breaker, FLOOD_WAIT memory) in
// the read server's shared state dir (<data dir>/state/ratelimit, one JSON file per key, named
// after the key) must fail closed: the tool returns a typed error, the fake DC receives nothing,
// and stderr says once which file is unreadable and how to reset it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Started, errorOf, startServer } from './harness.js';

const stateDir = (s: Started) => path.join(s.dataDir, 'state', 'ratelimit');
// The store's file name for a key: characters outside [A-Za-z0-9._-] are %-escaped.
const breakerFile = (s: Started) =>
  path.join(stateDir(s), `breaker%3a${s.fake.world.self.id}.json`);
const floodAccountFile = (s: Started) =>
  path.join(stateDir(s), `flood%3a${s.fake.world.self.id}%3aaccount.json`);

const read = (s: Started) =>
  s.client.callTool({ name: 'tg_get_message_count', arguments: { group: '@oss_hackers' } });
const linesNaming = (s: Started, file: string) =>
  s
    .stderr()
    .split('\n')
    .filter((l) => l.includes(file));

describe('corrupt protection state over stdio', { timeout: 60_000 }, () => {
  it('a corrupt breaker file written before the first call: CIRCUIT_OPEN, nothing reaches the DC', async () => {
    const s = await startServer();
    mkdirSync(stateDir(s), { recursive: true });
    // Truncated mid-write (as a full disk or a careless copy would leave it).
    writeFileSync(breakerFile(s), '{"k":"breaker:1","t":"hold","until":17');
    for (let i = 0; i < 3; i++) {
      const err = errorOf(await read(s));
      expect(err.code).toBe('CIRCUIT_OPEN');
      expect(err.retry_after).toBeGreaterThan(0);
    }
    expect(s.fake.requests.count()).toBe(0);
    const lines = linesNaming(s, breakerFile(s));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/delete .* once you are sure Telegram's wait has passed/);
  });

  it('corrupt flood and breaker files while the server runs: typed errors, zero requests, one line each; deleting them resets', async () => {
    const s = await startServer();
    const first = await read(s);
    expect(first.isError, JSON.stringify(first.content)).toBeFalsy();
    expect(s.fake.requests.count()).toBeGreaterThan(0);

    mkdirSync(stateDir(s), { recursive: true });
    // The account-wide FLOOD_WAIT record, replaced by something of the wrong shape.
    writeFileSync(floodAccountFile(s), JSON.stringify({ t: 'hold', until: 'later' }));
    let before = s.fake.requests.count();
    for (let i = 0; i < 3; i++) {
      const err = errorOf(await read(s));
      expect(err.code).toBe('FLOOD_WAIT');
      expect(err.retry_after).toBeGreaterThan(60);
    }
    expect(s.fake.requests.count() - before).toBe(0);
    expect(linesNaming(s, floodAccountFile(s))).toHaveLength(1);

    rmSync(floodAccountFile(s));
    expect((await read(s)).isError).toBeFalsy();

    // The breaker's file, replaced by text that is not JSON.
    writeFileSync(breakerFile(s), 'not json');
    before = s.fake.requests.count();
    for (let i = 0; i < 3; i++) expect(errorOf(await read(s)).code).toBe('CIRCUIT_OPEN');
    expect(s.fake.requests.count() - before).toBe(0);
    const lines = linesNaming(s, breakerFile(s));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/delete/);

    rmSync(breakerFile(s));
    expect((await read(s)).isError).toBeFalsy();
  });
});
