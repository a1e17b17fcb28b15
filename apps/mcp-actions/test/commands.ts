// The commands tgmcp-actions takes, as src/cli.ts lists them (the binary's entry does not export
// them: importing it would run the CLI).
export const COMMANDS = [
  'serve',
  'approve',
  'pending',
  'audit',
  'policy',
  'pins',
  'unpin',
  'login',
  'status',
  'doctor',
];
