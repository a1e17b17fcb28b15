// The approval record as stored, validated when read back (a file is an edge: D48).
import { z } from 'zod';
import { StateCorruptError } from '../errors.js';

/** JSON: the payload is stored, hashed and shown, so it is checked and typed as a state value. */
export const approvalPayloadSchema = z.record(z.string(), z.json());

export const approvalRecordSchema = z.object({
  v: z.literal(1),
  requestId: z.string(),
  account: z.string(),
  action: z.string(),
  target: z.object({ id: z.string(), title: z.string().nullable(), type: z.string() }),
  payload: approvalPayloadSchema,
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
  summary: z.string(),
  forceResend: z.boolean(),
  createdAt: z.number(),
  expiresAt: z.number(),
  executeAfter: z.number(),
  status: z.enum(['pending', 'approved', 'rejected', 'used']),
  approver: z.string().nullable(),
  decidedAt: z.number().nullable(),
  usedAt: z.number().nullable(),
  /** sha256 of the seed-mode code; the code itself is never stored. */
  codeDigest: z.string().nullable(),
  codeIssuedAt: z.number().nullable(),
  /**
   * Set while one execute holds the approval (between its gates and its commit): no other call
   * may use it meanwhile, so even a force_resend approval sends once under any concurrency.
   * Released only when the write surely did not happen; a crash leaves it held (fail closed).
   */
  claimToken: z.string().nullable().default(null),
});

export type ApprovalRecord = z.infer<typeof approvalRecordSchema>;
export type ApprovalStatus = ApprovalRecord['status'];

/** What the operator CLI and the policy tool may show: everything but the code digest. */
export type ApprovalView = Omit<
  ApprovalRecord,
  'v' | 'codeDigest' | 'codeIssuedAt' | 'claimToken'
> & {
  codeIssued: boolean;
  /** An execute holds this approval now (or crashed holding it). */
  inUse: boolean;
};

export function parseApproval(key: string, raw: unknown): ApprovalRecord | undefined {
  if (raw === undefined) return undefined;
  const r = approvalRecordSchema.safeParse(raw);
  if (!r.success) throw new StateCorruptError(key, undefined, 'not an approval record');
  return r.data;
}

export function viewOf(r: ApprovalRecord): ApprovalView {
  const view: ApprovalView & {
    v?: number;
    codeDigest?: string | null;
    codeIssuedAt?: number | null;
    claimToken?: string | null;
  } = {
    ...r,
    codeIssued: r.codeDigest !== null,
    inUse: r.claimToken !== null,
  };
  delete view.v;
  delete view.codeDigest;
  delete view.codeIssuedAt;
  delete view.claimToken;
  return view;
}
