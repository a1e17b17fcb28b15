// Member writes: users pinned by id, a chat given as the user refused naming the argument, the
// same person twice refused for a migration, and a broken-off change settled by membership.
import { describe, expect, it } from 'vitest';
import type { TargetHandle } from '../allowlist/peer.js';
import { memberChangeWrite, migrateMemberWrite } from './member-change.js';
import type { MemberOps, PinnedPeerLike } from './ops.js';

const group: TargetHandle = { id: '-1001111', type: 'supergroup', accessHash: '11' };
const PEERS: Record<string, PinnedPeerLike> = {
  '@alice': { id: '4242', type: 'user', accessHash: '42', title: 'Alice', username: 'alice' },
  '4242': { id: '4242', type: 'user', accessHash: '42', title: 'Alice', username: 'alice' },
  '@bob': { id: '5151', type: 'user', accessHash: '51', title: 'Bob', username: null },
  '@club': { id: '-1001111', type: 'supergroup', accessHash: '11', title: 'Club' },
};

function world() {
  const members = new Set<string>();
  const log: string[] = [];
  const ops: MemberOps = {
    pinPeer: (ref) =>
      PEERS[ref]
        ? Promise.resolve(PEERS[ref])
        : Promise.reject(Object.assign(new Error(`no ${ref}`), { code: 'PEER_NOT_FOUND' })),
    addMember: (g, u) => (
      log.push(`add ${u.id} to ${g.id}`),
      members.add(u.id),
      Promise.resolve({})
    ),
    removeMember: (g, u) => (log.push(`remove ${u.id}`), members.delete(u.id), Promise.resolve({})),
    isMember: (_g, u) => Promise.resolve(members.has(u)),
  };
  return { ops, members, log };
}

describe('member writes', () => {
  it('adds or removes the pinned user; settles an interrupted change by membership', async () => {
    const w = world();
    const add = await memberChangeWrite(w.ops, 'add', '@club', '@alice');
    expect(add).toMatchObject({
      action: 'add_member',
      target: '@club',
      payload: { user: '4242' },
      summary: 'add Alice (@alice) [id 4242]',
    });
    expect(await add.settle!(group, 0, '')).toBeUndefined();
    await add.write(group, '');
    expect(await add.settle!(group, 0, '')).toEqual({
      chat_id: '-1001111',
      user_id: '4242',
      changed: true,
    });
    const remove = await memberChangeWrite(w.ops, 'remove', '@club', '@bob');
    expect(remove).toMatchObject({ action: 'remove_member', summary: 'remove Bob [id 5151]' });
    expect(await remove.settle!(group, 0, '')).toEqual({
      chat_id: '-1001111',
      user_id: '5151',
      changed: true,
    });
    expect(w.log).toEqual(['add 4242 to -1001111']);
  });

  it('refuses a chat as the user and an unknown user, naming the argument', async () => {
    const w = world();
    await expect(memberChangeWrite(w.ops, 'add', '@club', '@club')).rejects.toMatchObject({
      code: 'NOT_A_USER',
      field: 'user',
    });
    await expect(migrateMemberWrite(w.ops, '@club', '@alice', '@nobody')).rejects.toMatchObject({
      code: 'PEER_NOT_FOUND',
      field: 'new_user',
    });
  });

  it('migrates: adds the new user, then removes the old one; the same person twice is SAME_USER', async () => {
    const w = world();
    await expect(migrateMemberWrite(w.ops, '@club', '@alice', '4242')).rejects.toMatchObject({
      code: 'SAME_USER',
      field: 'new_user',
      message: 'old_user and new_user are the same person (4242)',
    });
    const spec = await migrateMemberWrite(w.ops, '@club', '@alice', '@bob');
    expect(spec).toMatchObject({
      action: 'migrate_member',
      payload: { old_user: '4242', new_user: '5151' },
      summary: 'add Bob [id 5151], then remove Alice [id 4242]',
    });
    await spec.write(group, '');
    expect(w.log).toEqual(['add 5151 to -1001111', 'remove 4242']);
  });
});
