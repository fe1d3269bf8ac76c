import { errorMessage } from '../core/errors.js';
import type { EmbeddingsConfig } from '../project/config/schema.js';
import { projectPaths } from '../project/layout.js';
import { DEFAULT_USER_ID } from '../wiki/keys.js';
import {
  createEmbeddingProvider,
  type EmbeddingProgress,
  type EmbeddingProvider,
} from './embeddings/provider.js';
import { fuse } from './fusion.js';
import { type Db, generation, getMeta, openIndexDb, resetIndex, setMeta } from './index/db.js';
import { Indexer, type RefreshReport } from './index/indexer.js';
import { type EmbeddingReport, embedMissing, purgeVectors } from './index/vectors.js';
import { fuzzyLane } from './lanes/fuzzy.js';
import { lexicalLane } from './lanes/lexical.js';
import type { LaneContext, LaneHit, LaneName, LaneOutcome, LaneStatus } from './lanes/types.js';
import { valuesLane } from './lanes/values.js';
import { vectorLane } from './lanes/vector.js';
import { analyseQuery } from './query/analyse.js';
import { ALL_KINDS, type ResultKind, type SearchFilter } from './query/filter.js';
import { Vocabulary } from './query/vocabulary.js';
import { materialise, type SearchResult } from './results.js';
import { LANE_WEIGHTS, lanePool } from './tuning.js';

/**
 * The project's search index: one object per process (the MCP server keeps it open; a CLI
 * command opens it once). Every search first makes sure the index reflects the files — a stat
 * of the inputs, at most every `freshnessIntervalMs` — and re-indexes only what changed.
 */

export interface OpenSearchIndexOptions {
  projectDir: string;
  embeddings?: EmbeddingsConfig;
  /** Minimum time between two freshness checks; 0 (the default) checks before every search. */
  freshnessIntervalMs?: number;
  /** Progress of indexing, embedding and model downloads (for stderr). */
  onProgress?: (event: IndexProgress) => void;
  /** Index file (default `.ktx/index.sqlite`). */
  path?: string;
  env?: NodeJS.ProcessEnv;
}

export type IndexProgress =
  | { phase: 'index'; message: string }
  | { phase: 'embed'; done: number; total: number }
  | ({ source: 'model' } & EmbeddingProgress);

export interface SearchOptions {
  kinds?: ResultKind[];
  connection?: string;
  userId?: string;
  limit?: number;
  /** Semantic-layer search: no raw tables, values only for covered tables. */
  semanticOnly?: boolean;
  /** `never` skips the freshness check (the caller just refreshed). */
  refresh?: 'auto' | 'never';
  /** Restrict to some lanes (benchmarks compare lanes). Default: all. */
  lanes?: LaneName[];
}

export interface LaneReport {
  lane: LaneName;
  status: LaneStatus;
  weight: number;
  candidates: number;
  ms: number;
  reason?: string;
}

export interface SearchResponse {
  query: string;
  results: SearchResult[];
  lanes: LaneReport[];
  /** What the freshness check re-indexed before searching (null when nothing changed). */
  refreshed: { added: number; updated: number; removed: number } | null;
  /** Set when the freshness check could not run (e.g. another process was writing the index). */
  stale?: string;
  tookMs: number;
}

export interface IndexRefresh extends RefreshReport {
  embeddings: EmbeddingReport;
}

const EMBED_RETRY_MS = 60_000;

export class SearchIndex {
  private readonly indexer: Indexer;
  private vocabulary: Vocabulary | undefined;
  private vocabularyGeneration = -1;
  private lastCheck = 0;
  private embeddingsDirty = true;
  private lastEmbedding: EmbeddingReport;

