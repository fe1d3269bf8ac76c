import type { z } from 'zod';
import { KtxError } from '../core/errors.js';
import type { OutStream } from '../core/terminal.js';
import type { ToolDefinition } from '../mcp/registry.js';
import type { LlmConfig, LlmRole } from '../project/config/schema.js';
import { AgentRunSession } from './agent-session.js';
import { loadBackendFactory } from './backends/index.js';
import { type CachePolicy, resolveCachePolicy } from './caching.js';
import { classifyLlmError } from './classify-error.js';
import { type ActiveBackend, type ResolvedLlmConfig, resolveLlmConfig } from './config.js';
import { attachWaitCountdown } from './countdown.js';
import { type DebugLog, debugLogFromEnv } from './debug-log.js';
import { LlmError } from './errors.js';
import { processGovernor, type RateGovernor } from './governor.js';
import { objectInstructions, outputJsonSchema, parseAndValidate, repairPrompt } from './structured-output.js';
import {
  type AgentResult,
  type AgentStep,
  addUsage,
  type BackendOverrides,
  type ChatMessage,
  type LlmBackend,
  type TokenUsage,
} from './types.js';

/**
 * The one runtime every LLM feature calls: text, structured objects and agent loops, on
 * whichever backend ktx.yaml selects. Roles resolve to models here (falling back to
 * `default`), errors leave as LlmErrors with a category and a fix, and agent runs get the same
 * step semantics everywhere.
 */

export interface TextRequest {
  role?: LlmRole;
  /** Stable-first sections; a string is one section. */
  system?: string | string[];
  prompt: string;
  maxOutputTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** A deadline for the whole call, retries included. */
  timeoutMs?: number;
  /** Overrides llm.retry.maxAttempts (probes use 1). */
  maxAttempts?: number;
}

export interface TextResult {
  text: string;
  usage: TokenUsage;
  model: string;
  finishReason: string;
}

export interface ObjectRequest<T> extends TextRequest {
  schema: z.ZodType<T>;
  /** Names the value in the instructions (e.g. `descriptions`). */
  schemaName?: string;
}

export interface ObjectResult<T> {
  object: T;
  usage: TokenUsage;
  model: string;
  /** True when the first answer failed validation and the repair turn fixed it. */
  repaired: boolean;
}

export interface AgentRequest {
  role?: LlmRole;
  system: string | string[];
  prompt: string;
  tools: readonly ToolDefinition[];
  /** Maximum completed actions (see AgentSession); the run stops when it is reached. */
  stepBudget: number;
  signal?: AbortSignal;
  onStep?: (step: AgentStep) => void;
  maxOutputTokens?: number;
  temperature?: number;
}

export interface LlmRuntime {
  readonly backend: ActiveBackend;
  readonly config: ResolvedLlmConfig;
  readonly caching: CachePolicy;
  modelFor(role: LlmRole): string;
  generateText(request: TextRequest): Promise<TextResult>;
  generateObject<T>(request: ObjectRequest<T>): Promise<ObjectResult<T>>;
  runAgent(request: AgentRequest): Promise<AgentResult>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  projectDir: string;
  llm: LlmConfig;
  env?: NodeJS.ProcessEnv;
  /** Defaults to the process-wide governor. */
  governor?: RateGovernor;
  /** Defaults to KTX_LLM_DEBUG; null disables it. */
  debug?: DebugLog | null;
  overrides?: BackendOverrides;
  /** Where to show rate-limit waits as a countdown (the CLI passes stderr). */
  waitDisplay?: OutStream;
}

const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

export async function createLlmRuntime(options: RuntimeOptions): Promise<LlmRuntime> {
  const config = resolveLlmConfig(options.llm, { projectDir: options.projectDir, env: options.env });
  if (!config) {
    throw new KtxError('llm_not_configured', 'No LLM is configured (llm.provider.backend is none).', {
      hint: 'Run `ktx setup --llm-backend anthropic|vertex|gateway|claude-code|codex` to configure one.',
    });
  }
  config.modelFor('default');
  const caching = resolveCachePolicy(options.llm.promptCaching, config.backend);
  const governor =
    options.governor ?? processGovernor({ maxConcurrency: config.maxConcurrency, retry: config.retry });
  const debug = options.debug === null ? undefined : (options.debug ?? debugLogFromEnv(options.env));
  const factory = await loadBackendFactory(config.backend);
  const backend = await factory({
    projectDir: options.projectDir,
    env: options.env ?? process.env,
    config,
    caching,
    governor,
    debug,
    requestTimeoutMs: config.requestTimeoutMs,
    overrides: options.overrides,
  });
  const runtime = createRuntime({ backend, config, caching, debug });
  if (!options.waitDisplay) return runtime;
  const detach = attachWaitCountdown(governor, options.waitDisplay);
  return {
    ...runtime,
    async close() {
      detach();
      await runtime.close();
    },
  };
}

function sections(system: string | string[] | undefined): string[] {
  if (system === undefined) return [];
  return typeof system === 'string' ? [system] : system;
}

/** Composes the caller's signal with an optional deadline; `expired()` tells a timeout from an abort. */
function deadline(signal: AbortSignal | undefined, timeoutMs: number | undefined) {
  const timer = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
  const signals = [signal, timer].filter((item): item is AbortSignal => item !== undefined);
  const combined = signals.length === 0 ? new AbortController().signal : AbortSignal.any(signals);
  return { signal: combined, expired: () => timer?.aborted === true && signal?.aborted !== true };
}

