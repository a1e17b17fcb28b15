import { Api, TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import { expect, it } from 'vitest';
import bigInt from 'big-integer';
import { RpcError } from '../src/mtproto/connection.js';
import { startFakeDc } from '../src/server.js';

it('gramjs connects and calls getMe', async () => {
  const seen: string[] = [];
  const dc = await startFakeDc({
    dispatch: async (req) => {
      seen.push(req.className);
      if (req.className === 'help.GetConfig') {
        return new Api.Config({
          date: Math.floor(Date.now() / 1000), expires: Math.floor(Date.now() / 1000) + 3600, testMode: false, thisDc: 2,
          dcOptions: [1, 2, 3, 4, 5].map((id) => new Api.DcOption({ id, ipAddress: '127.0.0.1', port: 443 })),
          dcTxtDomainName: 'x', chatSizeMax: 200, megagroupSizeMax: 200000, forwardedCountMax: 100, onlineUpdatePeriodMs: 1, offlineBlurTimeoutMs: 1,
          offlineIdleTimeoutMs: 1, onlineCloudTimeoutMs: 1, notifyCloudDelayMs: 1, notifyDefaultDelayMs: 1, pushChatPeriodMs: 1, pushChatLimit: 1,
          editTimeLimit: 1, revokeTimeLimit: 1, revokePmTimeLimit: 1, ratingEDecay: 1, stickersRecentLimit: 1, channelsReadMediaPeriod: 1,
          callReceiveTimeoutMs: 1, callRingTimeoutMs: 1, callConnectTimeoutMs: 1, callPacketTimeoutMs: 1, meUrlPrefix: 'https://t.me/',
          captionLengthMax: 1024, messageLengthMax: 4096, webfileDcId: 4,
        });
      }
      if (req.className === 'users.GetUsers') {
        return [new Api.User({ id: bigInt(1000), accessHash: bigInt(42), self: true, firstName: 'Ada', username: 'ada' })];
      }
      throw new RpcError(400, 'INPUT_METHOD_INVALID');
    },
  });
  const client = new TelegramClient(new StringSession(dc.sessionString), 1, 'hash', dc.connectOptions);
  const t0 = Date.now();
  const ok = await client.connect();
  const me = await client.getMe();
  expect(ok).toBe(true);
  expect((me as Api.User).username).toBe('ada');
  await expect(client.invoke(new Api.help.GetNearestDc())).rejects.toMatchObject({ errorMessage: 'INPUT_METHOD_INVALID' });
  console.error('connect+getMe ms', Date.now() - t0, seen);
  await client.destroy();
  await dc.close();
});
