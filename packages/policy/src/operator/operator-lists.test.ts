// The operator's listings over a fake terminal: pending screens (or JSON), the policy, pins and
// forgetting one, each on the stream the CLI promises (print: stdout, error: stderr).
import { describe, expect, it } from 'vitest';
import { servicesWorld } from '../../test/helpers/services.js';
import { sendRequest } from '../../test/helpers/world.js';
import { createOperatorDesk } from './operator-desk.js';
import { forgetPin, showPending, showPins, showPolicy } from './operator-lists.js';

function fakeOut() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { print: (t: string) => void out.push(t), error: (l: string) => void err.push(l) },
  };
}

describe('operator listings', () => {
  it('pending: a screen per request, JSON with --json, a line when none', async () => {
    const w = await servicesWorld('operator');
    const desk = createOperatorDesk({ policy: w.policy, state: w.state, clock: w.clock });
    const none = fakeOut();
    await showPending(desk, none.io);
    expect(none.out).toEqual(['No pending approval requests.\n']);
    const p = await w.executor.preview(sendRequest('@club', 'hello', { dryRun: true }));
    const screens = fakeOut();
    await showPending(desk, screens.io);
    expect(screens.out).toHaveLength(1);
    expect(screens.out[0]).toContain(p.requestId!);
    const json = fakeOut();
    await showPending(desk, json.io, true);
    expect(JSON.parse(json.out[0]!)).toMatchObject([{ requestId: p.requestId }]);
  });

  it('pins: listed, forgotten with a note on stderr, false when there is none', async () => {
    const w = await servicesWorld('operator');
    const desk = createOperatorDesk({ policy: w.policy, state: w.state, clock: w.clock });
    await w.allowlist.ensurePinned();
    const list = fakeOut();
    await showPins(desk, list.io, { unpinCommand: 'ops unpin' });
    expect(list.out).toContain(`${(await desk.pins())[0]!.account}  @club  pinned to -1001111\n`);
    const gone = fakeOut();
    expect(await forgetPin(desk, '@club', 'operator anna', gone.io)).toBe(true);
    expect(gone.err[0]).toMatch(/^Unpinned @club\./);
    expect(await forgetPin(desk, '@club', 'operator anna', gone.io)).toBe(false);
  });

  it('policy: JSON on stdout, why writes are off on stderr', async () => {
    const w = await servicesWorld('operator');
    const o = fakeOut();
    showPolicy({ ...w.policy, writesOffReason: 'writes are off: set X' }, o.io);
    expect(JSON.parse(o.out[0]!)).toBeTypeOf('object');
    expect(o.err).toEqual(['writes are off: set X']);
  });
});
