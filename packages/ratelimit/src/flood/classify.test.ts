import { GrammyError } from 'grammy';
import { RPCError } from 'telegram/errors/index.js';
import { RPCMessageToError } from 'telegram/errors/index.js';
import { describe, expect, it } from 'vitest';
import { classifyTelegramError } from './classify.js';

// Real gramjs errors, built the way gramjs builds them from an rpc_error answer.
const gramjs = (message: string, code = 420) =>
  RPCMessageToError(
    { errorCode: code, errorMessage: message } as never,
    { className: 'messages.SendMessage' } as never,
  ) as Error;

describe('classifyTelegramError', () => {
  it.each([
    ['FLOOD_WAIT_30', { kind: 'flood_wait', retryAfterSec: 30, scope: 'method' }],
    ['FLOOD_PREMIUM_WAIT_5', { kind: 'flood_premium_wait', retryAfterSec: 5, scope: 'method' }],
    ['SLOWMODE_WAIT_10', { kind: 'slowmode_wait', retryAfterSec: 10, scope: 'chat' }],
    [
      'FLOOD_TEST_PHONE_WAIT_7',
      { kind: 'flood_test_phone_wait', retryAfterSec: 7, scope: 'method' },
    ],
    ['PEER_FLOOD', { kind: 'peer_flood', retryAfterSec: null, scope: 'account' }],
    [
      '420: FLOOD_WAIT_12 (caused by messages.GetHistory)',
      { kind: 'flood_wait', retryAfterSec: 12, scope: 'method' },
    ],
  ])('classifies the RPC message %s', (message, expected) => {
    expect(classifyTelegramError(message)).toEqual(expected);
  });

  it('classifies real gramjs errors by class and .seconds', () => {
    const flood = gramjs('FLOOD_WAIT_30');
    expect(flood.constructor.name).toBe('FloodWaitError');
    expect(classifyTelegramError(flood)).toEqual({
      kind: 'flood_wait',
      retryAfterSec: 30,
      scope: 'method',
    });
    expect(classifyTelegramError(gramjs('SLOWMODE_WAIT_10'))).toEqual({
      kind: 'slowmode_wait',
      retryAfterSec: 10,
      scope: 'chat',
    });
    expect(classifyTelegramError(gramjs('FLOOD_TEST_PHONE_WAIT_3'))).toMatchObject({
      retryAfterSec: 3,
    });
    expect(classifyTelegramError(gramjs('FLOOD_PREMIUM_WAIT_5'))).toMatchObject({
      retryAfterSec: 5,
      scope: 'method',
    });
    expect(classifyTelegramError(gramjs('PEER_FLOOD', 400))).toEqual({
      kind: 'peer_flood',
      retryAfterSec: null,
      scope: 'account',
    });
    expect(classifyTelegramError(gramjs('CHAT_WRITE_FORBIDDEN', 403))).toBeNull();
    expect(
      classifyTelegramError(new RPCError('USER_PRIVACY_RESTRICTED', {} as never, 400)),
    ).toBeNull();
  });

  it('classifies mtcute RpcError shapes (text normalised to %d, number in .seconds)', () => {
    expect(classifyTelegramError({ code: 420, text: 'FLOOD_WAIT_%d', seconds: 42 })).toEqual({
      kind: 'flood_wait',
      retryAfterSec: 42,
      scope: 'method',
    });
    expect(
      classifyTelegramError({ code: 420, text: 'SLOWMODE_WAIT_%d', seconds: 9 }),
    ).toMatchObject({ scope: 'chat' });
    expect(classifyTelegramError({ code: 400, text: 'PEER_FLOOD' })).toMatchObject({
      kind: 'peer_flood',
    });
    expect(classifyTelegramError({ code: 400, text: 'CHAT_ID_INVALID' })).toBeNull();
  });

  it('classifies Bot API 429 bodies and grammY errors', () => {
    const body = {
      ok: false as const,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    };
    expect(classifyTelegramError(body)).toEqual({
      kind: 'too_many_requests',
      retryAfterSec: 7,
      scope: 'method',
    });
    expect(
      classifyTelegramError(new GrammyError('Call to sendMessage failed', body, 'sendMessage', {})),
    ).toEqual({
      kind: 'too_many_requests',
      retryAfterSec: 7,
      scope: 'method',
    });
    expect(
      classifyTelegramError({
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 3',
      }),
    ).toMatchObject({
      retryAfterSec: 3,
    });
    expect(
      classifyTelegramError({
        ok: false,
        error_code: 400,
        description: 'Bad Request: chat not found',
      }),
    ).toBeNull();
  });

  it('returns null for anything else and never throws', () => {
    for (const value of [
      null,
      undefined,
      0,
      '',
      'FLOOD_WAIT_',
      'FLOOD_WAIT_abc',
      new Error('ECONNRESET'),
      {},
      [],
      Symbol('x'),
    ]) {
      expect(classifyTelegramError(value)).toBeNull();
    }
  });
});
