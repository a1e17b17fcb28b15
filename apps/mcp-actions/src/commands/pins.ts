// The operator's view of allowlist pins: `pins` lists them (and pins that went missing), `unpin`
// forgets one so its entry is pinned afresh to what its name names now (issue 16 item 15).
import { loadActionsPolicy } from '@tgmcp/policy';
import { type OpenDesk, operator } from './operator.js';

type Env = Record<string, string | undefined>;

export async function pinsCommand(
  values: { json?: boolean },
  env: Env,
  openDesk: OpenDesk,
): Promise<number> {
  const list = await (await openDesk(loadActionsPolicy(env))).pins();
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
  entry: string | undefined,
  env: Env,
  openDesk: OpenDesk,
): Promise<number> {
  if (!entry) {
    process.stderr.write(
      'tgmcp-actions unpin: give the allowlist entry (see `tgmcp-actions pins`)\n',
    );
    return 2;
  }
  const forgotten = await (await openDesk(loadActionsPolicy(env))).unpin(entry, operator());
  if (forgotten.length === 0) {
    process.stderr.write(`tgmcp-actions unpin: no pin for ${entry}\n`);
    return 1;
  }
  process.stderr.write(
    `Unpinned ${entry}. The server pins it to the chat its name names now on its next start (or within a minute).\n`,
  );
  return 0;
}
