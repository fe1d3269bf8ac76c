import type { Connector, QueryOptions, QueryValue } from '../connectors/types.js';
import { KtxError } from '../core/errors.js';
import type { CompiledQuery, OutputColumn } from './compile.js';
import { semanticError } from './errors.js';

/**
 * Runs a compiled semantic query through a connector (the read-only path: parser gate,
 * read-only session, row cap) and returns rows as objects keyed by the documented output names.
 * Names come from the compiled columns by position, so an engine that reports different
 * spelling (case folding) can never change them.
 */

export interface SemanticResult {
  columns: OutputColumn[];
  rows: Array<Record<string, QueryValue>>;
  rowCount: number;
  truncated: boolean;
  durationMs: number;
}

export async function executeCompiled(
  connector: Pick<Connector, 'id' | 'dialect' | 'query'>,
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
  let result: Awaited<ReturnType<Connector['query']>>;
  try {
    result = await connector.query(compiled.sql, options);
  } catch (error) {
    throw withCompiledSql(error, compiled.sql, connector.id);
  }
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

/** What the connector said, without its "The query failed on …:" preamble. */
export function warehouseMessage(error: KtxError): string {
  return error.message.replace(/^The query failed on "[^"]*" \([^)]*\): /, '');
}

/**
 * A warehouse error about SQL ktx wrote: the person never saw that SQL, so the error carries it
 * (message and `details.sql`) and a fix that points at the semantic layer rather than at "your
 * SQL". Connection, permission and timeout errors keep the connector's own code and fix.
 */
export function withCompiledSql(error: unknown, sql: string, connectionId: string): unknown {
  if (!KtxError.is(error)) return error;
  const details = { ...error.details, sql };
  if (error.code === 'sql_error') {
    return new KtxError(
      'sql_error',
      `The warehouse rejected the compiled SQL: ${warehouseMessage(error)}\n--- compiled SQL ---\n${sql}`,
      {
        hint:
          "A source's table, column or expression does not match the warehouse (or uses another dialect's SQL). " +
          `Run \`ktx sl validate --live --connection-id ${connectionId}\` to find the file and line, then fix the YAML.`,
        details,
        cause: error,
      },
    );
  }
  if (error.code === 'sql_parse_failed') {
    return new KtxError('sql_parse_failed', `${error.message}\n--- compiled SQL ---\n${sql}`, {
      hint:
        "ktx's read-only gate could not parse the compiled SQL, so it was not sent. An expression in the " +
        `semantic layer uses syntax the gate does not know: \`ktx sl validate --live --connection-id ${connectionId}\` names it.`,
      details,
      cause: error,
    });
  }
  if (error.code === 'sql_not_read_only') {
    return new KtxError('sql_not_read_only', error.message, {
      hint: 'A sql: source or subquery in the semantic layer is not a plain SELECT; rewrite it as a query.',
      details,
      cause: error,
    });
  }
  if (error.code === 'sql_timeout') {
    return new KtxError('sql_timeout', error.message, {
      hint: `${error.hint ?? ''} Narrow the query with --filter or --limit, or use a coarser time grain.`.trim(),
      details,
      cause: error,
    });
  }
  return new KtxError(error.code, error.message, {
    ...(error.hint ? { hint: error.hint } : {}),
    details,
    exitCode: error.exitCode,
    cause: error,
  });
}
