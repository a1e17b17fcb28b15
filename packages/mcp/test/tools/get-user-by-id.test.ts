// tg_get_user_by_id in process: a user the account knows, as the world has them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';

let s: InProcess;
let scoped: InProcess;
let phones: InProcess;
beforeAll(async () => {
  s = await startInProcess();
  scoped = await startInProcess({ fake: s.fake, env: { TG_READ_ALLOWED_CHATS: '@oss_hackers' } });
  phones = await startInProcess({ fake: s.fake, env: { TG_READ_ALLOW_PHONES: '1' } });
});
afterAll(async () => {
  await phones.close();
  await scoped.close();
  await s.close();
});

describe('tg_get_user_by_id', () => {
  it('a contact: names, username and contact flag as the world has them; no phone by default', async () => {
    const u = s.fake.world.user(200_002)!;
    expect(u.contact).toBe(true);
    expect(u.phone).toBeTruthy();
    expect(await s.ok('tg_get_user_by_id', { user_id: '200002' })).toEqual({
      id: '200002',
      username: u.username,
      first_name: u.firstName,
      last_name: u.lastName,
      is_contact: true,
    });
  });

  it("the contact's phone only when the operator allows phones (TG_READ_ALLOW_PHONES=1)", async () => {
    const u = s.fake.world.user(200_002)!;
    expect(await phones.ok('tg_get_user_by_id', { user_id: '200002' })).toMatchObject({
      id: '200002',
      phone: u.phone,
    });
  });

  it('someone who is not a contact: no phone, no contact flag', async () => {
    await s.ok('tg_get_participants', { group: '@oss_hackers', limit: 30 }); // meets them
    const u = s.fake.world.user(200_016)!;
    expect(u.contact).toBeFalsy();
    const r = await s.ok('tg_get_user_by_id', { user_id: '200016' });
    expect(r).toMatchObject({ id: '200016', first_name: u.firstName, last_name: u.lastName });
    expect(r).not.toHaveProperty('phone');
    expect(r).not.toHaveProperty('is_contact');
  });

  it('an id the account never met is PEER_NOT_FOUND naming user_id', async () => {
    expect(await s.error('tg_get_user_by_id', { user_id: '1' })).toMatchObject({
      code: 'PEER_NOT_FOUND',
      field: 'user_id',
    });
  });

  it('TG_READ_ALLOWED_CHATS does not hide people', async () => {
    expect((await scoped.ok('tg_get_user_by_id', { user_id: '200002' })).first_name).toBe('Boris');
  });

  it('bad input: a user_id that is not a numeric string is INVALID_INPUT naming user_id', async () => {
    for (const user_id of ['abc', '@boris_ivanov', 200002])
      expect(await s.error('tg_get_user_by_id', { user_id })).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'user_id',
      });
  });
});
