import type { Command } from 'commander';
import type { Progress } from '../../core/progress.js';
import type { CommandContext } from '../context.js';
import { run } from '../runner.js';

/** `ktx scan <connection>` and `ktx ingest <connection>`. */

function scanProgress(progress: Progress) {
  return {
    phase: (label: string) => progress.phase(label),
    update: (done: number, total: number, detail?: string) => progress.update(done, total, detail),
  };
}

function warner(ctx: CommandContext) {
  return (warning: { code: string; message: string; fix?: string }) => ctx.warn(warning);
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description(
      'Scan a warehouse: schema, sampled profiles, primary and foreign keys (declared or inferred)',
    )
    .argument('<connection>', 'connection id from ktx.yaml')
    .option('--ignore-declared-constraints', 'pretend no keys are declared (benchmarks, wrong DDL)')
    .action(
      run<{ ignoreDeclaredConstraints?: boolean }>(async (ctx, args, options) => {
        const project = await ctx.project();
        const { runScan } = await import('../../scan/run.js');
        const { scanJson } = await import('../../scan/json-output.js');
        const progress = ctx.progress();
        let outcome: Awaited<ReturnType<typeof runScan>>;
        try {
          outcome = await runScan(project, args[0]!, {
            ignoreDeclaredConstraints: options.ignoreDeclaredConstraints,
            progress: scanProgress(progress),
            warn: warner(ctx),
          });
        } finally {
          progress.done();
        }
        const { renderScan } = await import('../../scan/render.js');
        return { data: scanJson(outcome.snapshot), human: () => renderScan(outcome, ctx.style, args[0]!) };
      }),
    );
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'Scan a warehouse and build (merge) its semantic layer, with LLM descriptions when an LLM is configured, then commit',
    )
    .argument('<connection>', 'connection id from ktx.yaml')
    .option('--ignore-declared-constraints', 'pretend no keys are declared (benchmarks, wrong DDL)')
    .action(
      run<{ ignoreDeclaredConstraints?: boolean }>(async (ctx, args, options) => {
        const project = await ctx.project();
        const { runIngest } = await import('../../scan/ingest.js');
        const { EXIT } = await import('../../core/errors.js');
        const progress = ctx.progress();
        let result: Awaited<ReturnType<typeof runIngest>>;
        try {
          result = await runIngest(project, args[0]!, {
            ignoreDeclaredConstraints: options.ignoreDeclaredConstraints,
            progress: scanProgress(progress),
            warn: warner(ctx),
            waitDisplay: ctx.stderr,
          });
        } finally {
          progress.done();
        }
        for (const kept of result.semanticLayer.kept) {
          ctx.warn({ code: 'semantic_source_kept', message: `${kept.file}: ${kept.reason}` });
        }
        for (const conflict of result.semanticLayer.conflicts) {
          ctx.warn({
            code: 'semantic_merge_conflict',
            message: `${conflict.file}: ${conflict.path}: ${conflict.reason}`,
          });
        }
        const { renderIngest } = await import('../../scan/render.js');
        // A file ktx could not merge (invalid YAML) means the layer is only partly up to date.
        const partial = result.semanticLayer.kept.some((kept) => kept.reason.startsWith('not valid YAML'));
        return {
          data: result,
          exitCode: partial ? EXIT.partial : EXIT.ok,
          human: () => renderIngest(result, ctx.style),
        };
      }),
    );
}
