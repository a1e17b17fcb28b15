// The add-member batch tools: create (from a list or a report), approve (by a person, as the
// active approval mode says), status, run (leased, resumable, each add through the quotas and
// the write capability).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { inert, payloadHash } from '@tgmcp/policy';
import { ToolError, defineTool, type ToolExtra } from '@tgmcp/mcp';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { handleOf } from './write-flow.js';

const batchOut = { batch: z.record(z.string(), z.unknown()), next_step: z.string() };
const userParam = z.string().min(1).max(200).describe('The user: @username, t.me link or id');
const WRITE = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

async function resolveUser(runtime: ActionsRuntime, mcp: McpServer, ref: string | number) {
  const { tg } = await runtime.parts(mcp);
  const u = await tg.resolvePeer(ref).catch((err: unknown) => {
    Object.assign(err as object, { field: 'user' });
    throw err;
  });
  if (u.type !== 'user')
    throw new ToolError('NOT_A_USER', `${u.id} is a ${u.type}, not a user`, 'user');
  return { id: u.id, title: u.title };
}

function approveHint(runtime: ActionsRuntime, mcp: McpServer, id: string): string {
  const mode = runtime.approvalMode(mcp);
  if (mode === 'operator')
    return `A person reviews and approves it with \`${runtime.approveCommand} ${id}\`; then call tg_run_add_member_batch.`;
  if (mode === 'elicit')
    return 'Call tg_approve_batch: the person is shown the whole batch and asked; then tg_run_add_member_batch.';
  return "Call tg_approve_batch: a one-time code goes to the operator's terminal; call it again with the approval_code and confirmation_text the person gives you; then tg_run_add_member_batch.";
}

const asRecord = (v: unknown) => v as Record<string, unknown>;

