import { readFileSync } from 'node:fs';
import { KtxError, usageError } from '../../core/errors.js';
import type { QueryOrder, SemanticQuery } from '../query/types.js';

/** Builds the semantic query from `--query-file` or from the repeatable flags of `ktx sl query`. */

export interface QueryFlags {
  queryFile?: string;
  measure?: string[];
  dimension?: string[];
  filter?: string[];
  segment?: string[];
  orderBy?: string[];
  limit?: string;
  includeEmpty?: boolean;
}

function readQueryFile(path: string): unknown {
  let text: string;
  try {
    text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    throw new KtxError(
      'sl_invalid_query',
      `Cannot read the query file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        hint: 'Pass the path of a JSON file (or `-` to read it from stdin).',
      },
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KtxError(
      'sl_invalid_query',
      `The query file ${path} is not valid JSON: ${(error as Error).message}`,
      {
        hint: 'It must hold one JSON object: {"measures": [...], "dimensions": [...], ...}.',
      },
    );
  }
}

/** `field`, `field:desc`, `field:asc` (a time grain like `created_at:month` is not a direction). */
export function parseOrderFlag(value: string): QueryOrder {
  const match = /^(.*):(asc|desc)$/i.exec(value.trim());
  if (!match) return { field: value.trim(), direction: 'asc' };
  return { field: match[1]!.trim(), direction: match[2]!.toLowerCase() as 'asc' | 'desc' };
}

export async function queryFromFlags(flags: QueryFlags): Promise<SemanticQuery> {
  const inline =
    [flags.measure, flags.dimension, flags.filter, flags.segment, flags.orderBy].some(
      (list) => (list?.length ?? 0) > 0,
    ) ||
    flags.limit !== undefined ||
    flags.includeEmpty === true;
  if (flags.queryFile) {
    if (inline)
      throw usageError('Use either --query-file or the inline flags (--measure, --dimension, …), not both.');
    const { parseSemanticQuery } = await import('../query/schema.js');
    return parseSemanticQuery(readQueryFile(flags.queryFile));
  }
  if ((flags.measure?.length ?? 0) + (flags.dimension?.length ?? 0) === 0) {
    throw usageError(
      'Say what to compute: at least one --measure or --dimension (or --query-file).',
      'Example: ktx sl query --measure orders.revenue --dimension customers.segment',
    );
  }
  let limit: number | undefined;
  if (flags.limit !== undefined) {
    limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw usageError(`--limit must be a positive integer, got "${flags.limit}".`);
  }
  return {
    ...(flags.measure?.length ? { measures: flags.measure } : {}),
    ...(flags.dimension?.length ? { dimensions: flags.dimension } : {}),
    ...(flags.filter?.length ? { filters: flags.filter } : {}),
    ...(flags.segment?.length ? { segments: flags.segment } : {}),
    ...(flags.orderBy?.length ? { order_by: flags.orderBy.map(parseOrderFlag) } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(flags.includeEmpty ? { include_empty: true } : {}),
  };
}
