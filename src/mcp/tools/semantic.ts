import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeSource, listSources } from '../../semantic/cli/inspect.js';
import { validateSemanticLayerFiles } from '../../semantic/validate.js';
import { defineTool } from '../registry.js';
import type { ProjectServices } from '../services.js';
import { answer, connectionIdArg, READ_ONLY } from './common.js';

/** `sl_list`, `sl_read_source` and `sl_validate`: the semantic layer as agents read it. */

const sourceSummary = z.object({
  name: z.string(),
  file: z.string(),
  table: z.string().optional(),
  sql: z.boolean().optional().describe('true when the source is a SQL query rather than a table'),
  description: z.string().optional(),
  columns: z.number().int(),
  measures: z.array(z.string()),
  segments: z.array(z.string()),
  joins: z.array(z.object({ to: z.string(), alias: z.string().optional(), relationship: z.string() })),
});

export function slListTool(services: ProjectServices) {
  return defineTool({
    name: 'sl_list',
    description:
      'List the semantic sources of a connection: each source (a table or SQL query with a declared grain), its measures, segments and joins. Query measures as "source.measure" with sl_query; read a source in full with sl_read_source.',
    inputSchema: z.object({ connection_id: connectionIdArg }),
    outputSchema: z.object({
      connectionId: z.string(),
      dialect: z.string(),
      sources: z.array(sourceSummary),
      brokenFiles: z.array(z.string()).describe('files that failed to load (run sl_validate)'),
    }),
    annotations: { title: 'List semantic sources', ...READ_ONLY },
    async handler({ connection_id }) {
      const semantic = await services.semantic(connection_id);
      return answer({
        connectionId: semantic.connection.connectionId,
        dialect: semantic.connection.dialect,
        sources: listSources(semantic.model),
        brokenFiles: semantic.brokenFiles,
      });
    },
  });
}

const sourceDetail = z.object({
  connectionId: z.string(),
  name: z.string(),
  file: z.string(),
  table: z.string().optional(),
  sql: z.string().optional(),
  description: z.string().optional(),
  grain: z.array(z.string()).describe('columns that identify one row'),
  defaultTimeDimension: z.string().optional(),
  columns: z.array(
    z.object({
      field: z.string(),
      type: z.string(),
      description: z.string().optional(),
      expr: z.string().optional(),
    }),
  ),
  measures: z.array(
    z.object({
      field: z.string(),
      expr: z.string(),
      filter: z.string().optional(),
      description: z.string().optional(),
      format: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
  segments: z.array(z.object({ field: z.string(), expr: z.string(), description: z.string().optional() })),
  joins: z.array(
    z.object({
      to: z.string(),
      alias: z.string().optional(),
      relationship: z.string(),
      on: z.string(),
      description: z.string().optional(),
    }),
  ),
  reachable: z.array(z.string()).describe('nodes whose columns can be used as dimensions with this source'),
  yaml: z.string().describe('the source file as written'),
});

export function slReadSourceTool(services: ProjectServices) {
  return defineTool({
    name: 'sl_read_source',
    description:
      'Read one semantic source in full: grain, queryable columns (source.column), measures with their expressions and filters, segments, joins with their relationships, the nodes reachable for dimensions, and the YAML file. Read the sources behind a question before compiling it with sl_query.',
    inputSchema: z.object({
      source: z.string().trim().min(1).describe('Source name, e.g. "subscriptions".'),
      connection_id: connectionIdArg,
    }),
    outputSchema: sourceDetail,
    annotations: { title: 'Read a semantic source', ...READ_ONLY },
    async handler({ source, connection_id }) {
      const semantic = await services.semantic(connection_id);
      const detail = describeSource(semantic.model, source);
      const yaml = readFileSync(join(services.projectDir, detail.file), 'utf8');
      return answer({ ...detail, yaml });
    },
  });
}

const validationIssue = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  source: z.string().optional(),
  file: z.string(),
  line: z.number().int().optional(),
  col: z.number().int().optional(),
  path: z.string(),
  message: z.string(),
  fix: z.string().optional(),
});

export function slValidateTool(services: ProjectServices) {
  return defineTool({
    name: 'sl_validate',
    description:
      'Check the semantic layer of a connection: YAML schema (file:line:col), references between columns, measures, segments and joins, expression syntax, measure cycles, and tables/columns against the latest scan. Use it after a query fails with an unexpected source error, or to confirm the layer is sound.',
    inputSchema: z.object({
      connection_id: connectionIdArg,
      source: z.string().trim().min(1).optional().describe('Only this source.'),
    }),
    outputSchema: z.object({
      connectionId: z.string(),
      dialect: z.string(),
      valid: z.boolean(),
      sources: z.number().int(),
      checkedAgainstScan: z.boolean(),
      errors: z.array(validationIssue),
      warnings: z.array(validationIssue),
    }),
    annotations: { title: 'Validate the semantic layer', ...READ_ONLY },
    async handler({ connection_id, source }) {
      const connection = await services.connection(connection_id);
      const report = validateSemanticLayerFiles(
        connection.projectDir,
        connection.connectionId,
        connection.dialect,
        source ? { source } : {},
      );
      return answer(report);
    },
  });
}
