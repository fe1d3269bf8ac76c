import type { Command } from 'commander';
import { run } from '../runner.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Create a ready project on the bundled Orbital demo warehouse (offline)')
    .argument('[dir]', 'where to create it (default: the current demo project, else ./ktx-demo)')
    .action(
      run(async (ctx, [dir]) => {
        const { createDemo, demoTarget } = await import('../../demo/create.js');
        const { renderDemoExamples } = await import('../../demo/examples-render.js');
        const progress = ctx.progress();
        const result = await createDemo(dir ?? (await demoTarget(ctx.projectDirFlag)), {
          progress: (phase) => progress.phase(phase),
          warn: (warning) => ctx.warn(warning),
        });
        progress.done();
        return {
          data: result,
          human: () => {
            const s = ctx.style;
            const header = result.created
              ? `${s.green('✓')} Demo project ready in ${result.projectDir}`
              : `${result.projectDir} is already a ktx demo project; nothing to redo.`;
            const steps = result.steps.map(
              (step) =>
                `  ${step.status === 'done' ? s.green('✓') : s.dim('·')} ${step.title}: ${s.dim(step.message)}`,
            );
            const width = Math.max(
              ...result.tryNext.map((t) => (t.command.length > 60 ? 0 : t.command.length)),
            );
            const next = result.tryNext.map((t) =>
              t.command.length > 60
                ? `  ${s.dim(`# ${t.description}`)}\n  ${t.command}`
                : `  ${t.command.padEnd(width)}  ${s.dim(`# ${t.description}`)}`,
            );
            const examples = renderDemoExamples(result.examples, s);
            return [header, ...steps, '', ...examples, '', 'Try next:', ...next].join('\n');
          },
        };
      }),
    );
}