export interface RuntimeParts {
  backend: LlmBackend;
  config: ResolvedLlmConfig;
  caching: CachePolicy;
  debug?: DebugLog;
}

/** Builds the runtime around an adapter (createLlmRuntime does this for ktx.yaml). */
export function createRuntime(parts: RuntimeParts): LlmRuntime {
  const { backend, config, caching, debug } = parts;
  let callCounter = 0;

  const fail = (
    error: unknown,
    role: LlmRole,
    model: string,
    signal?: AbortSignal,
    timeoutMs?: number,
    expired?: boolean,
  ): LlmError => {
    if (expired) {
      return new LlmError({
        category: 'transport',
        providerMessage: `timed out after ${Math.round((timeoutMs ?? 0) / 1000)} s`,
        backend: backend.id,
        model,
        role,
        modelPath: config.modelPath(role),
        cause: error,
      });
    }
    const classified =
      backend.classifyError?.(error) ?? classifyLlmError(error, { backend: backend.id, model, role, signal });
    return classified.with({ backend: backend.id, model, role, modelPath: config.modelPath(role) });
  };

  async function generate(
    request: TextRequest,
    messages: ChatMessage[],
    system: string[],
    jsonSchema?: Record<string, unknown>,
  ): Promise<TextResult> {
    const role = request.role ?? 'default';
    const model = config.modelFor(role);
    const call = ++callCounter;
    const { signal, expired } = deadline(request.signal, request.timeoutMs);
    debug?.record('call.start', { call, kind: 'generate', backend: backend.id, role, model });
    try {
      const result = await backend.generate({
        role,
        model,
        system,
        messages,
        maxOutputTokens: request.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
        temperature: request.temperature ?? 0,
        signal,
        maxAttempts: request.maxAttempts,
        ...(jsonSchema ? { jsonSchema } : {}),
      });
      debug?.record('call.end', { call, usage: result.usage, finishReason: result.finishReason });
      return { ...result, model };
    } catch (error) {
      const failure = fail(error, role, model, request.signal, request.timeoutMs, expired());
      debug?.record('call.error', { call, category: failure.category, message: failure.message });
      throw failure;
    }
  }

  return {
    backend: config.backend,
    config,
    caching,
    modelFor: (role) => config.modelFor(role),

    generateText(request) {
      return generate(request, [{ role: 'user', content: request.prompt }], sections(request.system));
    },

    async generateObject<T>(request: ObjectRequest<T>): Promise<ObjectResult<T>> {
      const system = [...sections(request.system), objectInstructions(request.schema, request.schemaName)];
      const jsonSchema = outputJsonSchema(request.schema);
      const first = await generate(request, [{ role: 'user', content: request.prompt }], system, jsonSchema);
      const parsed = parseAndValidate(first.text, request.schema);
      if (parsed.ok) return { object: parsed.value, usage: first.usage, model: first.model, repaired: false };
      debug?.record('object.repair', { model: first.model, error: parsed.error });
      const second = await generate(
        request,
        [
          { role: 'user', content: request.prompt },
          { role: 'assistant', content: first.text || '(empty answer)' },
          { role: 'user', content: repairPrompt(parsed.error) },
        ],
        system,
        jsonSchema,
      );
      const usage = addUsage(first.usage, second.usage);
      const repaired = parseAndValidate(second.text, request.schema);
      if (repaired.ok) return { object: repaired.value, usage, model: second.model, repaired: true };
      throw new LlmError({
        category: 'invalid_output',
        providerMessage: `${repaired.error} (after one repair attempt; answer began: ${JSON.stringify(second.text.slice(0, 120))})`,
        backend: backend.id,
        model: second.model,
        role: request.role ?? 'default',
        modelPath: config.modelPath(request.role ?? 'default'),
      });
    },

    async runAgent(request) {
      const role = request.role ?? 'default';
      const model = config.modelFor(role);
      const started = Date.now();
      const session = new AgentRunSession({
        tools: request.tools,
        stepBudget: request.stepBudget,
        signal: request.signal,
        onStep: (step) => {
          debug?.record('agent.step', { model, step });
          request.onStep?.(step);
        },
      });
      let error: LlmError | undefined;
      try {
        await backend.runAgent(
          {
            role,
            model,
            system: sections(request.system),
            prompt: request.prompt,
            maxOutputTokens: request.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
            temperature: request.temperature ?? 0,
          },
          session,
        );
      } catch (caught) {
        // The budget stops a run by aborting it; that abort is the budget, not a failure.
        if (!session.budgetReached() && !session.callerAborted)
          error = fail(caught, role, model, request.signal);
      }
      if (!error && !session.callerAborted && !session.budgetReached()) session.recordAnswerIfNoSteps();
      const stopReason = session.callerAborted
        ? 'aborted'
        : session.budgetReached()
          ? 'budget'
          : error
            ? 'error'
            : 'natural';
      const result: AgentResult = {
        stopReason,
        text: session.text,
        steps: session.steps,
        toolCalls: session.toolCalls,
        toolFailures: session.toolFailures,
        usage: session.usage,
        model,
        durationMs: Date.now() - started,
        ...(error ? { error } : {}),
      };
      debug?.record('agent.end', { ...result, error: error?.message });
      return result;
    },

    async close() {
      await backend.close?.();
    },
  };
}
