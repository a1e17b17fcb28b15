// The operator's view of allowlist pins: `pins` lists them (and pins that went missing), `unpin`
// forgets one so its entry is pinned afresh to what its name names now (issue 16 item 15).
import { userInfo } from 'node:os';
import { type StateStore, createAllowlist, createAuditLog, loadActionsPolicy } from '@tgmcp/policy';
import { stateOf } from './operator.js';

const PIN = 'allowlist-pin:';
const MANIFEST = 'allowlist-manifest:';

interface Row {
  account: string;
  entry: string;
  pinned: string | null;
  first: string | null;
}

async function rows(state: StateStore): Promise<Row[]> {
  const out = new Map<string, Row>();
  const row = (account: string, entry: string) => {
    const k = `${account}\n${entry}`;
    let r = out.get(k);
    if (!r) out.set(k, (r = { account, entry, pinned: null, first: null }));
    return r;
  };
  for (const { key, value } of await state.list<{ id?: string }>(PIN)) {
    const rest = key.slice(PIN.length);
    const at = rest.indexOf(':');
    if (at > 0 && typeof value?.id === 'string')
      row(rest.slice(0, at), rest.slice(at + 1)).pinned = value.id;
  }
  for (const { key, value } of await state.list<{ pins?: Record<string, { id: string }> }>(
    MANIFEST,
  )) {
    for (const [entry, p] of Object.entries(value?.pins ?? {}))
      row(key.slice(MANIFEST.length), entry).first = p.id;
  }
  return [...out.values()];
}

export async function pinsCommand(
  values: { json?: boolean },
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const list = await rows(await stateOf(loadActionsPolicy(env), env));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (list.length === 0) process.stdout.write('No allowlist pins yet.\n');
  for (const r of list) {
    const state =
      r.pinned === null
        ? `MISSING (was ${r.first}): refused if its name now names another chat; \`tgmcp-actions unpin ${r.entry}\` accepts that chat`
        : `pinned to ${r.pinned}`;
    process.stdout.write(`${r.account}  ${r.entry}  ${state}\n`);
  }
  return 0;
}

export async function unpinCommand(
  positionals: string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const entry = positionals[0];
  if (!entry) {
    process.stderr.write(
      'tgmcp-actions unpin: give the allowlist entry (see `tgmcp-actions pins`)\n',
    );
    return 2;
  }
  const policy = loadActionsPolicy(env);
  const state = await stateOf(policy, env);
  const matching = (await rows(state)).filter((r) => r.entry === entry);
  if (matching.length === 0) {
    process.stderr.write(`tgmcp-actions unpin: no pin for ${entry}\n`);
    return 1;
  }
  const audit = createAuditLog({ file: policy.auditFile });
  const actor = `operator ${userInfo().username}`;
  for (const r of matching) {
    const resolve = () => Promise.reject(new Error('not resolved by the operator CLI'));
    await createAllowlist({ entries: [entry], resolve, account: r.account, store: state }).unpin(
      entry,
    );
    await audit.append({
      event: 'unpin',
      actor,
      account: r.account,
      action: 'allowlist_pin',
      result: { entry, previous_id: r.pinned ?? r.first },
    });
  }
  process.stderr.write(
    `Unpinned ${entry}. The server pins it to the chat its name names now on its next start (or within a minute).\n`,
  );
  return 0;
}
