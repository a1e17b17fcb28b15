// tg_use_session in process: switching is off unless TG_ALLOW_SESSION_SWITCH=1, goes only to
// stored names, and the new session's account is what the tools then use.
import { createSessionStore } from '@tgmcp/telegram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';

let fixed: InProcess;
let switching: InProcess;
beforeAll(async () => {
  fixed = await startInProcess();
  switching = await startInProcess({ fake: fixed.fake, env: { TG_ALLOW_SESSION_SWITCH: '1' } });
  createSessionStore({ dataDir: switching.dataDir }).save('work', {
    session: switching.fake.sessionString,
    source: 'test',
    account: { id: String(switching.fake.world.self.id) },
  });
});
afterAll(async () => {
  await switching.close();
  await fixed.close();
});

describe('tg_use_session', () => {
  it('is refused unless TG_ALLOW_SESSION_SWITCH=1', async () => {
    expect(await fixed.error('tg_use_session', { session_name: 'main' })).toMatchObject({
      code: 'SESSION_SWITCH_DISABLED',
    });
    expect((await fixed.ok('tg_list_sessions')).current).toBe('main');
  });

  it('switches to a stored session and answers with its account', async () => {
    const self = switching.fake.world.self;
    expect(await switching.ok('tg_use_session', { session_name: 'work' })).toEqual({
      switched_to: 'work',
      account: { id: String(self.id), username: self.username, first_name: self.firstName },
    });
    expect((await switching.ok('tg_list_sessions')).current).toBe('work');
    expect(await switching.ok('tg_auth_status')).toMatchObject({
      authorized: true,
      session_name: 'work',
    });
  });

  it('refuses a name that is not stored, naming session_name, and stays where it was', async () => {
    const before = (await switching.ok('tg_list_sessions')).current;
    expect(await switching.error('tg_use_session', { session_name: 'nobody' })).toMatchObject({
      code: 'SESSION_NOT_FOUND',
      field: 'session_name',
    });
    expect((await switching.ok('tg_list_sessions')).current).toBe(before);
  });

  it('bad input: a missing or non-string session_name is INVALID_INPUT naming it', async () => {
    expect(await switching.error('tg_use_session', {})).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'session_name',
    });
    expect(await switching.error('tg_use_session', { session_name: 7 })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'session_name',
    });
  });
});
