import { z } from 'zod';
import { KtxError } from '../../core/errors.js';
import { dottedPath } from '../../core/yaml-validate.js';
import { NAME_PATTERN, TIME_GRANULARITIES } from '../schema.js';
import type { SemanticQuery } from './types.js';

/**
 * The zod schema of a semantic query, for untrusted input (query files, MCP tool arguments).
 * Imported lazily: compiling a query built in code does not need zod.
 */

const text = z.string().trim().min(1);
const outputName = z
  .string()
  .regex(NAME_PATTERN, 'use letters, digits and underscores (not starting with a digit)');

export const semanticQuerySchema = z
  .strictObject({
    measures: z
      .array(z.union([text, z.strictObject({ name: outputName.optional(), expr: text })]))
      .optional()
      .describe(
        'Measures: "source.measure", a bare unique measure name, "sum(source.column)", or {name, expr}.',
      ),
    dimensions: z
      .array(
        z.union([
          text,
          z.strictObject({
            field: text,
            granularity: z.enum(TIME_GRANULARITIES).optional(),
            name: outputName.optional(),
          }),
        ]),
      )
      .optional()
      .describe('Dimensions: "source.column", "source.time_column:month", or {field, granularity, name}.'),
    filters: z
      .array(z.string())
      .optional()
      .describe('SQL predicates over source.column (WHERE) or measures (HAVING).'),
    segments: z.array(text).optional().describe('Named filters, "source.segment".'),
    order_by: z
      .array(z.union([text, z.strictObject({ field: text, direction: z.enum(['asc', 'desc']).optional() })]))
      .optional()
      .describe('Output columns (or the fields that produced them); default: the dimensions in order.'),
    limit: z.number().int().min(1).optional(),
    include_empty: z
      .boolean()
      .optional()
      .describe('Keep dimension values that have no rows for any measure.'),
  })
  .refine((query) => (query.measures?.length ?? 0) + (query.dimensions?.length ?? 0) > 0, {
    message: 'a query needs at least one measure or dimension',
  });

// Keeps the schema and the hand-written type in step (a compile error if they drift apart).
type SchemaOutput = z.output<typeof semanticQuerySchema>;
const _sameShape: (value: SchemaOutput) => SemanticQuery = (value) => value;
void _sameShape;

/** Validates untrusted input; throws `sl_invalid_query` listing every problem with its path. */
export function parseSemanticQuery(input: unknown): SemanticQuery {
  const result = semanticQuerySchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = dottedPath(issue.path as PropertyKey[]);
    return { path, message: issue.message };
  });
  throw new KtxError(
    'sl_invalid_query',
    `Invalid semantic query: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`,
    {
      hint: 'See docs/semantic-layer.md ("The query") for the shape: {measures, dimensions, filters, segments, order_by, limit}.',
      details: { problems },
    },
  );
}
