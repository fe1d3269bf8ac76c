import { z } from 'zod';
import { withConnector } from '../../connectors/registry.js';
import { chooseConnection } from '../../connectors/run-sql.js';
import { KtxError } from '../../core/errors.js';
import { defineTool } from '../registry.js';
import type { ProjectServices } from '../services.js';
import { answer, cellValue, connectionIdArg, DEFAULT_TOOL_MAX_ROWS, maxRowsArg } from './common.js';

/**
 * `sql_execution`: one read-only statement on a warehouse, through the connector's three layers
 * (the SQL gate, a read-only session with a statement timeout, the row cap). Writes, DDL, locks
 * and side-effecting functions are refused before anything reaches the server.
 */

const sqlOutput = z.object({
  connectionId: z.string(),
  driver: z.string(),
  columns: z.array(
    z.object({ name: z.string(), type: z.string().optional(), nativeType: z.string().optional() }),
  ),
  rows: z.array(z.array(cellValue)).describe('one array per row, in column order'),
  rowCount: z.number().int(),
  truncated: z.boolean().describe('true when the query had more rows than max_rows'),
  maxRows: z.number().int(),
  durationMs: z.number(),
});

export function sqlExecutionTool(services: ProjectServices) {
  return defineTool({
    name: 'sql_execution',
    description: [
      'Run one read-only SQL query (SELECT / WITH … SELECT) on a warehouse connection, in its own dialect, and get the rows back (at most max_rows, default 100).',
      'Anything that could change data or the session (INSERT, UPDATE, DDL, locks, side-effecting functions) is refused.',
      'Use it for questions the semantic layer cannot express and to check values; prefer sl_query for metrics, since hand-written joins can double count.',
    ].join(' '),
    inputSchema: z.object({
      sql: z.string().min(1).describe('One read-only statement.'),
      connection_id: connectionIdArg,
      max_rows: maxRowsArg,
    }),
    outputSchema: sqlOutput,
    annotations: {
      title: 'Run read-only SQL',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    async handler({ sql, connection_id, max_rows }, ctx) {
      const project = await services.project();
      const connectionId = chooseConnection(project, connection_id);
      if (!connectionId) {
        const ids = Object.keys(project.config.connections).sort();
        throw new KtxError(
          'connection_required',
          ids.length === 0
            ? 'This project has no warehouse connection.'
            : 'Which connection? Several are configured.',
          {
            hint: ids.length
              ? `Pass connection_id (one of: ${ids.join(', ')}).`
              : 'Ask the user to add one with `ktx connection add`.',
          },
        );
      }
      const maxRows = max_rows ?? DEFAULT_TOOL_MAX_ROWS;
      const result = await withConnector(
        project,
        connectionId,
        (connector) => connector.query(sql, { maxRows, signal: ctx.signal }),
        { verdictCache: true },
      );
      return answer({
        connectionId,
        driver: project.config.connections[connectionId]!.driver,
        columns: result.columns.map((column) => ({
          name: column.name,
          ...(column.type ? { type: column.type } : {}),
          ...(column.nativeType ? { nativeType: column.nativeType } : {}),
        })),
        rows: result.rows,
        rowCount: result.rowCount,
        truncated: result.truncated,
        maxRows,
        durationMs: result.durationMs,
      });
    },
  });
}
