// The options tgmcp-read parses (node:util parseArgs): the shared ones of every server binary
// and those of config and export. Every option a help text, hint or error message names must be
// one of these (test/hints.e2e.test.ts checks it).
import { SERVER_OPTIONS } from '@tgmcp/mcp/cli';

export const READ_OPTIONS = {
  ...SERVER_OPTIONS,
  profile: { type: 'string' },
  'read-session-name': { type: 'string' },
  'actions-session-name': { type: 'string' },
  client: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  limit: { type: 'string' },
  resume: { type: 'boolean' },
  overwrite: { type: 'boolean' },
} as const;
