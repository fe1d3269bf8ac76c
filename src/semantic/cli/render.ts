import { formatResultTable } from '../../connectors/output.js';
import type { QueryValue } from '../../connectors/types.js';
import type { Style } from '../../core/terminal.js';
import { formatTable } from '../../core/terminal.js';
import type { PlanExplain } from '../plan/types.js';
import type { SemanticRun } from '../run.js';
import type { ValidationIssue, ValidationReport } from '../validate.js';
import type { SourceDetail, SourceSummary } from './inspect.js';

/** Human output of the `ktx sl` commands (JSON output is the data itself). */

export function renderSourceList(connectionId: string, sources: SourceSummary[], style: Style): string {
  if (sources.length === 0) return `No semantic sources for ${connectionId} yet.`;
  const rows = [
    ['source', 'from', 'columns', 'measures', 'joins'].map(style.bold),
    ...sources.map((s) => [
      s.name,
      s.table ?? '(sql)',
      String(s.columns),
      s.measures.join(', ') || style.dim('-'),
      s.joins.map((j) => j.alias ?? j.to).join(', ') || style.dim('-'),
    ]),
  ];
  return `${formatTable(rows)}\n\n${style.dim(`${sources.length} source${sources.length === 1 ? '' : 's'} in ${connectionId}. Details: ktx sl read <source>`)}`;
}

export function renderSource(detail: SourceDetail, style: Style): string {
  const lines = [
    `${style.bold(detail.name)}  ${style.dim(detail.table ? `table ${detail.table}` : 'sql source')}  ${style.dim(detail.file)}`,
  ];
  if (detail.description) lines.push(detail.description);
  lines.push(
    style.dim(
      `grain: ${detail.grain.join(', ')}${detail.defaultTimeDimension ? `   default time: ${detail.defaultTimeDimension}` : ''}`,
    ),
  );
  if (detail.sql)
    lines.push(
      '',
      style.bold('sql'),
      ...detail.sql
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    );
  lines.push('', style.bold('columns'));
  lines.push(
    formatTable(
      detail.columns.map((c) => [c.field, c.type, c.expr ? `= ${c.expr}` : (c.description ?? '')]),
      { indent: '  ' },
    ),
  );
  if (detail.measures.length) {
    lines.push('', style.bold('measures'));
    lines.push(
      formatTable(
        detail.measures.map((m) => [
          m.field,
          m.expr + (m.filter ? style.dim(`  where ${m.filter}`) : ''),
          m.error ? style.red(`broken: ${m.error}`) : (m.description ?? ''),
        ]),
        { indent: '  ' },
      ),
    );
  }
  if (detail.segments.length) {
    lines.push('', style.bold('segments'));
    lines.push(
      formatTable(
        detail.segments.map((s) => [s.field, s.expr, s.description ?? '']),
        { indent: '  ' },
      ),
    );
  }
  if (detail.joins.length) {
    lines.push('', style.bold('joins'));
    lines.push(
      formatTable(
        detail.joins.map((j) => [j.alias ? `${j.alias} (${j.to})` : j.to, j.relationship, j.on]),
        { indent: '  ' },
      ),
    );
  }
  if (detail.reachable.length)
    lines.push('', style.dim(`dimensions reachable through joins: ${detail.reachable.join(', ')}`));
  return lines.join('\n');
}

function issueLine(issue: ValidationIssue, style: Style): string {
  const where = issue.line ? `${issue.file}:${issue.line}:${issue.col ?? 1}` : issue.file;
  const tag = issue.severity === 'error' ? style.red('error  ') : style.yellow('warning');
  const subject = issue.path ? `${issue.path}: ` : '';
  return `${tag} ${where}  ${subject}${issue.message}${issue.fix ? style.dim(`\n        fix: ${issue.fix}`) : ''}`;
}

