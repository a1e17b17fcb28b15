// The batch tools' calls: snake_case arguments in, the tool's result (checked against its
// output schema) and the one-line summary out, for create, status, operator approval and run.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { servicesWorld } from '../../test/helpers/services.js';
import { batchCalls, batchCreateOutput, batchOutput, batchRunOutput } from './batch-call.js';

describe('batch calls', () => {
  it('maps create, status, approve (waiting in operator mode) to results', async () => {
    const w = await servicesWorld('operator');
    const calls = batchCalls(w.batches);
    const c = await calls.create({ user: '@alice', groups: ['@club', '@nobody'], note: '' });
    z.object(batchCreateOutput).parse(c.result);
    const id = String(c.result.batch.id);
    expect(c.result.unresolved).toEqual([{ group: '@nobody', code: 'PEER_NOT_FOUND' }]);
    expect(c.result.next_step).toContain(`approve ${id}`);
    expect(c.summary).toBe(`Batch ${id}: add Alice to 1 group(s); waiting for a person's approval`);
    const s = await calls.status({ batch_id: id });
    z.object(batchOutput).parse(s.result);
    expect(s.summary).toBe(`Batch ${id}: pending_approval`);
    await expect(
      calls.approve({ batch_id: id, approval_code: '', confirmation_text: '' }),
    ).rejects.toThrow(/Only a person can approve/);
  });

  it('approves (elicit) and runs, reporting progress and the run summary', async () => {
    const w = await servicesWorld('elicit');
    const calls = batchCalls(w.batches);
    const c = await calls.create({ user: '@alice', groups: ['@club'] });
    const id = String(c.result.batch.id);
    w.answers.push(true);
    const a = await calls.approve({ batch_id: id, approval_code: '', confirmation_text: '' });
    expect(a.summary).toBe(`Batch ${id} approved`);
    expect(a.result.next_step).toBe('Run it with tg_run_add_member_batch.');
    const progress: Array<[number, number]> = [];
    const r = await calls.run(
      { batch_id: id, max_actions: 5 },
      { progress: (done, total) => progress.push([done, total]) },
    );
    z.object(batchRunOutput).parse(r.result);
    expect(r.result).toMatchObject({ processed: 1, stopped: null, retry_after: null });
    expect(progress.at(-1)).toEqual([1, 5]);
    expect(r.summary).toBe(
      `Batch ${id}: 1 add(s) this run; ${JSON.stringify(r.result.batch.counts)}`,
    );
  });
});
