import { AGENT_TARGETS, collectTargets, parseAgentTargets } from '../../agents/target-names.js';
import { KtxError } from '../../core/errors.js';
import type { SetupSection } from './setup.js';

/**
 * The agents part of `ktx setup`: `--agents [--target <client>…] [--global]`, or interactively a
 * choice of clients. Separate from `--llm-backend codex`, which is ktx's own runtime.
 */

interface AgentFlags {
  agents?: boolean;
  target?: string[];
  global?: boolean;
}

export const agentsSetupSection: SetupSection = {
  name: 'agents',
  addOptions(command) {
    command
      .option('--agents', 'connect agent clients to this project (instructions + MCP config)')
      .option(
        '--target <client>',
        `with --agents: ${AGENT_TARGETS.join(' | ')} (repeatable or comma-separated)`,
        collectTargets,
      )
      .option('--global', 'with --agents: install in your user configuration instead of the project');
  },
  requested(options) {
    return options.agents === true;
  },
  async run(ctx, raw) {
    const flags = raw as AgentFlags;
    const project = await ctx.project();
    let targets = parseAgentTargets(flags.target ?? project.config.agents.targets ?? []);
    let scope: 'project' | 'global' = flags.global ? 'global' : 'project';
    if (targets.length === 0) {
      if (!ctx.interactive) {
        throw new KtxError('setup_input_missing', 'Which agent client? Pass --target with --agents.', {
          hint: `e.g. \`ktx setup --agents --target claude-code --no-input\`; targets: ${AGENT_TARGETS.join(', ')}.`,
          exitCode: 64,
        });
      }
      const { clackPrompter } = await import('../prompter.js');
      const prompter = await clackPrompter();
      const { TARGET_LABELS } = await import('../../agents/targets.js');
      targets = await prompter.multiselect!(
        'Which agent clients should use this project? (space selects, enter confirms)',
        AGENT_TARGETS.map((target) => ({ value: target, label: TARGET_LABELS[target] })),
        false,
      );
      if (targets.length === 0)
        return { data: { installs: [] }, lines: ['No agent client selected; nothing written.'] };
      if (!flags.global) {
        scope = await prompter.select(
          'Where should ktx install them?',
          [
            { value: 'project', label: 'This project', hint: 'files inside the project directory' },
            { value: 'global', label: 'My user configuration', hint: 'every session of these clients' },
          ],
          'project',
        );
      }
    }
    const { installAgents } = await import('../../agents/install.js');
    const { renderInstalls } = await import('./agents-output.js');
    const installs = await installAgents(project, targets, scope);
    return { data: { installs }, lines: renderInstalls(ctx.style, project.dir, installs) };
  },
};