export function renderValidation(report: ValidationReport, style: Style): string {
  const lines = [...report.errors, ...report.warnings].map((issue) => issueLine(issue, style));
  const scan = report.live
    ? `, checked live on ${report.live.connectionId} (${report.live.driver}: ${report.live.probes} LIMIT 0 queries, ${report.live.durationMs} ms)`
    : report.checkedAgainstScan
      ? ', checked against the latest scan'
      : ' (no scan yet: tables and columns not checked against the warehouse; --live runs them)';
  const summary = report.valid
    ? `${style.green('✓')} ${report.sources} source${report.sources === 1 ? '' : 's'} valid in ${report.connectionId}${scan}${report.warnings.length ? `; ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}` : ''}.`
    : style.red(
        `${report.errors.length} error${report.errors.length === 1 ? '' : 's'} in ${report.connectionId}'s semantic layer.`,
      );
  return [...lines, summary].join('\n');
}

/** The plan as SQL comments, so `--explain --format sql` output is still runnable SQL. */
export function explainLines(plan: PlanExplain): string[] {
  const lines = [`strategy: ${plan.strategy} — ${plan.summary}`];
  for (const group of plan.groups) {
    lines.push(
      `group ${group.source}${group.cte ? ` (CTE ${group.cte})` : ''}: ${group.measures.join(', ') || 'dimensions only'}`,
    );
    lines.push(`  ${group.strategy}: ${group.reason}`);
    if (group.joins.length) lines.push(`  joins: ${group.joins.join('; ')}`);
  }
  if (plan.combine) lines.push(`combine: ${plan.combine.method} — ${plan.combine.reason}`);
  for (const filter of plan.filters) {
    lines.push(
      `filter ${JSON.stringify(filter.filter)} (${filter.origin}) → ${filter.placement} in ${filter.appliedTo.join(', ')}${filter.note ? `; ${filter.note}` : ''}`,
    );
  }
  for (const risk of plan.risks) lines.push(`neutralised: ${risk}`);
  return lines;
}

type PrintedRun = Omit<SemanticRun, 'warnings'>;

/**
 * Numbers as people read them: currency measures with two decimals, other fractions without
 * binary float noise (2364708.4699999997 → 2364708.47). JSON output keeps the exact values.
 */
export function displayValue(value: QueryValue, format: string | undefined): QueryValue {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value;
  if (format === 'currency') return value.toFixed(2);
  return Number.isInteger(value) ? value : Number(value.toPrecision(12));
}

function resultTable(run: PrintedRun, style: Style): string {
  const rows = (run.rows ?? []).map((row) =>
    run.columns.map((column) => displayValue(row[column.name] ?? null, column.format)),
  );
  const table = formatResultTable({ columns: run.columns, rows }, style);
  const count = `${run.rowCount} row${run.rowCount === 1 ? '' : 's'}${run.truncated ? ` (capped at ${run.maxRows}; more exist)` : ''}`;
  return `${table}\n${style.dim(`${count} · ${run.durationMs} ms · ${run.connectionId}`)}`;
}

/** `ktx sl query` output: SQL, the result columns, or the executed rows (with --execute). */
export function renderQueryRun(
  run: PrintedRun,
  format: 'sql' | 'json' | 'table',
  explain: boolean,
  style: Style,
): string {
  if (format === 'json') return JSON.stringify(run, null, 2);
  const comments = explain ? explainLines(run.plan).map((line) => style.dim(`-- ${line}`)) : [];
  const executed = run.rows !== undefined;
  if (format === 'sql') {
    const sql = [...comments, `${run.sql};`].join('\n');
    return executed ? `${sql}\n\n${resultTable(run, style)}` : sql;
  }
  const lead = [...comments, ...(comments.length ? [''] : [])];
  if (executed) return [...lead, resultTable(run, style)].join('\n');
  const rows = [
    ['column', 'kind', 'type', 'from'].map(style.bold),
    ...run.columns.map((c) => [
      c.name,
      c.kind,
      c.granularity ? `${c.type} (${c.granularity})` : c.type,
      c.field,
    ]),
  ];
  const note = style.dim(`Result columns only: add --execute to run the query on ${run.connectionId}.`);
  return [...lead, formatTable(rows), '', note].join('\n');
}
