// tg_list_sessions in process: the session store's names and the session in use.
import { createSessionStore } from '@tgmcp/telegram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';

let s: InProcess;
beforeAll(async () => {
  s = await startInProcess();
});
afterAll(() => s.close());

describe('tg_list_sessions', () => {
  it('lists the stored sessions and the current one', async () => {
    expect(await s.ok('tg_list_sessions')).toEqual({ sessions: ['main'], current: 'main' });
  });

  it('reads the store on each call: a session saved since shows up', async () => {
    createSessionStore({ dataDir: s.dataDir }).save('work', {
      session: s.fake.sessionString,
      source: 'test',
      account: { id: String(s.fake.world.self.id) },
    });
    const r = await s.ok('tg_list_sessions');
    expect([...(r.sessions as string[])].sort()).toEqual(['main', 'work']);
    expect(r.current).toBe('main');
  });

  it('never connects to Telegram', async () => {
    await s.ok('tg_list_sessions');
    expect(s.fake.requests.all().length).toBe(0);
  });

  it('bad input: arguments that are not an object are INVALID_INPUT naming them', async () => {
    expect(await s.error('tg_list_sessions', ['main'])).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'arguments',
    });
  });
});
