import { nearest } from '../core/text.js';
import type { ScanSnapshot, TableSnapshot } from '../scan/types.js';
import type { ModelIssue, ModelSource, SemanticModel } from './model/types.js';

/**
 * Checks `table:` sources against the latest scan: the table exists, every declared physical
 * column exists in it, and declared types agree with the scanned ones. (`sql:` sources are
 * checked live, by running them, in `ktx sl validate --live`.)
 */

function bare(part: string): string {
  return part.replace(/^["`[]|["`\]]$/g, '');
}

export function findTable(snapshot: ScanSnapshot, tableRef: string): TableSnapshot | undefined {
  const parts = tableRef.split('.').map((part) => bare(part.trim()).toLowerCase());
  const key = parts.join('.');
  const exact = snapshot.tables.find((table) => table.key.toLowerCase() === key);
  if (exact) return exact;
  const byName = snapshot.tables.filter((table) => table.name.toLowerCase() === parts.at(-1));
  return byName.length === 1 ? byName[0] : undefined;
}

const TEMPORAL = new Set(['date', 'time']);

export function checkAgainstSnapshot(model: SemanticModel, snapshot: ScanSnapshot): ModelIssue[] {
  const issues: ModelIssue[] = [];
  for (const source of model.sources.values()) {
    if (source.relation.kind !== 'table') continue;
    const table = findTable(snapshot, source.relation.sql);
    const at = (path: string) => ({ source: source.name, file: source.spec.file, path });
    if (!table) {
      const close = nearest(
        source.relation.sql,
        snapshot.tables.map((t) => t.key),
        3,
      );
      issues.push({
        severity: 'warning',
        code: 'sl_table_not_in_scan',
        ...at('table'),
        message: `Table "${source.relation.sql}" is not in the latest scan of ${model.connectionId}.`,
        fix: close.length
          ? `Did you mean ${close.map((c) => `"${c}"`).join(', ')}? Or rescan: \`ktx scan ${model.connectionId}\`.`
          : `Rescan (\`ktx scan ${model.connectionId}\`) or fix the table name.`,
      });
      continue;
    }
    checkColumns(source, table, issues, at);
  }
  return issues;
}

function checkColumns(
  source: ModelSource,
  table: TableSnapshot,
  issues: ModelIssue[],
  at: (path: string) => { source: string; file: string; path: string },
): void {
  source.spec.columns.forEach((column, index) => {
    if (column.expr) return;
    const physical =
      table.columns.find((c) => c.name === column.name) ??
      table.columns.find((c) => c.name.toLowerCase() === column.name.toLowerCase());
    if (!physical) {
      const close = nearest(
        column.name,
        table.columns.map((c) => c.name),
        3,
      );
      issues.push({
        severity: 'error',
        code: 'sl_column_not_in_table',
        ...at(`columns[${index}].name`),
        message: `Column "${column.name}" does not exist in ${table.key}.`,
        fix: close.length
          ? `Did you mean ${close.map((c) => `"${c}"`).join(', ')}? Or give it an \`expr\`.`
          : 'Remove it, or make it a computed column with `expr`.',
      });
      return;
    }
    const compatible =
      physical.type === column.type || (TEMPORAL.has(physical.type) && TEMPORAL.has(column.type));
    if (!compatible) {
      issues.push({
        severity: 'warning',
        code: 'sl_column_type_mismatch',
        ...at(`columns[${index}].type`),
        message: `Column "${column.name}" is declared ${column.type} but ${table.key}.${physical.name} is ${physical.nativeType} (${physical.type}).`,
        fix: `Set \`type: ${physical.type}\` unless the conversion is intended.`,
      });
    }
  });
}