  private constructor(
    readonly db: Db,
    private readonly options: OpenSearchIndexOptions,
    private readonly provider: EmbeddingProvider | undefined,
    private readonly providerError: string | undefined,
  ) {
    this.indexer = new Indexer(db, options.projectDir);
    this.lastEmbedding = provider
      ? { status: 'skipped', computed: 0, embedded: 0, documents: 0, model: provider.label }
      : {
          status: providerError ? 'failed' : 'skipped',
          computed: 0,
          embedded: 0,
          documents: 0,
          reason: providerError ?? 'embeddings not configured (embeddings.backend: none)',
        };
  }

  static async open(options: OpenSearchIndexOptions): Promise<SearchIndex> {
    const db = await openIndexDb(options.path ?? projectPaths(options.projectDir).index);
    let provider: EmbeddingProvider | undefined;
    let providerError: string | undefined;
    try {
      provider = options.embeddings
        ? await createEmbeddingProvider(options.embeddings, {
            projectDir: options.projectDir,
            env: options.env,
            onProgress: (event) => options.onProgress?.({ source: 'model', ...event }),
          })
        : undefined;
    } catch (error) {
      // A broken embeddings setup must not take lexical search down with it.
      providerError = errorMessage(error);
    }
    return new SearchIndex(db, options, provider, providerError);
  }

  get embeddingProvider(): EmbeddingProvider | undefined {
    return this.provider;
  }

  /**
   * Re-indexes changed files (with `force`, everything), then embeds what lacks a vector.
   * `retryEmbeddings` ignores the one-minute pause after an embedding failure.
   */
  async refresh(options: { force?: boolean; retryEmbeddings?: boolean } = {}): Promise<IndexRefresh> {
    if (options.force) {
      resetIndex(this.db);
      this.indexer.invalidate();
    }
    const report = this.indexer.refresh();
    this.lastCheck = Date.now();
    const changed = report.added.length + report.updated.length + report.removed.length > 0;
    if (changed) {
      this.embeddingsDirty = true;
      this.options.onProgress?.({
        phase: 'index',
        message: `indexed ${report.added.length + report.updated.length} file(s), removed ${report.removed.length}`,
      });
    }
    if (this.provider && (this.embeddingsDirty || options.force || options.retryEmbeddings)) {
      if (changed) purgeVectors(this.db, this.provider);
      // A failing endpoint is retried at most once a minute, across processes (CLI runs are short-lived).
      const failedKey = `embeddings_failed:${this.provider.id}`;
      const failed = getMeta(this.db, failedKey);
      const failedAt = failed ? Number(failed.split('|')[0]) : 0;
      if (!options.force && !options.retryEmbeddings && Date.now() - failedAt < EMBED_RETRY_MS) {
        this.lastEmbedding = {
          status: 'failed',
          model: this.provider.label,
          computed: 0,
          embedded: 0,
          documents: 0,
          reason: `${failed!.slice(failed!.indexOf('|') + 1)} (retrying in ${Math.ceil((EMBED_RETRY_MS - (Date.now() - failedAt)) / 1000)} s)`,
        };
      } else {
        this.lastEmbedding = await embedMissing(this.db, this.provider, (done, total) =>
          this.options.onProgress?.({ phase: 'embed', done, total }),
        );
        if (this.lastEmbedding.status === 'failed') {
          setMeta(this.db, failedKey, `${Date.now()}|${this.lastEmbedding.reason}`);
        } else {
          this.db.prepare('DELETE FROM meta WHERE key = ?').run(failedKey);
          this.embeddingsDirty = false;
        }
      }
    }
    return { ...report, embeddings: this.lastEmbedding };
  }

