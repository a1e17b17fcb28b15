// The session store dates what it writes and bounds its waits with the injected clock.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { type Clock, createManualClock } from '@tgmcp/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionLockedError } from '../errors.js';
import { SessionKey } from './session-key.js';
import { createSessionStore } from './store.js';

const SESSION = `1${Buffer.concat([Buffer.from([2, 0, 9]), Buffer.from('127.0.0.1'), Buffer.from([0x1f, 0x90]), randomBytes(256)]).toString('base64')}`;

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-clock-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('session store on an injected clock', () => {
  it('dates saved sessions and exclusive locks by the injected clock', () => {
    const clock = createManualClock(Date.parse('2030-01-02T03:04:05Z'));
    const store = createSessionStore({ dataDir, clock, lockMode: 'exclusive' });
    store.save('main', { session: SESSION, source: 'login' });
    expect(store.load('main').updatedAt).toBe('2030-01-02T03:04:05.000Z');
    const lock = store.open('main');
    const holder = JSON.parse(readFileSync(`${store.pathOf('main')}.lock`, 'utf8')) as {
      since: string;
    };
    expect(holder.since).toBe('2030-01-02T03:04:05.000Z');
    lock.release();
  });

  it("gives up waiting for another process's migration when the clock says 30 s passed", () => {
    let now = 0;
    // Each reading is 10 s later: the 30 s bound passes after a few waits, not 30 s of real time.
    const clock: Clock = { now: () => (now += 10_000), sleep: () => Promise.resolve() };
    const plain = createSessionStore({ dataDir });
    const file = plain.pathOf('main');
    writeFileSync(file, JSON.stringify({ version: 1, session: SESSION, source: 'login' }), {
      mode: 0o600,
    });
    // A live process (our parent, on this host) holds the migration lock.
    writeFileSync(`${file}.migrating`, JSON.stringify({ pid: process.ppid, host: hostname() }));
    const key = SessionKey.raw(randomBytes(32), 'TG_SESSION_KEY');
    const started = performance.now();
    expect(() => createSessionStore({ dataDir, key, clock }).load('main')).toThrow(
      SessionLockedError,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
