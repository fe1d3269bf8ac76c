import type { Connector } from '../../connectors/types.js';
import { KtxError } from '../../core/errors.js';
import { getDialect } from '../dialects/index.js';
import { warehouseMessage } from '../execute.js';
import type { ModelIssue, ModelSource, SemanticModel } from '../model/types.js';
import { columnsProbe, joinProbe, measuresProbe, relationProbe, segmentsProbe } from './probes.js';

/**
 * `ktx sl validate --live`: runs each source's SQL against the warehouse with LIMIT 0 through
 * the connector's read-only path. The happy path costs a handful of queries per source (its
 * columns, its measures, its segments, each join); only a failing batch is narrowed down to the
 * column, measure, segment or join responsible, so every problem lands on its own YAML line.
 */

export interface LiveIssue extends ModelIssue {
  /** The probe the warehouse rejected. */
  sql?: string;
}

export interface LiveSummary {
  connectionId: string;
  driver: string;
  sources: number;
  /** Queries sent (all with LIMIT 0). */
  probes: number;
  durationMs: number;
}

/** Errors that mean the probe's SQL is wrong; anything else (connection, auth…) stops the check. */
const PROBE_FAILURES = new Set(['sql_error', 'sql_parse_failed', 'sql_not_read_only', 'sql_timeout']);

type ProbeConnector = Pick<Connector, 'id' | 'driver' | 'query'>;

class LiveRun {
  readonly issues: LiveIssue[] = [];
  probes = 0;

  constructor(
    private readonly connector: ProbeConnector,
    private readonly model: SemanticModel,
  ) {}

  /** undefined when the warehouse accepted the SQL; the rejection otherwise. */
  async run(sql: string): Promise<KtxError | undefined> {
    this.probes += 1;
    try {
      await this.connector.query(sql, { maxRows: 1 });
      return undefined;
    } catch (error) {
      if (KtxError.is(error) && PROBE_FAILURES.has(error.code)) return error;
      throw error;
    }
  }

  report(source: ModelSource, path: string, what: string, error: KtxError, sql: string, fix: string): void {
    const reason = error.code === 'sql_error' ? warehouseMessage(error) : `${error.message} (${error.code})`;
    this.issues.push({
      severity: 'error',
      code: 'sl_live_rejected',
      source: source.name,
      file: source.spec.file,
      path,
      message: `The warehouse rejected ${what}: ${reason}`,
      fix,
      sql,
    });
  }

  /** A probe ktx could not even build (the compiler refused): static validation explains why. */
  notChecked(source: ModelSource, path: string, what: string, error: unknown): void {
    this.issues.push({
      severity: 'warning',
      code: 'sl_live_not_checked',
      source: source.name,
      file: source.spec.file,
      path,
      message: `${what} was not checked live: ${error instanceof Error ? error.message : String(error)}`,
    });
  }

  get label(): string {
    return getDialect(this.model.dialect).label;
  }
}

async function checkColumns(run: LiveRun, model: SemanticModel, source: ModelSource): Promise<boolean> {
  const spec = source.spec;
  const names = spec.columns.map((c) => c.name).filter((name) => !source.columns.get(name)?.error);
  const batch = columnsProbe(model, source.name, names);
  const failed = await run.run(batch);
  if (!failed) return true;
  const relationSql = relationProbe(model, source.name);
  const relationError = await run.run(relationSql);
  if (relationError) {
    const fix = spec.table
      ? `\`table: ${spec.table}\` is sent as written: check the name, schema-qualify it or quote it the warehouse's way.`
      : 'Run the sql: query with `ktx sql` and fix it until it works.';
    run.report(
      source,
      spec.table ? 'table' : 'sql',
      `source "${source.name}"`,
      relationError,
      relationSql,
      fix,
    );
    return false;
  }
  let found = false;
  for (const name of names) {
    const sql = columnsProbe(model, source.name, [name]);
    const error = await run.run(sql);
    if (!error) continue;
    found = true;
    const index = spec.columns.findIndex((c) => c.name === name);
    const computed = spec.columns[index]!.expr !== undefined;
    run.report(
      source,
      `columns[${index}].${computed ? 'expr' : 'name'}`,
      `column "${name}"`,
      error,
      sql,
      computed
        ? `Fix the expression: it must be ${run.label} SQL over this source's own columns.`
        : `The table has no column "${name}": use the physical column name, or give the column an expr.`,
    );
  }
  if (!found)
    run.report(source, 'columns', `the columns of "${source.name}"`, failed, batch, 'Check every column.');
  // Measures and segments read these columns: checking them now would only repeat this error.
  return false;
}

