import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { InvalidOptionError } from '../errors.js';
import { fileStore } from '../stores/file.js';
import { memoryStore } from '../stores/memory.js';
import { classifyTelegramError } from './classify.js';
import { createFloodMemory } from './flood-memory.js';

// A corrupt flood file used to read as "no wait": the next call went to Telegram mid-FLOOD_WAIT.
let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-flood-unreadable-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const c = (message: string) => classifyTelegramError(message)!;

describe('createFloodMemory over unreadable state', () => {
  it('an unreadable wait counts as the longest known wait, flagged unreadable, until deleted', async () => {
    const warnings: string[] = [];
    const store = fileStore({ dir: root, onWarning: (m) => warnings.push(m) });
    const clock = createManualClock(Date.now());
    const flood = createFloodMemory({ store, clock, key: 'acct', unreadableWaitSec: 1800 });
    await flood.record(c('FLOOD_WAIT_30'), { method: 'messages.getHistory' });
    await flood.record(c('SLOWMODE_WAIT_10'), { method: 'messages.getHistory', chat: '@g' });
    const file = path.join(root, 'flood%3aacct%3amethod%3amessages.getHistory.json');
    await writeFile(file, 'not json at all');

    expect(await flood.check({ method: 'messages.getHistory', chat: '@g' })).toEqual({
      scope: 'method',
      target: 'messages.getHistory',
      remainingMs: 1_800_000,
      unreadable: true,
    });
    await clock.advance(86_400_000);
    expect(await flood.check({ method: 'messages.getHistory' })).toMatchObject({
      remainingMs: 1_800_000,
      unreadable: true,
    });
    expect(await flood.check({ method: 'messages.getDialogs' })).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    await rm(file);
    expect(await flood.check({ method: 'messages.getHistory' })).toBeNull();
  });

  it('an unreadable account wait stops every method; the default assumption is 900 s', async () => {
    const store = fileStore({ dir: root, onWarning: () => undefined });
    const flood = createFloodMemory({ store, key: 'acct' });
    await writeFile(path.join(root, 'flood%3aacct%3aaccount.json'), '');
    expect(await flood.check({ method: 'anything' })).toEqual({
      scope: 'account',
      remainingMs: 900_000,
      unreadable: true,
    });
  });

  it('rejects a bad unreadableWaitSec', () => {
    expect(() => createFloodMemory({ store: memoryStore(), unreadableWaitSec: 0 })).toThrow(
      InvalidOptionError,
    );
  });
});
