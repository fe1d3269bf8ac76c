import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AgentSession, ToolCallOutcome } from '../../types.js';
import { createRunToolServer } from '../agent-host/tool-server.js';

/**
 * The MCP server Codex reaches ktx's tools through, for one run: Streamable HTTP on
 * 127.0.0.1, an ephemeral port, a random bearer token that Codex reads from an environment
 * variable (so it never appears on a command line), and only the run's tools. Anything that is
 * not Codex calling with that token is refused: a wrong or missing token, a Host header other
 * than this address (DNS rebinding), or any browser Origin. It lives exactly as long as the run.
 */

export interface LoopbackMcp {
  url: string;
  token: string;
  /** Stops listening and drops open connections (idempotent). */
  close(): Promise<void>;
}

export interface LoopbackMcpOptions {
  /** Server name Codex shows (`mcp__<name>__<tool>`). */
  name: string;
  onCall?(name: string, input: unknown, outcome: ToolCallOutcome): void;
  /** Test hook: every refused request, with the reason. */
  onRefused?(reason: string): void;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant-time: equal-length digests, so neither content nor length leaks through timing. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message }, id: null }));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startLoopbackMcp(
  session: AgentSession,
  options: LoopbackMcpOptions,
): Promise<LoopbackMcp> {
  const token = randomBytes(32).toString('hex');
  let hosts = new Set<string>();
  const server: Server = createServer(async (req, res) => {
    const reject = (status: number, reason: string) => {
      options.onRefused?.(reason);
      refuse(res, status, reason);
    };
    if (!hosts.has(req.headers.host ?? '')) return reject(403, 'unexpected Host header');
    if (req.headers.origin !== undefined) return reject(403, 'browser origins are not allowed');
    if (!tokenMatches(req.headers.authorization, token)) return reject(401, 'missing or wrong bearer token');
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') return reject(404, 'not found');
    try {
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      // Stateless: every request gets its own server, all backed by the run's session.
      const mcp = createRunToolServer(session, { name: options.name, onCall: options.onCall });
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      res.on('close', () => {
        void transport.close();
        void mcp.close();
      });
      await mcp.connect(transport);
      await transport.handleRequest(req, res, body);
    } catch (error) {
      if (!res.headersSent) refuse(res, 400, error instanceof Error ? error.message : 'bad request');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    token,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}