/** Runs a batch probe; on failure, each item alone, reporting the ones that fail. */
async function checkItems(
  run: LiveRun,
  source: ModelSource,
  kind: 'measures' | 'segments',
  names: string[],
  build: (names: string[]) => string,
): Promise<void> {
  if (names.length === 0) return;
  const list = (kind === 'measures' ? source.spec.measures : source.spec.segments) ?? [];
  const singular = kind === 'measures' ? 'measure' : 'segment';
  const pathOf = (name: string) => `${kind}[${list.findIndex((item) => item.name === name)}]`;
  let batch: string | undefined;
  try {
    batch = build(names);
  } catch {
    // One item the compiler refuses must not hide the others: build them one by one below.
  }
  if (batch !== undefined && !(await run.run(batch))) return;
  for (const name of names) {
    let sql: string;
    try {
      sql = build([name]);
    } catch (error) {
      run.notChecked(source, `${pathOf(name)}.expr`, `${singular} "${name}"`, error);
      continue;
    }
    const error = await run.run(sql);
    if (!error) continue;
    const hasFilter = kind === 'measures' && source.spec.measures?.find((m) => m.name === name)?.filter;
    run.report(
      source,
      `${pathOf(name)}.expr`,
      `${singular} "${name}"`,
      error,
      sql,
      `Fix the expression${hasFilter ? ' or its filter' : ''}: ktx sends it as written, so it must be ${run.label} SQL.`,
    );
  }
}

async function checkJoins(
  run: LiveRun,
  model: SemanticModel,
  source: ModelSource,
  brokenSources: Set<string>,
): Promise<void> {
  const joins = source.spec.joins ?? [];
  for (let index = 0; index < joins.length; index++) {
    if (brokenSources.has(joins[index]!.to)) continue; // its own table error is already reported
    const sql = joinProbe(model, source.name, index);
    if (sql === undefined) continue; // the join did not bind: static validation reports it
    const error = await run.run(sql);
    if (!error) continue;
    const join = joins[index]!;
    run.report(
      source,
      `joins[${index}].on`,
      `the join to "${join.alias ?? join.to}"`,
      error,
      sql,
      `Fix the condition: the columns on both sides must exist (and compare) in ${run.label}.`,
    );
  }
}

export async function checkLive(
  connector: ProbeConnector,
  model: SemanticModel,
  sourceNames: string[],
): Promise<{ issues: LiveIssue[]; summary: LiveSummary }> {
  const started = performance.now();
  const run = new LiveRun(connector, model);
  const sources = sourceNames
    .map((name) => model.sources.get(name))
    .filter((source): source is ModelSource => source !== undefined && !source.error);
  // Tables and columns first: a join or measure over a broken source would only repeat its error.
  const healthy: ModelSource[] = [];
  for (const source of sources) if (await checkColumns(run, model, source)) healthy.push(source);
  const broken = new Set(sources.filter((s) => !healthy.includes(s)).map((s) => s.name));
  for (const source of healthy) {
    const name = source.name;
    const measures = [...source.measures.values()].filter((m) => !m.error).map((m) => m.name);
    await checkItems(run, source, 'measures', measures, (names) => measuresProbe(model, name, names));
    const visible = source.spec.columns.find(
      (c) => c.visibility !== 'hidden' && !source.columns.get(c.name)?.error,
    );
    const segments = [...source.segments.values()].filter((s) => !s.error).map((s) => s.name);
    if (visible) {
      await checkItems(run, source, 'segments', segments, (names) =>
        segmentsProbe(model, name, names, visible.name),
      );
    }
    await checkJoins(run, model, source, broken);
  }
  return {
    issues: run.issues,
    summary: {
      connectionId: connector.id,
      driver: connector.driver,
      sources: sources.length,
      probes: run.probes,
      durationMs: Math.round(performance.now() - started),
    },
  };
}
