import { spawn } from 'node:child_process';
import type {
  Options,
  SpawnedProcess,
  SpawnOptions,
  query as sdkQuery,
} from '@anthropic-ai/claude-agent-sdk';
import type { DebugLog } from '../../debug-log.js';
import type { LlmError } from '../../errors.js';
import type { RateGovernor } from '../../governor.js';
import type { AgentSession, TokenUsage } from '../../types.js';
import { ZERO_USAGE } from '../../types.js';
import {
  type ClaudeFailure,
  claudeCodeError,
  hostToolError,
  isolationError,
  noResponseError,
} from './errors.js';
import { type ExpectedIsolation, type InitReport, isHostCapability, isolationProblem } from './isolation.js';

/**
 * One Claude Code process, from start to exit: the message stream is read as it comes, so the
 * isolation check, rate-limit waits, host-tool attempts and usage are seen live; whatever the
 * stream said about a failure is kept, because the exception the SDK throws afterwards says
 * less. Tool calls do not pass through here: they reach ktx through the run's MCP server.
 */

export interface QuerySpec {
  query: typeof sdkQuery;
  prompt: string;
  options: Options;
  /** The id Claude Code was started with (for messages). */
  model: string;
  expected: ExpectedIsolation;
  ktxServer: string;
  governor: RateGovernor;
  governorKey: string;
  /** Aborts the process (the caller, a deadline, or the step budget). */
  signal: AbortSignal;
  debug?: DebugLog;
  requestTimeoutMs: number;
  /** Agent runs: unknown tool names the host answered itself are counted here. */
  session?: AgentSession;
}

export interface QueryOutcome {
  text: string;
  structured?: unknown;
  /** The last StructuredOutput input, valid or not (for the runtime's repair). */
  attemptedStructured?: unknown;
  usage: TokenUsage;
  /** Claude Code stopped at maxTurns without an error of its own. */
  maxTurns: boolean;
}

interface Block {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
}

interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

/** The fields ktx reads, across the SDK's message union. */
interface StreamMessage {
  type: string;
  subtype?: string;
  message?: { id?: string; content?: Block[] | string; usage?: Usage };
  parent_tool_use_id?: string | null;
  error?: string;
  api_error_status?: number | null;
  is_error?: boolean;
  result?: string;
  errors?: string[];
  terminal_reason?: string;
  structured_output?: unknown;
  usage?: Usage;
  attempt?: number;
  max_retries?: number;
  retry_delay_ms?: number;
  error_status?: number | null;
}

export function toUsage(usage: Usage | undefined): TokenUsage {
  if (!usage) return { ...ZERO_USAGE };
  const read = usage.cache_read_input_tokens ?? 0;
  const write = usage.cache_creation_input_tokens ?? 0;
  return {
    input: (usage.input_tokens ?? 0) + read + write,
    output: usage.output_tokens ?? 0,
    cacheRead: read,
    cacheWrite: write,
  };
}

const RETRY_REASON: Record<string, string> = {
  rate_limit: 'rate limited',
  overloaded: 'provider overloaded',
  server_error: 'server error',
};

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

const STDERR_KEEP = 4000;

