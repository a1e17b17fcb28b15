// What the operator reads without deciding anything: the requests that wait, the audit trail's
// latest events, the active policy. Every name from Telegram or an agent is printed inert.
import { readAudit } from '../audit/audit-log.js';
import type { ActionsPolicy } from '../config/actions-policy.js';
import { describePolicy } from '../config/describe.js';
import { approvalScreen } from '../display/approval-screen.js';
import { inertJson } from '../display/inert.js';
import type { OperatorDesk } from './operator-desk.js';
import type { OperatorTerminal } from './operator-terminal.js';

type Out = Pick<OperatorTerminal, 'print' | 'error'>;

/** Every pending request's screen (or, with `json`, the list as JSON). */
export async function showPending(desk: OperatorDesk, io: Out, json = false): Promise<void> {
  const list = await desk.pending();
  if (json) io.print(`${inertJson(list, 2)}\n`);
  else if (list.length === 0) io.print('No pending approval requests.\n');
  else for (const v of list) io.print(`${approvalScreen(v)}\n\n`);
}

/** The latest `limit` audit events, one JSON line each. */
export async function showAudit(
  policy: Pick<ActionsPolicy, 'auditFile'>,
  io: Out,
  o: { limit: number; json?: boolean },
): Promise<void> {
  const events = await readAudit({ file: policy.auditFile, limit: o.limit });
  for (const e of events) io.print(`${inertJson(e)}\n`);
  if (events.length === 0 && !o.json) io.error(`No audit events in ${policy.auditFile}`);
}

/** The active policy as JSON, and why writes are off when they are. */
export function showPolicy(policy: ActionsPolicy, io: Out): void {
  io.print(`${JSON.stringify(describePolicy(policy), null, 2)}\n`);
  if (policy.writesOffReason) io.error(policy.writesOffReason);
}

/** Allowlist pins, one line each; a missing one with the id it had and how to accept the new chat. */
export async function showPins(
  desk: OperatorDesk,
  io: Out,
  o: { json?: boolean; unpinCommand: string },
): Promise<void> {
  const list = await desk.pins();
  if (o.json) return io.print(`${JSON.stringify(list, null, 2)}\n`);
  if (list.length === 0) io.print('No allowlist pins yet.\n');
  for (const r of list) {
    const state =
      r.pinned === null
        ? `MISSING (was ${r.first}): refused if its name now names another chat; \`${o.unpinCommand} ${r.entry}\` accepts that chat`
        : `pinned to ${r.pinned}`;
    io.print(`${r.account}  ${r.entry}  ${state}\n`);
  }
}

/** Forgets the entry's pins (audited) and says what happens next; false when it had none. */
export async function forgetPin(
  desk: OperatorDesk,
  entry: string,
  actor: string,
  io: Out,
): Promise<boolean> {
  if ((await desk.unpin(entry, actor)).length === 0) return false;
  io.error(
    `Unpinned ${entry}. The server pins it to the chat its name names now on its next start (or within a minute).`,
  );
  return true;
}
