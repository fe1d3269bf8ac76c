import { KtxError } from '../core/errors.js';

/**
 * The agent clients ktx can connect, apart from the zod schema so the `setup` and `agents`
 * commands can check `--target` without loading it.
 */

export const AGENT_TARGETS = ['claude-code', 'codex', 'cursor', 'opencode', 'universal'] as const;
export type AgentTarget = (typeof AGENT_TARGETS)[number];

/** commander collector: `--target a,b --target c` → [a, b, c]. */
export const collectTargets = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(',').map((v) => v.trim()),
];

/** Checks every `--target` value and drops repeats. */
export function parseAgentTargets(raw: string[]): AgentTarget[] {
  for (const target of raw) {
    if (!(AGENT_TARGETS as readonly string[]).includes(target)) {
      throw new KtxError('usage', `Unknown agent target "${target}".`, {
        hint: `Use --target with one of: ${AGENT_TARGETS.join(', ')} (repeatable).`,
        exitCode: 64,
      });
    }
  }
  return [...new Set(raw)] as AgentTarget[];
}
