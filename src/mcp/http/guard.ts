import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Request checks shared by every ktx MCP endpoint over HTTP (the `ktx mcp start` daemon and the
 * run-scoped loopback server of the codex LLM backend):
 * - Host must be one we answer to, so a web page that re-points its own domain at 127.0.0.1
 *   (DNS rebinding) is refused;
 * - a browser Origin must be explicitly allowed (none is by default);
 * - the bearer token, when there is one, is compared in constant time;
 * - bodies are size-limited before they are parsed.
 */

export interface HttpGuard {
  /** Accepted Host header values (`name:port` and bare `name`). */
  hosts: ReadonlySet<string>;
  /** Accepted Origin header values (exact match); any other Origin is refused. */
  origins: ReadonlySet<string>;
  /** When set, requests to protected paths need `Authorization: Bearer <token>`. */
  token?: string;
}

export interface Refusal {
  status: 401 | 403 | 404 | 405 | 400 | 413;
  reason: string;
}

export const REFUSED_HOST = 'unexpected Host header';
export const REFUSED_ORIGIN = 'browser origins are not allowed';
export const REFUSED_TOKEN = 'missing or wrong bearer token';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time: equal-length digests, so neither content nor length leaks through timing. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

/** Names a loopback server answers to, with and without the port. */
export function loopbackHosts(port: number, extra: readonly string[] = []): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]', ...extra];
  return new Set(names.flatMap((name) => [name.toLowerCase(), `${name.toLowerCase()}:${port}`]));
}

/** Host and Origin (always), then the token (when `protected` and a token is set). */
export function checkRequest(
  req: IncomingMessage,
  guard: HttpGuard,
  protectedPath: boolean,
): Refusal | undefined {
  if (!guard.hosts.has((req.headers.host ?? '').toLowerCase())) return { status: 403, reason: REFUSED_HOST };
  const origin = req.headers.origin;
  if (origin !== undefined && !guard.origins.has(origin)) return { status: 403, reason: REFUSED_ORIGIN };
  if (protectedPath && guard.token !== undefined && !tokenMatches(req.headers.authorization, guard.token)) {
    return { status: 401, reason: REFUSED_TOKEN };
  }
  return undefined;
}

/** A JSON-RPC error body, so MCP clients show the reason. */
export function refuse(res: ServerResponse, status: number, message: string, code = -32001): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(status === 401 ? { 'www-authenticate': 'Bearer realm="ktx"' } : {}),
  });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The request body as JSON (undefined when empty), read up to `maxBytes`: a larger declared
 * length is refused before reading, a larger stream as soon as it crosses the limit.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new BodyError(413, `request body larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyError(413, `request body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new BodyError(400, `invalid JSON body: ${(error as Error).message}`);
  }
}
