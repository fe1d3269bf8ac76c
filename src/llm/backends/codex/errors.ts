import { categoryFor, unwrapProviderBody } from '../../classify-error.js';
import { LlmError, type LlmErrorCategory } from '../../errors.js';

/**
 * Codex reports a provider failure as text in its event stream (`turn.failed`, `error`), in a
 * few shapes: "unexpected status 401 Unauthorized: <message>, url: <url>", the provider's JSON
 * error envelope as is, "exceeded retry limit, last status: 429 …", or a sentence of its own.
 * The status and the provider's message are recovered from whichever shape it is.
 */

export interface ParsedCodexError {
  status?: number;
  message: string;
  type?: string;
  retryAfterMs?: number;
}

export function parseCodexError(raw: string): ParsedCodexError {
  const text = raw.trim();
  const unexpected = /^unexpected status (\d{3})[^:]*:\s*([\s\S]*?)(?:,\s*url:\s*\S+)?$/i.exec(text);
  if (unexpected) {
    const inner = unwrapProviderBody(unexpected[2]);
    return withRetry({
      status: Number(unexpected[1]),
      message: inner.message ?? unexpected[2]!.trim(),
      type: inner.type,
    });
  }
  if (text.startsWith('{')) {
    const inner = unwrapProviderBody(text);
    const status = /"status"\s*:\s*(\d{3})/.exec(text)?.[1];
    if (inner.message)
      return withRetry({
        message: inner.message,
        type: inner.type,
        status: status ? Number(status) : undefined,
      });
  }
  const lastStatus = /last status:\s*(\d{3})/i.exec(text);
  if (lastStatus) return withRetry({ status: Number(lastStatus[1]), message: text });
  return withRetry({ message: text });
}

function withRetry(parsed: ParsedCodexError): ParsedCodexError {
  const wait = /try again in\s+(\d+(?:\.\d+)?)\s*(ms|s)\b/i.exec(parsed.message);
  if (wait) parsed.retryAfterMs = Math.ceil(Number(wait[1]) * (wait[2]!.toLowerCase() === 'ms' ? 1 : 1000));
  return parsed;
}

const RATE_LIMIT = /rate limit|too many requests|usage limit|quota/i;
const OVERLOADED = /high demand|overloaded|capacity/i;
const SIGN_IN =
  /not logged in|log ?in again|access token could not be refreshed|refresh token|unauthorized|401/i;

export function codexCategory(parsed: ParsedCodexError, model?: string): LlmErrorCategory {
  if (parsed.status === 429 || RATE_LIMIT.test(parsed.message) || parsed.type === 'rate_limit_exceeded')
    return 'rate_limited';
  if (parsed.type === 'context_length_exceeded') return 'context_overflow';
  if (
    /\bmodel\b/i.test(parsed.message) &&
    /not supported|not available|does not exist|unknown model|unsupported model|model_not_found|do not have access/i.test(
      parsed.message,
    )
  )
    return 'model_unavailable';
  const byStatus = categoryFor(parsed.status, parsed.type, parsed.message, model);
  if (byStatus !== 'transport') return byStatus;
  if (OVERLOADED.test(parsed.message)) return 'overloaded';
  if (parsed.status === undefined && SIGN_IN.test(parsed.message)) return 'auth';
  return 'transport';
}

export function codexError(raw: string, context: { model?: string; cause?: unknown }): LlmError {
  const parsed = parseCodexError(raw);
  return new LlmError({
    category: codexCategory(parsed, context.model),
    providerMessage: parsed.message,
    backend: 'codex',
    model: context.model,
    status: parsed.status,
    retryAfterMs: parsed.retryAfterMs,
    cause: context.cause,
  });
}

/** The model called a tool of an MCP server that is not this run's. */
export function foreignToolError(tool: string, model: string): LlmError {
  return new LlmError({
    category: 'tool_failed',
    providerMessage: `the model called ${tool}, a tool of an MCP server from your Codex configuration, not a ktx tool of this run; ktx stopped the run`,
    backend: 'codex',
    model,
    hint: 'Remove that MCP server from ~/.codex/config.toml (Codex loads it into every session), or use llm.provider.backend: claude-code, which loads no user configuration.',
  });
}
