// The approval channel a server uses: configured mode first, else elicitation when the client
// can ask its user, else the operator; each mode gets its own channel and parts.
import { describe, expect, it } from 'vitest';
import type { BatchApprovalRequest } from './channel.js';
import { approvalChannelFor, approvalModeFor } from './channel-for.js';

describe('approval channel choice', () => {
  it('follows the configured mode, else what the client can do', () => {
    expect(approvalModeFor('seed', true)).toBe('seed');
    expect(approvalModeFor('operator', true)).toBe('operator');
    expect(approvalModeFor(undefined, true)).toBe('elicit');
    expect(approvalModeFor(undefined, false)).toBe('operator');
  });

  it('builds the channel of the mode with its parts', async () => {
    const asked: string[] = [];
    const parts = {
      approveCommand: 'ops approve',
      deliverCode: () => undefined,
      ask: (q: { message: string }) => {
        asked.push(q.message);
        return Promise.resolve(false);
      },
    };
    const codes: string[] = [];
    const seed = approvalChannelFor('seed', { ...parts, deliverCode: (c) => codes.push(c) });
    expect(seed.mode).toBe('seed');
    seed.deliverCode?.('123456', 'about');
    expect(codes).toEqual(['123456']);
    const operator = approvalChannelFor('operator', parts);
    expect(operator.mode).toBe('operator');
    expect(operator.batchNextStep('b1')).toContain('`ops approve b1`');
    const elicit = approvalChannelFor('elicit', parts);
    expect(elicit.mode).toBe('elicit');
    // The elicitation channel shows the batch's preview and nothing else of the request.
    const request: Partial<BatchApprovalRequest> = {
      batch: { preview: 'the batch' } as BatchApprovalRequest['batch'],
    };
    await expect(elicit.approveBatch(request as BatchApprovalRequest)).rejects.toMatchObject({
      code: 'APPROVAL_DECLINED',
    });
    expect(asked).toEqual(['Approve this batch?\n\nthe batch']);
  });
});
