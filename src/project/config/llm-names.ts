/**
 * The LLM backend and role names, apart from the zod schema: `ktx status` and the LLM status
 * checks need the names on every run, and importing them from schema.ts would load zod too.
 */

export const LLM_BACKENDS = ['none', 'anthropic', 'vertex', 'gateway', 'claude-code', 'codex'] as const;
export type LlmBackendName = (typeof LLM_BACKENDS)[number];

export const LLM_ROLES = [
  'default',
  'triage',
  'candidateExtraction',
  'curator',
  'reconcile',
  'repair',
] as const;
export type LlmRole = (typeof LLM_ROLES)[number];
