// The options tgmcp-actions parses (node:util parseArgs): the shared ones of every server binary
// and the operator commands'. Every option a help text, hint or error message names must be one
// of these (test/hints.e2e.test.ts checks it).
import { SERVER_OPTIONS } from '@tgmcp/mcp/cli';

export const ACTIONS_OPTIONS = {
  ...SERVER_OPTIONS,
  yes: { type: 'boolean' },
  reject: { type: 'boolean' },
  limit: { type: 'string' },
} as const;
