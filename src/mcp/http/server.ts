import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { KtxMcp } from '../server.js';
import { BodyError, checkRequest, type HttpGuard, loopbackHosts, readJsonBody, refuse } from './guard.js';
import { LatencyWindow } from './latency.js';

/**
 * The `ktx mcp start` server: MCP Streamable HTTP at `/mcp` (sessions; JSON responses, SSE on
 * GET for server messages), `/health` for readiness, and the shared guard (Host, Origin,
 * bearer token, body limit) in front of everything. Sessions idle for too long are closed,
 * and their number is bounded, so an unattended daemon keeps a flat memory profile.
 */

export interface McpHttpOptions {
  host: string;
  port: number;
  /** Required by the caller for any non-loopback host; when set, `/mcp` needs it. */
  token?: string;
  /** Extra Host header names accepted (besides loopback names and the bound host). */
  allowedHosts?: readonly string[];
  /** Browser origins accepted (none by default). */
  allowedOrigins?: readonly string[];
  maxBodyBytes?: number;
  /** Close sessions idle for this long (default 30 min). */
  sessionIdleMs?: number;
  maxSessions?: number;
  log?(level: 'info' | 'warn', message: string): void;
  /** Extra fields for `/health` (version, project, pid…). */
  health?(): Record<string, unknown>;
}

export interface McpHttpServer {
  host: string;
  port: number;
  url: string;
  sessions(): number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

interface Session {
  transport: StreamableHTTPServerTransport;
  server: { close(): Promise<void> };
  lastSeen: number;
}

export async function startMcpHttpServer(mcp: KtxMcp, options: McpHttpOptions): Promise<McpHttpServer> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const maxSessions = options.maxSessions ?? 256;
  const log = options.log ?? (() => {});
  const sessions = new Map<string, Session>();
  const latency = new LatencyWindow(10_000);
  const guard: HttpGuard = {
    hosts: new Set(),
    origins: new Set(options.allowedOrigins ?? []),
    ...(options.token ? { token: options.token } : {}),
  };

  function endSession(id: string, why: string): void {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    // Closing the protocol server closes its transport too.
    void session.server.close().catch(() => {});
    log('info', `session ${id.slice(0, 8)} closed (${why})`);
  }

  async function openSession(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    if (sessions.size >= maxSessions) {
      const oldest = [...sessions.entries()].sort((a, b) => a[1].lastSeen - b[1].lastSeen)[0];
      if (oldest) endSession(oldest[0], 'too many sessions');
    }
    const server = await mcp.createServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, lastSeen: Date.now() });
        log('info', `session ${id.slice(0, 8)} opened`);
      },
      onsessionclosed: (id) => endSession(id, 'client ended it'),
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = req.method === 'POST' ? await readJsonBody(req, maxBodyBytes) : undefined;
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const session = sessions.get(id);
      if (!session) return refuse(res, 404, `unknown or expired MCP session ${id}; initialize a new one`);
      session.lastSeen = Date.now();
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method === 'POST' && isInitializeRequest(body)) return openSession(req, res, body);
    return refuse(res, 400, 'no MCP session: send an initialize request first', -32000);
  }

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // What the server adds per MCP request; health probes would only dilute it.
    if (path === '/mcp') res.on('finish', () => latency.add(performance.now() - started));
    const refusal = checkRequest(req, guard, path !== '/health');
    if (refusal) {
      log('warn', `refused ${req.method} ${path}: ${refusal.reason}`);
      return refuse(res, refusal.status, refusal.reason);
    }
    if (path === '/health') {
      if (req.method !== 'GET') return refuse(res, 405, 'use GET /health');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'ok',
          ...options.health?.(),
          sessions: sessions.size,
          latencyMs: latency.summary(),
        }),
      );
      return;
    }
    if (path !== '/mcp') return refuse(res, 404, 'not found: the MCP endpoint is /mcp');
    handleMcp(req, res).catch((error: unknown) => {
      if (error instanceof BodyError) {
        log('warn', `refused ${req.method} /mcp: ${error.message}`);
        // Stop reading a body we will not use; the client gets the answer either way.
        res.setHeader('connection', 'close');
        return refuse(res, error.status, error.message, error.status === 400 ? -32700 : -32600);
      }
      log('warn', `request failed: ${(error as Error).message}`);
      refuse(res, 500, 'internal error', -32603);
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const bound = WILDCARD_HOSTS.has(options.host)
    ? []
    : [options.host.includes(':') ? `[${options.host}]` : options.host];
  guard.hosts = loopbackHosts(port, [...bound, ...(options.allowedHosts ?? [])]);

  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const [id, session] of sessions) if (session.lastSeen < cutoff) endSession(id, 'idle');
    },
    Math.min(60_000, idleMs),
  );
  sweep.unref();

  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    host: options.host,
    port,
    url: `http://${displayHost}:${port}/mcp`,
    sessions: () => sessions.size,
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        for (const id of [...sessions.keys()]) endSession(id, 'server stopping');
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
