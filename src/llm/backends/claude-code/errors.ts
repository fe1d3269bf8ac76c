import { categoryFor } from '../../classify-error.js';
import { LlmError, type LlmErrorCategory } from '../../errors.js';

/**
 * Claude Code does not throw the provider's error: it reports it in the message stream (an
 * assistant message with an `error` kind and `api_error_status`, then an error result) and
 * only then exits. The SDK's own exception ("Claude Code returned an error result") or a
 * non-zero exit carry less, so ktx keeps what the stream said and classifies that.
 */

export interface ClaudeFailure {
  /** Claude Code's error kind (`authentication_failed`, `rate_limit`, `model_not_found`, …). */
  kind?: string;
  /** HTTP status of the provider's answer, when there was one. */
  status?: number | null;
  /** What Claude Code said (the provider's message, sometimes reworded by Claude Code). */
  text: string;
  terminalReason?: string;
}

const AUTH_KINDS = new Set([
  'authentication_failed',
  'oauth_org_not_allowed',
  'account_on_hold',
  'verification_required',
  'billing_error',
  'cloud_credential_error',
]);

const NOT_SIGNED_IN =
  /not logged in|please run \/login|invalid api key|oauth token (has )?expired|credentials? (are )?(missing|invalid)/i;

/** "API Error: 403 Your account …" → status 403 and "Your account …". */
function splitApiError(text: string): { status?: number; message: string } {
  const match = /(?:^|\s)API Error: (\d{3})\s*(.*)$/s.exec(text);
  if (!match) return { message: text.trim() };
  return { status: Number(match[1]), message: match[2]!.trim() || text.trim() };
}

function category(
  failure: ClaudeFailure,
  status: number | undefined,
  message: string,
  model?: string,
): LlmErrorCategory {
  const kind = failure.kind ?? '';
  if (failure.terminalReason === 'prompt_too_long') return 'context_overflow';
  if (kind === 'rate_limit') return 'rate_limited';
  if (kind === 'overloaded' || status === 529) return 'overloaded';
  if (kind === 'model_not_found') return 'model_unavailable';
  if (kind === 'max_output_tokens') return 'invalid_output';
  if (AUTH_KINDS.has(kind)) {
    // A 403 about a model is an account without access to that model, not a sign-in problem.
    const byStatus = categoryFor(status, undefined, message, model);
    return byStatus === 'model_unavailable' ? 'model_unavailable' : 'auth';
  }
  if (NOT_SIGNED_IN.test(message)) return 'auth';
  return categoryFor(status, undefined, message, model);
}

const TIMEOUT = /timed? ?out|timeout|no response|first byte/i;

export function claudeCodeError(
  failure: ClaudeFailure,
  context: { model?: string; cause?: unknown; requestTimeoutMs?: number },
): LlmError {
  const split = splitApiError(failure.text);
  const status = failure.status ?? split.status ?? undefined;
  const cat = category(failure, status, split.message, context.model);
  let message = cat === 'model_unavailable' ? split.message : failure.text.trim() || 'Claude Code failed';
  if (cat === 'transport' && status === undefined && context.requestTimeoutMs && TIMEOUT.test(message)) {
    message = `no response within ${Math.round(context.requestTimeoutMs / 1000)} s (llm.requestTimeoutMs); Claude Code said: ${message}`;
  }
  return new LlmError({
    category: cat,
    providerMessage: message,
    backend: 'claude-code',
    model: context.model,
    status,
    cause: context.cause,
  });
}

/** The run was stopped because Claude Code could reach more than the run's ktx tools. */
export function isolationError(detail: string, model: string): LlmError {
  return new LlmError({
    category: 'tool_failed',
    providerMessage: `Claude Code runtime isolation failed: ${detail}. ktx stopped the run before any tool ran.`,
    backend: 'claude-code',
    model,
    hint: 'ktx starts Claude Code with only the ktx tools of the run. Something on this machine added more (managed settings such as /etc/claude-code/managed-settings.json, or a Claude Code version ktx does not know): check them, or use another llm.provider.backend.',
  });
}

/** The model asked for a host capability (a built-in tool, a skill, another MCP server). */
export function hostToolError(name: string, model: string): LlmError {
  return new LlmError({
    category: 'tool_failed',
    providerMessage: `the model tried to call ${name}, which is not a ktx tool of this run; ktx stopped the run (claude-code runs only ktx tools)`,
    backend: 'claude-code',
    model,
    hint: 'Nothing ran. If the prompt asked for that tool, change it; otherwise rerun (a model occasionally reaches for tools it was not given).',
  });
}

/** The provider did not answer twice in a row (each attempt bounded by llm.requestTimeoutMs). */
export function noResponseError(model: string, requestTimeoutMs: number): LlmError {
  return new LlmError({
    category: 'transport',
    providerMessage: `no response within ${Math.round(requestTimeoutMs / 1000)} s (llm.requestTimeoutMs), twice`,
    backend: 'claude-code',
    model,
  });
}
