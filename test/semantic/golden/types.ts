import type { SemanticQuery } from '../../../src/semantic/query/types.js';
import type { RefHelpers } from '../support/ref-helpers.js';

export interface GoldenCase {
  name: string;
  /** The trap a naive join-then-group query falls into. */
  trap?: 'fan' | 'chasm';
  query: SemanticQuery;
  /**
   * Hand-written SQL that answers the same question; its column names are the expected output
   * names. Spellings that differ per engine go through the helpers (or `h.engine`), here beside
   * the case.
   */
  reference: (helpers: RefHelpers) => string;
  /** Compare rows in order (the query orders its result); otherwise both sides are sorted. */
  ordered?: boolean;
}
