// The actions server's state: the Telegram session (role `actions`, its write capability handed
// only to the policy executor), the policy, and the policy's services (approvals, idempotency,
// quotas, pins, batches, audit) over the stores they live in. Built on first use.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type ActionsPolicy,
  type ApprovalChannel,
  type ApprovalMode,
  type StateStore,
  type WriteServices,
  createWriteServices,
  elicitationChannel,
  fileStateStore,
  operatorChannel,
  seedCodeChannel,
} from '@tgmcp/policy';
import type { ServerRuntime } from '@tgmcp/mcp';
import type { RateLimitStore } from '@tgmcp/ratelimit';
import type { Telegram } from '@tgmcp/telegram';

export interface ActionsRuntimeOptions {
  server: ServerRuntime;
  policy: ActionsPolicy;
  /** Quota counters; default a file store under the data dir, shared by every process. */
  quotaStore?: RateLimitStore;
  /** Approvals, idempotency, pins, batches; default files under the data dir (Redis: TG_REDIS_URL). */
  stateStore?: StateStore;
  /** Releases what the runtime's stores hold open (a Redis connection). */
  closeStores?: () => Promise<void>;
  /**
   * Where seed-mode codes go: the operator's channel (stderr by default), never the model. The
   * line names what the code approves: action, target, the text's length, hash and start.
   */
  deliverCode?: (code: string, about: string) => void;
  /** The operator's approve command named in hints (`tgmcp-actions approve --demo` on the demo). */
  approveCommand?: string;
}

export type ActionsParts = WriteServices & { tg: Telegram };

const log = (line: string) => process.stderr.write(`[tgmcp-actions] ${line}\n`);

export class ActionsRuntime {
  private built: Promise<ActionsParts> | undefined;
  private mode: ApprovalMode | undefined;

  constructor(private readonly options: ActionsRuntimeOptions) {}

  /** Closes the Telegram session and the shared stores. */
  async close(): Promise<void> {
    await this.server.close().catch(() => undefined);
    await this.options.closeStores?.().catch(() => undefined);
  }

  get server(): ServerRuntime {
    return this.options.server;
  }

  get policy(): ActionsPolicy {
    return this.options.policy;
  }

  /** The command a person runs to approve a request, as hints name it. */
  get approveCommand(): string {
    return this.options.approveCommand ?? 'tgmcp-actions approve';
  }

  /** The approval mode: configured, else `elicit` when the client can ask its user, else `operator`. */
  approvalMode(mcp: McpServer): ApprovalMode {
    if (this.mode) return this.mode;
    const configured = this.policy.approvalMode;
    const canElicit = !!mcp.server.getClientCapabilities()?.elicitation;
    this.mode = configured ?? (canElicit ? 'elicit' : 'operator');
    return this.mode;
  }

  /** Hands a seed-mode code to the operator's channel with a line saying what it approves. */
  deliverCode(code: string, about: string): void {
    if (this.options.deliverCode) this.options.deliverCode(code, about);
    else
      log(
        `approval code ${code} approves: ${about}. Tell it to the agent only if you approve exactly this.`,
      );
  }

  /** The approval mode when no client is connected (CLI commands). */
  get configuredMode(): ApprovalMode {
    return this.mode ?? this.policy.approvalMode ?? 'operator';
  }

  parts(mcp: McpServer): Promise<ActionsParts> {
    this.approvalMode(mcp);
    this.built ??= this.build(mcp);
    return this.built;
  }

  async telegram(mcp: McpServer): Promise<Telegram> {
    return (await this.parts(mcp)).tg;
  }

  /** How a person approves here. Elicitation stops the call's deadline while they decide. */
  private channel(mcp: McpServer): ApprovalChannel {
    const approveCommand = this.approveCommand;
    if (this.configuredMode === 'seed')
      return seedCodeChannel({
        approveCommand,
        deliverCode: (c, about) => this.deliverCode(c, about),
      });
    if (this.configuredMode === 'operator') return operatorChannel({ approveCommand });
    return elicitationChannel({
      ask: ({ message, detail }, signal) =>
        this.server.humanWait(async () => {
          const answer = await mcp.server.elicitInput(
            {
              message,
              requestedSchema: {
                type: 'object',
                properties: {
                  approve: {
                    type: 'boolean',
                    title: 'Approve',
                    ...(detail ? { description: detail } : {}),
                  },
                },
                required: ['approve'],
              },
            },
            { signal },
          );
          return answer.action === 'accept' && answer.content?.approve === true;
        }),
    });
  }

  private async build(mcp: McpServer): Promise<ActionsParts> {
    const tg = await this.server.telegram();
    const services = await createWriteServices({
      policy: this.policy,
      state: this.options.stateStore ?? fileStateStore({ dir: this.policy.stateDir }),
      quotaStore: this.options.quotaStore,
      account: tg.account.id,
      resolve: (ref) => tg.pinPeer(ref),
      writeCapability: tg.writeCapability!,
      channel: this.channel(mcp),
      isMember: (group, user) => tg.isMember(group, user),
      addMember: (group, user) => tg.addMember(group, user),
      warn: log,
    });
    return { ...services, tg };
  }
}
