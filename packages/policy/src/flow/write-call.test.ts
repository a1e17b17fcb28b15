// The write call's contract: the seed's parameters with their defaults, the result of each
// outcome (a real preview, execute and duplicate through executor.write) and its summary line.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { servicesWorld } from '../../test/helpers/services.js';
import { sendMessageWrite } from '../writes/send-message.js';
import type { MessageOps } from '../writes/ops.js';
import {
  writeApprovalHelp,
  writeCallOf,
  writeOutput,
  writeParams,
  writeResultOf,
} from './write-call.js';

const ops: MessageOps = {
  isFirstContact: () => Promise.resolve(false),
  findSent: () => Promise.resolve(undefined),
  sendMessage: (peer) => Promise.resolve({ chat_id: peer.id, message_id: 7 }),
};

describe('the write call', () => {
  it('takes the seed approval parameters, defaults to a dry run and ignores the tool arguments', () => {
    expect(writeCallOf({ group: '@club', message_text: 'x' }, '777000')).toEqual({
      account: '777000',
      dryRun: true,
      confirm: false,
      confirmationText: '',
      approvalCode: '',
      requestId: undefined,
      forceResend: false,
    });
    expect(
      writeCallOf({ dry_run: false, confirm: true, request_id: 'apr_1', force_resend: true }, '1'),
    ).toMatchObject({ dryRun: false, confirm: true, requestId: 'apr_1', forceResend: true });
    expect(() => writeCallOf({ approval_code: 'x'.repeat(201) }, '1')).toThrow();
    expect(Object.keys(writeParams)).toEqual([
      'dry_run',
      'confirm',
      'confirmation_text',
      'approval_code',
      'request_id',
      'force_resend',
    ]);
  });

  it('maps preview, executed and duplicate outcomes to results that fit the output schema', async () => {
    const w = await servicesWorld('operator');
    const output = z.object(writeOutput).strict();
    const dry = writeResultOf(
      await w.executor.write(writeCallOf({}, '777000'), sendMessageWrite(ops, '@club', ' hi ')),
    );
    expect(output.parse(dry.result)).toEqual(dry.result);
    expect(dry.result).toMatchObject({
      success: true,
      status: 'preview',
      action: 'send_message',
      target: { id: '-1001111', type: 'supergroup', title: 'Club' },
      approval_mode: 'operator',
      summary: 'send this message (2 characters):\nhi',
    });
    expect(dry.result.expires_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(dry.result.execute_after).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(dry.summary).toBe(
      `Preview of send_message to Club: nothing sent. ${dry.result.next_step}`,
    );

    const id = dry.result.request_id!;
    await w.executor.approve(id, 'operator anna');
    const execute = writeCallOf({ dry_run: false, confirm: true, request_id: id }, '777000');
    const done = writeResultOf(
      await w.executor.write(execute, sendMessageWrite(ops, '@club', 'hi')),
    );
    expect(done.result).toEqual({
      success: true,
      status: 'executed',
      duplicate: false,
      action: 'send_message',
      target: { id: '-1001111', type: 'supergroup', title: 'Club' },
      request_id: id,
      action_hash: dry.result.action_hash,
      result: { chat_id: '-1001111', message_id: 7 },
      next_step: undefined,
    });
    expect(done.summary).toBe('Done: send_message to Club.');

    const again = writeResultOf(
      await w.executor.write(execute, sendMessageWrite(ops, '@club', 'hi')),
    );
    expect(again.result).toMatchObject({ status: 'duplicate', duplicate: true, request_id: null });
    expect(again.summary).toBe('Already done; nothing sent again (send_message to -1001111).');
    expect(output.parse(again.result)).toEqual(again.result);
  });

  it('renders a title from Telegram inert in the summary line', () => {
    const { summary } = writeResultOf({
      status: 'executed',
      action: 'send_message',
      duplicate: false,
      target: { id: '-1', type: 'group', title: 'Evil\u001b[2J\u202eTitle' },
      requestId: 'apr_1',
      payloadHash: 'h',
      result: undefined,
    });
    expect(summary).not.toContain('\u001b');
    expect(summary).not.toContain('\u202e');
    expect(summary).toMatch(/^Done: send_message to Evil\\u\{1b\}\[2J\\u\{202e\}Title\.$/);
  });

  it("explains approval in the configured mode, or elicitation with the operator's way as fallback", () => {
    expect(writeApprovalHelp('seed', 'ops approve')).toMatch(/^Approval \(seed mode\)/);
    expect(writeApprovalHelp('operator', 'ops approve')).toContain('`ops approve <request_id>`');
    const either = writeApprovalHelp(undefined, 'ops approve');
    expect(either).toMatch(
      /^Approval: executing .* Without elicitation support: Approval: a dry run/,
    );
    expect(either).toContain('`ops approve <request_id>`');
  });
});
