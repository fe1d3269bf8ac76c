import type { AgentSession, TokenUsage } from '../../types.js';
import { addUsage, ZERO_USAGE } from '../../types.js';

/**
 * Reads one Codex run's event stream as it arrives and turns it into the step semantics every
 * backend shares. Each completed agent action is one step, counted the moment it completes:
 * - a call of a run tool that reached ktx was already counted by the session (it ran there);
 * - a call Codex settled without ktx (refused, failed in transport) is counted here, and is a
 *   tool failure when its status is `failed` or it carries an error object (`error: null` is
 *   how Codex serialises success);
 * - command_execution, file_change and web_search items are actions: steps, never tool
 *   failures (a command exiting non-zero is exploration, not a broken loop);
 * - a call to a tool of another MCP server stops the run: only run-scoped tools may be used.
 * A run without any action is one step (the runtime adds it).
 */

export interface CodexItem {
  id?: string;
  type: string;
  text?: string;
  server?: string;
  tool?: string;
  arguments?: unknown;
  status?: string;
  error?: { message?: string } | null;
  command?: string;
  exit_code?: number;
  message?: string;
}

export interface CodexEvent {
  type: string;
  item?: CodexItem;
  usage?: {
    input_tokens?: number;
    cached_input_tokens?: number;
    cache_write_input_tokens?: number;
    output_tokens?: number;
  };
  error?: { message?: string };
  message?: string;
}

const ACTION_ITEMS = new Set(['command_execution', 'file_change', 'web_search']);

/** Codex's own verdict on an MCP call: `status: failed`, or an error object with content. */
export function mcpCallFailed(item: CodexItem): boolean {
  if (item.status === 'failed') return true;
  return item.error !== null && typeof item.error === 'object' && Object.keys(item.error).length > 0;
}

function sameInput(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

export class CodexRunAccount {
  text = '';
  usage: TokenUsage = { ...ZERO_USAGE };
  /** The run's fatal error (`turn.failed`), if any. */
  turnError: string | undefined;
  /** The last `error` event: often a transient "Reconnecting…", but the detail of a later failure. */
  lastError: string | undefined;
  /** A tool of another MCP server the model called (the run is stopped). */
  foreignTool: string | undefined;
  /** Completed actions and tool calls seen so far (for "may this run be retried"). */
  steps = 0;
  private readonly reached: Array<{ name: string; input: unknown }> = [];

  constructor(
    private readonly session: AgentSession | undefined,
    private readonly server: string,
  ) {}

  /** A call of a run tool that reached ktx (from the loopback server, before Codex hears back). */
  noteReached(name: string, input: unknown): void {
    this.reached.push({ name, input });
    this.steps++;
  }

  /** Returns false when the run must stop now. */
  handle(event: CodexEvent): boolean {
    switch (event.type) {
      case 'item.started':
        if (event.item?.type === 'mcp_tool_call' && event.item.server !== this.server) {
          this.foreignTool = `${event.item.server}/${event.item.tool}`;
          return false;
        }
        return true;
      case 'item.completed':
        if (event.item) this.completed(event.item);
        return true;
      case 'turn.completed':
        this.usage = addUsage(this.usage, {
          input: event.usage?.input_tokens ?? 0,
          output: event.usage?.output_tokens ?? 0,
          cacheRead: event.usage?.cached_input_tokens ?? 0,
          cacheWrite: event.usage?.cache_write_input_tokens ?? 0,
        });
        return true;
      case 'turn.failed':
        this.turnError = event.error?.message ?? this.lastError ?? 'Codex turn failed';
        return true;
      case 'error':
        this.lastError = event.message;
        return true;
      default:
        return true;
    }
  }

  private completed(item: CodexItem): void {
    if (item.type === 'agent_message') {
      if (item.text?.trim()) this.text = item.text;
      return;
    }
    if (item.type === 'mcp_tool_call') {
      if (item.server !== this.server) return;
      const index = this.reached.findIndex(
        (call) => call.name === item.tool && sameInput(call.input, item.arguments),
      );
      const fallback = index >= 0 ? index : this.reached.findIndex((call) => call.name === item.tool);
      if (fallback >= 0) {
        this.reached.splice(fallback, 1);
        return;
      }
      this.steps++;
      const failed = mcpCallFailed(item);
      this.session?.recordHostToolCall(item.tool ?? 'unknown', !failed, item.error?.message ?? undefined);
      return;
    }
    if (ACTION_ITEMS.has(item.type)) {
      this.steps++;
      const ok =
        item.type === 'command_execution'
          ? item.status === 'completed' && (item.exit_code ?? 0) === 0
          : item.status !== 'failed';
      const detail =
        item.type === 'command_execution'
          ? `${item.command ?? ''} (exit ${item.exit_code ?? '?'})`
          : undefined;
      this.session?.recordAction(item.type, ok, ok ? undefined : detail);
    }
  }
}
