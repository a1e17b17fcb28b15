// The terminal an operator command talks through, injected so the conversation's order (the
// whole screen before the question, no decision without an answer) is testable without a TTY.
export interface OperatorTerminal {
  /** Output the command produces (stdout). */
  print(text: string): void;
  /** A whole screen, paged on a terminal; resolves once all of it was shown. */
  page(screen: string): Promise<void>;
  /** A y/N question; undefined when there is no terminal to ask (and no answer given ahead). */
  ask(question: string): Promise<boolean | undefined>;
  /** A line for the person (stderr). */
  error(line: string): void;
}
