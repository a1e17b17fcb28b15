// Seed approval mode (tg-mcp's flow, for existing setups): the dry run sends a one-time code to
// the operator's channel (stderr), never to the model; executing needs that code and the
// operator's confirmation phrase.
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

describe('seed approval mode', { timeout: 60_000 }, () => {
  it('the code reaches the operator only; code and phrase are both needed; single use', async () => {
    const a = await startActions({
      env: { TG_ACTIONS_APPROVAL_MODE: 'seed', TG_ACTIONS_CONFIRMATION_PHRASE: 'ship-it-now' },
    });
    const args = { group: '@oss_hackers', message_text: 'seed mode hello' };
    const preview = await a.client.callTool({ name: 'tg_send_message', arguments: args });
    const p = sc<{ request_id: string; status: string }>(preview);
    expect(p.status).toBe('preview');
    await new Promise((r) => setTimeout(r, 200));
    const m = new RegExp(`approval code (\\S+) approves: [^\\n]*request ${p.request_id}`).exec(
      a.stderr(),
    );
    expect(m).not.toBeNull();
    const code = m![1]!;
    expect(JSON.stringify(preview)).not.toContain(code);
    const exec = { ...args, dry_run: false, confirm: true };
    expect(
      errorOf(
        await a.client.callTool({
          name: 'tg_send_message',
          arguments: { ...exec, approval_code: code },
        }),
      ).code,
    ).toBe('CONFIRMATION_TEXT_INVALID');
    expect(
      errorOf(
        await a.client.callTool({
          name: 'tg_send_message',
          arguments: { ...exec, approval_code: 'x'.repeat(12), confirmation_text: 'ship-it-now' },
        }),
      ).code,
    ).toMatch(/^APPROVAL_/);
    const done = sc<{ status: string }>(
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: { ...exec, approval_code: code, confirmation_text: 'ship-it-now' },
      }),
    );
    expect(done.status).toBe('executed');
    const again = await a.client.callTool({
      name: 'tg_send_message',
      arguments: {
        ...exec,
        message_text: 'another text',
        approval_code: code,
        confirmation_text: 'ship-it-now',
      },
    });
    expect(errorOf(again).code).toMatch(/^APPROVAL_/);
    expect(a.fake.requests.count('messages.SendMessage')).toBe(1);
    const policy = await a.client.callTool({ name: 'tg_get_actions_policy', arguments: {} });
    expect(JSON.stringify(policy)).not.toContain('ship-it-now');
  });
});