export function registerBatchTools(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_create_add_member_batch',
    title: 'Plan adding a user to many groups',
    description:
      'Creates a batch that adds one user to several groups (ids, @usernames or t.me links; duplicates by id dropped; allowlist applied). Nothing is added until a person approves the whole batch.',
    input: {
      user: userParam,
      groups: z.array(z.string().min(1).max(200)).min(1).max(500),
      note: z.string().max(500).default(''),
      ttl_hours: z.number().int().min(1).max(720).optional(),
    },
    output: { ...batchOut, unresolved: z.array(z.object({ group: z.string(), code: z.string() })) },
    annotations: WRITE,
    async run(a) {
      const { tg, batches } = await runtime.parts(mcp);
      const user = await resolveUser(runtime, mcp, a.user);
      const groups: Array<{ id: string; title: string; type: 'group' | 'supergroup' | 'channel' }> =
        [];
      const unresolved: Array<{ group: string; code: string }> = [];
      for (const g of a.groups) {
        try {
          const p = await tg.resolvePeer(g);
          if (p.type === 'user') {
            unresolved.push({ group: String(g), code: 'NOT_A_GROUP' });
            continue;
          }
          groups.push({ id: p.id, title: p.title, type: p.type });
        } catch (err) {
          unresolved.push({
            group: String(g),
            code: (err as { code?: string }).code ?? 'PEER_NOT_FOUND',
          });
        }
      }
      if (groups.length === 0)
        throw new ToolError('NO_GROUPS', 'none of the groups could be resolved', 'groups');
      const r = await batches.create({
        account: tg.account.id,
        user,
        groups,
        note: a.note,
        ttlHours: a.ttl_hours,
      });
      return {
        result: {
          batch: asRecord({
            ...r.batch,
            duplicatesDropped: r.duplicatesDropped,
            refused: r.refused,
          }),
          next_step: approveHint(runtime, mcp, r.batch.id),
          unresolved,
        },
        summary: `Batch ${r.batch.id}: add ${user.title} to ${r.batch.total} group(s); waiting for a person's approval`,
      };
    },
  });

  defineTool(mcp, runtime.server, {
    name: 'tg_create_add_member_batch_from_report',
    title: 'Plan a batch from a report',
    description:
      'Creates a batch from a JSON report file (inside the data dir or TG_ACTIONS_REPORT_DIR only): the groups whose error contains error_contains.',
    input: {
      report_path: z.string().min(1).max(1000),
      user: userParam,
      note: z.string().max(500).default(''),
      error_contains: z.string().max(200).default('join quota exceeded'),
      ttl_hours: z.number().int().min(1).max(720).optional(),
    },
    output: batchOut,
    annotations: WRITE,
    async run(a) {
      const { tg, batches } = await runtime.parts(mcp);
      const user = await resolveUser(runtime, mcp, a.user);
      const r = await batches.createFromReport({
        account: tg.account.id,
        reportPath: a.report_path,
        allowedDirs: [runtime.policy.reportDir, runtime.policy.dataDir],
        user,
        errorContains: a.error_contains,
        note: a.note,
        ttlHours: a.ttl_hours,
        resolve: async (chatId) => {
          const p = await tg.resolvePeer(chatId);
          if (p.type === 'user')
            throw new ToolError('NOT_A_GROUP', `${p.id} is a user`, 'report_path');
          return { id: p.id, title: p.title, type: p.type };
        },
      });
      return {
        result: { batch: asRecord(r), next_step: approveHint(runtime, mcp, r.batch.id) },
        summary: `Batch ${r.batch.id} from the report: ${r.batch.total} group(s)`,
      };
    },
  });

  defineTool(mcp, runtime.server, {
    name: 'tg_approve_batch',
    title: 'Ask a person to approve a batch',
    description:
      "Asks the person to approve a batch exactly as previewed. elicit mode: the client shows it and asks. operator mode: you cannot approve; a person runs `tgmcp-actions approve <batch_id>`. seed mode: the first call sends a one-time code bound to this batch's preview to the operator's terminal (never to you); call again with the approval_code and confirmation_text the person gives you.",
    input: {
      batch_id: z.string().min(1).max(64),
      confirmation_text: z.string().max(200).default(''),
      approval_code: z
        .string()
        .max(200)
        .default('')
        .describe("Seed mode: the one-time code the person read on the operator's terminal"),
    },
    output: batchOut,
    annotations: WRITE,
    async run(a, extra: ToolExtra) {
      const { tg, batches } = await runtime.parts(mcp);
      const view = await batches.status(a.batch_id, tg.account.id);
      const mode = runtime.approvalMode(mcp);
      if (mode === 'operator')
        throw new ToolError(
          'APPROVAL_REQUIRED',
          `Only a person can approve: \`${runtime.approveCommand} ${view.id}\``,
        );
      if (mode === 'seed') {
        // A phrase the model may have seen is not a person's approval: the batch needs a
        // one-time code that only the operator's terminal showed, bound to this preview.
        const approvals = (await runtime.parts(mcp)).approvals;
        const request = {
          account: tg.account.id,
          action: 'add_member_batch',
          // Bound to the user the batch adds, its id and its exact preview (the group list).
          target: { id: view.user.id, type: 'user', title: view.user.title ?? null },
          payload: { batch_id: view.id, preview_hash: view.previewHash, groups: view.total },
        };
        if (!a.approval_code.trim()) {
          const ticket = await approvals.request({
            ...request,
            summary: `add ${view.user.title ?? view.user.id} [id ${view.user.id}] to ${view.total} group(s)`,
          });
          await approvals.issueCode(ticket.requestId, (code) =>
            runtime.deliverCode(
              code,
              `add_member_batch: add ${inert(view.user.title ?? '(no name)')} [id ${view.user.id}] to ${view.total} group(s), batch ${view.id}, preview ${view.previewHash.slice(0, 16)} (review it with \`${runtime.approveCommand} ${view.id}\`)`,
            ),
          );
          return {
            result: {
              batch: asRecord(view),
              next_step:
                "A one-time code went to the operator's terminal. If the person approves this batch, they give you the code and the confirmation phrase: call tg_approve_batch again with approval_code and confirmation_text.",
            },
            summary: `Batch ${view.id}: waiting for the person's code`,
          };
        }
        if (
          runtime.policy.confirmation.required &&
          runtime.policy.confirmation.check(a.confirmation_text) !== 'ok'
        )
          throw new ToolError(
            'CONFIRMATION_TEXT_INVALID',
            'confirmation_text does not match the phrase the operator configured; ask the person for it',
            'confirmation_text',
          );
        const binding = {
          account: request.account,
          action: request.action,
          targetId: view.user.id,
          payloadHash: payloadHash({ ...request, target: view.user.id }),
        };
        const code = { code: a.approval_code };
        await approvals.claim(code, binding);
        await approvals.consume(code, binding);
      } else {
        // A person deciding: the call's deadline is stopped meanwhile.
        const answer = await runtime.server.humanWait(() =>
          mcp.server.elicitInput(
            {
              message: `Approve this batch?\n\n${inert(view.preview, { keepNewlines: true })}`,
              requestedSchema: {
                type: 'object',
                properties: { approve: { type: 'boolean', title: 'Approve' } },
                required: ['approve'],
              },
            },
            { signal: extra.signal },
          ),
        );
        if (!(answer.action === 'accept' && answer.content?.approve === true))
          throw new ToolError(
            'APPROVAL_DECLINED',
            'The person declined this batch; nothing will be added.',
          );
      }
      const approved = await batches.approve({
        batchId: view.id,
        account: tg.account.id,
        previewHash: view.previewHash,
        approvedBy: mode === 'seed' ? 'person (one-time code)' : 'person (elicitation)',
      });
      return {
        result: { batch: asRecord(approved), next_step: 'Run it with tg_run_add_member_batch.' },
        summary: `Batch ${view.id} approved`,
      };
    },
  });

  defineTool(mcp, runtime.server, {
    name: 'tg_get_batch_status',
    title: 'Batch status',
    description:
      "A batch's state and every group's: pending, in_flight, done, failed (with the error code) or skipped.",
    input: { batch_id: z.string().min(1).max(64) },
    output: batchOut,
    async run(a) {
      const { tg, batches } = await runtime.parts(mcp);
      const view = await batches.status(a.batch_id, tg.account.id);
      return {
        result: {
          batch: asRecord(view),
          next_step: String((view as { nextStep?: string }).nextStep ?? ''),
        },
        summary: `Batch ${view.id}: ${view.status}`,
      };
    },
  });

  defineTool(mcp, runtime.server, {
    name: 'tg_run_add_member_batch',
    title: 'Run an approved batch',
    description:
      'Adds the user to the pending groups of an approved batch, at most max_actions per call. Safe to call again after an interruption: nobody is added twice. FLOOD_WAIT or SLOWMODE pause it (retry_after); PEER_FLOOD stops it.',
    input: {
      batch_id: z.string().min(1).max(64),
      max_actions: z.number().int().min(1).max(500).default(100),
    },
    output: {
      ...batchOut,
      processed: z.number().int(),
      stopped: z.string().nullable(),
      retry_after: z.number().nullable(),
    },
    annotations: WRITE,
    async run(a, extra) {
      const { tg, batches, executor } = await runtime.parts(mcp);
      const r = await batches.run({
        batchId: a.batch_id,
        account: tg.account.id,
        maxActions: a.max_actions,
        signal: extra.signal,
        isMember: (group, user) =>
          tg.isMember(group, user).catch((err: unknown) => {
            process.stderr.write(
              `[tgmcp-actions] batch ${a.batch_id}: membership check in ${group} failed: ${(err as Error).message}\n`,
            );
            throw err;
          }),
        // Each add is one write through the policy executor, like any other: gates, the quota
        // rule (refunded only when the add surely did not happen), an audit entry for every
        // outcome. The batch holds marked ids (what the person approved): pinned by id.
        add: async (group, user) => {
          const u = await tg.pinPeer(user);
          const r = await executor.execute(
            {
              account: tg.account.id,
              action: 'add_member',
              target: group,
              payload: { user: u.id },
              dryRun: false,
              confirm: true,
              actor: `batch ${a.batch_id}`,
              batch: { id: a.batch_id },
            },
            (target) => tg.addMember(handleOf(target), u),
          );
          return r.result;
        },
        onProgress: (p) => void extra.progress(p.processed, a.max_actions, 'groups'),
      });
      return {
        result: {
          batch: asRecord(r.batch),
          next_step: r.nextStep,
          processed: r.processed,
          stopped: r.stopped,
          retry_after: r.retryAfterSec,
        },
        summary: `Batch ${a.batch_id}: ${r.processed} add(s) this run; ${JSON.stringify(r.counts)}${r.stopped ? `; stopped: ${r.stopped}` : ''}`,
      };
    },
  });
}
