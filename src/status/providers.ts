import type { CheckProvider } from './types.js';

/**
 * Every module that contributes readiness checks is listed here and imported only when
 * `ktx status` runs, so the checks of heavy modules never slow down other commands.
 */
export const CHECK_PROVIDERS: Array<() => Promise<CheckProvider>> = [
  async () => (await import('../project/status-checks.js')).projectChecks,
  async () => (await import('../connectors/status-checks.js')).connectionChecks,
  async () => (await import('../semantic/status-checks.js')).contextChecks,
  async () => (await import('../llm/status-checks.js')).llmChecks,
  async () => (await import('../search/status-checks.js')).embeddingsChecks,
  async () => (await import('../agents/status-checks.js')).agentChecks,
];
