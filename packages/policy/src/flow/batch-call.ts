// The contract of the batch tools' calls, as write-call.ts is for single writes: the parameters
// they share, what they return, and the one-line summary a client shows its user, for each call
// on an account's add-member batches.
import { z } from 'zod';
import type { AddMemberBatches } from './add-member-batches.js';
import { writeAnnotations } from './write-call.js';

/** The parameters the batch tools share. */
export const batchParams = {
  batchId: z.string().min(1).max(64),
  note: z.string().max(500).default(''),
  ttlHours: z.number().int().min(1).max(720).optional(),
  user: z.string().min(1).max(200).describe('The user: @username, t.me link or id'),
};

/** What every batch tool returns (its structured content); create and run add their fields. */
export const batchOutput = { batch: z.record(z.string(), z.unknown()), next_step: z.string() };
export const batchCreateOutput = {
  ...batchOutput,
  unresolved: z.array(z.object({ group: z.string(), code: z.string() })),
};
export const batchRunOutput = {
  ...batchOutput,
  processed: z.number().int(),
  stopped: z.string().nullable(),
  retry_after: z.number().nullable(),
};

/** The annotations of the batch tools that write (all but the status). */
export const BATCH_WRITE = writeAnnotations(false);

type Out<O extends z.ZodRawShape> = { result: z.infer<z.ZodObject<O>>; summary: string };
type Batch = Out<typeof batchOutput>;
interface Common {
  user: string;
  note?: string;
  ttl_hours?: number;
}

/** Each batch tool's call (its arguments as the tool takes them) on `batches`. */
export function batchCalls(batches: AddMemberBatches) {
  return {
    async create(a: Common & { groups: string[] }): Promise<Out<typeof batchCreateOutput>> {
      const r = await batches.create({
        user: a.user,
        groups: a.groups,
        note: a.note,
        ttlHours: a.ttl_hours,
      });
      return {
        result: { batch: { ...r.batch }, next_step: r.nextStep, unresolved: r.unresolved },
        summary: `Batch ${r.batch.id}: add ${r.user.title} to ${r.batch.total} group(s); waiting for a person's approval`,
      };
    },

    async createFromReport(
      a: Common & { report_path: string; error_contains?: string },
    ): Promise<Batch> {
      const { created, nextStep } = await batches.createFromReport({
        reportPath: a.report_path,
        user: a.user,
        errorContains: a.error_contains,
        note: a.note,
        ttlHours: a.ttl_hours,
      });
      return {
        result: { batch: { ...created }, next_step: nextStep },
        summary: `Batch ${created.batch.id} from the report: ${created.batch.total} group(s)`,
      };
    },

    async approve(
      a: { batch_id: string; approval_code: string; confirmation_text: string },
      signal?: AbortSignal,
    ): Promise<Batch> {
      const r = await batches.approve({
        batchId: a.batch_id,
        approvalCode: a.approval_code,
        confirmationText: a.confirmation_text,
        signal,
      });
      return {
        result: { batch: { ...r.batch }, next_step: r.nextStep },
        summary: r.approved
          ? `Batch ${r.batch.id} approved`
          : `Batch ${r.batch.id}: waiting for the person's code`,
      };
    },

    async status(a: { batch_id: string }): Promise<Batch> {
      const view = await batches.status(a.batch_id);
      return {
        result: { batch: { ...view }, next_step: view.nextStep },
        summary: `Batch ${view.id}: ${view.status}`,
      };
    },

    /** Runs up to max_actions adds, reporting groups processed to `progress` as it goes. */
    async run(
      a: { batch_id: string; max_actions: number },
      o: { signal?: AbortSignal; progress?: (done: number, total: number) => unknown } = {},
    ): Promise<Out<typeof batchRunOutput>> {
      const r = await batches.run({
        batchId: a.batch_id,
        maxActions: a.max_actions,
        signal: o.signal,
        onProgress: (p) => void o.progress?.(p.processed, a.max_actions),
      });
      return {
        result: {
          batch: { ...r.batch },
          next_step: r.nextStep,
          processed: r.processed,
          stopped: r.stopped,
          retry_after: r.retryAfterSec,
        },
        summary: `Batch ${a.batch_id}: ${r.processed} add(s) this run; ${JSON.stringify(r.counts)}${r.stopped ? `; stopped: ${r.stopped}` : ''}`,
      };
    },
  };
}

export type BatchCalls = ReturnType<typeof batchCalls>;
