import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  BodyError,
  checkRequest,
  type HttpGuard,
  loopbackHosts,
  readJsonBody,
  refuse,
  tokenMatches,
} from '../../../mcp/http/guard.js';
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

export { tokenMatches };

/** Tool calls carry small JSON arguments; anything bigger is not Codex talking to ktx. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function startLoopbackMcp(
  session: AgentSession,
  options: LoopbackMcpOptions,
): Promise<LoopbackMcp> {
  const token = randomBytes(32).toString('hex');
  const guard: HttpGuard = { hosts: new Set(), origins: new Set(), token };
  const server: Server = createServer(async (req, res) => {
    const refusal = checkRequest(req, guard, true);
    if (refusal) {
      options.onRefused?.(refusal.reason);
      return refuse(res, refusal.status, refusal.reason);
    }
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') return refuse(res, 404, 'not found');
    try {
      const body = req.method === 'POST' ? await readJsonBody(req, MAX_BODY_BYTES) : undefined;
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
      const status = error instanceof BodyError ? error.status : 400;
      if (!res.headersSent) refuse(res, status, error instanceof Error ? error.message : 'bad request');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  guard.hosts = loopbackHosts(port);
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
