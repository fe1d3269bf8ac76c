import type { Descriptions, EnrichFailure } from '../../llm/enrich/describe-tables.js';
import type { LlmRuntime } from '../../llm/runtime.js';
import { addUsage, type TokenUsage, ZERO_USAGE } from '../../llm/types.js';
import type { ScanSnapshot, TableKey, TableSnapshot } from '../types.js';
import type { SourceEnricher, SourceFiles } from './build.js';
import type { GeneratedSource } from './generate.js';

/**
 * Table and column descriptions on the generated side of the three-way merge: written by the
 * LLM when one is configured, carried over from the previous generation otherwise (so turning
 * the LLM off, or an LLM that cannot start, never deletes descriptions from anyone's file).
 *
 * Ownership decides what the model may fill: a description the database declares (a column or
 * table comment) stays; a description a person wrote, changed or deleted in their file is
 * theirs, so the generated side keeps its previous value there (the merge then sees no
 * warehouse change, keeps the person's text and reports no conflict). Everything else is a gap
 * the LLM may fill. A table whose schema did not change since the last ingest and whose gaps
 * are already filled on the generated side is not sent again; the committed generated files
 * act as the cache, so a fresh clone does not pay twice. When a call fails, the previous
 * generated descriptions stay, so a failure never deletes text from anyone's file.
 */

type Item = Record<string, unknown>;

export interface DescribeOptions {
  /** Without a runtime nothing is asked: previous generated descriptions are carried over. */
  runtime?: LlmRuntime;
  projectDir: string;
  /** Schema hash of each table at the previous ingest (tables whose schema did not change). */
  previousHashes?: ReadonlyMap<TableKey, string>;
  /** Current schema hash of a table (the description cache's hash). */
  hashOf?: (table: TableSnapshot) => string;
  /** Tables per LLM call (`ingest.batch_size`). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface DescriptionReport {
  model: string | null;
  /** Tables with something for the LLM to fill. */
  tables: number;
  /** Described by the LLM during this run. */
  described: number;
  /** From the local description cache (same schema, described before on this machine). */
  fromCache: number;
  /** Unchanged since the last ingest: the generated descriptions were kept without a call. */
  reused: number;
  failed: number;
  calls: number;
  batches: number;
  usage: TokenUsage;
  failures: EnrichFailure[];
}

/** Estimated tokens of table detail per table slot of a batch (the enrich default: 500 / 4). */
const TOKENS_PER_TABLE = 125;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;

function columnItem(item: Item | undefined, name: string): Item | undefined {
  const columns = item?.columns;
  if (!Array.isArray(columns)) return undefined;
  return columns.find((column): column is Item => (column as Item | null)?.name === name);
}

/** Where the LLM may write, and what the generated side held there before. */
interface Plan {
  source: GeneratedSource;
  table: TableSnapshot;
  tableGap: boolean;
  /** Semantic column name → open to the LLM. */
  columnGaps: Set<string>;
  previous: { table?: string; columns: Map<string, string> };
}

function plan(source: GeneratedSource, table: TableSnapshot, files: SourceFiles): Plan {
  const { ours, base } = files;
  // A field is the person's when their file differs from what ktx generated last time.
  const personal = (mine: unknown, generated: unknown) => ours !== undefined && mine !== generated;
  const previous = { table: text(base?.description), columns: new Map<string, string>() };
  const tableGap = !source.spec.description && !personal(ours?.description, base?.description);
  const columnGaps = new Set<string>();
  for (const column of source.spec.columns) {
    const generated = text(columnItem(base, column.name)?.description);
    if (generated) previous.columns.set(column.name, generated);
    if (column.description) continue;
    // A column the person removed from their file stays removed: nothing to describe.
    if (ours !== undefined && !columnItem(ours, column.name) && columnItem(base, column.name)) continue;
    if (personal(columnItem(ours, column.name)?.description, columnItem(base, column.name)?.description))
      continue;
    columnGaps.add(column.name);
  }
  return { source, table, tableGap, columnGaps, previous };
}

