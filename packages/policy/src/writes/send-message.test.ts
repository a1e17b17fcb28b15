// send_message's write: the trimmed text is payload and summary; the write, the first-contact
// question and the settle look all go to the pinned target handed in, with the random id.
import { describe, expect, it } from 'vitest';
import type { TargetHandle } from '../allowlist/peer.js';
import type { MessageOps } from './ops.js';
import { sendMessageWrite } from './send-message.js';

const peer: TargetHandle = { id: '4242', type: 'user', accessHash: '42' };

function recordingOps() {
  const calls: unknown[][] = [];
  const ops: MessageOps = {
    isFirstContact: (p) => (calls.push(['first', p]), Promise.resolve(true)),
    findSent: (p, o) => (calls.push(['find', p, o]), Promise.resolve(undefined)),
    sendMessage: (p, text, o) => (calls.push(['send', p, text, o]), Promise.resolve({ ok: 1 })),
  };
  return { ops, calls };
}

describe('sendMessageWrite', () => {
  it('sends the trimmed text to the pinned target and settles by that text', async () => {
    const { ops, calls } = recordingOps();
    const spec = sendMessageWrite(ops, '@alice', '  hello\n');
    expect(spec).toMatchObject({
      action: 'send_message',
      target: '@alice',
      payload: { text: 'hello' },
      text: 'hello',
      summary: 'send this message (5 characters):\nhello',
    });
    expect(await spec.firstContact!({ ...peer, title: 'Alice' })).toBe(true);
    expect(await spec.write(peer, '99')).toEqual({ ok: 1 });
    expect(await spec.settle!(peer, 1000, '99')).toBeUndefined();
    expect(calls).toEqual([
      ['first', peer],
      ['send', peer, 'hello', { randomId: '99' }],
      ['find', peer, { text: 'hello', sinceUnix: 1000, randomId: '99' }],
    ]);
  });
});
