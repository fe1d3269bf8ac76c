import { z } from 'zod';
import { NAME_PATTERN, RELATIONSHIPS, SEMANTIC_TYPES } from './constants.js';

/**
 * The semantic source format: one YAML file per source under `semantic-layer/<connection>/`.
 * People edit these files; `ktx scan`/`ktx ingest` generate them (merging, never clobbering
 * what a person wrote); the compiler turns them into SQL. This schema is the single definition.
 *
 * Expressions are SQL in the connection's dialect. Inside a source they refer to the source's
 * own columns unqualified and to joined sources as `<source>.<column>`.
 */

export {
  NAME_PATTERN,
  RELATIONSHIPS,
  type Relationship,
  SEMANTIC_TYPES,
  type SemanticType,
  TIME_GRANULARITIES,
  type TimeGranularity,
} from './constants.js';

const name = z
  .string()
  .regex(NAME_PATTERN, 'use letters, digits and underscores (not starting with a digit)');
const sqlText = z.string().trim().min(1);

export const columnSchema = z.strictObject({
  name,
  type: z.enum(SEMANTIC_TYPES),
  description: z.string().optional(),
  /** A computed column: SQL over this source's columns. Absent = the physical column of the same name. */
  expr: sqlText.optional(),
  /** hidden: never exposed to queries or agents (e.g. raw PII). */
  visibility: z.enum(['public', 'hidden']).optional(),
  /** Free-form tags for search ("pii", "currency:usd"). */
  tags: z.array(z.string().min(1)).optional(),
});

export const measureSchema = z.strictObject({
  name,
  /** An aggregate (`sum(amount)`, `count(distinct customer_id)`) or a formula over sibling measures (`revenue / order_count`). */
  expr: sqlText,
  /** Rows the measure counts (a measure-only WHERE, compiled as a conditional aggregate). */
  filter: sqlText.optional(),
  description: z.string().optional(),
  /** Display hint: number, currency, percent. */
  format: z.enum(['number', 'currency', 'percent']).optional(),
});

export const segmentSchema = z.strictObject({
  name,
  expr: sqlText,
  description: z.string().optional(),
});

export const joinSchema = z.strictObject({
  /** Target source name (same connection). */
  to: name,
  /** Equality condition(s): `customer_id = customers.id` (AND-ed for composite keys). */
  on: sqlText,
  relationship: z.enum(RELATIONSHIPS),
  /** Role-playing name when the same target is joined twice (`billing_address`, `shipping_address`). */
  alias: name.optional(),
  description: z.string().optional(),
});

export const sourceSchema = z
  .strictObject({
    name,
    /** Physical table (`schema.table` or `table`, dialect quoting allowed). */
    table: z.string().trim().min(1).optional(),
    /** A derived table: any SELECT in the connection's dialect. */
    sql: sqlText.optional(),
    description: z.string().optional(),
    /** Columns that identify one row (the primary key). */
    grain: z.array(name).min(1),
    default_time_dimension: name.optional(),
    columns: z.array(columnSchema).min(1),
    measures: z.array(measureSchema).optional(),
    segments: z.array(segmentSchema).optional(),
    joins: z.array(joinSchema).optional(),
    tags: z.array(z.string().min(1)).optional(),
  })
  .superRefine((source, ctx) => {
    if ((source.table === undefined) === (source.sql === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['table'], message: 'needs exactly one of `table` or `sql`' });
    }
  });

export type SemanticColumn = z.output<typeof columnSchema>;
export type SemanticMeasure = z.output<typeof measureSchema>;
export type SemanticSegment = z.output<typeof segmentSchema>;
export type SemanticJoin = z.output<typeof joinSchema>;
export type SemanticSourceSpec = z.output<typeof sourceSchema>;

/** A loaded source: the validated spec plus where it came from. */
export interface SemanticSource extends SemanticSourceSpec {
  connectionId: string;
  /** Path relative to the project directory. */
  file: string;
}
