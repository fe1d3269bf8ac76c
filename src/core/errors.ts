/**
 * One error type for everything a user (or an agent) can act on. Anything else that escapes
 * to the CLI boundary is a bug and is reported as such.
 */

export const EXIT = {
  ok: 0,
  failure: 1,
  partial: 2,
  usage: 64,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const MARKER = Symbol.for('ktx.error');

export interface KtxErrorOptions {
  /** The fix, phrased as an instruction ("Run `ktx init`", "Set PGPASSWORD"). */
  hint?: string;
  cause?: unknown;
  exitCode?: ExitCode;
  /** Structured extra data surfaced in `--json` output (must not contain secrets). */
  details?: Record<string, unknown>;
}

export class KtxError extends Error {
  readonly [MARKER] = true;
  /** Stable snake_case identifier, part of the JSON contract. */
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: KtxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KtxError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failure;
    this.details = options.details;
  }

  /** Works across duplicate copies of this module (e.g. dist vs src in tests). */
  static is(value: unknown): value is KtxError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

export function usageError(message: string, hint?: string): KtxError {
  return new KtxError('usage', message, { hint, exitCode: EXIT.usage });
}

/** Best-effort message of an unknown thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
