import type { LlmConfig, LlmRole } from '../project/config/schema.js';
import {
  CLAUDE_ALIASES,
  claudeCodeModelProblem,
  codexModelProblem,
  DEFAULT_CODEX_MODEL,
  resolveClaudeCodeModel,
  resolveCodexModel,
} from './agent-models.js';
import type { ActiveBackend } from './config.js';

/**
 * What ktx knows about each backend without loading it: a label, a per-role preset (a sensible
 * model for each kind of work), a short curated model list for the interactive picker, the
 * model-id rule, which prompt-caching settings it honours and, for the local-agent backends,
 * what their isolation does and does not guarantee. One list feeds the flag parser, the picker,
 * status and the error messages, so they can never disagree.
 */

export type PromptCachingField = keyof NonNullable<LlmConfig['promptCaching']>;

export const PROMPT_CACHING_FIELDS: readonly PromptCachingField[] = [
  'enabled',
  'systemTtl',
  'toolsTtl',
  'historyTtl',
  'vertexFallbackTo5m',
];

export interface CachingSupport {
  /** The llm.promptCaching fields this backend applies; status warns about each other one set. */
  honoured: readonly PromptCachingField[];
  /** Why the others are ignored (shown with the warning). */
  reason?: string;
}

/** What a local-agent backend enforces, and what it cannot. */
export interface IsolationReport {
  enforced: string[];
  limits: string[];
  /** Where to go for more (shown with the limits). */
  advice?: string;
}

export interface ModelChoice {
  id: string;
  label: string;
}

export interface BackendDescriptor {
  id: ActiveBackend;
  label: string;
  hint: string;
  preset: Record<LlmRole, string>;
  models: ModelChoice[];
  /** An error for an id this backend cannot use, or undefined. */
  checkModel(id: string): string | undefined;
  caching: CachingSupport;
  /** Local-agent backends: they use the local sign-in, not credentials in ktx.yaml. */
  localAgent?: { isolation: IsolationReport };
}

const ALL_CACHING: CachingSupport = { honoured: PROMPT_CACHING_FIELDS };

const SONNET = 'claude-sonnet-4-6';
const OPUS = 'claude-opus-4-7';
const HAIKU = 'claude-haiku-4-5';

function claudePreset(prefix = ''): Record<LlmRole, string> {
  return {
    default: `${prefix}${SONNET}`,
    // Cheap, fast classification.
    triage: `${prefix}${HAIKU}`,
    // Scan descriptions and ingest extraction: the workhorse.
    candidateExtraction: `${prefix}${SONNET}`,
    // Long, judgement-heavy loops.
    curator: `${prefix}${OPUS}`,
    reconcile: `${prefix}${OPUS}`,
    // Small, constrained fixes.
    repair: `${prefix}${HAIKU}`,
  };
}

function claudeModels(prefix = ''): ModelChoice[] {
  return [
    { id: `${prefix}${SONNET}`, label: 'Claude Sonnet 4.6 (balanced, recommended)' },
    { id: `${prefix}${OPUS}`, label: 'Claude Opus 4.7 (most capable, slower and pricier)' },
    { id: `${prefix}${HAIKU}`, label: 'Claude Haiku 4.5 (fastest, cheapest)' },
  ];
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._@:-]*$/;

