// Typed errors of the exporters: a stable `code` and the field or file concerned.

export type ExportErrorCode =
  | 'INVALID_INPUT'
  | 'OUTPUT_EXISTS'
  | 'CHECKPOINT_EXISTS'
  | 'CHECKPOINT_INVALID'
  | 'CHECKPOINT_MISMATCH';

export class ExportError extends Error {
  override name = 'ExportError';
  constructor(
    readonly code: ExportErrorCode,
    message: string,
    /** The option or file the error is about. */
    readonly field?: string,
  ) {
    super(message);
  }
}
