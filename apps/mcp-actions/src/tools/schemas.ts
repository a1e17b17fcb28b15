// What the member tools share: the user argument (the batch tools' parameters are @tgmcp/policy's).
import { z } from 'zod';

/** A member tool's user, pinned by resolved id before anything is written. */
export const userParam = z
  .string()
  .min(1)
  .max(200)
  .describe('The user: @username, t.me link or numeric id');
