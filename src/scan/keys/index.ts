import { mapLimit } from '../../core/concurrency.js';
import type { KeysAndRelationships, PrimaryKeyResult, RelationshipResult, TableKey } from '../types.js';
import {
  type ContainmentResult,
  type EvidenceContext,
  measureContainment,
  measureContainmentBatch,
} from './evidence.js';
import {
  compositeCandidates,
  type FkCandidate,
  singleColumnCandidates,
  type TargetKey,
  targetKeys,
  valueOnlyHint,
} from './foreign-candidates.js';
import { DEFAULT_ACCEPT, DEFAULT_REVIEW, scoreCandidate, specificity, valueScore } from './foreign-score.js';
import type { ScanTable } from './model.js';
import { namesTableOf } from './name-match.js';
import { inferPrimaryKey, type PrimaryKeyDecision } from './primary.js';
import { resolveCandidates, type ScoredCandidate } from './resolve.js';

/**
 * Key inference for a whole scan: primary keys first (they are the targets), then foreign-key
 * candidates measured in SQL, scored, and resolved to at most one accepted target per source
 * column set. Declared constraints pass through unchanged with confidence 1.
 */

export interface KeyInferenceOptions {
  acceptThreshold?: number;
  reviewThreshold?: number;
  concurrency: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

function isExtensionOf(candidate: FkCandidate): boolean {
  const column = candidate.fromColumns[0]!;
  if (candidate.fromColumns.length !== 1) return false;
  if (!namesTableOf(candidate.to.table, column) || namesTableOf(candidate.from, column)) return false;
  const keys = new Set(candidate.fromColumns.map((c) => c.info.name.toLowerCase()));
  const own = candidate.from.columns.filter((c) => !keys.has(c.info.name.toLowerCase()));
  const targetNames = new Set(candidate.to.table.columns.map((c) => c.info.name.toLowerCase()));
  const repeated = own.filter((c) => targetNames.has(c.info.name.toLowerCase())).length;
  return own.length > 0 && repeated / own.length < 0.5;
}

/** The same columns, in any order. */
function sameColumnSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column) => b.includes(column));
}

function isPrimaryKeySource(candidate: FkCandidate, pk: PrimaryKeyDecision | null | undefined): boolean {
  const names = candidate.fromColumns.map((column) => column.info.name);
  return !!pk && sameColumnSet(pk.columns, names);
}

/**
 * One-to-one only when the source columns are a key (primary or declared unique). Values that
 * merely happen to be unique today (one refund per order so far) do not qualify: calling that
 * relationship one-to-one would let tomorrow's queries fan out silently.
 */
function isUniqueSource(candidate: FkCandidate, pk: PrimaryKeyDecision | null | undefined): boolean {
  const names = candidate.fromColumns.map((column) => column.info.name);
  return (
    isPrimaryKeySource(candidate, pk) ||
    candidate.from.info.uniqueKeys.some((unique) => sameColumnSet(unique, names))
  );
}

