import type { Command } from 'commander';
import { KtxError } from '../../core/errors.js';
import { run } from '../runner.js';

/** `ktx agents list | remove`: the agent clients `ktx setup --agents` connected. */

const TARGETS = ['claude-code', 'codex', 'cursor', 'opencode', 'universal'] as const;
const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').map((v) => v.trim()),
];

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
      `only these: ${TARGETS.join(' | ')} (repeatable or comma-separated)`,
      collect,
    )
    .action(
      run<{ target?: string[] }>(async (ctx, _args, flags) => {
        for (const target of flags.target ?? []) {
          if (!(TARGETS as readonly string[]).includes(target)) {
            throw new KtxError('usage', `Unknown agent target "${target}".`, {
              hint: `Use one of: ${TARGETS.join(', ')}.`,
              exitCode: 64,
            });
          }
        }
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { removeAgents } = await import('../../agents/install.js');
        const { renderRemoved } = await import('./agents-output.js');
        const { dir } = requireProjectDir({ flag: ctx.projectDirFlag });
        const removed = removeAgents(dir, flags.target as (typeof TARGETS)[number][] | undefined);
        return { data: { removed }, human: () => renderRemoved(ctx.style, dir, removed) };
      }),
    );
}
