import { AsyncLocalStorage } from 'node:async_hooks';
import type { DebugLog } from '../../debug-log.js';
import { jsonOrText, maskHeaders } from '../../debug-log.js';
import { LlmError } from '../../errors.js';
import type { RateGovernor, RetrySignal } from '../../governor.js';
import { retryAfterMs, utilization } from '../../rate-limit-headers.js';

/**
 * The fetch the AI SDK providers use. Putting the governor here, below the SDK, means every
 * HTTP request is governed on its own: a 429 in step 7 of an agent loop is retried without
 * losing steps 1–6. The SDK's own retries are switched off (maxRetries: 0), so ktx has one
 * retry policy. Each attempt has a real timeout (its AbortSignal ends the socket), responses are
 * read whole inside the attempt so a stalled body is retried too, and every request and response
 * goes to the debug log.
 */

export interface CallScope {
  /** Governor key (backend/model): rate limits are shared per model. */
  key?: string;
  maxAttempts?: number;
  /** The last failed HTTP response of this call (cleared by a success). */
  lastFailure?: HttpFailure;
}

export interface HttpFailure {
  status: number;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Per-call settings the SDK cannot pass down to fetch. */
export const callScope = new AsyncLocalStorage<CallScope>();

const RETRY_REASONS: Record<number, string> = {
  408: 'request timeout (HTTP 408)',
  409: 'conflict (HTTP 409)',
  429: 'rate limited (HTTP 429)',
  500: 'server error (HTTP 500)',
  502: 'bad gateway (HTTP 502)',
  503: 'unavailable (HTTP 503)',
  504: 'gateway timeout (HTTP 504)',
  529: 'overloaded (HTTP 529)',
};

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export interface GovernedFetchOptions {
  governor: RateGovernor;
  /** Key for requests made outside a call scope. */
  defaultKey: string;
  requestTimeoutMs: number;
  debug: DebugLog | undefined;
  /** The real fetch (tests never replace it: they talk to loopback servers). */
  fetch?: typeof fetch;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function bodyText(body: RequestInit['body']): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return undefined;
}

export function createGovernedFetch(options: GovernedFetchOptions): typeof fetch {
  const realFetch = options.fetch ?? globalThis.fetch;
  const seconds = Math.round(options.requestTimeoutMs / 1000);
  return async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const callerSignal = init.signal ?? undefined;
    const scope = callScope.getStore() ?? {};
    const key = scope.key ?? options.defaultKey;
    let transportRetries = 0;
    return options.governor.run(
      key,
      async (attempt) => {
        const timeout = new AbortController();
        const timer = setTimeout(
          () =>
            timeout.abort(
              new LlmError({
                category: 'transport',
                providerMessage: `no response within ${seconds} s (llm.requestTimeoutMs)`,
                url,
              }),
            ),
          options.requestTimeoutMs,
        );
        const signal = callerSignal ? AbortSignal.any([callerSignal, timeout.signal]) : timeout.signal;
        options.debug?.record('http.request', {
          key,
          attempt,
          method: init.method ?? 'GET',
          url,
          headers: maskHeaders(init.headers as Record<string, string> | undefined),
          body: jsonOrText(bodyText(init.body)),
        });
        const started = Date.now();
        try {
          const response = await realFetch(input, { ...init, signal });
          // Reading the whole body inside the attempt keeps a stalled body under the timeout.
          const buffer = await response.arrayBuffer();
          const text = new TextDecoder().decode(buffer);
          options.debug?.record('http.response', {
            key,
            attempt,
            url,
            status: response.status,
            ms: Date.now() - started,
            headers: maskHeaders(response.headers),
            body: jsonOrText(text),
          });
          const headers = new Headers(response.headers);
          headers.delete('content-encoding');
          headers.delete('content-length');
          const replay = new Response(buffer, {
            status: response.status,
            statusText: response.statusText,
            headers,
          });
          scope.lastFailure = response.ok
            ? undefined
            : {
                status: response.status,
                url,
                headers: Object.fromEntries(response.headers.entries()),
                body: text,
              };
          const reason =
            RETRY_REASONS[response.status] ??
            (response.status >= 500 ? `server error (HTTP ${response.status})` : undefined);
          if (reason) {
            const retry: RetrySignal = {
              reason,
              status: response.status,
              retryAfterMs: retryAfterMs(response.headers),
              shared: response.status === 429,
            };
            return { value: replay, retry };
          }
          return { value: replay, utilization: utilization(response.headers) };
        } catch (error) {
          const failure = timeout.signal.aborted && !callerSignal?.aborted ? timeout.signal.reason : error;
          options.debug?.record('http.error', {
            key,
            attempt,
            url,
            ms: Date.now() - started,
            error: failure instanceof Error ? failure.message : String(failure),
          });
          throw failure;
        } finally {
          clearTimeout(timer);
        }
      },
      {
        signal: callerSignal,
        maxAttempts: scope.maxAttempts,
        // A timeout or a dropped connection gets one more try; a refused connection or an
        // unknown host will not fix itself, so it fails at once.
        retryableError: (error) => {
          if (transportRetries >= 1) return undefined;
          const timedOut = LlmError.isLlmError(error) && error.category === 'transport';
          const code = causeCode(error);
          if (!timedOut && !(code && RESET_CODES.has(code))) return undefined;
          transportRetries++;
          return { reason: timedOut ? 'timed out' : `connection dropped (${code})` };
        },
      },
    );
  };
}

/**
 * Some SDK layers replace a provider error with their own text (the AI SDK turns a Gateway 401
 * into a generic "Unauthenticated request" message and drops the cause). When the thrown error
 * no longer carries an HTTP status, attach the response we saw, so the real message survives.
 */
export function withHttpFailure(error: unknown, failure: HttpFailure | undefined): unknown {
  if (!failure) return error;
  for (let current: unknown = error, depth = 0; current && depth < 10; depth++) {
    if (typeof (current as { statusCode?: unknown }).statusCode === 'number') return error;
    current = (current as { cause?: unknown }).cause;
  }
  return Object.assign(new Error(`HTTP ${failure.status} from ${failure.url}`), {
    name: 'ProviderHttpError',
    statusCode: failure.status,
    url: failure.url,
    responseHeaders: failure.headers,
    responseBody: failure.body,
    cause: error,
  });
}