export async function inferKeys(
  ctx: EvidenceContext,
  tables: ScanTable[],
  options: KeyInferenceOptions,
): Promise<KeysAndRelationships> {
  const accept = options.acceptThreshold ?? DEFAULT_ACCEPT;
  const review = options.reviewThreshold ?? DEFAULT_REVIEW;
  const progress = options.onProgress ?? (() => {});

  let done = 0;
  progress('Inferring primary keys', 0, tables.length);
  const decisions = await mapLimit(tables, options.concurrency, async (table) => {
    const decision = await inferPrimaryKey(ctx, table, tables);
    progress('Inferring primary keys', ++done, tables.length);
    return decision;
  });
  const keys = new Map<TableKey, PrimaryKeyDecision | null>(
    tables.map((table, index) => [table.key, decisions[index]!]),
  );
  const targets = targetKeys(tables, keys);
  const candidates = [
    ...singleColumnCandidates(tables, keys, targets),
    ...compositeCandidates(tables, targets),
  ];

  const measured = await measureCandidates(ctx, candidates, options.concurrency, progress);
  boostUniqueContainers(candidates, measured);

  const onlyViews = tables.every((table) => table.info.kind === 'view');
  const scored: ScoredCandidate[] = [];
  candidates.forEach((candidate, index) => {
    const containment = measured[index];
    const sourceDistinct = containment?.distinct ?? 0;
    const targetDistinct = candidate.to.stats?.distinct ?? candidate.to.table.rowCount ?? 0;
    const level =
      candidate.fromColumns.length === 1 && candidate.to.stats
        ? specificity(candidate.fromColumns[0]!, candidate.to.stats, sourceDistinct)
        : 'medium';
    const coverage = targetDistinct > 0 ? sourceDistinct / targetDistinct : 0;
    const value = valueScore(level, sourceDistinct, coverage);
    if (
      candidate.valueOnly &&
      (level === 'low' || !containment || containment.matched !== containment.distinct)
    )
      return;
    const score = scoreCandidate(candidate.name.score, containment, value, accept);
    if (!score) return;
    let ceiling = 1;
    const reasons: string[] = [];
    const pk = keys.get(candidate.from.key);
    const sourceIsKey = isUniqueSource(candidate, pk);
    // Two tables keyed by exactly the same values: the data cannot tell which one is the parent,
    // unless the key is named after the target and the source adds its own attributes (an
    // extension such as `pub_info`) rather than repeating the target's (a copy such as `film_text`).
    if (
      isPrimaryKeySource(candidate, pk) &&
      containment &&
      sourceDistinct >= targetDistinct &&
      !isExtensionOf(candidate)
    ) {
      ceiling = Math.min(ceiling, accept - 0.01);
      reasons.push('same_key_values');
    }
    if (!onlyViews && (candidate.from.info.kind === 'view' || candidate.to.table.info.kind === 'view')) {
      ceiling = Math.min(ceiling, accept - 0.01);
      reasons.push('view');
    }
    // A plain code column found in a single key is a good lead, not proof, unless its values
    // are too specific to match by chance.
    if (candidate.valueOnly && !valueOnlyHint(candidate.fromColumns[0]!) && level !== 'high') {
      ceiling = Math.min(ceiling, accept - 0.01);
      reasons.push('values_only');
    }
    if (candidate.to.decision.confidence < 0.7 && containment) {
      ceiling = Math.min(ceiling, accept - 0.01);
      reasons.push('weak_target_key');
    }
    scored.push({
      candidate,
      confidence: Math.min(score.confidence, ceiling),
      acceptable: score.acceptable && ceiling >= accept,
      containment: score.containment,
      sourceDistinct,
      targetDistinct,
      oneToOne: sourceIsKey,
      evidence: {
        name: candidate.name.kinds.join('+') || 'values_only',
        nameScore: candidate.name.score,
        ...(score.containment !== null ? { containment: score.containment } : { containment: 'no_values' }),
        specificity: level,
        sourceDistinct,
        targetDistinct,
        ...(reasons.length > 0 ? { capped: reasons.join('+') } : {}),
      },
    });
  });

  const inferred = resolveCandidates(scored, { accept, review });
  return {
    primaryKeys: primaryKeyResults(tables, keys),
    relationships: sortRelationships([...declaredRelationships(tables, keys), ...inferred]),
  };
}

/**
 * Containment for every candidate: single-column candidates (named or value-only) are batched
 * per source table, composite ones measured one by one. Empty sources are not queried (there
 * is nothing to contain).
 */
async function measureCandidates(
  ctx: EvidenceContext,
  candidates: FkCandidate[],
  concurrency: number,
  progress: (phase: string, done: number, total: number) => void,
): Promise<Array<ContainmentResult | undefined>> {
  const results = new Array<ContainmentResult | undefined>(candidates.length);
  const jobs: Array<() => Promise<void>> = [];
  const bySource = new Map<string, number[]>();
  candidates.forEach((candidate, index) => {
    if ((candidate.from.rowCount ?? 0) === 0) return;
    if (candidate.fromColumns.length === 1) {
      bySource.set(candidate.from.key, [...(bySource.get(candidate.from.key) ?? []), index]);
      return;
    }
    jobs.push(async () => {
      results[index] = await measureContainment(ctx, {
        from: candidate.from,
        fromColumns: candidate.fromColumns.map((column) => column.info.name),
        to: candidate.to.table,
        toColumns: candidate.to.columns.map((column) => column.info.name),
        classes: candidate.fromColumns.map((column, i) => [column.kind, candidate.to.columns[i]!.kind]),
      });
    });
  });
  for (const indexes of bySource.values()) {
    jobs.push(async () => {
      const found = await measureContainmentBatch(
        ctx,
        candidates[indexes[0]!]!.from,
        indexes.map((i) => {
          const candidate = candidates[i]!;
          const column = candidate.fromColumns[0]!;
          const key = candidate.to.columns[0]!;
          return {
            column: column.info.name,
            to: candidate.to.table,
            toColumn: key.info.name,
            classes: [column.kind, key.kind],
          };
        }),
      );
      indexes.forEach((candidateIndex, i) => {
        results[candidateIndex] = found[i];
      });
    });
  }
  let done = 0;
  progress('Checking relationships', 0, jobs.length);
  await mapLimit(jobs, concurrency, async (job) => {
    await job();
    progress('Checking relationships', ++done, jobs.length);
  });
  return results;
}

