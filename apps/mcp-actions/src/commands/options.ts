// The options tgmcp-actions parses (node:util parseArgs). Every option a help text, hint or
// error message names must be one of these (test/hints.e2e.test.ts checks it).
export const ACTIONS_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  demo: { type: 'boolean' },
  yes: { type: 'boolean' },
  reject: { type: 'boolean' },
  json: { type: 'boolean' },
  limit: { type: 'string' },
  qr: { type: 'boolean' },
  phone: { type: 'string' },
  'session-name': { type: 'string' },
  'timeout-sec': { type: 'string' },
} as const;
