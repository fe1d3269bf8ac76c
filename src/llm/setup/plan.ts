import { KtxError, usageError } from '../../core/errors.js';
import { didYouMean } from '../../core/text.js';
import type { LlmConfig, LlmRole } from '../../project/config/schema.js';
import { LLM_ROLES } from '../../project/config/schema.js';
import { BACKEND_CATALOG, backendDescriptor, ignoredCachingFields } from '../catalog.js';
import type { ActiveBackend } from '../config.js';

/**
 * What `ktx setup` will write into the `llm` block, computed without touching anything: the
 * interactive flow and the flags both produce a SetupInput, and this turns it into edits.
 * Other backends' blocks and existing promptCaching fields are left as they are.
 */

export interface SetupInput {
  backend: string;
  /** Replaces the preset's main model: `default` and the roles the preset gives the same model. */
  model?: string;
  /** anthropic: the environment variable holding the key (written as env:NAME). */
  anthropicKeyEnv?: string;
  /** anthropic/gateway: a reference written as is (file:.ktx/secrets/…, from a pasted key). */
  apiKeyRef?: string;
  gatewayKeyEnv?: string;
  vertexProject?: string;
  vertexLocation?: string;
}

export interface ConfigEdit {
  path: Array<string>;
  value: unknown;
}

