import { z } from 'zod';
import { mapLimit } from '../../core/concurrency.js';
import { KtxError } from '../../core/errors.js';
import type { RelationshipResult, TableKey, TableSnapshot } from '../../scan/types.js';
import type { LlmRuntime } from '../runtime.js';
import { addUsage, type TokenUsage, ZERO_USAGE } from '../types.js';
import {
  type CachedDescription,
  descriptionCachePath,
  readDescriptionCache,
  schemaHash,
  writeDescriptionCache,
} from './description-cache.js';
import {
  batchPrompt,
  DESCRIPTION_INSTRUCTIONS,
  estimateTokens,
  tableSection,
  warehouseOverview,
} from './prompt.js';

/**
 * Table and column descriptions from the LLM (role `candidateExtraction`), the first consumer
 * of the runtime. Tables are batched by size; a table whose schema hash is in the cache is not
 * sent again; a failed batch never loses a description that existed before (the caller's
 * existing ones, or the cached ones of an older schema) and is retried on the next run.
 */

export interface Descriptions {
  table?: string;
  columns: Record<string, string>;
}

export type DescriptionSource = 'llm' | 'cache' | 'kept';

export interface EnrichOptions {
  runtime: LlmRuntime;
  projectDir: string;
  connection: string;
  /** Every table of the warehouse: all appear in the shared overview. */
  tables: TableSnapshot[];
  /** Describe only these tables (default: all); the others give context through the overview. */
  only?: ReadonlySet<TableKey>;
  relationships?: RelationshipResult[];
  /** Descriptions known before this run (e.g. from the semantic layer): kept when a batch fails. */
  existing?: Record<TableKey, Descriptions>;
  /** Size of one batch, in estimated tokens of table detail. */
  maxBatchTokens?: number;
  maxTablesPerBatch?: number;
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface EnrichFailure {
  tables: TableKey[];
  code: string;
  message: string;
  hint?: string;
}

export interface EnrichResult {
  descriptions: Record<TableKey, Descriptions & { source: DescriptionSource }>;
  stats: {
    tables: number;
    described: number;
    fromCache: number;
    failed: number;
    calls: number;
    batches: number;
    usage: TokenUsage;
  };
  failures: EnrichFailure[];
}

/**
 * Batches stay small on purpose. The instructions and the warehouse overview are the same for
 * every batch and are read from the provider's cache at a tenth of the input price, so an extra
 * call costs little, while small batches keep the model focused, make a failure lose less work,
 * and run in parallel.
 */
export const DEFAULT_MAX_BATCH_TOKENS = 500;
export const DEFAULT_MAX_TABLES_PER_BATCH = 4;

const answerSchema = z.object({
  tables: z.array(
    z.object({
      key: z.string(),
      description: z.string(),
      columns: z.array(z.object({ name: z.string(), description: z.string() })),
    }),
  ),
});

type Answer = z.infer<typeof answerSchema>;

/** Greedy batches in table order; a table bigger than the budget gets a batch of its own. */
export function planBatches<T extends { tokens: number }>(
  items: T[],
  maxTokens: number,
  maxItems = Number.POSITIVE_INFINITY,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length > 0 && (size + item.tokens > maxTokens || current.length >= maxItems)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.tokens;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function clean(text: string, max: number): string | undefined {
  const single = text.replace(/\s+/g, ' ').trim();
  if (!single) return undefined;
  return single.length > max ? `${single.slice(0, max - 1).trimEnd()}…` : single;
}

/** Keeps what matches the batch (exact keys and column names); drops anything invented. */
function acceptAnswer(answer: Answer, table: TableSnapshot): Descriptions | undefined {
  const entry =
    answer.tables.find((candidate) => candidate.key === table.key) ??
    answer.tables.find((c) => c.key.toLowerCase() === table.key.toLowerCase());
  if (!entry) return undefined;
  const byName = new Map(table.columns.map((column) => [column.name.toLowerCase(), column.name]));
  const columns: Record<string, string> = {};
  for (const column of entry.columns) {
    const name = byName.get(column.name.toLowerCase());
    const text = clean(column.description, 200);
    if (name && text) columns[name] = text;
  }
  return { table: clean(entry.description, 400), columns };
}

export async function enrichTableDescriptions(options: EnrichOptions): Promise<EnrichResult> {
  const { runtime, tables } = options;
  const relationships = options.relationships ?? [];
  const cachePath = descriptionCachePath(options.projectDir, options.connection);
  const cache = readDescriptionCache(cachePath);
  const model = runtime.modelFor('candidateExtraction');
  const descriptions: EnrichResult['descriptions'] = {};
  const failures: EnrichFailure[] = [];
  const wanted = options.only ? tables.filter((table) => options.only!.has(table.key)) : tables;
  const stats = {
    tables: wanted.length,
    described: 0,
    fromCache: 0,
    failed: 0,
    calls: 0,
    batches: 0,
    usage: { ...ZERO_USAGE },
  };

  const pending: Array<{ table: TableSnapshot; hash: string; section: string; tokens: number }> = [];
  for (const table of wanted) {
    const hash = schemaHash(table);
    const cached = cache.tables[table.key];
    if (cached && cached.schemaHash === hash) {
      descriptions[table.key] = { table: cached.table, columns: { ...cached.columns }, source: 'cache' };
      stats.fromCache++;
      continue;
    }
    const section = tableSection(table, relationships);
    pending.push({ table, hash, section, tokens: estimateTokens(section) });
  }

  const batches = planBatches(
    pending,
    options.maxBatchTokens ?? DEFAULT_MAX_BATCH_TOKENS,
    options.maxTablesPerBatch ?? DEFAULT_MAX_TABLES_PER_BATCH,
  );
  stats.batches = batches.length;
  const system = [DESCRIPTION_INSTRUCTIONS, warehouseOverview(options.connection, tables, relationships)];
  let done = 0;

  const keep = (table: TableSnapshot) => {
    const existing = options.existing?.[table.key];
    const stale = cache.tables[table.key];
    const live = new Set(table.columns.map((c) => c.name));
    const columns: Record<string, string> = {};
    // An older cached description still fits the columns that survived a schema change.
    for (const [name, text] of Object.entries(stale?.columns ?? {})) if (live.has(name)) columns[name] = text;
    Object.assign(columns, existing?.columns ?? {});
    const tableText = existing?.table ?? stale?.table;
    if (tableText || Object.keys(columns).length > 0)
      descriptions[table.key] = { table: tableText, columns, source: 'kept' };
  };

  const runBatch = async (batch: (typeof pending)[number][]) => {
    const keys = batch.map((item) => item.table.key);
    const columnCount = batch.reduce((sum, item) => sum + item.table.columns.length, 0);
    try {
      const result = await runtime.generateObject({
        role: 'candidateExtraction',
        system,
        prompt: batchPrompt(batch.map((item) => item.section)),
        schema: answerSchema,
        schemaName: 'descriptions',
        // Room for ~60 tokens per column and ~120 per table, plus JSON overhead.
        maxOutputTokens: Math.min(16_000, 400 + columnCount * 60 + batch.length * 120),
        signal: options.signal,
      });
      stats.calls += result.repaired ? 2 : 1;
      stats.usage = addUsage(stats.usage, result.usage);
      const missing: TableKey[] = [];
      for (const item of batch) {
        const accepted = acceptAnswer(result.object, item.table);
        if (!accepted || (!accepted.table && Object.keys(accepted.columns).length === 0)) {
          missing.push(item.table.key);
          keep(item.table);
          continue;
        }
        // Columns the model skipped keep what was known before.
        const previous = options.existing?.[item.table.key]?.columns ?? {};
        const columns = { ...previous, ...accepted.columns };
        descriptions[item.table.key] = {
          table: accepted.table ?? options.existing?.[item.table.key]?.table,
          columns,
          source: 'llm',
        };
        stats.described++;
        const entry: CachedDescription = {
          schemaHash: item.hash,
          model,
          table: accepted.table ?? '',
          columns: accepted.columns,
        };
        cache.tables[item.table.key] = entry;
      }
      if (missing.length > 0) {
        stats.failed += missing.length;
        failures.push({
          tables: missing,
          code: 'llm_invalid_output',
          message: `the answer had no descriptions for ${missing.join(', ')}`,
        });
      }
      writeDescriptionCache(cachePath, cache);
    } catch (error) {
      if (!KtxError.is(error)) throw error;
      if (error.code === 'llm_aborted') throw error;
      stats.failed += batch.length;
      failures.push({ tables: keys, code: error.code, message: error.message, hint: error.hint });
      for (const item of batch) keep(item.table);
    } finally {
      done += batch.length;
      options.onProgress?.(done, pending.length);
    }
  };

  // The first batch runs alone: it writes the shared prefix to the provider's cache, so the
  // batches after it read that prefix instead of each writing it again.
  const [first, ...rest] = batches;
  if (first) await runBatch(first);
  await mapLimit(rest, Math.max(1, options.concurrency ?? runtime.config.maxConcurrency), runBatch);
  return { descriptions, stats, failures };
}
