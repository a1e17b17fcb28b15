// Which approval channel a write server uses: the configured mode, else elicitation when the
// connected client can ask its user, else the operator's terminal.
import type { ApprovalMode } from '../config/actions-policy.js';
import type { ApprovalChannel, AskPerson } from './channel.js';
import { elicitationChannel } from './elicitation-channel.js';
import { operatorChannel } from './operator-channel.js';
import { seedCodeChannel } from './seed-code-channel.js';

/** The mode in force: `configured` (TG_ACTIONS_APPROVAL_MODE), else what the client allows. */
export function approvalModeFor(
  configured: ApprovalMode | undefined,
  clientCanElicit: boolean,
): ApprovalMode {
  return configured ?? (clientCanElicit ? 'elicit' : 'operator');
}

export interface ChannelParts {
  /** The operator's approve command, as hints name it. */
  approveCommand?: string;
  /** Seed mode: where a one-time code goes (the operator's terminal, never the model). */
  deliverCode: (code: string, about: string) => void;
  /** Elicit mode: asks the person in their client. */
  ask: AskPerson;
}

export function approvalChannelFor(mode: ApprovalMode, parts: ChannelParts): ApprovalChannel {
  const { approveCommand } = parts;
  if (mode === 'seed') return seedCodeChannel({ approveCommand, deliverCode: parts.deliverCode });
  if (mode === 'operator') return operatorChannel({ approveCommand });
  return elicitationChannel({ ask: parts.ask });
}
