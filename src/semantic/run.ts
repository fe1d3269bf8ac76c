import type { Connector, Dialect, QueryValue } from '../connectors/types.js';
import { usageError } from '../core/errors.js';
import type { Project } from '../project/project.js';
import type { OutputColumn } from './compile.js';
import type { PlanExplain } from './plan/types.js';
import type { SemanticQuery } from './query/types.js';
import { compileForConnection, resolveSemanticConnection } from './service.js';

/**
 * One semantic query end to end, for `ktx sl query` and the MCP `sl_query` tool: pick the
 * connection, compile, and (when asked) execute through the connector's read-only path. The
 * result has the same shape either way; `rows` and the row counts appear only when executed.
 * Drivers are imported only when executing, so compiling stays fast.
 */

export interface SemanticRunOptions {
  /** Default: the only connection, or project.default_connection. */
  connectionId?: string;
  /** Print for another dialect (inspection only: cannot be combined with `execute`). */
  dialect?: Dialect;
  execute?: boolean;
  /** Row cap for execution (1–10000; default connections.<id>.max_rows, else 1000). */
  maxRows?: number | string;
  /** Statement timeout (default connections.<id>.query_timeout_ms, else 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * An open connector to the same connection, for callers that run several queries (the MCP
   * server, `ktx demo`); the caller closes it. Otherwise one is opened and closed per query.
   */
  connector?: Pick<Connector, 'id' | 'dialect' | 'query'>;
}

export interface SemanticRunWarning {
  code: string;
  message: string;
  fix?: string;
}

export interface SemanticRun {
  connectionId: string;
  dialect: Dialect;
  sql: string;
  /** Output columns in request order: dimensions, then measures. */
  columns: OutputColumn[];
  /** Executed only: one object per row, keyed by the `columns` names. */
  rows?: Array<Record<string, QueryValue>>;
  rowCount?: number;
  /** Executed only: the result had more rows than `maxRows` (they were not read). */
  truncated?: boolean;
  maxRows?: number;
  durationMs?: number;
  plan: PlanExplain;
  warnings: SemanticRunWarning[];
}

export async function runSemanticQuery(
  project: Project,
  query: SemanticQuery,
  options: SemanticRunOptions = {},
): Promise<SemanticRun> {
  const target = resolveSemanticConnection(project, options.connectionId);
  if (options.execute && options.dialect && options.dialect !== target.dialect) {
    throw usageError(
      `--dialect ${options.dialect} only prints SQL; connection ${target.connectionId} runs ${target.dialect}.`,
      'Drop --dialect to execute the query on the connection.',
    );
  }
  if (!options.execute && options.maxRows !== undefined) {
    throw usageError('--max-rows applies to executed queries only.', 'Add --execute to run the query.');
  }
  const compiled = await compileForConnection(
    target,
    query,
    options.dialect ? { dialect: options.dialect } : {},
  );
  const { logical: _logical, ...printed } = compiled;
  const warnings: SemanticRunWarning[] = [];
  if (!options.execute) {
    if (!target.driver && !options.dialect) {
      warnings.push({
        code: 'sl_connection_not_configured',
        message: `Connection ${target.connectionId} is not in ktx.yaml, so its dialect is unknown: printing PostgreSQL SQL.`,
        fix: 'Add the connection to ktx.yaml, or pass --dialect.',
      });
    }
    return { ...printed, warnings };
  }

  const { requireConnection, DEFAULT_MAX_ROWS } = await import('../connectors/resolve.js');
  const config = requireConnection(project.config.connections, target.connectionId);
  const { parseMaxRows } = await import('../connectors/run-sql.js');
  const maxRows = parseMaxRows(options.maxRows, config.max_rows ?? DEFAULT_MAX_ROWS);
  if (options.connector && options.connector.id !== target.connectionId)
    throw new Error(
      `internal: connector ${options.connector.id} passed for connection ${target.connectionId}`,
    );
  const { executeCompiled } = await import('./execute.js');
  const run = (connector: Pick<Connector, 'id' | 'dialect' | 'query'>) =>
    executeCompiled(connector, compiled, {
      maxRows,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  const { withConnector } = await import('../connectors/registry.js');
  const result = options.connector
    ? await run(options.connector)
    : await withConnector(project, target.connectionId, run, { verdictCache: true });
  if (result.truncated) {
    warnings.push({
      code: 'sl_truncated',
      message: `${result.rowCount} rows shown; the result has more (row cap ${maxRows}).`,
      fix: 'Add a filter or a coarser grain, set the query limit, or raise --max-rows (at most 10000).',
    });
  }
  return {
    connectionId: printed.connectionId,
    dialect: printed.dialect,
    sql: printed.sql,
    columns: printed.columns,
    rows: result.rows,
    rowCount: result.rowCount,
    truncated: result.truncated,
    maxRows,
    durationMs: result.durationMs,
    plan: printed.plan,
    warnings,
  };
}
