// tg_auth_status in process: logged in as the world's account through the stored session; without
// TG_API_ID/TG_API_HASH it says NOT_CONFIGURED instead of failing.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';

let s: InProcess;
let unconfigured: InProcess;
beforeAll(async () => {
  s = await startInProcess();
  unconfigured = await startInProcess({
    fake: s.fake,
    env: { TG_API_ID: undefined, TG_API_HASH: undefined },
  });
});
afterAll(async () => {
  await unconfigured.close();
  await s.close();
});

describe('tg_auth_status', () => {
  it("is authorized as the world's account, on the session stored in the data dir", async () => {
    const self = s.fake.world.self;
    expect(await s.ok('tg_auth_status')).toEqual({
      authorized: true,
      session_name: 'main',
      session_path: path.join(s.dataDir, 'sessions', 'main.session'),
      account: { id: String(self.id), username: self.username, first_name: self.firstName },
    });
  });

  it('without TG_API_ID and TG_API_HASH: not authorized, NOT_CONFIGURED, and nothing connects', async () => {
    const before = s.fake.requests.count();
    const r = await unconfigured.ok('tg_auth_status');
    expect(r).toMatchObject({
      authorized: false,
      session_name: 'main',
      error: { code: 'NOT_CONFIGURED' },
    });
    expect(r).not.toHaveProperty('account');
    expect(s.fake.requests.count()).toBe(before);
  });

  it('a tool that needs Telegram without credentials: NOT_CONFIGURED naming the login command', async () => {
    const e = await unconfigured.error('tg_get_my_dialogs', {});
    expect(e.code).toBe('NOT_CONFIGURED');
    expect(e.message).toContain('then run `tgmcp-read login`');
  });

  it('bad input: arguments that are not an object are INVALID_INPUT naming them', async () => {
    expect(await s.error('tg_auth_status', 1)).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'arguments',
    });
  });
});