export interface SetupPlan {
  backend: ActiveBackend;
  models: Record<LlmRole, string>;
  edits: ConfigEdit[];
  /** Things the user should know (not failures). */
  notes: string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const DEFAULT_VERTEX_LOCATION = 'us-east5';

export function backendList(): string {
  return BACKEND_CATALOG.map((entry) => entry.id).join(', ');
}

function checkEnvName(flag: string, name: string): void {
  if (!ENV_NAME.test(name))
    throw usageError(
      `${flag} "${name}" is not an environment variable name.`,
      `Pass a name such as ANTHROPIC_API_KEY.`,
    );
}

export function planLlmSetup(
  input: SetupInput,
  current: LlmConfig,
  env: NodeJS.ProcessEnv = process.env,
): SetupPlan {
  const descriptor = backendDescriptor(input.backend);
  if (!descriptor) {
    throw usageError(
      `--llm-backend "${input.backend}" is not a backend this ktx can set up.${didYouMean(
        input.backend,
        BACKEND_CATALOG.map((b) => b.id),
      )}`,
      `Pass one of: ${backendList()}.`,
    );
  }
  const backend = descriptor.id;
  if (input.anthropicKeyEnv !== undefined && backend !== 'anthropic') {
    throw usageError('--anthropic-api-key-env only applies to --llm-backend anthropic.');
  }
  if (input.gatewayKeyEnv !== undefined && backend !== 'gateway') {
    throw usageError('--gateway-api-key-env only applies to --llm-backend gateway.');
  }
  if ((input.vertexProject !== undefined || input.vertexLocation !== undefined) && backend !== 'vertex') {
    throw usageError('--vertex-project and --vertex-location only apply to --llm-backend vertex.');
  }
  const notes: string[] = [];
  const models = { ...descriptor.preset };
  if (input.model !== undefined) {
    const problem = descriptor.checkModel(input.model.trim());
    if (problem)
      throw usageError(
        `--llm-model ${problem}.`,
        `Curated ${backend} models: ${descriptor.models.map((m) => m.id).join(', ')}.`,
      );
    const main = descriptor.preset.default;
    for (const role of LLM_ROLES) if (descriptor.preset[role] === main) models[role] = input.model.trim();
    if (!descriptor.models.some((m) => m.id === input.model!.trim())) {
      notes.push(
        `${input.model} is not in ktx's curated ${backend} list; \`ktx status --probe\` checks that your account can use it.`,
      );
    }
  }
  const edits: ConfigEdit[] = [{ path: ['llm', 'provider', 'backend'], value: backend }];
  for (const role of LLM_ROLES) edits.push({ path: ['llm', 'models', role], value: models[role] });

  if (backend === 'anthropic') {
    if (input.anthropicKeyEnv !== undefined) {
      checkEnvName('--anthropic-api-key-env', input.anthropicKeyEnv);
      edits.push({
        path: ['llm', 'provider', 'anthropic', 'api_key'],
        value: `env:${input.anthropicKeyEnv}`,
      });
      if (!env[input.anthropicKeyEnv]?.trim())
        notes.push(`${input.anthropicKeyEnv} is not set in this shell; export it wherever ktx runs.`);
    } else if (input.apiKeyRef) {
      edits.push({ path: ['llm', 'provider', 'anthropic', 'api_key'], value: input.apiKeyRef });
    } else if (!current.provider.anthropic?.api_key) {
      notes.push(
        env.ANTHROPIC_API_KEY?.trim()
          ? 'The key is read from ANTHROPIC_API_KEY at run time.'
          : 'No key configured: export ANTHROPIC_API_KEY, or rerun with --anthropic-api-key-env NAME.',
      );
    }
  }
  if (backend === 'gateway') {
    if (input.gatewayKeyEnv !== undefined) {
      checkEnvName('--gateway-api-key-env', input.gatewayKeyEnv);
      edits.push({ path: ['llm', 'provider', 'gateway', 'api_key'], value: `env:${input.gatewayKeyEnv}` });
    } else if (input.apiKeyRef) {
      edits.push({ path: ['llm', 'provider', 'gateway', 'api_key'], value: input.apiKeyRef });
    } else if (!current.provider.gateway?.api_key && !env.AI_GATEWAY_API_KEY?.trim()) {
      notes.push('No key configured: export AI_GATEWAY_API_KEY, or rerun with --gateway-api-key-env NAME.');
    }
  }
  if (backend === 'vertex') {
    const project =
      input.vertexProject ??
      current.provider.vertex?.project ??
      (env.GOOGLE_VERTEX_PROJECT?.trim() ? 'env:GOOGLE_VERTEX_PROJECT' : undefined);
    if (!project) {
      throw new KtxError(
        'setup_input_missing',
        'Vertex needs a Google Cloud project: pass --vertex-project <id>.',
        {
          hint: 'Or export GOOGLE_VERTEX_PROJECT. The project must have the Vertex AI API enabled and Claude models available.',
          exitCode: 64,
        },
      );
    }
    const location = input.vertexLocation ?? current.provider.vertex?.location ?? DEFAULT_VERTEX_LOCATION;
    if (input.vertexLocation === undefined && !current.provider.vertex?.location) {
      notes.push(
        `Vertex region ${DEFAULT_VERTEX_LOCATION} (default; pass --vertex-location to choose another).`,
      );
    }
    edits.push({ path: ['llm', 'provider', 'vertex', 'project'], value: project });
    edits.push({ path: ['llm', 'provider', 'vertex', 'location'], value: location });
    if (current.promptCaching?.vertexFallbackTo5m === undefined) {
      edits.push({ path: ['llm', 'promptCaching', 'vertexFallbackTo5m'], value: true });
    }
  }
  // Written only where it takes effect: a setting the backend ignores would only earn a warning.
  if (current.promptCaching?.enabled === undefined && descriptor.caching.honoured.includes('enabled'))
    edits.push({ path: ['llm', 'promptCaching', 'enabled'], value: true });
  notes.push(...localAgentNotes(backend, current));
  return { backend, models, edits, notes };
}

/** What someone choosing a local-agent backend should know before relying on it. */
function localAgentNotes(backend: ActiveBackend, current: LlmConfig): string[] {
  const descriptor = backendDescriptor(backend)!;
  if (!descriptor.localAgent) return [];
  const notes: string[] = [];
  const ignored = ignoredCachingFields(current.promptCaching, backend);
  if (ignored.length > 0) {
    notes.push(
      `${backend} ignores ${ignored.map((field) => `llm.promptCaching.${field}`).join(', ')} (${descriptor.caching.reason}); \`ktx status\` will warn until you remove ${ignored.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (backend === 'claude-code') {
    notes.push(
      'claude-code uses your local Claude Code sign-in (run `claude` and /login once). ktx runs it with only its own tools and without ANTHROPIC_API_KEY or other provider variables.',
    );
  }
  if (backend === 'codex') {
    const { limits, advice } = descriptor.localAgent.isolation;
    notes.push(
      'codex uses your local Codex sign-in (`codex login`). This makes ktx itself run its LLM work through Codex; connecting your own Codex sessions to ktx is a different step (`ktx setup --agents --target codex`).',
      `Codex isolation is limited by what the Codex SDK and CLI allow: ${limits.join('; ')}. ${advice}.`,
    );
  }
  return notes;
}

/** The `llm` block after the plan, in memory (to probe it before anything is written). */
export function applyPlanInMemory(current: LlmConfig, plan: SetupPlan): unknown {
  const copy = structuredClone(current) as unknown as Record<string, unknown>;
  for (const edit of plan.edits) {
    let node = copy;
    const path = edit.path.slice(1);
    for (const key of path.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1)!] = edit.value;
  }
  return copy;
}
