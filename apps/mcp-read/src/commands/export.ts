// tgmcp-read export: placeholder until @tgmcp/exporters lands; refuses clearly.
export function exportCommand(_positionals: string[], _values: object): number {
  process.stderr.write('tgmcp-read export: not available in this build\n');
  return 1;
}
