import { describe, expect, it } from 'vitest';
import { parsePeerRef } from './parse-ref.js';

describe('parsePeerRef', () => {
  it.each([
    ['me', { kind: 'self' }],
    ['SELF', { kind: 'self' }],
    ['@Durov', { kind: 'username', username: 'durov' }],
    ['durov', { kind: 'username', username: 'durov' }],
    ['  @oss_hackers ', { kind: 'username', username: 'oss_hackers' }],
    ['https://t.me/oss_hackers', { kind: 'username', username: 'oss_hackers' }],
    ['t.me/oss_hackers/1234', { kind: 'username', username: 'oss_hackers' }],
    ['http://telegram.me/durov?start=x', { kind: 'username', username: 'durov' }],
    ['https://t.me/s/tech_news_daily', { kind: 'username', username: 'tech_news_daily' }],
    ['tg://resolve?domain=durov&post=5', { kind: 'username', username: 'durov' }],
    ['https://t.me/+AbCdEfGh12345678', { kind: 'invite', hash: 'AbCdEfGh12345678' }],
    ['https://t.me/joinchat/AbCdEfGh1234', { kind: 'invite', hash: 'AbCdEfGh1234' }],
    ['https://t.me/c/1500000001/77', { kind: 'id', type: 'channel', id: '1500000001' }],
    ['-1001500000001', { kind: 'id', type: 'channel', id: '1500000001' }],
    ['-3001', { kind: 'id', type: 'chat', id: '3001' }],
    ['200001', { kind: 'id', type: 'unknown', id: '200001' }],
    [200001, { kind: 'id', type: 'unknown', id: '200001' }],
    [-1001500000001, { kind: 'id', type: 'channel', id: '1500000001' }],
  ])('%j', (input, expected) => {
    expect(parsePeerRef(input)).toEqual(expected);
  });

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ['Family Chat', /titles are ambiguous/],
    ['ab', /must be a username/],
    ['https://t.me/', /link/],
    ['https://t.me/+short', /invite link is malformed/],
    ['https://t.me/c/abc/1', /private message link/],
    ['--5', /must be a username/],
    ['../../etc/passwd', /must be a username/],
    [0, /non-zero/],
    [1.5, /non-zero integer/],
    [null, /must be a username/],
  ])('rejects %j with an error naming the field', (input, message) => {
    expect(() => parsePeerRef(input)).toThrow(message);
    expect(() => parsePeerRef(input)).toThrow(/^chat:/);
  });
});
