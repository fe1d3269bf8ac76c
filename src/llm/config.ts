import { KtxError } from '../core/errors.js';
import type { LlmBackendName, LlmConfig, LlmRole } from '../project/config/schema.js';
import { type ResolveOptions, requireValue, resolveValue } from '../project/secrets.js';
import { backendDescriptor } from './catalog.js';

/**
 * Resolution of the ktx.yaml `llm` block into what a runtime needs. Pure (reads only the config,
 * the environment and referenced files) and lazy: a provider block is resolved only when its
 * backend is the active one, and a role's model only when that role is used, so a broken
 * reference somewhere else can never break the call at hand. Every error names the exact
 * ktx.yaml path and the fix.
 */

export type ActiveBackend = Exclude<LlmBackendName, 'none'>;

export interface ResolveContext {
  projectDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface AnthropicSettings {
  kind: 'anthropic';
  apiKey: string;
  /** Where the key came from, for status output (never the key). */
  apiKeySource: string;
  baseURL?: string;
}

export interface VertexSettings {
  kind: 'vertex';
  project?: string;
  location?: string;
  baseURL?: string;
}

export interface GatewaySettings {
  kind: 'gateway';
  apiKey?: string;
  apiKeySource: string;
  baseURL?: string;
}

/** Settings of backends whose adapters live elsewhere (claude-code, codex) are resolved by those adapters. */
export interface OtherSettings {
  kind: 'other';
}

export type ProviderSettings = AnthropicSettings | VertexSettings | GatewaySettings | OtherSettings;

export interface RetrySettings {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ResolvedLlmConfig {
  backend: ActiveBackend;
  raw: LlmConfig;
  /** The model of a role (falls back to `default`), resolved on first use. */
  modelFor(role: LlmRole): string;
  /** Which ktx.yaml path a role's model comes from. */
  modelPath(role: LlmRole): string;
  /** The active provider block, resolved on first use. */
  provider(): ProviderSettings;
  retry: RetrySettings;
  maxConcurrency: number;
  requestTimeoutMs: number;
}

export const LLM_DEFAULTS = {
  retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 },
  maxConcurrency: 4,
  requestTimeoutMs: 120_000,
} as const;

function missingDefault(backend: string): KtxError {
  return new KtxError(
    'llm_model_missing',
    `llm.models.default is required when llm.provider.backend is ${backend}.`,
    {
      hint: `Set llm.models.default in ktx.yaml (\`ktx config set llm.models.default <model>\`), or rerun \`ktx setup --llm-backend ${backend} --no-input\` to write a preset.`,
    },
  );
}

/** Returns null when no LLM is configured (`backend: none`). */
export function resolveLlmConfig(llm: LlmConfig, context: ResolveContext): ResolvedLlmConfig | null {
  const backend = llm.provider.backend;
  if (backend === 'none') return null;
  if (!llm.models.default) throw missingDefault(backend);
  const env = context.env ?? process.env;
  const refOptions = (configPath: string, secret = true): ResolveOptions => ({
    projectDir: context.projectDir,
    configPath,
    env,
    secret,
  });
  const models = new Map<LlmRole, string>();
  const modelPath = (role: LlmRole) => (llm.models[role] ? `llm.models.${role}` : 'llm.models.default');
  let provider: ProviderSettings | undefined;
  return {
    backend,
    raw: llm,
    modelPath,
    modelFor(role) {
      const cached = models.get(role);
      if (cached) return cached;
      const path = modelPath(role);
      const raw = role === 'default' || !llm.models[role] ? llm.models.default : llm.models[role];
      // Model ids are not credentials: registering them for redaction would mask them in every message.
      const model = requireValue(raw, refOptions(path, false));
      // Caught here, before any process or request starts, and reported as the setting it is.
      const problem = backendDescriptor(backend)?.checkModel(model);
      if (problem) {
        throw new KtxError('llm_model_invalid', `${path}: ${problem}.`, {
          hint: `Set ${path} in ktx.yaml to a model ${backend} accepts (\`ktx config set ${path} <model>\`), or rerun \`ktx setup --llm-backend ${backend}\`.`,
        });
      }
      models.set(role, model);
      return model;
    },
    provider() {
      provider ??= resolveProvider(llm, backend, env, refOptions);
      return provider;
    },
    retry: { ...LLM_DEFAULTS.retry, ...stripUndefined(llm.retry ?? {}) },
    maxConcurrency: llm.maxConcurrency ?? LLM_DEFAULTS.maxConcurrency,
    requestTimeoutMs: llm.requestTimeoutMs ?? LLM_DEFAULTS.requestTimeoutMs,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

type RefOptions = (configPath: string, secret?: boolean) => ResolveOptions;

function optional(raw: string | undefined, options: ResolveOptions): string | undefined {
  return raw === undefined ? undefined : requireValue(raw, options);
}

function resolveProvider(
  llm: LlmConfig,
  backend: ActiveBackend,
  env: NodeJS.ProcessEnv,
  ref: RefOptions,
): ProviderSettings {
  switch (backend) {
    case 'anthropic': {
      const block = llm.provider.anthropic ?? {};
      const baseURL = optional(block.base_url, ref('llm.provider.anthropic.base_url', false));
      if (block.api_key !== undefined) {
        const apiKey = requireValue(block.api_key, ref('llm.provider.anthropic.api_key'));
        return {
          kind: 'anthropic',
          apiKey,
          apiKeySource: describeRef('llm.provider.anthropic.api_key', block.api_key),
          baseURL,
        };
      }
      const fromEnv = resolveValue('env:ANTHROPIC_API_KEY', ref('ANTHROPIC_API_KEY')).value;
      if (!fromEnv) {
        throw new KtxError(
          'llm_auth_missing',
          'No Anthropic API key: llm.provider.anthropic.api_key is not set in ktx.yaml and ANTHROPIC_API_KEY is empty.',
          {
            hint: 'Export ANTHROPIC_API_KEY, or set llm.provider.anthropic.api_key to env:NAME / file:PATH (`ktx setup --llm-backend anthropic --anthropic-api-key-env NAME`).',
          },
        );
      }
      return {
        kind: 'anthropic',
        apiKey: fromEnv,
        apiKeySource: 'environment variable ANTHROPIC_API_KEY',
        baseURL,
      };
    }
    case 'vertex': {
      const block = llm.provider.vertex ?? {};
      const baseURL = optional(block.base_url, ref('llm.provider.vertex.base_url', false));
      const project =
        optional(block.project, ref('llm.provider.vertex.project', false)) ??
        env.GOOGLE_VERTEX_PROJECT?.trim();
      const location =
        optional(block.location, ref('llm.provider.vertex.location', false)) ??
        env.GOOGLE_VERTEX_LOCATION?.trim();
      // A custom base URL already names the project and region; otherwise both are needed to build it.
      if (!baseURL && !project) {
        throw new KtxError(
          'config_missing_value',
          'llm.provider.vertex.project is not set (nor GOOGLE_VERTEX_PROJECT).',
          {
            hint: 'Set llm.provider.vertex.project to your Google Cloud project id (`ktx setup --llm-backend vertex --vertex-project <id>`).',
          },
        );
      }
      if (!baseURL && !location) {
        throw new KtxError(
          'config_missing_value',
          'llm.provider.vertex.location is not set (nor GOOGLE_VERTEX_LOCATION).',
          {
            hint: 'Set llm.provider.vertex.location to a region that serves Claude, e.g. us-east5 or global.',
          },
        );
      }
      return { kind: 'vertex', project: project || undefined, location: location || undefined, baseURL };
    }
    case 'gateway': {
      const block = llm.provider.gateway ?? {};
      const baseURL = optional(block.base_url, ref('llm.provider.gateway.base_url', false));
      if (block.api_key !== undefined) {
        const apiKey = requireValue(block.api_key, ref('llm.provider.gateway.api_key'));
        return {
          kind: 'gateway',
          apiKey,
          apiKeySource: describeRef('llm.provider.gateway.api_key', block.api_key),
          baseURL,
        };
      }
      const fromEnv = resolveValue('env:AI_GATEWAY_API_KEY', ref('AI_GATEWAY_API_KEY')).value;
      if (fromEnv)
        return {
          kind: 'gateway',
          apiKey: fromEnv,
          apiKeySource: 'environment variable AI_GATEWAY_API_KEY',
          baseURL,
        };
      // Vercel deployments authenticate with an OIDC token instead of a key.
      if (env.VERCEL_OIDC_TOKEN?.trim()) {
        resolveValue('env:VERCEL_OIDC_TOKEN', ref('VERCEL_OIDC_TOKEN'));
        return { kind: 'gateway', apiKeySource: 'Vercel OIDC token (VERCEL_OIDC_TOKEN)', baseURL };
      }
      throw new KtxError(
        'llm_auth_missing',
        'No AI Gateway key: llm.provider.gateway.api_key is not set in ktx.yaml and AI_GATEWAY_API_KEY is empty.',
        { hint: 'Export AI_GATEWAY_API_KEY, or set llm.provider.gateway.api_key to env:NAME / file:PATH.' },
      );
    }
    default:
      return { kind: 'other' };
  }
}

function describeRef(path: string, raw: string): string {
  if (raw.startsWith('env:')) return `${path} (environment variable ${raw.slice(4).trim()})`;
  if (raw.startsWith('file:')) return `${path} (file ${raw.slice(5).trim()})`;
  return `${path} (literal in ktx.yaml)`;
}