export const BACKEND_CATALOG: BackendDescriptor[] = [
  {
    id: 'anthropic',
    label: 'Anthropic API',
    hint: 'an Anthropic API key (ANTHROPIC_API_KEY)',
    preset: claudePreset(),
    models: claudeModels(),
    checkModel: (id) =>
      MODEL_ID.test(id) ? undefined : `"${id}" is not a model id (expected e.g. ${SONNET})`,
    caching: ALL_CACHING,
  },
  {
    id: 'vertex',
    label: 'Google Vertex AI (Claude)',
    hint: 'Google Cloud application-default credentials and a project',
    preset: claudePreset(),
    models: claudeModels(),
    checkModel: (id) =>
      MODEL_ID.test(id) ? undefined : `"${id}" is not a model id (expected e.g. ${SONNET})`,
    caching: ALL_CACHING,
  },
  {
    id: 'gateway',
    label: 'AI Gateway',
    hint: 'an AI Gateway key (AI_GATEWAY_API_KEY), Anthropic model ids like anthropic/claude-sonnet-4-6',
    preset: claudePreset('anthropic/'),
    models: claudeModels('anthropic/'),
    checkModel: (id) =>
      /^[a-z0-9-]+\/[A-Za-z0-9._:-]+$/.test(id)
        ? undefined
        : `"${id}" is not an AI Gateway model id (expected <provider>/<model>, e.g. anthropic/${SONNET})`,
    caching: ALL_CACHING,
  },
  {
    id: 'claude-code',
    label: 'Claude Code (your Claude Pro/Max sign-in)',
    hint: 'the local Claude Code sign-in through the Claude Agent SDK; no API key',
    // Subscription usage is limited: Sonnet for the work, Haiku for quick classification.
    preset: {
      default: 'sonnet',
      triage: 'haiku',
      candidateExtraction: 'sonnet',
      curator: 'sonnet',
      reconcile: 'sonnet',
      repair: 'sonnet',
    },
    models: [
      { id: 'sonnet', label: `sonnet (${CLAUDE_ALIASES.sonnet}, balanced, recommended)` },
      { id: 'opus', label: `opus (${CLAUDE_ALIASES.opus}, most capable, uses more of your plan)` },
      { id: 'haiku', label: `haiku (${CLAUDE_ALIASES.haiku}, fastest)` },
    ],
    checkModel: claudeCodeModelProblem,
    caching: {
      honoured: ['enabled'],
      reason:
        'Claude Code places its own cache breakpoints (5-minute TTL); the Claude Agent SDK exposes no TTL, tool or history markers',
    },
    localAgent: {
      isolation: {
        enforced: [
          'only the ktx tools of the current run are callable (in-process MCP server, exact allow-list)',
          'built-in tools, slash commands and skills are disabled; user and project settings are not loaded',
          'provider-routing variables (ANTHROPIC_*, Bedrock, Vertex, AWS, Google) are removed from its environment',
          'a run stops if Claude Code reports any other callable tool, MCP server or plugin, or the model calls one',
        ],
        limits: ['host subagents may still be listed in its startup metadata; they get no execution access'],
      },
    },
  },
  {
    id: 'codex',
    label: 'Codex (your local Codex sign-in)',
    hint: 'the local Codex authentication through the Codex SDK; no API key in ktx.yaml',
    preset: {
      default: DEFAULT_CODEX_MODEL,
      triage: DEFAULT_CODEX_MODEL,
      candidateExtraction: DEFAULT_CODEX_MODEL,
      curator: DEFAULT_CODEX_MODEL,
      reconcile: DEFAULT_CODEX_MODEL,
      repair: DEFAULT_CODEX_MODEL,
    },
    models: [
      { id: 'gpt-5.5', label: 'gpt-5.5 (recommended; works with a ChatGPT sign-in and an API key)' },
      { id: 'gpt-5.4', label: 'gpt-5.4' },
      { id: 'gpt-5.4-mini', label: 'gpt-5.4-mini (faster, cheaper)' },
    ],
    checkModel: codexModelProblem,
    caching: {
      honoured: [],
      reason: 'OpenAI caches request prefixes automatically; Codex has no cache settings',
    },
    localAgent: {
      isolation: {
        enforced: [
          'a temporary MCP server on 127.0.0.1 (random port and bearer token) serves only the ktx tools of the current run, enabled and auto-approved by exact name',
          'read-only sandbox, approval_policy=never, web search disabled, no history persistence, an allow-listed environment',
          "Codex's shell, image, goal, plugin, app and sub-agent tools are switched off",
          'a run stops if the model calls a tool of another MCP server',
        ],
        limits: [
          'Codex may still load your user Codex config (~/.codex/config.toml: its MCP servers, profiles, rules)',
          'built-in command execution and read-only file capabilities may still be available to the model',
        ],
        advice:
          'Use llm.provider.backend: claude-code for stricter isolation, or remove host Codex MCP and tool config before running untrusted prompts through codex',
      },
    },
  },
];

export function backendDescriptor(id: string): BackendDescriptor | undefined {
  return BACKEND_CATALOG.find((entry) => entry.id === id);
}

/** The llm.promptCaching fields set in ktx.yaml that this backend does not apply (status warns). */
export function ignoredCachingFields(raw: LlmConfig['promptCaching'], backend: string): PromptCachingField[] {
  const support = backendDescriptor(backend)?.caching ?? ALL_CACHING;
  return PROMPT_CACHING_FIELDS.filter(
    (field) =>
      raw?.[field] !== undefined &&
      !support.honoured.includes(field) &&
      // `enabled: true` asks for what these backends do anyway.
      !(field === 'enabled' && raw.enabled === true),
  );
}

/** A model as status shows it: an alias with what it stands for today (`opus → claude-opus-4-7`). */
export function describeModel(backend: string, model: string): string {
  const resolved =
    backend === 'claude-code'
      ? resolveClaudeCodeModel(model)
      : backend === 'codex'
        ? resolveCodexModel(model)
        : model;
  return resolved === model.trim() ? model : `${model} → ${resolved}`;
}