export async function runClaudeQuery(spec: QuerySpec): Promise<QueryOutcome> {
  const abort = new AbortController();
  const onAbort = () => abort.abort(spec.signal.reason);
  if (spec.signal.aborted) throw spec.signal.reason;
  spec.signal.addEventListener('abort', onAbort, { once: true });
  let stderr = '';
  // ktx starts the process itself so a stop is immediate: the SDK's own abort closes stdin and
  // gives Claude Code a grace period, in which it reports the interrupted tool calls to the
  // model, one request more than the budget allows.
  const spawnProcess = (options: SpawnOptions): SpawnedProcess => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-STDERR_KEEP);
    });
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    abort.signal.addEventListener('abort', kill, { once: true });
    options.signal.addEventListener('abort', kill, { once: true });
    child.once('exit', () => abort.signal.removeEventListener('abort', kill));
    return child;
  };
  const stream = spec.query({
    prompt: spec.prompt,
    options: { ...spec.options, abortController: abort, spawnClaudeCodeProcess: spawnProcess },
  });

  let init: InitReport | undefined;
  let stop: LlmError | undefined;
  let failure: ClaudeFailure | undefined;
  let result: StreamMessage | undefined;
  let lastText = '';
  let attemptedStructured: unknown;
  let retrying = false;
  let unanswered = 0;
  const perMessage = new Map<string, Usage>();
  // Tool calls the host answered itself (unknown names): settled when their result arrives.
  const hostAnswered = new Map<string, string>();
  const allowed = new Set(spec.expected.tools);

  const halt = (error: LlmError) => {
    stop ??= error;
    abort.abort(error);
  };

  let thrown: unknown;
  try {
    for await (const raw of stream) {
      const message = raw as unknown as StreamMessage;
      spec.debug?.record('claude-code.message', message as unknown as Record<string, unknown>);
      if (message.type === 'system' && message.subtype === 'init') {
        init = raw as unknown as InitReport;
        const problem = isolationProblem(init, spec.expected);
        if (problem) halt(isolationError(problem, spec.model));
      } else if (message.type === 'system' && message.subtype === 'api_retry') {
        retrying = true;
        const status = message.error_status ?? undefined;
        // No answer at all (a timeout, a dropped connection) is retried once, as on every backend;
        // Claude Code would keep trying for all its attempts.
        if (status === undefined && ++unanswered > 1) {
          halt(noResponseError(spec.model, spec.requestTimeoutMs));
          break;
        }
        const reason = `${RETRY_REASON[message.error ?? ''] ?? 'request failed'}${status ? ` (HTTP ${status})` : ' (no response)'}`;
        spec.governor.announceHostRetry(
          spec.governorKey,
          { reason, status, shared: status === 429 },
          message.retry_delay_ms ?? 0,
          (message.attempt ?? 1) + 1,
          (message.max_retries ?? 0) + 1,
        );
      } else if (message.type === 'assistant') {
        if (retrying) spec.governor.hostRetryEnded(spec.governorKey);
        retrying = false;
        const content = Array.isArray(message.message?.content) ? message.message.content : [];
        if (message.error) {
          failure = { kind: message.error, status: message.api_error_status, text: blockText(content) };
          continue;
        }
        const id = message.message?.id;
        if (id && message.message?.usage) perMessage.set(id, message.message.usage);
        for (const block of content) {
          if (block.type === 'text' && block.text?.trim()) lastText = block.text;
          if (block.type !== 'tool_use' || !block.name) continue;
          if (block.name === 'StructuredOutput') attemptedStructured = block.input;
          if (allowed.has(block.name)) continue;
          if (isHostCapability(block.name, init, spec.ktxServer)) halt(hostToolError(block.name, spec.model));
          else if (block.id) hostAnswered.set(block.id, block.name);
        }
      } else if (message.type === 'user') {
        const content = Array.isArray(message.message?.content) ? message.message.content : [];
        for (const block of content) {
          const name = block.tool_use_id ? hostAnswered.get(block.tool_use_id) : undefined;
          if (!name) continue;
          hostAnswered.delete(block.tool_use_id!);
          spec.session?.recordHostToolCall(name, block.is_error !== true, blockText(block.content));
        }
      } else if (message.type === 'result') {
        result = message;
      }
      if (stop) break;
    }
  } catch (error) {
    thrown = error;
  } finally {
    spec.signal.removeEventListener('abort', onAbort);
    if (retrying) spec.governor.hostRetryEnded(spec.governorKey);
  }

  const usage = toUsage(result?.usage ?? sumUsage([...perMessage.values()]));
  // A run stopped by its budget or an abort still used tokens; the session reports them.
  spec.session?.recordTurn(usage, result?.is_error ? lastText : (result?.result ?? lastText));
  if (stop) throw stop;
  if (spec.signal.aborted) throw spec.signal.reason;
  if (result && !result.is_error && result.subtype === 'success') {
    return {
      text: result.result ?? lastText,
      structured: result.structured_output,
      attemptedStructured,
      usage,
      maxTurns: false,
    };
  }
  if (result?.subtype === 'error_max_turns' && !failure) {
    return { text: lastText, attemptedStructured, usage, maxTurns: true };
  }
  // The answer did not pass Claude Code's schema check (or never came through the tool): hand
  // it to the runtime, which validates and repairs structured answers the same on every backend.
  if (
    result &&
    !failure &&
    /structured output/i.test(`${result.result ?? ''} ${result.errors?.join(' ') ?? ''}`)
  ) {
    return { text: lastText, attemptedStructured, usage, maxTurns: false };
  }
  throw claudeCodeError(
    failure ?? {
      status: result?.api_error_status,
      terminalReason: result?.terminal_reason,
      text:
        result?.result ??
        result?.errors?.join('; ') ??
        (stderr.trim()
          ? `${errorText(thrown)}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`
          : errorText(thrown)),
    },
    { model: spec.model, cause: thrown, requestTimeoutMs: spec.requestTimeoutMs },
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error ?? 'Claude Code ended without a result');
}

function sumUsage(usages: Usage[]): Usage {
  const total: Required<Usage> = {
    input_tokens: 0,
    output_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
  };
  for (const usage of usages) {
    total.input_tokens += usage.input_tokens ?? 0;
    total.output_tokens += usage.output_tokens ?? 0;
    total.cache_read_input_tokens += usage.cache_read_input_tokens ?? 0;
    total.cache_creation_input_tokens += usage.cache_creation_input_tokens ?? 0;
  }
  return total;
}
