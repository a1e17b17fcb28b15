// The Telegram error table, fed with gramjs's own RPC errors (RPCMessageToError builds exactly
// what gramjs throws when a DC answers rpc_error).
import { Api } from 'telegram';
import { RPCMessageToError } from 'telegram/errors/index.js';
import { describe, expect, it } from 'vitest';
import { FloodWaitError } from '@tgmcp/ratelimit';
import { InvalidInputError } from '../errors.js';
import { TELEGRAM_ERRORS, explainTelegramError } from './telegram-errors.js';

const rpc = (errorCode: number, errorMessage: string, request: object) =>
  RPCMessageToError({ errorCode, errorMessage } as never, request as never) as Error;

const getParticipants = new Api.channels.GetParticipants({
  channel: new Api.InputChannelEmpty(),
  filter: new Api.ChannelParticipantsRecent(),
  offset: 0,
  limit: 1,
  hash: 0 as never,
});

describe('explainTelegramError', () => {
  it('names CHAT_ADMIN_REQUIRED with what to do instead of the raw gramjs text', () => {
    const info = explainTelegramError(rpc(400, 'CHAT_ADMIN_REQUIRED', getParticipants));
    expect(Object.keys(info!).sort()).toEqual(['code', 'message']);
    expect(info!.code).toBe('CHAT_ADMIN_REQUIRED');
    expect(info!.message).toMatch(/^You must be an admin of this chat/);
    expect(info!.message).toContain('on channels.GetParticipants');
    expect(info!.message).not.toContain('caused by');
  });

  it('covers every error the issue lists', () => {
    for (const name of [
      'CHAT_ADMIN_REQUIRED',
      'CHANNEL_PRIVATE',
      'USER_PRIVACY_RESTRICTED',
      'USER_NOT_PARTICIPANT',
      'CHAT_WRITE_FORBIDDEN',
      'USER_BANNED_IN_CHANNEL',
      'PEER_ID_INVALID',
      'USERNAME_NOT_OCCUPIED',
      'MSG_ID_INVALID',
      'FILE_REFERENCE_EXPIRED',
      'SLOWMODE_WAIT',
      'USER_BOT',
      'INPUT_USER_DEACTIVATED',
      'CHAT_FORBIDDEN',
    ])
      expect(TELEGRAM_ERRORS[name], name).toBeTruthy();
  });

  it('every explanation is one short line', () => {
    for (const [name, hint] of Object.entries(TELEGRAM_ERRORS)) {
      expect(name).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(hint, name).not.toMatch(/[\n\r]/);
      expect(hint.length, name).toBeLessThanOrEqual(140);
    }
  });

  it('folds aliases into one code and numbered errors into their name with a retry time', () => {
    expect(explainTelegramError(rpc(400, 'MESSAGE_ID_INVALID', getParticipants))?.code).toBe(
      'MSG_ID_INVALID',
    );
    // gramjs turns SLOWMODE_WAIT_30 into SlowModeWaitError ('FLOOD', seconds 30).
    expect(explainTelegramError(rpc(420, 'SLOWMODE_WAIT_30', getParticipants))).toMatchObject({
      code: 'SLOWMODE_WAIT',
      retryAfterSec: 30,
    });
    // The rate limiter's FloodWaitError for a slow mode answer.
    const limited = new FloodWaitError(25, 'chat', { chat: 'channel:1', kind: 'slowmode_wait' });
    expect(explainTelegramError(limited)).toMatchObject({
      code: 'SLOWMODE_WAIT',
      retryAfterSec: 25,
    });
  });

  it('gives an unknown Telegram error one code and keeps its name in the message', () => {
    const info = explainTelegramError(rpc(400, 'SOMETHING_NEW_HAPPENED', getParticipants));
    expect(info!.code).toBe('TELEGRAM_ERROR');
    expect(info!.message).toContain('400 SOMETHING_NEW_HAPPENED on channels.GetParticipants');
  });

  it('leaves errors that are not Telegram RPC errors alone', () => {
    expect(explainTelegramError(new InvalidInputError('limit', 'bad'))).toBeUndefined();
    expect(explainTelegramError(new FloodWaitError(5, 'method', {}))).toBeUndefined();
    expect(explainTelegramError(new TypeError('x'))).toBeUndefined();
    expect(explainTelegramError(undefined)).toBeUndefined();
  });
});
