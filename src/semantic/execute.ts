import type { Connector, QueryOptions, QueryValue } from '../connectors/types.js';
import type { CompiledQuery, OutputColumn } from './compile.js';
import { semanticError } from './errors.js';

/**
 * Runs a compiled semantic query through a connector (the read-only path) and returns rows as
 * objects keyed by the documented output names. Names come from the compiled columns by
 * position, so an engine that reports different spelling (case folding) can never change them.
 */

export interface SemanticResult {
  columns: OutputColumn[];
  rows: Array<Record<string, QueryValue>>;
  rowCount: number;
  truncated: boolean;
  durationMs: number;
}

export async function executeCompiled(
  connector: Pick<Connector, 'dialect' | 'query'>,
  compiled: CompiledQuery,
  options: QueryOptions,
): Promise<SemanticResult> {
  if (connector.dialect !== compiled.dialect) {
    throw semanticError(
      'sl_unsupported_in_dialect',
      `The query was compiled for ${compiled.dialect} but the connection speaks ${connector.dialect}.`,
      { hint: 'Compile without --dialect to execute it.' },
    );
  }
  const result = await connector.query(compiled.sql, options);
  if (result.columns.length !== compiled.columns.length) {
    throw new Error(
      `internal: expected ${compiled.columns.length} result columns, got ${result.columns.length}`,
    );
  }
  const names = compiled.columns.map((column) => column.name);
  const rows = result.rows.map((row) =>
    Object.fromEntries(names.map((name, index) => [name, row[index] ?? null])),
  );
  return {
    columns: compiled.columns,
    rows,
    rowCount: result.rowCount,
    truncated: result.truncated,
    durationMs: result.durationMs,
  };
}
