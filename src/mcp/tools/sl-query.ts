import { z } from 'zod';
import { openConnector } from '../../connectors/registry.js';
import { KtxError } from '../../core/errors.js';
import { compileQuery } from '../../semantic/compile.js';
import { executeCompiled } from '../../semantic/execute.js';
import { parseSemanticQuery, semanticQuerySchema } from '../../semantic/query/schema.js';
import { requireSources } from '../../semantic/service.js';
import { defineTool } from '../registry.js';
import type { ProjectServices } from '../services.js';
import { answer, cellValue, connectionIdArg, DEFAULT_TOOL_MAX_ROWS, maxRowsArg } from './common.js';

/**
 * `sl_query`: measures by dimensions, compiled to one read-only SELECT that never double counts
 * (fan and chasm traps are planned around). Executes only when asked, through the connector's
 * read-only gate and with a row cap.
 */

const outputColumn = z.object({
  name: z.string().describe('column name in the SQL result and in rows'),
  kind: z.enum(['dimension', 'measure']),
  field: z.string(),
  type: z.string(),
  granularity: z.string().optional(),
  format: z.string().optional(),
  description: z.string().optional(),
});

const slQueryOutput = z.object({
  connectionId: z.string(),
  dialect: z.string(),
  sql: z.string().describe('the compiled, read-only SELECT'),
  columns: z.array(outputColumn),
  notes: z.array(z.string()).describe('how the plan avoided double counting (fan/chasm traps), in words'),
  plan: z
    .looseObject({ strategy: z.string(), summary: z.string() })
    .optional()
    .describe('the full plan, when explain is true'),
  executed: z.boolean(),
  rows: z.array(z.record(z.string(), cellValue)).optional().describe('result rows keyed by column name'),
  rowCount: z.number().int().optional(),
  truncated: z.boolean().optional().describe('true when more rows existed than max_rows'),
  durationMs: z.number().optional(),
});

export function slQueryTool(services: ProjectServices) {
  return defineTool({
    name: 'sl_query',
    description: [
      'Answer a metric question from the semantic layer: ask for measures ("source.measure") by dimensions ("source.column", "source.time_column:month"), with filters, segments, order and limit.',
      'ktx compiles one read-only SELECT that stays correct across joins that would double count (fan and chasm traps) and returns it with the output columns and notes on how it was planned.',
      'By default it only compiles; set execute: true to run it on the warehouse (read-only, at most max_rows rows, default 100).',
      'Prefer this over hand-written SQL whenever the measures exist; read the sources first (sl_read_source) to pick the right fields.',
    ].join(' '),
    inputSchema: z.strictObject({
      ...semanticQuerySchema.shape,
      connection_id: connectionIdArg,
      execute: z
        .boolean()
        .optional()
        .describe('Run the compiled SQL and return rows (default false: compile only).'),
      max_rows: maxRowsArg,
      explain: z
        .boolean()
        .optional()
        .describe('Include the full plan (strategy per measure group, joins, filters).'),
    }),
    outputSchema: slQueryOutput,
    annotations: {
      title: 'Query the semantic layer',
      readOnlyHint: true,
      destructiveHint: false,
      // Compiling is deterministic; executed results follow the warehouse.
      idempotentHint: false,
      openWorldHint: false,
    },
    async handler(input, ctx) {
      const { connection_id, execute, max_rows, explain, ...query } = input;
      const parsed = parseSemanticQuery(query);
      const semantic = await services.semantic(connection_id);
      requireSources(
        { model: semantic.model, brokenFiles: semantic.brokenFiles, cacheHit: true },
        semantic.connection,
      );
      const compiled = compileQuery(semantic.model, parsed);
      const notes = [compiled.plan.summary, ...compiled.plan.risks].filter(Boolean);
      const base = {
        connectionId: semantic.connection.connectionId,
        dialect: compiled.dialect,
        sql: compiled.sql,
        columns: compiled.columns,
        notes,
        ...(explain ? { plan: compiled.plan as unknown as { strategy: string; summary: string } } : {}),
      };
      if (!execute) return answer({ ...base, executed: false });
      if (!semantic.connection.driver) {
        throw new KtxError(
          'connection_not_configured',
          `Connection ${semantic.connection.connectionId} has a semantic layer but is not configured in ktx.yaml, so it cannot be queried.`,
          {
            hint: 'Run the compiled SQL elsewhere, or ask the user to add the connection (`ktx connection add`).',
          },
        );
      }
      const project = await services.project();
      const connector = await openConnector(project, semantic.connection.connectionId, {
        verdictCache: true,
      });
      try {
        const result = await executeCompiled(connector, compiled, {
          maxRows: max_rows ?? DEFAULT_TOOL_MAX_ROWS,
          signal: ctx.signal,
        });
        return answer({
          ...base,
          executed: true,
          rows: result.rows,
          rowCount: result.rowCount,
          truncated: result.truncated,
          durationMs: result.durationMs,
        });
      } finally {
        await connector.close();
      }
    },
  });
}
