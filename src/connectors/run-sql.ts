import { EXIT, KtxError } from '../core/errors.js';
import { type ProjectLike, withConnector } from './registry.js';
import { DEFAULT_MAX_ROWS, MAX_ROWS_LIMIT, requireConnection } from './resolve.js';
import type { QueryResult } from './types.js';

/** `ktx sql`: pick the connection, check the row cap, run one read-only query. */

export interface RunSqlOptions {
  connection?: string;
  maxRows?: string | number;
  timeoutMs?: number;
}

export interface SqlRun extends QueryResult {
  connection: string;
  driver: string;
  maxRows: number;
}

type ProjectWithDefault = ProjectLike & { config: { project?: { default_connection?: string } } };

/** The explicit connection, else the project's default, else the only one (undefined: ambiguous). */
export function chooseConnection(project: ProjectWithDefault, requested?: string): string | undefined {
  if (requested) return requested;
  const ids = Object.keys(project.config.connections);
  return project.config.project?.default_connection ?? (ids.length === 1 ? ids[0] : undefined);
}

/** chooseConnection, or a usage error naming the `--connection` flag. */
export function pickConnection(project: ProjectWithDefault, requested?: string): string {
  const chosen = chooseConnection(project, requested);
  if (chosen) return chosen;
  const ids = Object.keys(project.config.connections);
  throw new KtxError(
    'usage',
    ids.length === 0
      ? 'No connection to query: none is configured.'
      : 'Which connection? Pass --connection <id>.',
    {
      hint:
        ids.length === 0
          ? 'Add one with `ktx connection add`, or try `ktx demo`.'
          : `Configured: ${ids.sort().join(', ')}. Or set project.default_connection.`,
      exitCode: EXIT.usage,
    },
  );
}

export function parseMaxRows(value: string | number | undefined, fallback = DEFAULT_MAX_ROWS): number {
  if (value === undefined) return fallback;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number) || number < 1 || number > MAX_ROWS_LIMIT) {
    throw new KtxError(
      'usage',
      `--max-rows must be an integer from 1 to ${MAX_ROWS_LIMIT} (got "${value}").`,
      {
        hint: 'Aggregate in SQL instead of pulling more rows; ktx caps results to keep agents and terminals responsive.',
        exitCode: EXIT.usage,
      },
    );
  }
  return number;
}

export async function runSql(
  project: ProjectWithDefault,
  sql: string,
  options: RunSqlOptions = {},
): Promise<SqlRun> {
  const connection = pickConnection(project, options.connection);
  const config = requireConnection(project.config.connections, connection);
  const maxRows = parseMaxRows(options.maxRows, config.max_rows ?? DEFAULT_MAX_ROWS);
  const result = await withConnector(
    project,
    connection,
    (connector) => connector.query(sql, { maxRows, timeoutMs: options.timeoutMs }),
    { verdictCache: true },
  );
  return { connection, driver: config.driver, maxRows, ...result };
}
