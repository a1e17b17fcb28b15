// Which binary runs a shared command: every hint and error names the command the person typed
// (`tgmcp-actions login`, not `tgmcp-read login`, in the actions server's messages).
export type ServerBin = 'tgmcp-read' | 'tgmcp-actions';

export interface CommandContext {
  bin: ServerBin;
  /** The command's usage text, shown under a usage error. */
  help?: string;
}
