// Login through real gramjs: phone code + 2FA (real SRP), QR login, log out.
import { Api } from 'telegram';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../src/world/world.js';
import { connect } from './helpers.js';

const world = (password?: string) =>
  createWorld({
    self: { id: 10, firstName: 'Ada', username: 'ada_l', phone: '+44 20 7946 0000', password },
  });

const api = { apiId: 12345, apiHash: 'not-a-real-hash' };

describe('login with real gramjs', () => {
  it('an unauthorized key gets AUTH_KEY_UNREGISTERED', async () => {
    const { client } = await connect(world(), { authorized: false });
    expect(await client.checkAuthorization()).toBe(false);
    await expect(client.getMe()).rejects.toMatchObject({
      code: 401,
      errorMessage: 'AUTH_KEY_UNREGISTERED',
    });
  });

  it('phone code + 2FA password: the password is checked with SRP', async () => {
    const { client, fake } = await connect(world('correct horse'), { authorized: false });
    const errors: string[] = [];
    await client.start({
      phoneNumber: async () => '+442079460000',
      phoneCode: async () => fake.login.lastCode!,
      password: async () => 'correct horse',
      onError: (err) => void errors.push(err.message),
    });
    expect(errors).toEqual([]);
    expect(fake.login.authorized).toBe(true);
    expect((await client.getMe()).username).toBe('ada_l');
    const methods = fake.requests.all().map((r) => r.method);
    expect(methods).toEqual(
      expect.arrayContaining([
        'auth.SendCode',
        'auth.SignIn',
        'account.GetPassword',
        'auth.CheckPassword',
      ]),
    );
    expect(fake.requests.all().find((r) => r.method === 'auth.SignIn')?.result).toBe(
      'SESSION_PASSWORD_NEEDED',
    );
  });

  it('a wrong 2FA password is refused, the right one then works', async () => {
    const { client, fake } = await connect(world('right'), { authorized: false });
    const sent = await client.invoke(
      new Api.auth.SendCode({
        phoneNumber: '442079460000',
        ...api,
        settings: new Api.CodeSettings({}),
      }),
    );
    const hash = (sent as Api.auth.SentCode).phoneCodeHash;
    await expect(
      client.invoke(
        new Api.auth.SignIn({
          phoneNumber: '442079460000',
          phoneCodeHash: hash,
          phoneCode: '00000',
        }),
      ),
    ).rejects.toMatchObject({
      errorMessage: 'PHONE_CODE_INVALID',
    });
    await expect(
      client.invoke(
        new Api.auth.SignIn({
          phoneNumber: '442079460000',
          phoneCodeHash: hash,
          phoneCode: fake.login.lastCode!,
        }),
      ),
    ).rejects.toMatchObject({
      errorMessage: 'SESSION_PASSWORD_NEEDED',
    });
    await expect(
      client.signInWithPassword(api, { password: async () => 'wrong', onError: async () => true }),
    ).rejects.toBeTruthy();
    expect(
      fake.requests
        .all()
        .filter((r) => r.method === 'auth.CheckPassword')
        .map((r) => r.result),
    ).toContain('PASSWORD_HASH_INVALID');
    expect(fake.login.authorized).toBe(false);
    const user = (await client.signInWithPassword(api, {
      password: async () => 'right',
      onError: async () => true,
    })) as Api.User;
    expect(user.username).toBe('ada_l');
    expect(fake.login.authorized).toBe(true);
  });

  it('QR login: the token is shown, scanned, and the accepted-token update completes it', async () => {
    const { client, fake } = await connect(world(), { authorized: false });
    const tokens: Buffer[] = [];
    const user = (await client.signInUserWithQrCode(api, {
      qrCode: async ({ token, expires }) => {
        tokens.push(token);
        expect(expires).toBeGreaterThan(fake.world.now());
        setTimeout(() => fake.login.acceptQrLogin(token), 20);
      },
      onError: async () => true,
    })) as Api.User;
    expect(user.username).toBe('ada_l');
    expect(tokens).toHaveLength(1);
    expect(fake.login.authorized).toBe(true);
  });

  it('QR login with 2FA asks for the password after the scan', async () => {
    const { client, fake } = await connect(world('qr-pass'), { authorized: false });
    const user = (await client.signInUserWithQrCode(api, {
      qrCode: async ({ token }) => void setTimeout(() => fake.login.acceptQrLogin(token), 20),
      password: async () => 'qr-pass',
      onError: async () => true,
    })) as Api.User;
    expect(user.username).toBe('ada_l');
  });

  it('log out ends the authorization', async () => {
    const { client, fake } = await connect(world());
    expect((await client.getMe()).username).toBe('ada_l');
    await client.invoke(new Api.auth.LogOut());
    expect(fake.login.authorized).toBe(false);
    await expect(
      client.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() })),
    ).rejects.toMatchObject({ errorMessage: 'AUTH_KEY_UNREGISTERED' });
  });
});
