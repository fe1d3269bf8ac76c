import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { formatTable } from '../../core/terminal.js';
import { run } from '../runner.js';

const SYMBOLS = { ok: '✓', warn: '⚠', fail: '✗', skip: '-' } as const;

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Is this project ready for agents? Checks config, git, connections, context, LLM, agents')
    .option('--probe', 'also run live, time-boxed checks (connections, LLM)')
    .action(
      run<{ probe?: boolean }>(async (ctx, _args, options) => {
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { runStatus } = await import('../../status/run.js');
        const { dir } = requireProjectDir({ flag: ctx.projectDirFlag });
        const report = await runStatus(dir, { probe: options.probe === true });
        const exitCode =
          report.verdict === 'ready' ? EXIT.ok : report.verdict === 'partial' ? EXIT.partial : EXIT.failure;
        return {
          data: report,
          exitCode,
          human: () => {
            const s = ctx.style;
            const color = { ok: s.green, warn: s.yellow, fail: s.red, skip: s.dim } as const;
            const rows = report.checks.map((check) => [
              color[check.status](SYMBOLS[check.status]),
              check.label,
              check.status === 'skip' ? s.dim(check.message) : check.message,
            ]);
            const verdict =
              report.verdict === 'ready'
                ? s.green('Ready.')
                : report.verdict === 'partial'
                  ? s.yellow('Partially ready.')
                  : s.red('Blocked.');
            const next = report.next ? `  Next: ${report.next}` : '';
            return [
              `ktx status · ${dir}`,
              '',
              formatTable(rows, { indent: '  ' }),
              '',
              `${verdict}${next}`,
            ].join('\n');
          },
        };
      }),
    );
}
