// The in-process harness itself: tools/list is the read tools with their schemas, and the
// output-schema check the tool tests rely on rejects a result outside the listed schema.
import { describe, expect, it } from 'vitest';
import { listTools, outputProblems } from './helpers/in-process.js';

describe('in-process read server', () => {
  it('lists the 14 read tools, read-only, each with an output schema', async () => {
    const tools = await listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'tg_list_sessions',
      'tg_use_session',
      'tg_get_group_info',
      'tg_get_participants',
      'tg_search_participants',
      'tg_get_messages',
      'tg_get_message_count',
      'tg_get_group_creation_date',
      'tg_get_my_dialogs',
      'tg_resolve_username',
      'tg_get_user_by_id',
      'tg_download_media',
      'tg_get_stats',
      'tg_auth_status',
    ]);
    for (const t of tools) {
      expect(t.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
      expect(t.outputSchema?.type).toBe('object');
    }
  });

  it('the output check rejects a missing required field, a wrong type and a null', async () => {
    const tool = (await listTools()).find((t) => t.name === 'tg_get_message_count')!;
    expect(outputProblems(tool, { group: '-3001', message_count: 41 })).toBeUndefined();
    expect(outputProblems(tool, { group: '-3001' })).toMatch(/message_count/);
    expect(outputProblems(tool, { group: '-3001', message_count: '41' })).toBeDefined();
    expect(outputProblems(tool, { group: null, message_count: 41 })).toBeDefined();
  });
});
