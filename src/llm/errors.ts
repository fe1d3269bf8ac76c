import { KtxError } from '../core/errors.js';
import type { LlmBackendName, LlmRole } from '../project/config/schema.js';

/**
 * One error taxonomy for every backend. Adapters and the classifier turn whatever a provider or
 * SDK throws into an LlmError with a category, the provider's own message, and a fix that
 * matches the category (and the backend, where the fix differs).
 */

export const LLM_ERROR_CATEGORIES = [
  'auth',
  'model_unavailable',
  'rate_limited',
  'overloaded',
  'context_overflow',
  'invalid_output',
  'tool_failed',
  'aborted',
  'transport',
] as const;

export type LlmErrorCategory = (typeof LLM_ERROR_CATEGORIES)[number];

export interface LlmErrorInit {
  category: LlmErrorCategory;
  /** The provider's own message (unwrapped from SDK wrappers), or ours when there is none. */
  providerMessage: string;
  backend?: LlmBackendName;
  model?: string;
  role?: LlmRole;
  /** The ktx.yaml path the model came from (`llm.models.default` when the role falls back). */
  modelPath?: string;
  status?: number;
  /** How long the provider asked us to wait (rate limits). */
  retryAfterMs?: number;
  /** Attempts made before giving up. */
  attempts?: number;
  /** The endpoint, without credentials. */
  url?: string;
  hint?: string;
  cause?: unknown;
}

const LABELS: Record<LlmErrorCategory, string> = {
  auth: 'authentication failed',
  model_unavailable: 'model not available',
  rate_limited: 'rate limited',
  overloaded: 'provider overloaded',
  context_overflow: 'prompt too long for the model',
  invalid_output: 'invalid model output',
  tool_failed: 'tool failed',
  aborted: 'aborted',
  transport: 'request failed',
};

export class LlmError extends KtxError {
  readonly category: LlmErrorCategory;
  readonly providerMessage: string;
  readonly backend: LlmBackendName | undefined;
  readonly model: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number | undefined;
  readonly url: string | undefined;
  readonly role: LlmRole | undefined;
  readonly modelPath: string | undefined;
  /** A fix given by the thrower (kept when context is added later). */
  private readonly explicitHint: string | undefined;

  constructor(init: LlmErrorInit) {
    const where = [init.backend, init.model].filter(Boolean).join(' ');
    const status = init.status ? ` (HTTP ${init.status})` : '';
    super(
      `llm_${init.category}`,
      `LLM ${LABELS[init.category]}${where ? ` [${where}]` : ''}${status}: ${init.providerMessage}`,
      {
        hint: init.hint ?? defaultFix(init),
        cause: init.cause,
        details: {
          category: init.category,
          backend: init.backend,
          model: init.model,
          status: init.status,
          retryAfterMs: init.retryAfterMs,
          attempts: init.attempts,
        },
      },
    );
    this.name = 'LlmError';
    this.category = init.category;
    this.providerMessage = init.providerMessage;
    this.backend = init.backend;
    this.model = init.model;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
    this.url = init.url;
    this.role = init.role;
    this.modelPath = init.modelPath;
    this.explicitHint = init.hint;
  }

  static isLlmError(value: unknown): value is LlmError {
    return KtxError.is(value) && value.code.startsWith('llm_') && 'category' in value;
  }

  /** A copy with more context (the runtime knows the role and model, adapters may not). */
  with(extra: Partial<LlmErrorInit>): LlmError {
    return new LlmError({
      category: this.category,
      providerMessage: this.providerMessage,
      backend: this.backend,
      model: this.model,
      role: this.role,
      modelPath: this.modelPath,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
      url: this.url,
      cause: this.cause,
      hint: this.explicitHint,
      ...extra,
    });
  }
}

const CREDENTIALS: Partial<Record<LlmBackendName, string>> = {
  anthropic:
    'Check the Anthropic API key: llm.provider.anthropic.api_key in ktx.yaml (env:NAME or file:PATH), else ANTHROPIC_API_KEY. `ktx setup --llm-backend anthropic` rewrites it.',
  vertex:
    'Check Google Cloud credentials: run `gcloud auth application-default login`, and make sure llm.provider.vertex.project has the Vertex AI API enabled and your account has roles/aiplatform.user.',
  gateway:
    'Check the AI Gateway key: llm.provider.gateway.api_key in ktx.yaml (env:NAME or file:PATH), else AI_GATEWAY_API_KEY.',
  'claude-code':
    'Sign in to Claude Code on this machine (run `claude`, then /login with your Claude Pro or Max account) and rerun. This backend never uses ANTHROPIC_API_KEY.',
  codex:
    'Sign in to Codex on this machine (`codex login`, with your ChatGPT account or an API key), check that `codex` starts, then rerun.',
};

const MODEL_ADVICE: Partial<Record<LlmBackendName, string>> = {
  gateway: ' (AI Gateway ids look like anthropic/claude-sonnet-4-6)',
  'claude-code': ' (sonnet, opus, haiku, or a full Claude model id your plan includes)',
  codex:
    ' (gpt-5.5 works with a ChatGPT sign-in; *-codex ids need an API key; `codex` lists the models your account has)',
};

function roleSetting(init: LlmErrorInit): string {
  return init.modelPath ?? `llm.models.${init.role ?? 'default'}`;
}

export function defaultFix(init: LlmErrorInit): string {
  switch (init.category) {
    case 'auth':
      return (
        (init.backend && CREDENTIALS[init.backend]) ?? 'Check the credentials of llm.provider in ktx.yaml.'
      );
    case 'model_unavailable':
      return `Set ${roleSetting(init)} in ktx.yaml to a model id your account can use${(init.backend && MODEL_ADVICE[init.backend]) ?? ''}, e.g. \`ktx config set ${roleSetting(init)} <model>\`.`;
    case 'rate_limited': {
      const wait = init.retryAfterMs
        ? ` The provider asked to wait ${Math.ceil(init.retryAfterMs / 1000)} s.`
        : '';
      return `The provider's rate limit was hit${init.attempts ? ` ${init.attempts} times` : ''}.${wait} Rerun later, lower llm.maxConcurrency, or raise llm.retry.maxAttempts / your provider limits.`;
    }
    case 'overloaded':
      return 'The provider is temporarily overloaded. Rerun in a few minutes (ktx already retried with backoff).';
    case 'context_overflow':
      return 'The prompt is larger than the model accepts: lower ingest.batch_size, or use a model with a larger context window.';
    case 'invalid_output':
      return `The model's answer did not match the expected format, even after one repair. Rerun, or use a stronger model for ${roleSetting(init)}.`;
    case 'tool_failed':
      return 'A ktx tool failed inside the agent loop; the tool message says why.';
    case 'aborted':
      return 'The call was cancelled.';
    case 'transport':
      return /timed out|no response within/i.test(init.providerMessage)
        ? 'The provider did not answer in time. Raise llm.requestTimeoutMs in ktx.yaml, or rerun.'
        : init.backend === 'claude-code' || init.backend === 'codex'
          ? `Check that ${init.backend === 'codex' ? 'Codex' : 'Claude Code'} works on its own on this machine (network access, proxies: HTTPS_PROXY), then rerun.`
          : `Check network access to ${init.url ? new URL(init.url).host : 'the provider'} (proxies: HTTPS_PROXY) and llm.provider.${init.backend ?? '<backend>'}.base_url if you set one.`;
  }
}