function filled(plan: Plan): boolean {
  return (
    (!plan.tableGap || plan.previous.table !== undefined) &&
    [...plan.columnGaps].every((name) => plan.previous.columns.has(name))
  );
}

/** Writes descriptions into the generated spec: new ones in the gaps, the previous ones elsewhere. */
function apply(plan: Plan, found: Descriptions | undefined): void {
  const { spec, physicalColumns } = plan.source;
  const tableText = plan.tableGap ? (text(found?.table) ?? plan.previous.table) : plan.previous.table;
  if (!spec.description && tableText) spec.description = tableText;
  spec.columns.forEach((column, index) => {
    if (column.description) return;
    const fresh = plan.columnGaps.has(column.name)
      ? text(found?.columns[physicalColumns[index]!])
      : undefined;
    const value = fresh ?? plan.previous.columns.get(column.name);
    if (value) column.description = value;
  });
}

/** Previous generated descriptions keyed by physical column (what enrich keeps on failure). */
function previousDescriptions(plan: Plan): Descriptions {
  const columns: Record<string, string> = {};
  plan.source.spec.columns.forEach((column, index) => {
    const value = plan.previous.columns.get(column.name);
    if (value) columns[plan.source.physicalColumns[index]!] = value;
  });
  return { table: plan.previous.table, columns };
}

export function descriptionEnricher(options: DescribeOptions): {
  enrich: SourceEnricher;
  report: DescriptionReport;
} {
  const { runtime } = options;
  const report: DescriptionReport = {
    model: runtime ? runtime.modelFor('candidateExtraction') : null,
    tables: 0,
    described: 0,
    fromCache: 0,
    reused: 0,
    failed: 0,
    calls: 0,
    batches: 0,
    usage: { ...ZERO_USAGE },
    failures: [],
  };
  const enrich: SourceEnricher = async (sources, snapshot: ScanSnapshot, files) => {
    const tables = new Map(snapshot.tables.map((table) => [table.key, table]));
    const plans: Plan[] = [];
    for (const source of sources) {
      const table = tables.get(source.tableKey);
      const sides = files.get(source.fileName) ?? {};
      // A file the person deleted is not recreated: nothing to describe.
      if (!table || (sides.ours === undefined && sides.base !== undefined)) continue;
      const found = plan(source, table, sides);
      if (found.tableGap || found.columnGaps.size > 0) plans.push(found);
      else apply(found, undefined);
    }
    report.tables = plans.length;
    const unchanged = (p: Plan) =>
      options.hashOf !== undefined && options.previousHashes?.get(p.table.key) === options.hashOf(p.table);
    const ask = runtime ? plans.filter((p) => !(unchanged(p) && filled(p))) : [];
    report.reused = plans.length - ask.length;
    for (const p of plans) if (!ask.includes(p)) apply(p, undefined);
    if (!runtime || ask.length === 0) return sources;

    const { enrichTableDescriptions, DEFAULT_MAX_TABLES_PER_BATCH } = await import(
      '../../llm/enrich/describe-tables.js'
    );
    const batchSize = options.batchSize ?? DEFAULT_MAX_TABLES_PER_BATCH;
    const result = await enrichTableDescriptions({
      runtime,
      projectDir: options.projectDir,
      connection: snapshot.overview.connection,
      tables: snapshot.tables,
      only: new Set(ask.map((p) => p.table.key)),
      relationships: snapshot.keys.relationships,
      existing: Object.fromEntries(ask.map((p) => [p.table.key, previousDescriptions(p)])),
      maxTablesPerBatch: batchSize,
      maxBatchTokens: batchSize * TOKENS_PER_TABLE,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    for (const p of ask) apply(p, result.descriptions[p.table.key]);
    report.described = result.stats.described;
    report.fromCache = result.stats.fromCache;
    report.failed = result.stats.failed;
    report.calls = result.stats.calls;
    report.batches = result.stats.batches;
    report.usage = addUsage(report.usage, result.stats.usage);
    report.failures = result.failures;
    return sources;
  };
  return { enrich, report };
}
