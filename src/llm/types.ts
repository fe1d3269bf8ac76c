import type { ToolDefinition } from '../mcp/registry.js';
import type { LlmBackendName, LlmRole } from '../project/config/schema.js';
import type { CachePolicy } from './caching.js';
import type { ResolvedLlmConfig } from './config.js';
import type { DebugLog } from './debug-log.js';
import type { LlmError } from './errors.js';
import type { RateGovernor } from './governor.js';

/**
 * The LLM seam. Callers use the runtime (`runtime.ts`); the runtime drives one `LlmBackend`
 * adapter per configured backend (`backends/<name>.ts`). Adapters translate; everything that
 * must behave the same on every backend (roles, step counting, budgets, structured output and
 * its repair, error categories, usage) lives in the runtime and the agent session.
 */

export type { LlmBackendName, LlmRole };

/** Token usage. `input` counts every input token, including the ones read from or written to the cache. */
export interface TokenUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export const ZERO_USAGE: TokenUsage = Object.freeze({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** One model call without tools. */
export interface BackendGenerateRequest {
  role: LlmRole;
  model: string;
  /** Stable-first sections (instructions, schemas, reference material); the last one ends the cached prefix. */
  system: string[];
  /** The conversation; the varying content is last. */
  messages: ChatMessage[];
  maxOutputTokens: number;
  temperature: number;
  signal: AbortSignal;
  /** Attempts for rate limits and transient failures (probes use 1). */
  maxAttempts?: number;
  /**
   * Set for structured output: the JSON Schema of the expected answer (it is also in the system
   * prompt). Backends with a native JSON-schema output (the agent SDKs) use it; the answer still
   * comes back as text and the runtime validates and repairs it the same way on every backend.
   */
  jsonSchema?: Record<string, unknown>;
}

export interface BackendGenerateResult {
  text: string;
  usage: TokenUsage;
  /** Provider stop reason, e.g. `end_turn` or `max_tokens`. */
  finishReason: string;
}

/** One agent loop. Tools run through the session, never directly. */
export interface BackendAgentRequest {
  role: LlmRole;
  model: string;
  system: string[];
  prompt: string;
  maxOutputTokens: number;
  temperature: number;
}

export interface ToolCallOutcome {
  ok: boolean;
  /** What the model gets back (the tool's text, or the failure). */
  text: string;
  structured?: unknown;
  /** Set when the call was not run: the step budget was used up, or the run was aborted. */
  skipped?: 'budget' | 'aborted';
}

/**
 * The step accountant of one agent run, shared by every backend so a "step" means the same
 * thing everywhere: one completed agent action (a ktx tool call, or a built-in action a
 * backend runs itself, such as a shell command), counted when it completes; a run whose model
 * answers without any action counts one step. The budget is enforced here, live.
 */
export interface AgentSession {
  readonly tools: readonly ToolDefinition[];
  readonly stepBudget: number;
  /** Aborted when the caller aborts or the budget is reached: backends stop their loop on it. */
  readonly signal: AbortSignal;
  /** Runs a ktx tool: validates, executes, counts the step, fires onStep, enforces the budget. Never throws. */
  callTool(name: string, input: unknown): Promise<ToolCallOutcome>;
  /** A built-in action the backend ran itself (e.g. Codex `command_execution`); counts as a step. */
  recordAction(kind: string, ok: boolean, detail?: string): void;
  /**
   * A call of a run tool that the agent host settled without ktx running it (it refused or lost
   * the call before it reached ktx): counts as a step and a tool call, and as a failure unless ok.
   */
  recordHostToolCall(name: string, ok: boolean, detail?: string): void;
  /** Usage of one model round trip, and its text (the last non-empty text is the answer). */
  recordTurn(usage: TokenUsage, text?: string): void;
  /** True once the budget is used up: the backend must not start another model call. */
  budgetReached(): boolean;
}

export interface LlmBackend {
  readonly id: LlmBackendName;
  generate(request: BackendGenerateRequest): Promise<BackendGenerateResult>;
  /** Drives the loop until the model stops or `session.budgetReached()`; errors are thrown. */
  runAgent(request: BackendAgentRequest, session: AgentSession): Promise<void>;
  /** Optional: recognise backend-specific failures before the generic classifier runs. */
  classifyError?(error: unknown): LlmError | undefined;
  close?(): Promise<void>;
}

/** Everything an adapter gets when it is created. */
export interface BackendContext {
  projectDir: string;
  env: NodeJS.ProcessEnv;
  config: ResolvedLlmConfig;
  caching: CachePolicy;
  governor: RateGovernor;
  debug: DebugLog | undefined;
  requestTimeoutMs: number;
  /** Test seams (never set from ktx.yaml). */
  overrides?: BackendOverrides;
}

export interface BackendOverrides {
  /** Vertex: a Google access-token source instead of application-default credentials. */
  vertexAuthToken?: () => Promise<string>;
  /**
   * claude-code and codex: variables added to the agent process environment after ktx has
   * stripped or allow-listed it. Tests point the process at a fake provider with it; product
   * configuration has no way to set it.
   */
  agentEnv?: Record<string, string>;
  /** codex: extra `--config` overrides (tests register a fake model provider with it). */
  codexConfig?: Record<string, unknown>;
}

export type BackendFactory = (ctx: BackendContext) => Promise<LlmBackend>;

export type StopReason = 'natural' | 'budget' | 'error' | 'aborted';

/** One completed step, reported live through `onStep`. */
export interface AgentStep {
  /** 1-based position in the run. */
  index: number;
  /** `tool`: a ktx tool call; `action`: a backend's built-in action; `answer`: a run without actions. */
  kind: 'tool' | 'action' | 'answer';
  name?: string;
  ok: boolean;
  error?: string;
  durationMs: number;
}

export interface AgentResult {
  stopReason: StopReason;
  /** The model's last non-empty text. */
  text: string;
  steps: number;
  toolCalls: number;
  toolFailures: number;
  usage: TokenUsage;
  model: string;
  durationMs: number;
  /** Present when stopReason is `error`. */
  error?: LlmError;
}