/**
 * A value-only candidate whose values are found in exactly one key of the warehouse earns a
 * name-like score: being the only possible parent is evidence in itself. It counts more when
 * the column name hints at a reference (`origin`, `SID`) than for a plain code column.
 */
function boostUniqueContainers(
  candidates: FkCandidate[],
  measured: Array<ContainmentResult | undefined>,
): void {
  const bySource = new Map<string, number[]>();
  candidates.forEach((candidate, index) => {
    if (!candidate.valueOnly) return;
    const key = `${candidate.from.key}\u0000${candidate.fromColumns[0]!.info.name}`;
    bySource.set(key, [...(bySource.get(key) ?? []), index]);
  });
  for (const indexes of bySource.values()) {
    const full = indexes.filter((index) => {
      const result = measured[index];
      return result !== undefined && result.distinct > 0 && result.matched === result.distinct;
    });
    if (full.length !== 1) continue;
    const candidate = candidates[full[0]!]!;
    const hinted = valueOnlyHint(candidate.fromColumns[0]!);
    candidate.name = { score: hinted ? 0.6 : 0.3, kinds: ['unique_container'] };
  }
}

function primaryKeyResults(
  tables: ScanTable[],
  keys: Map<TableKey, PrimaryKeyDecision | null>,
): PrimaryKeyResult[] {
  const out: PrimaryKeyResult[] = [];
  for (const table of tables) {
    const decision = keys.get(table.key);
    if (!decision) continue;
    out.push({
      table: table.key,
      columns: decision.columns,
      source: decision.source,
      confidence: decision.confidence,
    });
  }
  return out.sort((a, b) => compare(a.table, b.table));
}

function declaredRelationships(
  tables: ScanTable[],
  keys: Map<TableKey, PrimaryKeyDecision | null>,
): RelationshipResult[] {
  const byName = new Map<string, ScanTable>();
  for (const table of tables) byName.set(`${table.info.schema ?? ''}\u0000${table.info.name}`, table);
  const out: RelationshipResult[] = [];
  for (const table of tables) {
    for (const fk of table.info.foreignKeys) {
      const target =
        byName.get(`${fk.refSchema ?? table.info.schema ?? ''}\u0000${fk.refTable}`) ??
        tables.find((candidate) => candidate.info.name === fk.refTable);
      if (!target) continue;
      const refColumns = fk.refColumns.length > 0 ? fk.refColumns : (keys.get(target.key)?.columns ?? []);
      if (refColumns.length !== fk.columns.length) continue;
      const pk = keys.get(table.key);
      const unique =
        (!!pk && sameColumnSet(pk.columns, fk.columns)) ||
        table.info.uniqueKeys.some((u) => sameColumnSet(u, fk.columns));
      out.push({
        from: { table: table.key, columns: fk.columns },
        to: { table: target.key, columns: refColumns },
        cardinality: unique ? 'one_to_one' : 'many_to_one',
        source: 'declared',
        status: 'accepted',
        confidence: 1,
      });
    }
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortRelationships(relationships: RelationshipResult[]): RelationshipResult[] {
  const key = (r: RelationshipResult) =>
    [r.from.table, r.from.columns.join(','), r.to.table, r.to.columns.join(',')].join('\u0000');
  return relationships.sort((a, b) => compare(key(a), key(b)));
}

export type { TargetKey };
