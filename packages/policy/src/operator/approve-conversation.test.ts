// The approve conversation over a fake terminal: the whole screen before the question, no
// decision without an answer, the reject path, and no terminal to ask.
import { describe, expect, it } from 'vitest';
import { servicesWorld } from '../../test/helpers/services.js';
import { sendRequest } from '../../test/helpers/world.js';
import { approveConversation } from './approve-conversation.js';
import { createOperatorDesk } from './operator-desk.js';
import type { OperatorTerminal } from './operator-terminal.js';

/** A terminal that records what happened in order and answers with `answer`. */
function fakeTerminal(answer: boolean | undefined) {
  const events: string[] = [];
  const io: OperatorTerminal = {
    print: (text) => void events.push(`print:${text}`),
    page: async (screen) => void events.push(`page:${screen}`),
    ask: async (question) => {
      events.push(`ask:${question}`);
      return answer;
    },
    error: (line) => void events.push(`error:${line}`),
  };
  return { io, events };
}

async function world() {
  const w = await servicesWorld('operator');
  const desk = createOperatorDesk({ policy: w.policy, state: w.state, clock: w.clock });
  return { w, desk };
}

describe('approve conversation', () => {
  it('shows the full stored payload before asking, then approves', async () => {
    const { w, desk } = await world();
    const text = Array.from({ length: 80 }, (_, i) => `line ${i}`).join('\n');
    const p = await w.executor.preview(sendRequest('@club', text, { dryRun: true }));
    const { io, events } = fakeTerminal(true);
    expect(await approveConversation(desk, p.requestId!, 'operator anna', io)).toBe('approved');
    expect(events[0]).toMatch(/^page:/);
    expect(events[0]).toContain('line 0');
    expect(events[0]).toContain('line 79');
    expect(events[1]).toBe('ask:Send exactly this? [y/N] ');
    expect(events[2]).toMatch(/^error:Approved\. .*request_id=apr_/);
    expect((await desk.request(p.requestId!))?.status).toBe('approved');
  });

  it('rejects on no, and nothing is approved', async () => {
    const { w, desk } = await world();
    const p = await w.executor.preview(sendRequest('@club', 'hi', { dryRun: true }));
    const { io, events } = fakeTerminal(false);
    expect(await approveConversation(desk, p.requestId!, 'operator anna', io)).toBe('rejected');
    expect(events.map((e) => e.split(':')[0])).toEqual(['page', 'ask', 'error']);
    expect(events[2]).toBe('error:Rejected. Nothing will be sent.');
    expect((await desk.request(p.requestId!))?.status).toBe('rejected');
  });

  it('decides nothing when there is no terminal to ask', async () => {
    const { w, desk } = await world();
    const p = await w.executor.preview(sendRequest('@club', 'hi', { dryRun: true }));
    const { io, events } = fakeTerminal(undefined);
    expect(await approveConversation(desk, p.requestId!, 'operator anna', io)).toBe(
      'not_a_terminal',
    );
    expect(events.map((e) => e.split(':')[0])).toEqual(['page', 'ask']);
    expect((await desk.request(p.requestId!))?.status).toBe('pending');
  });

  it('does not ask about a request already decided, nor one that does not exist', async () => {
    const { w, desk } = await world();
    const p = await w.executor.preview(sendRequest('@club', 'hi', { dryRun: true }));
    await desk.decide(p.requestId!, false, 'operator anna');
    const { io, events } = fakeTerminal(true);
    expect(await approveConversation(desk, p.requestId!, 'operator anna', io)).toBe('not_pending');
    expect(events.map((e) => e.split(':')[0])).toEqual(['page', 'error']);
    expect(await approveConversation(desk, 'apr_nopenopenopenopenope', 'x', io)).toBe('no_request');
    expect(await approveConversation(desk, 'batch_nope', 'x', io)).toBe('no_batch');
    expect(events).toHaveLength(2);
  });

  it('shows a whole batch before asking; approves it only on yes', async () => {
    const { w, desk } = await world();
    const { batch } = await w.batches.create({ user: '@alice', groups: ['@club'] });
    const no = fakeTerminal(false);
    expect(await approveConversation(desk, batch.id, 'operator anna', no.io)).toBe('rejected');
    expect(no.events.map((e) => e.split(':')[0])).toEqual(['page', 'ask', 'error']);
    expect(no.events[0]).toContain(batch.id);
    expect((await w.batches.status(batch.id)).approvedBy).toBeFalsy();
    const none = fakeTerminal(undefined);
    expect(await approveConversation(desk, batch.id, 'operator anna', none.io)).toBe(
      'not_a_terminal',
    );
    expect((await w.batches.status(batch.id)).approvedBy).toBeFalsy();
    const yes = fakeTerminal(true);
    expect(await approveConversation(desk, batch.id, 'operator anna', yes.io)).toBe('approved');
    expect(yes.events.map((e) => e.split(':')[0])).toEqual(['page', 'ask', 'error']);
    expect((await w.batches.status(batch.id)).approvedBy).toBe('operator anna');
  });
});
