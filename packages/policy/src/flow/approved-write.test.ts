// executor.write: one write tool call from its arguments to its outcome, in each approval mode,
// over the services a server wires (createWriteServices) and a recording fake write.
import { describe, expect, it } from 'vitest';
import { PHRASE } from '../../test/helpers/world.js';
import { type ServicesWorld, servicesWorld } from '../../test/helpers/services.js';
import type { WriteCall } from './approved-write.js';
import { type WriteSpec, writeRandomId } from './settled-write.js';
import type { TargetHandle } from '../allowlist/peer.js';

const call = (extra: Partial<WriteCall> = {}): WriteCall => ({
  account: '777000',
  dryRun: true,
  confirm: false,
  confirmationText: '',
  approvalCode: '',
  forceResend: false,
  ...extra,
});
const execute = (extra: Partial<WriteCall> = {}) => ({ dryRun: false, confirm: true, ...extra });

interface Sent {
  target: TargetHandle;
  randomId: string;
}
function sendSpec(
  text: string,
  sent: Sent[],
  over: Partial<WriteSpec<{ message_id: number }>> = {},
): WriteSpec<{ message_id: number }> {
  return {
    action: 'send_message',
    target: '@club',
    payload: { text },
    text,
    summary: `send ${text}`,
    write: (target, randomId) => {
      sent.push({ target, randomId });
      return Promise.resolve({ message_id: sent.length });
    },
    ...over,
  };
}

const events = async (w: ServicesWorld) =>
  (await w.audit.read({ limit: 100 })).map((e) => `${e.event}:${e.actor}`);

