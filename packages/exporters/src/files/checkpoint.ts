// `<file>.checkpoint.json`: where a partial export stands (the source's state, the byte length
// of the partial output holding exactly the records of that state, the manifest figures so far).
// Read back through a schema: a damaged or foreign checkpoint is an error, never a fresh start.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ExportError } from '../errors.js';
import type { ExportKind } from '../sources/types.js';

const id = z.union([z.string(), z.number()]).nullable();
const count = z.number().int().min(0);

const STATES: Record<ExportKind, z.ZodType> = {
  messages: z.object({ last_id: z.number().int().nullable(), done: count }),
  participants: z.object({ seen: z.array(z.string()), done: count }),
  dialogs: z.object({ cursor: z.string().nullable(), seen: z.array(z.string()), done: count }),
  groups: z.object({ cursor: z.string().nullable(), seen: z.array(z.string()), done: count }),
};

export const checkpointSchema = z.object({
  version: z.literal(1),
  kind: z.enum(['messages', 'participants', 'dialogs', 'groups']),
  format: z.enum(['jsonl', 'csv', 'tdesktop']),
  /** The partial output, a file name in the target's directory. */
  partial: z.string().regex(/^[^/\\]+$/),
  chat_id: z.string().nullable(),
  filters: z.record(z.string(), z.unknown()),
  bytes: count,
  count,
  first_id: id,
  last_id: id,
  min_time: z.number().nullable(),
  max_time: z.number().nullable(),
  started_at: z.string(),
  updated_at: z.string(),
  resumes: count,
  state: z.unknown(),
});

export type Checkpoint = z.infer<typeof checkpointSchema>;

export const checkpointPath = (file: string) => `${file}.checkpoint.json`;

/** The checkpoint beside `file`, or undefined when there is none. */
export async function readCheckpoint(file: string): Promise<Checkpoint | undefined> {
  const where = checkpointPath(file);
  let text: string;
  try {
    text = await readFile(where, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: Checkpoint;
  try {
    parsed = checkpointSchema.parse(JSON.parse(text));
    STATES[parsed.kind].parse(parsed.state);
  } catch {
    throw new ExportError('CHECKPOINT_INVALID', `${where} is not a valid checkpoint`, where);
  }
  return parsed;
}
