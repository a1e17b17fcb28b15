import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { CircuitOpenError } from '../errors.js';
import { fileStore } from '../stores/file.js';
import { createCircuitBreaker } from './circuit-breaker.js';

// A corrupt breaker file used to read as "no breaker": the breaker closed and calls flowed.
let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-breaker-unreadable-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createCircuitBreaker over unreadable state', () => {
  it('is open for the cooldown while its file is unreadable, and closes once the file is deleted', async () => {
    const warnings: string[] = [];
    const store = fileStore({ dir: root, onWarning: (m) => warnings.push(m) });
    const clock = createManualClock(Date.now());
    const breaker = createCircuitBreaker({ store, clock, key: 'acct', cooldownSec: 600 });
    await breaker.trip(3600);
    const file = path.join(root, 'breaker%3aacct.json');
    await writeFile(file, '{"k":"breaker:acct","t":"hold","unt');

    const err = await breaker.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(err).toMatchObject({
      code: 'CIRCUIT_OPEN',
      retryAfterSec: 600,
      reason: 'state_unreadable',
    });
    expect((err as Error).message).toMatch(/unreadable/);
    expect(await breaker.state()).toMatchObject({ open: true, remainingSec: 600 });
    // Time passing does not close it: the state is unknown, not expired.
    await clock.advance(86_400_000);
    await expect(breaker.check()).rejects.toMatchObject({ retryAfterSec: 600 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);

    await rm(file);
    await expect(breaker.check()).resolves.toBeUndefined();
  });

  it('a breaker that never opened is closed (no file is not an unreadable file)', async () => {
    const breaker = createCircuitBreaker({ store: fileStore({ dir: root }), key: 'acct' });
    await expect(breaker.check()).resolves.toBeUndefined();
  });
});
