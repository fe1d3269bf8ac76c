import { errorMessage, KtxError } from '../core/errors.js';
import type { LlmConfig } from '../project/config/schema.js';
import { LlmError, type LlmErrorCategory } from './errors.js';
import { createLlmRuntime } from './runtime.js';
import type { BackendOverrides } from './types.js';

/**
 * A live, time-boxed check that the configured LLM answers: one call of the `default` model
 * asking for a single token, no retries. The failure keeps its category, so an authentication
 * problem, a model the account cannot use and an unreachable endpoint read differently.
 */

export interface ProbeResult {
  ok: boolean;
  backend: string;
  model: string | undefined;
  latencyMs: number;
  error?: {
    category: LlmErrorCategory | 'config';
    code: string;
    message: string;
    providerMessage?: string;
    hint?: string;
    status?: number;
  };
}

export const PROBE_TIMEOUT_MS = 15_000;
/** A local agent starts a process and may refresh its sign-in first. */
export const LOCAL_AGENT_PROBE_TIMEOUT_MS = 45_000;

const HOSTS: Record<string, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };

export async function probeLlm(
  projectDir: string,
  llm: LlmConfig,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; overrides?: BackendOverrides } = {},
): Promise<ProbeResult> {
  const started = Date.now();
  let model: string | undefined;
  try {
    const runtime = await createLlmRuntime({
      projectDir,
      llm,
      env: options.env,
      overrides: options.overrides,
    });
    model = runtime.modelFor('default');
    try {
      await runtime.generateText({
        prompt: 'Reply with the single word: ok',
        maxOutputTokens: 1,
        timeoutMs:
          options.timeoutMs ??
          (HOSTS[llm.provider.backend] ? LOCAL_AGENT_PROBE_TIMEOUT_MS : PROBE_TIMEOUT_MS),
        maxAttempts: 1,
      });
    } finally {
      await runtime.close();
    }
    return { ok: true, backend: llm.provider.backend, model, latencyMs: Date.now() - started };
  } catch (error) {
    const latencyMs = Date.now() - started;
    if (LlmError.isLlmError(error)) {
      return {
        ok: false,
        backend: llm.provider.backend,
        model,
        latencyMs,
        error: {
          category: error.category,
          code: error.code,
          message: error.message,
          providerMessage: error.providerMessage,
          hint: error.hint,
          status: error.status,
        },
      };
    }
    if (KtxError.is(error)) {
      return {
        ok: false,
        backend: llm.provider.backend,
        model,
        latencyMs,
        error: { category: 'config', code: error.code, message: error.message, hint: error.hint },
      };
    }
    throw new Error(`LLM probe crashed: ${errorMessage(error)}`, { cause: error });
  }
}

/** One line saying what the probe found, worded by category. */
export function describeProbeFailure(result: ProbeResult): string {
  const error = result.error!;
  const detail = error.providerMessage ?? error.message;
  const host = HOSTS[result.backend];
  switch (error.category) {
    case 'auth':
      return host
        ? `${host} is not signed in, or its sign-in was refused: ${detail}`
        : `authentication failed: ${detail}`;
    case 'model_unavailable':
      return host
        ? `${host} is signed in, but model ${result.model ?? '?'} is not available to this account: ${detail}`
        : `model ${result.model ?? '?'} is not available to this account: ${detail}`;
    case 'transport':
      return `provider request failed: ${detail}`;
    case 'rate_limited':
      return `reachable, but rate limited right now: ${detail}`;
    case 'overloaded':
      return `reachable, but the provider is overloaded right now: ${detail}`;
    default:
      return detail;
  }
}
