import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { run } from '../runner.js';

const SYMBOLS = { ok: '✓', warn: '⚠', fail: '✗', skip: '-' } as const;

function detailLines(details: Record<string, unknown> | undefined): string[] {
  if (!details) return [];
  const lines: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    lines.push(`${key}: ${text.length > 300 ? `${text.slice(0, 297)}...` : text}`);
  }
  return lines;
}

/** `ktx doctor`: every readiness check with live probes and all details, fixes and warnings. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Every readiness check in detail, with live probes, warnings and fixes')
    .action(
      run(async (ctx) => {
        const { requireProjectDir } = await import('../../project/resolve.js');
        const { runStatus } = await import('../../status/run.js');
        const { dir } = requireProjectDir({ flag: ctx.projectDirFlag });
        const progress = ctx.progress();
        progress.phase('Running checks (with live probes)');
        const report = await runStatus(dir, { probe: true, detail: true });
        progress.done();
        const exitCode =
          report.verdict === 'ready' ? EXIT.ok : report.verdict === 'partial' ? EXIT.partial : EXIT.failure;
        return {
          data: report,
          exitCode,
          human: () => {
            const s = ctx.style;
            const color = { ok: s.green, warn: s.yellow, fail: s.red, skip: s.dim } as const;
            const lines = [`ktx doctor · ${dir}`, ''];
            for (const check of report.checks) {
              lines.push(
                `${color[check.status](SYMBOLS[check.status])} ${s.bold(check.label)} ${s.dim(`(${check.id})`)}`,
              );
              lines.push(`    ${check.message}`);
              if (check.fix && check.status !== 'ok') lines.push(`    ${s.cyan('fix:')} ${check.fix}`);
              for (const line of detailLines(check.details)) lines.push(s.dim(`    ${line}`));
            }
            const warnings = report.checks.filter((check) => check.status === 'warn').length;
            const failures = report.checks.filter((check) => check.status === 'fail').length;
            lines.push(
              '',
              `${report.verdict === 'ready' ? s.green('Ready.') : report.verdict === 'partial' ? s.yellow('Partially ready.') : s.red('Blocked.')} ${failures} failing, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
            );
            return lines.join('\n');
          },
        };
      }),
    );
}
