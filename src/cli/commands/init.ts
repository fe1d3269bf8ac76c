import type { Command } from 'commander';
import { run } from '../runner.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Create a ktx project (ktx.yaml, folders, and its own git repository)')
    .argument('[dir]', 'where to create it (default: --project-dir or the current directory)')
    .option('--name <name>', 'project name (default: the folder name)')
    .action(
      run<{ name?: string }>(async (ctx, [dir], options) => {
        const { initProject } = await import('../../project/init.js');
        const target = dir ?? ctx.projectDirFlag ?? process.cwd();
        const result = initProject(target, { name: options.name });
        return {
          data: result,
          human: () => {
            const s = ctx.style;
            if (!result.created) return result.message;
            return [
              `${s.green('✓')} ${result.message}`,
              '',
              'Next:',
              `  cd ${target}`,
              '  ktx connection add <id> --driver postgres|mysql|sqlite|duckdb …',
              '  ktx status',
            ].join('\n');
          },
        };
      }),
    );
}