describe('executor.write', () => {
  it('operator: previews, refuses to write before a person approves, writes once after, then answers duplicate', async () => {
    const w = await servicesWorld('operator');
    const sent: Sent[] = [];
    const dry = await w.executor.write(call(), sendSpec('hello', sent));
    expect(dry).toMatchObject({ status: 'preview', approvalMode: 'operator' });
    if (dry.status !== 'preview') throw new Error('expected a preview');
    const id = dry.preview.requestId!;
    expect(dry.nextStep).toContain('`ops approve <request_id>`');

    const early = await w.executor.write(call(execute()), sendSpec('hello', sent));
    expect(early.status).toBe('preview');
    if (early.status !== 'preview') throw new Error('expected a preview');
    expect(early.nextStep).toMatch(
      /^Nothing was sent: a person must approve first with `ops approve apr_/,
    );
    expect(sent).toHaveLength(0);

    await w.executor.approve(id, 'operator anna');
    const done = await w.executor.write(call(execute({ requestId: id })), sendSpec('hello', sent));
    expect(done).toMatchObject({
      status: 'executed',
      duplicate: false,
      requestId: id,
      result: { message_id: 1 },
      target: { id: '-1001111', type: 'supergroup', title: 'Club' },
    });
    // The write goes to the pinned peer the gates checked, with its access hash.
    expect(sent[0]!.target).toEqual({ id: '-1001111', type: 'supergroup', accessHash: '11' });
    expect(sent[0]!.randomId).toBe(
      writeRandomId({ action: 'send_message', payload: { text: 'hello' }, target: '@club' }, ''),
    );

    const again = await w.executor.write(call(execute({ requestId: id })), sendSpec('hello', sent));
    expect(again).toMatchObject({
      status: 'duplicate',
      requestId: null,
      result: { message_id: 1 },
    });
    if (again.status === 'preview') throw new Error('expected a duplicate');
    expect(again.nextStep).toMatch(/already done/);
    expect(sent).toHaveLength(1);
    // The seed's approval_code parameter may carry the request id in operator mode.
    expect(w.channel.reference({ approvalCode: id })).toBe(id);
    expect(w.channel.reference({ approvalCode: 'x', requestId: 'apr_y' })).toBe('apr_y');
  });

  it('elicit: asks the person with the approval screen; yes writes, no is APPROVAL_DECLINED with nothing sent', async () => {
    const w = await servicesWorld('elicit');
    const sent: Sent[] = [];
    w.answers.push(true);
    const done = await w.executor.write(call(execute()), sendSpec('hi there', sent));
    expect(done.status).toBe('executed');
    expect(sent).toHaveLength(1);
    expect(w.asked[0]!.message).toMatch(/^Approve this Telegram write\?\n\nrequest {3}apr_/);
    expect(w.asked[0]!.message).toContain('  | hi there');
    expect(w.asked[0]!.detail).toBe('Send it exactly as shown');

    await expect(w.executor.write(call(execute()), sendSpec('second', sent))).rejects.toMatchObject(
      { code: 'APPROVAL_DECLINED' },
    );
    expect(sent).toHaveLength(1);
    expect(await events(w)).toEqual([
      'preview:agent',
      'approved:person (elicitation)',
      'executed:agent',
      'preview:agent',
      'rejected:person (elicitation)',
    ]);
  });

  it('seed: the dry run sends a code to the operator only; executing needs it, the phrase and the minimum age', async () => {
    const w = await servicesWorld('seed');
    const sent: Sent[] = [];
    const dry = await w.executor.write(call(), sendSpec('seed hello', sent));
    expect(w.codes).toHaveLength(1);
    const { code, about } = w.codes[0]!;
    expect(about).toMatch(/^send_message to Club \[supergroup -1001111\], 10 characters/);
    expect(JSON.stringify(dry)).not.toContain(code);
    await expect(
      w.executor.write(call(execute({ confirmationText: PHRASE })), sendSpec('seed hello', sent)),
    ).rejects.toMatchObject({ code: 'APPROVAL_REQUIRED' });
    const withCode = call(execute({ confirmationText: PHRASE, approvalCode: code }));
    await expect(w.executor.write(withCode, sendSpec('seed hello', sent))).rejects.toMatchObject({
      code: 'APPROVAL_TOO_FRESH',
    });
    await w.clock.advance(w.policy.approvalMinAgeSec * 1000);
    expect((await w.executor.write(withCode, sendSpec('seed hello', sent))).status).toBe(
      'executed',
    );
    expect(sent).toHaveLength(1);
  });

  it('a forced resend gets a random id of its own per approval; the same send the same id', () => {
    const spec = { action: 'send_message', payload: { text: 'a' }, target: '@club' };
    expect(writeRandomId(spec, '')).toBe(writeRandomId({ ...spec }, ''));
    expect(writeRandomId(spec, 'apr_1')).not.toBe(writeRandomId(spec, ''));
    expect(writeRandomId(spec, 'apr_1')).not.toBe(writeRandomId(spec, 'apr_2'));
    expect(writeRandomId({ ...spec, payload: { text: 'b' } }, '')).not.toBe(
      writeRandomId(spec, ''),
    );
    expect(BigInt(writeRandomId(spec, ''))).toBeLessThan(2n ** 63n);
  });

  it('a write the connection broke off is settled against Telegram before anything is sent again', async () => {
    const w = await servicesWorld('operator');
    const approvedCall = async (text: string) => {
      const p = await w.executor.write(call(), sendSpec(text, []));
      if (p.status !== 'preview') throw new Error('expected a preview');
      await w.executor.approve(p.preview.requestId!, 'operator anna');
      return call(execute({ requestId: p.preview.requestId! }));
    };
    const broken = () =>
      Promise.reject(
        Object.assign(new Error('connection lost'), { code: 'CONNECTION_INTERRUPTED' }),
      );
    const writes: string[] = [];
    const since: number[] = [];

    // Found in the chat: its result, nothing sent again.
    const found = await w.executor.write(
      await approvedCall('one'),
      sendSpec('one', [], {
        write: (_t, id) => (writes.push(id), broken()),
        settle: (_t, sinceUnix) => (since.push(sinceUnix), Promise.resolve({ message_id: 7 })),
      }),
    );
    expect(found).toMatchObject({ status: 'executed', result: { message_id: 7 } });
    expect(writes).toHaveLength(1);
    expect(since[0]).toBe(Math.floor(w.clock.now() / 1000) - 5);

    // Surely absent: one resend with the same random id.
    writes.length = 0;
    let n = 0;
    const resent = await w.executor.write(
      await approvedCall('two'),
      sendSpec('two', [], {
        write: (_t, id) => (
          writes.push(id),
          n++ === 0 ? broken() : Promise.resolve({ message_id: 8 })
        ),
        settle: () => Promise.resolve(undefined),
      }),
    );
    expect(resent).toMatchObject({ result: { message_id: 8 } });
    expect(writes).toHaveLength(2);
    expect(writes[0]).toBe(writes[1]);

    // The look fails: the original error, and the write stays in doubt.
    await expect(
      w.executor.write(
        await approvedCall('three'),
        sendSpec('three', [], {
          write: broken,
          settle: () => Promise.reject(new Error('no look')),
        }),
      ),
    ).rejects.toMatchObject({ code: 'CONNECTION_INTERRUPTED' });
    expect((await events(w)).at(-1)).toBe('in_doubt:agent');
  });

  it('beforeWrite can stop a write at the last moment: nothing sent, the quota given back', async () => {
    const w = await servicesWorld('operator');
    const sent: Sent[] = [];
    const p = await w.executor.write(call(), sendSpec('late', sent));
    if (p.status !== 'preview') throw new Error('expected a preview');
    await w.executor.approve(p.preview.requestId!, 'operator anna');
    const late = Object.assign(new Error('deadline passed'), { code: 'DEADLINE_PASSED' });
    await expect(
      w.executor.write(call(execute({ requestId: p.preview.requestId! })), sendSpec('late', sent), {
        beforeWrite: () => {
          throw late;
        },
      }),
    ).rejects.toBe(late);
    expect(sent).toHaveLength(0);
    expect((await w.quotas.usage()).group_msg?.used).toBe(0);
  });

  it('needs a channel', async () => {
    const { createWorld } = await import('../../test/helpers/world.js');
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const w = createWorld(await mkdtemp(`${tmpdir()}/tgmcp-nochannel-`));
    expect(() => w.executor.write(call(), sendSpec('x', []))).toThrow(/approval channel/);
  });
});
