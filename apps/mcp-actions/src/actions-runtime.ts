// The actions server's state: the Telegram session (role `actions`, its write capability handed
// only to the policy executor), the policy, and the policy's services (approvals, idempotency,
// quotas, pins, batches, audit) over the stores they live in. Built on first use.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type ServerRuntime, askPersonByElicitation, clientCanElicit } from '@tgmcp/mcp';
import {
  type ActionsPolicy,
  type ApprovalMode,
  type RedisStateClientLike,
  type WriteServices,
  approvalChannelFor,
  approvalModeFor,
  codeNotice,
  createWriteServices,
  stateStoreFor,
} from '@tgmcp/policy';
import type { RateLimitStore } from '@tgmcp/ratelimit';
import type { Telegram } from '@tgmcp/telegram';

export interface ActionsRuntimeOptions {
  server: ServerRuntime;
  policy: ActionsPolicy;
  /** Quota counters; default a file store under the data dir, shared by every process. */
  quotaStore?: RateLimitStore;
  /** Approvals, idempotency, pins, batches in Redis (TG_REDIS_URL); default files. */
  redis?: RedisStateClientLike;
  /** Releases what the runtime's stores hold open (a Redis connection). */
  closeStores?: () => Promise<void>;
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
    this.mode ??= approvalModeFor(this.policy.approvalMode, clientCanElicit(mcp));
    return this.mode;
  }

  parts(mcp: McpServer): Promise<ActionsParts> {
    this.built ??= this.build(mcp);
    return this.built;
  }

  async telegram(mcp: McpServer): Promise<Telegram> {
    return (await this.parts(mcp)).tg;
  }

  private async build(mcp: McpServer): Promise<ActionsParts> {
    const mode = this.approvalMode(mcp);
    const tg = await this.server.telegram();
    const services = await createWriteServices({
      policy: this.policy,
      state: await stateStoreFor(this.policy, this.options.redis),
      quotaStore: this.options.quotaStore,
      account: tg.account.id,
      resolve: (ref) => tg.pinPeer(ref),
      writeCapability: tg.writeCapability!,
      // How a person approves here. Elicitation stops the call's deadline while they decide.
      channel: approvalChannelFor(mode, {
        approveCommand: this.approveCommand,
        // Seed mode's code goes to the operator's terminal (stderr), never the model, with a
        // line naming what it approves: action, target, the text's length, hash and start.
        deliverCode: (code, about) => log(codeNotice(code, about)),
        ask: askPersonByElicitation(mcp, this.server),
      }),
      isMember: (group, user) => tg.isMember(group, user),
      addMember: (group, user) => tg.addMember(group, user),
      warn: log,
    });
    return { ...services, tg };
  }
}
