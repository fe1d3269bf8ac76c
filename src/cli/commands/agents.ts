import type { Command } from 'commander';
import { AGENT_TARGETS, collectTargets, parseAgentTargets } from '../../agents/target-names.js';
import { run } from '../runner.js';

/** `ktx agents list | remove`: the agent clients `ktx setup --agents` connected. */

export function registerAgents(program: Command): void {
  const agents = program
    .command('agents')
    .description('Agent clients connected to this project (set up with `ktx setup --agents`)');

  agents
    .command('list')
    .description('List connected clients and check each still reaches ktx')
    .action(
      run(async (ctx) => {
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { inspectInstalls } = await import('../../agents/inspect.js');
        const { renderList } = await import('./agents-output.js');
        const { dir } = requireProjectDir({ flag: ctx.projectDirFlag });
        const installs = inspectInstalls(dir);
        return { data: { installs }, human: () => renderList(ctx.style, dir, installs) };
      }),
    );

  agents
    .command('remove')
    .description('Undo what `ktx setup --agents` wrote (all clients, or --target ones)')
    .option(
      '--target <client>',
      `only these: ${AGENT_TARGETS.join(' | ')} (repeatable or comma-separated)`,
      collectTargets,
    )
    .action(
      run<{ target?: string[] }>(async (ctx, _args, flags) => {
        const targets = flags.target ? parseAgentTargets(flags.target) : undefined;
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { removeAgents } = await import('../../agents/install.js');
        const { renderRemoved } = await import('./agents-output.js');
        const { dir } = requireProjectDir({ flag: ctx.projectDirFlag });
        const removed = removeAgents(dir, targets);
        return { data: { removed }, human: () => renderRemoved(ctx.style, dir, removed) };
      }),
    );
}
