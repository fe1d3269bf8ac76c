import { formatResultTable } from '../connectors/output.js';
import type { Style } from '../core/terminal.js';
import { displayValue } from '../semantic/cli/render.js';
import type { DemoExamples } from './examples.js';

/** The "ask the semantic layer" section of `ktx demo`'s human output. */
export function renderDemoExamples(examples: DemoExamples, style: Style): string[] {
  if (examples.status === 'skipped')
    return [`${style.bold('Semantic layer examples:')} ${style.dim(examples.message)}`];
  const lines = [style.bold('Ask the semantic layer (fan and chasm traps handled):')];
  for (const result of examples.results) {
    lines.push(
      '',
      `  ${style.bold(result.title)}  ${style.dim(`— ${result.point}`)}`,
      `  $ ${result.command}`,
    );
    if (result.error) {
      lines.push(
        `  ${style.yellow('not answered:')} ${result.error.message} ${style.dim(`(${result.error.code})`)}`,
      );
      continue;
    }
    const columns = result.columns ?? [];
    const rows = (result.rows ?? []).map((row) =>
      columns.map((c) => displayValue(row[c.name] ?? null, c.format)),
    );
    const table = formatResultTable(
      {
        columns: columns.map((c) => ({ name: c.name, ...(c.format ? { type: 'number' as const } : {}) })),
        rows,
      },
      style,
    );
    lines.push(...table.split('\n').map((line) => `  ${line}`));
  }
  return lines;
}
