import { errorMessage } from '../core/errors.js';
import type { LlmBackendName, LlmRole } from '../project/config/schema.js';
import { LlmError, type LlmErrorCategory } from './errors.js';
import { type HeaderSource, retryAfterMs } from './rate-limit-headers.js';

/**
 * Turns anything a provider SDK throws into an LlmError. SDKs wrap the interesting part: the AI
 * SDK puts HTTP failures in APICallError (status, headers, raw body), wraps those in RetryError
 * after its own retries, and the Gateway provider wraps them again in GatewayError. We walk the
 * whole cause chain, take the status and headers from wherever they are, and unwrap the
 * provider's own message from the raw body (Anthropic, Google and Gateway error shapes).
 */

export interface ClassifyContext {
  backend?: LlmBackendName;
  model?: string;
  role?: LlmRole;
  /** The caller's signal: an abort the caller asked for is `aborted`, never a failure. */
  signal?: AbortSignal;
  attempts?: number;
}

interface Node {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  status?: number;
  responseHeaders?: HeaderSource;
  responseBody?: string;
  url?: string;
  type?: string;
  cause?: unknown;
  lastError?: unknown;
  errors?: unknown[];
}

function chain(error: unknown): Node[] {
  const nodes: Node[] = [];
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && nodes.length < 20) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const node = current as Node;
    nodes.push(node);
    if (node.lastError) queue.push(node.lastError);
    if (Array.isArray(node.errors) && node.errors.length) queue.push(node.errors.at(-1));
    if (node.cause) queue.push(node.cause);
  }
  return nodes;
}

interface ProviderBody {
  message?: string;
  type?: string;
}

/** The message inside Anthropic `{type:'error', error:{type,message}}`, Google `{error:{message,status}}` or Gateway bodies. */
export function unwrapProviderBody(body: string | undefined): ProviderBody {
  if (!body) return {};
  try {
    const parsed = JSON.parse(body) as unknown;
    const record = (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown> | undefined;
    const inner = record?.error as Record<string, unknown> | string | undefined;
    if (typeof inner === 'string') return { message: inner };
    if (inner && typeof inner === 'object') {
      const message = typeof inner.message === 'string' ? inner.message : undefined;
      const type =
        typeof inner.type === 'string'
          ? inner.type
          : typeof inner.status === 'string'
            ? inner.status
            : undefined;
      return { message, type };
    }
    if (typeof record?.message === 'string') return { message: record.message };
  } catch {
    // Not JSON (an HTML error page from a proxy, say): show its start.
    const text = body
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return text ? { message: text.slice(0, 300) } : {};
  }
  return {};
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export function categoryFor(
  status: number | undefined,
  type: string | undefined,
  message: string,
  model?: string,
): LlmErrorCategory {
  const t = (type ?? '').toLowerCase();
  const mentionsModel =
    /\bmodel\b|publisher/i.test(message) || (model !== undefined && message.includes(model));
  if (status === 429 || t === 'rate_limit_error' || t === 'rate_limit_exceeded' || t === 'resource_exhausted')
    return 'rate_limited';
  if (status === 529 || status === 503 || t === 'overloaded_error' || t === 'unavailable')
    return 'overloaded';
  if (status === 401 || t === 'authentication_error' || t === 'unauthenticated') return 'auth';
  if (status === 403 || t === 'permission_error' || t === 'permission_denied' || t === 'forbidden')
    return mentionsModel ? 'model_unavailable' : 'auth';
  if (status === 404 || t === 'not_found_error' || t === 'model_not_found' || t === 'not_found')
    return mentionsModel || t === 'model_not_found' ? 'model_unavailable' : 'transport';
  if (status === 413 || t === 'request_too_large') return 'context_overflow';
  if (
    /prompt is too long|context (length|window)|too many (input )?tokens|maximum context|input is too long/i.test(
      message,
    )
  )
    return 'context_overflow';
  if (
    status === 400 &&
    mentionsModel &&
    /not (supported|found|available)|does not exist|invalid model|unknown model/i.test(message)
  )
    return 'model_unavailable';
  return 'transport';
}

const ANSI = /\u001b\[[0-9;]*m/g;

export function classifyLlmError(error: unknown, context: ClassifyContext = {}): LlmError {
  const base = {
    backend: context.backend,
    model: context.model,
    role: context.role,
    attempts: context.attempts,
  };
  const nodes = chain(error);
  const known = nodes.find((node): node is LlmError & Node => LlmError.isLlmError(node));
  if (known) return known.with(base);
  if (
    context.signal?.aborted ||
    nodes.some((node) => node.name === 'AbortError' || node.name === 'ResponseAborted')
  ) {
    return new LlmError({
      ...base,
      category: 'aborted',
      providerMessage: 'the call was aborted',
      cause: error,
    });
  }
  // Gateway errors carry the status too, but the raw body and headers live on the APICallError below them.
  const http =
    nodes.find((node) => typeof node.statusCode === 'number' && node.responseBody !== undefined) ??
    nodes.find((node) => typeof node.statusCode === 'number');
  if (http) {
    const status = http.statusCode!;
    const body = unwrapProviderBody(http.responseBody);
    const gatewayType = nodes.find((node) => typeof node.type === 'string')?.type;
    const message = (body.message ?? http.message ?? `HTTP ${status}`).replace(ANSI, '');
    const category = categoryFor(status, body.type ?? gatewayType, message, context.model);
    return new LlmError({
      ...base,
      category,
      providerMessage: message,
      status,
      url: http.url,
      retryAfterMs: category === 'rate_limited' ? retryAfterMs(http.responseHeaders) : undefined,
      hint:
        category === 'transport' && status === 404
          ? `The endpoint ${http.url ?? ''} does not exist: check llm.provider.${context.backend ?? '<backend>'}.base_url.`
          : undefined,
      cause: error,
    });
  }
  const url = nodes.find((node) => node.url)?.url;
  const network = nodes.find((node) => node.code && NETWORK_CODES.has(node.code));
  if (network) {
    return new LlmError({
      ...base,
      category: 'transport',
      providerMessage: `cannot reach ${url ? new URL(url).host : 'the provider'} (${network.code}${network.message && !network.message.includes(network.code!) ? `: ${network.message}` : ''})`,
      url,
      cause: error,
    });
  }
  const messages = nodes.map((node) => node.message ?? '').join(' | ');
  if (
    nodes.some((node) => node.name === 'AI_LoadAPIKeyError') ||
    /api key is missing|could not load the default credentials|invalid_grant|unable to (detect|impersonate)|reauthenticate/i.test(
      messages,
    )
  ) {
    return new LlmError({
      ...base,
      category: 'auth',
      providerMessage: nodes[0]?.message ?? errorMessage(error),
      cause: error,
    });
  }
  if (nodes.some((node) => node.name === 'AI_JSONParseError' || node.name === 'AI_TypeValidationError')) {
    return new LlmError({
      ...base,
      category: 'transport',
      providerMessage: `the provider sent a malformed response (${nodes[0]?.message?.split('\n')[0] ?? 'unparseable'})`,
      cause: error,
    });
  }
  return new LlmError({
    ...base,
    category: 'transport',
    providerMessage: errorMessage(error).replace(ANSI, ''),
    url,
    cause: error,
  });
}
