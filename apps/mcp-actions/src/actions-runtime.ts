// The actions server's state: the Telegram session (role `actions`, its write capability handed
// only to the policy executor), the policy, and the stores approvals, idempotency, quotas,
// allowlist pins and the audit trail live in. Built on first use.
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type {
  ActionQuotas,
  ActionsPolicy,
  ApprovalMode,
  BatchStore,
  StateStore,
  ApprovalStore,
  AuditLog,
  WriteExecutor,
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

const deliverToStderr = (code: string, about: string) =>
  process.stderr.write(
    `[tgmcp-actions] approval code ${code} approves: ${about}. Tell it to the agent only if you approve exactly this.\n`,
  );

export class ActionsRuntime {
  private built:
    | Promise<{
        executor: WriteExecutor;
        approvals: ApprovalStore;
        audit: AuditLog;
        batches: BatchStore;
        quotas: ActionQuotas;
        tg: Telegram;
      }>
    | undefined;
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
    (this.options.deliverCode ?? deliverToStderr)(code, about);
  }

  /** The approval mode when no client is connected (CLI commands). */
  get configuredMode(): ApprovalMode {
    return this.mode ?? this.policy.approvalMode ?? 'operator';
  }

  parts(mcp?: McpServer) {
    if (mcp) this.approvalMode(mcp);
    this.built ??= this.build();
    return this.built;
  }

  private async build() {
    const policy = await import('@tgmcp/policy');
    const { fileStore } = await import('@tgmcp/ratelimit');
    const tg = await this.server.telegram();
    const mode = this.configuredMode;
    const state = this.options.stateStore ?? policy.fileStateStore({ dir: this.policy.stateDir });
    const account = tg.account.id;
    const resolve = async (ref: string) => {
      const p = await tg.pinPeer(ref);
      return {
        id: p.id,
        type: p.type,
        title: p.title,
        username: p.username,
        accessHash: p.accessHash,
      };
    };
    // The minimum age guards seed mode's model-relayed code only. A person who approved in their
    // client (elicit) or terminal (operator) has decided: the write may run at once.
    const approvals = policy.createApprovalStore({
      store: state,
      ttlSec: this.policy.approvalTtlSec,
      minAgeSec: mode === 'seed' ? this.policy.approvalMinAgeSec : 0,
    });
    const audit = policy.createAuditLog({ file: this.policy.auditFile });
    const allowlist = policy.createAllowlist({
      entries: this.policy.allowedTargets,
      resolve,
      account,
      store: state,
      // A missing pin resolved again is recorded in the audit trail (issue 16 item 15).
      onRepin: async (event) => {
        await audit.append(policy.repinAuditInput(account, event));
      },
    });
    const quotas = policy.createActionQuotas({
      store:
        this.options.quotaStore ??
        fileStore({ dir: path.join(this.policy.dataDir, 'state', 'quotas') }),
      limits: this.policy.dailyLimits,
      account,
    });
    const batches = policy.createBatchStore({ store: state, policy: this.policy, allowlist });
    // Expired and long-completed batches are pruned at start (TTL).
    await batches
      .prune()
      .catch((err: unknown) =>
        process.stderr.write(`[tgmcp-actions] batch pruning failed: ${(err as Error).message}\n`),
      );
    const executor = policy.createWriteExecutor({
      policy: this.policy,
      allowlist,
      resolve,
      approvals,
      idempotency: policy.createIdempotencyStore({
        store: state,
        enabled: this.policy.idempotencyEnabled,
        windowSec: this.policy.idempotencyWindowSec,
        leaseSec: this.policy.idempotencyLeaseSec,
      }),
      quotas,
      audit,
      writeCapability: tg.writeCapability!,
      approvalMode: mode,
      deliverCode:
        mode === 'seed' ? (code, info) => this.deliverCode(code, policy.codeLine(info)) : undefined,
    });
    return { executor, approvals, audit, batches, quotas, tg };
  }
}