  private ensureVocabulary(): Vocabulary {
    const current = generation(this.db);
    if (!this.vocabulary || this.vocabularyGeneration !== current) {
      this.vocabulary = new Vocabulary(this.db);
      this.vocabularyGeneration = current;
    }
    return this.vocabulary;
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResponse> {
    const started = performance.now();
    let refreshed: SearchResponse['refreshed'] = null;
    const interval = this.options.freshnessIntervalMs ?? 0;
    let stale: string | undefined;
    if (options.refresh !== 'never' && Date.now() - this.lastCheck >= interval) {
      let report: IndexRefresh | undefined;
      try {
        report = await this.refresh();
      } catch (error) {
        // Another process holding the write lock must not stop a search: answer from the index as is.
        if (
          !/SQLITE_BUSY|database is locked/i.test(
            `${(error as { code?: string }).code} ${errorMessage(error)}`,
          )
        )
          throw error;
        stale = `the index could not be refreshed (${errorMessage(error)}); results may miss recent edits`;
      }
      if (report && report.added.length + report.updated.length + report.removed.length > 0) {
        refreshed = {
          added: report.added.length,
          updated: report.updated.length,
          removed: report.removed.length,
        };
      }
    }
    const limit = Math.max(1, Math.min(options.limit ?? 10, 200));
    const filter: SearchFilter = {
      kinds: options.kinds ?? ALL_KINDS,
      connection: options.connection,
      userId: options.userId ?? DEFAULT_USER_ID,
      semanticOnly: options.semanticOnly,
    };
    const vocabulary = this.ensureVocabulary();
    const ctx: LaneContext = {
      db: this.db,
      raw: query,
      query: analyseQuery(query, vocabulary, { fuzzy: true }),
      vocabulary,
      filter,
      pool: lanePool(limit),
      memo: new Map(),
    };
    const wanted = (lane: LaneName) => !options.lanes || options.lanes.includes(lane);
    const outcomes: LaneOutcome[] = [];
    const runLane = async (lane: LaneName, fn: () => LaneHit[] | string | Promise<LaneHit[] | string>) => {
      const t0 = performance.now();
      if (!wanted(lane)) {
        outcomes.push({ lane, status: 'skipped', reason: 'not_requested', hits: [], ms: 0 });
        return;
      }
      try {
        const out = await fn();
        const ms = Math.round((performance.now() - t0) * 100) / 100;
        outcomes.push(
          typeof out === 'string'
            ? { lane, status: 'skipped', reason: out, hits: [], ms }
            : { lane, status: 'ok', hits: out, ms },
        );
      } catch (error) {
        outcomes.push({
          lane,
          status: 'failed',
          reason: errorMessage(error),
          hits: [],
          ms: Math.round(performance.now() - t0),
        });
      }
    };
    const docKinds = filter.kinds.some((kind) => kind !== 'value');
    await runLane('lexical', () => (docKinds ? lexicalLane(ctx) : 'not_requested'));
    await runLane('fuzzy', () => (docKinds ? fuzzyLane(ctx) : 'not_requested'));
    await runLane('values', () => valuesLane(ctx));
    await runLane('vector', () => {
      if (this.providerError) throw new Error(this.providerError);
      return docKinds ? vectorLane(ctx, this.provider) : 'not_requested';
    });
    const fused = fuse(outcomes, LANE_WEIGHTS);
    const results = materialise(this.db, fused.slice(0, limit));
    return {
      query,
      results,
      lanes: outcomes.map((outcome) => ({
        lane: outcome.lane,
        status: outcome.status,
        weight: LANE_WEIGHTS[outcome.lane],
        candidates: outcome.hits.length,
        ms: outcome.ms,
        reason: outcome.reason,
      })),
      refreshed,
      stale,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  /** Counts for `ktx status` and `admin reindex`. */
  stats(): { documents: number; values: number; files: number; embedded: number } {
    const counts = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM docs) AS documents, (SELECT count(*) FROM value_rows) AS "values",
                (SELECT count(*) FROM files) AS files`,
      )
      .get() as { documents: number; values: number; files: number };
    const embedded = this.provider
      ? (
          this.db
            .prepare(
              'SELECT count(*) AS n FROM docs d JOIN vectors v ON v.model = ? AND v.hash = d.embed_hash',
            )
            .get(this.provider.id) as { n: number }
        ).n
      : 0;
    return { ...counts, embedded };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
