// What the add-member batch tools share: their output, the user argument, write annotations.
import { z } from 'zod';

export const batchOutput = { batch: z.record(z.string(), z.unknown()), next_step: z.string() };

export const batchUserParam = z
  .string()
  .min(1)
  .max(200)
  .describe('The user: @username, t.me link or id');

export const BATCH_WRITE = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
