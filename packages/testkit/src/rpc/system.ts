// What gramjs needs to run: config, nearest DC, update state, cross-DC authorization.
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { RpcError } from '../mtproto/connection.js';
import type { HandlerTable } from './context.js';
import { apiUser, big } from './convert.js';
import { state } from './dialogs.js';

export function config(now: number, thisDc: number): Api.Config {
  return new Api.Config({
    date: now,
    expires: now + 3600,
    testMode: false,
    thisDc,
    // Every DC points at loopback; the client's socket class dials the fake DC anyway.
    dcOptions: [1, 2, 3, 4, 5].map(
      (id) => new Api.DcOption({ id, ipAddress: '127.0.0.1', port: 443 }),
    ),
    dcTxtDomainName: 'fake.telegram.invalid',
    chatSizeMax: 200,
    megagroupSizeMax: 200_000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 210_000,
    offlineBlurTimeoutMs: 5000,
    offlineIdleTimeoutMs: 30_000,
    onlineCloudTimeoutMs: 300_000,
    notifyCloudDelayMs: 30_000,
    notifyDefaultDelayMs: 1500,
    pushChatPeriodMs: 60_000,
    pushChatLimit: 2,
    editTimeLimit: 172_800,
    revokeTimeLimit: 2_147_483_647,
    revokePmTimeLimit: 2_147_483_647,
    ratingEDecay: 2_419_200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604_800,
    callReceiveTimeoutMs: 20_000,
    callRingTimeoutMs: 90_000,
    callConnectTimeoutMs: 30_000,
    callPacketTimeoutMs: 10_000,
    meUrlPrefix: 'https://t.me/',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: 4,
  });
}

const exported = new Map<string, number>();
/** Which DC a connection stands for: the account's home DC unless it imported an authorization. */
const connectionDc = new WeakMap<object, number>();
export const HOME_DC = 2;
export const dcOfConnection = (connection: object): number =>
  connectionDc.get(connection) ?? HOME_DC;

export const systemHandlers: HandlerTable = {
  'help.GetConfig': (_req, { world }) => config(world.now(), 2),
  'help.GetNearestDc': () => new Api.NearestDc({ country: 'NL', thisDc: 2, nearestDc: 2 }),
  'updates.GetState': (_req, { world }) => state(world),
  'updates.GetDifference': (_req, { world }) =>
    new Api.updates.DifferenceEmpty({ date: world.now(), seq: 1 }),
  'auth.ExportAuthorization'(req: Api.auth.ExportAuthorization, { world }) {
    const bytes = randomBytes(32);
    exported.set(bytes.toString('hex'), req.dcId);
    return new Api.auth.ExportedAuthorization({ id: big(world.self.id), bytes });
  },
  'auth.ImportAuthorization'(req: Api.auth.ImportAuthorization, { world, connection }) {
    const key = Buffer.from(req.bytes).toString('hex');
    const dcId = exported.get(key);
    if (dcId === undefined) throw new RpcError(400, 'AUTH_BYTES_INVALID');
    exported.delete(key);
    connectionDc.set(connection, dcId);
    return new Api.auth.Authorization({ user: apiUser(world.self, world) });
  },
};
