// The options every server binary parses: the frame's (--help, --version), --demo and --json,
// and those of the shared commands (login: --qr, --phone, --session-name, --timeout-sec). A
// binary adds its own commands' options to these.
export const SERVER_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  demo: { type: 'boolean' },
  json: { type: 'boolean' },
  qr: { type: 'boolean' },
  phone: { type: 'string' },
  'session-name': { type: 'string' },
  'timeout-sec': { type: 'string' },
} as const;
