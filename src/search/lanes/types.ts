import type { Db } from '../index/db.js';
import type { AnalysedQuery } from '../query/analyse.js';
import type { SearchFilter } from '../query/filter.js';
import type { Vocabulary } from '../query/vocabulary.js';

export type LaneName = 'lexical' | 'fuzzy' | 'values' | 'vector';

/** One candidate from one lane: a document (`doc:<rowid>`) or a column found by its values. */
export interface LaneHit {
  key: string;
  /** How sure the lane is about this hit, 0..1; scales its share of the fused score. */
  confidence: number;
  /** For value hits: what matched. */
  value?: ValueEvidence;
  /** Query terms the document matched (lexical lanes). */
  matched?: string[];
}

export interface ValueEvidence {
  connection: string;
  ref: string;
  table: string;
  column: string;
  source?: string;
  values: string[];
}

export type LaneStatus = 'ok' | 'skipped' | 'failed';

export interface LaneOutcome {
  lane: LaneName;
  status: LaneStatus;
  reason?: string;
  hits: LaneHit[];
  ms: number;
}

export interface LaneContext {
  db: Db;
  raw: string;
  query: AnalysedQuery;
  vocabulary: Vocabulary;
  filter: SearchFilter;
  /** Candidates each lane returns at most. */
  pool: number;
  /** Work shared between lanes of one search (candidate lists, exclusions). */
  memo: Map<string, unknown>;
}
