import type { LlmRole } from '../project/config/schema.js';
import type { ActiveBackend } from './config.js';

/**
 * What setup offers per backend: a label, a per-role preset (a sensible model for each kind of
 * work) and a short curated model list for the interactive picker. One list feeds the flag
 * parser, the picker and the error messages, so they can never disagree. LLM layer II adds
 * claude-code and codex entries.
 */

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
}

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
  },
  {
    id: 'vertex',
    label: 'Google Vertex AI (Claude)',
    hint: 'Google Cloud application-default credentials and a project',
    preset: claudePreset(),
    models: claudeModels(),
    checkModel: (id) =>
      MODEL_ID.test(id) ? undefined : `"${id}" is not a model id (expected e.g. ${SONNET})`,
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
  },
];

export function backendDescriptor(id: string): BackendDescriptor | undefined {
  return BACKEND_CATALOG.find((entry) => entry.id === id);
}
