// What several write tools share: the user argument, and the batch tools' output and annotations.
import { z } from 'zod';

/** A member tool's user, pinned by resolved id before anything is written. */
export const userParam = z
  .string()
  .min(1)
  .max(200)
  .describe('The user: @username, t.me link or numeric id');

export const batchOutput = { batch: z.record(z.string(), z.unknown()), next_step: z.string() };

export const batchIdParam = z.string().min(1).max(64);
export const noteParam = z.string().max(500).default('');
export const ttlHoursParam = z.number().int().min(1).max(720).optional();

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
