// The options tgmcp-read parses (node:util parseArgs). Every option a help text, hint or
// error message names must be one of these (test/hints.e2e.test.ts checks it).
export const READ_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  demo: { type: 'boolean' },
  qr: { type: 'boolean' },
  phone: { type: 'string' },
  'session-name': { type: 'string' },
  'timeout-sec': { type: 'string' },
  profile: { type: 'string' },
  'read-session-name': { type: 'string' },
  'actions-session-name': { type: 'string' },
  client: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  limit: { type: 'string' },
  resume: { type: 'boolean' },
  overwrite: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;
