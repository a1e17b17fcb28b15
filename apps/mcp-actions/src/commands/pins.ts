// The operator's view of allowlist pins: `pins` lists them (and pins that went missing), `unpin`
// forgets one so its entry is pinned afresh to what its name names now (issue 16 item 15).
import { userInfo } from 'node:os';
import { loadActionsPolicy } from '@tgmcp/policy';
import { deskOf } from './operator.js';

type Env = Record<string, string | undefined>;

export async function pinsCommand(
  values: { json?: boolean },
  env: Env = process.env,
): Promise<number> {
  const list = await (await deskOf(loadActionsPolicy(env), env)).pins();
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

export async function unpinCommand(positionals: string[], env: Env = process.env): Promise<number> {
  const entry = positionals[0];
  if (!entry) {
    process.stderr.write(
      'tgmcp-actions unpin: give the allowlist entry (see `tgmcp-actions pins`)\n',
    );
    return 2;
  }
  const desk = await deskOf(loadActionsPolicy(env), env);
  const forgotten = await desk.unpin(entry, `operator ${userInfo().username}`);
  if (forgotten.length === 0) {
    process.stderr.write(`tgmcp-actions unpin: no pin for ${entry}\n`);
    return 1;
  }
  process.stderr.write(
    `Unpinned ${entry}. The server pins it to the chat its name names now on its next start (or within a minute).\n`,
  );
  return 0;
}
