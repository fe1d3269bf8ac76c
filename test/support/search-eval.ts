import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { SearchResult } from '../../src/search/results.js';
import type { SearchIndex, SearchOptions } from '../../src/search/search-index.js';
import { REPO_ROOT } from './cli.js';

/** The labelled retrieval set and its metrics (recall@1, recall@5, MRR@10), per category too. */

export interface EvalQuery {
  q: string;
  expect: string[];
  category: string;
}

export function loadEvalSet(): EvalQuery[] {
  const text = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'search-eval.yaml'), 'utf8');
  return (parse(text) as { queries: EvalQuery[] }).queries.map((query) => ({ ...query, q: String(query.q) }));
}

/** The label a result answers to: `wiki:<key>` for pages, its ref otherwise (values: their column). */
export function answerKey(result: SearchResult): string {
  return result.kind === 'wiki' ? `wiki:${result.key}` : result.ref;
}

export interface Metrics {
  n: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
}

export interface EvalReport extends Metrics {
  byCategory: Record<string, Metrics>;
  /** Queries whose first result is not an acceptable answer. */
  misses: Array<{ q: string; category: string; expect: string[]; got: string[]; rank: number }>;
  latenciesMs: number[];
}

function summarise(ranks: number[]): Metrics {
  const n = ranks.length || 1;
  return {
    n: ranks.length,
    recallAt1: ranks.filter((rank) => rank === 1).length / n,
    recallAt5: ranks.filter((rank) => rank > 0 && rank <= 5).length / n,
    mrr: ranks.reduce((sum, rank) => sum + (rank > 0 ? 1 / rank : 0), 0) / n,
  };
}

export async function evaluate(
  index: SearchIndex,
  queries: EvalQuery[],
  options: SearchOptions = {},
): Promise<EvalReport> {
  const ranks: number[] = [];
  const perCategory = new Map<string, number[]>();
  const misses: EvalReport['misses'] = [];
  const latenciesMs: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    const response = await index.search(query.q, { limit: 10, refresh: 'never', ...options });
    latenciesMs.push(performance.now() - started);
    const got = response.results.map(answerKey);
    const position = got.findIndex((key) => query.expect.includes(key));
    const rank = position === -1 ? 0 : position + 1;
    ranks.push(rank);
    perCategory.set(query.category, [...(perCategory.get(query.category) ?? []), rank]);
    if (rank !== 1)
      misses.push({ q: query.q, category: query.category, expect: query.expect, got: got.slice(0, 5), rank });
  }
  return {
    ...summarise(ranks),
    byCategory: Object.fromEntries([...perCategory].map(([category, list]) => [category, summarise(list)])),
    misses,
    latenciesMs,
  };
}
