import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { toolInputJsonSchema } from '../../../mcp/registry.js';
import type { AgentSession, ToolCallOutcome } from '../../types.js';

/**
 * The MCP server an agent host (Claude Code in process, Codex over loopback HTTP) sees during
 * one run: it lists exactly the run's tools and sends every call through the run's session, so
 * validation, step counting, the budget and live progress are the ones every backend shares.
 * Input is validated by ktx (invokeTool), not by the MCP layer, so a bad call gets the same
 * message on every backend and still counts as a failed call.
 */

export interface RunToolServerOptions {
  /** Server name the host shows (`mcp__<name>__<tool>` in Claude Code). */
  name: string;
  /** Told about every call that reached ktx, after it ran. */
  onCall?(name: string, input: unknown, outcome: ToolCallOutcome): void;
}

/** Never settles: the host is being stopped and must not get another answer to act on. */
const held = () => new Promise<never>(() => {});

export function createRunToolServer(session: AgentSession, options: RunToolServerOptions): McpServer {
  const server = new McpServer(
    { name: options.name, version: '1.0.0' },
    { capabilities: { tools: { listChanged: false } } },
  );
  const listed = session.tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema: toolInputJsonSchema(tool) as { type: 'object'; [key: string]: unknown },
    annotations: tool.annotations,
  }));
  server.server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const { name, arguments: input } = request.params;
    const outcome = await session.callTool(name, input ?? {});
    options.onCall?.(name, input, outcome);
    // The step budget is used up (this call may have been the last step): the run is being
    // stopped, and answering now would let the host ask the model for one more turn.
    if (session.budgetReached()) return held();
    // Text only: both hosts show the model a tool's structured data instead of its text when
    // there is some, and the model must read the same answer on every backend.
    return { content: [{ type: 'text' as const, text: outcome.text }], isError: !outcome.ok };
  });
  return server;
}
